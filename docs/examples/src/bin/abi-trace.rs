//! The canonical ABI by hand: lowers an `image` record into the image-ops
//! core module's memory, calls its `grayscale` export, lifts the
//! `result<image, error>` it returns, calls post-return, then checks that
//! wasmtime's component API (typed bindings) lifts the same value.
//!
//! The module also imports the handle table of its `frame` resource
//! (`[resource-new]`, `[resource-rep]`, `[resource-drop]`), which a
//! component runtime keeps for it; `Frames` is that table, by hand too.
//!
//! `cargo run --release -p guide-examples --bin abi-trace -- \
//!   target/wasm32-unknown-unknown/component/image_ops.wasm build/components/image-ops.wasm`
//!
//! With `--frames CORE_MODULE.wasm` it traces handles instead: two frames
//! made through `[static]frame.from-image`, a method called on one, and
//! both dropped, with every entry of the handle table as it changes.

use wasmtime::component::{Component, Linker};
use wasmtime::error::Context;
use wasmtime::{bail, ensure, Result};
use wasmtime::{
    Caller, Engine, Extern, Instance, Linker as CoreLinker, Memory, Module, Store, TypedFunc,
};

mod bindings {
    wasmtime::component::bindgen!({
        path: "../../wit",
        world: "image-ops-component",
    });
}
use bindings::exports::example::image_processing::types::Image as WitImage;

const EXPORT: &str = "example:image-processing/image-ops@2.0.0#grayscale";
/// The interface the frame's handle functions belong to.
const IFACE: &str = "example:image-processing/image-ops@2.0.0";

/// The handle table of the module's `frame` resource, as a runtime keeps
/// it: handle `h` is slot `h - 1` and holds the frame's representation (0 is
/// never a handle). Dropping a handle runs the module's destructor.
/// `grayscale` makes no frame: the table is there because the module
/// imports it.
#[derive(Default)]
struct Frames(Vec<Option<u32>>);

impl Frames {
    fn slot(&mut self, handle: u32) -> Result<&mut Option<u32>> {
        let index = usize::try_from(handle)?.wrapping_sub(1);
        match self.0.get_mut(index) {
            Some(slot @ Some(_)) => Ok(slot),
            _ => bail!("unknown frame handle {handle}"),
        }
    }

    /// The table as `[handle: rep, ...]`, `-` for a dropped handle.
    fn describe(&self) -> String {
        let slots: Vec<String> = (1..)
            .zip(&self.0)
            .map(|(handle, slot)| match slot {
                Some(rep) => format!("{handle}: rep {rep:#x}"),
                None => format!("{handle}: -"),
            })
            .collect();
        format!("[{}]", slots.join(", "))
    }

    fn link(linker: &mut CoreLinker<Self>) -> Result<()> {
        let module = format!("[export]{IFACE}");
        linker.func_wrap(
            &module,
            "[resource-new]frame",
            |mut caller: Caller<'_, Self>, rep: u32| -> Result<u32> {
                let table = &mut caller.data_mut().0;
                table.push(Some(rep));
                let handle = u32::try_from(table.len())?;
                println!("  [resource-new]frame(rep {rep:#x}) -> handle {handle}");
                Ok(handle)
            },
        )?;
        linker.func_wrap(
            &module,
            "[resource-rep]frame",
            |mut caller: Caller<'_, Self>, handle: u32| -> Result<u32> {
                Ok(caller.data_mut().slot(handle)?.expect("a live slot"))
            },
        )?;
        linker.func_wrap(
            &module,
            "[resource-drop]frame",
            |mut caller: Caller<'_, Self>, handle: u32| -> Result<()> {
                let rep = caller.data_mut().slot(handle)?.take().expect("a live slot");
                let dtor = caller
                    .get_export(&format!("{IFACE}#[dtor]frame"))
                    .and_then(Extern::into_func)
                    .context("the module exports no frame destructor")?;
                dtor.typed::<u32, ()>(&caller)?.call(&mut caller, rep)
            },
        )?;
        Ok(())
    }
}

/// The core module's exports that the canonical ABI uses for one call.
struct Core {
    memory: Memory,
    realloc: TypedFunc<(u32, u32, u32, u32), u32>,
    grayscale: TypedFunc<(u32, u32, u32, u32, u32), u32>,
    post_return: TypedFunc<u32, ()>,
}

