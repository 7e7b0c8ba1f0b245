//! Which requests are identical: the cache key, over the input and the
//! canonical text of the steps.

use std::fmt::Write;

use sha2::{Digest, Sha256};
use step_text::Step;

/// Bumped whenever the encoding below changes, so old entries stop matching
/// (v1 hashed the 1.0 operation string and its options, v2 a binary
/// encoding of each case).
const DOMAIN: &[u8] = b"example:image-processing/result-cache key v3\0";

/// `result-cache.key`: the hex SHA-256 of [`DOMAIN`], the input's length as
/// a little-endian `u64`, the input, then the steps' canonical text
/// (`step_text::to_text`: `resize:640x480|grayscale`).
///
/// The length prefix keeps the input and the steps apart. The text says
/// every parameter and reads back to the same steps (step-text tests the
/// round trip), so two step lists share it only when they are equal: floats
/// are the shortest decimal of their `f32`, so `0.0` and `-0.0` differ (at
/// worst a miss), and only NaNs, which image-ops refuses, are all alike.
#[must_use]
pub fn key(input: &[u8], steps: &[Step]) -> String {
    let mut h = Sha256::new();
    h.update(DOMAIN);
    h.update((input.len() as u64).to_le_bytes());
    h.update(input);
    h.update(step_text::to_text(steps));
    hex(&h.finalize())
}

fn hex(bytes: &[u8]) -> String {
    bytes
        .iter()
        .fold(String::with_capacity(2 * bytes.len()), |mut s, b| {
            // Writing to a String cannot fail.
            let _ = write!(s, "{b:02x}");
            s
        })
}

#[cfg(test)]
mod tests {
    use step_text::{FilterOptions, Size};

    use super::*;

    fn options(brightness: Option<f32>, contrast: Option<f32>, blur_radius: Option<u32>) -> Step {
        Step::Filter(FilterOptions {
            brightness,
            contrast,
            blur_radius,
        })
    }

    fn resize(width: u32, height: u32) -> Step {
        Step::Resize(Size { width, height })
    }

    #[test]
    fn stable_hex() {
        let k = key(b"png", &[Step::Grayscale]);
        assert_eq!(k.len(), 64);
        assert!(k
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)));
    }

    /// The documented bytes: a key computed here by hand.
    #[test]
    fn the_documented_bytes() {
        let mut h = Sha256::new();
        h.update(b"example:image-processing/result-cache key v3\0");
        h.update([3, 0, 0, 0, 0, 0, 0, 0]);
        h.update(b"png");
        h.update(b"resize:640x480|grayscale|blur(5)|apply-filter(brightness=0.5, blur_radius=2)");
        let want = hex(&h.finalize());
        let steps = [
            resize(640, 480),
            Step::Grayscale,
            Step::Blur(5),
            options(Some(0.5), None, Some(2)),
        ];
        assert_eq!(key(b"png", &steps), want);
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
            (b"pngg", vec![]),
            (b"png", vec![Step::Grayscale, resize(1, 21)]),
            (b"png", vec![Step::Grayscale, resize(12, 1)]),
        ];
        let keys: Vec<String> = lists.iter().map(|(input, s)| key(input, s)).collect();
        for (i, a) in keys.iter().enumerate() {
            for (j, b) in keys.iter().enumerate().skip(i + 1) {
                assert_ne!(a, b, "{:?} and {:?} share a key", lists[i], lists[j]);
            }
        }
    }
}
