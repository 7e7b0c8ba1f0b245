//! The timing bar: headers of absurd size are refused as out-of-memory in
//! under 50 ms of CPU time each, on a fresh instance, without linear memory growing by
//! anything like the image (which could not even fit in 4 GiB). Also times
//! the decompression bombs, which must be refused as quickly.
//!
//! The bar is on the calling thread's CPU time (wasmtime runs the guest on
//! it), not on the wall clock: a decoder that inflated a bomb would spend
//! its CPU time however idle the machine, while other work on a busy
//! machine only stretches the wall clock (a run beside three builds on two
//! cores took 70 ms of wall time for a 20 ms refusal).

use std::time::Duration;

use anyhow::Result;

use crate::codec::{describe, Error, Runtime};
use crate::manifest::{Expect, Goldens};
use crate::tally::Tally;

const BAR: Duration = Duration::from_millis(50);
/// What the libraries' own bookkeeping may add on a first call; the images
/// declared are terabytes.
const GROWTH_ALLOWED: usize = 1 << 20;

const TIMED: [(&str, Expect); 6] = [
    ("rejected/jpeg_65500x65500.jpg", Expect::OutOfMemory),
    ("rejected/png_1000000x1000000.png", Expect::OutOfMemory),
    ("rejected/png_zip_bomb_64mib.png", Expect::InvalidFormat),
    (
        "rejected/png_zip_bomb_adam7_16mib.png",
        Expect::InvalidFormat,
    ),
    (
        "rejected/png_declared_16384x4096_tiny.png",
        Expect::InvalidFormat,
    ),
    (
        "rejected/jpeg_declared_16384x4096_tiny.jpg",
        Expect::InvalidFormat,
    ),
];

pub fn run(runtime: &Runtime, goldens: &Goldens, tally: &mut Tally) -> Result<()> {
    for (file, expect) in TIMED {
        let data = goldens.read(file)?;
        let mut codec = runtime.instantiate()?;
        let before = codec.memory_bytes();
        let start = thread_cpu_time();
        let result = codec.decode(&data);
        let elapsed = thread_cpu_time().saturating_sub(start);
        let after = codec.memory_bytes();
        let outcome = match &result {
            Err(trap) => format!("trapped: {trap:#}"),
            Ok(Ok(image)) => format!("decoded {}x{}", image.width, image.height),
            Ok(Err(error)) => describe(error),
        };
        println!(
            "timing: {file}: {outcome} in {:.2} ms of CPU, linear memory {before} -> {after} bytes",
            elapsed.as_secs_f64() * 1000.0
        );
        let kind = match result {
            Ok(Err(Error::OutOfMemory)) => Some(Expect::OutOfMemory),
            Ok(Err(Error::InvalidFormat(_))) => Some(Expect::InvalidFormat),
            _ => None,
        };
        let problem = if kind != Some(expect) {
            Some(format!("{outcome}, expected {expect}"))
        } else if elapsed >= BAR {
            Some(format!("took {elapsed:?}, over {BAR:?}"))
        } else if after.saturating_sub(before) > GROWTH_ALLOWED {
            Some(format!("linear memory grew by {} bytes", after - before))
        } else {
            None
        };
        tally.check(&format!("timing bar: {file}"), problem);
    }
    Ok(())
}

/// CPU time the calling thread has used (`CLOCK_THREAD_CPUTIME_ID`).
fn thread_cpu_time() -> Duration {
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `now` is a valid timespec for clock_gettime to write; the clock
    // id is one Linux always provides.
    let status = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &raw mut now) };
    assert_eq!(status, 0, "clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed");
    Duration::new(
        u64::try_from(now.tv_sec).unwrap_or(0),
        u32::try_from(now.tv_nsec).unwrap_or(0),
    )
}
