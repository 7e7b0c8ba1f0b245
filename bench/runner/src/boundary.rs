//! The component boundary on its own: calls that do nothing but move their
//! data, host→guest, guest→host and guest→guest (the bench-only pair of
//! Rust components in `bench/boundary/`); calls that move a handle to a
//! resource the callee keeps (construct, derive = borrow in and own out,
//! drop), host→guest and guest→guest; and in the real composition, frames
//! in and out of image-ops, a frame's handle into the Go scheduler, and the
//! identity task against a direct call.

use crate::measure::{emit, samples, time_ms, Reps};
use crate::ops::Op;
use crate::pipeline;
use anyhow::{ensure, Context, Result};
use image_pipeline_host::bindings::{ComponentError, Image, ImagePipeline, Step};
use image_pipeline_host::engine::HostState;
use image_pipeline_host::pipeline::Pipeline;
use std::hint::black_box;
use std::path::Path;
use wasmtime::component::{Component, Linker, ResourceAny};
use wasmtime::{Engine, Store};

mod bindings {
    wasmtime::component::bindgen!({
        path: "../boundary/wit",
        world: "pair",
    });
}

/// The list sizes measured: 1 KiB, 1 MiB and one 1080p RGB frame.
pub const SIZES: [(&str, usize); 3] = [
    ("1 KiB", 1024),
    ("1 MiB", 1 << 20),
    ("6.2 MB (1080p RGB)", 1920 * 1080 * 3),
];

/// Calls per timed sample: enough that one sample takes milliseconds.
fn calls_per_sample(len: usize) -> u32 {
    (8_000_000 / len.max(1)).clamp(2, 2000) as u32
}

// One table, row by row: splitting it would scatter its columns.
#[allow(clippy::too_many_lines)]
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
        driver.call_call_nothing(&mut store, times).expect("loop");
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
    handles(&mut store, &pair, reps);
    composition(pipeline_path, reps)
}

/// The handle rows of the boundary table.
const CONSTRUCT: &str = "handle: construct";
const DERIVE: &str = "handle: derive (borrow → own)";
const DROP: &str = "handle: drop";

/// Handle calls on the callee's `cell`, per call: host→guest through
/// wasmtime's `ResourceAny`, guest→guest from the caller component (loops
/// of `times` minus the same call with none, as `guest_loop`).
fn handles(store: &mut Store<()>, pair: &bindings::Pair, reps: Reps) {
    let sink = pair.bench_boundary_sink();
    let driver = pair.bench_boundary_driver();
    let n = 10_000u32;
    eprintln!("boundary: handle calls");
    let mut kept: Vec<ResourceAny> = Vec::new();

    let construct = samples(reps, || {
        let ((), ms) = time_ms(|| {
            for i in 0..n {
                kept.push(sink.cell().call_constructor(&mut *store, i).expect("new"));
            }
        });
        drop_all(store, &mut kept);
        ms / f64::from(n)
    });
    emit("boundary", CONSTRUCT, "host→guest", &construct, &[]);
    let derive = samples(reps, || {
        let src = sink.cell().call_constructor(&mut *store, 0).expect("new");
        let ((), ms) = time_ms(|| {
            for _ in 0..n {
                kept.push(sink.call_derive(&mut *store, src).expect("derive"));
            }
        });
        kept.push(src);
        drop_all(store, &mut kept);
        ms / f64::from(n)
    });
    emit("boundary", DERIVE, "host→guest", &derive, &[]);
    let drop = samples(reps, || {
        for i in 0..n {
            kept.push(sink.cell().call_constructor(&mut *store, i).expect("new"));
        }
        time_ms(|| drop_all(store, &mut kept)).1 / f64::from(n)
    });
    emit("boundary", DROP, "host→guest", &drop, &[]);

    // The caller component's loops; cells it keeps are dropped between
    // samples (untimed), except in the drop row, which times just that.
    let per_call = |full: f64, empty: f64| (full - empty).max(0.0) / f64::from(n);
    let construct = samples(reps, || {
        let full = time_ms(|| driver.call_call_construct(&mut *store, n).expect("loop")).1;
        let empty = time_ms(|| driver.call_call_construct(&mut *store, 0).expect("loop")).1;
        driver.call_drop_cells(&mut *store).expect("drop");
        per_call(full, empty)
    });
    emit("boundary", CONSTRUCT, "guest→guest args", &construct, &[]);
    let derive = samples(reps, || {
        driver.call_call_derive(&mut *store, 0).expect("first cell");
        let full = time_ms(|| driver.call_call_derive(&mut *store, n).expect("loop")).1;
        let empty = time_ms(|| driver.call_call_derive(&mut *store, 0).expect("loop")).1;
        driver.call_drop_cells(&mut *store).expect("drop");
        per_call(full, empty)
    });
    emit("boundary", DERIVE, "guest→guest args", &derive, &[]);
    let drop = samples(reps, || {
        driver.call_call_construct(&mut *store, n).expect("loop");
        let (count, full) = time_ms(|| driver.call_drop_cells(&mut *store).expect("drop"));
        assert_eq!(count, n, "the caller kept every cell");
        let empty = time_ms(|| driver.call_drop_cells(&mut *store).expect("drop")).1;
        per_call(full, empty)
    });
    emit("boundary", DROP, "guest→guest args", &drop, &[]);
}

