//! Runs the built codec component (`build/components/codec.wasm`) in wasmtime,
//! the host's runtime, against the committed goldens: every golden decodes to
//! its digest, every rejected input (and every truncation of the goldens
//! marked for it) gives its typed error without trapping and leaves the
//! instance usable, encoding round trips, and oversized headers are refused
//! within the timing bar without growing linear memory.
//!
//! Usage: codec-wasmtime-tests `CODEC_WASM` `GOLDEN_DIR`
//!
//! `codec-wasmtime-tests compare SIMD_WASM PLAIN_WASM DIR...` instead
//! compares the codec's SIMD build with its plain-C build (compare.rs).

mod codec;
mod compare;
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
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    let result = match arguments.split_first() {
        Some((mode, rest)) if mode == "compare" => run_compare(rest),
        _ => run(&arguments),
    };
    match result {
        Ok((label, tally)) => {
            println!(
                "{label}: {} passed, {} failed",
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

fn run(arguments: &[String]) -> Result<(String, Tally)> {
    let [component, golden_dir] = arguments else {
        bail!("usage: codec-wasmtime-tests CODEC_WASM GOLDEN_DIR");
    };
    let runtime = Runtime::new(&PathBuf::from(component))?;
    let goldens = Goldens::load(PathBuf::from(golden_dir))?;
    let mut tally = Tally::default();
    // First, on fresh instances: nothing else may have grown their memory.
    timing::run(
        &Runtime::metered(&PathBuf::from(component))?,
        &goldens,
        &mut tally,
    )?;
    let mut codec = runtime.instantiate()?;
    golden::run(&mut codec, &goldens, &mut tally)?;
    rejected::run(&mut codec, &goldens, &mut tally)?;
    encode::run(&mut codec, &goldens, &mut tally)?;
    Ok(("wasmtime".to_owned(), tally))
}

fn run_compare(arguments: &[String]) -> Result<(String, Tally)> {
    let [simd, plain, dirs @ ..] = arguments else {
        bail!("usage: codec-wasmtime-tests compare SIMD_WASM PLAIN_WASM DIR...");
    };
    let simd = Runtime::new(&PathBuf::from(simd))?;
    let plain = Runtime::new(&PathBuf::from(plain))?;
    let mut pair = compare::Pair::new(simd.instantiate()?, plain.instantiate()?);
    let dirs: Vec<PathBuf> = dirs.iter().map(PathBuf::from).collect();
    let mut tally = Tally::default();
    compare::run(&mut pair, &dirs, &mut tally)?;
    let label = format!(
        "SIMD vs plain C ({} decodes, {} encodes each)",
        pair.decodes, pair.encodes
    );
    Ok((label, tally))
}
