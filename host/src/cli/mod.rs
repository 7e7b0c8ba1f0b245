//! The CLI's commands: argument parsing and output, on top of the library.

pub mod batch;
pub mod convert;
pub mod operation;
pub mod process;
// Allowed until the `serve` rework (issue 20) follows the workspace lints.
#[allow(clippy::doc_markdown)]
pub mod serve;
pub mod settings;
mod transcode;

use std::path::Path;

use image_pipeline_host::logging::LogLevel;

/// What every pipeline command gets from the global options.
pub struct Run<'a> {
    pub component: &'a Path,
    pub log_level: LogLevel,
    pub settings: &'a settings::Settings,
}
