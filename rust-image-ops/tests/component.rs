//! The built component (`build/components/image-ops.wasm`, or the file named
//! by `$IMAGE_OPS_COMPONENT`) in wasmtime: the golden checks and the error
//! table of `tests/support/cases.rs`, exactly as natively, then the
//! component against the native crate, sample for sample, on seeded random
//! images (the wasm32 build takes the simd128 paths, the native one not).
//!
//! No input may trap the component: every call must return `Ok(Ok(_))` or
//! `Ok(Err(_))`, a trap fails the test. A missing component fails every test
//! (`make test-image-ops` builds it first).

#[path = "support/cases.rs"]
mod cases;
#[path = "support/component.rs"]
mod component;
#[path = "support/rng.rs"]
mod rng;

use rng::Rng;

use std::sync::OnceLock;

use cases::{check_error_paths, check_golden, check_manifest_ops, Ops};
use component::{Call, Instance, Loaded, WitImage};
use image_ops::{Error, FilterOptions, Image};

/// The component, compiled once for all the tests of this process.
fn loaded() -> &'static Loaded {
    static LOADED: OnceLock<Result<Loaded, String>> = OnceLock::new();
    LOADED
        .get_or_init(|| Loaded::new(&component::default_component_path()))
        .as_ref()
        .unwrap_or_else(|e| panic!("{e}"))
}

/// A fresh instance behind the crate's types.
struct Wasm(Instance);

impl Wasm {
    fn new() -> Self {
        Self(loaded().instantiate())
    }
}

/// The component's result in the crate's types; a trap fails the test.
fn lift<T, U: From<T>>(what: &str, call: Call<T>) -> Result<U, Error> {
    match call {
        Ok(result) => result.map(U::from).map_err(Error::from),
        Err(trap) => panic!("{what}: the component trapped: {trap:?}"),
    }
}

impl Ops for Wasm {
    fn grayscale(&mut self, img: &Image) -> Result<Image, Error> {
        lift("grayscale", self.0.grayscale(&img.into()))
    }

    fn blur(&mut self, img: &Image, radius: u32) -> Result<Image, Error> {
        lift("blur", self.0.blur(&img.into(), radius))
    }

    fn resize(&mut self, img: &Image, width: u32, height: u32) -> Result<Image, Error> {
        lift("resize", self.0.resize(&img.into(), width, height))
    }

    fn apply_filter(&mut self, img: &Image, opts: &FilterOptions) -> Result<Image, Error> {
        lift(
            "apply-filter",
            self.0.apply_filter(&img.into(), opts.into()),
        )
    }

    fn batch_process(
        &mut self,
        images: &[Image],
        opts: &FilterOptions,
    ) -> Result<Vec<Image>, Error> {
        let images: Vec<WitImage> = images.iter().map(Into::into).collect();
        let out: Vec<WitImage> = lift("batch-process", self.0.batch_process(&images, opts.into()))?;
        Ok(out.into_iter().map(Into::into).collect())
    }
}

#[test]
fn grayscale_matches_pillow_exactly() {
    check_golden(&mut Wasm::new(), "grayscale");
}

#[test]
fn resize_matches_pillow_exactly() {
    check_golden(&mut Wasm::new(), "resize");
}

#[test]
fn blur_matches_float_oracle_within_one() {
    check_golden(&mut Wasm::new(), "blur");
}

#[test]
fn apply_filter_matches_float_oracle_within_one() {
    check_golden(&mut Wasm::new(), "apply-filter");
}

#[test]
fn every_golden_case_is_checked() {
    check_manifest_ops();
}

#[test]
fn error_paths_return_errors_without_trapping() {
    // One instance for the whole table: no call may leave it unusable.
    let mut wasm = Wasm::new();
    check_error_paths(&mut wasm);
    let img = Image {
        width: 2,
        height: 1,
        channels: 3,
        data: vec![10, 20, 30, 40, 50, 60],
    };
    assert_eq!(wasm.grayscale(&img), image_ops::grayscale(img));
}

#[test]
fn missing_component_is_a_clear_error() {
    let Err(message) = Loaded::new("/nonexistent/image-ops.wasm".as_ref()) else {
        panic!("loaded a component that does not exist");
    };
    assert!(
        message.contains("/nonexistent/image-ops.wasm") && message.contains("make image-ops"),
        "{message}"
    );
}

