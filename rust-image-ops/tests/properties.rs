//! Properties over many seeded random images: every channel count, 1 × 1 and
//! odd sizes, and malformed records that must fail cleanly, never panic.
//! Deterministic (a fixed-seed `SplitMix64`), so a failure reproduces.

use image_ops::{
    apply_filter, batch_process, blur, grayscale, resize, Error, FilterOptions, Image,
};

#[path = "support/rng.rs"]
mod rng;

use rng::Rng;

const ROUNDS: usize = 200;

fn channel_range(img: &Image, c: usize) -> (u8, u8) {
    let samples = img.data.iter().skip(c).step_by(usize::from(img.channels));
    samples.fold((u8::MAX, u8::MIN), |(lo, hi), &v| (lo.min(v), hi.max(v)))
}

#[test]
fn blur_preserves_constant_images() {
    let mut rng = Rng(1);
    for _ in 0..ROUNDS {
        let mut img = rng.image(24);
        let value = rng.byte();
        img.data.fill(value);
        let radius = if rng.range(0, 4) == 0 {
            rng.range(0, 256)
        } else {
            rng.range(0, 12)
        };
        let out = blur(img.clone(), radius).unwrap();
        assert_eq!(out, img, "radius {radius}");
    }
}

#[test]
fn blur_stays_within_each_channels_range_and_keeps_shape() {
    let mut rng = Rng(2);
    for _ in 0..ROUNDS {
        let img = rng.image(20);
        let radius = rng.range(0, 30);
        let out = blur(img.clone(), radius).unwrap();
        assert_eq!(
            (out.width, out.height, out.channels),
            (img.width, img.height, img.channels)
        );
        for c in 0..usize::from(img.channels) {
            let (lo, hi) = channel_range(&img, c);
            let (olo, ohi) = channel_range(&out, c);
            assert!(
                lo <= olo && ohi <= hi,
                "channel {c}: {lo}..{hi} → {olo}..{ohi}"
            );
        }
    }
}

#[test]
fn blur_commutes_with_mirroring() {
    // A symmetric kernel and symmetric edge handling: blurring a mirrored
    // image is mirroring the blurred one.
    let mut rng = Rng(3);
    let mirror = |img: &Image| {
        let c = usize::from(img.channels);
        let mut out = img.clone();
        for (src, dst) in img
            .data
            .chunks_exact(img.width as usize * c)
            .zip(out.data.chunks_exact_mut(img.width as usize * c))
        {
            for (s, d) in src.chunks_exact(c).rev().zip(dst.chunks_exact_mut(c)) {
                d.copy_from_slice(s);
            }
        }
        out
    };
    for _ in 0..ROUNDS / 4 {
        let img = rng.image(16);
        let radius = rng.range(1, 10);
        assert_eq!(
            blur(mirror(&img), radius).unwrap(),
            mirror(&blur(img, radius).unwrap())
        );
    }
}

#[test]
fn grayscale_of_equal_rgb_is_that_channel() {
    let mut rng = Rng(4);
    for _ in 0..ROUNDS {
        let mut img = rng.image(20);
        img.channels = if rng.range(0, 1) == 0 { 3 } else { 4 };
        let pixels = (img.width * img.height) as usize;
        let gray: Vec<u8> = (0..pixels).map(|_| rng.byte()).collect();
        img.data = gray
            .iter()
            .flat_map(|&v| {
                let alpha = rng.byte();
                [v, v, v, alpha].into_iter().take(usize::from(img.channels))
            })
            .collect();
        let out = grayscale(img.clone()).unwrap();
        assert_eq!(
            (out.width, out.height, out.channels),
            (img.width, img.height, 1)
        );
        assert_eq!(out.data, gray);
    }
}

