//! The CLI's commands: argument parsing and output, on top of the library.

pub mod batch;
pub mod convert;
pub mod operation;
pub mod process;
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
