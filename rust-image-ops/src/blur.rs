//! Separable Gaussian blur with clamped edges.
//!
//! Each pass computes `Σ w_k · p_k` in 32-bit fixed point: the normalised
//! weights are scaled to integers that sum to exactly 2^22, so a constant
//! image stays constant, the largest sum (255 · 2^22 + 2^21) fits `u32`, and
//! the result rounds to nearest with `(sum + 2^21) >> 22`. The inner loops run
//! over whole rows (contiguous samples of every channel), which the compiler
//! vectorises; the component (wasm32 with simd128) runs them in strips of 16
//! samples instead (`simd.rs`), with the same sums.

use std::borrow::Cow;

use crate::image::{try_filled, Error, Image, Pixels};

/// Largest accepted radius.
pub const MAX_RADIUS: u32 = 256;

/// Fixed-point precision of the weights.
const SHIFT: u32 = 22;
const ONE: u32 = 1 << SHIFT;
const HALF: u32 = 1 << (SHIFT - 1);

/// Gaussian blur of every channel, alpha included.
///
/// The kernel has `2 × radius + 1` taps `exp(−x² / 2σ²)`, σ = radius / 3,
/// normalised; applied horizontally then vertically, edges clamped, each pass
/// rounding to 8 bits. Radius 0 returns the image unchanged.
///
/// # Errors
/// An invalid image (see [`Image::layout`]); a radius over 256 →
/// `invalid-format`; `out-of-memory` when the buffers cannot be allocated.
pub fn blur(img: Image, radius: u32) -> Result<Image, Error> {
    let px = Pixels::from_image(img)?;
    match Kernel::new(radius)? {
        None => px.into_image(),
        Some(kernel) => kernel.apply(px)?.into_image(),
    }
}

/// Half of a symmetric Gaussian kernel in fixed point: `weights[0]` is the
/// centre tap, `weights[k]` the taps at ±k. The full kernel sums to 2^22.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Kernel {
    weights: Vec<u32>,
}

impl Kernel {
    /// The kernel of `radius`, or `None` for radius 0 (the identity).
    ///
    /// # Errors
    /// `invalid-format` for a radius over [`MAX_RADIUS`].
    pub(crate) fn new(radius: u32) -> Result<Option<Self>, Error> {
        if radius > MAX_RADIUS {
            return Err(Error::invalid(format!(
                "blur radius must be 0 ..= {MAX_RADIUS}, got {radius}"
            )));
        }
        if radius == 0 {
            return Ok(None);
        }
        let sigma = f64::from(radius) / 3.0;
        let two_sigma_sq = 2.0 * sigma * sigma;
        let gauss: Vec<f64> = (0..=radius)
            .map(|x| (-f64::from(x * x) / two_sigma_sq).exp())
            .collect();
        let total = gauss[0] + 2.0 * gauss[1..].iter().sum::<f64>();
        let scale = f64::from(ONE) / total;
        let mut weights: Vec<u32> = gauss.iter().map(|g| (g * scale).round() as u32).collect();
        // Give the rounding residue (at most radius + 1 units either way) to
        // the centre tap, the largest, so that the weights sum to exactly ONE.
        let sum =
            i64::from(weights[0]) + 2 * weights[1..].iter().map(|&w| i64::from(w)).sum::<i64>();
        weights[0] = (i64::from(weights[0]) + i64::from(ONE) - sum) as u32;
        Ok(Some(Self { weights }))
    }

    /// The radius: taps on each side of the centre.
    fn radius(&self) -> usize {
        self.weights.len() - 1
    }

