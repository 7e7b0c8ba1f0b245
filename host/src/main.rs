//! `image-pipeline`: runs the composed image-pipeline component (Rust image
//! ops, C++ codec, Go scheduler) in wasmtime through typed `bindgen!` bindings.
//!
//! `image-pipeline process IN -o OUT --op grayscale`
//! `image-pipeline batch DIR -o OUT --op grayscale --workers 2`
//! `image-pipeline serve --addr 127.0.0.1:8080 --data DIR`

mod cli;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use image_pipeline_host::engine;
use image_pipeline_host::logging::LogLevel;

#[derive(Parser)]
#[command(name = "image-pipeline", version, about)]
struct Cli {
    /// The composed component to run.
    #[arg(long, global = true, env = "IMAGE_PIPELINE_COMPONENT", default_value = engine::DEFAULT_COMPONENT)]
    component: PathBuf,

    /// Lowest level of the components' wasi:logging messages printed on stderr.
    #[arg(long, global = true, value_enum, default_value_t = LogLevel::Warn)]
    log_level: LogLevel,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Decode IN, run one scheduler task on it, encode the result to OUT
    /// (format from OUT's extension: .png, .jpg, .jpeg).
    Process(cli::process::Args),
    /// Decode IN and encode it as OUT (format from OUT's extension) through
    /// the codec alone.
    Convert(cli::convert::Args),
    /// Process every PNG/JPEG in a folder with N pipeline instances in
    /// parallel; prints a summary, and fails if any file failed.
    Batch(cli::batch::Args),
    /// Serve the HTTP image service (build/image-service.wasm) with
    /// wasmtime-wasi-http until Ctrl-C or SIGTERM.
    Serve(cli::serve::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Process(args) => cli::process::run(&cli.component, cli.log_level, &args),
        Command::Convert(args) => cli::convert::run(&cli.component, cli.log_level, &args),
        Command::Batch(args) => match cli::batch::run(&cli.component, cli.log_level, &args) {
            // The summary has listed the failures already.
            Ok(false) => return ExitCode::FAILURE,
            other => other.map(drop),
        },
        Command::Serve(args) => cli::serve::run(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // One line: the cause chain joined, never a backtrace.
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
