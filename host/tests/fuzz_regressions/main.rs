//! Replays every input under `host/fuzz/regressions/<target>/` (what the
//! fuzz targets found, and inputs that once broke something) and the decode
//! target's seeds, with the fuzz targets' own checks, in a plain test: a
//! finding stays fixed without a fuzzer.

#[path = "../../fuzz/src/checks.rs"]
mod checks;
#[path = "../common/mod.rs"]
mod common;

use std::path::{Path, PathBuf};

use image_pipeline_host::engine::Runtime;
use image_pipeline_host::logging::LogLevel;
use image_pipeline_host::pipeline::Pipeline;

type Check = fn(&mut Pipeline, &[u8]);

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .map(|e| e.unwrap().path())
                .filter(|p| p.is_file())
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

#[test]
fn every_regression_fixture_passes_its_targets_check() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let runtime = Runtime::load(&common::pipeline_component(), LogLevel::Off).unwrap();
    let targets: [(&str, Check); 3] = [
        ("decode", checks::decode),
        ("image_ops", checks::image_ops),
        ("scheduler", checks::scheduler),
    ];
    let mut replayed = 0;
    for (target, check) in targets {
        let mut inputs = files(&root.join("fuzz/regressions").join(target));
        if target == "decode" {
            inputs.extend(files(&root.join("../cpp-codec/test/golden/rejected")));
        }
        for input in inputs {
            let data = std::fs::read(&input).unwrap();
            let mut pipeline = Pipeline::new(&runtime).unwrap();
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                check(&mut pipeline, &data);
            }));
            assert!(outcome.is_ok(), "{target}: {} fails again", input.display());
            replayed += 1;
        }
    }
    assert!(replayed >= 60, "only {replayed} inputs replayed");
}
