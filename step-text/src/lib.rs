//! The text form of a `list<step>` (`wit/types.wit`) that people type: the
//! host CLI's `--op` and the HTTP service's `operation`, parsed here, once,
//! at the edge. Below the edge everything is typed: the scheduler and
//! image-ops never see text.
//!
//! The grammar is 1.0's operation string, so that commands and requests keep
//! working: steps joined by `|`, applied left to right, each one of
//!
//! - `grayscale` → `step.grayscale`;
//! - `blur` → `step.blur(r)`, r from the options' blur radius, which must be
//!   set;
//! - `apply-filter` → `step.filter(options)`, all of the options;
//! - `resize:<W>x<H>` → `step.resize({W, H})`, W and H decimal `u32`.
//!
//! Strict: no spaces, no case folding, no empty step, so that a typo fails
//! the request rather than running something else. Ranges (radius, size
//! limits, option values) are image-ops' to check: `apply` rejects them as
//! `invalid-format` before any work, so they are not duplicated here.
//!
//! The types mirror the WIT ones field for field; each user converts them to
//! its generated bindings (a `From` impl each), since the host and the
//! gateway bind the same WIT separately.

// Stricter than the workspace: the parser of untrusted text never unwraps,
// and every public item is documented.
#![deny(clippy::unwrap_used)]
#![warn(missing_docs)]

use std::fmt;

/// `types.filter-options`: an absent option is skipped.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct FilterOptions {
    /// Brightness, -1.0 ..= 1.0.
    pub brightness: Option<f32>,
    /// Contrast, -255.0 ..= 255.0.
    pub contrast: Option<f32>,
    /// Gaussian blur radius, 0 ..= 256.
    pub blur_radius: Option<u32>,
}

/// `types.size`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Size {
    /// Pixels per row.
    pub width: u32,
    /// Rows.
    pub height: u32,
}

/// `types.step`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Step {
    /// `grayscale`.
    Grayscale,
    /// `blur(radius)`.
    Blur(u32),
    /// `resize(size)`.
    Resize(Size),
    /// `filter(options)`.
    Filter(FilterOptions),
}

/// Why the text is not a step list; the message says what and how to write
/// it, for a CLI error or a 400 response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError(pub String);

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ParseError {}

/// One operation of the text form (`operations.tsv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Operation {
    /// The name that starts a step: `resize`.
    pub name: &'static str,
    /// How the step is written: `resize:WxH`.
    pub usage: &'static str,
    /// The `types.step` case it makes: `resize`.
    pub step: &'static str,
    /// What it does, in a few words, for help texts.
    pub summary: &'static str,
}

/// The list, as a file, for users outside Rust (the JS CLI and page).
pub const OPERATIONS_TSV: &str = include_str!("../operations.tsv");

/// Every operation, in the order help lists them.
pub fn operations() -> impl Iterator<Item = Operation> {
    OPERATIONS_TSV
        .lines()
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .filter_map(|line| {
            let mut fields = line.split('\t');
            Some(Operation {
                name: fields.next()?,
                usage: fields.next()?,
                step: fields.next()?,
                summary: fields.next()?,
            })
        })
}

/// `use grayscale, blur, apply-filter, resize:WxH, or several joined by '|'`.
fn grammar() -> String {
    let usages: Vec<&str> = operations().map(|op| op.usage).collect();
    format!("use {}, or several joined by '|'", usages.join(", "))
}

/// The steps `text` names, with `options` for `blur` and `apply-filter`.
///
/// # Errors
/// Empty text or an empty step, an unknown step, `blur` without a blur
/// radius, `resize` without a size or with one that is not `<W>x<H>` in
/// decimal `u32`s.
pub fn parse(text: &str, options: FilterOptions) -> Result<Vec<Step>, ParseError> {
    text.split('|')
        .map(|step| parse_step(step, options))
        .collect()
}

fn parse_step(text: &str, options: FilterOptions) -> Result<Step, ParseError> {
    let fail = |message: String| Err(ParseError(message));
    match text.split_once(':') {
        Some(("resize", size)) => parse_size(size).map(Step::Resize),
        None => match text {
            "grayscale" => Ok(Step::Grayscale),
            "apply-filter" => Ok(Step::Filter(options)),
            "blur" => match options.blur_radius {
                Some(radius) => Ok(Step::Blur(radius)),
                None => fail("blur needs a blur radius option".into()),
            },
            "resize" => fail("resize needs a size, as in resize:640x480".into()),
            "" => fail(format!("empty operation: {}", grammar())),
            _ => fail(format!("unknown operation {text:?}: {}", grammar())),
        },
        Some(_) => fail(format!("unknown operation {text:?}: {}", grammar())),
    }
}

