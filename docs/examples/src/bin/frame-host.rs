//! Chapter 7's host, on the image-ops component alone: typed calls, frames
//! held by the host as `ResourceAny` handles and dropped, a trap that
//! poisons the instance, a fresh instance after it, and a memory limit.
//!
//! `cargo run --release -p guide-examples --bin frame-host -- build/components/image-ops.wasm`

use wasmtime::component::{Component, Linker, ResourceAny};
use wasmtime::error::Context;
use wasmtime::{bail, Engine, Result, Store, StoreLimits, StoreLimitsBuilder, Trap};

mod bindings {
    wasmtime::component::bindgen!({
        path: "../../wit",
        world: "image-ops-component",
    });
}
use bindings::exports::example::image_processing::types::{Image, Step};
use bindings::ImageOpsComponent;

/// A store's data: here only the limits its memories grow under.
struct Host {
    limits: StoreLimits,
}

/// A fresh instance in a store of its own, whose memories may grow to
/// `max_memory` bytes in all.
fn instantiate(
    engine: &Engine,
    component: &Component,
    max_memory: usize,
) -> Result<(Store<Host>, ImageOpsComponent)> {
    let limits = StoreLimitsBuilder::new().memory_size(max_memory).build();
    let mut store = Store::new(engine, Host { limits });
    store.limiter(|host| &mut host.limits);
    // image-ops imports nothing: an empty linker satisfies it.
    let ops = ImageOpsComponent::instantiate(&mut store, component, &Linker::new(engine))?;
    Ok((store, ops))
}

/// A failed call, as wasmtime reports it: a trap (with its code) or an
/// error the runtime raised before or after entering the guest.
fn failure(e: &wasmtime::Error) -> String {
    match e.downcast_ref::<Trap>() {
        Some(trap) => format!("trap: {trap}"),
        None => format!("error: {e}"),
    }
}

fn gray(width: u32, height: u32) -> Image {
    Image {
        width,
        height,
        channels: 1,
        data: vec![128; (width * height) as usize],
    }
}

fn main() -> Result<()> {
    let path = match std::env::args().nth(1) {
        Some(arg) if arg != "--help" && arg != "-h" => arg,
        _ => bail!("usage: frame-host IMAGE_OPS_COMPONENT.wasm (see the //! comment)"),
    };
    let engine = Engine::default();
    let component = Component::from_file(&engine, &path).with_context(|| path.clone())?;

    // ANCHOR: frames
    let (mut store, ops) = instantiate(&engine, &component, 64 << 20)?;
    let frames = ops.example_image_processing_image_ops().frame();
    // from-image returns an owned frame: to the host, a ResourceAny.
    let src: ResourceAny = frames
        .call_from_image(&mut store, &gray(64, 48))?
        .map_err(|e| wasmtime::format_err!("from-image: {e}"))?;
    // apply borrows src and returns a new frame the host owns.
    let steps = [Step::Resize(
        bindings::exports::example::image_processing::types::Size {
            width: 32,
            height: 24,
        },
    )];
    let out = ops
        .example_image_processing_image_ops()
        .call_apply(&mut store, src, &steps)?
        .map_err(|e| wasmtime::format_err!("apply: {e}"))?;
    let w = frames.call_width(&mut store, out)?;
    println!("apply(borrow src, [resize 32x24]) -> a frame {w} wide; src is still ours");
    // ResourceAny has no Drop: the owner drops each handle explicitly, which
    // runs image-ops' destructor now.
    out.resource_drop(&mut store)?;
    src.resource_drop(&mut store)?;
    println!("both frames dropped");
    // ANCHOR_END: frames

    // ANCHOR: trap
    // Using a dropped handle is misuse the component model forbids: not an
    // `error` value but a failed call, after which the instance may not be
    // entered again.
    match frames.call_width(&mut store, src) {
        Ok(w) => bail!("a dropped frame answered {w}"),
        Err(e) => println!("width of a dropped frame: {}", failure(&e)),
    }
    match frames.call_from_image(&mut store, &gray(2, 2)) {
        Ok(_) => bail!("the trapped instance was entered again"),
        Err(e) => println!("any call after it: {}", failure(&e)),
    }
    // Recovery is a fresh instance: a new store, none of the old handles.
    let (mut store, ops) = instantiate(&engine, &component, 64 << 20)?;
    let img = ops
        .example_image_processing_image_ops()
        .call_grayscale(&mut store, &gray(2, 2))?
        .map_err(|e| wasmtime::format_err!("grayscale: {e}"))?;
    println!("fresh instance: grayscale -> {}x{}", img.width, img.height);
    // ANCHOR_END: trap

    // ANCHOR: limits
    // A store may cap its memories. Lowering an 8 MiB image into an
    // instance capped at 4 MiB needs memory it cannot have: the guest's
    // allocator fails, which for Rust's is a trap.
    let (mut store, ops) = instantiate(&engine, &component, 4 << 20)?;
    match ops
        .example_image_processing_image_ops()
        .call_grayscale(&mut store, &gray(4096, 2048))
    {
        Ok(r) => println!("8 MiB image under a 4 MiB cap: {:?}", r.map(|i| i.width)),
        Err(e) => println!("8 MiB image under a 4 MiB cap: {}", failure(&e)),
    }
    // ANCHOR_END: limits
    Ok(())
}
