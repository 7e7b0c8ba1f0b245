//! Which codec format a file is written in, from the codec's own list (its
//! `supported-formats`: names, extensions, media types), so that the host
//! keeps no list of formats of its own: a format the codec gains is one
//! the CLI and batch take.

use std::path::Path;

use anyhow::{bail, Context, Result};

pub use crate::bindings::exports::example::image_processing::codec::FileFormat;
use crate::pipeline::Pipeline;

/// The codec format a path names: its extension, lower case, which `encode`
/// takes as it takes a format's name. The codec, not the host, decides
/// whether it is one of its formats (`invalid-format` if not).
pub fn format_of(path: &Path) -> Result<String> {
    let ext = path.extension().and_then(|e| e.to_str()).with_context(|| {
        format!(
            "{}: no file extension to choose the output format from",
            path.display()
        )
    })?;
    Ok(ext.to_ascii_lowercase())
}

/// The codec's formats, in its order.
#[derive(Clone, Debug)]
pub struct Formats(Vec<FileFormat>);

impl Formats {
    /// What `pipeline`'s codec supports.
    pub fn of(pipeline: &mut Pipeline) -> Result<Self> {
        Ok(Self(pipeline.supported_formats()?))
    }

    pub fn new(formats: Vec<FileFormat>) -> Self {
        Self(formats)
    }

    /// The format whose name or extension is `name` (any case).
    pub fn find(&self, name: &str) -> Option<&FileFormat> {
        let name = name.to_ascii_lowercase();
        self.0
            .iter()
            .find(|f| f.name == name || f.extensions.contains(&name))
    }

    /// The format of a file named `path`, by its extension.
    pub fn of_path(&self, path: &Path) -> Result<&FileFormat> {
        let ext = path.extension().and_then(|e| e.to_str()).with_context(|| {
            format!(
                "{}: no file extension to choose the format from ({})",
                path.display(),
                self.extensions()
            )
        })?;
        match self.find(ext) {
            Some(format) => Ok(format),
            None => bail!(
                "{}: .{ext} is no format of the codec ({})",
                path.display(),
                self.extensions()
            ),
        }
    }

    /// Whether `ext` (any case) is an extension of one of the formats.
    pub fn is_image_extension(&self, ext: &str) -> bool {
        let ext = ext.to_ascii_lowercase();
        self.0.iter().any(|f| f.extensions.contains(&ext))
    }

    /// Every extension, as people write them: `.png, .jpg, .jpeg`.
    pub fn extensions(&self) -> String {
        let all: Vec<String> = self
            .0
            .iter()
            .flat_map(|f| f.extensions.iter().map(|e| format!(".{e}")))
            .collect();
        all.join(", ")
    }

    /// Every format's name: `png, jpeg`.
    pub fn names(&self) -> String {
        let all: Vec<&str> = self.0.iter().map(|f| f.name.as_str()).collect();
        all.join(", ")
    }
}

/// True if the extension `ext` (any case) is one of `format`'s, so that a
/// file of that name can hold `format` as it is.
pub fn extension_fits(ext: &str, format: &FileFormat) -> bool {
    format.extensions.contains(&ext.to_ascii_lowercase())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A list of the codec's shape, for tests that run no component.
    pub fn formats() -> Formats {
        let format = |name: &str, extensions: &[&str], media_type: &str| FileFormat {
            name: name.into(),
            extensions: extensions.iter().map(|&e| e.into()).collect(),
            media_type: media_type.into(),
        };
        Formats::new(vec![
            format("png", &["png"], "image/png"),
            format("jpeg", &["jpg", "jpeg"], "image/jpeg"),
        ])
    }

    #[test]
    fn the_format_of_a_path_is_its_lower_case_extension() {
        assert_eq!(format_of(Path::new("a/b.PNG")).unwrap(), "png");
        assert_eq!(format_of(Path::new("x.tar.jpeg")).unwrap(), "jpeg");
        assert!(format_of(Path::new("out")).is_err());
    }

    #[test]
    fn a_path_names_its_format_by_extension_in_any_case() {
        let formats = formats();
        assert_eq!(formats.of_path(Path::new("a/b.PNG")).unwrap().name, "png");
        assert_eq!(
            formats.of_path(Path::new("x.tar.jpg")).unwrap().name,
            "jpeg"
        );
    }

    #[test]
    fn a_path_without_a_known_extension_is_an_error_listing_them() {
        let err = formats().of_path(Path::new("out")).unwrap_err();
        assert!(err.to_string().contains("no file extension"), "{err}");
        let err = formats().of_path(Path::new("out.gif")).unwrap_err();
        assert!(err.to_string().contains(".png, .jpg, .jpeg"), "{err}");
    }

    #[test]
    fn images_are_the_formats_extensions_in_any_case() {
        for ext in ["png", "PNG", "jpg", "Jpeg"] {
            assert!(formats().is_image_extension(ext), "{ext}");
        }
        for ext in ["gif", "txt", ""] {
            assert!(!formats().is_image_extension(ext), "{ext}");
        }
    }

    #[test]
    fn jpg_and_jpeg_both_fit_jpeg() {
        let formats = formats();
        let (png, jpeg) = (formats.find("png").unwrap(), formats.find("jpg").unwrap());
        assert!(extension_fits("JPG", jpeg));
        assert!(extension_fits("jpeg", jpeg));
        assert!(extension_fits("png", png));
        assert!(!extension_fits("png", jpeg));
        assert!(!extension_fits("jpg", png));
    }
}
