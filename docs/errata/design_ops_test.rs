//! Tests the design's Rust image operations (§2.2), included verbatim from
//! design-image-ops.rs, against what the contract asks of them. The design's
//! code compiles; these tests fail on it, each on one fault:
//!
//! `rustc --edition 2021 --test -A warnings -o build/docs/design-ops docs/errata/design_ops_test.rs`

/// The design's `image` record, as its bindings would generate it.
#[derive(Clone, Debug, PartialEq)]
pub struct Image {
    pub width: u32,
    pub height: u32,
    pub channels: u8,
    pub data: Vec<u8>,
}

/// The design's `error` variant, as its bindings would generate it.
#[derive(Debug)]
pub enum Error {
    InvalidFormat(String),
    ProcessingFailed(String),
    OutOfMemory,
}

include!("design-image-ops.rs");

fn image(width: u32, height: u32, channels: u8, data: Vec<u8>) -> Image {
    Image {
        width,
        height,
        channels,
        data,
    }
}

/// RGBA is accepted (`channels < 3` is the only check), then read three
/// bytes per pixel: the second pixel's luma comes from the first's alpha.
#[test]
fn grayscale_of_rgba_reads_four_bytes_a_pixel() {
    let red_then_green = image(2, 1, 4, vec![255, 0, 0, 255, 0, 255, 0, 255]);
    let luma = |r: f32, g: f32, b: f32| (0.299 * r + 0.587 * g + 0.114 * b) as u8;
    let want = vec![luma(255.0, 0.0, 0.0), luma(0.0, 255.0, 0.0)];
    assert_eq!(grayscale(red_then_green).unwrap().data, want);
}

/// Radius 0 gives sigma 0, so the one kernel weight is exp(0 / 0) = NaN,
/// and every pixel becomes `NaN as u8`, 0.
#[test]
fn blur_radius_0_leaves_the_image_unchanged() {
    let gray = image(1, 1, 1, vec![200]);
    assert_eq!(blur(gray.clone(), 0).unwrap(), gray);
}

/// The convolution indexes `data[py * width + px]`, one byte a pixel: on
/// RGB it blurs the first third of the bytes as if gray, and leaves the rest 0.
#[test]
fn blur_of_a_uniform_rgb_image_keeps_it_uniform() {
    let flat = image(2, 2, 3, vec![100; 12]);
    assert_eq!(blur(flat.clone(), 1).unwrap().data, flat.data);
}

/// `data` shorter than width × height × 3 is indexed out of bounds: a
/// panic, which in a component is a trap, where the contract asks for an
/// `invalid-format` error.
#[test]
fn grayscale_of_short_data_is_an_error() {
    let short = image(2, 2, 3, vec![0; 3]);
    assert!(grayscale(short).is_err());
}