/// The core module instantiated with `Frames` as its handle table.
fn instantiate(engine: &Engine, core_path: &str) -> Result<(Store<Frames>, Instance)> {
    let mut store = Store::new(engine, Frames::default());
    let module = Module::from_file(engine, core_path).with_context(|| core_path.to_owned())?;
    let mut linker = CoreLinker::new(engine);
    Frames::link(&mut linker)?;
    let instance = linker.instantiate(&mut store, &module)?;
    Ok((store, instance))
}

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let engine = Engine::default();
    let (core_path, component_path) = match args.as_slice() {
        [flag, core_path] if flag == "--frames" => {
            let (mut store, instance) = instantiate(&engine, core_path)?;
            return frames(&mut store, &instance);
        }
        [core_path, component_path] => (core_path, component_path),
        _ => bail!(
            "usage: abi-trace CORE_MODULE.wasm COMPONENT.wasm | abi-trace --frames CORE_MODULE.wasm (see the //! comment)"
        ),
    };
    let (mut store, instance) = instantiate(&engine, core_path)?;
    let core = Core {
        memory: instance
            .get_memory(&mut store, "memory")
            .context("memory")?,
        realloc: instance.get_typed_func(&mut store, "cabi_realloc")?,
        grayscale: instance.get_typed_func(&mut store, EXPORT)?,
        post_return: instance.get_typed_func(&mut store, &format!("cabi_post_{EXPORT}"))?,
    };
    let ty = instance
        .get_func(&mut store, EXPORT)
        .context(EXPORT)?
        .ty(&store);
    println!("core export {EXPORT}: {ty}");

    // 2 × 2 RGB: red, green, blue, white.
    let rgb = [255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255];
    let by_hand = call(&mut store, &core, 2, 2, 3, &rgb)?;
    println!();
    call(&mut store, &core, 2, 2, 5, &rgb)?; // channels 5: the error case

    println!();
    let component =
        Component::from_file(&engine, component_path).with_context(|| component_path.clone())?;
    let mut store = Store::new(&engine, ());
    let ops =
        bindings::ImageOpsComponent::instantiate(&mut store, &component, &Linker::new(&engine))?;
    let img = WitImage {
        width: 2,
        height: 2,
        channels: 3,
        data: rgb.to_vec(),
    };
    let lifted = ops
        .example_image_processing_image_ops()
        .call_grayscale(&mut store, &img)?;
    println!("component grayscale, typed bindings: {lifted:?}");
    let Ok(out) = lifted else {
        bail!("the component failed where the core call succeeded")
    };
    ensure!(
        Some((out.width, out.height, out.channels, out.data)) == by_hand,
        "lifted by hand != typed bindings"
    );
    println!("same image as lifted by hand");
    Ok(())
}

/// An `image` lifted by hand: width, height, channels, data.
type Lifted = (u32, u32, u8, Vec<u8>);

// ANCHOR: lower-call
/// Lowers `image { width, height, channels, data }`, calls `grayscale`, lifts
/// the result and calls post-return; prints every step. Returns the image on
/// `ok`.
fn call(
    store: &mut Store<Frames>,
    core: &Core,
    w: u32,
    h: u32,
    ch: u8,
    data: &[u8],
) -> Result<Option<Lifted>> {
    println!(
        "lower image {{ width: {w}, height: {h}, channels: {ch}, data: {} bytes }}",
        data.len()
    );
    // list<u8>: the host asks the guest's allocator for room, then copies.
    let len = u32::try_from(data.len())?;
    let ptr = core.realloc.call(&mut *store, (0, 0, 1, len))?;
    println!("  cabi_realloc(old_ptr 0, old_size 0, align 1, new_size {len}) -> {ptr:#x}");
    core.memory.write(&mut *store, ptr as usize, data)?;
    println!("  copy {len} bytes to {ptr:#x}: {}", hex(data));
    // Flat parameters: u32, u32, u8 (as i32), then the list as (ptr, len).
    // The result needs more than one flat value, so the callee returns a
    // pointer to it (retptr) in its own memory.
    let ret = core
        .grayscale
        .call(&mut *store, (w, h, u32::from(ch), ptr, len))?;
    println!("call {EXPORT}({w}, {h}, {ch}, {ptr:#x}, {len}) -> retptr {ret:#x}");
    let word = |store: &Store<Frames>, at: u32| -> Result<u32> {
        let mut b = [0; 4];
        core.memory.read(store, (ret + at) as usize, &mut b)?;
        Ok(u32::from_le_bytes(b))
    };
    let byte = |store: &Store<Frames>, at: u32| -> Result<u8> {
        let mut b = [0; 1];
        core.memory.read(store, (ret + at) as usize, &mut b)?;
        Ok(b[0])
    };
    let bytes = |store: &Store<Frames>, ptr: u32, len: u32| -> Result<Vec<u8>> {
        let mut v = vec![0; len as usize];
        core.memory.read(store, ptr as usize, &mut v)?;
        Ok(v)
    };
    println!("lift result<image, error> at {ret:#x}:");
    let out = match byte(store, 0)? {
        0 => {
            let (w, h, ch) = (word(store, 4)?, word(store, 8)?, byte(store, 12)?);
            let (p, n) = (word(store, 16)?, word(store, 20)?);
            println!("  +0  u8  case 0 = ok");
            println!("  +4  u32 width {w}\n  +8  u32 height {h}\n  +12 u8  channels {ch}");
            println!("  +16 u32 data.ptr {p:#x}\n  +20 u32 data.len {n}");
            let pixels = bytes(store, p, n)?;
            println!("  copy {n} bytes from {p:#x}: {}", hex(&pixels));
            Some((w, h, ch, pixels))
        }
        1 => {
            let case = byte(store, 4)?;
            println!("  +0  u8  case 1 = err\n  +4  u8  error case {case} (0 = invalid-format)");
            if case != 2 {
                let (p, n) = (word(store, 8)?, word(store, 12)?);
                let msg = String::from_utf8(bytes(store, p, n)?)?;
                println!("  +8  u32 message.ptr {p:#x}\n  +12 u32 message.len {n}: {msg:?}");
            }
            None
        }
        d => bail!("invalid result discriminant {d}"),
    };
    // The guest may now free what it returned: the host has its copy.
    core.post_return.call(&mut *store, ret)?;
    println!("post-return cabi_post_{EXPORT}({ret:#x})");
    Ok(out)
}
// ANCHOR_END: lower-call

