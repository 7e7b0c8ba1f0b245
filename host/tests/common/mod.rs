//! Shared by the integration test binaries: where the built components are,
//! scratch folders, and test images.
//!
//! The components are built by `make` (`make test-host` builds them first);
//! `host/host.mk` passes their paths in the environment, and without it the
//! tests look in the repo's `build/`.

#![allow(dead_code)] // each test binary uses its own part of this module

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use image_pipeline_host::bindings::Image;

/// A built component: `$var` if set, else `build/<default>` in the repo.
pub fn component(var: &str, default: &str) -> PathBuf {
    let path = std::env::var_os(var).map_or_else(
        || {
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../build")
                .join(default)
        },
        PathBuf::from,
    );
    assert!(
        path.is_file(),
        "{} is missing: run the host's tests with `make test-host`, which builds it",
        path.display()
    );
    path
}

/// The composed pipeline, `build/image-pipeline.wasm`.
pub fn pipeline_component() -> PathBuf {
    component("IMAGE_PIPELINE_COMPONENT", "image-pipeline.wasm")
}

/// The Go scheduler on its own, `build/components/scheduler.wasm`.
pub fn scheduler_component() -> PathBuf {
    component("SCHEDULER_COMPONENT", "components/scheduler.wasm")
}

/// A fresh, empty folder under the target directory's tmp folder, unique to
/// this process and call. Left behind on purpose: it is small, and it helps
/// to look at what a failed test wrote.
pub fn scratch_dir(name: &str) -> PathBuf {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let dir =
        Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("{name}-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A `width` × `height` image with `channels` channels whose samples vary
/// with position, so that every pixel is different enough to notice.
pub fn gradient(width: u32, height: u32, channels: u8) -> Image {
    let mut data = Vec::with_capacity((width * height * u32::from(channels)) as usize);
    for y in 0..height {
        for x in 0..width {
            for c in 0..u32::from(channels) {
                data.push(((x * 7 + y * 13 + c * 50) % 256) as u8);
            }
        }
    }
    Image {
        width,
        height,
        channels,
        data,
    }
}
