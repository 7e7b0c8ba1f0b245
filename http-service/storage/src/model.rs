//! Tasks as the crate sees them, and as their JSON records store them.

use serde::{Deserialize, Serialize};

/// The steps a task applies: step-text's, in this crate's API too.
pub use step_text::{FilterOptions, Size, Step};

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
    /// What the task applies to its input, in order.
    pub steps: Vec<Step>,
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
/// The shape is documented in the crate's README.
#[derive(Serialize, Deserialize)]
struct Record {
    /// Format version, for whoever reads these files next.
    v: u32,
    /// Each step's canonical text (step-text's `Display`, read back with
    /// its `FromStr`): `"blur(3)"`. Every parameter is in it, floats as the
    /// shortest decimal that reads back to the same `f32`.
    steps: Vec<String>,
    #[serde(flatten)]
    state: TaskState,
    created_ms: u64,
    lease_until_ms: u64,
    from_cache: bool,
}

/// 3: steps as step-text's canonical text, so that the record needs no code
/// of its own per case of `types.step`. 2 (contract 2.0) had an object per
/// step with the floats' bit patterns; 1 had the 1.0 operation string and
/// options. A record of another version is unreadable: tasks live at most
/// `TASK_TTL_SECS` (a day by default), and a task created before an upgrade
/// reads as an `io` error, as 2 did for 1.
const RECORD_VERSION: u32 = 3;

impl Task {
    /// The record's bytes.
    #[must_use]
    pub fn to_record(&self) -> Vec<u8> {
        let record = Record {
            v: RECORD_VERSION,
            steps: self.steps.iter().map(Step::to_string).collect(),
            state: self.state.clone(),
            created_ms: self.created_ms,
            lease_until_ms: self.lease_until_ms,
            from_cache: self.from_cache,
        };
        // Strings, integers and enums of them always serialise.
        serde_json::to_vec(&record).unwrap_or_default()
    }

    /// The task a record describes, or the reason it cannot be read.
    ///
    /// # Errors
    ///
    /// The parser's message for a corrupt record or an unknown version.
    pub fn from_record(id: &str, bytes: &[u8]) -> Result<Self, String> {
        // The version first: another one may have another shape.
        #[derive(Deserialize)]
        struct Version {
            v: u32,
        }
        let Version { v } = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
        if v != RECORD_VERSION {
            return Err(format!(
                "record version {v} (this build reads {RECORD_VERSION})"
            ));
        }
        let r: Record = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
        let steps = r
            .steps
            .iter()
            .map(|text| text.parse::<Step>().map_err(|e| e.to_string()))
            .collect::<Result<_, _>>()?;
        Ok(Self {
            id: id.to_string(),
            steps,
            state: r.state,
            created_ms: r.created_ms,
            lease_until_ms: r.lease_until_ms,
            from_cache: r.from_cache,
        })
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn steps() -> Vec<Step> {
        vec![
            Step::Resize(Size {
                width: 4,
                height: 3,
            }),
            Step::Grayscale,
            Step::Blur(2),
            Step::Filter(FilterOptions {
                brightness: Some(-0.25),
                contrast: Some(f32::NAN),
                blur_radius: None,
            }),
        ]
    }

    fn task(state: TaskState) -> Task {
        Task {
            id: "00".repeat(16),
            steps: steps(),
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
            // By text: NaN is not equal to itself, and 0.0 is equal to -0.0.
            assert_eq!(
                step_text::to_text(&back.steps),
                step_text::to_text(&t.steps)
            );
            assert_eq!(
                (back.created_ms, back.lease_until_ms),
                (t.created_ms, t.lease_until_ms)
            );
        }
    }

    #[test]
    fn the_documented_shape() {
        let t = Task {
            steps: vec![
                Step::Grayscale,
                Step::Blur(3),
                Step::Resize(Size {
                    width: 640,
                    height: 480,
                }),
                Step::Filter(FilterOptions {
                    brightness: Some(0.5),
                    contrast: None,
                    blur_radius: Some(2),
                }),
            ],
            ..task(TaskState::Failed(TaskError::OutOfMemory))
        };
        let record: serde_json::Value = serde_json::from_slice(&t.to_record()).unwrap();
        assert_eq!(
            record,
            json!({
                "v": 3,
                "steps": ["grayscale", "blur(3)", "resize:640x480",
                          "apply-filter(brightness=0.5, blur_radius=2)"],
                "state": "failed",
                "error": {"variant": "out-of-memory"},
                "created_ms": 1_700_000_000_000_u64,
                "lease_until_ms": 1_700_000_060_000_u64,
                "from_cache": false,
            })
        );
    }

    #[test]
    fn corrupt_or_foreign_records_are_errors() {
        assert!(Task::from_record("x", b"{").is_err());
        let record = || -> serde_json::Value {
            serde_json::from_slice(&task(TaskState::Pending).to_record()).unwrap()
        };
        let mut old = record();
        old["v"] = 2.into();
        old["steps"] = json!([{"op": "grayscale"}]);
        let err = Task::from_record("x", &serde_json::to_vec(&old).unwrap()).unwrap_err();
        assert!(err.contains("version 2"), "{err}");
        let mut unknown_step = record();
        unknown_step["steps"][0] = json!("sepia");
        assert!(Task::from_record("x", &serde_json::to_vec(&unknown_step).unwrap()).is_err());
        let mut bad_parameter = record();
        bad_parameter["steps"][2] = json!("blur(1, 2)");
        assert!(Task::from_record("x", &serde_json::to_vec(&bad_parameter).unwrap()).is_err());
    }
}
