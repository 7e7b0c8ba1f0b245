//! Timing and the runner's output: one JSON object per line on stdout, which
//! `bench/py/run.py` reads; progress goes to stderr.

use std::fmt::Write as _;
use std::time::Instant;

/// How many untimed runs come before the timed ones, and how many are timed.
#[derive(Clone, Copy, Debug)]
pub struct Reps {
    pub warmup: usize,
    pub timed: usize,
}

/// Runs `f` `reps.warmup` times untimed, then `reps.timed` times, and
/// returns the timed durations in milliseconds. `f` returns the duration of
/// the part it wants timed (so that it can leave out preparing its input).
pub fn samples(reps: Reps, mut f: impl FnMut() -> f64) -> Vec<f64> {
    for _ in 0..reps.warmup {
        f();
    }
    (0..reps.timed).map(|_| f()).collect()
}

/// Milliseconds taken by `f`.
pub fn time_ms<T>(f: impl FnOnce() -> T) -> (T, f64) {
    let start = Instant::now();
    let out = f();
    (out, start.elapsed().as_secs_f64() * 1e3)
}

/// Prints one result line: `{"group":…,"row":…,"column":…,"ms":[…]}` plus
/// any extra numeric fields.
pub fn emit(group: &str, row: &str, column: &str, ms: &[f64], extra: &[(&str, f64)]) {
    let list: Vec<String> = ms.iter().map(|v| format!("{v:.6}")).collect();
    let mut line = format!(
        "{{\"group\":\"{group}\",\"row\":\"{row}\",\"column\":\"{column}\",\"ms\":[{}]",
        list.join(",")
    );
    for (key, value) in extra {
        let _ = write!(line, ",\"{key}\":{value}");
    }
    line.push('}');
    println!("{line}");
    let mut sorted = ms.to_vec();
    sorted.sort_by(f64::total_cmp);
    if let Some(median) = sorted.get(sorted.len() / 2) {
        if *median < 0.1 {
            eprintln!(
                "  {group:11} {row:30} {column:18} median {:10.3} µs",
                median * 1e3
            );
        } else {
            eprintln!("  {group:11} {row:30} {column:18} median {median:10.3} ms");
        }
    }
}
