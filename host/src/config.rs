//! The limits file (`--config FILE`, the design's `wasmtime.toml`):
//!
//! ```toml
//! [component]
//! name = "image-service"
//! version = "1.0.0"
//!
//! [permissions]
//! allowed_domains = ["cdn.example.com", "127.0.0.1:8000"]
//! max_memory = "256MiB"   # or a number of bytes
//! max_cpu_time = "30s"    # "250ms", "2m", or a number of seconds
//! ```
//!
//! Every key is optional; what is missing keeps its safe default (256 MiB,
//! 30 s, no outbound host). An unknown key, a value of the wrong type or out
//! of range is an error of one line that names the key.

use std::collections::BTreeMap;
use std::path::Path;

use serde::de::{self, Deserializer};
use serde::Deserialize;

use crate::limits::{self, Limits};
use crate::serve::allow::HostRule;

/// The whole file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default)]
    pub component: ComponentInfo,
    /// The interfaces the component is meant to import, by version. Shown by
    /// the design's file; the host reads and ignores it (the linker decides
    /// what the component gets).
    #[serde(default)]
    pub dependencies: BTreeMap<String, String>,
    #[serde(default)]
    pub permissions: Permissions,
}

/// `[component]`: what the file is for; informational.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ComponentInfo {
    pub name: Option<String>,
    pub version: Option<String>,
}

/// `[permissions]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Permissions {
    /// Hosts (`host` or `host:port`) the component's outgoing HTTP may reach.
    #[serde(default, deserialize_with = "host_rules")]
    pub allowed_domains: Vec<HostRule>,
    #[serde(default, deserialize_with = "size")]
    pub max_memory: Option<u64>,
    #[serde(default, deserialize_with = "duration")]
    pub max_cpu_time: Option<std::time::Duration>,
}

impl Config {
    /// Reads and checks the file at `path`.
    ///
    /// # Errors
    ///
    /// One line: the file, the line, the key, what is wrong.
    pub fn load(path: &Path) -> Result<Self, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read the config file {}: {e}", path.display()))?;
        Self::parse(&text).map_err(|e| format!("{}:{e}", path.display()))
    }

    /// Parses a config file's text.
    ///
    /// # Errors
    ///
    /// `LINE: KEY: problem`, one line.
    pub fn parse(text: &str) -> Result<Self, String> {
        toml::from_str(text).map_err(|e| {
            let line = e
                .span()
                .map_or(0, |span| text[..span.start].matches('\n').count() + 1);
            let message = e.message().lines().next().unwrap_or_default().to_owned();
            let key = e.span().and_then(|span| key_at(text, span.start));
            match key {
                Some(key) => format!("{line}: {key}: {message}"),
                None => format!("{line}: {message}"),
            }
        })
    }

    /// The limits this file sets, defaults for what it leaves out.
    pub fn limits(&self) -> Limits {
        let default = Limits::default();
        Limits {
            max_memory: self.permissions.max_memory.unwrap_or(default.max_memory),
            max_cpu_time: self
                .permissions
                .max_cpu_time
                .unwrap_or(default.max_cpu_time),
        }
    }
}

/// The dotted key whose line holds byte `offset` of `text`: the table header
/// above it, then the key before `=` (or the key itself, for an unknown key).
fn key_at(text: &str, offset: usize) -> Option<String> {
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line = text[start..].lines().next().unwrap_or_default().trim();
    let table = text[..start]
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| l.starts_with('[') && !l.starts_with("[["))
        .map(|l| l.trim_matches(['[', ']']).trim().to_owned());
    if line.starts_with('[') {
        return Some(line.trim_matches(['[', ']']).trim().to_owned());
    }
    let key = line.split('=').next()?.trim().trim_matches('"');
    if key.is_empty() {
        return table;
    }
    Some(match table {
        Some(t) => format!("{t}.{key}"),
        None => key.to_owned(),
    })
}

/// A size: `"256MiB"`, or an integer of bytes.
fn size<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Bytes(i64),
        Text(String),
    }
    let raw = Raw::deserialize(d).map_err(|_| {
        de::Error::custom("expected a size like \"256MiB\" or an integer number of bytes")
    })?;
    match raw {
        Raw::Bytes(n) if n > 0 => Ok(Some(n as u64)),
        Raw::Bytes(n) => Err(de::Error::custom(format!(
            "{n}: the size must be at least 1 byte"
        ))),
        Raw::Text(s) => limits::parse_size(&s).map(Some).map_err(de::Error::custom),
    }
}

