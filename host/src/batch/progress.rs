//! Progress of a batch on stderr: a bar redrawn in place on a terminal,
//! otherwise (a log file, CI) a plain line now and then.

use std::io::Write;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// What the workers report as they go. Called from every worker thread.
pub trait Progress: Sync {
    /// Once, before the first file, with the number of files.
    fn start(&self, total: usize);
    /// After each file.
    fn file_done(&self, failed: bool);
    /// Once, after the last file.
    fn finish(&self);
}

/// Reports nothing (tests, and `--quiet`-like callers).
pub struct NoProgress;

impl Progress for NoProgress {
    fn start(&self, _total: usize) {}
    fn file_done(&self, _failed: bool) {}
    fn finish(&self) {}
}

/// Progress on stderr.
pub struct StderrProgress {
    terminal: bool,
    state: Mutex<State>,
}

struct State {
    total: usize,
    done: usize,
    failed: usize,
    started: Instant,
    last_shown: Option<Instant>,
}

/// A bar is redrawn at most this often: drawing on every file of a fast
/// batch would cost more than it shows.
const REDRAW: Duration = Duration::from_millis(100);
/// Without a terminal, one line this often.
const LINE_EVERY: Duration = Duration::from_secs(1);

impl StderrProgress {
    /// `terminal`: stderr is a terminal (see `std::io::IsTerminal`).
    pub fn new(terminal: bool) -> Self {
        Self {
            terminal,
            state: Mutex::new(State {
                total: 0,
                done: 0,
                failed: 0,
                started: Instant::now(),
                last_shown: None,
            }),
        }
    }

    fn show(&self, state: &mut State, last: bool) {
        let now = Instant::now();
        let every = if self.terminal { REDRAW } else { LINE_EVERY };
        if !last && state.last_shown.is_some_and(|t| now - t < every) {
            return;
        }
        state.last_shown = Some(now);
        let line = status_line(state.done, state.total, state.failed, now - state.started);
        // Progress is best effort: a closed stderr must not fail the batch.
        let mut err = std::io::stderr().lock();
        let _ = if self.terminal {
            let bar = bar(state.done, state.total, 30);
            let end = if last { "\n" } else { "" };
            // \r and "erase line": redraw in place.
            write!(err, "\r\x1b[2K{bar} {line}{end}")
        } else {
            writeln!(err, "batch: {line}")
        };
    }
}

impl Progress for StderrProgress {
    fn start(&self, total: usize) {
        let mut state = self
            .state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        state.total = total;
        state.started = Instant::now();
        if self.terminal {
            self.show(&mut state, false);
        }
    }

    fn file_done(&self, failed: bool) {
        let mut state = self
            .state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        state.done += 1;
        state.failed += usize::from(failed);
        self.show(&mut state, false);
    }

    fn finish(&self) {
        let mut state = self
            .state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        self.show(&mut state, true);
    }
}

/// `42/100 images, 1 failed, 12.3 images/s`.
fn status_line(done: usize, total: usize, failed: usize, elapsed: Duration) -> String {
    let rate = rate(done, elapsed);
    let failed = if failed > 0 {
        format!(", {failed} failed")
    } else {
        String::new()
    };
    format!("{done}/{total} images{failed}, {rate:.1} images/s")
}

/// `[#########.........]`, `width` cells.
fn bar(done: usize, total: usize, width: usize) -> String {
    let filled = (done * width)
        .checked_div(total)
        .unwrap_or(width)
        .min(width);
    format!("[{}{}]", "#".repeat(filled), ".".repeat(width - filled))
}

/// Images per second; 0 before any time has passed.
pub fn rate(images: usize, elapsed: Duration) -> f64 {
    let secs = elapsed.as_secs_f64();
    if secs > 0.0 {
        images as f64 / secs
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bar_fills_in_proportion() {
        assert_eq!(bar(0, 4, 8), "[........]");
        assert_eq!(bar(1, 4, 8), "[##......]");
        assert_eq!(bar(4, 4, 8), "[########]");
        assert_eq!(bar(0, 0, 4), "[####]");
    }

    #[test]
    fn status_line_mentions_failures_only_when_there_are_some() {
        let second = Duration::from_secs(2);
        assert_eq!(status_line(10, 20, 0, second), "10/20 images, 5.0 images/s");
        assert_eq!(
            status_line(10, 20, 3, second),
            "10/20 images, 3 failed, 5.0 images/s"
        );
        assert!(rate(5, Duration::ZERO).abs() < f64::EPSILON);
    }
}
