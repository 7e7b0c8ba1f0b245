//! `image-pipeline serve`: the HTTP image service.

use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::{bail, Result};
use image_pipeline_host::serve::allow::{AllowList, HostRule};
use image_pipeline_host::serve::{self, Allocator, Options, StoreKind};

use crate::cli::settings::Settings;

/// The composed services `make service` builds: state through
/// wasi:keyvalue (for `--store`), and the same with its store on files
/// composed in (for `--data`).
pub const DEFAULT_SERVICE: &str = "build/image-service.wasm";
pub const DEFAULT_SERVICE_FS: &str = "build/image-service-fs.wasm";

#[derive(clap::Args)]
#[command(group(clap::ArgGroup::new("state").required(true).args(["data", "store"])))]
pub struct Args {
    /// Address to listen on (port 0: any free port, printed at start).
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Directory for tasks, results and the cache (created if missing);
    /// the service sees it as /data. The embedded store: needed unless
    /// --store is given.
    #[arg(long)]
    data: Option<PathBuf>,
    /// Keep the state in this Redis server (redis://HOST:PORT[/DB]), given
    /// to the service as wasi:keyvalue: every server on the same Redis shares
    /// tasks, results and cache.
    #[arg(long, value_name = "URL")]
    store: Option<String>,
    /// The composed service component [default: build/image-service.wasm
    /// with --store, build/image-service-fs.wasm with --data].
    #[arg(long, env = "IMAGE_SERVICE_COMPONENT")]
    service: Option<PathBuf>,
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
    let (store, default_service) = match (&args.store, &args.data) {
        (Some(url), _) => (StoreKind::Redis(url.clone()), DEFAULT_SERVICE),
        (None, Some(dir)) => (StoreKind::Dir(dir.clone()), DEFAULT_SERVICE_FS),
        (None, None) => bail!("give --data DIR or --store redis://HOST:PORT"),
    };
    let component = args
        .service
        .clone()
        .unwrap_or_else(|| PathBuf::from(default_service));
    serve::run(Options {
        addr: args.addr,
        component,
        store,
        allow,
        env,
        allocator: args.allocator,
        max_concurrent: args.max_concurrent,
        limits: settings.limits,
    })
}
