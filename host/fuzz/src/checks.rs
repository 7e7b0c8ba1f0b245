//! What each fuzz target does with its input, shared with the test that
//! replays the regression fixtures (`host/tests/fuzz_regressions/`), which
//! includes this file as a module. Every check panics on a fault (a trap,
//! the deadline, the memory limit): whatever the input, the pipeline must
//! answer with a value or its typed `error`.

use std::fmt::Write as _;

use image_pipeline_host::bindings::{parse_steps, FilterOptions, Image, Size, Step};
use image_pipeline_host::limits::find_fault;
use image_pipeline_host::pipeline::Pipeline;

/// Panics if `result` is a fault; anything else (a value, a component's
/// `error`) is fine.
pub fn no_fault<T>(what: &str, result: anyhow::Result<T>) -> Option<T> {
    match result {
        Ok(value) => Some(value),
        Err(e) => {
            if let Some(fault) = find_fault(&e) {
                panic!("{what}: {fault}");
            }
            None
        }
    }
}

/// Reads structured values off the fuzzer's bytes; zeros once they run out.
pub struct Input<'a>(&'a [u8]);

impl<'a> Input<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Self(data)
    }

    pub fn u8(&mut self) -> u8 {
        let (first, rest) = self.0.split_first().map_or((0, &[][..]), |(f, r)| (*f, r));
        self.0 = rest;
        first
    }

    pub fn u16(&mut self) -> u16 {
        u16::from_le_bytes([self.u8(), self.u8()])
    }

    pub fn u32(&mut self) -> u32 {
        u32::from_le_bytes([self.u8(), self.u8(), self.u8(), self.u8()])
    }

    /// Any bit pattern: NaNs, infinities and subnormals included.
    pub fn f32(&mut self) -> f32 {
        f32::from_bits(self.u32())
    }

    /// `len` bytes, or what is left.
    pub fn bytes(&mut self, len: usize) -> &'a [u8] {
        let (taken, rest) = self.0.split_at(len.min(self.0.len()));
        self.0 = rest;
        taken
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Filter options, each field present or not.
    pub fn options(&mut self) -> FilterOptions {
        let present = self.u8();
        FilterOptions {
            brightness: (present & 1 != 0).then(|| self.f32()),
            contrast: (present & 2 != 0).then(|| self.f32()),
            blur_radius: (present & 4 != 0).then(|| self.u32() % 300),
        }
    }

    /// An image record: small dimensions, any channel count, and data whose
    /// length usually (not always) matches.
    pub fn image(&mut self) -> Image {
        let width = u32::from(self.u8() % 64);
        let height = u32::from(self.u8() % 64);
        let channels = self.u8() % 7;
        let expected = (width * height * u32::from(channels)) as usize;
        let len = match self.u8() % 8 {
            0 => usize::from(self.u16()),
            1 => expected.saturating_sub(1),
            _ => expected,
        };
        let mut data = self.bytes(len).to_vec();
        data.resize(len, 0x5a);
        Image {
            width,
            height,
            channels,
            data,
        }
    }

    /// A step list of any length up to 71, so sometimes over `apply`'s
    /// limit of 64, with parameters in and out of range (any float bit
    /// pattern in a filter).
    pub fn steps(&mut self) -> Vec<Step> {
        let count = usize::from(self.u8() % 72);
        (0..count).map(|_| self.step()).collect()
    }

    /// One step of any kind. Sizes stay small: a valid resize to a huge size
    /// is only the memory limit, not a finding.
    pub fn step(&mut self) -> Step {
        match self.u8() % 4 {
            0 => Step::Grayscale,
            1 => Step::Blur(self.u32() % 300),
            2 => Step::Resize(Size {
                width: u32::from(self.u8() % 80),
                height: u32::from(self.u8() % 80),
            }),
            _ => Step::Filter(self.options()),
        }
    }

    /// Operation text as the CLI takes it: usually from the grammar,
    /// sometimes raw bytes (made UTF-8 lossily, as a command line's would).
    pub fn operation(&mut self) -> String {
        const NAMES: [&str; 6] = ["grayscale", "blur", "apply-filter", "resize:", "|", "x"];
        let parts = self.u8() % 4 + 1;
        let mut op = String::new();
        for i in 0..parts {
            if i > 0 {
                op.push('|');
            }
            match self.u8() % 8 {
                6 => {
                    let n = usize::from(self.u8() % 16);
                    op.push_str(&String::from_utf8_lossy(self.bytes(n)));
                }
                7 => {
                    let _ = write!(op, "resize:{}x{}", self.u8() % 80, self.u8() % 80);
                }
                k => op.push_str(NAMES[usize::from(k) % NAMES.len()]),
            }
        }
        op
    }
}