/// Fails unless the component's result is the native one, naming the first
/// differing sample rather than printing whole images.
#[track_caller]
fn assert_identical(got: &Result<Image, Error>, want: &Result<Image, Error>, what: &str) {
    match (got, want) {
        (Ok(g), Ok(w)) => {
            assert_eq!(
                (g.width, g.height, g.channels, g.data.len()),
                (w.width, w.height, w.channels, w.data.len()),
                "{what}: shape"
            );
            let differ = g.data.iter().zip(&w.data).filter(|(a, b)| a != b).count();
            if let Some(i) = g.data.iter().zip(&w.data).position(|(a, b)| a != b) {
                panic!(
                    "{what}: {differ} samples differ, the first at {i}: component {}, native {}",
                    g.data[i], w.data[i]
                );
            }
        }
        (Err(g), Err(w)) => assert_eq!(g, w, "{what}"),
        _ => panic!(
            "{what}: component {}, native {}",
            summary(got),
            summary(want)
        ),
    }
}

fn summary(result: &Result<Image, Error>) -> String {
    match result {
        Ok(img) => format!("an image {}x{}x{}", img.width, img.height, img.channels),
        Err(e) => format!("error {e:?}"),
    }
}

/// Every operation, component and native, on `img`: identical results.
fn assert_same(wasm: &mut Wasm, rng: &mut Rng, img: &Image) {
    let what = format!("{}x{}x{}", img.width, img.height, img.channels);
    assert_identical(
        &wasm.grayscale(img),
        &image_ops::grayscale(img.clone()),
        &format!("grayscale {what}"),
    );
    let radius = if rng.range(0, 5) == 0 {
        rng.range(0, 256)
    } else {
        rng.range(1, 12)
    };
    assert_identical(
        &wasm.blur(img, radius),
        &image_ops::blur(img.clone(), radius),
        &format!("blur r={radius} {what}"),
    );
    let (w, h) = (
        rng.range(1, img.width * 2 + 3),
        rng.range(1, img.height * 2 + 3),
    );
    assert_identical(
        &wasm.resize(img, w, h),
        &image_ops::resize(img.clone(), w, h),
        &format!("resize {what} to {w}x{h}"),
    );
    let opts = FilterOptions {
        brightness: Some(rng.range(0, 200) as f32 / 100.0 - 1.0),
        contrast: Some(rng.range(0, 510) as f32 - 255.0),
        blur_radius: Some(rng.range(0, 6)),
    };
    assert_identical(
        &wasm.apply_filter(img, &opts),
        &image_ops::apply_filter(img.clone(), &opts),
        &format!("apply-filter {opts:?} {what}"),
    );
}

#[test]
fn same_as_native_on_random_images() {
    // Small and odd sizes: every remainder of the vectorised loops.
    let mut wasm = Wasm::new();
    let mut rng = Rng(0x1a9e);
    for _ in 0..300 {
        let (w, h, c) = (rng.range(1, 70), rng.range(1, 40), rng.range(1, 4) as u8);
        let img = rng.image_sized(w, h, c);
        assert_same(&mut wasm, &mut rng, &img);
    }
}

#[test]
fn same_as_native_on_large_images() {
    let mut wasm = Wasm::new();
    let mut rng = Rng(7);
    for (w, h, c) in [(1920, 1080, 3), (1001, 517, 4), (777, 333, 2), (4099, 3, 1)] {
        let img = rng.image_sized(w, h, c);
        assert_same(&mut wasm, &mut rng, &img);
    }
    // Downscaling by large factors (wide resize kernels).
    let img = rng.image_sized(3840, 2160, 3);
    for (w, h) in [(1920, 1080), (97, 31)] {
        assert_identical(
            &wasm.resize(&img, w, h),
            &image_ops::resize(img.clone(), w, h),
            &format!("resize 3840x2160x3 to {w}x{h}"),
        );
    }
}

#[test]
fn batch_same_as_native() {
    let mut wasm = Wasm::new();
    let mut rng = Rng(11);
    let images: Vec<Image> = (0..12)
        .map(|_| {
            let (w, h, c) = (rng.range(1, 50), rng.range(1, 50), rng.range(1, 4) as u8);
            rng.image_sized(w, h, c)
        })
        .collect();
    let opts = FilterOptions {
        brightness: Some(-0.2),
        contrast: Some(40.0),
        blur_radius: Some(3),
    };
    let got = wasm.batch_process(&images, &opts).expect("batch");
    let want = image_ops::batch_process(images, &opts).expect("native batch");
    assert_eq!(got.len(), want.len());
    for (i, (g, w)) in got.into_iter().zip(want).enumerate() {
        assert_identical(&Ok(g), &Ok(w), &format!("batch image {i}"));
    }
}