// ANCHOR: frames
/// Makes two frames with the core export `[static]frame.from-image`, calls
/// `[method]frame.width` on the first, then drops both as a runtime does
/// when their owner drops them. The module creates a handle by calling
/// `[resource-new]` with its own pointer to the frame (the *rep*); the
/// handle is an index into the table, and only the handle leaves the module.
fn frames(store: &mut Store<Frames>, instance: &Instance) -> Result<()> {
    let func = |name: &str| format!("{IFACE}#{name}");
    let memory = instance
        .get_memory(&mut *store, "memory")
        .context("memory")?;
    let realloc: TypedFunc<(u32, u32, u32, u32), u32> =
        instance.get_typed_func(&mut *store, "cabi_realloc")?;
    let from_image: TypedFunc<(u32, u32, u32, u32, u32), u32> =
        instance.get_typed_func(&mut *store, &func("[static]frame.from-image"))?;
    let post: TypedFunc<u32, ()> = instance.get_typed_func(
        &mut *store,
        &format!("cabi_post_{}", func("[static]frame.from-image")),
    )?;
    let width: TypedFunc<u32, u32> =
        instance.get_typed_func(&mut *store, &func("[method]frame.width"))?;
    let dtor: TypedFunc<u32, ()> = instance.get_typed_func(&mut *store, &func("[dtor]frame"))?;

    let mut handles = Vec::new();
    for (w, h) in [(2, 2), (4, 1)] {
        let data = vec![128; w as usize * h as usize];
        let len = u32::try_from(data.len())?;
        let ptr = realloc.call(&mut *store, (0, 0, 1, len))?;
        memory.write(&mut *store, ptr as usize, &data)?;
        println!("call [static]frame.from-image({w}, {h}, 1, {ptr:#x}, {len})");
        let ret = from_image.call(&mut *store, (w, h, 1, ptr, len))?;
        // result<own<frame>, error>: the case byte, then the handle at +4.
        let mut word = [0; 8];
        memory.read(&*store, ret as usize, &mut word)?;
        ensure!(word[0] == 0, "from-image failed");
        let handle = u32::from_le_bytes([word[4], word[5], word[6], word[7]]);
        post.call(&mut *store, ret)?;
        println!("  -> ok(own<frame>): handle {handle}");
        handles.push(handle);
    }
    println!("handle table: {}", store.data().describe());

    // A method borrows its frame: the caller passes a handle, and since the
    // frame is this module's own resource, the runtime hands the module the
    // rep behind it, not the handle.
    let rep = store.data_mut().slot(handles[0])?.context("live")?;
    let w = width.call(&mut *store, rep)?;
    println!(
        "call [method]frame.width(borrow of handle {}: rep {rep:#x}) -> {w}",
        handles[0]
    );

    // Dropping an owned handle empties its slot and runs the destructor.
    for handle in handles {
        let rep = store.data_mut().slot(handle)?.take().context("live")?;
        dtor.call(&mut *store, rep)?;
        println!("drop handle {handle}: slot emptied, [dtor]frame(rep {rep:#x})");
    }
    println!("handle table: {}", store.data().describe());
    Ok(())
}
// ANCHOR_END: frames

fn hex(b: &[u8]) -> String {
    b.iter()
        .map(|x| format!("{x:02x}"))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    /// The export name is spelled by hand: it must name the package version
    /// that `wit/` declares, or the core lookup fails at run time.
    #[test]
    fn export_names_the_wit_package_version() {
        let wit = include_str!("../../../../wit/image-ops.wit");
        let package = wit
            .lines()
            .find_map(|l| l.strip_prefix("package example:image-processing@"))
            .and_then(|v| v.strip_suffix(';'))
            .expect("wit/image-ops.wit declares its package");
        assert!(
            super::EXPORT.starts_with(&format!("example:image-processing/image-ops@{package}#")),
            "{} does not name version {package}",
            super::EXPORT
        );
    }
}
