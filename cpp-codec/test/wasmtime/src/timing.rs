//! The timing bar: headers of absurd size are refused as out-of-memory in
//! under 50 ms each, on a fresh instance, without linear memory growing by
//! anything like the image (which could not even fit in 4 GiB). Also times
//! the decompression bombs, which must be refused as quickly.

use std::time::{Duration, Instant};

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
        let start = Instant::now();
        let result = codec.decode(&data);
        let elapsed = start.elapsed();
        let after = codec.memory_bytes();
        let outcome = match &result {
            Err(trap) => format!("trapped: {trap:#}"),
            Ok(Ok(image)) => format!("decoded {}x{}", image.width, image.height),
            Ok(Err(error)) => describe(error),
        };
        println!(
            "timing: {file}: {outcome} in {:.2} ms, linear memory {before} -> {after} bytes",
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
