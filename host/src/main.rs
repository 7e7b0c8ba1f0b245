//! `image-pipeline`: runs the composed image-pipeline component (Rust image
//! ops, C++ codec, Go scheduler) in wasmtime through typed `bindgen!` bindings.
//!
//! `image-pipeline process IN -o OUT --op grayscale`

mod bindings;
mod convert;
mod engine;
mod logging;
mod pipeline;
mod process;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::logging::LogLevel;

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
    Process(process::Args),
    /// Decode IN and encode it as OUT (format from OUT's extension) through
    /// the codec alone.
    Convert(convert::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Process(args) => process::run(&cli.component, cli.log_level, &args),
        Command::Convert(args) => convert::run(&cli.component, cli.log_level, &args),
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
