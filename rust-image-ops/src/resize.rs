//! Resampling with a triangle (bilinear) filter, the algorithm of Pillow's
//! `Image.resize(size, Image.BILINEAR)` (`libImaging/Resample.c`), reproduced
//! bit for bit for each channel:
//!
//! - for each output column (row) the coefficients are precomputed in `f64`:
//!   the filter support is 1 source pixel, widened by the scale factor when
//!   downscaling, so that every source pixel contributes; they are normalised
//!   to sum 1 and converted to 22-bit fixed point;
//! - a horizontal pass over the source rows that the vertical pass needs, then
//!   a vertical pass, each rounding to 8 bits (`(Σ + 2^21) >> 22`, clamped);
//! - a dimension that does not change skips its pass.
//!
//! Pillow resizes `RGBA` and `LA` images premultiplied; here every channel is
//! resampled independently (straight alpha), like Pillow on each band.

use std::ops::Range;

use crate::image::{check_target, try_filled, try_with_capacity, Error, Image, Layout, Pixels};

/// Pillow's `PRECISION_BITS` for 8-bit samples: 32 − 8 − 2.
const PRECISION_BITS: u32 = 22;
const HALF: i32 = 1 << (PRECISION_BITS - 1);

/// Resamples `img` to `width × height`, channels kept.
///
/// # Errors
/// An invalid image (see [`Image::layout`]); a zero target size or one over
/// the limits → `invalid-format`; `out-of-memory` when the buffers cannot be
/// allocated.
pub fn resize(img: Image, width: u32, height: u32) -> Result<Image, Error> {
    resize_pixels(Pixels::from_image(img)?, width, height)?.into_image()
}

