//! The SIMD build of the codec against its plain-C build, byte for byte
//! (`compare SIMD_WASM PLAIN_WASM DIR...`). Every file under the folders,
//! and its truncations, is decoded by both: the same samples or the same
//! error. Every image decoded, and a set of generated ones chosen for the
//! encoder's edge cases, is encoded as PNG and as JPEG by both: the same
//! bytes or the same error; the generated JPEGs are decoded by both again.
//! A trap in either build fails the input.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::codec::{describe, Call, Codec, Image};
use crate::manifest::sha256_hex;
use crate::tally::Tally;

/// Files up to this size are cut at every length; larger ones at `CUTS`
/// evenly spaced lengths (`CUTS_HUGE` when they decode to more than
/// `HUGE_PIXELS`, whose every decode takes long and repeats the others).
const EVERY_PREFIX_MAX: usize = 4096;
const CUTS: usize = 48;
const CUTS_HUGE: usize = 4;
const HUGE_PIXELS: u64 = 1 << 22;

/// What one call gave; traps are kept apart, they fail whatever the other
/// build did.
#[derive(PartialEq)]
enum Outcome {
    Image(u32, u32, u8, Vec<u8>),
    Bytes(Vec<u8>),
    Error(String),
    Trap(String),
}

impl Outcome {
    fn of<T>(call: Call<T>, value: impl FnOnce(T) -> Self) -> Self {
        match call {
            Ok(Ok(v)) => value(v),
            Ok(Err(error)) => Self::Error(describe(&error)),
            Err(trap) => Self::Trap(format!("{trap:#}")),
        }
    }

    fn summary(&self) -> String {
        match self {
            Self::Image(w, h, c, data) => format!("{w}x{h}x{c} {}", &sha256_hex(data)[..16]),
            Self::Bytes(bytes) => format!("{} bytes {}", bytes.len(), &sha256_hex(bytes)[..16]),
            Self::Error(error) => error.clone(),
            Self::Trap(trap) => format!("trapped: {trap}"),
        }
    }
}

/// The two builds, each in its own instance, and how many calls compared.
pub struct Pair<'a> {
    simd: Codec<'a>,
    plain: Codec<'a>,
    pub decodes: usize,
    pub encodes: usize,
}

impl<'a> Pair<'a> {
    pub fn new(simd: Codec<'a>, plain: Codec<'a>) -> Self {
        Self {
            simd,
            plain,
            decodes: 0,
            encodes: 0,
        }
    }

    /// Decodes with both; the plain build's result, or why the two differ.
    fn decode(&mut self, data: &[u8]) -> Result<Outcome, String> {
        self.decodes += 1;
        let image = |i: Image| Outcome::Image(i.width, i.height, i.channels, i.data);
        same(
            &Outcome::of(self.simd.decode(data), image),
            Outcome::of(self.plain.decode(data), image),
        )
    }

    fn encode(&mut self, image: &Image, format: &str) -> Result<Outcome, String> {
        self.encodes += 1;
        same(
            &Outcome::of(self.simd.encode(image, format), Outcome::Bytes),
            Outcome::of(self.plain.encode(image, format), Outcome::Bytes),
        )
    }
}

fn same(simd: &Outcome, plain: Outcome) -> Result<Outcome, String> {
    if let Outcome::Trap(_) = simd {
        return Err(format!("SIMD build {}", simd.summary()));
    }
    if let Outcome::Trap(_) = plain {
        return Err(format!("plain-C build {}", plain.summary()));
    }
    if *simd == plain {
        Ok(plain)
    } else {
        Err(format!(
            "SIMD gave {}, plain C gave {}",
            simd.summary(),
            plain.summary()
        ))
    }
}

pub fn run(pair: &mut Pair<'_>, dirs: &[PathBuf], tally: &mut Tally) -> Result<()> {
    for dir in dirs {
        for path in files_under(dir)? {
            let data =
                std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
            let problem = compare_file(pair, &data).err();
            tally.check(&path.display().to_string(), problem);
        }
    }
    for (name, image) in generated() {
        tally.check(&name, compare_encodes(pair, &image, true).err());
    }
    Ok(())
}

