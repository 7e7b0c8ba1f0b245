//! Which requests are identical: the cache key.

use std::fmt::Write;

use sha2::{Digest, Sha256};

/// What a request asks for: the input's bytes, the operation, the options
/// (`types.filter-options`).
pub struct Request<'a> {
    /// The encoded image as received.
    pub input: &'a [u8],
    /// The scheduler operation.
    pub operation: &'a str,
    /// Brightness, contrast and blur radius.
    pub brightness: Option<f32>,
    /// See `filter-options`.
    pub contrast: Option<f32>,
    /// See `filter-options`.
    pub blur_radius: Option<u32>,
}

/// Bumped whenever the encoding below changes, so old entries stop matching.
const DOMAIN: &[u8] = b"example:image-processing/result-cache key v1\0";

/// The hex SHA-256 of an unambiguous encoding of the request: every
/// variable-length part is prefixed with its length and every option with
/// whether it is present, so two different requests never encode alike.
/// Floats are hashed by their bits: `0.0` and `-0.0` are different keys,
/// which at worst costs a miss.
#[must_use]
pub fn key(req: &Request<'_>) -> String {
    let mut h = Sha256::new();
    h.update(DOMAIN);
    h.update((req.input.len() as u64).to_le_bytes());
    h.update(req.input);
    h.update((req.operation.len() as u64).to_le_bytes());
    h.update(req.operation.as_bytes());
    for value in [
        req.brightness.map(f32::to_bits),
        req.contrast.map(f32::to_bits),
        req.blur_radius,
    ] {
        match value {
            None => h.update([0]),
            Some(v) => {
                h.update([1]);
                h.update(v.to_le_bytes());
            }
        }
    }
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

    fn req<'a>(input: &'a [u8], operation: &'a str) -> Request<'a> {
        Request {
            input,
            operation,
            brightness: None,
            contrast: None,
            blur_radius: None,
        }
    }

    #[test]
    fn stable_hex() {
        let k = key(&req(b"png", "grayscale"));
        assert_eq!(k.len(), 64);
        assert!(k
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)));
        assert_eq!(k, key(&req(b"png", "grayscale")), "same request, same key");
    }

    #[test]
    fn every_part_counts() {
        let base = key(&req(b"png", "blur"));
        assert_ne!(base, key(&req(b"pnh", "blur")));
        assert_ne!(base, key(&req(b"png", "grayscale")));
        // Moving a byte between input and operation changes the key.
        assert_ne!(key(&req(b"ab", "c")), key(&req(b"a", "bc")));
        let mut r = req(b"png", "blur");
        r.blur_radius = Some(2);
        let radius2 = key(&r);
        assert_ne!(base, radius2);
        r.blur_radius = Some(3);
        assert_ne!(radius2, key(&r));
        let mut b = req(b"png", "blur");
        b.brightness = Some(0.0);
        let mut c = req(b"png", "blur");
        c.contrast = Some(0.0);
        assert_ne!(key(&b), key(&c), "which option is set counts");
    }
}
