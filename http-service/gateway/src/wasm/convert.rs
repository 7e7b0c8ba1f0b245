//! WIT types ⇄ the crate's.

use super::bindings::example::image_processing::blob_store::StorageError;
use super::bindings::example::image_processing::types::{Error as WitError, FilterOptions};
use crate::api::{ApiError, Failure};
use crate::request::Options;

impl From<Options> for FilterOptions {
    fn from(o: Options) -> Self {
        Self {
            brightness: o.brightness,
            contrast: o.contrast,
            blur_radius: o.blur_radius,
        }
    }
}

impl From<FilterOptions> for Options {
    fn from(o: FilterOptions) -> Self {
        Self {
            brightness: o.brightness,
            contrast: o.contrast,
            blur_radius: o.blur_radius,
        }
    }
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

/// How a storage failure reads in a response: 503 when there is no data
/// directory (the service is misconfigured, not the request wrong), 500
/// otherwise.
pub fn storage_error(e: StorageError) -> ApiError {
    match e {
        StorageError::NoDataDir(m) => ApiError::unavailable(format!("storage: {m}")),
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
    }
}
