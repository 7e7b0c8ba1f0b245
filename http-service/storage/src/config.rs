//! The storage component's settings, from environment variables.

/// Settings read from the environment (`wasi:cli/environment`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    /// `DATA_DIR`: the guest path of the preopened data directory.
    pub data_dir: String,
    /// `TASK_TTL_SECS` × 1000: how long a task is kept after its creation.
    pub task_ttl_ms: u64,
    /// `MAX_TASKS`: how many tasks are kept at most (at least 1).
    pub max_tasks: usize,
}

/// Defaults: `/data`, one day, 1000 tasks.
pub const DEFAULT_DATA_DIR: &str = "/data";
/// One day.
pub const DEFAULT_TASK_TTL_SECS: u64 = 86_400;
/// Enough for a day of light use, small enough that a sweep stays cheap.
pub const DEFAULT_MAX_TASKS: usize = 1000;

impl Config {
    /// The settings in `vars`; a missing or unparsable number takes its
    /// default: a typo in a bound must not make every request fail.
    #[must_use]
    pub fn from_vars(vars: &[(String, String)]) -> Self {
        let get = |name: &str| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.trim());
        let data_dir = get("DATA_DIR")
            .filter(|v| !v.is_empty())
            .unwrap_or(DEFAULT_DATA_DIR)
            .to_string();
        let ttl_secs = get("TASK_TTL_SECS")
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(DEFAULT_TASK_TTL_SECS);
        let max_tasks = get("MAX_TASKS")
            .and_then(|v| v.parse::<usize>().ok())
            .filter(|&n| n >= 1)
            .unwrap_or(DEFAULT_MAX_TASKS);
        Self {
            data_dir,
            task_ttl_ms: ttl_secs.saturating_mul(1000),
            max_tasks,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
            .collect()
    }

    #[test]
    fn defaults() {
        let c = Config::from_vars(&[]);
        assert_eq!(c.data_dir, "/data");
        assert_eq!(c.task_ttl_ms, 86_400_000);
        assert_eq!(c.max_tasks, 1000);
    }

    #[test]
    fn values_and_bad_values() {
        let c = Config::from_vars(&vars(&[
            ("DATA_DIR", "/srv"),
            ("TASK_TTL_SECS", " 60 "),
            ("MAX_TASKS", "5"),
        ]));
        assert_eq!(
            (c.data_dir.as_str(), c.task_ttl_ms, c.max_tasks),
            ("/srv", 60_000, 5)
        );
        let c = Config::from_vars(&vars(&[("TASK_TTL_SECS", "-1"), ("MAX_TASKS", "0")]));
        assert_eq!((c.task_ttl_ms, c.max_tasks), (86_400_000, 1000));
    }
}
