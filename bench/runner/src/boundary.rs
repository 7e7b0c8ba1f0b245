//! The component boundary on its own: calls that do nothing but move their
//! data, host→guest, guest→host and guest→guest (the bench-only pair of
//! Rust components in `bench/boundary/`), and the Go scheduler's crossings
//! in the real composition.

use crate::measure::{emit, samples, time_ms, Reps};
use crate::ops::Op;
use crate::pipeline::{self, WitImage};
use anyhow::{ensure, Context, Result};
use std::hint::black_box;
use std::path::Path;
use wasmtime::component::{Component, Linker};
use wasmtime::{Engine, Store};

mod bindings {
    wasmtime::component::bindgen!({
        path: "../boundary/wit",
        world: "pair",
    });
}

/// The sizes measured: 1 KiB, 1 MiB and one 1080p RGB frame.
pub const SIZES: [(&str, usize); 3] = [
    ("1 KiB", 1024),
    ("1 MiB", 1 << 20),
    ("6.2 MB (1080p RGB)", 1920 * 1080 * 3),
];

/// Calls per timed sample: enough that one sample takes milliseconds.
fn calls_per_sample(len: usize) -> u32 {
    (8_000_000 / len.max(1)).clamp(2, 2000) as u32
}

pub fn run(engine: &Engine, pair_path: &Path, pipeline_path: &Path, reps: Reps) -> Result<()> {
    let component = Component::from_file(engine, pair_path)
        .map_err(anyhow::Error::from)
        .with_context(|| format!("cannot load {}", pair_path.display()))?;
    let mut store = Store::new(engine, ());
    let pair = bindings::Pair::instantiate(&mut store, &component, &Linker::new(engine))?;
    let sink = pair.bench_boundary_sink();
    let driver = pair.bench_boundary_driver();

    eprintln!("boundary: empty calls");
    let n = 10_000u32;
    let per =
        |ms: Vec<f64>, times: u32| ms.iter().map(|t| t / f64::from(times)).collect::<Vec<_>>();
    let host = samples(reps, || {
        time_ms(|| {
            for _ in 0..n {
                sink.call_nothing(&mut store).expect("nothing");
            }
        })
        .1
    });
    emit("boundary", "empty call", "host→guest", &per(host, n), &[]);
    let guest = guest_loop(reps, n, |times| {
        driver.call_call_nothing(&mut store, times).expect("loop")
    });
    emit("boundary", "empty call", "guest→guest args", &guest, &[]);

    for (label, len) in SIZES {
        eprintln!("boundary: list<u8> of {label}");
        let t = calls_per_sample(len);
        let bytes = vec![7u8; len];
        let words = vec![7u64; len / 8];
        let wide_len = (len / 8) as u32;
        let bytes_extra = [("bytes", len as f64)];

        let take = samples(reps, || {
            time_ms(|| {
                for _ in 0..t {
                    black_box(sink.call_take(&mut store, &bytes).expect("take"));
                }
            })
            .1
        });
        emit(
            "boundary",
            &format!("list<u8> {label}"),
            "host→guest",
            &per(take, t),
            &bytes_extra,
        );
        let give = samples(reps, || {
            time_ms(|| {
                for _ in 0..t {
                    drop(black_box(
                        sink.call_give(&mut store, len as u32).expect("give"),
                    ));
                }
            })
            .1
        });
        emit(
            "boundary",
            &format!("list<u8> {label}"),
            "guest→host",
            &per(give, t),
            &bytes_extra,
        );
        let g2g_take = guest_loop(reps, t, |times| {
            driver
                .call_call_take(&mut store, len as u32, times)
                .expect("loop");
        });
        emit(
            "boundary",
            &format!("list<u8> {label}"),
            "guest→guest args",
            &g2g_take,
            &bytes_extra,
        );
        let g2g_give = guest_loop(reps, t, |times| {
            driver
                .call_call_give(&mut store, len as u32, times)
                .expect("loop");
        });
        emit(
            "boundary",
            &format!("list<u8> {label}"),
            "guest→guest result",
            &g2g_give,
            &bytes_extra,
        );

        // The same bytes as 8-byte elements: the fused adapter copies lists
        // element by element, so this isolates the per-element cost.
        let wide = samples(reps, || {
            time_ms(|| {
                for _ in 0..t {
                    black_box(sink.call_take_wide(&mut store, &words).expect("take"));
                }
            })
            .1
        });
        emit(
            "boundary",
            &format!("list<u64> {label}"),
            "host→guest",
            &per(wide, t),
            &bytes_extra,
        );
        let g2g_wide = guest_loop(reps, t, |times| {
            driver
                .call_call_take_wide(&mut store, wide_len, times)
                .expect("loop");
        });
        emit(
            "boundary",
            &format!("list<u64> {label}"),
            "guest→guest args",
            &g2g_wide,
            &bytes_extra,
        );
        let g2g_wide_give = guest_loop(reps, t, |times| {
            driver
                .call_call_give_wide(&mut store, wide_len, times)
                .expect("loop");
        });
        emit(
            "boundary",
            &format!("list<u64> {label}"),
            "guest→guest result",
            &g2g_wide_give,
            &bytes_extra,
        );
    }
    go_crossings(engine, pipeline_path, reps)
}

