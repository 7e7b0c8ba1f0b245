//! Frames and steps: the `frame` resource and `apply` of `image-ops`.
//!
//! A frame is a valid image that never changes after it is made, so frames
//! may share their samples: `apply` hands back the source's own buffer when
//! every step leaves it unchanged, and [`Frame::into_image`] moves the
//! buffer out when no other frame shares it. The component is
//! single-threaded, hence `Rc`.

use std::rc::Rc;

use crate::blur::Kernel;
use crate::filter::{Filter, FilterOptions};
use crate::grayscale::grayscale_pixels;
use crate::image::{check_target, try_copy, try_with_capacity, Error, Image, Layout, Pixels};
use crate::resize::resize_pixels;

/// Most steps one `apply` runs.
pub const MAX_STEPS: usize = 64;

/// One operation of a chain; mirrors the WIT `step` variant. Each does what
/// the function of the same name does, with the same ranges and errors.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Step {
    /// [`crate::grayscale`].
    Grayscale,
    /// [`crate::blur`] with this radius.
    Blur(u32),
    /// [`crate::resize`] to `width × height`.
    Resize {
        /// Target pixels per row.
        width: u32,
        /// Target rows.
        height: u32,
    },
    /// [`crate::apply_filter`] with these options.
    Filter(FilterOptions),
}

/// A step whose parameters are checked and whose kernels and tables are
/// computed, before any step runs.
#[allow(clippy::large_enum_variant)] // A filter's table inline: at most 64 of these, for one call.
enum Prepared {
    Grayscale,
    /// `None`: radius 0.
    Blur(Option<Kernel>),
    Resize(u32, u32),
    Filter(Filter),
}

impl Prepared {
    fn new(step: &Step) -> Result<Self, Error> {
        Ok(match *step {
            Step::Grayscale => Self::Grayscale,
            Step::Blur(radius) => Self::Blur(Kernel::new(radius)?),
            Step::Resize { width, height } => {
                check_target(width, height)?;
                Self::Resize(width, height)
            }
            Step::Filter(opts) => Self::Filter(Filter::new(&opts)?),
        })
    }

    fn run<'a>(&self, px: Pixels<'a>) -> Result<Pixels<'a>, Error> {
        match self {
            Self::Grayscale => grayscale_pixels(px),
            Self::Blur(None) => Ok(px),
            Self::Blur(Some(kernel)) => kernel.apply(px),
            Self::Resize(width, height) => resize_pixels(px, *width, *height),
            Self::Filter(filter) => filter.apply(px),
        }
    }
}

/// A valid image held by the component: the `frame` resource.
#[derive(Debug, Clone)]
pub struct Frame {
    layout: Layout,
    data: Rc<Vec<u8>>,
}

impl Frame {
    /// A frame that takes `img`'s buffer.
    ///
    /// # Errors
    /// An invalid image (see [`Image::layout`]).
    pub fn new(img: Image) -> Result<Self, Error> {
        let layout = img.layout()?;
        Ok(Self {
            layout,
            data: Rc::new(img.data),
        })
    }

    /// Pixels per row.
    #[must_use]
    pub fn width(&self) -> u32 {
        self.image_header().0
    }

    /// Rows.
    #[must_use]
    pub fn height(&self) -> u32 {
        self.image_header().1
    }

    /// Samples per pixel.
    #[must_use]
    pub fn channels(&self) -> u8 {
        self.image_header().2
    }

    /// Width, height and channels in the WIT types (a valid layout fits).
    fn image_header(&self) -> (u32, u32, u8) {
        let Layout {
            width,
            height,
            channels,
        } = self.layout;
        (width as u32, height as u32, channels as u8)
    }

    /// A copy of the frame as an image.
    ///
    /// # Errors
    /// `out-of-memory` when the copy cannot be allocated.
    pub fn to_image(&self) -> Result<Image, Error> {
        Ok(self.layout.image(try_copy(&self.data)?))
    }

    /// The frame as an image: its buffer, moved, unless another frame
    /// shares it, in which case a copy.
    ///
    /// # Errors
    /// `out-of-memory` when a copy is needed and cannot be allocated.
    pub fn into_image(self) -> Result<Image, Error> {
        let data = match Rc::try_unwrap(self.data) {
            Ok(data) => data,
            Err(shared) => try_copy(&shared)?,
        };
        Ok(self.layout.image(data))
    }

