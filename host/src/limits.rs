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

use std::fmt;
use std::time::{Duration, Instant};

use wasmtime::{Engine, StoreContextMut, UpdateDeadline};

/// How often the epoch advances: a deadline is noticed at most this late
/// (plus the guest's next loop back-edge or call).
pub const EPOCH_TICK: Duration = Duration::from_millis(10);

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

/// The epoch callback of a store whose call must finish by `deadline`:
/// keeps going (`yield_each_tick`: after yielding to the async executor)
/// until then, and fails the call with [`Fault::DeadlineExceeded`] after.
pub fn deadline_callback<T>(
    deadline: impl Fn(&T) -> (Instant, Duration) + Send + Sync + 'static,
    yield_each_tick: bool,
) -> impl FnMut(StoreContextMut<'_, T>) -> wasmtime::Result<UpdateDeadline> + Send + Sync + 'static
{
    move |ctx| {
        let (at, budget) = deadline(ctx.data());
        if Instant::now() >= at {
            return Err(wasmtime::Error::new(Fault::DeadlineExceeded(budget)));
        }
        Ok(if yield_each_tick {
            UpdateDeadline::Yield(1)
        } else {
            UpdateDeadline::Continue(1)
        })
    }
}

/// Advances `engine`'s epoch every [`EPOCH_TICK`] on a thread of its own,
/// until the engine is dropped.
pub fn start_ticker(engine: &Engine) {
    let weak = engine.weak();
    std::thread::Builder::new()
        .name("epoch-ticker".into())
        .spawn(move || loop {
            std::thread::sleep(EPOCH_TICK);
            match weak.upgrade() {
                Some(engine) => engine.increment_epoch(),
                None => return,
            }
        })
        .expect("cannot start the epoch ticker thread");
}

/// `256 MiB`, `1.5 GiB`, `512 KiB`, `100 B`.
pub fn human_size(bytes: u64) -> String {
    const UNITS: [(&str, u64); 3] = [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)];
    for (unit, size) in UNITS {
        if bytes >= size {
            let value = bytes as f64 / size as f64;
            return if bytes.is_multiple_of(size) {
                format!("{} {unit}", bytes / size)
            } else {
                format!("{value:.1} {unit}")
            };
        }
    }
    format!("{bytes} B")
}

/// `30s`, `250ms`, `1.5s`.
pub fn human_duration(d: Duration) -> String {
    if d.subsec_millis() == 0 && d.as_secs() > 0 {
        format!("{}s", d.as_secs())
    } else if d.as_secs() == 0 {
        format!("{}ms", d.as_millis())
    } else {
        format!("{:.3}s", d.as_secs_f64())
    }
}

/// Parses a size: a number of bytes, or a number with a unit `B`, `KiB`,
/// `MiB`, `GiB` (also `K`, `M`, `G`, `KB`, `MB`, `GB`, all powers of 1024),
/// with or without a space: `256MiB`, `1.5 GiB`, `65536`.
///
/// # Errors
///
/// Not a size, zero, or over 16 EiB.
pub fn parse_size(s: &str) -> Result<u64, String> {
    let bad = || format!("{s:?} is not a size like \"256MiB\", \"1GiB\" or a number of bytes");
    let t = s.trim();
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (number, unit) = t.split_at(split);
    let multiplier: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1 << 10,
        "m" | "mb" | "mib" => 1 << 20,
        "g" | "gb" | "gib" => 1 << 30,
        _ => return Err(bad()),
    };
    let value: f64 = number.parse().map_err(|_| bad())?;
    let bytes = value * multiplier as f64;
    if !bytes.is_finite() || bytes < 1.0 || bytes > u64::MAX as f64 {
        return Err(format!("{s:?}: the size must be at least 1 byte"));
    }
    Ok(bytes as u64)
}

/// Parses a duration: a number with a unit `ms`, `s`, `m` (`250ms`, `30s`,
/// `1.5s`, `2m`), or a plain number of seconds.
///
/// # Errors
///
/// Not a duration, zero, or over a day.
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let bad = || format!("{s:?} is not a duration like \"30s\", \"250ms\", \"2m\"");
    let t = s.trim();
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (number, unit) = t.split_at(split);
    let seconds_per_unit = match unit.trim() {
        "" | "s" => 1.0,
        "ms" => 0.001,
        "m" | "min" => 60.0,
        _ => return Err(bad()),
    };
    let value: f64 = number.parse().map_err(|_| bad())?;
    seconds(value * seconds_per_unit).map_err(|e| format!("{s:?}: {e}"))
}

/// A duration of `secs` seconds, between 1 ms and a day.
pub fn seconds(secs: f64) -> Result<Duration, String> {
    if !secs.is_finite() || secs < 0.001 {
        return Err("the duration must be at least 1ms".into());
    }
    if secs > 86_400.0 {
        return Err("the duration must be at most a day".into());
    }
    Ok(Duration::from_secs_f64(secs))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_in_bytes_or_binary_units() {
        assert_eq!(parse_size("256MiB").unwrap(), 256 << 20);
        assert_eq!(parse_size("1.5 GiB").unwrap(), 3 << 29);
        assert_eq!(parse_size("64k").unwrap(), 65536);
        assert_eq!(parse_size("1000").unwrap(), 1000);
        for bad in ["", "MiB", "12 parsecs", "-1MiB", "0", "1e3"] {
            assert!(parse_size(bad).is_err(), "{bad}");
        }
        assert_eq!(human_size(256 << 20), "256 MiB");
        assert_eq!(human_size(3 << 29), "1.5 GiB");
    }

    #[test]
    fn durations_with_units_or_seconds() {
        assert_eq!(parse_duration("30s").unwrap(), Duration::from_secs(30));
        assert_eq!(parse_duration("250ms").unwrap(), Duration::from_millis(250));
        assert_eq!(parse_duration("2m").unwrap(), Duration::from_mins(2));
        assert_eq!(parse_duration("1.5").unwrap(), Duration::from_millis(1500));
        for bad in ["", "s", "0s", "3h", "-1s", "2 days"] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
        assert_eq!(human_duration(Duration::from_secs(30)), "30s");
        assert_eq!(human_duration(Duration::from_millis(250)), "250ms");
    }

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