/// `codec.decode` of the bytes; what decodes is encoded back (both formats)
/// and must decode again to the same size.
pub fn decode(p: &mut Pipeline, data: &[u8]) {
    let Some(image) = no_fault("decode", p.decode(data)) else {
        return;
    };
    for format in ["png", "jpeg"] {
        if let Some(bytes) = no_fault("encode", p.encode(&image, format)) {
            let again = no_fault("decode of our own encoding", p.decode(&bytes))
                .unwrap_or_else(|| panic!("the codec cannot decode its own {format}"));
            assert_eq!((again.width, again.height), (image.width, image.height));
        }
    }
}

/// One task on an arbitrary image record with arbitrary steps, through the
/// scheduler (Go) into image-ops (Rust); the result is encoded. One input
/// in eight gives operation text instead, parsed at the edge as the CLI
/// does (text that is no step list is `invalid-format` there).
pub fn image_ops(p: &mut Pipeline, data: &[u8]) {
    let mut input = Input::new(data);
    let image = input.image();
    let steps = if input.u8().is_multiple_of(8) {
        let text = input.operation();
        match parse_steps(&text, input.options()) {
            Ok(steps) => steps,
            Err(_) => return,
        }
    } else {
        input.steps()
    };
    let what = format!("{steps:?}");
    if let Some(result) = no_fault(&what, p.run_task(&image, &steps)) {
        assert_eq!(
            result.data.len(),
            (result.width * result.height * u32::from(result.channels)) as usize,
            "image-ops returned a record that does not add up"
        );
        no_fault("encode", p.encode(&result, "png"));
    }
    assert_eq!(p.live_handles(), 0, "a handle left with the host");
}

/// Arbitrary sequences of scheduler calls (task, drop, submit, run-pending,
/// get-result, cancel, status) on one instance.
pub fn scheduler(p: &mut Pipeline, data: &[u8]) {
    let mut input = Input::new(data);
    let mut ids: Vec<u64> = Vec::new();
    let mut calls = 0;
    while !input.is_empty() && calls < 64 {
        calls += 1;
        let pick = |input: &mut Input<'_>, ids: &[u64]| {
            let k = usize::from(input.u8());
            ids.get(k % ids.len().max(1))
                .copied()
                .unwrap_or(u64::from(input.u8()))
        };
        match input.u8() % 7 {
            0 | 1 => {
                let image = input.image();
                let steps = input.steps();
                if let Some(id) = no_fault("submit", p.submit(&image, &steps)) {
                    ids.push(id);
                }
            }
            2 => {
                let image = input.image();
                let steps = input.steps();
                if let Some(task) = no_fault("task", p.create_task(&image, &steps)) {
                    no_fault("drop", p.drop_task(task));
                }
            }
            3 => {
                no_fault("run-pending", p.run_pending(u32::from(input.u8() % 8)));
            }
            4 => {
                let id = pick(&mut input, &ids);
                no_fault("get-result", p.get_result(id));
            }
            5 => {
                let id = pick(&mut input, &ids);
                no_fault("cancel", p.cancel(id));
            }
            _ => {
                let id = pick(&mut input, &ids);
                no_fault("status", p.status(id));
            }
        }
    }
    // Whatever happened, the scheduler still completes a task.
    assert_eq!(p.live_handles(), 0, "a handle left with the host");
    let id = no_fault(
        "submit",
        // A valid 2 × 2 RGB image (length mode 2: the expected length).
        p.submit(&Input::new(&[2, 2, 3, 2]).image(), &[Step::Grayscale]),
    )
    .expect("submit after the sequence");
    while no_fault("run-pending", p.run_pending(64)).unwrap_or(0) > 0 {}
    assert!(
        no_fault("get-result", p.get_result(id)).flatten().is_some(),
        "a submitted task did not finish"
    );
}
