//! `image-pipeline process`: decode → scheduler task → encode.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::bindings::FilterOptions;
use crate::engine::Runtime;
use crate::logging::LogLevel;
use crate::pipeline::Pipeline;

#[derive(clap::Args)]
pub struct Args {
    /// Input image (PNG or JPEG).
    input: PathBuf,
    /// Output image; its extension picks the format.
    #[arg(short, long)]
    output: PathBuf,
    /// Scheduler operation: grayscale, blur, apply-filter, resize:WxH, or
    /// several joined by `|`.
    #[arg(long)]
    op: String,
    /// Brightness for apply-filter, -1.0..=1.0.
    #[arg(long, allow_negative_numbers = true)]
    brightness: Option<f32>,
    /// Contrast for apply-filter, -255.0..=255.0.
    #[arg(long, allow_negative_numbers = true)]
    contrast: Option<f32>,
    /// Gaussian blur radius in pixels for blur and apply-filter.
    #[arg(long)]
    blur_radius: Option<u32>,
}

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

pub fn run(component: &Path, log_level: LogLevel, args: &Args) -> Result<()> {
    let format = format_of(&args.output)?;
    let input = std::fs::read(&args.input)
        .with_context(|| format!("cannot read {}", args.input.display()))?;
    let runtime = Runtime::load(component, log_level)?;
    let mut pipeline = Pipeline::new(&runtime)?;
    let image = pipeline
        .decode(&input)
        .with_context(|| format!("{}: decode", args.input.display()))?;
    let options = FilterOptions {
        brightness: args.brightness,
        contrast: args.contrast,
        blur_radius: args.blur_radius,
    };
    let result = pipeline
        .run_task(&image, &args.op, options)
        .with_context(|| format!("{}: operation {:?}", args.input.display(), args.op))?;
    let encoded = pipeline
        .encode(&result, &format)
        .with_context(|| format!("{}: encode as {format}", args.output.display()))?;
    std::fs::write(&args.output, encoded)
        .with_context(|| format!("cannot write {}", args.output.display()))?;
    Ok(())
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
}