#[test]
fn grayscale_shapes_for_every_channel_count() {
    let mut rng = Rng(5);
    for _ in 0..ROUNDS {
        let img = rng.image(20);
        let out = grayscale(img.clone()).unwrap();
        assert_eq!(out.channels, 1);
        assert_eq!(out.data.len(), (img.width * img.height) as usize);
        if img.channels <= 2 {
            let first: Vec<u8> = img
                .data
                .iter()
                .copied()
                .step_by(usize::from(img.channels))
                .collect();
            assert_eq!(out.data, first);
        }
    }
}

#[test]
fn resize_to_same_size_is_identity() {
    let mut rng = Rng(6);
    for _ in 0..ROUNDS {
        let img = rng.image(30);
        assert_eq!(resize(img.clone(), img.width, img.height).unwrap(), img);
    }
}

#[test]
fn resize_stays_within_each_channels_range() {
    // The triangle filter's weights are non-negative: no overshoot.
    let mut rng = Rng(7);
    for _ in 0..ROUNDS {
        let img = rng.image(20);
        let (w, h) = (rng.range(1, 45), rng.range(1, 45));
        let out = resize(img.clone(), w, h).unwrap();
        assert_eq!((out.width, out.height, out.channels), (w, h, img.channels));
        assert_eq!(out.data.len(), (w * h) as usize * usize::from(img.channels));
        for c in 0..usize::from(img.channels) {
            let (lo, hi) = channel_range(&img, c);
            let (olo, ohi) = channel_range(&out, c);
            assert!(lo <= olo && ohi <= hi, "{w}x{h} channel {c}");
        }
    }
}

#[test]
fn filter_without_effect_is_identity() {
    let mut rng = Rng(8);
    let neutral = [
        FilterOptions::default(),
        FilterOptions {
            brightness: Some(0.0),
            ..FilterOptions::default()
        },
        FilterOptions {
            contrast: Some(0.0),
            ..FilterOptions::default()
        },
        FilterOptions {
            blur_radius: Some(0),
            ..FilterOptions::default()
        },
        FilterOptions {
            brightness: Some(0.0),
            contrast: Some(0.0),
            blur_radius: Some(0),
        },
    ];
    for _ in 0..ROUNDS {
        let img = rng.image(16);
        for opts in &neutral {
            assert_eq!(apply_filter(img.clone(), opts).unwrap(), img, "{opts:?}");
        }
    }
}

#[test]
fn filter_keeps_alpha_without_blur() {
    let mut rng = Rng(9);
    for _ in 0..ROUNDS {
        let img = rng.image(16);
        let opts = FilterOptions {
            brightness: Some(rng.range(0, 200) as f32 / 100.0 - 1.0),
            contrast: Some(rng.range(0, 510) as f32 - 255.0),
            blur_radius: None,
        };
        let out = apply_filter(img.clone(), &opts).unwrap();
        let c = usize::from(img.channels);
        if c == 2 || c == 4 {
            let alpha = |i: &Image| {
                i.data
                    .iter()
                    .skip(c - 1)
                    .step_by(c)
                    .copied()
                    .collect::<Vec<_>>()
            };
            assert_eq!(alpha(&out), alpha(&img));
        }
    }
}

#[test]
fn batch_is_apply_filter_on_each() {
    let mut rng = Rng(10);
    for _ in 0..20 {
        let images: Vec<Image> = (0..rng.range(0, 6)).map(|_| rng.image(12)).collect();
        let opts = FilterOptions {
            brightness: Some(0.125),
            contrast: Some(-30.0),
            blur_radius: Some(rng.range(0, 4)),
        };
        let want: Vec<Image> = images
            .iter()
            .map(|i| apply_filter(i.clone(), &opts).unwrap())
            .collect();
        assert_eq!(batch_process(images, &opts).unwrap(), want);
    }
}

/// Whether `width × height` is within the limits of `types`.
fn within_limits(width: u32, height: u32) -> bool {
    (1..=16_384).contains(&width)
        && (1..=16_384).contains(&height)
        && u64::from(width) * u64::from(height) <= 67_108_864
}

