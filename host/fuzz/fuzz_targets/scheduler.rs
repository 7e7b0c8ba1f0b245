//! Fuzz target: `scheduler` (src/checks.rs says what it checks), a fresh
//! pipeline instance per input. `make fuzz FUZZ_TARGET=scheduler`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut pipeline = image_pipeline_fuzz::fresh();
    image_pipeline_fuzz::checks::scheduler(&mut pipeline, data);
});
