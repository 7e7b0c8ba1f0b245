//! `bench-runner`: the Rust side of `make bench`. Each invocation times one
//! column (native Rust, the core wasm module, the composed component's
//! by-value functions, its frames, the pipeline through the scheduler) or
//! the component boundary, and prints
//! one JSON line per result for `bench/py/run.py`, which runs every column in
//! its own process (so that each has its own peak RSS) and writes the
//! table and chart.
//!
//! ```sh
//! cargo run --release -p bench-runner -- ops --column component --wasm build/image-pipeline.wasm \
//!   --hd build/bench/inputs/hd.ppm --uhd build/bench/inputs/uhd.ppm
//! ```

mod boundary;
mod codec_stages;
mod core_module;
mod image_file;
mod measure;
mod ops;
mod pipeline;

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use image_file::{read_ppm, Img};
use image_pipeline_host::pipeline::Pipeline;
use measure::{emit, samples, time_ms, Reps};
use ops::{Native, Op, Ops};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use wasmtime::Engine;

#[derive(Parser)]
#[command(
    about = "Times the image operations in one column of the benchmark table (see bench/README.md)"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Untimed runs before the timed ones.
    #[arg(long, global = true, default_value_t = 2)]
    warmup: usize,
    /// Timed runs (the table shows their median and spread).
    #[arg(long, global = true, default_value_t = 9)]
    reps: usize,
}

#[derive(Clone, Copy, ValueEnum)]
enum Column {
    /// This crate's `image_ops`, compiled for the host.
    Native,
    /// rust-image-ops' core wasm module through wasmtime's core API.
    Core,
    /// The composed component's by-value image-ops functions, in wasmtime.
    Component,
    /// The composed component's image-ops frames: from-image, apply,
    /// into-image, no scheduler.
    Frames,
    /// The composed component, through the scheduler (the host's path).
    Pipeline,
}

#[derive(Subcommand)]
enum Command {
    /// Grayscale and blur r=5 of a 1080p image, resize 4K → 1080p.
    Ops {
        #[arg(long, value_enum)]
        column: Column,
        /// The core module (--column core) or the composed component.
        #[arg(long)]
        wasm: Option<PathBuf>,
        /// The 1920×1080 RGB input (PPM).
        #[arg(long)]
        hd: PathBuf,
        /// The 3840×2160 RGB input (PPM).
        #[arg(long)]
        uhd: PathBuf,
    },
    /// A batch of images (blur r=5 then grayscale), on N workers with one
    /// instance each.
    Batch {
        #[arg(long, value_enum)]
        column: Column,
        #[arg(long)]
        wasm: Option<PathBuf>,
        /// The image every task starts from (PPM).
        #[arg(long)]
        input: PathBuf,
        #[arg(long, default_value_t = 100)]
        images: usize,
        #[arg(long, default_value_t = 1)]
        workers: usize,
    },
    /// JPEG decode and encode (quality 90, 4:2:0) through the codec component.
    Codec {
        /// The composed component.
        #[arg(long)]
        wasm: PathBuf,
        /// The column the results go to (a composition with another codec
        /// build is another column).
        #[arg(long, default_value = "component")]
        column: String,
        /// A 1080p JPEG to decode.
        #[arg(long)]
        jpeg: PathBuf,
        /// The 1080p image to encode (PPM).
        #[arg(long)]
        hd: PathBuf,
    },
    /// The codec's JPEG functions one by one (cpp-codec/bench/stages.c), in
    /// the SIMD build and in the plain-C build.
    CodecStages {
        /// stages.c linked against the SIMD build (a core module).
        #[arg(long)]
        simd: PathBuf,
        /// stages.c linked against the plain-C build.
        #[arg(long)]
        plain: PathBuf,
        /// A 1080p JPEG (the --hd image, encoded as the codec does).
        #[arg(long)]
        jpeg: PathBuf,
        /// The 1080p RGB image (PPM).
        #[arg(long)]
        hd: PathBuf,
    },
    /// Checks that every Rust-side column computes the same bytes as native
    /// Rust (grayscale, blur r=5, resize) on a small generated image: what
    /// the table compares is the same work (`make test-bench`).
    Check {
        /// rust-image-ops' core module.
        #[arg(long)]
        core: PathBuf,
        /// The composed pipeline.
        #[arg(long)]
        wasm: PathBuf,
    },
    /// Component boundary costs: empty calls, lists and handle calls
    /// host→guest, guest→host, guest→guest; frames and tasks in the
    /// composition; the identity task against a direct call.
    Boundary {
        /// The bench-only pair of components (bench/boundary/).
        #[arg(long)]
        pair: PathBuf,
        /// The composed pipeline.
        #[arg(long)]
        wasm: PathBuf,
    },
}

