//! Conversion to one channel of 8-bit luma.

use crate::image::{try_filled, Error, Image, Layout, Pixels};

/// ITU-R BT.601 luma weights in 16-bit fixed point (they sum to 65536).
const WEIGHT_R: u32 = 19_595;
const WEIGHT_G: u32 = 38_470;
const WEIGHT_B: u32 = 7_471;
const HALF: u32 = 1 << 15;

/// Converts `img` to one channel of luma.
///
/// RGB and RGBA: `(19595 R + 38470 G + 7471 B + 32768) >> 16`, exact, alpha
/// discarded; gray + alpha: the gray channel; gray: unchanged.
///
/// # Errors
/// An invalid image (see [`Image::layout`]); `out-of-memory` when the output
/// cannot be allocated.
pub fn grayscale(img: Image) -> Result<Image, Error> {
    grayscale_pixels(Pixels::from_image(img)?)?.into_image()
}

/// [`grayscale`] on valid samples: one channel comes back as it is.
pub(crate) fn grayscale_pixels(px: Pixels<'_>) -> Result<Pixels<'_>, Error> {
    let Pixels { layout, data } = &px;
    let data = match layout.channels {
        1 => return Ok(px),
        2 => first_channel::<2>(data, layout.pixels())?,
        3 => luma::<3>(data, layout.pixels())?,
        _ => luma::<4>(data, layout.pixels())?,
    };
    let layout = Layout {
        channels: 1,
        ..*layout
    };
    Ok(Pixels::owned(layout, data))
}

/// The luma of a pixel whose first three samples are R, G and B.
#[inline]
fn luma_of(r: u8, g: u8, b: u8) -> u8 {
    // At most 255 × 65536 + 32768 < 2^32, and the shift leaves ≤ 255.
    ((WEIGHT_R * u32::from(r) + WEIGHT_G * u32::from(g) + WEIGHT_B * u32::from(b) + HALF) >> 16)
        as u8
}

/// Pixels converted per block: 16 lanes of `u8`, one simd128 register.
const BLOCK: usize = 16;

/// The luma of each `C`-sample pixel of `data` (`pixels` of them).
fn luma<const C: usize>(data: &[u8], pixels: usize) -> Result<Vec<u8>, Error> {
    let mut out = try_filled(pixels, 0u8)?;
    let mut out_blocks = out.chunks_exact_mut(BLOCK);
    let mut in_blocks = data.chunks_exact(BLOCK * C);
    // De-interleave a block into planes first: the compiler turns the fixed
    // strides into shuffles and the arithmetic into `i32x4` lanes.
    for (o, px) in (&mut out_blocks).zip(&mut in_blocks) {
        let mut planes = [[0u8; BLOCK]; 3];
        for (i, p) in px.chunks_exact(C).enumerate() {
            planes[0][i] = p[0];
            planes[1][i] = p[1];
            planes[2][i] = p[2];
        }
        for (i, o) in o.iter_mut().enumerate() {
            *o = luma_of(planes[0][i], planes[1][i], planes[2][i]);
        }
    }
    for (o, p) in out_blocks
        .into_remainder()
        .iter_mut()
        .zip(in_blocks.remainder().chunks_exact(C))
    {
        *o = luma_of(p[0], p[1], p[2]);
    }
    Ok(out)
}

/// The first sample of each `C`-sample pixel (gray of gray + alpha).
fn first_channel<const C: usize>(data: &[u8], pixels: usize) -> Result<Vec<u8>, Error> {
    let mut out = try_filled(pixels, 0u8)?;
    for (o, px) in out.iter_mut().zip(data.chunks_exact(C)) {
        *o = px[0];
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rgb_uses_bt601_weights() {
        let out = grayscale(Image::new(
            4,
            1,
            3,
            vec![255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255],
        ))
        .unwrap();
        assert_eq!((out.width, out.height, out.channels), (4, 1, 1));
        // 19595 × 255 / 65536 = 76.2; 38470 × 255 / 65536 = 149.7; 7471 × 255 / 65536 = 29.1.
        assert_eq!(out.data, vec![76, 150, 29, 255]);
    }

    #[test]
    fn rgba_drops_alpha() {
        let out = grayscale(Image::new(2, 1, 4, vec![10, 20, 30, 0, 10, 20, 30, 255])).unwrap();
        assert_eq!(out.channels, 1);
        // (19595·10 + 38470·20 + 7471·30 + 32768) >> 16 = 18
        assert_eq!(out.data, vec![18, 18]);
    }

    #[test]
    fn gray_alpha_keeps_gray() {
        let out = grayscale(Image::new(3, 1, 2, vec![1, 100, 2, 200, 3, 0])).unwrap();
        assert_eq!(out.data, vec![1, 2, 3]);
        assert_eq!(out.channels, 1);
    }

    #[test]
    fn gray_unchanged() {
        let input = Image::new(2, 2, 1, vec![0, 64, 128, 255]);
        assert_eq!(grayscale(input.clone()).unwrap(), input);
    }

    #[test]
    fn exhaustive_formula_on_grays() {
        // R = G = B = v gives v exactly: the weights sum to 65536.
        let data: Vec<u8> = (0..=255u8).flat_map(|v| [v, v, v]).collect();
        let out = grayscale(Image::new(256, 1, 3, data)).unwrap();
        assert_eq!(out.data, (0..=255u8).collect::<Vec<_>>());
    }

    #[test]
    fn invalid_input() {
        assert!(matches!(
            grayscale(Image::new(2, 2, 3, vec![0; 11])),
            Err(Error::InvalidFormat(_))
        ));
        assert!(matches!(
            grayscale(Image::new(1, 1, 5, vec![0; 5])),
            Err(Error::InvalidFormat(_))
        ));
        assert_eq!(
            grayscale(Image::new(20_000, 1, 3, vec![0; 60_000])),
            Err(Error::OutOfMemory)
        );
    }
}
