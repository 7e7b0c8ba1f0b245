//! `image-pipeline`: runs the composed image-pipeline component (Rust image
//! ops, C++ codec, Go scheduler) in wasmtime through typed `bindgen!` bindings.
//!
//! `image-pipeline process IN -o OUT --op grayscale`
//! `image-pipeline batch DIR -o OUT --op grayscale --workers 2`
//! `image-pipeline serve --addr 127.0.0.1:8080 --data DIR`
//! `image-pipeline serve --addr 127.0.0.1:8080 --store redis://HOST:PORT`

mod cli;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use image_pipeline_host::engine;
use image_pipeline_host::limits::find_fault;
use image_pipeline_host::logging::LogLevel;

/// Exit status of a bad `--config` file or limit flag (clap's, for usage).
const EXIT_CONFIG: u8 = 2;

#[derive(Parser)]
#[command(name = "image-pipeline", version, about)]
struct Cli {
    /// The composed component to run.
    #[arg(long, global = true, env = "IMAGE_PIPELINE_COMPONENT", default_value = engine::DEFAULT_COMPONENT)]
    component: PathBuf,

    /// Lowest level of the components' wasi:logging messages printed on stderr.
    #[arg(long, global = true, value_enum, default_value_t = LogLevel::Warn)]
    log_level: LogLevel,

    #[command(flatten)]
    limits: cli::settings::LimitArgs,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Decode IN, run one scheduler task on it, encode the result to OUT
    /// (format from OUT's extension, one of the codec's formats).
    Process(cli::process::Args),
    /// Decode IN and encode it as OUT (format from OUT's extension) through
    /// the codec alone.
    Convert(cli::convert::Args),
    /// Process every PNG/JPEG in a folder with N pipeline instances in
    /// parallel; prints a summary, and fails if any file failed.
    Batch(cli::batch::Args),
    /// Serve the HTTP image service with wasmtime-wasi-http until Ctrl-C
    /// or SIGTERM: build/image-service-fs.wasm on a directory (--data), or
    /// build/image-service.wasm on a Redis (--store), shared by every
    /// server on it.
    Serve(cli::serve::Args),
}

fn main() -> ExitCode {
    let matches = cli::operation::with_op_help(Cli::command()).get_matches();
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    let settings = match cli.limits.settings() {
        Ok(settings) => settings,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(EXIT_CONFIG);
        }
    };
    let run = cli::Run {
        component: &cli.component,
        log_level: cli.log_level,
        settings: &settings,
    };
    let result = match cli.command {
        Command::Process(args) => cli::process::run(&run, &args),
        Command::Convert(args) => cli::convert::run(&run, &args),
        Command::Batch(args) => match cli::batch::run(&run, &args) {
            // The summary has listed the failures already.
            Ok(false) => return ExitCode::FAILURE,
            other => other.map(drop),
        },
        Command::Serve(args) => cli::serve::run(&settings, &args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // One line: the cause chain joined, never a backtrace.
            eprintln!("error: {e:#}");
            // A deadline, the memory limit or a trap: a status of its own.
            find_fault(&e).map_or(ExitCode::FAILURE, |f| ExitCode::from(f.exit_code()))
        }
    }
}
