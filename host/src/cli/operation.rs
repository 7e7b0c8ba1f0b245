//! The operation arguments `process` and `batch` share: 1.0's `--op` text and
//! option flags, parsed into typed steps (`step-text`) before any work.

use std::fmt::Write as _;

use image_pipeline_host::bindings::{parse_steps, ComponentError, FilterOptions, Step};

#[derive(clap::Args)]
pub struct OperationArgs {
    /// Scheduler operation (the list: `op_help`, from step-text's).
    #[arg(long)]
    pub op: String,
    /// Brightness for apply-filter, -1.0..=1.0.
    #[arg(long, allow_negative_numbers = true)]
    brightness: Option<f32>,
    /// Contrast for apply-filter, -255.0..=255.0.
    #[arg(long, allow_negative_numbers = true)]
    contrast: Option<f32>,
    /// Gaussian blur radius in pixels for blur and apply-filter.
    #[arg(long)]
    blur_radius: Option<u32>,
}

impl OperationArgs {
    /// The task's steps: `--op` with the options for `blur` and
    /// `apply-filter`; bad text is an `invalid-format` error.
    pub fn steps(&self) -> Result<Vec<Step>, ComponentError> {
        let options = FilterOptions {
            brightness: self.brightness,
            contrast: self.contrast,
            blur_radius: self.blur_radius,
        };
        parse_steps(&self.op, options)
    }
}

/// `--op`'s help, from step-text's one list of operations (`operations.tsv`,
/// which a test keeps equal to the WIT `step` variant): a step the WIT
/// gains shows here without an edit.
pub fn op_help() -> String {
    let mut help = String::from("Scheduler operation, or several joined by `|`:");
    for op in step_text::operations() {
        let _ = write!(help, "\n  {:<14} {}", op.usage, op.summary);
    }
    help
}

/// `command` with `--op`'s help filled in wherever a subcommand takes it.
pub fn with_op_help(command: clap::Command) -> clap::Command {
    let names: Vec<String> = command
        .get_subcommands()
        .filter(|sub| sub.get_arguments().any(|a| a.get_id() == "op"))
        .map(|sub| sub.get_name().to_owned())
        .collect();
    names.into_iter().fold(command, |command, name| {
        command.mut_subcommand(name, |sub| sub.mut_arg("op", |arg| arg.help(op_help())))
    })
}
