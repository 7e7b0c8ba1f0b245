//! The runner's image (what a fixture holds) and the JSON encodings of the
//! results that are not plain values (described in
//! `conformance-tests/oracle/suite.py`; the JS runner writes the same): byte
//! lists by digest, and the step-text vectors' steps.

use base64::Engine as _;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use wasmtime::format_err;

use crate::args;

/// Byte lists up to this size are written out in full, so that the report
/// can compare them sample by sample (or decode them, for PNG).
const INLINE_DATA_MAX: usize = 65536;

/// `types.image`.
#[derive(Clone, Debug)]
pub struct Image {
    pub width: u32,
    pub height: u32,
    pub channels: u8,
    pub data: Vec<u8>,
}

/// One `wasi:logging/logging.log` call: level, context, message.
pub type LogRecord = (String, String, String);

pub fn bytes_json(data: &[u8]) -> Value {
    let mut out = json!({ "len": data.len(), "sha256": hex_sha256(data) });
    if data.len() <= INLINE_DATA_MAX {
        out["data"] = base64::engine::general_purpose::STANDARD
            .encode(data)
            .into();
    }
    out
}

/// The step-text vectors, through the Rust crate (as js/src/steps.mjs runs
/// them in the JS runner): what `parse` returned for each step.
pub fn run_step_text(vector: &Value) -> Value {
    let mut steps = Vec::new();
    for step in vector["steps"].as_array().into_iter().flatten() {
        let args = &step["args"];
        let result = args::options(&args["options"]).and_then(|options| {
            let text = args["text"]
                .as_str()
                .ok_or_else(|| format_err!("missing string argument `text`"))?;
            Ok(match step_text::parse(text, options) {
                // A step as the vectors write it (`conformance-tests/oracle/
                // steps.py`): step-text's serde form.
                Ok(list) => json!({ "ok": list }),
                Err(e) => json!({ "err": e.0 }),
            })
        });
        steps.push(match result {
            Ok(result) => json!({ "call": step["call"], "result": result, "logs": [] }),
            Err(e) => return json!({ "error": format!("{e:?}") }),
        });
    }
    json!({ "steps": steps })
}

fn hex_sha256(data: &[u8]) -> String {
    use std::fmt::Write as _;
    Sha256::digest(data)
        .iter()
        .fold(String::with_capacity(64), |mut hex, b| {
            let _ = write!(hex, "{b:02x}");
            hex
        })
}
