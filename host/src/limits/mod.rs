//! What one call (CLI) or one request (`serve`) may use, and the typed
//! faults a guest hits when it goes over, or traps for any other reason.
//!
//! Memory: a store's linear memories together may not grow beyond
//! `max_memory` ([`crate::memory::MemoryMeter`] refuses the growth, so the
//! guest's `memory.grow` returns -1 and the guest can report its own
//! `out-of-memory`). CPU: the engine's epoch advances every [`EPOCH_TICK`];
//! each call's store gets a deadline `max_cpu_time` from the call's start,
//! and the first epoch check past it stops the guest with
//! [`Fault::DeadlineExceeded`].

//!
//! One concern a file: [`fault`] (what went wrong, and how it is told),
//! [`epoch`] (the CPU deadline), [`units`] (sizes and durations as people
//! write them); the limits themselves here.

mod epoch;
mod fault;
mod units;

use std::time::Duration;

pub use epoch::{deadline_callback, start_ticker, EPOCH_TICK};
pub use fault::{classify, find_fault, Fault};
pub use units::{human_duration, human_size, parse_duration, parse_size, seconds};

/// The limits of one call or request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Total bytes of linear memory one instance may have.
    pub max_memory: u64,
    /// Wall-clock time a call (or request) may run.
    pub max_cpu_time: Duration,
}

/// 256 MiB.
pub const DEFAULT_MAX_MEMORY: u64 = 256 << 20;
/// 30 s.
pub const DEFAULT_MAX_CPU_TIME: Duration = Duration::from_secs(30);

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_memory: DEFAULT_MAX_MEMORY,
            max_cpu_time: DEFAULT_MAX_CPU_TIME,
        }
    }
}