    /// Blurs `px`. Owned samples are overwritten with the output; borrowed
    /// ones are only read, so a frame's pixels are never copied first.
    ///
    /// The two passes are interleaved: the horizontal pass keeps only the
    /// `2 × radius + 1` rows the vertical pass needs next, in a ring (row y
    /// in slot y mod its length), instead of a whole intermediate image. That
    /// ring stays in the cache, and an owned input needs no other buffer:
    /// output row y is written once the horizontal pass has read every input
    /// row up to y + radius, and it only ever overwrites rows already read.
    pub(crate) fn apply<'a>(&self, px: Pixels<'_>) -> Result<Pixels<'a>, Error> {
        let layout = px.layout;
        let row_len = layout.row_len();
        let channels = layout.channels;
        let radius = self.radius();
        let pad = radius * channels;
        let last = layout.height - 1;
        let ring_rows = (2 * radius + 1).min(layout.height);
        let mut ring = try_filled(ring_rows * row_len, 0u8)?;
        let mut padded = try_filled(row_len + 2 * pad, 0u8)?;
        let mut acc = try_filled(row_len, 0u32)?;
        // Where the samples k = 1 ..= radius pixels before and after the
        // row's start are in `padded` (the edge-extended input row), and
        // where the rows k above and below it are in `ring` (clamped to the
        // first and last row).
        let mut row_taps = try_filled(radius, (0, 0))?;
        for (k, tap) in (1..).zip(&mut row_taps) {
            *tap = (pad - k * channels, pad + k * channels);
        }
        let mut column_taps = try_filled(radius, (0, 0))?;
        let slot = |row: usize| (row % ring_rows) * row_len;

        // The output goes into the input's buffer if it is ours.
        let (input, mut out) = match px.data {
            Cow::Borrowed(data) => (Some(data), try_filled(layout.len(), 0u8)?),
            Cow::Owned(data) => (None, data),
        };
        let mut next = 0; // the next row of the horizontal pass
        for y in 0..layout.height {
            while next <= (y + radius).min(last) {
                let row = next * row_len..(next + 1) * row_len;
                pad_row(&input.unwrap_or(&out)[row], &mut padded, pad, channels);
                let dst = &mut ring[slot(next)..slot(next) + row_len];
                self.convolve(&padded, pad, &row_taps, &mut acc, dst);
                next += 1;
            }
            for (k, tap) in (1..).zip(&mut column_taps) {
                *tap = (slot(y.saturating_sub(k)), slot((y + k).min(last)));
            }
            let dst = &mut out[y * row_len..(y + 1) * row_len];
            self.convolve(&ring, slot(y), &column_taps, &mut acc, dst);
        }
        Ok(Pixels::owned(layout, out))
    }

    /// `dst[i] = (2^21 + w₀·src[c + i] + Σₖ wₖ·(src[bₖ + i] + src[aₖ + i])) >> 22`
    /// for each of the `dst.len()` samples, where c is `centre` and
    /// (bₖ, aₖ) = `taps[k − 1]`, k = 1 ..= radius.
    fn convolve(
        &self,
        src: &[u8],
        centre: usize,
        taps: &[(usize, usize)],
        acc: &mut [u32],
        dst: &mut [u8],
    ) {
        #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
        if dst.len() >= crate::simd::STRIP {
            return self.convolve_strips(src, centre, taps, dst);
        }
        self.convolve_rows(src, centre, taps, acc, dst);
    }

    /// [`Self::convolve`] a tap at a time over the whole row, the sums in
    /// `acc` (as long as `dst`): loops that the compiler vectorises.
    fn convolve_rows(
        &self,
        src: &[u8],
        centre: usize,
        taps: &[(usize, usize)],
        acc: &mut [u32],
        dst: &mut [u8],
    ) {
        let n = dst.len();
        let w0 = self.weights[0];
        for (a, &c) in acc.iter_mut().zip(&src[centre..][..n]) {
            *a = HALF + w0 * u32::from(c);
        }
        for (&(before, after), &w) in taps.iter().zip(&self.weights[1..]) {
            let pairs = src[before..][..n].iter().zip(&src[after..][..n]);
            for (a, (&b, &f)) in acc.iter_mut().zip(pairs) {
                *a += w * (u32::from(b) + u32::from(f));
            }
        }
        for (d, &a) in dst.iter_mut().zip(acc.iter()) {
            *d = (a >> SHIFT) as u8;
        }
    }

    /// [`Self::convolve`] with simd128, 16 samples at a time with every tap
    /// summed in registers (see `simd.rs`), for rows of at least 16
    /// samples. The same integer sums, so the same result.
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    fn convolve_strips(&self, src: &[u8], centre: usize, taps: &[(usize, usize)], dst: &mut [u8]) {
        use crate::simd::{load, mul_add, shift8, strip_starts, widen, STRIP};
        use core::arch::wasm32::{u16x8_add, u32x4_splat};

        let w0 = u32x4_splat(self.weights[0]);
        for x in strip_starts(dst.len()) {
            let mut acc = [u32x4_splat(HALF); 4];
            mul_add(&mut acc, w0, widen(load(&src[centre + x..])));
            for (&(before, after), &w) in taps.iter().zip(&self.weights[1..]) {
                let (b_lo, b_hi) = widen(load(&src[before + x..]));
                let (a_lo, a_hi) = widen(load(&src[after + x..]));
                // Pairs of samples, at most 510: u16 lanes hold them.
                let pairs = (u16x8_add(b_lo, a_lo), u16x8_add(b_hi, a_hi));
                mul_add(&mut acc, u32x4_splat(w), pairs);
            }
            // Each sum is at most 255 · 2^22 + 2^21: ≤ 255 after the shift.
            dst[x..x + STRIP].copy_from_slice(&shift8(acc, SHIFT));
        }
    }
}