/// Per-call time of a guest loop of `times` calls: the loop's time minus
/// the same loop with no calls (the host→guest call into the driver and
/// what it prepares), divided by `times`.
fn guest_loop(reps: Reps, times: u32, mut call: impl FnMut(u32)) -> Vec<f64> {
    samples(reps, || {
        let (_, full) = time_ms(|| call(times));
        let (_, empty) = time_ms(|| call(0));
        (full - empty).max(0.0) / f64::from(times)
    })
}

/// The crossings of the real composition: the image into the Go
/// scheduler (task constructor, then dropped) against the image into the
/// Rust image-ops (a record it rejects once received); and a task that
/// returns its image unchanged (grayscale of a 1-channel image) through
/// the scheduler against the same call made directly.
fn go_crossings(engine: &Engine, pipeline_path: &Path, reps: Reps) -> Result<()> {
    let loaded = pipeline::Loaded::load(engine, pipeline_path)?;
    let mut inst = loaded.instantiate()?;
    for (label, len) in SIZES {
        eprintln!("boundary: the composition, {label}");
        let extra = [("bytes", len as f64)];
        let t = calls_per_sample(len).min(200);
        let rejected = WitImage {
            width: 1,
            height: 1,
            channels: 0,
            data: vec![7; len],
        };
        let rust = samples(reps, || {
            time_ms(|| {
                for _ in 0..t {
                    let out = inst.direct(Op::Grayscale, &rejected);
                    assert!(out.is_err(), "channels 0 is rejected");
                }
            })
            .1 / f64::from(t)
        });
        emit(
            "composition",
            &format!("list<u8> {label}"),
            "host→Rust",
            &rust,
            &extra,
        );
        let go = samples(reps, || {
            time_ms(|| {
                for _ in 0..t {
                    inst.task_round(&rejected).expect("task");
                }
            })
            .1 / f64::from(t)
        });
        emit(
            "composition",
            &format!("list<u8> {label}"),
            "host→Go",
            &go,
            &extra,
        );

        // 1-channel: grayscale returns the image as it is.
        // Rows of 1080 when the size allows it, of 1024 otherwise (both
        // sizes here are multiples of one or the other).
        let width = if len % 1080 == 0 { len / 1080 } else { 1024 };
        let identity = WitImage {
            width: width as u32,
            height: (len / width) as u32,
            channels: 1,
            data: vec![7; len],
        };
        let direct = samples(reps, || {
            time_ms(|| {
                for _ in 0..t {
                    black_box(inst.direct(Op::Grayscale, &identity).expect("identity"));
                }
            })
            .1 / f64::from(t)
        });
        emit(
            "composition",
            &format!("identity {label}"),
            "direct",
            &direct,
            &extra,
        );
        let scheduled = samples(reps, || {
            time_ms(|| {
                for _ in 0..t {
                    let out = inst.scheduled(&[Op::Grayscale], &identity).expect("task");
                    black_box(out);
                }
            })
            .1 / f64::from(t)
        });
        ensure!(!scheduled.is_empty(), "no samples");
        emit(
            "composition",
            &format!("identity {label}"),
            "pipeline",
            &scheduled,
            &extra,
        );
    }
    Ok(())
}
