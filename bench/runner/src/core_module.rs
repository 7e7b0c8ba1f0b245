//! The "core wasm" column: rust-image-ops' core module (the `cdylib` that
//! `wasm-tools component new` wraps), instantiated with wasmtime's core API
//! and called through the canonical ABI by hand: the input is written into
//! the guest's memory with `cabi_realloc` + a host memcpy, the result is read
//! from the return area and freed with the `cabi_post_` export. No component
//! machinery: what a plain wasm module embedding costs.
//!
//! On 2.0 the module also imports the three functions of its `frame`
//! resource's handle table, which a component runtime provides; `Frames`
//! provides them here. The by-value functions timed never call them.

use crate::image_file::Img;
use crate::ops::{Op, Ops};
use anyhow::{anyhow, bail, Context, Result};
use std::path::Path;
use wasmtime::{Caller, Engine, Extern, Instance, Linker, Memory, Module, Store, TypedFunc};

const IFACE: &str = "example:image-processing/image-ops@2.0.0";

/// The handle table of the module's `frame` resource: handle `h` is slot
/// `h - 1` and holds the frame's representation (0 is never a handle, as in
/// the canonical ABI). Dropping a handle runs the module's destructor.
#[derive(Default)]
pub struct Frames(Vec<Option<u32>>);

impl Frames {
    fn slot(&mut self, handle: u32) -> wasmtime::Result<&mut Option<u32>> {
        let index = usize::try_from(handle)?.wrapping_sub(1);
        match self.0.get_mut(index) {
            Some(slot @ Some(_)) => Ok(slot),
            _ => wasmtime::bail!("unknown frame handle {handle}"),
        }
    }

    /// Links `[resource-new]`, `[resource-rep]` and `[resource-drop]frame`.
    fn link(linker: &mut Linker<Self>) -> wasmtime::Result<()> {
        let module = format!("[export]{IFACE}");
        linker.func_wrap(
            &module,
            "[resource-new]frame",
            |mut caller: Caller<'_, Self>, rep: u32| -> wasmtime::Result<u32> {
                let table = &mut caller.data_mut().0;
                table.push(Some(rep));
                Ok(u32::try_from(table.len())?)
            },
        )?;
        linker.func_wrap(
            &module,
            "[resource-rep]frame",
            |mut caller: Caller<'_, Self>, handle: u32| -> wasmtime::Result<u32> {
                Ok(caller.data_mut().slot(handle)?.expect("a live slot"))
            },
        )?;
        linker.func_wrap(
            &module,
            "[resource-drop]frame",
            |mut caller: Caller<'_, Self>, handle: u32| -> wasmtime::Result<()> {
                let rep = caller.data_mut().slot(handle)?.take().expect("a live slot");
                let dtor = caller
                    .get_export(&format!("{IFACE}#[dtor]frame"))
                    .and_then(Extern::into_func)
                    .ok_or_else(|| {
                        wasmtime::format_err!("the module exports no frame destructor")
                    })?;
                dtor.typed::<u32, ()>(&caller)?.call(&mut caller, rep)
            },
        )?;
        Ok(())
    }
}

/// A compiled core module, instantiated once per thread.
pub struct CoreModule {
    engine: Engine,
    module: Module,
}

impl CoreModule {
    pub fn load(engine: &Engine, path: &Path) -> Result<Self> {
        let module = Module::from_file(engine, path)
            .map_err(anyhow::Error::from)
            .with_context(|| format!("cannot load core module {}", path.display()))?;
        Ok(Self {
            engine: engine.clone(),
            module,
        })
    }

    pub fn instantiate(&self) -> Result<CoreOps> {
        let mut store = Store::new(&self.engine, Frames::default());
        let mut linker = Linker::new(&self.engine);
        Frames::link(&mut linker)?;
        let instance = linker.instantiate(&mut store, &self.module)?;
        CoreOps::new(store, &instance)
    }
}

