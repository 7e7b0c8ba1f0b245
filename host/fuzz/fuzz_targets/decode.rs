//! Fuzz target: `decode` (src/checks.rs says what it checks), a fresh
//! pipeline instance per input. `make fuzz FUZZ_TARGET=decode`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut pipeline = image_pipeline_fuzz::fresh();
    image_pipeline_fuzz::checks::decode(&mut pipeline, data);
});
