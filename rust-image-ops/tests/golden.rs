//! Compares the crate with independent oracles on the committed goldens
//! (`tests/golden/`, written by `tests/oracle/generate.py`: Pillow for
//! grayscale and resize, numpy float64 for blur and apply-filter).
//!
//! Tolerances, per sample:
//! - grayscale: exact (same integer formula as Pillow's `convert('L')`);
//! - resize: exact (Pillow's resampling reproduced bit for bit per channel);
//! - blur and apply-filter: ±1 (22-bit fixed-point weights against float64:
//!   a pass sum within ~2^-10 of a .5 boundary may round the other way).

use std::fs;
use std::path::{Path, PathBuf};

use image_ops::{apply_filter, blur, grayscale, resize, FilterOptions, Image};

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

/// One line of `manifest.tsv`.
struct Case {
    name: String,
    input: Image,
    op: String,
    args: String,
    expected: Image,
}

fn field<T: std::str::FromStr>(fields: &[&str], i: usize, line: &str) -> T {
    fields[i]
        .parse()
        .unwrap_or_else(|_| panic!("bad field {i} in manifest line {line:?}"))
}

fn cases() -> Vec<Case> {
    let dir = golden_dir();
    let manifest = fs::read_to_string(dir.join("manifest.tsv")).expect("tests/golden/manifest.tsv");
    manifest
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|line| {
            let f: Vec<&str> = line.split('\t').collect();
            assert_eq!(f.len(), 10, "manifest line {line:?}");
            let read = |path: PathBuf| {
                fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
            };
            Case {
                name: f[0].to_string(),
                input: Image {
                    width: field(&f, 2, line),
                    height: field(&f, 3, line),
                    channels: field(&f, 4, line),
                    data: read(dir.join("in").join(format!("{}.bin", f[1]))),
                },
                op: f[5].to_string(),
                args: f[6].to_string(),
                expected: Image {
                    width: field(&f, 7, line),
                    height: field(&f, 8, line),
                    channels: field(&f, 9, line),
                    data: read(dir.join("out").join(format!("{}.bin", f[0]))),
                },
            }
        })
        .collect()
}

fn filter_options(args: &str) -> FilterOptions {
    let mut opts = FilterOptions::default();
    for part in args.split(',').filter(|p| *p != "-") {
        let (key, value) = part.split_once('=').expect("key=value");
        match key {
            "b" => opts.brightness = Some(value.parse().expect("brightness")),
            "c" => opts.contrast = Some(value.parse().expect("contrast")),
            "r" => opts.blur_radius = Some(value.parse().expect("radius")),
            _ => panic!("unknown filter option {key}"),
        }
    }
    opts
}

fn run(case: &Case) -> Image {
    let input = case.input.clone();
    let result = match case.op.as_str() {
        "grayscale" => grayscale(input),
        "blur" => blur(input, case.args.parse().expect("radius")),
        "resize" => {
            let (w, h) = case.args.split_once('x').expect("WxH");
            resize(input, w.parse().expect("width"), h.parse().expect("height"))
        }
        "apply-filter" => apply_filter(input, &filter_options(&case.args)),
        op => panic!("unknown op {op}"),
    };
    result.unwrap_or_else(|e| panic!("{}: {e}", case.name))
}

/// Checks every case of `op` within `tolerance`; returns (cases, samples,
/// samples off by one or more).
fn check(op: &str, tolerance: u8) -> (usize, usize, usize) {
    let cases: Vec<Case> = cases().into_iter().filter(|c| c.op == op).collect();
    assert!(!cases.is_empty(), "no golden cases for {op}");
    let (mut samples, mut off) = (0, 0);
    for case in &cases {
        let got = run(case);
        let want = &case.expected;
        assert_eq!(
            (got.width, got.height, got.channels),
            (want.width, want.height, want.channels),
            "{}: shape",
            case.name
        );
        assert_eq!(got.data.len(), want.data.len(), "{}: length", case.name);
        for (i, (g, w)) in got.data.iter().zip(&want.data).enumerate() {
            let diff = g.abs_diff(*w);
            assert!(
                diff <= tolerance,
                "{}: sample {i} is {g}, oracle {w} (tolerance {tolerance})",
                case.name
            );
            off += usize::from(diff > 0);
        }
        samples += want.data.len();
    }
    println!(
        "{op}: {} cases, {samples} samples, {off} differ from the oracle",
        cases.len()
    );
    (cases.len(), samples, off)
}

#[test]
fn grayscale_matches_pillow_exactly() {
    check("grayscale", 0);
}

#[test]
fn resize_matches_pillow_exactly() {
    check("resize", 0);
}

#[test]
fn blur_matches_float_oracle_within_one() {
    let (_, samples, off) = check("blur", 1);
    // Off-by-one is the rare exception, not the rule.
    assert!(
        off * 100 <= samples,
        "{off} of {samples} samples off by one"
    );
}

#[test]
fn apply_filter_matches_float_oracle_within_one() {
    let (_, samples, off) = check("apply-filter", 1);
    assert!(
        off * 100 <= samples,
        "{off} of {samples} samples off by one"
    );
}

#[test]
fn every_golden_case_is_checked() {
    let ops = ["grayscale", "resize", "blur", "apply-filter"];
    for case in cases() {
        assert!(
            ops.contains(&case.op.as_str()),
            "{}: unknown op {}",
            case.name,
            case.op
        );
    }
}
