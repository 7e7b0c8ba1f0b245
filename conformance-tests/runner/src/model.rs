//! The runner's own view of the WIT types, shared by every world's bindings
//! (each `bindgen!` generates its own Rust types for the same WIT types),
//! and their JSON encoding in the results (described in
//! `conformance-tests/oracle/suite.py`; the JS runner writes the same).

use base64::Engine as _;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

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

/// `types.filter-options`.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    pub brightness: Option<f32>,
    pub contrast: Option<f32>,
    pub blur_radius: Option<u32>,
}

/// `types.step`.
#[derive(Clone, Copy, Debug)]
pub enum Step {
    Grayscale,
    Blur(u32),
    Resize { width: u32, height: u32 },
    Filter(Options),
}

/// `types.error`.
#[derive(Clone, Debug)]
pub enum WitError {
    InvalidFormat(String),
    ProcessingFailed(String),
    OutOfMemory,
}

/// `scheduler.task-status`.
#[derive(Clone, Copy, Debug)]
pub enum Status {
    Pending,
    Running,
    Completed,
    Failed,
    Cancelled,
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

pub fn image_json(img: &Image) -> Value {
    let mut out = bytes_json(&img.data);
    let map = out.as_object_mut().expect("an object");
    map.remove("len");
    map.insert("width".into(), img.width.into());
    map.insert("height".into(), img.height.into());
    map.insert("channels".into(), img.channels.into());
    out
}

pub fn error_json(error: &WitError) -> Value {
    match error {
        WitError::InvalidFormat(m) => json!({ "invalid-format": m }),
        WitError::ProcessingFailed(m) => json!({ "processing-failed": m }),
        WitError::OutOfMemory => json!({ "out-of-memory": null }),
    }
}

pub fn result_json<T>(result: &Result<T, WitError>, ok: impl FnOnce(&T) -> Value) -> Value {
    match result {
        Ok(value) => json!({ "ok": ok(value) }),
        Err(error) => json!({ "err": error_json(error) }),
    }
}

pub fn option_json<T>(option: Option<&T>, some: impl FnOnce(&T) -> Value) -> Value {
    option.map_or(Value::Null, |value| json!({ "some": some(value) }))
}

/// A step as the vectors write it (`conformance-tests/oracle/steps.py`).
pub fn step_json(step: &Step) -> Value {
    match step {
        Step::Grayscale => json!("grayscale"),
        Step::Blur(radius) => json!({ "blur": radius }),
        Step::Resize { width, height } => {
            json!({ "resize": { "width": width, "height": height } })
        }
        Step::Filter(o) => {
            let mut opts = serde_json::Map::new();
            if let Some(b) = o.brightness {
                opts.insert("brightness".into(), json!(b));
            }
            if let Some(c) = o.contrast {
                opts.insert("contrast".into(), json!(c));
            }
            if let Some(r) = o.blur_radius {
                opts.insert("blur-radius".into(), json!(r));
            }
            json!({ "filter": opts })
        }
    }
}

impl From<Options> for step_text::FilterOptions {
    fn from(o: Options) -> Self {
        Self {
            brightness: o.brightness,
            contrast: o.contrast,
            blur_radius: o.blur_radius,
        }
    }
}

impl From<step_text::Step> for Step {
    fn from(step: step_text::Step) -> Self {
        match step {
            step_text::Step::Grayscale => Self::Grayscale,
            step_text::Step::Blur(radius) => Self::Blur(radius),
            step_text::Step::Resize(size) => Self::Resize {
                width: size.width,
                height: size.height,
            },
            step_text::Step::Filter(o) => Self::Filter(Options {
                brightness: o.brightness,
                contrast: o.contrast,
                blur_radius: o.blur_radius,
            }),
        }
    }
}

pub fn status_json(status: Status) -> Value {
    match status {
        Status::Pending => "pending",
        Status::Running => "running",
        Status::Completed => "completed",
        Status::Failed => "failed",
        Status::Cancelled => "cancelled",
    }
    .into()
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
