//! The conformance vectors on wasmtime 48: each component alone (the
//! scheduler with its `image-ops` import forwarded to the Rust component)
//! and the composed pipeline. Writes what every call returned, per target,
//! to `OUT/wasmtime-<target>.json`, and the step-text vectors through the
//! `step-text` crate to `OUT/rust-step-text.json`; `conformance-tests/judge`
//! compares.
//!
//!     conformance-runner --vectors DIR --fixtures DIR --out DIR \
//!         --pipeline build/image-pipeline.wasm --components build/components \
//!         [--only ID-PREFIX]

mod args;
mod component;
mod execute;
mod forward;
mod host;
mod model;
mod targets;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Instant;
use std::{env, fs, process, thread};

use serde_json::{json, Value};
use wasmtime::error::Context as _;
use wasmtime::{bail, Result};

use crate::args::Fixtures;
use crate::targets::Target;

const USAGE: &str = "Usage: conformance-runner --vectors DIR --fixtures DIR --out DIR \\
    --pipeline build/image-pipeline.wasm --components build/components [--only ID-PREFIX]

Runs the conformance vectors on wasmtime: each component alone and the
composed pipeline, every export called by name with its arguments converted
by their WIT types; writes what every call returned to OUT/wasmtime-*.json
for conformance-tests/judge.";

struct Cli {
    vectors: PathBuf,
    fixtures: PathBuf,
    out: PathBuf,
    pipeline: PathBuf,
    components: PathBuf,
    only: String,
}

fn parse_cli() -> Result<Cli> {
    let mut named = BTreeMap::new();
    let mut it = env::args().skip(1);
    while let Some(flag) = it.next() {
        if flag == "--help" || flag == "-h" {
            println!("{USAGE}");
            process::exit(0);
        }
        let Some(name) = flag.strip_prefix("--") else {
            bail!("unexpected argument {flag:?}");
        };
        let value = it.next().with_context(|| format!("{flag} needs a value"))?;
        named.insert(name.to_owned(), value);
    }
    let mut take = |name: &str| {
        named
            .remove(name)
            .with_context(|| format!("--{name} is required"))
    };
    let cli = Cli {
        vectors: take("vectors")?.into(),
        fixtures: take("fixtures")?.into(),
        out: take("out")?.into(),
        pipeline: take("pipeline")?.into(),
        components: take("components")?.into(),
        only: named.remove("only").unwrap_or_default(),
    };
    if let Some(extra) = named.keys().next() {
        bail!("unknown option --{extra}");
    }
    Ok(cli)
}

/// Every `*.json` under `dir`, by id.
fn load_vectors(dir: &Path, only: &str) -> Result<Vec<Value>> {
    let mut found = Vec::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in fs::read_dir(&folder).with_context(|| format!("{}", folder.display()))? {
            let path = entry?.path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "json") {
                let text = fs::read_to_string(&path)?;
                let vector: Value = serde_json::from_str(&text)
                    .with_context(|| format!("{} is not JSON", path.display()))?;
                if vector["id"].as_str().unwrap_or_default().starts_with(only) {
                    found.push(vector);
                }
            }
        }
    }
    found.sort_by(|a, b| a["id"].as_str().cmp(&b["id"].as_str()));
    Ok(found)
}

fn run_target(target: &Target, vectors: &[Value], cli: &Cli, component: &Path) -> Result<()> {
    let started = Instant::now();
    let mut fixtures = Fixtures::new(cli.fixtures.clone());
    let mut results = serde_json::Map::new();
    for vector in vectors {
        let interface = vector["interface"].as_str().unwrap_or_default();
        if target.interfaces.contains(&interface) {
            let id = vector["id"].as_str().unwrap_or_default().to_owned();
            let instance = target.instantiate();
            results.insert(id, execute::run_vector(instance, vector, &mut fixtures));
        }
    }
    let count = results.len();
    let out = json!({
        "host": "wasmtime",
        "target": target.name,
        "component": component.display().to_string(),
        "results": results,
    });
    let path = cli.out.join(format!("wasmtime-{}.json", target.name));
    fs::write(&path, serde_json::to_vec(&out)?)?;
    eprintln!(
        "wasmtime: {count} vectors on {} in {:.1} s",
        target.name,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// The text form of steps is parsed by the host and the gateway, natively:
/// no component, so no wasmtime.
fn run_step_text(vectors: &[Value], cli: &Cli) -> Result<()> {
    let results: serde_json::Map<String, Value> = vectors
        .iter()
        .filter(|v| v["interface"] == "step-text")
        .map(|v| {
            let id = v["id"].as_str().unwrap_or_default().to_owned();
            (id, model::run_step_text(v))
        })
        .collect();
    let count = results.len();
    let out = json!({ "host": "rust", "target": "step-text", "results": results });
    fs::write(
        cli.out.join("rust-step-text.json"),
        serde_json::to_vec(&out)?,
    )?;
    eprintln!("rust: {count} vectors on the step-text crate");
    Ok(())
}

fn run() -> Result<()> {
    let cli = parse_cli()?;
    let vectors = load_vectors(&cli.vectors, &cli.only)?;
    fs::create_dir_all(&cli.out)?;
    run_step_text(&vectors, &cli)?;
    let engine = host::engine()?;
    let component = |name: &str| cli.components.join(format!("{name}.wasm"));
    // Largest first: two workers finish at about the same time.
    let image_ops = || {
        Target::new(
            &engine,
            "image-ops",
            &["image-ops"],
            &component("image-ops"),
            None,
        )
    };
    let targets: Vec<(Target, PathBuf)> = vec![
        (
            Target::new(
                &engine,
                "pipeline",
                &["image-ops", "codec", "scheduler"],
                &cli.pipeline,
                None,
            )?,
            cli.pipeline.clone(),
        ),
        (
            Target::new(
                &engine,
                "scheduler",
                &["scheduler"],
                &component("scheduler"),
                Some(image_ops()?),
            )?,
            component("scheduler"),
        ),
        (
            Target::new(&engine, "codec", &["codec"], &component("codec"), None)?,
            component("codec"),
        ),
        (image_ops()?, component("image-ops")),
    ];
    let queue = Mutex::new(targets.iter());
    let failures = Mutex::new(Vec::new());
    let workers = thread::available_parallelism().map_or(2, |n| n.get().min(4));
    thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| loop {
                let next = queue.lock().expect("queue").next();
                let Some((target, path)) = next else { break };
                if let Err(e) = run_target(target, &vectors, &cli, path) {
                    failures
                        .lock()
                        .expect("failures")
                        .push(format!("{}: {e:?}", target.name));
                }
            });
        }
    });
    let failures = failures.into_inner().expect("failures");
    if !failures.is_empty() {
        bail!("{}", failures.join("\n"));
    }
    Ok(())
}

fn main() {
    if let Err(e) = run() {
        eprintln!("conformance-runner: {e:?}");
        process::exit(2);
    }
}
