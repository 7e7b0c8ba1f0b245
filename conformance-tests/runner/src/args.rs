//! Fixture files, which a vector's image and byte-list arguments may name
//! (the encoding is described in `conformance-tests/oracle/suite.py`), and
//! the step-text vectors' options.

use std::collections::HashMap;
use std::fs;
use std::path::PathBuf;

use serde_json::Value;
use wasmtime::{bail, format_err, Result};

use crate::model::Image;

/// Reads fixtures under one folder, each file once.
pub struct Fixtures {
    root: PathBuf,
    cache: HashMap<String, Vec<u8>>,
}

impl Fixtures {
    pub fn new(root: PathBuf) -> Self {
        Self {
            root,
            cache: HashMap::new(),
        }
    }

    fn file(&mut self, rel: &str) -> Result<&[u8]> {
        if !self.cache.contains_key(rel) {
            let path = self.root.join(rel);
            let data = fs::read(&path)
                .map_err(|e| format_err!("cannot read fixture {}: {e}", path.display()))?;
            self.cache.insert(rel.to_owned(), data);
        }
        Ok(&self.cache[rel])
    }

    /// An `image` argument: a `.pixels` fixture or a synthetic fill.
    pub fn image(&mut self, spec: &Value) -> Result<Image> {
        if let Some(rel) = spec.get("fixture").and_then(Value::as_str) {
            return parse_pixels(self.file(rel)?).map_err(|e| format_err!("{rel}: {e}"));
        }
        let field = |name: &str| {
            spec.get(name)
                .and_then(Value::as_u64)
                .ok_or_else(|| format_err!("image argument without `{name}`: {spec}"))
        };
        let (width, height, channels) = (field("width")?, field("height")?, field("channels")?);
        let len = match spec.get("len") {
            Some(len) => len.as_u64().ok_or_else(|| format_err!("bad len: {spec}"))?,
            None => width * height * channels,
        };
        Ok(Image {
            width: u32::try_from(width)?,
            height: u32::try_from(height)?,
            channels: u8::try_from(channels)?,
            data: vec![u8::try_from(field("fill")?)?; usize::try_from(len)?],
        })
    }

    /// A `list<u8>` argument: a fixture file or its first `take` bytes, or a fill.
    pub fn bytes(&mut self, spec: &Value) -> Result<Vec<u8>> {
        if let Some(rel) = spec.get("file").and_then(Value::as_str) {
            let data = self.file(rel)?;
            let take = spec
                .get("take")
                .and_then(Value::as_u64)
                .map_or(data.len(), |n| usize::try_from(n).unwrap_or(usize::MAX));
            return Ok(data[..take.min(data.len())].to_vec());
        }
        let fill = spec.get("fill").and_then(Value::as_u64).unwrap_or(0);
        let len = spec.get("len").and_then(Value::as_u64).unwrap_or(0);
        Ok(vec![u8::try_from(fill)?; usize::try_from(len)?])
    }
}

/// `WIDTH HEIGHT CHANNELS\n` and the samples.
fn parse_pixels(file: &[u8]) -> Result<Image> {
    let newline = file
        .iter()
        .position(|&b| b == b'\n')
        .ok_or_else(|| format_err!("no header line"))?;
    let header = std::str::from_utf8(&file[..newline])?;
    let fields: Vec<u64> = header
        .split(' ')
        .map(str::parse)
        .collect::<Result<_, _>>()?;
    let [width, height, channels] = fields[..] else {
        bail!("bad header {header:?}");
    };
    Ok(Image {
        width: u32::try_from(width)?,
        height: u32::try_from(height)?,
        channels: u8::try_from(channels)?,
        data: file[newline + 1..].to_vec(),
    })
}

/// The step-text vectors' `filter-options`: absent keys are `none`; "NaN",
/// "inf", "-inf" are those floats.
pub fn options(spec: &Value) -> Result<step_text::FilterOptions> {
    let float = |name: &str| -> Result<Option<f32>> {
        Ok(match spec.get(name) {
            None => None,
            Some(Value::String(s)) => Some(match s.as_str() {
                "NaN" => f32::NAN,
                "inf" => f32::INFINITY,
                "-inf" => f32::NEG_INFINITY,
                other => bail!("bad float {other:?}"),
            }),
            // JSON numbers are f64: the call carries the nearest f32, as in JS.
            Some(v) => Some(v.as_f64().ok_or_else(|| format_err!("bad {name}: {v}"))? as f32),
        })
    };
    let blur_radius = match spec.get("blur-radius") {
        None => None,
        Some(v) => Some(u32::try_from(
            v.as_u64()
                .ok_or_else(|| format_err!("bad blur-radius: {v}"))?,
        )?),
    };
    Ok(step_text::FilterOptions {
        brightness: float("brightness")?,
        contrast: float("contrast")?,
        blur_radius,
    })
}
