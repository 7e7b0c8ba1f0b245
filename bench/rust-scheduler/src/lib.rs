//! Prototype (bench-only): the contract's `scheduler` implemented in Rust in
//! the same component as `image-ops`, so that a task's image is copied once
//! into the component and once out, as in a direct image-ops call, instead
//! of crossing host → Go → Rust → Go → host. Composed with the C++ codec by
//! `bench/variant.wac`; `make bench` times it (docs/benchmarks.md).
//!
//! The operations are rust-image-ops' own source files, compiled into this
//! crate (the crate itself exports the image-ops component's world on
//! wasm32, which would clash with this one's exports).

#[path = "../../../rust-image-ops/src/batch.rs"]
mod batch;
#[path = "../../../rust-image-ops/src/blur.rs"]
mod blur;
#[path = "../../../rust-image-ops/src/filter.rs"]
mod filter;
#[path = "../../../rust-image-ops/src/grayscale.rs"]
mod grayscale;
#[path = "../../../rust-image-ops/src/image.rs"]
mod image;
#[path = "../../../rust-image-ops/src/resize.rs"]
mod resize;
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
#[path = "../../../rust-image-ops/src/simd.rs"]
mod simd;

mod glue;
mod scheduler;

pub use batch::batch_process;
pub use blur::blur;
pub use filter::{apply_filter, FilterOptions};
pub use grayscale::grayscale;
pub use image::{Error, Image, Layout};
pub use resize::resize;
