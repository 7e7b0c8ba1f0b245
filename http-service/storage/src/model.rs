//! Tasks as the crate sees them, and as their JSON records store them.

use serde::{Deserialize, Serialize};

/// `types.filter-options`.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct FilterOptions {
    /// -1.0 ..= 1.0.
    pub brightness: Option<f32>,
    /// -255.0 ..= 255.0.
    pub contrast: Option<f32>,
    /// 0 ..= 256.
    pub blur_radius: Option<u32>,
}

/// `types.size`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Size {
    /// Pixels per row.
    pub width: u32,
    /// Rows.
    pub height: u32,
}

/// `types.step`: the crate's mirror of the WIT variant (the store keeps
/// steps; image-ops checks them).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Step {
    /// `grayscale`.
    Grayscale,
    /// `blur(radius)`.
    Blur(u32),
    /// `resize(size)`.
    Resize(Size),
    /// `filter(options)`.
    Filter(FilterOptions),
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
    steps: Vec<StepRecord>,
    #[serde(flatten)]
    state: TaskState,
    created_ms: u64,
    lease_until_ms: u64,
    from_cache: bool,
}

/// A step in a record: an object tagged by `"op"`, the WIT case name.
/// Floats are stored as their bit patterns (`*_bits`, the `u32` of
/// `f32::to_bits`) so that every value, however odd (NaN, -0.0), comes back
/// exactly as it went in; JSON has no NaN at all.
#[derive(Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "kebab-case", deny_unknown_fields)]
enum StepRecord {
    Grayscale,
    Blur {
        radius: u32,
    },
    Resize {
        width: u32,
        height: u32,
    },
    Filter {
        brightness_bits: Option<u32>,
        contrast_bits: Option<u32>,
        blur_radius: Option<u32>,
    },
}

impl From<Step> for StepRecord {
    fn from(step: Step) -> Self {
        match step {
            Step::Grayscale => Self::Grayscale,
            Step::Blur(radius) => Self::Blur { radius },
            Step::Resize(Size { width, height }) => Self::Resize { width, height },
            Step::Filter(o) => Self::Filter {
                brightness_bits: o.brightness.map(f32::to_bits),
                contrast_bits: o.contrast.map(f32::to_bits),
                blur_radius: o.blur_radius,
            },
        }
    }
}

impl From<StepRecord> for Step {
    fn from(record: StepRecord) -> Self {
        match record {
            StepRecord::Grayscale => Self::Grayscale,
            StepRecord::Blur { radius } => Self::Blur(radius),
            StepRecord::Resize { width, height } => Self::Resize(Size { width, height }),
            StepRecord::Filter {
                brightness_bits,
                contrast_bits,
                blur_radius,
            } => Self::Filter(FilterOptions {
                brightness: brightness_bits.map(f32::from_bits),
                contrast: contrast_bits.map(f32::from_bits),
                blur_radius,
            }),
        }
    }
}

/// 2: steps (contract 2.0); 1 had the 1.0 operation string and options.
const RECORD_VERSION: u32 = 2;

impl Task {
    /// The record's bytes.
    #[must_use]
    pub fn to_record(&self) -> Vec<u8> {
        let record = Record {
            v: RECORD_VERSION,
            steps: self.steps.iter().copied().map(StepRecord::from).collect(),
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
        let r: Record = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
        if r.v != RECORD_VERSION {
            return Err(format!(
                "record version {} (this build reads {RECORD_VERSION})",
                r.v
            ));
        }
        Ok(Self {
            id: id.to_string(),
            steps: r.steps.into_iter().map(Step::from).collect(),
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

    /// Steps compared by bits: NaN is not equal to itself.
    fn bits(steps: &[Step]) -> Vec<Vec<u32>> {
        let option = |v: Option<u32>| v.map_or(vec![0], |v| vec![1, v]);
        steps
            .iter()
            .map(|s| match *s {
                Step::Grayscale => vec![0],
                Step::Blur(r) => vec![1, r],
                Step::Resize(Size { width, height }) => vec![2, width, height],
                Step::Filter(o) => [
                    vec![3],
                    option(o.brightness.map(f32::to_bits)),
                    option(o.contrast.map(f32::to_bits)),
                    option(o.blur_radius),
                ]
                .concat(),
            })
            .collect()
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
            assert_eq!(bits(&back.steps), bits(&t.steps), "floats bit for bit");
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
                "v": 2,
                "steps": [
                    {"op": "grayscale"},
                    {"op": "blur", "radius": 3},
                    {"op": "resize", "width": 640, "height": 480},
                    {"op": "filter", "brightness_bits": 1_056_964_608,
                     "contrast_bits": null, "blur_radius": 2},
                ],
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
        old["v"] = 1.into();
        let err = Task::from_record("x", &serde_json::to_vec(&old).unwrap()).unwrap_err();
        assert!(err.contains("version 1"), "{err}");
        let mut unknown_step = record();
        unknown_step["steps"][0] = json!({"op": "sepia"});
        assert!(Task::from_record("x", &serde_json::to_vec(&unknown_step).unwrap()).is_err());
        let mut extra_field = record();
        extra_field["steps"][2] = json!({"op": "blur", "radius": 1, "sigma": 2});
        assert!(Task::from_record("x", &serde_json::to_vec(&extra_field).unwrap()).is_err());
    }
}
