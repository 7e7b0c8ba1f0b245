//! Images, the limits of the `types` interface, and the error type.
//!
//! Independent of the generated bindings so that the operations can be
//! tested natively; `lib.rs` converts between these and the WIT types.

use std::borrow::Cow;
use std::fmt;

/// Largest width or height, in pixels.
pub const MAX_DIMENSION: u32 = 16_384;
/// Largest width × height, in pixels (64 Mi).
pub const MAX_PIXELS: u64 = 67_108_864;
/// Largest number of channels (RGBA).
pub const MAX_CHANNELS: u8 = 4;

/// Why an operation failed; mirrors the WIT `error` variant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// The input is not acceptable; the string says what and why.
    InvalidFormat(String),
    /// The input was acceptable but the work failed.
    ProcessingFailed(String),
    /// The input exceeds the size limits, or memory could not be allocated.
    OutOfMemory,
}

impl Error {
    /// An `invalid-format` error with `message`.
    pub(crate) fn invalid(message: impl Into<String>) -> Self {
        Self::InvalidFormat(message.into())
    }

    /// Prefixes the message with `image <index>: ` (batch errors);
    /// `out-of-memory` has no message and stays as it is.
    #[must_use]
    pub fn for_image(self, index: usize) -> Self {
        self.prefixed("image", index)
    }

    /// Prefixes the message with `step <index>: ` (`apply` errors);
    /// `out-of-memory` stays as it is.
    #[must_use]
    pub fn for_step(self, index: usize) -> Self {
        self.prefixed("step", index)
    }

    fn prefixed(self, what: &str, index: usize) -> Self {
        match self {
            Self::InvalidFormat(m) => Self::InvalidFormat(format!("{what} {index}: {m}")),
            Self::ProcessingFailed(m) => Self::ProcessingFailed(format!("{what} {index}: {m}")),
            Self::OutOfMemory => Self::OutOfMemory,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidFormat(m) => write!(f, "invalid format: {m}"),
            Self::ProcessingFailed(m) => write!(f, "processing failed: {m}"),
            Self::OutOfMemory => f.write_str("out of memory"),
        }
    }
}

impl std::error::Error for Error {}

/// An 8-bit image with interleaved channels, rows top to bottom; mirrors the
/// WIT `image` record. Not necessarily valid: every operation validates it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Image {
    /// Pixels per row.
    pub width: u32,
    /// Rows.
    pub height: u32,
    /// Samples per pixel: 1 gray, 2 gray + alpha, 3 RGB, 4 RGBA.
    pub channels: u8,
    /// `width × height × channels` samples.
    pub data: Vec<u8>,
}

impl Image {
    /// An image record as given; nothing is checked until an operation
    /// validates it with [`Image::layout`].
    #[must_use]
    pub fn new(width: u32, height: u32, channels: u8, data: Vec<u8>) -> Self {
        Self {
            width,
            height,
            channels,
            data,
        }
    }

    /// Checks the record against the limits of `types` and returns its
    /// dimensions as `usize`.
    ///
    /// # Errors
    /// Channels outside 1 ..= 4 or a zero width or height →
    /// `invalid-format`; width, height or pixel count over the limits →
    /// `out-of-memory` (decided before the data length, so that an oversized
    /// header is reported as such whatever data comes with it); a data length
    /// other than width × height × channels → `invalid-format`.
    pub fn layout(&self) -> Result<Layout, Error> {
        let Self {
            width,
            height,
            channels,
            ..
        } = *self;
        if !(1..=MAX_CHANNELS).contains(&channels) {
            return Err(Error::invalid(format!(
                "channels must be 1 ..= {MAX_CHANNELS}, got {channels}"
            )));
        }
        if width == 0 || height == 0 {
            return Err(Error::invalid(format!(
                "width and height must be at least 1, got {width}x{height}"
            )));
        }
        if exceeds_limits(width, height) {
            return Err(Error::OutOfMemory);
        }
        let layout = Layout::within_limits(width, height, channels);
        if self.data.len() != layout.len() {
            return Err(Error::invalid(format!(
                "data length {} does not match {width}x{height}x{channels} = {}",
                self.data.len(),
                layout.len()
            )));
        }
        Ok(layout)
    }
}

/// The dimensions of an image known to be within the limits, as `usize`:
/// every product of them fits (at most 2^28 samples).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    /// Pixels per row, 1 ..= 16384.
    pub width: usize,
    /// Rows, 1 ..= 16384.
    pub height: usize,
    /// Samples per pixel, 1 ..= 4.
    pub channels: usize,
}

