//! Brightness, contrast and blur, in that order (`apply-filter`).
//!
//! Brightness and contrast map each colour sample independently, so both are
//! folded into one 256-entry lookup table computed in `f64`; each step rounds
//! half up and clamps to 0 ..= 255, as an 8-bit image operation would.

use std::borrow::Cow;

use crate::blur::Kernel;
use crate::image::{try_copy, Error, Image, Pixels};

/// Largest brightness magnitude.
pub const MAX_BRIGHTNESS: f32 = 1.0;
/// Largest contrast magnitude.
pub const MAX_CONTRAST: f32 = 255.0;

/// The adjustments of `apply-filter`; mirrors the WIT `filter-options`.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct FilterOptions {
    /// Added to every colour sample as `brightness × 255`; -1.0 ..= 1.0.
    pub brightness: Option<f32>,
    /// -255.0 ..= 255.0; factor `259 (c + 255) / (255 (259 − c))` applied as
    /// `f × (sample − 128) + 128`.
    pub contrast: Option<f32>,
    /// Gaussian blur radius, 0 ..= 256.
    pub blur_radius: Option<u32>,
}

/// Applies `opts` to `img`: brightness, contrast (colour channels only: the
/// alpha of 2- and 4-channel images is kept), then blur (every channel).
///
/// # Errors
/// An invalid image (see [`Image::layout`]); a NaN, infinite or
/// out-of-range option → `invalid-format`; `out-of-memory` when the blur
/// buffers cannot be allocated.
pub fn apply_filter(img: Image, opts: &FilterOptions) -> Result<Image, Error> {
    let px = Pixels::from_image(img)?;
    Filter::new(opts)?.apply(px)?.into_image()
}

/// Validated options, prepared once for any number of images.
#[derive(Debug, Clone)]
pub(crate) struct Filter {
    /// Brightness and contrast as a table; `None` when they change nothing.
    table: Option<[u8; 256]>,
    /// `None` without blur or for radius 0.
    blur: Option<Kernel>,
}

impl Filter {
    /// Checks and prepares `opts`.
    ///
    /// # Errors
    /// `invalid-format` for a NaN, infinite or out-of-range option.
    pub(crate) fn new(opts: &FilterOptions) -> Result<Self, Error> {
        let brightness = opts
            .brightness
            .map(|b| checked("brightness", b, MAX_BRIGHTNESS))
            .transpose()?;
        let contrast = opts
            .contrast
            .map(|c| checked("contrast", c, MAX_CONTRAST))
            .transpose()?;
        let blur = match opts.blur_radius {
            Some(radius) => Kernel::new(radius)?,
            None => None,
        };
        let table = tone_table(brightness, contrast);
        let identity = table.iter().enumerate().all(|(i, &v)| usize::from(v) == i);
        Ok(Self {
            table: (!identity).then_some(table),
            blur,
        })
    }

    /// Applies the prepared options to `px`: the tone table to owned samples
    /// in place, to borrowed ones in a copy (a `memcpy`, small beside the
    /// table lookups; blur alone reads borrowed samples without a copy).
    /// Options with no effect return `px` as it is.
    pub(crate) fn apply<'a>(&self, px: Pixels<'a>) -> Result<Pixels<'a>, Error> {
        let px = match &self.table {
            None => px,
            Some(table) => {
                let channels = px.layout.channels;
                let data = match px.data {
                    Cow::Owned(mut data) => {
                        map_colour(&mut data, channels, table);
                        data
                    }
                    Cow::Borrowed(src) => {
                        let mut data = try_copy(src)?;
                        map_colour(&mut data, channels, table);
                        data
                    }
                };
                Pixels::owned(px.layout, data)
            }
        };
        match &self.blur {
            Some(kernel) => kernel.apply(px),
            None => Ok(px),
        }
    }
}

/// `value` as `f64` if it is finite and within `-max ..= max`.
fn checked(name: &str, value: f32, max: f32) -> Result<f64, Error> {
    if value.is_finite() && (-max..=max).contains(&value) {
        Ok(f64::from(value))
    } else {
        Err(Error::invalid(format!(
            "{name} must be a finite number in -{max:.1} ..= {max:.1}, got {value}"
        )))
    }
}

/// The table of brightness then contrast, each rounded half up and clamped.
fn tone_table(brightness: Option<f64>, contrast: Option<f64>) -> [u8; 256] {
    let offset = brightness.map(|b| b * 255.0);
    let factor = contrast.map(|c| 259.0 * (c + 255.0) / (255.0 * (259.0 - c)));
    std::array::from_fn(|sample| {
        let mut v = sample as f64;
        if let Some(offset) = offset {
            v = to_sample(v + offset);
        }
        if let Some(factor) = factor {
            v = to_sample(factor * (v - 128.0) + 128.0);
        }
        // An integer in 0 ..= 255.
        v as u8
    })
}

/// Rounds half up and clamps to 0 ..= 255.
fn to_sample(v: f64) -> f64 {
    (v + 0.5).floor().clamp(0.0, 255.0)
}

