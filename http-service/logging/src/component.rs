//! The export glue: `wasi:logging/logging.log` → a line on stderr.

#![allow(unsafe_code)] // The generated bindings are canonical-ABI glue.

/// Generated at build time from `../../wit`; the lints are for our code only.
#[allow(clippy::all, clippy::pedantic, missing_docs)]
mod bindings {
    wit_bindgen::generate!({
        path: "../../wit",
        world: "logging-component",
        // The WASI interfaces too: no wasi crate is shared with other code.
        generate_all,
    });
}

use std::sync::OnceLock;

use bindings::exports::wasi::logging::logging::{Guest, Level as WitLevel};
use bindings::wasi::cli::{environment, stderr};

use crate::{format_line, Level};

impl From<WitLevel> for Level {
    fn from(level: WitLevel) -> Self {
        match level {
            WitLevel::Trace => Self::Trace,
            WitLevel::Debug => Self::Debug,
            WitLevel::Info => Self::Info,
            WitLevel::Warn => Self::Warn,
            WitLevel::Error => Self::Error,
            WitLevel::Critical => Self::Critical,
        }
    }
}

/// `LOG_LEVEL`, read once per instance: the environment does not change
/// while an instance lives.
fn threshold() -> Option<Level> {
    static THRESHOLD: OnceLock<Option<Level>> = OnceLock::new();
    *THRESHOLD.get_or_init(|| {
        let vars = environment::get_environment();
        let value = vars
            .iter()
            .find(|(k, _)| k == "LOG_LEVEL")
            .map(|(_, v)| v.as_str());
        Level::threshold(value)
    })
}

/// `blocking-write-and-flush` takes at most 4096 bytes per call.
const MAX_WRITE: usize = 4096;

struct Logging;

impl Guest for Logging {
    fn log(level: WitLevel, context: String, message: String) {
        let level = Level::from(level);
        if threshold().is_none_or(|min| level < min) {
            return;
        }
        let line = format_line(level, &context, &message);
        let out = stderr::get_stderr();
        for chunk in line.as_bytes().chunks(MAX_WRITE) {
            // A closed or failing stderr has nowhere to report to: the
            // message is dropped rather than the caller trapped.
            if out.blocking_write_and_flush(chunk).is_err() {
                return;
            }
        }
    }
}

bindings::export!(Logging with_types_in bindings);
