//! The checks that run both natively (`tests/golden.rs`) and through the
//! built component in wasmtime (`tests/component.rs`): the golden cases
//! against the oracles' outputs and every error path, written once against
//! [`Ops`], which each side implements. Each golden case runs twice: through
//! the by-value function, and as a one-step `apply` on a frame.
//!
//! Golden tolerances, per sample (see `tests/oracle/generate.py`):
//! - grayscale: exact (same integer formula as Pillow's `convert('L')`);
//! - resize: exact (Pillow's resampling reproduced bit for bit per channel);
//! - blur and apply-filter: ±1 (22-bit fixed-point weights against float64:
//!   a pass sum within ~2^-10 of a .5 boundary may round the other way), on
//!   at most 1 % of the samples.

use std::fs;
use std::path::{Path, PathBuf};

use image_ops::{Error, FilterOptions, Image, Step, MAX_BATCH, MAX_STEPS};

/// The five functions of `image-ops`, and `apply` on a frame made from an
/// image and read back, natively or through the component.
pub trait Ops {
    /// `frame.from-image`, `apply`, `frame.into-image`.
    fn apply(&mut self, img: &Image, steps: &[Step]) -> Result<Image, Error>;
    fn grayscale(&mut self, img: &Image) -> Result<Image, Error>;
    fn blur(&mut self, img: &Image, radius: u32) -> Result<Image, Error>;
    fn resize(&mut self, img: &Image, width: u32, height: u32) -> Result<Image, Error>;
    fn apply_filter(&mut self, img: &Image, opts: &FilterOptions) -> Result<Image, Error>;
    fn batch_process(
        &mut self,
        images: &[Image],
        opts: &FilterOptions,
    ) -> Result<Vec<Image>, Error>;
}

// --- golden cases ------------------------------------------------------------

/// The golden operations and their tolerance per sample.
pub const TOLERANCES: [(&str, u8); 4] = [
    ("grayscale", 0),
    ("resize", 0),
    ("blur", 1),
    ("apply-filter", 1),
];

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

/// One line of `manifest.tsv`.
pub struct Case {
    pub name: String,
    pub input: Image,
    pub op: String,
    pub args: String,
    pub expected: Image,
}

fn field<T: std::str::FromStr>(fields: &[&str], i: usize, line: &str) -> T {
    fields[i]
        .parse()
        .unwrap_or_else(|_| panic!("bad field {i} in manifest line {line:?}"))
}

