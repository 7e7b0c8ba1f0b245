//! The image-ops component of image-pipeline: the `image-ops` interface of
//! `example:image-processing@2.0.0` (`wit/image-ops.wit`) in plain Rust.
//!
//! The operations take and return [`Image`] and [`Error`], and [`Frame`]
//! applies [`Step`]s, all independent of the generated bindings, so that
//! they build and test natively. On wasm32 the `component` module below
//! generates the bindings from `../wit` and exports the world
//! `image-ops-component`: `frame` is [`Frame`] behind a handle.
//!
//! No operation panics on any input: records are validated first, sizes are
//! bounded by the limits, and buffers are allocated with `try_reserve`
//! (failure → [`Error::OutOfMemory`]).

// Stricter than the workspace: no unsafe outside the generated bindings,
// and every public item documented (it is the component's reference).
#![deny(unsafe_code)]
#![warn(missing_docs)]

mod batch;
mod blur;
mod filter;
mod frame;
mod grayscale;
mod image;
mod resize;
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod simd;

pub use batch::{batch_process, MAX_BATCH};
pub use blur::{blur, MAX_RADIUS};
pub use filter::{apply_filter, FilterOptions, MAX_BRIGHTNESS, MAX_CONTRAST};
pub use frame::{Frame, Step, MAX_STEPS};
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

    use bindings::exports::example::image_processing::image_ops::{self as wit, Guest, GuestFrame};

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

    impl From<wit::Step> for crate::Step {
        fn from(step: wit::Step) -> Self {
            match step {
                wit::Step::Grayscale => Self::Grayscale,
                wit::Step::Blur(radius) => Self::Blur(radius),
                wit::Step::Resize(size) => Self::Resize {
                    width: size.width,
                    height: size.height,
                },
                wit::Step::Filter(opts) => Self::Filter(opts.into()),
            }
        }
    }

    /// Converts an operation's result to the WIT types.
    fn lower(result: Result<crate::Image, crate::Error>) -> Result<wit::Image, wit::Error> {
        result.map(Into::into).map_err(Into::into)
    }

    // ANCHOR: frame
    /// The `frame` resource is the crate's [`crate::Frame`]: the handle's
    /// representation owns it, so its pixels live exactly as long as the
    /// handle (and any frame sharing them).
    impl GuestFrame for crate::Frame {
        fn from_image(img: wit::Image) -> Result<wit::Frame, wit::Error> {
            crate::Frame::new(img.into())
                .map(wit::Frame::new)
                .map_err(Into::into)
        }

        fn width(&self) -> u32 {
            crate::Frame::width(self)
        }

        fn height(&self) -> u32 {
            crate::Frame::height(self)
        }

        fn channels(&self) -> u8 {
            crate::Frame::channels(self)
        }

        fn to_image(&self) -> Result<wit::Image, wit::Error> {
            lower(crate::Frame::to_image(self))
        }

        fn into_image(this: wit::Frame) -> Result<wit::Image, wit::Error> {
            // Moves the frame out of its handle, which is then dropped.
            lower(this.into_inner::<crate::Frame>().into_image())
        }
    }
    // ANCHOR_END: frame

    // ANCHOR: guest
    impl Guest for ImageOps {
        type Frame = crate::Frame;

        fn apply(
            src: wit::FrameBorrow<'_>,
            steps: Vec<wit::Step>,
        ) -> Result<wit::Frame, wit::Error> {
            src.get::<crate::Frame>()
                .apply(steps.into_iter().map(Into::into))
                .map(wit::Frame::new)
                .map_err(Into::into)
        }

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
