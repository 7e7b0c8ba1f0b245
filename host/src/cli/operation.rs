//! The operation arguments `process` and `batch` share: 1.0's `--op` text and
//! option flags, parsed into typed steps (`step-text`) before any work.

use image_pipeline_host::bindings::{parse_steps, ComponentError, FilterOptions, Step};

#[derive(clap::Args)]
pub struct OperationArgs {
    /// Scheduler operation: grayscale, blur, apply-filter, resize:WxH, or
    /// several joined by `|`.
    #[arg(long)]
    pub op: String,
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

impl OperationArgs {
    /// The task's steps: `--op` with the options for `blur` and
    /// `apply-filter`; bad text is an `invalid-format` error.
    pub fn steps(&self) -> Result<Vec<Step>, ComponentError> {
        let options = FilterOptions {
            brightness: self.brightness,
            contrast: self.contrast,
            blur_radius: self.blur_radius,
        };
        parse_steps(&self.op, options)
    }
}