/// Copies `src` (one row) into the middle of `padded` and repeats its first
/// and last pixels over the `pad` samples on either side.
fn pad_row(src: &[u8], padded: &mut [u8], pad: usize, channels: usize) {
    let (left, rest) = padded.split_at_mut(pad);
    let (middle, right) = rest.split_at_mut(src.len());
    middle.copy_from_slice(src);
    let first = &src[..channels];
    let last = &src[src.len() - channels..];
    for px in left.chunks_exact_mut(channels) {
        px.copy_from_slice(first);
    }
    for px in right.chunks_exact_mut(channels) {
        px.copy_from_slice(last);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Straightforward float reference: the WIT definition, term by term.
    fn reference(input: &Image, radius: u32) -> Vec<u8> {
        let width = input.width as usize;
        let height = input.height as usize;
        let channels = usize::from(input.channels);
        let reach = i64::from(radius);
        let sigma = f64::from(radius) / 3.0;
        let taps: Vec<(i64, f64)> = (-reach..=reach)
            .map(|d| (d, (-(d * d) as f64 / (2.0 * sigma * sigma)).exp()))
            .collect();
        let total: f64 = taps.iter().map(|(_, weight)| weight).sum();
        let clamp =
            |pos: usize, d: i64, len: usize| (pos as i64 + d).clamp(0, len as i64 - 1) as usize;
        let pass = |src: &[u8], horizontal: bool| -> Vec<u8> {
            let mut out = vec![0u8; src.len()];
            for y in 0..height {
                for x in 0..width {
                    for ch in 0..channels {
                        let mut sum = 0.0;
                        for &(d, weight) in &taps {
                            let (sx, sy) = if horizontal {
                                (clamp(x, d, width), y)
                            } else {
                                (x, clamp(y, d, height))
                            };
                            sum +=
                                weight / total * f64::from(src[(sy * width + sx) * channels + ch]);
                        }
                        out[(y * width + x) * channels + ch] =
                            (sum + 0.5).floor().clamp(0.0, 255.0) as u8;
                    }
                }
            }
            out
        };
        pass(&pass(&input.data, true), false)
    }

    fn pattern(len: usize) -> Vec<u8> {
        (0..len)
            .map(|i| ((i * 37 + i / 7 * 11) % 256) as u8)
            .collect()
    }

    #[test]
    fn weights_sum_to_one_and_are_symmetric_decreasing() {
        for radius in [1, 2, 5, 17, 100, 256] {
            let k = Kernel::new(radius).unwrap().unwrap();
            assert_eq!(k.radius(), radius as usize);
            let sum: u64 = u64::from(k.weights[0])
                + 2 * k.weights[1..].iter().map(|&w| u64::from(w)).sum::<u64>();
            assert_eq!(sum, u64::from(ONE));
            assert!(k.weights.windows(2).all(|p| p[0] >= p[1]));
        }
    }

    #[test]
    fn radius_zero_is_identity() {
        let input = Image::new(3, 2, 3, pattern(18));
        assert_eq!(blur(input.clone(), 0).unwrap(), input);
        assert_eq!(Kernel::new(0), Ok(None));
    }

    #[test]
    fn radius_over_256_is_invalid() {
        let input = Image::new(1, 1, 1, vec![9]);
        assert!(blur(input.clone(), 256).is_ok());
        for radius in [257, 1000, u32::MAX] {
            assert!(matches!(
                blur(input.clone(), radius),
                Err(Error::InvalidFormat(m)) if m.contains("radius")
            ));
        }
    }

    #[test]
    fn matches_float_reference_within_one() {
        for (w, h, c, r) in [
            (7, 5, 1, 1),
            (9, 4, 2, 2),
            (16, 9, 3, 3),
            (5, 7, 4, 5),
            (3, 2, 3, 10),
            (1, 1, 4, 7),
            (1, 6, 1, 2),
            (6, 1, 2, 2),
        ] {
            let input = Image::new(w, h, c, pattern((w * h) as usize * usize::from(c)));
            let got = blur(input.clone(), r).unwrap();
            assert_eq!((got.width, got.height, got.channels), (w, h, c));
            let want = reference(&input, r);
            for (g, e) in got.data.iter().zip(&want) {
                assert!(g.abs_diff(*e) <= 1, "{w}x{h}x{c} r={r}: {g} vs {e}");
            }
        }
    }

    #[test]
    fn radius_larger_than_image() {
        // Clamped edges: a 2-pixel image blurred with a huge radius tends to
        // the weighted mean of its two pixels.
        let out = blur(Image::new(2, 1, 1, vec![0, 255]), 256).unwrap();
        assert_eq!(out.data.len(), 2);
        assert!(out.data[0] < out.data[1]);
        let want = reference(&Image::new(2, 1, 1, vec![0, 255]), 256);
        for (g, e) in out.data.iter().zip(&want) {
            assert!(g.abs_diff(*e) <= 1);
        }
    }

    #[test]
    fn invalid_image() {
        assert!(matches!(
            blur(Image::new(2, 2, 0, vec![]), 1),
            Err(Error::InvalidFormat(_))
        ));
        assert!(matches!(
            blur(Image::new(2, 2, 1, vec![0; 3]), 1),
            Err(Error::InvalidFormat(_))
        ));
        assert_eq!(
            blur(Image::new(1, 16_385, 1, vec![]), 1),
            Err(Error::OutOfMemory)
        );
    }
}