/// One engine per process, the host's: wasmtime's on-disk compilation
/// cache, no limits (compiling is not what is measured).
fn engine() -> Result<Engine> {
    image_pipeline_host::engine::new_engine()
}

fn column_name(column: Column) -> &'static str {
    match column {
        Column::Native => "native",
        Column::Core => "core wasm",
        Column::Component => "component",
        Column::Frames => "frames",
        Column::Pipeline => "pipeline",
    }
}

/// Makes one `Ops` per worker for `column`.
fn factory(
    column: Column,
    wasm: Option<&PathBuf>,
    count: usize,
) -> Result<Vec<Box<dyn Ops + Send>>> {
    let need = || wasm.context("--wasm is required for this column");
    let mut out: Vec<Box<dyn Ops + Send>> = Vec::new();
    match column {
        Column::Native => (0..count).for_each(|_| out.push(Box::new(Native))),
        Column::Core => {
            let module = core_module::CoreModule::load(&engine()?, need()?)?;
            for _ in 0..count {
                out.push(Box::new(module.instantiate()?));
            }
        }
        Column::Component | Column::Frames | Column::Pipeline => {
            let (runtime, ms) = time_ms(|| pipeline::load(need()?));
            let runtime = runtime?;
            eprintln!("  loaded the composition in {ms:.0} ms (wasmtime's cache)");
            for _ in 0..count {
                let inst = Pipeline::new(&runtime)?;
                out.push(match column {
                    Column::Component => Box::new(pipeline::Direct(inst)),
                    Column::Frames => Box::new(pipeline::Framed(inst)),
                    _ => Box::new(pipeline::Scheduled(inst)),
                });
            }
        }
    }
    Ok(out)
}

fn run_ops(column: Column, wasm: Option<&PathBuf>, hd: &Img, uhd: &Img, reps: Reps) -> Result<()> {
    let mut ops = factory(column, wasm, 1)?.pop().expect("one instance");
    let name = column_name(column);
    let rows: [(&str, &Img, Op); 3] = [
        ("grayscale 1080p", hd, Op::Grayscale),
        ("blur r=5 1080p", hd, Op::Blur(5)),
        ("resize 4K→1080p", uhd, Op::Resize(1920, 1080)),
    ];
    for (row, input, op) in rows {
        let ms = samples(reps, || {
            let img = input.clone();
            let (out, ms) = time_ms(|| ops.run(&[op], img));
            let out = out.expect("operation");
            std::hint::black_box(out);
            ms
        });
        emit("ops", row, name, &ms, &[]);
    }
    Ok(())
}

fn run_batch(
    column: Column,
    wasm: Option<&PathBuf>,
    input: &Img,
    images: usize,
    workers: usize,
    reps: Reps,
) -> Result<()> {
    if workers == 0 || images == 0 {
        bail!("--workers and --images must be at least 1");
    }
    let mut instances = factory(column, wasm, workers)?;
    let chain = [Op::Blur(5), Op::Grayscale];
    let ms = samples(reps, || {
        time_ms(|| {
            std::thread::scope(|scope| {
                for (k, ops) in instances.iter_mut().enumerate() {
                    scope.spawn(move || {
                        // Worker k takes images k, k + workers, …
                        for _ in (k..images).step_by(workers) {
                            let out = ops.run(&chain, input.clone()).expect("batch task");
                            std::hint::black_box(out);
                        }
                    });
                }
            });
        })
        .1
    });
    let row = format!(
        "batch of {images} ({workers} worker{})",
        if workers == 1 { "" } else { "s" }
    );
    emit(
        "batch",
        &row,
        column_name(column),
        &ms,
        &[("workers", workers as f64)],
    );
    Ok(())
}

