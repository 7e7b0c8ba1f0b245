//! Test-only trap injection (feature `trap-injection`, built into
//! `build/trap/` by `host/traps.mk`, never into the release component): an
//! `apply-filter`, or an `apply` with a `filter` step, whose brightness is
//! one of the codes below fails the way Rust code can fail, so that the
//! host's trap recovery is tested against real traps. Every other call goes
//! to [`ImageOps`] unchanged.

use std::hint::black_box;

use super::bindings::exports::example::image_processing::image_ops::{self as wit, Guest};
use super::ImageOps;

/// `panic!`: with `panic = "abort"`, an `unreachable` trap.
const PANIC: i64 = 1001;
/// The `unreachable` instruction itself.
const UNREACHABLE: i64 = 1002;
/// Allocate until `memory.grow` fails: the allocation error handler aborts.
const OUT_OF_MEMORY: i64 = 1003;
/// Never return: only the host's deadline stops it.
const FOREVER: i64 = 1004;
/// Recurse until wasmtime's stack limit.
const STACK_OVERFLOW: i64 = 1005;

fn maybe_trap(opts: &wit::FilterOptions) {
    let Some(code) = opts.brightness.map(|b| b as i64) else {
        return;
    };
    match code {
        PANIC => panic!("trap-injection: panic"),
        UNREACHABLE => core::arch::wasm32::unreachable(),
        OUT_OF_MEMORY => {
            let mut hoard: Vec<Vec<u8>> = Vec::new();
            loop {
                hoard.push(vec![1; 16 << 20]);
                black_box(&hoard);
            }
        }
        FOREVER => loop {
            black_box(code);
        },
        STACK_OVERFLOW => {
            black_box(deep(0));
        }
        _ => {}
    }
}

fn deep(depth: u64) -> u64 {
    if black_box(depth) == u64::MAX {
        return 0;
    }
    let frame = black_box([depth; 64]);
    deep(depth + 1) + frame[0]
}

pub struct TrapOps;

impl Guest for TrapOps {
    type Frame = crate::Frame;

    fn apply(src: wit::FrameBorrow<'_>, steps: Vec<wit::Step>) -> Result<wit::Frame, wit::Error> {
        for step in &steps {
            if let wit::Step::Filter(opts) = step {
                maybe_trap(opts);
            }
        }
        ImageOps::apply(src, steps)
    }

    fn grayscale(img: wit::Image) -> Result<wit::Image, wit::Error> {
        ImageOps::grayscale(img)
    }

    fn blur(img: wit::Image, radius: u32) -> Result<wit::Image, wit::Error> {
        ImageOps::blur(img, radius)
    }

    fn resize(img: wit::Image, width: u32, height: u32) -> Result<wit::Image, wit::Error> {
        ImageOps::resize(img, width, height)
    }

    fn apply_filter(img: wit::Image, opts: wit::FilterOptions) -> Result<wit::Image, wit::Error> {
        maybe_trap(&opts);
        ImageOps::apply_filter(img, opts)
    }

    fn batch_process(
        images: Vec<wit::Image>,
        opts: wit::FilterOptions,
    ) -> Result<Vec<wit::Image>, wit::Error> {
        maybe_trap(&opts);
        ImageOps::batch_process(images, opts)
    }
}

super::bindings::export!(TrapOps with_types_in super::bindings);