/// Maps the colour samples of `data` through `table`: all of them for 1 and
/// 3 channels, all but the last (alpha) of each pixel for 2 and 4.
fn map_colour(data: &mut [u8], channels: usize, table: &[u8; 256]) {
    match channels {
        2 | 4 => {
            for px in data.chunks_exact_mut(channels) {
                let (colour, _alpha) = px.split_at_mut(channels - 1);
                for s in colour {
                    *s = table[usize::from(*s)];
                }
            }
        }
        _ => {
            for s in data {
                *s = table[usize::from(*s)];
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::blur::MAX_RADIUS;

    fn opts(brightness: Option<f32>, contrast: Option<f32>, blur: Option<u32>) -> FilterOptions {
        FilterOptions {
            brightness,
            contrast,
            blur_radius: blur,
        }
    }

    fn ramp(channels: u8) -> Image {
        let len = 256 * usize::from(channels);
        Image::new(
            256,
            1,
            channels,
            (0..len)
                .map(|i| (i / usize::from(channels)) as u8)
                .collect(),
        )
    }

    #[test]
    fn no_options_is_identity() {
        for channels in 1..=4 {
            let input = ramp(channels);
            assert_eq!(
                apply_filter(input.clone(), &FilterOptions::default()).unwrap(),
                input
            );
        }
    }

    #[test]
    fn neutral_options_are_identity() {
        let input = ramp(3);
        for o in [
            opts(Some(0.0), None, None),
            opts(None, Some(0.0), None),
            opts(Some(-0.0), Some(0.0), Some(0)),
        ] {
            assert_eq!(apply_filter(input.clone(), &o).unwrap(), input);
        }
    }

    #[test]
    fn brightness_adds_and_clamps() {
        let out = apply_filter(ramp(1), &opts(Some(0.5), None, None)).unwrap();
        // +127.5, rounded half up: 0 → 128, 127 → 255 (254.5 → 255), 200 → 255.
        assert_eq!(out.data[0], 128);
        assert_eq!(out.data[126], 254);
        assert_eq!(out.data[127], 255);
        assert_eq!(out.data[200], 255);
        let out = apply_filter(ramp(1), &opts(Some(-1.0), None, None)).unwrap();
        assert!(out.data.iter().all(|&v| v == 0));
        let out = apply_filter(ramp(1), &opts(Some(1.0), None, None)).unwrap();
        assert!(out.data.iter().all(|&v| v == 255));
    }

    #[test]
    fn contrast_formula() {
        // c = 255: f = 259 · 510 / (255 · 4) = 129.5; everything but 128 saturates.
        let out = apply_filter(ramp(1), &opts(None, Some(255.0), None)).unwrap();
        assert_eq!(out.data[127], 0);
        assert_eq!(out.data[128], 128);
        assert_eq!(out.data[129], 255);
        // c = −255: f = 0, everything becomes 128.
        let out = apply_filter(ramp(1), &opts(None, Some(-255.0), None)).unwrap();
        assert!(out.data.iter().all(|&v| v == 128));
        // c = 64: f = 259 · 319 / (255 · 195) ≈ 1.6615; 0 → round(−84.67) → 0, 200 → 247.6 → 248.
        let out = apply_filter(ramp(1), &opts(None, Some(64.0), None)).unwrap();
        assert_eq!(out.data[0], 0);
        assert_eq!(out.data[200], 248);
    }

    #[test]
    fn brightness_then_contrast_then_blur() {
        // Brightness first: 100 + 51 = 151, then contrast f ≈ 1.6615:
        // 1.6615 · 23 + 128 = 166.2 → 166. Contrast first would give
        // round(1.6615 · −28 + 128) + 51 = 132.
        let input = Image::new(1, 1, 1, vec![100]);
        let out = apply_filter(input, &opts(Some(0.2), Some(64.0), Some(3))).unwrap();
        assert_eq!(out.data, vec![166]);
    }

    #[test]
    fn alpha_kept_by_tone_blurred_by_blur() {
        let input = Image::new(2, 1, 4, vec![10, 20, 30, 40, 50, 60, 70, 80]);
        let out = apply_filter(input.clone(), &opts(Some(0.1), Some(30.0), None)).unwrap();
        assert_eq!(out.data[3], 40);
        assert_eq!(out.data[7], 80);
        assert_ne!(out.data[..3], input.data[..3]);
        let out = apply_filter(
            Image::new(2, 1, 2, vec![10, 0, 50, 255]),
            &opts(Some(0.5), None, None),
        )
        .unwrap();
        assert_eq!(out.data, vec![138, 0, 178, 255]);
        let out = apply_filter(
            Image::new(2, 1, 2, vec![10, 0, 50, 255]),
            &opts(None, None, Some(1)),
        )
        .unwrap();
        assert!(out.data[1] > 0 && out.data[3] < 255);
    }

    #[test]
    fn invalid_options() {
        let input = Image::new(1, 1, 3, vec![1, 2, 3]);
        let bad = [
            opts(Some(f32::NAN), None, None),
            opts(Some(f32::INFINITY), None, None),
            opts(Some(f32::NEG_INFINITY), None, None),
            opts(Some(1.000_001), None, None),
            opts(Some(-1.5), None, None),
            opts(None, Some(f32::NAN), None),
            opts(None, Some(f32::INFINITY), None),
            opts(None, Some(255.1), None),
            opts(None, Some(-256.0), None),
            opts(None, None, Some(257)),
            opts(None, None, Some(u32::MAX)),
        ];
        for o in bad {
            assert!(
                matches!(
                    apply_filter(input.clone(), &o),
                    Err(Error::InvalidFormat(_))
                ),
                "{o:?}"
            );
        }
        for o in [
            opts(Some(-1.0), Some(-255.0), Some(MAX_RADIUS)),
            opts(Some(1.0), Some(255.0), Some(0)),
        ] {
            assert!(apply_filter(input.clone(), &o).is_ok());
        }
    }

    #[test]
    fn invalid_image() {
        let o = opts(Some(0.1), None, None);
        assert!(matches!(
            apply_filter(Image::new(1, 1, 3, vec![1]), &o),
            Err(Error::InvalidFormat(_))
        ));
        assert_eq!(
            apply_filter(Image::new(16_385, 1, 1, vec![0; 16_385]), &o),
            Err(Error::OutOfMemory)
        );
    }
}
