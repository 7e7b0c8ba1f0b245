//! The storage component's settings, from environment variables.

/// Settings read from the environment (`wasi:cli/environment`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    /// `KV_BUCKET`: the `wasi:keyvalue` bucket (`store.open`) to use.
    pub kv_bucket: String,
    /// `KV_CHUNK_BYTES`: the largest value written to the store; a longer
    /// blob is split into chunks of this size.
    pub chunk_bytes: usize,
    /// `TASK_TTL_SECS` × 1000: how long a task is kept after its creation.
    pub task_ttl_ms: u64,
    /// `MAX_TASKS`: how many tasks are kept at most (at least 1).
    pub max_tasks: usize,
}

/// The empty name: the one bucket `wasmtime serve -S keyvalue` has, and
/// `image-pipeline serve --store`'s default.
pub const DEFAULT_KV_BUCKET: &str = "";
/// 1 MiB: the default value limit of NATS key-value buckets (wasmCloud's
/// usual store), well within Redis's 512 MiB and Spin's stores.
pub const DEFAULT_CHUNK_BYTES: usize = 1 << 20;
/// Below this a chunk costs more in round trips than it saves.
pub const MIN_CHUNK_BYTES: usize = 1024;
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
        let kv_bucket = get("KV_BUCKET").unwrap_or(DEFAULT_KV_BUCKET).to_string();
        let chunk_bytes = get("KV_CHUNK_BYTES")
            .and_then(|v| v.parse::<usize>().ok())
            .filter(|&n| n >= MIN_CHUNK_BYTES)
            .unwrap_or(DEFAULT_CHUNK_BYTES);
        let ttl_secs = get("TASK_TTL_SECS")
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(DEFAULT_TASK_TTL_SECS);
        let max_tasks = get("MAX_TASKS")
            .and_then(|v| v.parse::<usize>().ok())
            .filter(|&n| n >= 1)
            .unwrap_or(DEFAULT_MAX_TASKS);
        Self {
            kv_bucket,
            chunk_bytes,
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
        assert_eq!(c.kv_bucket, "");
        assert_eq!(c.chunk_bytes, 1 << 20);
        assert_eq!(c.task_ttl_ms, 86_400_000);
        assert_eq!(c.max_tasks, 1000);
    }

    #[test]
    fn values_and_bad_values() {
        let c = Config::from_vars(&vars(&[
            ("KV_BUCKET", "default"),
            ("KV_CHUNK_BYTES", "65536"),
            ("TASK_TTL_SECS", " 60 "),
            ("MAX_TASKS", "5"),
        ]));
        assert_eq!(
            (
                c.kv_bucket.as_str(),
                c.chunk_bytes,
                c.task_ttl_ms,
                c.max_tasks
            ),
            ("default", 65536, 60_000, 5)
        );
        let c = Config::from_vars(&vars(&[
            ("KV_CHUNK_BYTES", "10"),
            ("TASK_TTL_SECS", "-1"),
            ("MAX_TASKS", "0"),
        ]));
        assert_eq!(
            (c.chunk_bytes, c.task_ttl_ms, c.max_tasks),
            (1 << 20, 86_400_000, 1000)
        );
    }
}