/// Every case of `tests/golden/manifest.tsv`.
pub fn cases() -> Vec<Case> {
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

/// The filter options of a manifest `args` field: `b=0.2,c=-40,r=3` or `-`.
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

/// The case's operation as a step.
fn step(case: &Case) -> Step {
    match case.op.as_str() {
        "grayscale" => Step::Grayscale,
        "blur" => Step::Blur(case.args.parse().expect("radius")),
        "resize" => {
            let (w, h) = case.args.split_once('x').expect("WxH");
            Step::Resize {
                width: w.parse().expect("width"),
                height: h.parse().expect("height"),
            }
        }
        "apply-filter" => Step::Filter(filter_options(&case.args)),
        op => panic!("unknown op {op}"),
    }
}

/// The case through its by-value function, or through a frame when
/// `frames`.
fn run(ops: &mut impl Ops, case: &Case, frames: bool) -> Image {
    let input = &case.input;
    let step = step(case);
    let result = match step {
        _ if frames => ops.apply(input, &[step]),
        Step::Grayscale => ops.grayscale(input),
        Step::Blur(radius) => ops.blur(input, radius),
        Step::Resize { width, height } => ops.resize(input, width, height),
        Step::Filter(options) => ops.apply_filter(input, &options),
    };
    result.unwrap_or_else(|e| panic!("{} (frames: {frames}): {e}", case.name))
}

/// Checks every golden case of `op` within its tolerance; returns (cases,
/// samples, samples that differ from the oracle).
pub fn check_golden(ops: &mut impl Ops, op: &str) -> (usize, usize, usize) {
    let (_, tolerance) = *TOLERANCES
        .iter()
        .find(|(name, _)| *name == op)
        .unwrap_or_else(|| panic!("no tolerance for {op}"));
    let cases: Vec<Case> = cases().into_iter().filter(|c| c.op == op).collect();
    assert!(!cases.is_empty(), "no golden cases for {op}");
    let (mut samples, mut off) = (0, 0);
    for case in &cases {
        let got = run(ops, case, false);
        // The same samples through a frame: one implementation behind both.
        assert_eq!(run(ops, case, true), got, "{}: frame", case.name);
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
    // Off by one is the rare exception, not the rule.
    assert!(off * 100 <= samples, "{op}: {off} of {samples} samples off");
    (cases.len(), samples, off)
}

/// Every case in the manifest is one of the checked operations.
pub fn check_manifest_ops() {
    let all = cases();
    assert!(all.len() >= 60, "only {} golden cases", all.len());
    for case in all {
        assert!(
            TOLERANCES.iter().any(|(op, _)| *op == case.op),
            "{}: unknown op {}",
            case.name,
            case.op
        );
    }
}

// --- error paths ---------------------------------------------------------------

/// What a call must return.
#[derive(Debug, Clone)]
pub enum Expect {
    /// `invalid-format` whose message contains this.
    Invalid(&'static str),
    /// `invalid-format` whose message starts with this.
    InvalidPrefix(&'static str),
    /// `out-of-memory`.
    OutOfMemory,
    /// Success: a well-formed image, or one per input image for a batch.
    Ok,
}

/// One call of the error table.
#[derive(Debug, Clone)]
pub enum Call {
    Grayscale(Image),
    Blur(Image, u32),
    Resize(Image, u32, u32),
    ApplyFilter(Image, FilterOptions),
    Batch(Vec<Image>, FilterOptions),
    Apply(Image, Vec<Step>),
}

fn image(width: u32, height: u32, channels: u8, len: usize) -> Image {
    Image {
        width,
        height,
        channels,
        data: (0..len).map(|i| (i * 29 % 256) as u8).collect(),
    }
}

fn opts(brightness: Option<f32>, contrast: Option<f32>, radius: Option<u32>) -> FilterOptions {
    FilterOptions {
        brightness,
        contrast,
        blur_radius: radius,
    }
}

/// Every error path of the contract (and the valid edge next to it), with
/// what each call must return.
#[allow(clippy::too_many_lines)] // One table.
pub fn error_cases() -> Vec<(String, Call, Expect)> {
    let mut table = Vec::new();
    let good = image(3, 2, 3, 18);
    let filter = opts(Some(0.1), Some(10.0), Some(1));

    // Malformed records, through every function.
    let malformed = [
        (
            "data one short",
            image(2, 2, 3, 11),
            Expect::Invalid("data length"),
        ),
        (
            "data one long",
            image(2, 2, 3, 13),
            Expect::Invalid("data length"),
        ),
        ("no data", image(2, 2, 1, 0), Expect::Invalid("data length")),
        ("channels 0", image(2, 2, 0, 0), Expect::Invalid("channels")),
        (
            "channels 5",
            image(2, 2, 5, 20),
            Expect::Invalid("channels"),
        ),
        (
            "channels 255",
            image(1, 1, 255, 255),
            Expect::Invalid("channels"),
        ),
        (
            "width 0",
            image(0, 3, 1, 0),
            Expect::Invalid("width and height"),
        ),
        (
            "height 0",
            image(3, 0, 1, 0),
            Expect::Invalid("width and height"),
        ),
        (
            "width 16385",
            image(16_385, 1, 1, 16_385),
            Expect::OutOfMemory,
        ),
        ("height 16385", image(1, 16_385, 1, 0), Expect::OutOfMemory),
        (
            "over 64 Mi pixels",
            image(16_384, 4_097, 4, 0),
            Expect::OutOfMemory,
        ),
        (
            "u32::MAX squared",
            image(u32::MAX, u32::MAX, 3, 3),
            Expect::OutOfMemory,
        ),
    ];
    for (what, img, expect) in malformed {
        let batch_expect = match &expect {
            Expect::Invalid(_) => Expect::InvalidPrefix("image 1: "),
            other => other.clone(),
        };
        let cases = [
            // `frame.from-image` validates as every function does.
            (
                "apply",
                Call::Apply(img.clone(), vec![Step::Grayscale]),
                expect.clone(),
            ),
            (
                "apply no steps",
                Call::Apply(img.clone(), Vec::new()),
                expect.clone(),
            ),
            ("grayscale", Call::Grayscale(img.clone()), expect.clone()),
            ("blur", Call::Blur(img.clone(), 2), expect.clone()),
            ("resize", Call::Resize(img.clone(), 4, 4), expect.clone()),
            (
                "apply-filter",
                Call::ApplyFilter(img.clone(), filter),
                expect.clone(),
            ),
            // Options without effect: the image is still validated.
            (
                "apply-filter no options",
                Call::ApplyFilter(img.clone(), FilterOptions::default()),
                expect.clone(),
            ),
            (
                "batch",
                Call::Batch(vec![good.clone(), img, good.clone()], filter),
                batch_expect,
            ),
        ];
        for (func, call, expect) in cases {
            table.push((format!("{func}: {what}"), call, expect));
        }
    }
    // The same message, with its index, as the image alone would give.
    table.push((
        "batch: index of the first failing image".into(),
        Call::Batch(
            vec![
                good.clone(),
                good.clone(),
                image(2, 2, 3, 11),
                image(2, 2, 0, 0),
            ],
            filter,
        ),
        Expect::Invalid("image 2: data length 11 does not match 2x2x3 = 12"),
    ));

    // Blur radius.
    for radius in [257, 1_000, u32::MAX] {
        table.push((
            format!("blur: radius {radius}"),
            Call::Blur(good.clone(), radius),
            Expect::Invalid("radius"),
        ));
    }
    for radius in [0, 1, 256] {
        table.push((
            format!("blur: radius {radius}"),
            Call::Blur(good.clone(), radius),
            Expect::Ok,
        ));
    }

    // Filter options, through apply-filter and batch.
    let bad_options = [
        (
            "brightness NaN",
            opts(Some(f32::NAN), None, None),
            "brightness",
        ),
        (
            "brightness inf",
            opts(Some(f32::INFINITY), None, None),
            "brightness",
        ),
        (
            "brightness -inf",
            opts(Some(f32::NEG_INFINITY), None, None),
            "brightness",
        ),
        (
            "brightness 1.01",
            opts(Some(1.01), None, None),
            "brightness",
        ),
        (
            "brightness -1.5",
            opts(Some(-1.5), None, None),
            "brightness",
        ),
        ("contrast NaN", opts(None, Some(f32::NAN), None), "contrast"),
        (
            "contrast inf",
            opts(None, Some(f32::INFINITY), None),
            "contrast",
        ),
        (
            "contrast -inf",
            opts(None, Some(f32::NEG_INFINITY), None),
            "contrast",
        ),
        ("contrast 255.5", opts(None, Some(255.5), None), "contrast"),
        ("contrast -300", opts(None, Some(-300.0), None), "contrast"),
        ("radius 257", opts(None, None, Some(257)), "radius"),
        (
            "radius u32::MAX",
            opts(Some(0.5), Some(3.0), Some(u32::MAX)),
            "radius",
        ),
    ];
    for (what, o, word) in bad_options {
        table.push((
            format!("apply-filter: {what}"),
            Call::ApplyFilter(good.clone(), o),
            Expect::Invalid(word),
        ));
        table.push((
            format!("batch: {what}"),
            Call::Batch(vec![good.clone(), good.clone()], o),
            Expect::InvalidPrefix("image 0: "),
        ));
        table.push((
            format!("apply: {what}"),
            Call::Apply(good.clone(), vec![Step::Grayscale, Step::Filter(o)]),
            Expect::InvalidPrefix("step 1: "),
        ));
    }
    for o in [
        opts(Some(-1.0), Some(-255.0), Some(256)),
        opts(Some(1.0), Some(255.0), Some(0)),
        FilterOptions::default(),
    ] {
        table.push((
            format!("apply-filter: edge {o:?}"),
            Call::ApplyFilter(good.clone(), o),
            Expect::Ok,
        ));
    }

    // Resize targets.
    for (w, h) in [
        (0, 1),
        (1, 0),
        (0, 0),
        (16_385, 1),
        (1, 16_385),
        (16_384, 4_097),
        (u32::MAX, u32::MAX),
    ] {
        table.push((
            format!("resize: to {w}x{h}"),
            Call::Resize(good.clone(), w, h),
            Expect::Invalid("target"),
        ));
    }
    for (w, h) in [(1, 1), (16_384, 1), (1, 16_384)] {
        table.push((
            format!("resize: to {w}x{h}"),
            Call::Resize(good.clone(), w, h),
            Expect::Ok,
        ));
    }

    // Steps: each checked as its function checks, all before any runs.
    let resize = |width, height| Step::Resize { width, height };
    let steps_cases = [
        ("no steps", Vec::new(), Expect::Ok),
        (
            "blur radius 257",
            vec![Step::Blur(1), Step::Blur(257)],
            Expect::Invalid("step 1: blur radius"),
        ),
        (
            "resize to 0x1 after a valid step",
            vec![Step::Grayscale, resize(0, 1)],
            Expect::Invalid("step 1: target"),
        ),
        (
            "resize to 16385x1",
            vec![resize(16_385, 1)],
            Expect::Invalid("step 0: target"),
        ),
        (
            "the first bad step is reported",
            vec![resize(1, 0), Step::Blur(u32::MAX)],
            Expect::InvalidPrefix("step 0: "),
        ),
        (
            "every kind in a chain",
            vec![
                resize(7, 5),
                Step::Filter(filter),
                Step::Blur(2),
                Step::Grayscale,
            ],
            Expect::Ok,
        ),
        ("at most steps", vec![Step::Blur(0); MAX_STEPS], Expect::Ok),
        (
            "one step too many",
            vec![Step::Grayscale; MAX_STEPS + 1],
            Expect::Invalid("at most 64 steps, got 65"),
        ),
    ];
    for (what, steps, expect) in steps_cases {
        table.push((
            format!("apply: {what}"),
            Call::Apply(good.clone(), steps),
            expect,
        ));
    }

    // Batch sizes.
    let tiny = image(1, 1, 1, 1);
    table.push((
        "batch: empty".into(),
        Call::Batch(Vec::new(), filter),
        Expect::Ok,
    ));
    table.push((
        "batch: empty, invalid options".into(),
        Call::Batch(Vec::new(), opts(Some(f32::NAN), None, None)),
        Expect::Ok,
    ));
    table.push((
        format!("batch: {MAX_BATCH} images"),
        Call::Batch(vec![tiny.clone(); MAX_BATCH], filter),
        Expect::Ok,
    ));
    table.push((
        format!("batch: {} images", MAX_BATCH + 1),
        Call::Batch(vec![tiny; MAX_BATCH + 1], filter),
        Expect::Invalid("at most 1024 images, got 1025"),
    ));
    table
}

/// Runs the whole error table through `ops`; returns the number of calls.
pub fn check_error_paths(ops: &mut impl Ops) -> usize {
    let table = error_cases();
    for (name, call, expect) in &table {
        let result: Result<usize, Error> = match call {
            Call::Apply(img, steps) => ops.apply(img, steps).map(|o| checked(&o, name)),
            Call::Grayscale(img) => ops.grayscale(img).map(|o| checked(&o, name)),
            Call::Blur(img, r) => ops.blur(img, *r).map(|o| checked(&o, name)),
            Call::Resize(img, w, h) => ops.resize(img, *w, *h).map(|o| checked(&o, name)),
            Call::ApplyFilter(img, o) => ops.apply_filter(img, o).map(|out| checked(&out, name)),
            Call::Batch(images, o) => ops.batch_process(images, o).map(|out| {
                assert_eq!(out.len(), images.len(), "{name}: batch length");
                for img in &out {
                    checked(img, name);
                }
                out.len()
            }),
        };
        match (expect, &result) {
            (Expect::Invalid(part), Err(Error::InvalidFormat(m))) => {
                assert!(m.contains(part), "{name}: message {m:?} lacks {part:?}");
            }
            (Expect::InvalidPrefix(prefix), Err(Error::InvalidFormat(m))) => {
                assert!(
                    m.starts_with(prefix),
                    "{name}: message {m:?} lacks {prefix:?}"
                );
            }
            (Expect::OutOfMemory, Err(Error::OutOfMemory)) | (Expect::Ok, Ok(_)) => {}
            _ => panic!("{name}: expected {expect:?}, got {result:?}"),
        }
    }
    println!("{} error-path calls", table.len());
    table.len()
}

/// A well-formed image's length; panics naming the case otherwise.
fn checked(img: &Image, name: &str) -> usize {
    let len = img.width as usize * img.height as usize * usize::from(img.channels);
    assert_eq!(img.data.len(), len, "{name}: output length");
    assert!((1..=4).contains(&img.channels), "{name}: channels");
    len
}
