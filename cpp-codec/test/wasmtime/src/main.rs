//! Runs the built codec component (`build/components/codec.wasm`) in wasmtime,
//! the host's runtime, against the committed goldens: every golden decodes to
//! its digest, every rejected input (and every truncation of the goldens
//! marked for it) gives its typed error without trapping and leaves the
//! instance usable, encoding round trips, and oversized headers are refused
//! within the timing bar without growing linear memory.
//!
//! Usage: codec-wasmtime-tests CODEC_WASM GOLDEN_DIR

mod codec;
mod encode;
mod golden;
mod manifest;
mod rejected;
mod tally;
mod timing;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Result};

use crate::codec::Runtime;
use crate::manifest::Goldens;
use crate::tally::Tally;

fn main() -> ExitCode {
    match run() {
        Ok(tally) => {
            println!(
                "wasmtime: {} passed, {} failed",
                tally.passed(),
                tally.failed()
            );
            if tally.failed() == 0 {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Err(error) => {
            eprintln!("codec-wasmtime-tests: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<Tally> {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    let [component, golden_dir] = arguments.as_slice() else {
        bail!("usage: codec-wasmtime-tests CODEC_WASM GOLDEN_DIR");
    };
    let runtime = Runtime::new(&PathBuf::from(component))?;
    let goldens = Goldens::load(PathBuf::from(golden_dir))?;
    let mut tally = Tally::default();
    // First, on fresh instances: nothing else may have grown their memory.
    timing::run(&runtime, &goldens, &mut tally)?;
    let mut codec = runtime.instantiate()?;
    golden::run(&mut codec, &goldens, &mut tally)?;
    rejected::run(&mut codec, &goldens, &mut tally)?;
    encode::run(&mut codec, &goldens, &mut tally)?;
    Ok(tally)
}
