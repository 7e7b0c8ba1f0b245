//! The host side of `wasi:logging/logging`: messages at or above a chosen
//! level go to stderr, one line each.

use crate::bindings::wasi::logging::logging::{Host, Level};

/// The `--log-level` choices, in the WIT's order of severity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, clap::ValueEnum)]
pub enum LogLevel {
    Trace,
    Debug,
    Info,
    Warn,
    Error,
    Critical,
    /// Print nothing.
    Off,
}

impl From<Level> for LogLevel {
    fn from(level: Level) -> Self {
        match level {
            Level::Trace => Self::Trace,
            Level::Debug => Self::Debug,
            Level::Info => Self::Info,
            Level::Warn => Self::Warn,
            Level::Error => Self::Error,
            Level::Critical => Self::Critical,
        }
    }
}

/// Filters and prints the components' log messages.
pub struct StderrLogger {
    pub min: LogLevel,
}

impl Host for StderrLogger {
    fn log(&mut self, level: Level, context: String, message: String) {
        let level = LogLevel::from(level);
        if level >= self.min {
            eprintln!("[{level:?} {context}] {message}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_are_ordered_by_severity() {
        let all = [
            Level::Trace,
            Level::Debug,
            Level::Info,
            Level::Warn,
            Level::Error,
            Level::Critical,
        ];
        let ours: Vec<LogLevel> = all.into_iter().map(LogLevel::from).collect();
        assert!(ours.windows(2).all(|w| w[0] < w[1]), "{ours:?}");
        assert!(LogLevel::Critical < LogLevel::Off);
    }
}