/// Per-call time of a guest loop of `times` calls: the loop's time minus
/// the same loop with no calls (the host→guest call into the driver and
/// what it prepares), divided by `times`.
fn guest_loop(reps: Reps, times: u32, mut call: impl FnMut(u32)) -> Vec<f64> {
    samples(reps, || {
        let ((), full) = time_ms(|| call(times));
        let ((), empty) = time_ms(|| call(0));
        (full - empty).max(0.0) / f64::from(times)
    })
}

/// Drops every handle in `kept`, one call each.
fn drop_all(store: &mut Store<()>, kept: &mut Vec<ResourceAny>) {
    for cell in kept.drain(..) {
        cell.resource_drop(&mut *store).expect("drop");
    }
}

/// The images of the composition rows: the sizes of `SIZES`, 1 KiB and
/// 1 MiB as one-channel images, then the 1080p RGB frame.
const SHAPES: [(&str, u32, u32, u8); 3] = [
    ("1 KiB", 32, 32, 1),
    ("1 MiB", 1024, 1024, 1),
    ("6.2 MB (1080p RGB)", 1920, 1080, 3),
];

/// One instance of the composition, called handle by handle through the
/// host's bindings: what these rows time is each call itself, without
/// [`Pipeline`]'s bookkeeping.
struct Handles {
    store: Store<HostState>,
    exports: ImagePipeline,
}

impl Handles {
    /// `frame.from-image`: the one copy into image-ops.
    fn frame(&mut self, img: &Image) -> Result<ResourceAny> {
        let ops = self.exports.example_image_processing_image_ops();
        Ok(ops
            .frame()
            .call_from_image(&mut self.store, img)?
            .map_err(ComponentError)?)
    }

    /// `frame.into-image`: consumes `frame`, the one copy out.
    fn take_image(&mut self, frame: ResourceAny) -> Result<Image> {
        let ops = self.exports.example_image_processing_image_ops();
        Ok(ops
            .frame()
            .call_into_image(&mut self.store, frame)?
            .map_err(ComponentError)?)
    }

    /// A scheduler task that owns `frame`: the handle moves into Go.
    fn task(&mut self, frame: ResourceAny, steps: &[Step]) -> Result<ResourceAny> {
        let scheduler = self.exports.example_image_processing_scheduler();
        Ok(scheduler
            .task()
            .call_constructor(&mut self.store, frame, steps)?)
    }

    /// Drops a handle the host owns (a frame or a task).
    fn drop_handle(&mut self, handle: ResourceAny) -> Result<()> {
        Ok(handle.resource_drop(&mut self.store)?)
    }
}

/// The real composition, per size: a frame made from an image and dropped
/// (one copy into image-ops), made and read back with `into-image` (in and
/// out), and a frame moved into a scheduler task that is then dropped
/// unsubmitted (the handle into Go, whose destructor drops the frame in
/// image-ops; the frame is made untimed). Then the identity: a task with no
/// steps, as the host runs it ([`Pipeline::run_task`]), against the direct
/// by-value call that returns its image unchanged (`blur` radius 0): both
/// copy the image in and out once, so the difference is what the scheduler
/// and the handles cost.
fn composition(pipeline_path: &Path, reps: Reps) -> Result<()> {
    let runtime = pipeline::load(pipeline_path)?;
    let (store, exports) = runtime.instantiate()?;
    let mut inst = Handles { store, exports };
    let mut host = Pipeline::new(&runtime)?;
    let grayscale = [pipeline::step(Op::Grayscale)];
    for (label, width, height, channels) in SHAPES {
        eprintln!("boundary: the composition, {label}");
        let len = (width * height) as usize * usize::from(channels);
        let extra = [("bytes", len as f64)];
        let t = calls_per_sample(len).min(200);
        let img = Image {
            width,
            height,
            channels,
            data: vec![7; len],
        };
        let per = |ms: f64| ms / f64::from(t);
        let row = format!("frame {label}");

        let made = samples(reps, || {
            per(time_ms(|| {
                for _ in 0..t {
                    let frame = inst.frame(&img).expect("from-image");
                    inst.drop_handle(frame).expect("drop");
                }
            })
            .1)
        });
        emit("composition", &row, "from-image + drop", &made, &extra);
        let round = samples(reps, || {
            per(time_ms(|| {
                for _ in 0..t {
                    let frame = inst.frame(&img).expect("from-image");
                    black_box(inst.take_image(frame).expect("into-image"));
                }
            })
            .1)
        });
        emit(
            "composition",
            &row,
            "from-image + into-image",
            &round,
            &extra,
        );
        let task = samples(reps, || {
            let frames: Vec<ResourceAny> = (0..t)
                .map(|_| inst.frame(&img).expect("from-image"))
                .collect();
            per(time_ms(|| {
                for frame in frames {
                    let task = inst.task(frame, &grayscale).expect("task");
                    inst.drop_handle(task).expect("drop");
                }
            })
            .1)
        });
        emit("composition", &row, "task(frame) + drop", &task, &extra);

        let row = format!("identity {label}");
        let direct = samples(reps, || {
            per(time_ms(|| {
                for _ in 0..t {
                    let out = host.apply_by_value(&img, Step::Blur(0));
                    black_box(out.expect("identity"));
                }
            })
            .1)
        });
        emit("composition", &row, "direct", &direct, &extra);
        let scheduled = samples(reps, || {
            per(time_ms(|| {
                for _ in 0..t {
                    black_box(host.run_task(&img, &[]).expect("task"));
                }
            })
            .1)
        });
        ensure!(!scheduled.is_empty(), "no samples");
        emit("composition", &row, "pipeline", &scheduled, &extra);
    }
    Ok(())
}
