//! Which requests are identical: the cache key, and the canonical bytes of
//! a step list it hashes.

use std::fmt::Write;

use sha2::{Digest, Sha256};

/// `types.filter-options`.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct FilterOptions {
    /// Added to every colour sample as `brightness × 255`.
    pub brightness: Option<f32>,
    /// The contrast adjustment.
    pub contrast: Option<f32>,
    /// Gaussian blur radius.
    pub blur_radius: Option<u32>,
}

/// `types.step`: the crate's mirror of the WIT variant, so that the key is
/// computed (and tested) natively; the component converts its bindings'
/// steps into these.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Step {
    /// `grayscale`.
    Grayscale,
    /// `blur(radius)`.
    Blur(u32),
    /// `resize(size)`: width, height.
    Resize {
        /// Pixels per row.
        width: u32,
        /// Rows.
        height: u32,
    },
    /// `filter(options)`.
    Filter(FilterOptions),
}

/// Bumped whenever the encoding below changes, so old entries stop matching
/// (v1 hashed the 1.0 operation string and its options).
const DOMAIN: &[u8] = b"example:image-processing/result-cache key v2\0";

/// The canonical bytes of `steps`, appended to `out`: the number of steps as
/// a little-endian `u64`, then each step as its tag byte followed by its
/// fields, integers little-endian:
///
/// | step | bytes |
/// |---|---|
/// | `grayscale` | `00` |
/// | `blur(r)` | `01`, r: u32 |
/// | `resize({w, h})` | `02`, w: u32, h: u32 |
/// | `filter({b, c, r})` | `03`, b, c, r, each an option |
///
/// An option is `00` when absent, `01` and the value when present. An `f32`
/// is its IEEE 754 bit pattern (`f32::to_bits`), so `0.0` and `-0.0`, or two
/// NaNs, are different steps: which at worst costs a cache miss. The tags
/// are the cases' positions in `variant step` (the canonical ABI's
/// discriminants).
///
/// Every step's length follows from its tag and option bytes, so the
/// encoding decodes back to exactly one step list: two lists get the same
/// bytes if and only if they are equal field for field (floats by bits).
pub fn encode_steps(steps: &[Step], out: &mut Vec<u8>) {
    out.extend_from_slice(&(steps.len() as u64).to_le_bytes());
    for step in steps {
        match *step {
            Step::Grayscale => out.push(0),
            Step::Blur(radius) => {
                out.push(1);
                out.extend_from_slice(&radius.to_le_bytes());
            }
            Step::Resize { width, height } => {
                out.push(2);
                out.extend_from_slice(&width.to_le_bytes());
                out.extend_from_slice(&height.to_le_bytes());
            }
            Step::Filter(options) => {
                out.push(3);
                for value in [
                    options.brightness.map(f32::to_bits),
                    options.contrast.map(f32::to_bits),
                    options.blur_radius,
                ] {
                    match value {
                        None => out.push(0),
                        Some(v) => {
                            out.push(1);
                            out.extend_from_slice(&v.to_le_bytes());
                        }
                    }
                }
            }
        }
    }
}

