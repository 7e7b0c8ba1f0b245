//! The timing bar: headers of absurd size are refused as out-of-memory, on a
//! fresh instance, without linear memory growing by anything like the image
//! (which could not even fit in 4 GiB), and decompression bombs are refused
//! without inflating them.
//!
//! The bar is on work, counted in wasmtime fuel (about one unit per
//! WebAssembly instruction), not on time: the same build of the codec uses
//! the same fuel on any machine under any load. Clocks were tried and were
//! flaky on a shared 2-core VM: a 16 ms refusal took 70 ms of wall time
//! beside three builds, and 50 ms of the thread's CPU time (the VM's steal
//! time lands on it) beside a fresh-machine run. CPU time is still printed.

use std::time::Duration;

use anyhow::Result;

use crate::codec::{describe, Error, Runtime};
use crate::manifest::{Expect, Goldens};
use crate::tally::Tally;

/// Each bomb's refusal uses 196 M fuel (16 ms of CPU here): libpng's read of
/// the compressed data after the last row. A decoder that inflated the
/// whole stream used 391 M on the 16 MiB bomb and 1 562 M on the 64 MiB one
/// (measured with the codec's limit on data after the image lifted).
const BAR_FUEL: u64 = 300_000_000;
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
        let fuel = codec.fuel_used();
        let after = codec.memory_bytes();
        let outcome = match &result {
            Err(trap) => format!("trapped: {trap:#}"),
            Ok(Ok(image)) => format!("decoded {}x{}", image.width, image.height),
            Ok(Err(error)) => describe(error),
        };
        println!(
            "timing: {file}: {outcome} in {fuel} fuel, {:.2} ms of CPU, linear memory {before} -> {after} bytes",
            elapsed.as_secs_f64() * 1000.0
        );
        let kind = match result {
            Ok(Err(Error::OutOfMemory)) => Some(Expect::OutOfMemory),
            Ok(Err(Error::InvalidFormat(_))) => Some(Expect::InvalidFormat),
            _ => None,
        };
        let problem = if kind != Some(expect) {
            Some(format!("{outcome}, expected {expect}"))
        } else if fuel >= BAR_FUEL {
            Some(format!("used {fuel} fuel, over {BAR_FUEL}"))
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
