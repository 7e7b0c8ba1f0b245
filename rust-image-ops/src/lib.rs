//! The image-ops component of image-pipeline: the `image-ops` interface of
//! `example:image-processing@1.0.0` (`wit/image-ops.wit`) in plain Rust.
//!
//! The operations take and return [`Image`] and [`Error`], independent of the
//! generated bindings, so that they build and test natively. On wasm32 the
//! `component` module below generates the bindings from `../wit` and exports
//! the world `image-ops-component`.
//!
//! No operation panics on any input: records are validated first, sizes are
//! bounded by the limits, and buffers are allocated with `try_reserve`
//! (failure → [`Error::OutOfMemory`]).

mod batch;
mod blur;
mod filter;
mod grayscale;
mod image;
mod resize;
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod simd;

pub use batch::{batch_process, MAX_BATCH};
pub use blur::{blur, MAX_RADIUS};
pub use filter::{apply_filter, FilterOptions, MAX_BRIGHTNESS, MAX_CONTRAST};
pub use grayscale::grayscale;
pub use image::{Error, Image, Layout, MAX_CHANNELS, MAX_DIMENSION, MAX_PIXELS};
pub use resize::resize;

/// Bindings and export glue: WIT types ⇄ crate types.
#[cfg(target_arch = "wasm32")]
#[allow(unsafe_code)] // The generated bindings are `unsafe` canonical-ABI glue.
mod component {
    /// Generated at build time from `../wit`; lints are for our code only.
    #[allow(clippy::all, clippy::pedantic, missing_docs)]
    mod bindings {
        wit_bindgen::generate!({
            path: "../wit",
            world: "image-ops-component",
        });
    }

    use bindings::exports::example::image_processing::image_ops::{self as wit, Guest};

    struct ImageOps;

    impl From<wit::Image> for crate::Image {
        fn from(img: wit::Image) -> Self {
            Self {
                width: img.width,
                height: img.height,
                channels: img.channels,
                data: img.data,
            }
        }
    }

    impl From<crate::Image> for wit::Image {
        fn from(img: crate::Image) -> Self {
            Self {
                width: img.width,
                height: img.height,
                channels: img.channels,
                data: img.data,
            }
        }
    }

    impl From<crate::Error> for wit::Error {
        fn from(err: crate::Error) -> Self {
            match err {
                crate::Error::InvalidFormat(m) => Self::InvalidFormat(m),
                crate::Error::ProcessingFailed(m) => Self::ProcessingFailed(m),
                crate::Error::OutOfMemory => Self::OutOfMemory,
            }
        }
    }

    impl From<wit::FilterOptions> for crate::FilterOptions {
        fn from(opts: wit::FilterOptions) -> Self {
            Self {
                brightness: opts.brightness,
                contrast: opts.contrast,
                blur_radius: opts.blur_radius,
            }
        }
    }

    /// Converts an operation's result to the WIT types.
    fn lower(result: Result<crate::Image, crate::Error>) -> Result<wit::Image, wit::Error> {
        result.map(Into::into).map_err(Into::into)
    }

    // ANCHOR: guest
    impl Guest for ImageOps {
        fn grayscale(img: wit::Image) -> Result<wit::Image, wit::Error> {
            lower(crate::grayscale(img.into()))
        }

        fn blur(img: wit::Image, radius: u32) -> Result<wit::Image, wit::Error> {
            lower(crate::blur(img.into(), radius))
        }

        fn resize(img: wit::Image, width: u32, height: u32) -> Result<wit::Image, wit::Error> {
            lower(crate::resize(img.into(), width, height))
        }

        fn apply_filter(
            img: wit::Image,
            opts: wit::FilterOptions,
        ) -> Result<wit::Image, wit::Error> {
            lower(crate::apply_filter(img.into(), &opts.into()))
        }

        fn batch_process(
            images: Vec<wit::Image>,
            opts: wit::FilterOptions,
        ) -> Result<Vec<wit::Image>, wit::Error> {
            let images = images.into_iter().map(Into::into).collect();
            crate::batch_process(images, &opts.into())
                .map(|out| out.into_iter().map(Into::into).collect())
                .map_err(Into::into)
        }
    }

    #[cfg(not(feature = "trap-injection"))]
    bindings::export!(ImageOps with_types_in bindings);
    // ANCHOR_END: guest

    #[cfg(feature = "trap-injection")]
    mod trap;
}
