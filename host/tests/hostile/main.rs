//! The bad-input corpus (`conformance-tests/hostile/pipeline.toml`): each
//! case crosses one boundary into the composed pipeline and must give its
//! typed error; a trap fails the case whatever it expected. Data + this
//! tiny runner; every case runs, then every failure is listed.

#[path = "../common/mod.rs"]
mod common;

use std::path::{Path, PathBuf};

use image_pipeline_host::bindings::{parse_steps, ComponentError, Error, FilterOptions, Image};
use image_pipeline_host::engine::Runtime;
use image_pipeline_host::limits::find_fault;
use image_pipeline_host::logging::LogLevel;
use image_pipeline_host::pipeline::Pipeline;
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Corpus {
    #[serde(default)]
    decode_table: Vec<Table>,
    #[serde(default)]
    decode: Vec<Decode>,
    #[serde(default)]
    encode: Vec<Encode>,
    #[serde(default)]
    task: Vec<Task>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Table {
    file: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Decode {
    name: String,
    file: Option<String>,
    text: Option<String>,
    repeat: Option<(u8, usize)>,
    truncate: Option<usize>,
    truncations: Option<usize>,
    #[serde(default)]
    patch: Vec<(usize, u8)>,
    expect: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Encode {
    name: String,
    width: u32,
    height: u32,
    channels: u8,
    data_len: Option<usize>,
    format: String,
    expect: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Task {
    name: String,
    #[serde(default = "eight")]
    width: u32,
    #[serde(default = "eight")]
    height: u32,
    #[serde(default = "three")]
    channels: u8,
    data_len: Option<usize>,
    operation: String,
    operation_repeat: Option<(String, usize)>,
    brightness: Option<f32>,
    contrast: Option<f32>,
    blur_radius: Option<u32>,
    expect: String,
}

fn eight() -> u32 {
    8
}

fn three() -> u8 {
    3
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// What a call gave, as the corpus names it; a fault is an `Err`.
fn outcome<T>(result: anyhow::Result<T>) -> Result<String, String> {
    match result {
        Ok(_) => Ok("ok".into()),
        Err(e) => match (e.downcast_ref::<ComponentError>(), find_fault(&e)) {
            (Some(ComponentError(error)), _) => Ok(match error {
                Error::InvalidFormat(_) => "invalid-format",
                Error::ProcessingFailed(_) => "processing-failed",
                Error::OutOfMemory => "out-of-memory",
            }
            .into()),
            (None, Some(fault)) => Err(format!("FAULT: {fault}")),
            (None, None) => Err(format!("host error: {e:#}")),
        },
    }
}

/// An image record: `data_len` bytes (default: what the header says).
fn image(width: u32, height: u32, channels: u8, data_len: Option<usize>) -> Image {
    let len = data_len.unwrap_or(width as usize * height as usize * usize::from(channels));
    Image {
        width,
        height,
        channels,
        data: (0..len).map(|i| (i * 37 % 256) as u8).collect(),
    }
}

struct Runner {
    pipeline: Pipeline,
    failures: Vec<String>,
    cases: usize,
}

impl Runner {
    fn check(&mut self, name: &str, expect: &str, got: Result<String, String>) {
        self.cases += 1;
        match got {
            Ok(got) if got == expect => {}
            Ok(got) => self
                .failures
                .push(format!("{name}: expected {expect}, got {got}")),
            Err(fault) => self.failures.push(format!("{name}: {fault}")),
        }
    }

    fn decode(&mut self, name: &str, bytes: &[u8], expect: &str) {
        let got = outcome(self.pipeline.decode(bytes));
        self.check(name, expect, got);
    }
}

fn bytes_of(case: &Decode) -> Vec<u8> {
    let mut bytes = match (&case.file, &case.text) {
        (Some(file), _) => std::fs::read(repo().join(file)).unwrap(),
        (None, Some(text)) => text.as_bytes().to_vec(),
        (None, None) => Vec::new(),
    };
    if let Some((byte, count)) = case.repeat {
        bytes.extend(std::iter::repeat_n(byte, count));
    }
    if let Some(n) = case.truncate {
        bytes.truncate(n);
    }
    for &(offset, byte) in &case.patch {
        bytes[offset] = byte;
    }
    bytes
}

#[test]
fn every_hostile_input_gives_its_typed_error() {
    let path = repo().join("conformance-tests/hostile/pipeline.toml");
    let corpus: Corpus = toml::from_str(&std::fs::read_to_string(&path).unwrap())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let runtime = Runtime::load(&common::pipeline_component(), LogLevel::Off).unwrap();
    let mut r = Runner {
        pipeline: Pipeline::new(&runtime).unwrap(),
        failures: Vec::new(),
        cases: 0,
    };

    for table in &corpus.decode_table {
        let tsv = repo().join(&table.file);
        let dir = tsv.parent().unwrap().to_owned();
        for line in std::fs::read_to_string(&tsv).unwrap().lines() {
            let fields: Vec<&str> = line.split('\t').collect();
            if line.starts_with('#') || fields.len() < 2 {
                continue;
            }
            let bytes = std::fs::read(dir.join(fields[0])).unwrap();
            r.decode(fields[0], &bytes, fields[1]);
        }
    }
    for case in &corpus.decode {
        let bytes = bytes_of(case);
        match case.truncations {
            // Prefixes at evenly spaced points, the first bytes included.
            Some(n) => {
                for i in 0..n {
                    let cut = bytes.len() * i / n;
                    let name = format!("{} at {cut}", case.name);
                    r.decode(&name, &bytes[..cut], &case.expect);
                }
            }
            None => r.decode(&case.name, &bytes, &case.expect),
        }
    }
    for case in &corpus.encode {
        let img = image(case.width, case.height, case.channels, case.data_len);
        let got = outcome(r.pipeline.encode(&img, &case.format));
        r.check(&case.name, &case.expect, got);
    }
    for case in &corpus.task {
        let img = image(case.width, case.height, case.channels, case.data_len);
        let mut operation = String::new();
        if let Some((part, n)) = &case.operation_repeat {
            operation = part.repeat(*n);
        }
        operation.push_str(&case.operation);
        let options = FilterOptions {
            brightness: case.brightness,
            contrast: case.contrast,
            blur_radius: case.blur_radius,
        };
        // The text is parsed at the edge, as the CLI does: text that is no
        // step list is `invalid-format` before any call.
        let got = outcome(
            parse_steps(&operation, options)
                .map_err(anyhow::Error::new)
                .and_then(|steps| r.pipeline.run_task(&img, &steps)),
        );
        r.check(&case.name, &case.expect, got);
    }

    assert!(r.cases > 150, "only {} cases ran", r.cases);
    assert_eq!(r.pipeline.restarts(), 0, "a case trapped");
    assert_eq!(r.pipeline.live_handles(), 0, "a case left a handle");
    assert!(
        r.failures.is_empty(),
        "{} of {} cases failed:\n{}",
        r.failures.len(),
        r.cases,
        r.failures.join("\n")
    );
    eprintln!("{} hostile inputs, each a typed error", r.cases);
}