type Args5 = (i32, i32, i32, i32, i32);
type Args6 = (i32, i32, i32, i32, i32, i32);
type Args7 = (i32, i32, i32, i32, i32, i32, i32);

/// One instance and its typed exports.
pub struct CoreOps {
    store: Store<Frames>,
    memory: Memory,
    realloc: TypedFunc<(i32, i32, i32, i32), i32>,
    grayscale: TypedFunc<Args5, i32>,
    blur: TypedFunc<Args6, i32>,
    resize: TypedFunc<Args7, i32>,
    post: TypedFunc<i32, ()>,
}

impl CoreOps {
    fn new(mut store: Store<Frames>, instance: &Instance) -> Result<Self> {
        let memory = instance
            .get_memory(&mut store, "memory")
            .ok_or_else(|| anyhow!("the core module exports no memory"))?;
        let realloc = instance.get_typed_func(&mut store, "cabi_realloc")?;
        let grayscale = instance.get_typed_func(&mut store, &format!("{IFACE}#grayscale"))?;
        let blur = instance.get_typed_func(&mut store, &format!("{IFACE}#blur"))?;
        let resize = instance.get_typed_func(&mut store, &format!("{IFACE}#resize"))?;
        // Every operation's result has the same type, and so the same
        // post-return function.
        let post = instance.get_typed_func(&mut store, &format!("cabi_post_{IFACE}#grayscale"))?;
        Ok(Self {
            store,
            memory,
            realloc,
            grayscale,
            blur,
            resize,
            post,
        })
    }

    /// Copies `data` into a fresh guest allocation, which the callee owns.
    fn lower(&mut self, data: &[u8]) -> Result<i32> {
        let len = i32::try_from(data.len())?;
        let ptr = self.realloc.call(&mut self.store, (0, 0, 1, len))?;
        self.memory
            .write(&mut self.store, ptr as usize, data)
            .context("writing the input into guest memory")?;
        Ok(ptr)
    }

    /// Reads `result<image, error>` at `ret` (discriminant at 0, the image
    /// record from 4: width, height, channels, data pointer, data length),
    /// then lets the guest free it.
    fn lift(&mut self, ret: i32) -> Result<Img> {
        let mut area = [0u8; 24];
        self.memory.read(&self.store, ret as usize, &mut area)?;
        let word = |at: usize| u32::from_le_bytes(area[at..at + 4].try_into().expect("4 bytes"));
        if area[0] != 0 {
            self.post.call(&mut self.store, ret)?;
            bail!("the core module returned an error (case {})", area[4]);
        }
        let (ptr, len) = (word(16) as usize, word(20) as usize);
        let mut data = vec![0; len];
        self.memory.read(&self.store, ptr, &mut data)?;
        let img = Img {
            width: word(4),
            height: word(8),
            channels: area[12],
            data,
        };
        self.post.call(&mut self.store, ret)?;
        Ok(img)
    }

    fn call(&mut self, op: Op, img: &Img) -> Result<Img> {
        let ptr = self.lower(&img.data)?;
        let (w, h, c, len) = (
            img.width as i32,
            img.height as i32,
            i32::from(img.channels),
            img.data.len() as i32,
        );
        let ret = match op {
            Op::Grayscale => self.grayscale.call(&mut self.store, (w, h, c, ptr, len))?,
            Op::Blur(r) => self
                .blur
                .call(&mut self.store, (w, h, c, ptr, len, r as i32))?,
            Op::Resize(tw, th) => self
                .resize
                .call(&mut self.store, (w, h, c, ptr, len, tw as i32, th as i32))?,
        };
        self.lift(ret)
    }
}

impl Ops for CoreOps {
    fn run(&mut self, ops: &[Op], img: Img) -> Result<Img> {
        let mut cur = img;
        for &op in ops {
            cur = self.call(op, &cur)?;
        }
        Ok(cur)
    }
}
