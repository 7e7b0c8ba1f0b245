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

const GRAMMAR: &str = "use grayscale, blur, apply-filter, resize:WxH, or several joined by '|'";

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
            "" => fail(format!("empty operation: {GRAMMAR}")),
            _ => fail(format!("unknown operation {text:?}: {GRAMMAR}")),
        },
        Some(_) => fail(format!("unknown operation {text:?}: {GRAMMAR}")),
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