/// [`resize`] on valid samples; the same size comes back as it is. The
/// passes read the input where it is (borrowed or owned) and write new
/// buffers, so a frame's pixels are never copied first.
pub(crate) fn resize_pixels(px: Pixels<'_>, width: u32, height: u32) -> Result<Pixels<'_>, Error> {
    let layout = px.layout;
    check_target(width, height)?;
    let target = Layout {
        width: width as usize,
        height: height as usize,
        ..layout
    };
    let need_horizontal = target.width != layout.width;
    let need_vertical = target.height != layout.height;
    if !need_horizontal && !need_vertical {
        return Ok(px);
    }

    let mut vertical = Coefficients::new(layout.height, target.height)?;
    if !need_horizontal {
        // The vertical pass alone, reading the input where it is.
        let data = resample_columns(&px.data, target.row_len(), &vertical)?;
        return Ok(Pixels::owned(target, data));
    }
    let horizontal = Coefficients::new(layout.width, target.width)?;
    // Only the source rows that the vertical pass reads.
    let rows = vertical.span();
    vertical.shift(rows.start);
    let data = resample_rows(&px.data, layout, rows, &horizontal)?;
    let data = if need_vertical {
        resample_columns(&data, target.row_len(), &vertical)?
    } else {
        data
    };
    Ok(Pixels::owned(target, data))
}

/// The fixed-point filter of each output position: which source positions
/// it reads and with what weights.
#[derive(Debug)]
struct Coefficients {
    /// Weights per output position (unused tail zero).
    ksize: usize,
    /// First source position and number of them, per output position.
    bounds: Vec<(usize, usize)>,
    /// `ksize` weights per output position, summing to about 2^22.
    weights: Vec<i32>,
}

impl Coefficients {
    /// Pillow's `precompute_coeffs` + `normalize_coeffs_8bpc` for the
    /// bilinear filter, from `in_size` positions to `out_size` (both ≥ 1 and
    /// ≤ 16384).
    fn new(in_size: usize, out_size: usize) -> Result<Self, Error> {
        let scale = in_size as f64 / out_size as f64;
        let filter_scale = scale.max(1.0);
        // The triangle filter's support is 1.
        let support = filter_scale;
        let ksize = support.ceil() as usize * 2 + 1;
        let inv_scale = 1.0 / filter_scale;
        let mut weights = try_filled(out_size.saturating_mul(ksize), 0i32)?;
        let mut bounds = try_with_capacity(out_size)?;
        let mut raw = try_filled(ksize, 0.0f64)?;
        for (xx, out_weights) in weights.chunks_exact_mut(ksize).enumerate() {
            let center = (xx as f64 + 0.5) * scale;
            // C's `(int)` truncates toward zero, as does `as`.
            let min = ((center - support + 0.5) as i64).max(0) as usize;
            let end = ((center + support + 0.5) as i64).clamp(0, in_size as i64) as usize;
            let count = end.saturating_sub(min).min(ksize);
            let mut total = 0.0;
            for (x, w) in raw[..count].iter_mut().enumerate() {
                *w = triangle(((x + min) as f64 - center + 0.5) * inv_scale);
                total += *w;
            }
            for (out, &w) in out_weights.iter_mut().zip(&raw[..count]) {
                let w = if total == 0.0 { w } else { w / total };
                *out = to_fixed(w);
            }
            bounds.push((min, count));
        }
        Ok(Self {
            ksize,
            bounds,
            weights,
        })
    }

    /// The source positions read by any output position.
    fn span(&self) -> Range<usize> {
        let first = self.bounds.first().map_or(0, |&(min, _)| min);
        let end = self.bounds.last().map_or(0, |&(min, count)| min + count);
        first..end
    }

    /// Makes the source positions relative to `origin`.
    fn shift(&mut self, origin: usize) {
        for (min, _) in &mut self.bounds {
            *min = min.saturating_sub(origin);
        }
    }

    /// `(first source position, weights)` for each output position.
    fn iter(&self) -> impl Iterator<Item = (usize, &[i32])> {
        self.bounds
            .iter()
            .zip(self.weights.chunks_exact(self.ksize))
            .map(|(&(min, count), w)| (min, &w[..count]))
    }
}

/// Pillow's `bilinear_filter`.
fn triangle(x: f64) -> f64 {
    let x = x.abs();
    if x < 1.0 {
        1.0 - x
    } else {
        0.0
    }
}

/// Pillow's conversion of a weight to fixed point: round half away from
/// zero, computed as C does.
fn to_fixed(w: f64) -> i32 {
    let scaled = w * f64::from(1u32 << PRECISION_BITS);
    if w < 0.0 {
        (scaled - 0.5) as i32
    } else {
        (scaled + 0.5) as i32
    }
}

/// Pillow's `clip8`: fixed point to an 8-bit sample.
#[inline]
fn clip8(sum: i32) -> u8 {
    (sum >> PRECISION_BITS).clamp(0, 255) as u8
}

/// The horizontal pass over source `rows`: one output row per source row,
/// `coeffs.bounds.len()` pixels wide.
fn resample_rows(
    src: &[u8],
    layout: Layout,
    rows: Range<usize>,
    coeffs: &Coefficients,
) -> Result<Vec<u8>, Error> {
    match layout.channels {
        1 => resample_rows_n::<1>(src, layout.width, rows, coeffs),
        2 => resample_rows_n::<2>(src, layout.width, rows, coeffs),
        3 => resample_rows_n::<3>(src, layout.width, rows, coeffs),
        _ => resample_rows_n::<4>(src, layout.width, rows, coeffs),
    }
}

fn resample_rows_n<const C: usize>(
    src: &[u8],
    in_width: usize,
    rows: Range<usize>,
    coeffs: &Coefficients,
) -> Result<Vec<u8>, Error> {
    let in_row = in_width * C;
    let out_row = coeffs.bounds.len() * C;
    let mut out = try_filled(rows.len() * out_row, 0u8)?;
    let src_rows = &src[rows.start * in_row..rows.end * in_row];
    for (src_row, dst_row) in src_rows
        .chunks_exact(in_row)
        .zip(out.chunks_exact_mut(out_row))
    {
        for ((min, weights), dst) in coeffs.iter().zip(dst_row.chunks_exact_mut(C)) {
            pixel::<C>(src_row, min * C, weights, dst);
        }
    }
    Ok(out)
}

/// One output pixel of the horizontal pass: `dst[c] = clip8(HALF +
/// Σ_k weights[k] · row[start + k·C + c])`, one channel at a time.
#[inline]
fn pixel<const C: usize>(row: &[u8], start: usize, weights: &[i32], dst: &mut [u8]) {
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    if C > 1 {
        // Four samples from each pixel on: while they are within the row.
        let end = start + weights.len() * C + (4 - C);
        if let Some(window) = row.get(start..end) {
            dst.copy_from_slice(&pixel_lanes(window, C, weights)[..C]);
            return;
        }
    }
    let window = &row[start..][..weights.len() * C];
    let mut sums = [HALF; C];
    for (px, &w) in window.chunks_exact(C).zip(weights) {
        for (s, &p) in sums.iter_mut().zip(px) {
            *s += i32::from(p) * w;
        }
    }
    for (d, &s) in dst.iter_mut().zip(&sums) {
        *d = clip8(s);
    }
}

/// [`pixel`] with simd128 and the channels of a pixel side by side in the
/// lanes of one `i32x4`: one load, widening, multiply and add per tap
/// instead of `channels` of each; the same sums, the same result. `window`
/// holds the pixels the weights apply to and `4 − channels` samples more
/// (read into the unused lanes).
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
#[inline]
fn pixel_lanes(window: &[u8], channels: usize, weights: &[i32]) -> [u8; 4] {
    use core::arch::wasm32::{
        i16x8_narrow_i32x4, i32x4_add, i32x4_mul, i32x4_shr, i32x4_splat, u16x8_extend_low_u8x16,
        u32x4, u32x4_extend_low_u16x8, u32x4_extract_lane, u8x16_narrow_i16x8,
    };
    let mut acc = i32x4_splat(HALF);
    for (px, &w) in window.windows(4).step_by(channels).zip(weights) {
        let px = u32::from_le_bytes([px[0], px[1], px[2], px[3]]);
        let px = u32x4_extend_low_u16x8(u16x8_extend_low_u8x16(u32x4(px, 0, 0, 0)));
        acc = i32x4_add(acc, i32x4_mul(px, i32x4_splat(w)));
    }
    // clip8 per lane: the arithmetic shift, then saturating narrowing to i16
    // (the value is within ±2^9) and to u8 (clamps to 0 ..= 255).
    let v = i32x4_shr(acc, PRECISION_BITS);
    let v = i16x8_narrow_i32x4(v, v);
    u32x4_extract_lane::<0>(u8x16_narrow_i16x8(v, v)).to_le_bytes()
}

/// The vertical pass: each output row from the source rows its coefficients
/// name; rows are `row_len` samples.
fn resample_columns(src: &[u8], row_len: usize, coeffs: &Coefficients) -> Result<Vec<u8>, Error> {
    let mut out = try_filled(coeffs.bounds.len() * row_len, 0u8)?;
    let mut acc = try_filled(row_len, 0i32)?;
    for ((min, weights), dst) in coeffs.iter().zip(out.chunks_exact_mut(row_len)) {
        let rows = &src[min * row_len..][..weights.len() * row_len];
        column_row(rows, weights, &mut acc, dst);
    }
    Ok(out)
}

/// One output row of the vertical pass: `dst[i] = clip8(HALF + Σ_k
/// weights[k] · rows[k · n + i])`, n = `dst.len()`; `acc` (as long as `dst`)
/// holds the sums, row after row: loops that the compiler vectorises.
fn column_row(rows: &[u8], weights: &[i32], acc: &mut [i32], dst: &mut [u8]) {
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    if dst.len() >= crate::simd::STRIP {
        return column_strips(rows, weights, dst);
    }
    acc.fill(HALF);
    for (row, &w) in rows.chunks_exact(dst.len()).zip(weights) {
        for (a, &p) in acc.iter_mut().zip(row) {
            *a += i32::from(p) * w;
        }
    }
    for (d, &a) in dst.iter_mut().zip(acc.iter()) {
        *d = clip8(a);
    }
}

/// [`column_row`] with simd128, 16 samples at a time with every source row
/// summed in registers (see `simd.rs`), for rows of at least 16 samples.
/// The same sums, the same result.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
fn column_strips(rows: &[u8], weights: &[i32], dst: &mut [u8]) {
    use crate::simd::{self, load, mul_add, strip_starts, widen, STRIP};
    use core::arch::wasm32::i32x4_splat;

    let n = dst.len();
    for x in strip_starts(n) {
        let mut acc = [i32x4_splat(HALF); 4];
        for (row, &w) in rows.chunks_exact(n).zip(weights) {
            mul_add(&mut acc, i32x4_splat(w), widen(load(&row[x..])));
        }
        dst[x..x + STRIP].copy_from_slice(&simd::clip8(acc, PRECISION_BITS));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pattern(len: usize) -> Vec<u8> {
        (0..len)
            .map(|i| ((i * 53 + i / 5 * 7) % 256) as u8)
            .collect()
    }

    #[test]
    fn same_size_is_identity() {
        let input = Image::new(5, 3, 3, pattern(45));
        assert_eq!(resize(input.clone(), 5, 3).unwrap(), input);
    }

    #[test]
    fn coefficients_are_normalised_and_in_bounds() {
        for (n_in, n_out) in [
            (1, 1),
            (1, 7),
            (7, 1),
            (10, 3),
            (3, 10),
            (100, 33),
            (16_384, 1),
        ] {
            let c = Coefficients::new(n_in, n_out).unwrap();
            assert_eq!(c.bounds.len(), n_out);
            for (min, weights) in c.iter() {
                assert!(!weights.is_empty());
                assert!(min + weights.len() <= n_in);
                let sum: i32 = weights.iter().sum();
                assert!(
                    (sum - (1 << PRECISION_BITS)).abs() <= weights.len() as i32,
                    "{sum}"
                );
            }
        }
    }

    #[test]
    fn upscale_2x_interpolates() {
        // Pillow: Image.frombytes('L', (2, 1), bytes([0, 200])).resize((4, 1), BILINEAR)
        let out = resize(Image::new(2, 1, 1, vec![0, 200]), 4, 1).unwrap();
        assert_eq!(out.data, vec![0, 50, 150, 200]);
    }

    #[test]
    fn downscale_averages_every_pixel() {
        // 4 → 1: the support widens to ±4 source pixels; the triangle
        // weights of the 4 pixels, normalised, are 5/24, 7/24, 7/24, 5/24.
        let out = resize(Image::new(4, 1, 1, vec![0, 0, 255, 255]), 1, 1).unwrap();
        assert_eq!(out.data, vec![128]);
        let out = resize(Image::new(1, 4, 2, vec![8, 0, 8, 0, 8, 255, 8, 255]), 1, 1).unwrap();
        assert_eq!(out.data, vec![8, 128]);
    }

    #[test]
    fn constant_image_stays_constant() {
        for channels in 1..=4u8 {
            let input = Image::new(7, 5, channels, vec![77; 35 * usize::from(channels)]);
            for (w, h) in [(1, 1), (3, 2), (7, 11), (20, 5), (13, 13)] {
                let out = resize(input.clone(), w, h).unwrap();
                assert_eq!((out.width, out.height, out.channels), (w, h, channels));
                assert!(out.data.iter().all(|&v| v == 77));
            }
        }
    }

    #[test]
    fn only_one_dimension_changes() {
        let input = Image::new(4, 3, 2, pattern(24));
        let wide = resize(input.clone(), 9, 3).unwrap();
        assert_eq!(wide.data.len(), 9 * 3 * 2);
        let tall = resize(input, 4, 8).unwrap();
        assert_eq!(tall.data.len(), 4 * 8 * 2);
    }

    #[test]
    fn bad_target_is_invalid() {
        let input = Image::new(2, 2, 1, vec![0; 4]);
        for (w, h) in [
            (0, 1),
            (1, 0),
            (0, 0),
            (16_385, 1),
            (1, 16_385),
            (16_384, 4097),
        ] {
            assert!(matches!(
                resize(input.clone(), w, h),
                Err(Error::InvalidFormat(m)) if m.contains("target")
            ));
        }
    }

    #[test]
    fn invalid_image() {
        assert!(matches!(
            resize(Image::new(2, 2, 3, vec![0; 3]), 1, 1),
            Err(Error::InvalidFormat(_))
        ));
        assert_eq!(
            resize(Image::new(16_385, 1, 1, vec![0; 16_385]), 1, 1),
            Err(Error::OutOfMemory)
        );
    }
}
