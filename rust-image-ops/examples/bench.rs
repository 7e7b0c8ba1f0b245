//! Native timing of the operations on a 1920 × 1080 RGB image, the reference
//! for the component's speed (component ÷ native, same source).
//!
//! `cargo run --release -p image-ops --example bench [-- ITERATIONS]`

use std::hint::black_box;
use std::time::{Duration, Instant};

use image_ops::{apply_filter, blur, grayscale, resize, FilterOptions, Image};

/// An operation to time, by name.
type Op<'a> = (&'a str, Box<dyn Fn(Image) -> Image>);

fn main() {
    let iterations: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(10);
    let (width, height, channels) = (1920u32, 1080u32, 3u8);
    let len = (width * height) as usize * usize::from(channels);
    // A deterministic, not too regular pattern (xorshift noise over a gradient).
    let mut state = 0x2545_f491_u32;
    let data = (0..len)
        .map(|i| {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            ((i % 1024) / 4) as u8 ^ (state as u8 & 0x1f)
        })
        .collect();
    let img = Image {
        width,
        height,
        channels,
        data,
    };

    println!(
        "{width}x{height}x{channels}, best and median of {iterations} runs (input copy included)"
    );
    let filter = FilterOptions {
        brightness: Some(0.1),
        contrast: Some(20.0),
        blur_radius: Some(2),
    };
    let ops: [Op; 5] = [
        ("grayscale", Box::new(|i| grayscale(i).unwrap())),
        ("blur r=5", Box::new(|i| blur(i, 5).unwrap())),
        ("blur r=20", Box::new(|i| blur(i, 20).unwrap())),
        ("resize 960x540", Box::new(|i| resize(i, 960, 540).unwrap())),
        (
            "apply-filter b+c+r2",
            Box::new(move |i| apply_filter(i, &filter).unwrap()),
        ),
    ];
    for (name, op) in &ops {
        let mut times: Vec<Duration> = (0..iterations)
            .map(|_| {
                let start = Instant::now();
                black_box(op(black_box(img.clone())));
                start.elapsed()
            })
            .collect();
        times.sort();
        println!(
            "{name:>20}: best {:>8.2} ms  median {:>8.2} ms",
            times[0].as_secs_f64() * 1e3,
            times[times.len() / 2].as_secs_f64() * 1e3
        );
    }
}
