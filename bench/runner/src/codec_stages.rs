//! The codec's JPEG work one function at a time: cpp-codec/bench/stages.c,
//! built once against the SIMD build of the codec's libraries and once
//! against the plain-C build (two core modules that import nothing). Each
//! stage export runs one libjpeg function (the one that build selected for
//! the codec's settings) over the whole 1080p image; the two builds' times
//! give the per-function speed-ups of docs/benchmarks.md.

use crate::image_file::Img;
use crate::measure::{emit, samples, time_ms, Reps};
use anyhow::{anyhow, Context, Result};
use std::path::Path;
use wasmtime::{Engine, Linker, Memory, Module, Store, TypedFunc};

/// Export name and row, in pipeline order: decoding, then encoding.
const STAGES: [(&str, &str); 8] = [
    ("stage_huffman_decode", "decode: Huffman (entropy decoding)"),
    ("stage_idct", "decode: IDCT (islow, with dequantisation)"),
    ("stage_upsample", "decode: upsampling (fancy, 4:2:0)"),
    ("stage_ycc_rgb", "decode: colour conversion YCbCr→RGB"),
    ("stage_decode", "decode: whole (libjpeg API)"),
    ("stage_rgb_ycc", "encode: colour conversion RGB→YCbCr"),
    ("stage_downsample", "encode: downsampling (4:2:0)"),
    ("stage_huffman_encode", "encode: Huffman (entropy coding)"),
];

/// Sample conversion, FDCT and quantisation run block by block on one
/// workspace, so they are timed cumulatively, each run right after the one
/// before it, and reported as the differences.
const FORWARD_DCT: [(&str, &str); 3] = [
    ("stage_convsamp", "encode: sample conversion (convsamp)"),
    ("stage_convsamp_fdct", "encode: FDCT (islow)"),
    ("stage_forward_dct", "encode: quantisation"),
];
const WHOLE_ENCODE: (&str, &str) = ("stage_encode", "encode: whole (libjpeg API)");

/// Times every stage of the module at `path`, reported under `column`.
pub fn run(
    engine: &Engine,
    column: &str,
    path: &Path,
    jpeg: &[u8],
    rgb: &Img,
    reps: Reps,
) -> Result<()> {
    let module = Module::from_file(engine, path)
        .map_err(anyhow::Error::from)
        .with_context(|| format!("cannot load {}", path.display()))?;
    let mut store = Store::new(engine, ());
    let instance = Linker::new(engine).instantiate(&mut store, &module)?;
    // A reactor: its constructors run first.
    if let Ok(init) = instance.get_typed_func::<(), ()>(&mut store, "_initialize") {
        init.call(&mut store, ())?;
    }
    let memory = instance
        .get_memory(&mut store, "memory")
        .ok_or_else(|| anyhow!("{} exports no memory", path.display()))?;
    let alloc: TypedFunc<u32, u32> = instance.get_typed_func(&mut store, "stages_alloc")?;
    let jpeg_at = copy_in(&mut store, &memory, &alloc, jpeg)?;
    let rgb_at = copy_in(&mut store, &memory, &alloc, &rgb.data)?;
    let setup: TypedFunc<(u32, u32, u32, u32, u32), ()> =
        instance.get_typed_func(&mut store, "stages_setup")?;
    let jpeg_len = u32::try_from(jpeg.len())?;
    setup.call(
        &mut store,
        (jpeg_at, jpeg_len, rgb_at, rgb.width, rgb.height),
    )?;
    let stage = |store: &mut Store<()>, export: &str| -> Result<TypedFunc<(), ()>> {
        Ok(instance.get_typed_func(store, export)?)
    };
    for (export, row) in STAGES {
        let run = stage(&mut store, export)?;
        let ms = samples(reps, || {
            time_ms(|| run.call(&mut store, ()).expect("stage")).1
        });
        emit("codec-stages", row, column, &ms, &[]);
    }
    // One sample of each cumulative stage per repetition, back to back.
    let runs = FORWARD_DCT
        .iter()
        .map(|(export, _)| stage(&mut store, export))
        .collect::<Result<Vec<_>>>()?;
    let mut cumulative = vec![Vec::new(); runs.len()];
    samples(reps, || {
        for (k, run) in runs.iter().enumerate() {
            cumulative[k].push(time_ms(|| run.call(&mut store, ()).expect("stage")).1);
        }
        0.0
    });
    for (k, (_, row)) in FORWARD_DCT.iter().enumerate() {
        // The warm-up runs pushed samples too: only the timed ones count.
        let timed = |v: &Vec<f64>| v[v.len() - reps.timed..].to_vec();
        let ms: Vec<f64> = match k {
            0 => timed(&cumulative[0]),
            _ => (timed(&cumulative[k]).iter().zip(&timed(&cumulative[k - 1])))
                .map(|(with, without)| with - without)
                .collect(),
        };
        emit("codec-stages", row, column, &ms, &[]);
    }
    let whole = stage(&mut store, WHOLE_ENCODE.0)?;
    let ms = samples(reps, || {
        time_ms(|| whole.call(&mut store, ()).expect("stage")).1
    });
    emit("codec-stages", WHOLE_ENCODE.1, column, &ms, &[]);
    Ok(())
}

fn copy_in(
    store: &mut Store<()>,
    memory: &Memory,
    alloc: &TypedFunc<u32, u32>,
    bytes: &[u8],
) -> Result<u32> {
    let at = alloc.call(&mut *store, u32::try_from(bytes.len())?)?;
    memory.write(&mut *store, usize::try_from(at)?, bytes)?;
    Ok(at)
}