/// A duration: `"30s"`, `"250ms"`, `"2m"`, or a number of seconds.
fn duration<'de, D: Deserializer<'de>>(d: D) -> Result<Option<std::time::Duration>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Seconds(f64),
        Text(String),
    }
    let raw = Raw::deserialize(d).map_err(|_| {
        de::Error::custom("expected a duration like \"30s\", \"250ms\" or a number of seconds")
    })?;
    match raw {
        Raw::Seconds(s) => limits::seconds(s).map(Some).map_err(de::Error::custom),
        Raw::Text(s) => limits::parse_duration(&s)
            .map(Some)
            .map_err(de::Error::custom),
    }
}

/// A list of `host` or `host:port` entries.
fn host_rules<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<HostRule>, D::Error> {
    let entries = Vec::<String>::deserialize(d)
        .map_err(|_| de::Error::custom("expected a list of \"host\" or \"host:port\" strings"))?;
    entries
        .iter()
        .map(|e| HostRule::parse(e).map_err(de::Error::custom))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn defaults_are_safe() {
        let c = Config::parse("").unwrap();
        assert_eq!(c.limits(), Limits::default());
        assert_eq!(c.limits().max_memory, 256 << 20);
        assert_eq!(c.limits().max_cpu_time, Duration::from_secs(30));
        assert!(c.permissions.allowed_domains.is_empty());
    }

    #[test]
    fn reads_the_designs_file() {
        let c = Config::parse(
            "[component]\nname = \"image-service\"\nversion = \"1.0.0\"\n\
             [dependencies]\n\"wasi:http\" = \"0.2.0\"\n\
             [permissions]\nallowed_domains = [\"cdn.example.com\", \"127.0.0.1:8000\"]\n\
             max_memory = \"64MiB\"\nmax_cpu_time = \"250ms\"\n",
        )
        .unwrap();
        assert_eq!(c.component.name.as_deref(), Some("image-service"));
        assert_eq!(c.permissions.allowed_domains.len(), 2);
        assert_eq!(
            c.limits(),
            Limits {
                max_memory: 64 << 20,
                max_cpu_time: Duration::from_millis(250)
            }
        );
        let numbers = Config::parse("[permissions]\nmax_memory = 1048576\nmax_cpu_time = 2\n")
            .unwrap()
            .limits();
        assert_eq!(numbers.max_memory, 1 << 20);
        assert_eq!(numbers.max_cpu_time, Duration::from_secs(2));
    }

    #[test]
    fn errors_are_one_line_naming_the_key() {
        let cases = [
            (
                "[permissions]\nmax_memroy = 5\n",
                "2: permissions.max_memroy: unknown field",
            ),
            (
                "[permissions]\nmax_memory = true\n",
                "2: permissions.max_memory: expected a size",
            ),
            (
                "[permissions]\nmax_memory = \"lots\"\n",
                "2: permissions.max_memory: \"lots\" is not a size",
            ),
            (
                "[permissions]\nmax_cpu_time = \"0s\"\n",
                "2: permissions.max_cpu_time: \"0s\": the duration",
            ),
            (
                "[permissions]\nmax_cpu_time = -3\n",
                "2: permissions.max_cpu_time: the duration must be at least",
            ),
            (
                "[permissions]\nallowed_domains = \"x\"\n",
                "2: permissions.allowed_domains: expected a list",
            ),
            (
                "[permissions]\nallowed_domains = [\"a b\"]\n",
                "2: permissions.allowed_domains: \"a b\" is not host",
            ),
            ("[limits]\n", "1: limits: unknown field"),
            ("[component]\nname = 3\n", "2: component.name: invalid type"),
            ("name = \n", "1: "),
        ];
        for (text, want) in cases {
            let got = Config::parse(text).unwrap_err();
            assert!(
                got.starts_with(want),
                "{text:?}: {got:?} should start with {want:?}"
            );
            assert!(!got.contains('\n'), "{got:?}");
        }
    }
}
