//! The limits every command runs under: `--config FILE` (TOML), then the
//! flags, which win over the file; the defaults for whatever neither sets.
//! `serve --allow-host` entries are added to the file's `allowed_domains`.

use std::path::PathBuf;
use std::time::Duration;

use image_pipeline_host::config::Config;
use image_pipeline_host::limits::{parse_duration, parse_size, Limits};
use image_pipeline_host::serve::allow::HostRule;

#[derive(clap::Args)]
pub struct LimitArgs {
    /// Limits file (TOML: [permissions] `allowed_domains`, `max_memory`,
    /// `max_cpu_time`; see host/wasmtime.toml). Flags override it.
    #[arg(
        long,
        global = true,
        env = "IMAGE_PIPELINE_CONFIG",
        value_name = "FILE"
    )]
    config: Option<PathBuf>,
    /// Linear memory one instance may use in all, e.g. 256MiB [default: 256MiB].
    #[arg(long, global = true, value_name = "SIZE", value_parser = parse_size)]
    max_memory: Option<u64>,
    /// How long one call (or HTTP request) may run, e.g. 30s, 500ms [default: 30s].
    #[arg(long, global = true, value_name = "DURATION", value_parser = parse_duration)]
    max_cpu_time: Option<Duration>,
}

/// The merged settings.
pub struct Settings {
    pub limits: Limits,
    /// The config file's `allowed_domains` (`serve` adds its flags').
    pub allowed_domains: Vec<HostRule>,
}

impl LimitArgs {
    /// The file's settings with the flags applied over them.
    ///
    /// # Errors
    ///
    /// The file cannot be read or is invalid: one line naming the key.
    pub fn settings(&self) -> Result<Settings, String> {
        let config = match &self.config {
            Some(path) => Config::load(path)?,
            None => Config::default(),
        };
        let mut limits = config.limits();
        if let Some(bytes) = self.max_memory {
            limits.max_memory = bytes;
        }
        if let Some(time) = self.max_cpu_time {
            limits.max_cpu_time = time;
        }
        Ok(Settings {
            limits,
            allowed_domains: config.permissions.allowed_domains,
        })
    }
}