/// JPEG decode and encode of the 1080p inputs, then PNG (the image encoded
/// by the codec itself, decoded again): the rows where the codec's SIMD build
/// and its plain-C build differ.
fn run_codec(wasm: &Path, column: &str, jpeg: &Path, hd: &Img, reps: Reps) -> Result<()> {
    let mut inst = Pipeline::new(&pipeline::load(wasm)?)?;
    let file = std::fs::read(jpeg).with_context(|| format!("cannot read {}", jpeg.display()))?;
    let img = pipeline::to_wit(hd.clone());
    let png = inst.encode(&img, "png").context("encode png")?;
    for (format, encoded) in [("JPEG", &file), ("PNG", &png)] {
        let ms = samples(reps, || {
            let (out, ms) = time_ms(|| inst.decode(encoded));
            std::hint::black_box(out.expect("decode"));
            ms
        });
        emit("codec", &format!("{format} decode 1080p"), column, &ms, &[]);
        let mut size = 0;
        let ms = samples(reps, || {
            let (out, ms) = time_ms(|| inst.encode(&img, &format.to_lowercase()));
            size = out.expect("encode").len();
            ms
        });
        emit(
            "codec",
            &format!("{format} encode 1080p"),
            column,
            &ms,
            &[("bytes", size as f64)],
        );
    }
    Ok(())
}

fn run_codec_stages(simd: &Path, plain: &Path, jpeg: &Path, hd: &Path, reps: Reps) -> Result<()> {
    let file = std::fs::read(jpeg).with_context(|| format!("cannot read {}", jpeg.display()))?;
    let rgb = read_ppm(hd)?;
    let engine = engine()?;
    codec_stages::run(&engine, "plain C", plain, &file, &rgb, reps)?;
    codec_stages::run(&engine, "SIMD", simd, &file, &rgb, reps)
}

/// A deterministic, irregular test image.
fn pattern(width: u32, height: u32, channels: u8) -> Img {
    let len = (width * height) as usize * usize::from(channels);
    let data = (0..len)
        .map(|i| ((i * 37 + i / 7 * 11) % 251) as u8)
        .collect();
    Img {
        width,
        height,
        channels,
        data,
    }
}

fn run_check(core: &Path, wasm: &Path) -> Result<bool> {
    // The table's rows, the batch's chain, and no step at all (the identity
    // task: the frame comes back as it went in).
    let cases: [(&str, &[Op]); 5] = [
        ("grayscale", &[Op::Grayscale]),
        ("blur r=5", &[Op::Blur(5)]),
        ("resize 67x45→33x21", &[Op::Resize(33, 21)]),
        ("blur r=5 then grayscale", &[Op::Blur(5), Op::Grayscale]),
        ("no step", &[]),
    ];
    let (mut passed, mut failed) = (0, 0);
    for column in [
        Column::Core,
        Column::Component,
        Column::Frames,
        Column::Pipeline,
    ] {
        let path = if matches!(column, Column::Core) {
            core
        } else {
            wasm
        };
        let mut ops = factory(column, Some(&path.to_path_buf()), 1)?
            .pop()
            .expect("one instance");
        for channels in 1..=4 {
            for (name, chain) in cases {
                let input = pattern(67, 45, channels);
                let want = Native.run(chain, input.clone())?;
                let got = ops.run(chain, input)?;
                let same = (got.width, got.height, got.channels, &got.data)
                    == (want.width, want.height, want.channels, &want.data);
                if same {
                    passed += 1;
                } else {
                    failed += 1;
                    eprintln!(
                        "FAIL {} {name}, {channels} channels: differs from native",
                        column_name(column)
                    );
                }
            }
        }
    }
    println!("bench-columns: {passed} passed, {failed} failed");
    Ok(failed == 0)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let reps = Reps {
        warmup: cli.warmup,
        timed: cli.reps.max(1),
    };
    let result = match &cli.command {
        Command::Ops {
            column,
            wasm,
            hd,
            uhd,
        } => read_ppm(hd)
            .and_then(|hd| Ok((hd, read_ppm(uhd)?)))
            .and_then(|(hd, uhd)| run_ops(*column, wasm.as_ref(), &hd, &uhd, reps)),
        Command::Batch {
            column,
            wasm,
            input,
            images,
            workers,
        } => read_ppm(input)
            .and_then(|img| run_batch(*column, wasm.as_ref(), &img, *images, *workers, reps)),
        Command::Codec {
            wasm,
            column,
            jpeg,
            hd,
        } => read_ppm(hd).and_then(|hd| run_codec(wasm, column, jpeg, &hd, reps)),
        Command::CodecStages {
            simd,
            plain,
            jpeg,
            hd,
        } => run_codec_stages(simd, plain, jpeg, hd, reps),
        Command::Boundary { pair, wasm } => {
            engine().and_then(|e| boundary::run(&e, pair, wasm, reps))
        }
        Command::Check { core, wasm } => match run_check(core, wasm) {
            Ok(true) => Ok(()),
            Ok(false) => return ExitCode::FAILURE,
            Err(e) => Err(e),
        },
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bench-runner: {e:#}");
            ExitCode::FAILURE
        }
    }
}