    /// A new frame: `steps` applied in order, each to the previous one's
    /// output. The first step reads this frame's samples where they are;
    /// later steps may reuse their input's buffer. If every step leaves its
    /// input unchanged, the new frame shares this one's samples.
    ///
    /// # Errors
    /// More than [`MAX_STEPS`] steps → `invalid-format`; a step whose
    /// parameters are out of range → its error, prefixed `step <index>: `,
    /// before any step runs; `out-of-memory` when an output cannot be
    /// allocated.
    pub fn apply<I>(&self, steps: I) -> Result<Self, Error>
    where
        I: IntoIterator<Item = Step>,
        I::IntoIter: ExactSizeIterator,
    {
        let steps = steps.into_iter();
        if steps.len() > MAX_STEPS {
            return Err(Error::invalid(format!(
                "apply runs at most {MAX_STEPS} steps, got {}",
                steps.len()
            )));
        }
        let mut prepared = try_with_capacity(steps.len())?;
        for (index, step) in steps.enumerate() {
            prepared.push(Prepared::new(&step).map_err(|e| e.for_step(index))?);
        }
        let mut px = Pixels::borrowed(self.layout, &self.data);
        for step in &prepared {
            px = step.run(px)?;
        }
        Ok(match px.into_owned_data() {
            // Still borrowed: nothing changed.
            None => self.clone(),
            Some((layout, data)) => Self {
                layout,
                data: Rc::new(data),
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{apply_filter, blur, grayscale, resize};

    fn rgb(width: u32, height: u32) -> Image {
        let len = (width * height * 3) as usize;
        Image::new(
            width,
            height,
            3,
            (0..len).map(|i| (i * 7 % 251) as u8).collect(),
        )
    }

    fn opts() -> FilterOptions {
        FilterOptions {
            brightness: Some(0.1),
            contrast: Some(-30.0),
            blur_radius: Some(2),
        }
    }

    #[test]
    fn new_validates_and_reads_back() {
        let img = rgb(5, 4);
        let frame = Frame::new(img.clone()).unwrap();
        assert_eq!((frame.width(), frame.height(), frame.channels()), (5, 4, 3));
        assert_eq!(frame.to_image().unwrap(), img);
        assert_eq!(frame.into_image().unwrap(), img);
        assert!(matches!(
            Frame::new(Image::new(2, 2, 3, vec![0; 11])),
            Err(Error::InvalidFormat(_))
        ));
        assert!(matches!(
            Frame::new(Image::new(1, 1, 0, vec![])),
            Err(Error::InvalidFormat(_))
        ));
        assert_eq!(
            Frame::new(Image::new(16_385, 1, 1, vec![0; 16_385])).unwrap_err(),
            Error::OutOfMemory
        );
    }

    #[test]
    fn each_step_is_its_function() {
        let img = rgb(13, 9);
        let frame = Frame::new(img.clone()).unwrap();
        let cases = [
            (Step::Grayscale, grayscale(img.clone())),
            (Step::Blur(3), blur(img.clone(), 3)),
            (
                Step::Resize {
                    width: 6,
                    height: 17,
                },
                resize(img.clone(), 6, 17),
            ),
            (Step::Filter(opts()), apply_filter(img.clone(), &opts())),
        ];
        for (step, want) in cases {
            let out = frame.apply([step]).unwrap();
            assert_eq!(out.into_image(), want, "{step:?}");
        }
        // The source is only read.
        assert_eq!(frame.to_image().unwrap(), img);
    }

    #[test]
    fn chain_is_the_functions_in_order() {
        let img = rgb(31, 20);
        let steps = [
            Step::Filter(opts()),
            Step::Resize {
                width: 12,
                height: 40,
            },
            Step::Blur(4),
            Step::Grayscale,
            Step::Blur(1),
        ];
        let want = apply_filter(img.clone(), &opts())
            .and_then(|i| resize(i, 12, 40))
            .and_then(|i| blur(i, 4))
            .and_then(grayscale)
            .and_then(|i| blur(i, 1))
            .unwrap();
        let frame = Frame::new(img).unwrap();
        assert_eq!(frame.apply(steps).unwrap().into_image().unwrap(), want);
    }

    #[test]
    fn unchanged_steps_share_the_samples() {
        let frame = Frame::new(Image::new(3, 2, 1, vec![1, 2, 3, 4, 5, 6])).unwrap();
        let identity = [
            Step::Grayscale,
            Step::Blur(0),
            Step::Resize {
                width: 3,
                height: 2,
            },
            Step::Filter(FilterOptions::default()),
        ];
        for steps in [&identity[..], &[]] {
            let out = frame.apply(steps.iter().copied()).unwrap();
            assert!(Rc::ptr_eq(&out.data, &frame.data), "{steps:?}");
        }
        // A shared buffer is copied out, and the source still has it.
        let out = frame.apply([]).unwrap();
        assert_eq!(out.into_image().unwrap().data, vec![1, 2, 3, 4, 5, 6]);
        assert_eq!(Rc::strong_count(&frame.data), 1);
        // Alone, it is moved out.
        let ptr = frame.data.as_ptr();
        assert_eq!(frame.into_image().unwrap().data.as_ptr(), ptr);
    }

    #[test]
    fn steps_are_checked_before_any_runs() {
        let frame = Frame::new(rgb(4, 4)).unwrap();
        let bad = FilterOptions {
            contrast: Some(f32::NAN),
            ..FilterOptions::default()
        };
        let cases = [
            (
                vec![Step::Grayscale, Step::Blur(257)],
                "step 1: blur radius",
            ),
            (
                vec![Step::Resize {
                    width: 0,
                    height: 3,
                }],
                "step 0: target size",
            ),
            (
                vec![
                    Step::Blur(1),
                    Step::Blur(2),
                    Step::Resize {
                        width: 16_385,
                        height: 1,
                    },
                ],
                "step 2: target size",
            ),
            (
                vec![Step::Grayscale, Step::Grayscale, Step::Filter(bad)],
                "step 2: contrast",
            ),
        ];
        for (steps, prefix) in cases {
            match frame.apply(steps.clone()) {
                Err(Error::InvalidFormat(m)) => assert!(m.starts_with(prefix), "{steps:?}: {m}"),
                other => panic!("{steps:?}: {other:?}"),
            }
        }
    }

    #[test]
    fn step_count_is_bounded() {
        let frame = Frame::new(rgb(2, 2)).unwrap();
        assert!(frame.apply(vec![Step::Blur(0); MAX_STEPS]).is_ok());
        assert!(matches!(
            frame.apply(vec![Step::Blur(0); MAX_STEPS + 1]),
            Err(Error::InvalidFormat(m)) if m.contains("at most 64 steps")
        ));
    }
}
