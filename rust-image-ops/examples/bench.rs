//! `make bench-ops`: the same operations, same source, timed three ways in
//! one process, printed as a markdown table:
//!
//! - native: this crate, release build, x86-64 baseline (no `-C target-cpu`);
//! - wasm SIMD: `build/components/image-ops.wasm` (simd128) in wasmtime;
//! - wasm scalar: the same source built without simd128, in wasmtime.
//!
//! A component call also copies the image into the guest's memory and the
//! result out of it. That copy is timed on its own, with calls that do
//! nothing else (an image the component rejects at once after receiving
//! it, and one it returns unchanged), and subtracted to give the compute
//! time; both are printed.
//!
//! ```sh
//! cargo run --release -p image-ops --example bench -- SIMD.wasm SCALAR.wasm [REPS]
//! ```

use std::hint::black_box;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use image_ops::{blur, grayscale, resize, Image};

#[allow(dead_code)] // Shared with the tests, which use all of it.
#[path = "../tests/support/component.rs"]
mod component;

use component::{Instance, Loaded, WitImage};

/// Untimed calls before the timed ones.
const WARM_UP: usize = 2;

/// What to run: the same operation natively and through the component.
#[derive(Clone, Copy)]
enum Op {
    Grayscale,
    Blur(u32),
    Resize(u32, u32),
}

impl Op {
    fn native(self, img: Image) -> Image {
        match self {
            Self::Grayscale => grayscale(img),
            Self::Blur(r) => blur(img, r),
            Self::Resize(w, h) => resize(img, w, h),
        }
        .expect("native operation")
    }

    fn component(self, instance: &mut Instance, img: &WitImage) -> WitImage {
        match self {
            Self::Grayscale => instance.grayscale(img),
            Self::Blur(r) => instance.blur(img, r),
            Self::Resize(w, h) => instance.resize(img, w, h),
        }
        .expect("no trap")
        .expect("component operation")
    }
}

/// The median of `reps` timings of `f` after [`WARM_UP`] untimed runs;
/// `f` returns the duration of the part to time.
fn median(reps: usize, mut f: impl FnMut() -> Duration) -> Duration {
    for _ in 0..WARM_UP {
        f();
    }
    let mut times: Vec<Duration> = (0..reps).map(|_| f()).collect();
    times.sort();
    times[reps / 2]
}

/// Deterministic, not too regular samples (xorshift noise over a gradient).
fn test_image(width: u32, height: u32, channels: u8) -> Image {
    let len = (width * height) as usize * usize::from(channels);
    let mut state = 0x2545_f491_u32;
    let data = (0..len)
        .map(|i| {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            ((i % 1024) / 4) as u8 ^ (state as u8 & 0x1f)
        })
        .collect();
    Image {
        width,
        height,
        channels,
        data,
    }
}

/// The copy part of a call that takes `input` bytes and returns `output`:
/// receiving `input` bytes (a record rejected right after it is received:
/// channels 0) plus returning `output` bytes (a 1-channel image that
/// grayscale returns unchanged, minus receiving it).
fn copy_time(instance: &mut Instance, reps: usize, input: usize, output: usize) -> Duration {
    let mut receive = |len: usize| {
        let img = WitImage {
            width: 1,
            height: 1,
            channels: 0,
            data: vec![7; len],
        };
        median(reps, || {
            let start = Instant::now();
            let result = instance.grayscale(&img).expect("no trap");
            let elapsed = start.elapsed();
            assert!(result.is_err(), "channels 0 is rejected");
            elapsed
        })
    };
    let (receive_input, receive_output) = (receive(input), receive(output));
    // `output` = 1080 rows of `output / 1080` samples (all sizes here).
    let identity = WitImage {
        width: (output / 1080) as u32,
        height: 1080,
        channels: 1,
        data: vec![7; output],
    };
    let round_trip = median(reps, || {
        let start = Instant::now();
        let out = instance.grayscale(&identity).expect("no trap");
        let elapsed = start.elapsed();
        drop(black_box(out));
        elapsed
    });
    receive_input + round_trip.saturating_sub(receive_output)
}

/// Timings of one operation through one component.
struct Wasm {
    total: Duration,
    copy: Duration,
}

impl Wasm {
    fn measure(instance: &mut Instance, reps: usize, op: Op, input: &Image) -> Self {
        let wit = WitImage::from(input);
        let mut output = 0;
        let total = median(reps, || {
            let start = Instant::now();
            let out = op.component(instance, &wit);
            let elapsed = start.elapsed();
            output = out.data.len();
            drop(black_box(out));
            elapsed
        });
        let copy = copy_time(instance, reps, wit.data.len(), output);
        Self { total, copy }
    }

    fn compute(&self) -> Duration {
        self.total.saturating_sub(self.copy)
    }
}

fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1e3)
}

fn ratio(a: Duration, b: Duration) -> String {
    format!("{:.2}×", a.as_secs_f64() / b.as_secs_f64())
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let simd_path = args
        .next()
        .map_or_else(component::default_component_path, PathBuf::from);
    let Some(scalar_path) = args.next().map(PathBuf::from) else {
        eprintln!("usage: bench SIMD.wasm SCALAR.wasm [REPS] (`make bench-ops` builds both)");
        return ExitCode::FAILURE;
    };
    let reps: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(11);

    let load = |path: &PathBuf| {
        let start = Instant::now();
        let loaded = Loaded::new(path)?;
        eprintln!("loaded {} in {} ms", path.display(), ms(start.elapsed()));
        Ok::<_, String>(loaded.instantiate())
    };
    let (mut simd, mut scalar) = match (load(&simd_path), load(&scalar_path)) {
        (Ok(simd), Ok(scalar)) => (simd, scalar),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("bench: {e}");
            return ExitCode::FAILURE;
        }
    };

    let hd = test_image(1920, 1080, 3);
    let uhd = test_image(3840, 2160, 3);
    let cases = [
        ("grayscale 1920×1080 RGB", Op::Grayscale, &hd),
        ("blur r=5 1920×1080 RGB", Op::Blur(5), &hd),
        (
            "resize 3840×2160→1920×1080 RGB",
            Op::Resize(1920, 1080),
            &uhd,
        ),
    ];

    println!("Median of {reps} runs after {WARM_UP} warm-up runs, in ms. wasm = wasmtime 48;");
    println!("copy = moving the image into the guest and the result out; compute = wasm − copy.");
    println!();
    println!(
        "| operation | native | wasm SIMD | copy | SIMD compute | SIMD ÷ native | \
         SIMD compute ÷ native | wasm scalar | scalar compute | scalar ÷ SIMD (compute) |"
    );
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (name, op, input) in cases {
        let native = median(reps, || {
            let img = input.clone();
            let start = Instant::now();
            let out = op.native(black_box(img));
            let elapsed = start.elapsed();
            drop(black_box(out));
            elapsed
        });
        let s = Wasm::measure(&mut simd, reps, op, input);
        let c = Wasm::measure(&mut scalar, reps, op, input);
        println!(
            "| {name} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            ms(native),
            ms(s.total),
            ms(s.copy),
            ms(s.compute()),
            ratio(s.total, native),
            ratio(s.compute(), native),
            ms(c.total),
            ms(c.compute()),
            ratio(c.compute(), s.compute()),
        );
    }
    ExitCode::SUCCESS
}
