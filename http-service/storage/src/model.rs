//! Tasks as the crate sees them, and as their JSON records store them.

use serde::{Deserialize, Serialize};

/// `types.filter-options`.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Options {
    /// -1.0 ..= 1.0.
    pub brightness: Option<f32>,
    /// -255.0 ..= 255.0.
    pub contrast: Option<f32>,
    /// 0 ..= 256.
    pub blur_radius: Option<u32>,
}

/// `types.error`: why a task failed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "variant", content = "message", rename_all = "kebab-case")]
pub enum TaskError {
    /// Unacceptable input.
    InvalidFormat(String),
    /// The work failed.
    ProcessingFailed(String),
    /// Over the limits.
    OutOfMemory,
}

/// `task-store.task-state`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", content = "error", rename_all = "kebab-case")]
pub enum TaskState {
    /// Not finished.
    Pending,
    /// Finished with an image.
    Completed,
    /// Finished with an error.
    Failed(TaskError),
}

/// `task-store.task`.
#[derive(Clone, Debug, PartialEq)]
pub struct Task {
    /// 32 hex digits.
    pub id: String,
    /// The scheduler operation.
    pub operation: String,
    /// Its options.
    pub options: Options,
    /// Where it is.
    pub state: TaskState,
    /// Milliseconds since the Unix epoch.
    pub created_ms: u64,
    /// End of the current lease; 0 once finished.
    pub lease_until_ms: u64,
    /// Whether the result came from the cache.
    pub from_cache: bool,
}

/// The JSON record of a task (`tasks/<id>.json`). The id is the file name.
/// Floats are stored as their bit patterns so that every value, however
/// odd, comes back exactly as it went in.
#[derive(Serialize, Deserialize)]
struct Record {
    /// Format version, for whoever reads these files next.
    v: u32,
    operation: String,
    brightness_bits: Option<u32>,
    contrast_bits: Option<u32>,
    blur_radius: Option<u32>,
    #[serde(flatten)]
    state: TaskState,
    created_ms: u64,
    lease_until_ms: u64,
    from_cache: bool,
}

const RECORD_VERSION: u32 = 1;

impl Task {
    /// The record's bytes.
    #[must_use]
    pub fn to_record(&self) -> Vec<u8> {
        let record = Record {
            v: RECORD_VERSION,
            operation: self.operation.clone(),
            brightness_bits: self.options.brightness.map(f32::to_bits),
            contrast_bits: self.options.contrast.map(f32::to_bits),
            blur_radius: self.options.blur_radius,
            state: self.state.clone(),
            created_ms: self.created_ms,
            lease_until_ms: self.lease_until_ms,
            from_cache: self.from_cache,
        };
        // A struct of strings, integers and unit enums always serialises.
        serde_json::to_vec(&record).unwrap_or_default()
    }

    /// The task a record describes, or the reason it cannot be read.
    ///
    /// # Errors
    ///
    /// The parser's message for a corrupt record or an unknown version.
    pub fn from_record(id: &str, bytes: &[u8]) -> Result<Self, String> {
        let r: Record = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
        if r.v != RECORD_VERSION {
            return Err(format!(
                "record version {} (this build reads {RECORD_VERSION})",
                r.v
            ));
        }
        Ok(Self {
            id: id.to_string(),
            operation: r.operation,
            options: Options {
                brightness: r.brightness_bits.map(f32::from_bits),
                contrast: r.contrast_bits.map(f32::from_bits),
                blur_radius: r.blur_radius,
            },
            state: r.state,
            created_ms: r.created_ms,
            lease_until_ms: r.lease_until_ms,
            from_cache: r.from_cache,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn task(state: TaskState) -> Task {
        Task {
            id: "00".repeat(16),
            operation: "resize:4x4|grayscale".into(),
            options: Options {
                brightness: Some(-0.25),
                contrast: Some(f32::NAN),
                blur_radius: None,
            },
            state,
            created_ms: 1_700_000_000_000,
            lease_until_ms: 1_700_000_060_000,
            from_cache: false,
        }
    }

    #[test]
    fn every_state_round_trips() {
        for state in [
            TaskState::Pending,
            TaskState::Completed,
            TaskState::Failed(TaskError::InvalidFormat("bad \"png\"".into())),
            TaskState::Failed(TaskError::ProcessingFailed("x".into())),
            TaskState::Failed(TaskError::OutOfMemory),
        ] {
            let t = task(state);
            let back = Task::from_record(&t.id, &t.to_record()).unwrap();
            assert_eq!(back.state, t.state);
            assert_eq!(back.operation, t.operation);
            assert_eq!(back.options.brightness, Some(-0.25));
            assert!(
                back.options.contrast.unwrap().is_nan(),
                "floats are kept bit for bit"
            );
            assert_eq!(
                (back.created_ms, back.lease_until_ms),
                (t.created_ms, t.lease_until_ms)
            );
        }
    }

    #[test]
    fn corrupt_or_foreign_records_are_errors() {
        assert!(Task::from_record("x", b"{").is_err());
        let mut json: serde_json::Value =
            serde_json::from_slice(&task(TaskState::Pending).to_record()).unwrap();
        json["v"] = 2.into();
        let err = Task::from_record("x", &serde_json::to_vec(&json).unwrap()).unwrap_err();
        assert!(err.contains("version 2"), "{err}");
    }
}