impl Layout {
    /// The layout of a `width × height × channels` image that an operation
    /// is asked to produce (a resize target).
    ///
    /// # Errors
    /// A zero or over-the-limits size → `invalid-format` (the caller's
    /// request is out of range, not the input).
    pub fn target(width: u32, height: u32, channels: u8) -> Result<Self, Error> {
        check_target(width, height)?;
        Ok(Self::within_limits(width, height, channels))
    }

    /// Callers have checked `exceeds_limits` and the channel count.
    fn within_limits(width: u32, height: u32, channels: u8) -> Self {
        Self {
            width: width as usize,
            height: height as usize,
            channels: usize::from(channels),
        }
    }

    /// Samples per row.
    #[must_use]
    pub fn row_len(self) -> usize {
        self.width * self.channels
    }

    /// Pixels in the image.
    #[must_use]
    pub fn pixels(self) -> usize {
        self.width * self.height
    }

    /// Samples in the image.
    #[must_use]
    pub fn len(self) -> usize {
        self.pixels() * self.channels
    }

    /// Never true: a valid layout has at least one sample.
    #[must_use]
    pub fn is_empty(self) -> bool {
        self.len() == 0
    }

    /// Wraps `data`, which has `self.len()` samples, as an image.
    pub(crate) fn image(self, data: Vec<u8>) -> Image {
        debug_assert_eq!(data.len(), self.len());
        // Dimensions within the limits fit u32; channels fit u8.
        Image {
            width: self.width as u32,
            height: self.height as u32,
            channels: self.channels as u8,
            data,
        }
    }
}

/// Checks a size an operation is asked to produce (a resize target).
///
/// # Errors
/// A zero or over-the-limits size → `invalid-format`.
pub(crate) fn check_target(width: u32, height: u32) -> Result<(), Error> {
    if width == 0 || height == 0 {
        return Err(Error::invalid(format!(
            "target size must be at least 1x1, got {width}x{height}"
        )));
    }
    if exceeds_limits(width, height) {
        return Err(Error::invalid(format!(
            "target size {width}x{height} exceeds the limits \
             ({MAX_DIMENSION} per side, {MAX_PIXELS} pixels)"
        )));
    }
    Ok(())
}

/// The samples of a valid image and their layout, as the operations see
/// them: borrowed from a frame, which never changes, or owned, which an
/// operation may reuse for its output. Every operation works on this, so
/// that the by-value functions and a frame's steps share one
/// implementation, and a chain of steps copies nothing it does not have to.
#[derive(Debug)]
pub(crate) struct Pixels<'a> {
    pub(crate) layout: Layout,
    pub(crate) data: Cow<'a, [u8]>,
}

impl<'a> Pixels<'a> {
    /// Validates `img` and takes its buffer.
    pub(crate) fn from_image(img: Image) -> Result<Pixels<'static>, Error> {
        let layout = img.layout()?;
        Ok(Pixels {
            layout,
            data: Cow::Owned(img.data),
        })
    }

    /// A valid image's samples, read where they are.
    pub(crate) fn borrowed(layout: Layout, data: &'a [u8]) -> Self {
        debug_assert_eq!(data.len(), layout.len());
        Self {
            layout,
            data: Cow::Borrowed(data),
        }
    }

    /// Output samples that an operation computed.
    pub(crate) fn owned(layout: Layout, data: Vec<u8>) -> Self {
        debug_assert_eq!(data.len(), layout.len());
        Self {
            layout,
            data: Cow::Owned(data),
        }
    }

    /// The layout and buffer of computed samples; `None` if they are still
    /// the borrowed input.
    pub(crate) fn into_owned_data(self) -> Option<(Layout, Vec<u8>)> {
        match self.data {
            Cow::Owned(data) => Some((self.layout, data)),
            Cow::Borrowed(_) => None,
        }
    }

    /// As an image; copies borrowed samples (by-value callers pass owned
    /// ones, which are moved).
    pub(crate) fn into_image(self) -> Result<Image, Error> {
        let data = match self.data {
            Cow::Owned(data) => data,
            Cow::Borrowed(data) => try_copy(data)?,
        };
        Ok(self.layout.image(data))
    }
}

/// Whether `width × height` is over the per-side or the pixel-count limit.
fn exceeds_limits(width: u32, height: u32) -> bool {
    width > MAX_DIMENSION
        || height > MAX_DIMENSION
        || u64::from(width) * u64::from(height) > MAX_PIXELS
}

