//! The design's `runner.rs` (§3.2) against our image-ops component: its
//! untyped lookup `get_typed_func::<(u32, u32, u32), u32>(.., "grayscale")`
//! fails, with wasmtime's own errors; typed bindings generated from the WIT
//! (`bindgen!`) make the same call work.
//!
//! `cargo run --release -p guide-examples --bin design-runner -- build/components/image-ops.wasm`

use wasmtime::component::{Component, Linker};
use wasmtime::error::Context;
use wasmtime::{bail, Result};
use wasmtime::{Engine, Store};

mod bindings {
    wasmtime::component::bindgen!({
        path: "../../wit",
        world: "image-ops-component",
    });
}

/// The exported interface, as `wit/image-ops.wit` names it.
const IMAGE_OPS: &str = "example:image-processing/image-ops@2.0.0";

fn main() -> Result<()> {
    let Some(path) = std::env::args().nth(1) else {
        bail!("usage: design-runner COMPONENT.wasm (see the //! comment)");
    };
    let engine = Engine::default();
    let component = Component::from_file(&engine, &path).with_context(|| path.clone())?;
    let linker = Linker::new(&engine);
    let mut store = Store::new(&engine, ());

    // ANCHOR: design
    // The design: a top-level function "grayscale" taking three u32s.
    let instance = linker.instantiate(&mut store, &component)?;
    match instance.get_typed_func::<(u32, u32, u32), (u32,)>(&mut store, "grayscale") {
        Ok(_) => bail!("the design's lookup unexpectedly worked"),
        Err(e) => println!("design, get_typed_func(\"grayscale\"): error: {e:#}"),
    }
    // The function is inside the exported interface instance; found there,
    // its type is checked against the signature asked for.
    let iface = component
        .get_export_index(None, IMAGE_OPS)
        .context("no image-ops export")?;
    let func = component
        .get_export_index(Some(&iface), "grayscale")
        .context("no grayscale")?;
    match instance.get_typed_func::<(u32, u32, u32), (u32,)>(&mut store, &func) {
        Ok(_) => bail!("the design's signature unexpectedly type-checked"),
        Err(e) => println!("design signature on image-ops.grayscale: error: {e:#}"),
    }
    // ANCHOR_END: design

    // ANCHOR: typed
    // Typed bindings: the record, the result and the error variant are Rust
    // types generated from wit/, checked when the component is instantiated.
    let mut store = Store::new(&engine, ());
    let ops = bindings::ImageOpsComponent::instantiate(&mut store, &component, &linker)?;
    let img = bindings::exports::example::image_processing::types::Image {
        width: 100,
        height: 100,
        channels: 3,
        data: vec![128; 100 * 100 * 3],
    };
    let out = ops
        .example_image_processing_image_ops()
        .call_grayscale(&mut store, &img)?;
    match out {
        Ok(gray) => println!(
            "typed bindings: grayscale -> ok: {}x{}, {} channel, {} bytes",
            gray.width,
            gray.height,
            gray.channels,
            gray.data.len()
        ),
        Err(e) => println!("typed bindings: grayscale -> err: {e:?}"),
    }
    // ANCHOR_END: typed
    Ok(())
}

#[cfg(test)]
mod tests {
    /// The interface name is spelled by hand: it must name the package
    /// version that `wit/` declares, or the lookup finds nothing.
    #[test]
    fn interface_names_the_wit_package_version() {
        let wit = include_str!("../../../../wit/image-ops.wit");
        let package = wit
            .lines()
            .find_map(|l| l.strip_prefix("package example:image-processing@"))
            .and_then(|v| v.strip_suffix(';'))
            .expect("wit/image-ops.wit declares its package");
        assert_eq!(
            super::IMAGE_OPS,
            format!("example:image-processing/image-ops@{package}")
        );
    }
}