/// `<W>x<H>`, decimal digits only: `str::parse::<u32>` alone would take a
/// leading `+`.
fn parse_size(text: &str) -> Result<Size, ParseError> {
    let dimension = |s: &str| {
        s.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    let size = text
        .split_once('x')
        .and_then(|(w, h)| Some((dimension(w)?, dimension(h)?)));
    match size {
        Some((width, height)) => Ok(Size { width, height }),
        None => Err(ParseError(format!(
            "resize size {text:?} is not <W>x<H> in decimal u32s"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The list names each case of the WIT `step` variant once, and each
    /// name parses to its case: a case added to the WIT and not here (or the
    /// reverse) fails this test.
    #[test]
    fn operations_are_the_wit_step_cases() {
        let wit = include_str!("../../wit/types.wit");
        let body = wit
            .split_once("variant step {")
            .and_then(|(_, rest)| rest.split_once('}'))
            .map(|(body, _)| body)
            .expect("wit/types.wit defines `variant step`");
        let mut cases: Vec<&str> = body
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty() && !line.starts_with("//"))
            .map(|line| line.split(['(', ',']).next().unwrap_or_default().trim())
            .collect();
        let mut listed: Vec<&str> = operations().map(|op| op.step).collect();
        cases.sort_unstable();
        listed.sort_unstable();
        assert_eq!(
            listed, cases,
            "operations.tsv's steps against wit/types.wit's `step` cases"
        );
        for op in operations() {
            let text = op.usage.replace("WxH", "3x2");
            let steps = parse(&text, filter()).unwrap_or_else(|e| panic!("{}: {e}", op.usage));
            let case = match steps[..] {
                [Step::Grayscale] => "grayscale",
                [Step::Blur(_)] => "blur",
                [Step::Resize(_)] => "resize",
                [Step::Filter(_)] => "filter",
                _ => "?",
            };
            assert_eq!(case, op.step, "{} makes the {} case", op.usage, op.step);
        }
    }

    fn filter() -> FilterOptions {
        FilterOptions {
            brightness: Some(0.5),
            contrast: Some(-10.0),
            blur_radius: Some(2),
        }
    }

    fn size(width: u32, height: u32) -> Step {
        Step::Resize(Size { width, height })
    }

    #[test]
    fn parses_the_grammar() {
        let none = FilterOptions::default();
        let radius = |r| FilterOptions {
            blur_radius: Some(r),
            ..none
        };
        let cases = [
            ("grayscale", none, vec![Step::Grayscale]),
            ("blur", radius(3), vec![Step::Blur(3)]),
            ("blur", radius(0), vec![Step::Blur(0)]),
            ("apply-filter", filter(), vec![Step::Filter(filter())]),
            ("apply-filter", none, vec![Step::Filter(none)]),
            ("resize:640x480", none, vec![size(640, 480)]),
            // Range checks are image-ops': 0 and the u32 maximum parse.
            ("resize:007x0", none, vec![size(7, 0)]),
            ("resize:4294967295x1", none, vec![size(u32::MAX, 1)]),
            (
                "resize:640x480|grayscale",
                none,
                vec![size(640, 480), Step::Grayscale],
            ),
            (
                "grayscale|blur|apply-filter|resize:1x2|grayscale",
                filter(),
                vec![
                    Step::Grayscale,
                    Step::Blur(2),
                    Step::Filter(filter()),
                    size(1, 2),
                    Step::Grayscale,
                ],
            ),
        ];
        for (text, options, want) in cases {
            assert_eq!(parse(text, options), Ok(want), "{text}");
        }
    }

    #[test]
    fn rejects_everything_else() {
        let none = FilterOptions::default();
        let cases = [
            ("", "empty operation"),
            ("|", "empty operation"),
            ("grayscale|", "empty operation"),
            ("|grayscale", "empty operation"),
            ("grayscale||grayscale", "empty operation"),
            ("sharpen", r#"unknown operation "sharpen""#),
            ("Grayscale", r#"unknown operation "Grayscale""#),
            (" grayscale", r#"unknown operation " grayscale""#),
            ("grayscale:1", r#"unknown operation "grayscale:1""#),
            ("blur", "blur needs a blur radius"),
            ("resize", "resize needs a size"),
            ("resize:", "is not <W>x<H>"),
            ("resize:640", "is not <W>x<H>"),
            ("resize:640x", "is not <W>x<H>"),
            ("resize:x480", "is not <W>x<H>"),
            ("resize:+1x2", "is not <W>x<H>"),
            ("resize:-1x2", "is not <W>x<H>"),
            ("resize:1x2x3", "is not <W>x<H>"),
            ("resize:1X2", "is not <W>x<H>"),
            ("resize:4294967296x1", "is not <W>x<H>"),
            ("resize: 1x2", "is not <W>x<H>"),
        ];
        for (text, part) in cases {
            match parse(text, none) {
                Err(ParseError(m)) => assert!(m.contains(part), "{text:?}: {m}"),
                Ok(steps) => panic!("{text:?} parsed as {steps:?}"),
            }
        }
    }
}
