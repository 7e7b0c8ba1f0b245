//! What one log call prints, and which calls print at all.

use std::fmt::Write;

/// The `wasi:logging` levels, in order of severity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// Finest detail.
    Trace,
    /// Diagnostics, e.g. the scheduler's state changes.
    Debug,
    /// What happened: a request served, a task finished.
    Info,
    /// Something went wrong and was handled.
    Warn,
    /// Something failed.
    Error,
    /// The service cannot work.
    Critical,
}

impl Level {
    /// The lower-case name, as `LOG_LEVEL` takes it and lines show it.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Trace => "trace",
            Self::Debug => "debug",
            Self::Info => "info",
            Self::Warn => "warn",
            Self::Error => "error",
            Self::Critical => "critical",
        }
    }

    /// The threshold the environment variable `LOG_LEVEL` asks for: one of
    /// the names (any case), or `off` (`None`: print nothing). Unset or
    /// unrecognised → `info`, so that a typo does not silence the service.
    #[must_use]
    pub fn threshold(value: Option<&str>) -> Option<Self> {
        let Some(value) = value else {
            return Some(Self::Info);
        };
        let value = value.trim().to_ascii_lowercase();
        if value == "off" {
            return None;
        }
        let all = [
            Self::Trace,
            Self::Debug,
            Self::Info,
            Self::Warn,
            Self::Error,
            Self::Critical,
        ];
        Some(
            all.into_iter()
                .find(|l| l.name() == value)
                .unwrap_or(Self::Info),
        )
    }
}

/// One line, newline included: `[level context] message`. Control
/// characters in the context or message are escaped (`\n`, `\u{1b}`), so a
/// message can neither split into several lines nor inject terminal codes.
#[must_use]
pub fn format_line(level: Level, context: &str, message: &str) -> String {
    let mut line = String::with_capacity(context.len() + message.len() + 16);
    line.push('[');
    line.push_str(level.name());
    if !context.is_empty() {
        line.push(' ');
        push_escaped(&mut line, context);
    }
    line.push_str("] ");
    push_escaped(&mut line, message);
    line.push('\n');
    line
}

fn push_escaped(out: &mut String, text: &str) {
    for c in text.chars() {
        if c.is_control() {
            // Writing to a String cannot fail.
            let _ = write!(out, "{}", c.escape_default());
        } else {
            out.push(c);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn threshold_names_any_case_off_and_default() {
        assert_eq!(Level::threshold(None), Some(Level::Info));
        assert_eq!(Level::threshold(Some("DEBUG")), Some(Level::Debug));
        assert_eq!(Level::threshold(Some(" warn ")), Some(Level::Warn));
        assert_eq!(Level::threshold(Some("off")), None);
        assert_eq!(Level::threshold(Some("loud")), Some(Level::Info));
    }

    #[test]
    fn levels_are_ordered_by_severity() {
        assert!(Level::Trace < Level::Debug && Level::Error < Level::Critical);
    }

    #[test]
    fn one_line_with_control_characters_escaped() {
        assert_eq!(
            format_line(Level::Info, "gateway", "POST /process → 202"),
            "[info gateway] POST /process → 202\n"
        );
        assert_eq!(
            format_line(Level::Warn, "a\nb", "x\n\u{1b}[31m"),
            "[warn a\\nb] x\\n\\u{1b}[31m\n"
        );
        assert_eq!(format_line(Level::Error, "", "m"), "[error] m\n");
    }
}
