//! The benchmark's inputs: binary PPM (P5 gray, P6 RGB) files that
//! `bench/py/run.py` writes once, so that every column reads the same pixels.

use anyhow::{bail, Context, Result};
use std::path::Path;

/// An 8-bit interleaved image, like the WIT `image` record.
#[derive(Clone, Debug)]
pub struct Img {
    pub width: u32,
    pub height: u32,
    pub channels: u8,
    pub data: Vec<u8>,
}

/// Reads a P5 or P6 file with maxval 255 (no comments: run.py writes none).
pub fn read_ppm(path: &Path) -> Result<Img> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut fields = Vec::new();
    let mut pos = 0;
    while fields.len() < 4 {
        while bytes.get(pos).is_some_and(u8::is_ascii_whitespace) {
            pos += 1;
        }
        let start = pos;
        while bytes.get(pos).is_some_and(|b| !b.is_ascii_whitespace()) {
            pos += 1;
        }
        if start == pos {
            bail!("{}: truncated PPM header", path.display());
        }
        fields.push(String::from_utf8_lossy(&bytes[start..pos]).into_owned());
    }
    let channels = match fields[0].as_str() {
        "P5" => 1,
        "P6" => 3,
        other => bail!("{}: not a binary PPM/PGM ({other})", path.display()),
    };
    let number = |s: &str| {
        s.parse::<u32>()
            .with_context(|| format!("{}: bad header", path.display()))
    };
    let (width, height, maxval) = (
        number(&fields[1])?,
        number(&fields[2])?,
        number(&fields[3])?,
    );
    if maxval != 255 {
        bail!("{}: maxval {maxval}, expected 255", path.display());
    }
    let data = bytes[pos + 1..].to_vec();
    if data.len() != (width * height) as usize * usize::from(channels) {
        bail!("{}: pixel data has the wrong length", path.display());
    }
    Ok(Img {
        width,
        height,
        channels,
        data,
    })
}