/// `result-cache.key`: the hex SHA-256 of [`DOMAIN`], the input's length as
/// a little-endian `u64`, the input, then [`encode_steps`] of the steps.
/// The length prefix keeps the input and the steps apart, so two different
/// requests never hash the same bytes.
#[must_use]
pub fn key(input: &[u8], steps: &[Step]) -> String {
    let mut encoded = Vec::new();
    encode_steps(steps, &mut encoded);
    let mut h = Sha256::new();
    h.update(DOMAIN);
    h.update((input.len() as u64).to_le_bytes());
    h.update(input);
    h.update(&encoded);
    h.finalize()
        .iter()
        .fold(String::with_capacity(64), |mut s, b| {
            // Writing to a String cannot fail.
            let _ = write!(s, "{b:02x}");
            s
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(brightness: Option<f32>, contrast: Option<f32>, blur_radius: Option<u32>) -> Step {
        Step::Filter(FilterOptions {
            brightness,
            contrast,
            blur_radius,
        })
    }

    fn resize(width: u32, height: u32) -> Step {
        Step::Resize { width, height }
    }

    #[test]
    fn stable_hex() {
        let k = key(b"png", &[Step::Grayscale]);
        assert_eq!(k.len(), 64);
        assert!(k
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)));
    }

    #[test]
    fn the_documented_bytes() {
        let mut out = Vec::new();
        encode_steps(
            &[
                Step::Grayscale,
                Step::Blur(5),
                resize(640, 480),
                options(Some(0.5), None, Some(2)),
            ],
            &mut out,
        );
        let want: Vec<u8> = [
            &4u64.to_le_bytes()[..],
            &[0],
            &[1, 5, 0, 0, 0],
            &[2, 0x80, 2, 0, 0, 0xe0, 1, 0, 0],
            &[3, 1, 0, 0, 0, 0x3f, 0, 1, 2, 0, 0, 0],
        ]
        .concat();
        assert_eq!(out, want);
    }

    #[test]
    fn equal_steps_give_equal_keys() {
        let steps = || {
            vec![
                resize(40, 30),
                Step::Grayscale,
                options(Some(-0.25), Some(10.0), None),
                Step::Blur(3),
            ]
        };
        // Built separately, so nothing is shared but the values.
        assert_eq!(key(b"png", &steps()), key(b"png", &steps()));
        assert_eq!(key(b"", &[]), key(b"", &[]));
        let nan = f32::from_bits(0x7fc0_0001);
        assert_eq!(
            key(b"x", &[options(Some(nan), None, None)]),
            key(b"x", &[options(Some(nan), None, None)]),
            "equal bits, equal key, even for NaN"
        );
    }

    /// Every pair of these differs in one parameter of one step, or in the
    /// list around them: all keys must differ.
    #[test]
    fn any_difference_gives_another_key() {
        let some = |b, c, r| options(b, c, r);
        let lists: Vec<(&[u8], Vec<Step>)> = vec![
            (b"png", vec![]),
            (b"pnh", vec![]),
            (b"png", vec![Step::Grayscale]),
            (b"png", vec![Step::Grayscale, Step::Grayscale]),
            (b"png", vec![Step::Blur(0)]),
            (b"png", vec![Step::Blur(1)]),
            (b"png", vec![Step::Blur(256)]),
            (b"png", vec![resize(1, 2)]),
            (b"png", vec![resize(2, 1)]),
            (b"png", vec![resize(1, 3)]),
            (b"png", vec![resize(1, 2), Step::Grayscale]),
            (b"png", vec![Step::Grayscale, resize(1, 2)]),
            (b"png", vec![some(None, None, None)]),
            (b"png", vec![some(Some(0.0), None, None)]),
            (b"png", vec![some(Some(-0.0), None, None)]),
            (b"png", vec![some(Some(f32::NAN), None, None)]),
            (
                b"png",
                vec![some(Some(f32::from_bits(0x7fc0_0001)), None, None)],
            ),
            (b"png", vec![some(Some(0.5), None, None)]),
            // The next representable f32 after 0.5: one bit apart.
            (
                b"png",
                vec![some(Some(f32::from_bits(0x3f00_0001)), None, None)],
            ),
            (b"png", vec![some(None, Some(0.0), None)]),
            (b"png", vec![some(None, Some(0.5), None)]),
            (b"png", vec![some(None, None, Some(0))]),
            (b"png", vec![some(None, None, Some(1))]),
            (b"png", vec![some(Some(0.5), Some(0.5), None)]),
            (b"png", vec![some(Some(0.5), Some(0.5), Some(0))]),
            // A filter's blur radius is not a blur step.
            (b"png", vec![some(None, None, Some(3))]),
            (b"png", vec![Step::Blur(3)]),
            // Bytes moved between the input and the steps.
            (b"png\x01", vec![]),
            (b"png\x00", vec![Step::Grayscale]),
        ];
        let keys: Vec<String> = lists.iter().map(|(input, s)| key(input, s)).collect();
        for (i, a) in keys.iter().enumerate() {
            for (j, b) in keys.iter().enumerate().skip(i + 1) {
                assert_ne!(a, b, "{:?} and {:?} share a key", lists[i], lists[j]);
            }
        }
    }
}
