//! The gateway's log lines, through the imported `wasi:logging` (context
//! `gateway`).

use super::bindings::wasi::logging::logging::{log, Level};

const CONTEXT: &str = "gateway";

pub fn info(message: &str) {
    log(Level::Info, CONTEXT, message);
}

pub fn warn(message: &str) {
    log(Level::Warn, CONTEXT, message);
}

pub fn error(message: &str) {
    log(Level::Error, CONTEXT, message);
}
