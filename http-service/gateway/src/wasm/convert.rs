//! WIT types ⇄ the crate's.

use super::bindings::example::image_processing::blob_store::StorageError;
use super::bindings::example::image_processing::types::{Error as WitError, Step as WitStep};
use crate::api::{ApiError, Failure};
use step_text::Step;

// Steps ⇄ the bindings' (step-text's one set of arms for every crate that
// binds the WIT).
step_text::bindings_conversions!(super::bindings::example::image_processing::types);

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
