//! The typed faults of a call that trapped, and how a failed call's error
//! is classified into one.

use std::fmt;
use std::time::Duration;

use super::units::{human_duration, human_size};
use super::Limits;

/// Why a call failed although the component never returned its `error`:
/// the instance trapped, and must not be entered again.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fault {
    /// The call ran past its `max_cpu_time`.
    DeadlineExceeded(Duration),
    /// A growth of linear memory beyond `max_memory` was refused and the
    /// guest could not carry on (it aborted).
    MemoryLimit(u64),
    /// Any other trap (panic, abort, `unreachable`, stack overflow, a guest
    /// that exited): the first line of wasmtime's message.
    Trap(String),
}

impl Fault {
    /// The CLI's exit status for this fault (1 is any other error, 2 a
    /// usage or configuration error).
    pub fn exit_code(&self) -> u8 {
        match self {
            Self::DeadlineExceeded(_) => 3,
            Self::MemoryLimit(_) => 4,
            Self::Trap(_) => 5,
        }
    }

    /// The HTTP status `serve` answers with, when the guest failed before
    /// responding.
    pub fn http_status(&self) -> u16 {
        match self {
            Self::DeadlineExceeded(_) => 504,
            Self::MemoryLimit(_) => 503,
            Self::Trap(_) => 500,
        }
    }
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::DeadlineExceeded(d) => {
                write!(f, "deadline exceeded after {}", human_duration(*d))
            }
            Self::MemoryLimit(bytes) => write!(
                f,
                "memory limit exceeded: the instance needed more than {}",
                human_size(*bytes)
            ),
            Self::Trap(message) => write!(f, "the component trapped: {message}"),
        }
    }
}

impl std::error::Error for Fault {}

/// The fault behind a failed call. `memory_refused`: the store's limiter
/// refused a growth during the call, so a trap that follows is the memory
/// limit's doing.
pub fn classify(error: &anyhow::Error, memory_refused: bool, limits: &Limits) -> Fault {
    if let Some(fault) = find_fault(error) {
        return fault.clone();
    }
    if error
        .chain()
        .any(|c| c.downcast_ref::<wasmtime::Trap>() == Some(&wasmtime::Trap::Interrupt))
    {
        return Fault::DeadlineExceeded(limits.max_cpu_time);
    }
    if memory_refused {
        return Fault::MemoryLimit(limits.max_memory);
    }
    if let Some(exit) = error
        .chain()
        .find_map(|c| c.downcast_ref::<wasmtime_wasi::I32Exit>())
    {
        return Fault::Trap(format!("the guest exited with status {}", exit.0));
    }
    Fault::Trap(one_line(error))
}

/// The [`Fault`] somewhere in `error`'s chain, if any.
pub fn find_fault(error: &anyhow::Error) -> Option<&Fault> {
    error
        .downcast_ref::<Fault>()
        .or_else(|| error.chain().find_map(|c| c.downcast_ref::<Fault>()))
}

/// wasmtime's trap message without the guest backtrace it appends (one
/// frame a line): the trap's own line, e.g. `wasm trap: wasm `unreachable`
/// instruction executed`.
fn one_line(error: &anyhow::Error) -> String {
    let root = error.root_cause().to_string();
    let line = root
        .lines()
        .find(|l| l.contains("trap") || l.contains("panicked") || l.contains("error"))
        .or_else(|| root.lines().last())
        .unwrap_or_default();
    line.trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faults_map_to_exit_codes_and_statuses() {
        let d = Fault::DeadlineExceeded(Duration::from_secs(2));
        assert_eq!(d.to_string(), "deadline exceeded after 2s");
        assert_eq!((d.exit_code(), d.http_status()), (3, 504));
        let m = Fault::MemoryLimit(64 << 20);
        assert_eq!((m.exit_code(), m.http_status()), (4, 503));
        let t = Fault::Trap("x".into());
        assert_eq!((t.exit_code(), t.http_status()), (5, 500));
        let e = anyhow::Error::from(wasmtime::Error::new(d.clone())).context("decode");
        assert_eq!(find_fault(&e), Some(&d));
    }
}
