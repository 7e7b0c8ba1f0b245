//! The built component (`build/components/image-ops.wasm`, or the file named
//! by `$IMAGE_OPS_COMPONENT`) in wasmtime: the golden checks and the error
//! table of `tests/support/cases.rs`, exactly as natively, then the
//! component against the native crate, sample for sample, on seeded random
//! images (the wasm32 build takes the simd128 paths, the native one not).
//!
//! No input may trap the component: every call must return `Ok(Ok(_))` or
//! `Ok(Err(_))`, a trap fails the test. Frames are checked for their
//! lifetimes too: each handle is dropped, the misuse the component model
//! forbids is refused, and thousands of frames leave the memory as it was.
//! A missing component fails every test (`make test-image-ops` builds it
//! first).

#[path = "support/cases.rs"]
mod cases;
#[path = "support/component.rs"]
mod component;
#[path = "support/rng.rs"]
mod rng;

use rng::Rng;

use std::sync::OnceLock;

use cases::{check_error_paths, check_golden, check_manifest_ops, Ops};
use component::{Call, Instance, Loaded, WitImage, WitStep};
use image_ops::{Error, FilterOptions, Image, Step};

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
    fn apply(&mut self, img: &Image, steps: &[Step]) -> Result<Image, Error> {
        let src = lift("frame.from-image", self.0.frame_from_image(&img.into()))?;
        let steps: Vec<WitStep> = steps.iter().map(Into::into).collect();
        let result = lift("apply", self.0.apply(src, &steps));
        self.0.drop_frame(src).expect("dropping the source frame");
        let out = result?;
        let shape = self.0.frame_shape(out).expect("frame getters");
        let img: Image = lift("frame.into-image", self.0.frame_into_image(out))?;
        assert_eq!(
            shape,
            (img.width, img.height, img.channels),
            "frame getters"
        );
        Ok(img)
    }

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

fn frame_of(wasm: &mut Wasm, img: &Image) -> wasmtime::component::ResourceAny {
    wasm.0
        .frame_from_image(&img.into())
        .expect("no trap")
        .expect("a valid image")
}

#[test]
fn frames_are_borrowed_read_and_consumed() {
    let mut wasm = Wasm::new();
    let mut rng = Rng(5);
    let img = rng.image_sized(9, 7, 3);
    let src = frame_of(&mut wasm, &img);
    // Borrowed twice, and read back, the source is unchanged.
    let blur: Vec<WitStep> = vec![(&Step::Blur(2)).into()];
    let a = wasm.0.apply(src, &blur).unwrap().unwrap();
    let b = wasm.0.apply(src, &blur).unwrap().unwrap();
    let to_image = |wasm: &mut Wasm, f| Image::from(wasm.0.frame_to_image(f).unwrap().unwrap());
    assert_eq!(to_image(&mut wasm, src), img);
    assert_eq!(to_image(&mut wasm, a), to_image(&mut wasm, b));
    assert_eq!(
        to_image(&mut wasm, a),
        image_ops::blur(img.clone(), 2).unwrap()
    );
    // to-image leaves the frame; into-image consumes it.
    let out = Image::from(wasm.0.frame_into_image(a).unwrap().unwrap());
    assert_eq!(out, image_ops::blur(img.clone(), 2).unwrap());
    // A frame sharing its source's pixels reads back the same, before and
    // after the source is gone.
    let same = wasm.0.apply(src, &[]).unwrap().unwrap();
    wasm.0.drop_frame(src).unwrap();
    assert_eq!(
        Image::from(wasm.0.frame_into_image(same).unwrap().unwrap()),
        img
    );
    wasm.0.drop_frame(b).unwrap();
}

#[test]
fn using_a_dropped_or_moved_frame_is_refused() {
    // The WIT-defined misuse: the runtime refuses the handle (an `Err`, not
    // the component's `error`).
    let img = Image::new(2, 2, 1, vec![1, 2, 3, 4]);
    let mut wasm = Wasm::new();
    let dropped = frame_of(&mut wasm, &img);
    wasm.0.drop_frame(dropped).unwrap();
    assert!(wasm.0.frame_shape(dropped).is_err(), "used after drop");

    let mut wasm = Wasm::new();
    let moved = frame_of(&mut wasm, &img);
    wasm.0.frame_into_image(moved).unwrap().unwrap();
    assert!(wasm.0.apply(moved, &[]).is_err(), "borrowed after it moved");

    let mut wasm = Wasm::new();
    let twice = frame_of(&mut wasm, &img);
    wasm.0.drop_frame(twice).unwrap();
    assert!(wasm.0.drop_frame(twice).is_err(), "dropped twice");
}

#[test]
fn dropped_frames_leave_the_memory_as_it_was() {
    let mut wasm = Wasm::new();
    let mut rng = Rng(3);
    let img = rng.image_sized(64, 64, 3);
    let steps: Vec<WitStep> = [
        Step::Resize {
            width: 48,
            height: 80,
        },
        Step::Blur(3),
    ]
    .iter()
    .map(Into::into)
    .collect();
    let round = |wasm: &mut Wasm| {
        let src = frame_of(wasm, &img);
        let kept = wasm.0.apply(src, &steps).unwrap().unwrap();
        let read = wasm.0.apply(src, &[]).unwrap().unwrap();
        wasm.0.frame_into_image(read).unwrap().unwrap();
        wasm.0.drop_frame(src).unwrap();
        wasm.0.drop_frame(kept).unwrap();
    };
    for _ in 0..100 {
        round(&mut wasm);
    }
    let settled = wasm.0.memory_peak();
    for _ in 0..10_000 {
        round(&mut wasm);
    }
    assert_eq!(
        wasm.0.memory_peak(),
        settled,
        "10 000 rounds grew the memory"
    );
}
