//! The operations every column runs, and the native column (the same Rust
//! source as the component, compiled for this machine's baseline x86-64).

use crate::image_file::Img;
use anyhow::{anyhow, Result};

/// One image operation, as the rows of the table name them.
#[derive(Clone, Copy, Debug)]
pub enum Op {
    Grayscale,
    Blur(u32),
    Resize(u32, u32),
}

/// Something that runs image operations: one instance per thread.
pub trait Ops {
    /// `ops` applied in order to `img` (owned: the native column consumes
    /// it, as `image_ops` does; the others lend it to the guest).
    fn run(&mut self, ops: &[Op], img: Img) -> Result<Img>;
}

/// Native Rust: `image_ops` linked into this binary.
pub struct Native;

impl Ops for Native {
    fn run(&mut self, ops: &[Op], img: Img) -> Result<Img> {
        let mut cur = image_ops::Image::new(img.width, img.height, img.channels, img.data);
        for op in ops {
            cur = match *op {
                Op::Grayscale => image_ops::grayscale(cur),
                Op::Blur(r) => image_ops::blur(cur, r),
                Op::Resize(w, h) => image_ops::resize(cur, w, h),
            }
            .map_err(|e| anyhow!("native {op:?}: {e}"))?;
        }
        Ok(Img {
            width: cur.width,
            height: cur.height,
            channels: cur.channels,
            data: cur.data,
        })
    }
}
