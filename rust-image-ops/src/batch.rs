//! `apply-filter` over a list of images, all or nothing.

use crate::filter::{Filter, FilterOptions};
use crate::image::{try_with_capacity, Error, Image, Pixels};

/// Most images one batch may hold.
pub const MAX_BATCH: usize = 1024;

/// Applies `opts` to each image in order, as [`crate::apply_filter`] would.
///
/// # Errors
/// More than 1024 images → `invalid-format`. Otherwise the first image that
/// fails makes the whole batch fail with its error, the message prefixed with
/// `image <index>: ` (invalid options fail at image 0); `out-of-memory` has
/// no message. An empty list succeeds with an empty list.
pub fn batch_process(images: Vec<Image>, opts: &FilterOptions) -> Result<Vec<Image>, Error> {
    if images.len() > MAX_BATCH {
        return Err(Error::invalid(format!(
            "a batch holds at most {MAX_BATCH} images, got {}",
            images.len()
        )));
    }
    // Prepared once; an error surfaces at the first image, after that
    // image's own validation, exactly as `apply-filter` on it would report.
    let filter = Filter::new(opts);
    let mut out = try_with_capacity(images.len())?;
    for (index, img) in images.into_iter().enumerate() {
        let result = Pixels::from_image(img).and_then(|px| match &filter {
            Ok(filter) => filter.apply(px)?.into_image(),
            Err(err) => Err(err.clone()),
        });
        out.push(result.map_err(|err| err.for_image(index))?);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filter::apply_filter;

    fn img(width: u32, height: u32, channels: u8, seed: u8) -> Image {
        let len = (width * height) as usize * usize::from(channels);
        Image {
            width,
            height,
            channels,
            data: (0..len)
                .map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed))
                .collect(),
        }
    }

    fn opts() -> FilterOptions {
        FilterOptions {
            brightness: Some(0.1),
            contrast: Some(20.0),
            blur_radius: Some(1),
        }
    }

    #[test]
    fn same_as_apply_filter_in_order() {
        let images = vec![
            img(3, 2, 1, 0),
            img(4, 4, 4, 9),
            img(1, 1, 2, 200),
            img(5, 3, 3, 7),
        ];
        let out = batch_process(images.clone(), &opts()).unwrap();
        let want: Vec<Image> = images
            .into_iter()
            .map(|i| apply_filter(i, &opts()).unwrap())
            .collect();
        assert_eq!(out, want);
    }

    #[test]
    fn empty_batch() {
        assert_eq!(batch_process(Vec::new(), &opts()), Ok(Vec::new()));
        assert_eq!(
            batch_process(Vec::new(), &FilterOptions::default()),
            Ok(Vec::new())
        );
    }

    #[test]
    fn too_many_images() {
        let images = vec![img(1, 1, 1, 0); MAX_BATCH + 1];
        assert!(matches!(
            batch_process(images, &opts()),
            Err(Error::InvalidFormat(m)) if m.contains("1024")
        ));
        let images = vec![img(1, 1, 1, 0); MAX_BATCH];
        assert_eq!(batch_process(images, &opts()).unwrap().len(), MAX_BATCH);
    }

    #[test]
    fn failing_image_names_its_index() {
        let mut bad = img(2, 2, 3, 0);
        bad.data.pop();
        let images = vec![img(2, 2, 3, 0), img(1, 1, 1, 0), bad, img(1, 1, 1, 0)];
        match batch_process(images, &opts()) {
            Err(Error::InvalidFormat(m)) => {
                assert!(m.starts_with("image 2: "), "{m}");
                assert!(m.contains("data length"), "{m}");
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn oversized_image_is_out_of_memory_without_message() {
        let huge = Image {
            width: 16_385,
            height: 1,
            channels: 1,
            data: vec![0; 16_385],
        };
        let images = vec![img(1, 1, 1, 0), huge];
        assert_eq!(batch_process(images, &opts()), Err(Error::OutOfMemory));
    }

    #[test]
    fn invalid_options_fail_at_image_0() {
        let bad = FilterOptions {
            contrast: Some(f32::NAN),
            ..FilterOptions::default()
        };
        match batch_process(vec![img(1, 1, 1, 0)], &bad) {
            Err(Error::InvalidFormat(m)) => assert!(m.starts_with("image 0: contrast"), "{m}"),
            other => panic!("unexpected {other:?}"),
        }
    }
}
