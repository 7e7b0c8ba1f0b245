//! The crate, natively, against the oracles' outputs (`tests/golden/`,
//! written by `tests/oracle/generate.py`: Pillow for grayscale and resize,
//! numpy float64 for blur and apply-filter) and the table of error paths.
//! `tests/component.rs` runs the same checks through the built component;
//! both are in `tests/support/cases.rs`, with the tolerances.

#[path = "support/cases.rs"]
mod cases;

use cases::{check_error_paths, check_golden, check_manifest_ops, Ops};
use image_ops::{Error, FilterOptions, Frame, Image, Step};

/// The crate's functions, called directly.
struct Native;

impl Ops for Native {
    fn apply(&mut self, img: &Image, steps: &[Step]) -> Result<Image, Error> {
        Frame::new(img.clone())?
            .apply(steps.iter().copied())?
            .into_image()
    }

    fn grayscale(&mut self, img: &Image) -> Result<Image, Error> {
        image_ops::grayscale(img.clone())
    }

    fn blur(&mut self, img: &Image, radius: u32) -> Result<Image, Error> {
        image_ops::blur(img.clone(), radius)
    }

    fn resize(&mut self, img: &Image, width: u32, height: u32) -> Result<Image, Error> {
        image_ops::resize(img.clone(), width, height)
    }

    fn apply_filter(&mut self, img: &Image, opts: &FilterOptions) -> Result<Image, Error> {
        image_ops::apply_filter(img.clone(), opts)
    }

    fn batch_process(
        &mut self,
        images: &[Image],
        opts: &FilterOptions,
    ) -> Result<Vec<Image>, Error> {
        image_ops::batch_process(images.to_vec(), opts)
    }
}

#[test]
fn grayscale_matches_pillow_exactly() {
    check_golden(&mut Native, "grayscale");
}

#[test]
fn resize_matches_pillow_exactly() {
    check_golden(&mut Native, "resize");
}

#[test]
fn blur_matches_float_oracle_within_one() {
    check_golden(&mut Native, "blur");
}

#[test]
fn apply_filter_matches_float_oracle_within_one() {
    check_golden(&mut Native, "apply-filter");
}

#[test]
fn every_golden_case_is_checked() {
    check_manifest_ops();
}

#[test]
fn error_paths() {
    check_error_paths(&mut Native);
}
