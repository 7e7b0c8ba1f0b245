//! WIT types ⇄ the crate's.

use super::bindings::example::image_processing::blob_store::StorageError;
use super::bindings::example::image_processing::types::{
    Error as WitError, FilterOptions as WitFilterOptions, Size as WitSize, Step as WitStep,
};
use crate::api::{ApiError, Failure};
use step_text::{FilterOptions, Size, Step};

impl From<Step> for WitStep {
    fn from(step: Step) -> Self {
        match step {
            Step::Grayscale => Self::Grayscale,
            Step::Blur(radius) => Self::Blur(radius),
            Step::Resize(s) => Self::Resize(WitSize {
                width: s.width,
                height: s.height,
            }),
            Step::Filter(o) => Self::Filter(WitFilterOptions {
                brightness: o.brightness,
                contrast: o.contrast,
                blur_radius: o.blur_radius,
            }),
        }
    }
}

/// The steps a stored task has, back in the crate's type.
impl From<WitStep> for Step {
    fn from(step: WitStep) -> Self {
        match step {
            WitStep::Grayscale => Self::Grayscale,
            WitStep::Blur(radius) => Self::Blur(radius),
            WitStep::Resize(s) => Self::Resize(Size {
                width: s.width,
                height: s.height,
            }),
            WitStep::Filter(o) => Self::Filter(FilterOptions {
                brightness: o.brightness,
                contrast: o.contrast,
                blur_radius: o.blur_radius,
            }),
        }
    }
}

/// The WIT form of a step list, for the calls that take one.
pub fn wit_steps(steps: &[Step]) -> Vec<WitStep> {
    steps.iter().copied().map(WitStep::from).collect()
}

impl From<WitError> for Failure {
    fn from(e: WitError) -> Self {
        match e {
            WitError::InvalidFormat(m) => Self::InvalidFormat(m),
            WitError::ProcessingFailed(m) => Self::ProcessingFailed(m),
            WitError::OutOfMemory => Self::OutOfMemory,
        }
    }
}

impl From<Failure> for WitError {
    fn from(f: Failure) -> Self {
        match f {
            Failure::InvalidFormat(m) => Self::InvalidFormat(m),
            Failure::ProcessingFailed(m) => Self::ProcessingFailed(m),
            Failure::OutOfMemory => Self::OutOfMemory,
        }
    }
}

/// How a storage failure reads in a response: 503 when the store is not
/// configured (the service is misconfigured, not the request wrong), 503
/// with `retry-after` when it did not answer (a key-value server down: the
/// same request will work once it is back), 500 otherwise.
pub fn storage_error(e: StorageError) -> ApiError {
    match e {
        StorageError::NoDataDir(m) => ApiError::unavailable(format!("storage: {m}")),
        StorageError::Unavailable(m) => ApiError::retry_later(format!("storage: {m}")),
        StorageError::InvalidName(m) | StorageError::Io(m) => {
            ApiError::internal(format!("storage: {m}"))
        }
    }
}

/// The same, for log lines.
pub fn describe(e: &StorageError) -> String {
    match e {
        StorageError::NoDataDir(m) => format!("no-data-dir: {m}"),
        StorageError::InvalidName(m) => format!("invalid-name: {m}"),
        StorageError::Io(m) => format!("io: {m}"),
        StorageError::Unavailable(m) => format!("unavailable: {m}"),
    }
}
