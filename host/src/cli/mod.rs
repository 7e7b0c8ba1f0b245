//! The CLI's commands: argument parsing and output, on top of the library.

pub mod batch;
pub mod convert;
pub mod operation;
pub mod process;
pub mod serve;
mod transcode;