/// A vector of `len` copies of `value`, or `out-of-memory` when the
/// allocation fails (instead of aborting, which would trap the component).
pub(crate) fn try_filled<T: Clone>(len: usize, value: T) -> Result<Vec<T>, Error> {
    let mut v = Vec::new();
    v.try_reserve_exact(len).map_err(|_| Error::OutOfMemory)?;
    v.resize(len, value);
    Ok(v)
}

/// A copy of `data`, or `out-of-memory`.
pub(crate) fn try_copy(data: &[u8]) -> Result<Vec<u8>, Error> {
    let mut v = try_with_capacity(data.len())?;
    v.extend_from_slice(data);
    Ok(v)
}

/// An empty vector with room for `len` elements, or `out-of-memory`.
pub(crate) fn try_with_capacity<T>(len: usize) -> Result<Vec<T>, Error> {
    let mut v = Vec::new();
    v.try_reserve_exact(len).map_err(|_| Error::OutOfMemory)?;
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn image(width: u32, height: u32, channels: u8, len: usize) -> Image {
        Image {
            width,
            height,
            channels,
            data: vec![0; len],
        }
    }

    #[test]
    fn valid_layout() {
        let layout = image(3, 2, 4, 24).layout().unwrap();
        assert_eq!(
            layout,
            Layout {
                width: 3,
                height: 2,
                channels: 4
            }
        );
        assert_eq!(layout.row_len(), 12);
        assert_eq!(layout.pixels(), 6);
        assert_eq!(layout.len(), 24);
        assert!(!layout.is_empty());
    }

    #[test]
    fn bad_channels_are_invalid() {
        for channels in [0, 5, 255] {
            let err = image(1, 1, channels, usize::from(channels))
                .layout()
                .unwrap_err();
            assert!(matches!(err, Error::InvalidFormat(m) if m.contains("channels")));
        }
    }

    #[test]
    fn zero_size_is_invalid() {
        for (w, h) in [(0, 1), (1, 0), (0, 0)] {
            assert!(matches!(
                image(w, h, 1, 0).layout(),
                Err(Error::InvalidFormat(_))
            ));
        }
    }

    #[test]
    fn wrong_length_is_invalid() {
        for len in [0, 5, 7, 100] {
            let err = image(2, 3, 1, len).layout().unwrap_err();
            assert!(matches!(err, Error::InvalidFormat(m) if m.contains("data length")));
        }
    }

    #[test]
    fn over_the_limits_is_out_of_memory() {
        // Decided from the header alone: no need to send the pixels.
        for (w, h) in [
            (MAX_DIMENSION + 1, 1),
            (1, MAX_DIMENSION + 1),
            (MAX_DIMENSION, MAX_DIMENSION / 4 + 1),
            (u32::MAX, u32::MAX),
        ] {
            assert_eq!(image(w, h, 4, 0).layout(), Err(Error::OutOfMemory));
        }
        // Exactly at the limit is accepted (checked without the data).
        assert!(!exceeds_limits(MAX_DIMENSION, MAX_DIMENSION / 4));
        let wide = image(MAX_DIMENSION, 1, 1, MAX_DIMENSION as usize);
        assert!(wide.layout().is_ok());
    }

    #[test]
    fn target_layout() {
        assert!(Layout::target(16_384, 4096, 4).is_ok());
        for (w, h) in [(0, 5), (5, 0), (16_385, 1), (16_384, 4097)] {
            assert!(matches!(
                Layout::target(w, h, 3),
                Err(Error::InvalidFormat(_))
            ));
        }
    }

    #[test]
    fn batch_prefix() {
        assert_eq!(
            Error::invalid("bad").for_image(3),
            Error::InvalidFormat("image 3: bad".into())
        );
        assert_eq!(
            Error::ProcessingFailed("x".into()).for_image(0),
            Error::ProcessingFailed("image 0: x".into())
        );
        assert_eq!(Error::OutOfMemory.for_image(7), Error::OutOfMemory);
    }

    #[test]
    fn display() {
        assert_eq!(Error::invalid("m").to_string(), "invalid format: m");
        assert_eq!(Error::OutOfMemory.to_string(), "out of memory");
        assert_eq!(
            Error::ProcessingFailed("p".into()).to_string(),
            "processing failed: p"
        );
    }

    #[test]
    fn allocation_failure_is_out_of_memory() {
        assert_eq!(try_filled(usize::MAX, 0u8), Err(Error::OutOfMemory));
        assert!(try_with_capacity::<u32>(usize::MAX).is_err());
        assert_eq!(try_filled(3, 7u8).unwrap(), vec![7, 7, 7]);
    }
}
