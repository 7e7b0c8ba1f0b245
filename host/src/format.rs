//! Which codec format a file is written in.

use std::path::Path;

use anyhow::{Context, Result};

/// The codec format named by a path's extension, lower case.
pub fn format_of(path: &Path) -> Result<String> {
    let ext = path.extension().and_then(|e| e.to_str()).with_context(|| {
        format!(
            "{}: no file extension to choose the output format from",
            path.display()
        )
    })?;
    Ok(ext.to_ascii_lowercase())
}

/// True if `ext` (any case) names a format the codec reads: PNG or JPEG.
pub fn is_image_extension(ext: &str) -> bool {
    matches!(ext.to_ascii_lowercase().as_str(), "png" | "jpg" | "jpeg")
}

/// True if the extension `ext` (any case) is one of `format`'s, so that a
/// file of that name can hold `format` as it is.
pub fn extension_fits(ext: &str, format: &str) -> bool {
    let ext = ext.to_ascii_lowercase();
    match format {
        "jpeg" | "jpg" => ext == "jpeg" || ext == "jpg",
        _ => ext == format,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_is_the_lower_case_extension() {
        assert_eq!(format_of(Path::new("a/b.PNG")).unwrap(), "png");
        assert_eq!(format_of(Path::new("x.tar.jpeg")).unwrap(), "jpeg");
    }

    #[test]
    fn a_path_without_extension_is_an_error() {
        let err = format_of(Path::new("out")).unwrap_err();
        assert!(err.to_string().contains("no file extension"), "{err}");
    }

    #[test]
    fn png_and_jpeg_are_images_in_any_case() {
        for ext in ["png", "PNG", "jpg", "Jpeg"] {
            assert!(is_image_extension(ext), "{ext}");
        }
        for ext in ["gif", "txt", ""] {
            assert!(!is_image_extension(ext), "{ext}");
        }
    }

    #[test]
    fn jpg_and_jpeg_both_fit_jpeg() {
        assert!(extension_fits("JPG", "jpeg"));
        assert!(extension_fits("jpeg", "jpeg"));
        assert!(extension_fits("png", "png"));
        assert!(!extension_fits("png", "jpeg"));
        assert!(!extension_fits("jpg", "png"));
    }
}
