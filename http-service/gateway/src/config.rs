//! The gateway's settings, from environment variables (`wasi:cli/environment`,
//! e.g. `wasmtime serve --env NAME=VALUE`).

use crate::url::HostRule;

/// Settings, read once per instance.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    /// `MAX_BODY_BYTES`: the largest request body, and the largest image
    /// `process-from-url` downloads. Default 16 MiB.
    pub max_body_bytes: u64,
    /// `ALLOWED_HOSTS`: comma-separated `host` or `host:port` entries that
    /// `process-from-url` may fetch from. Empty by default: deny all.
    pub allowed_hosts: Vec<HostRule>,
    /// `TASK_LEASE_SECS` × 1000: how long a task's worker may take before
    /// another may run the task again (a worker that died). Default 60 s.
    pub lease_ms: u64,
    /// `FETCH_TIMEOUT_SECS` × 1000: connect, first-byte and between-bytes
    /// timeout of `process-from-url`'s fetch. Default 10 s.
    pub fetch_timeout_ms: u64,
    /// `MAX_PENDING`: a new task is refused (503) while this many are
    /// pending. Default 64. It bounds the work in flight on a host that
    /// does not (stock `wasmtime serve` keeps no count of the instances
    /// still working after their response).
    pub max_pending: u32,
}

/// 16 MiB.
pub const DEFAULT_MAX_BODY_BYTES: u64 = 16 << 20;
/// Longer than any image this pipeline processes takes.
pub const DEFAULT_LEASE_SECS: u64 = 60;
/// Generous for one image from a nearby server.
pub const DEFAULT_FETCH_TIMEOUT_SECS: u64 = 10;
/// A few seconds of work for 2 cores at typical image sizes.
pub const DEFAULT_MAX_PENDING: u32 = 64;

impl Config {
    /// The settings in `vars`. A missing or unparsable number takes its
    /// default; an allow-list entry that does not parse is left out (and so
    /// denied), never widened.
    #[must_use]
    pub fn from_vars(vars: &[(String, String)]) -> Self {
        let get = |name: &str| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.trim());
        let number = |name: &str, default: u64| {
            get(name)
                .and_then(|v| v.parse::<u64>().ok())
                .unwrap_or(default)
        };
        Self {
            max_body_bytes: number("MAX_BODY_BYTES", DEFAULT_MAX_BODY_BYTES),
            allowed_hosts: get("ALLOWED_HOSTS")
                .map(|list| list.split(',').filter_map(HostRule::parse).collect())
                .unwrap_or_default(),
            lease_ms: number("TASK_LEASE_SECS", DEFAULT_LEASE_SECS).saturating_mul(1000),
            fetch_timeout_ms: number("FETCH_TIMEOUT_SECS", DEFAULT_FETCH_TIMEOUT_SECS)
                .saturating_mul(1000),
            max_pending: get("MAX_PENDING")
                .and_then(|v| v.parse::<u32>().ok())
                .filter(|&n| n >= 1)
                .unwrap_or(DEFAULT_MAX_PENDING),
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
    fn defaults_deny_every_host() {
        let c = Config::from_vars(&[]);
        assert_eq!(c.max_body_bytes, 16 * 1024 * 1024);
        assert!(c.allowed_hosts.is_empty());
        assert_eq!((c.lease_ms, c.fetch_timeout_ms), (60_000, 10_000));
        assert_eq!(c.max_pending, 64);
    }

    #[test]
    fn values() {
        let c = Config::from_vars(&vars(&[
            ("MAX_BODY_BYTES", "1024"),
            ("ALLOWED_HOSTS", "127.0.0.1:8000, Example.COM ,,bad host"),
            ("TASK_LEASE_SECS", "2"),
            ("MAX_PENDING", "0"),
        ]));
        assert_eq!(c.max_pending, 64, "0 would refuse everything: the default");
        assert_eq!(c.max_body_bytes, 1024);
        assert_eq!(c.lease_ms, 2000);
        assert_eq!(
            c.allowed_hosts,
            [
                HostRule::parse("127.0.0.1:8000").unwrap(),
                HostRule::parse("example.com").unwrap()
            ]
        );
    }
}