/// The file, its truncations, and the encodings of what it decodes to.
fn compare_file(pair: &mut Pair<'_>, data: &[u8]) -> Result<(), String> {
    let whole = pair.decode(data)?;
    let huge =
        matches!(&whole, Outcome::Image(w, h, ..) if u64::from(*w) * u64::from(*h) > HUGE_PIXELS);
    for length in cut_points(data.len(), huge) {
        pair.decode(&data[..length])
            .map_err(|problem| format!("cut to {length} bytes: {problem}"))?;
    }
    match whole {
        Outcome::Image(width, height, channels, data) if !huge => {
            let image = Image {
                width,
                height,
                channels,
                data,
            };
            compare_encodes(pair, &image, false)
        }
        _ => Ok(()),
    }
}

fn cut_points(length: usize, huge: bool) -> Vec<usize> {
    if length <= EVERY_PREFIX_MAX && !huge {
        return (0..length).collect();
    }
    let cuts = if huge { CUTS_HUGE } else { CUTS };
    (1..=cuts).map(|k| k * length / (cuts + 1)).collect()
}

/// PNG and JPEG encodings of `image` by both builds; with `decode_back`,
/// the JPEG is decoded by both too.
fn compare_encodes(pair: &mut Pair<'_>, image: &Image, decode_back: bool) -> Result<(), String> {
    pair.encode(image, "png")
        .map_err(|problem| format!("as png: {problem}"))?;
    let jpeg = pair
        .encode(image, "jpeg")
        .map_err(|problem| format!("as jpeg: {problem}"))?;
    if let (true, Outcome::Bytes(bytes)) = (decode_back, jpeg) {
        pair.decode(&bytes)
            .map_err(|problem| format!("its jpeg decoded: {problem}"))?;
    }
    Ok(())
}

fn files_under(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder)
            .with_context(|| format!("cannot list {}", folder.display()))?
        {
            let path = entry?.path();
            if path.is_dir() {
                pending.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}

/// Images for the encoder's edge cases, at sizes around the 8- and 16-pixel
/// block and MCU boundaries and the SIMD code's vector widths: flat (every
/// AC coefficient zero: end-of-block and long zero runs), a photo-like
/// gradient with texture, noise (many coefficients, long codes), and a
/// one-pixel checkerboard (the largest high-frequency coefficients).
/// A synthetic image's sample at (x, y, channel) for a given seed.
type SampleFn = fn(u32, u32, u8, u32) -> u8;

fn generated() -> Vec<(String, Image)> {
    const SIZES: [(u32, u32); 12] = [
        (1, 1),
        (2, 2),
        (7, 5),
        (8, 8),
        (9, 17),
        (16, 16),
        (17, 9),
        (31, 33),
        (64, 1),
        (1, 64),
        (301, 203),
        (1283, 727),
    ];
    let kinds: [(&str, SampleFn); 4] = [
        ("flat", |_, _, c, _| 77 + 40 * c),
        ("photo", |x, y, c, _| {
            let wave = (x * 3 + y * 2 + u32::from(c) * 50) % 256;
            let texture = (x.wrapping_mul(y) ^ (x >> 2)) % 23;
            u8::try_from((wave + texture) % 256).unwrap_or(0)
        }),
        ("noise", |x, y, c, seed| {
            let mut v = x
                .wrapping_mul(0x9E37_79B9)
                .wrapping_add(y.wrapping_mul(0x85EB_CA6B))
                .wrapping_add(u32::from(c).wrapping_mul(0xC2B2_AE35))
                ^ seed;
            v ^= v >> 15;
            v = v.wrapping_mul(0x2C1B_3C6D);
            v ^= v >> 12;
            v.to_le_bytes()[0]
        }),
        (
            "checkerboard",
            |x, y, _, _| if (x + y) % 2 == 0 { 0 } else { 255 },
        ),
    ];
    let mut images = Vec::new();
    for (width, height) in SIZES {
        for channels in 1..=4u8 {
            for (kind, sample) in kinds {
                let mut data =
                    Vec::with_capacity((width * height) as usize * usize::from(channels));
                for y in 0..height {
                    for x in 0..width {
                        for c in 0..channels {
                            data.push(sample(x, y, c, width ^ height));
                        }
                    }
                }
                let name = format!("generated {kind} {width}x{height}x{channels}");
                images.push((
                    name,
                    Image {
                        width,
                        height,
                        channels,
                        data,
                    },
                ));
            }
        }
    }
    images
}