/// `Ok` with a well-formed image when `accept`, else a proper error.
fn check_outcome(result: Result<Image, Error>, accept: bool, what: &str) {
    match result {
        Ok(out) => {
            assert!(accept, "{what}: accepted");
            assert_eq!(
                out.data.len(),
                (out.width * out.height) as usize * usize::from(out.channels),
                "{what}"
            );
        }
        Err(Error::InvalidFormat(m)) => assert!(!accept && !m.is_empty(), "{what}: {m}"),
        Err(Error::OutOfMemory) => assert!(!accept, "{what}: out of memory"),
        Err(e @ Error::ProcessingFailed(_)) => panic!("{what}: unexpected {e}"),
    }
}

#[test]
fn malformed_records_fail_cleanly() {
    // Random headers, data lengths and arguments: every operation returns a
    // well-formed image exactly when all are valid, an error otherwise, and
    // never panics.
    let mut rng = Rng(11);
    let special = [0, 1, 2, 16_383, 16_384, 16_385, 65_536, u32::MAX];
    let pick = |rng: &mut Rng| {
        if rng.range(0, 3) == 0 {
            special[rng.range(0, special.len() as u32 - 1) as usize]
        } else {
            rng.range(0, 9)
        }
    };
    let mut accepted = 0;
    for _ in 0..ROUNDS * 5 {
        let (width, height) = (pick(&mut rng), pick(&mut rng));
        let channels = rng.range(0, 6) as u8;
        // Half the time the length that matches, when that is small.
        let exact = u64::from(width) * u64::from(height) * u64::from(channels);
        let len = if rng.range(0, 1) == 0 && exact <= 4096 {
            exact as usize
        } else {
            rng.range(0, 300) as usize
        };
        let img = Image {
            width,
            height,
            channels,
            data: vec![7; len],
        };
        let valid =
            (1..=4).contains(&channels) && within_limits(width, height) && exact == len as u64;
        let what = format!("{width}x{height}x{channels} len {len}");

        check_outcome(grayscale(img.clone()), valid, &what);
        let radius = rng.range(0, 300);
        check_outcome(blur(img.clone(), radius), valid && radius <= 256, &what);
        let (tw, th) = (pick(&mut rng), pick(&mut rng));
        check_outcome(
            resize(img.clone(), tw, th),
            valid && within_limits(tw, th),
            &what,
        );
        let opts = FilterOptions {
            brightness: Some(0.5),
            contrast: Some(-20.0),
            blur_radius: Some(2),
        };
        check_outcome(apply_filter(img.clone(), &opts), valid, &what);
        let batch = batch_process(vec![img], &opts);
        assert_eq!(batch.is_ok(), valid, "{what}: batch");
        accepted += usize::from(valid);
    }
    // Both outcomes are well represented.
    assert!((100..900).contains(&accepted), "{accepted} valid records");
}

#[test]
fn over_the_limits_is_out_of_memory_everywhere() {
    // The header alone decides: an oversized image is `out-of-memory` even
    // with no data.
    for (width, height) in [
        (16_385, 1),
        (1, 16_385),
        (16_384, 4_097),
        (u32::MAX, u32::MAX),
    ] {
        let img = Image {
            width,
            height,
            channels: 3,
            data: Vec::new(),
        };
        assert_eq!(grayscale(img.clone()), Err(Error::OutOfMemory));
        assert_eq!(blur(img.clone(), 3), Err(Error::OutOfMemory));
        assert_eq!(resize(img.clone(), 10, 10), Err(Error::OutOfMemory));
        assert_eq!(
            apply_filter(img.clone(), &FilterOptions::default()),
            Err(Error::OutOfMemory)
        );
        assert_eq!(
            batch_process(vec![img], &FilterOptions::default()),
            Err(Error::OutOfMemory)
        );
    }
}
