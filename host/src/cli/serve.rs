//! `image-pipeline serve`: the HTTP image service.

use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::{bail, Result};
use image_pipeline_host::serve::allow::{AllowList, HostRule};
use image_pipeline_host::serve::{self, Allocator, Options};

use crate::cli::settings::Settings;

/// The composed service `make service` builds.
pub const DEFAULT_SERVICE: &str = "build/image-service.wasm";

#[derive(clap::Args)]
pub struct Args {
    /// Address to listen on (port 0: any free port, printed at start).
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Directory for tasks, results and the cache (created if missing);
    /// the service sees it as /data.
    #[arg(long)]
    data: PathBuf,
    /// The composed service component.
    #[arg(long, env = "IMAGE_SERVICE_COMPONENT", default_value = DEFAULT_SERVICE)]
    service: PathBuf,
    /// A host (any port) or host:port the service may fetch from with
    /// process-from-url; repeatable. Enforced by this host on every outgoing
    /// request, and passed to the component as ALLOWED_HOSTS unless --env
    /// sets that. Added to the config file's allowed_domains. None at all:
    /// every outgoing request is denied.
    #[arg(long = "allow-host", value_name = "HOST[:PORT]", value_parser = parse_rule)]
    allow_hosts: Vec<HostRule>,
    /// NAME=VALUE in the component's environment (MAX_BODY_BYTES,
    /// CACHE_MAX_BYTES, LOG_LEVEL, ...); repeatable.
    #[arg(long = "env", value_name = "NAME=VALUE", value_parser = parse_env)]
    env: Vec<(String, String)>,
    /// How instances get memory: pooling (reserved slots, reused) or
    /// on-demand (wasmtime's default).
    #[arg(long, value_enum, default_value_t = Allocator::Pooling)]
    allocator: Allocator,
    /// Requests handled at once; more wait their turn.
    #[arg(long, default_value_t = 32)]
    max_concurrent: u32,
}

fn parse_rule(s: &str) -> Result<HostRule, String> {
    HostRule::parse(s)
}

fn parse_env(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((k, v)) if !k.is_empty() => Ok((k.to_string(), v.to_string())),
        _ => Err(format!("{s:?} is not NAME=VALUE")),
    }
}

pub fn run(settings: &Settings, args: &Args) -> Result<()> {
    if args.max_concurrent == 0 {
        bail!("--max-concurrent must be at least 1");
    }
    let mut hosts = settings.allowed_domains.clone();
    hosts.extend(args.allow_hosts.iter().cloned());
    hosts.dedup();
    let allow = AllowList(hosts);
    let mut env = args.env.clone();
    if !env.iter().any(|(k, _)| k == "ALLOWED_HOSTS") {
        env.push(("ALLOWED_HOSTS".into(), allow.to_env()));
    }
    serve::run(Options {
        addr: args.addr,
        component: args.service.clone(),
        data_dir: args.data.clone(),
        allow,
        env,
        allocator: args.allocator,
        max_concurrent: args.max_concurrent,
        limits: settings.limits,
    })
}
