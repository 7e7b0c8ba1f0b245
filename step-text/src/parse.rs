//! The text people type: 1.0's operation string, so that commands and
//! requests keep working. Steps joined by `|`, applied left to right, each
//! one of
//!
//! - the name of a step without parameters ([`Step::PARAMETERLESS`]):
//!   `grayscale` → `step.grayscale`;
//! - `blur` → `step.blur(r)`, r from the options' blur radius, which must be
//!   set;
//! - `apply-filter` → `step.filter(options)`, all of the options;
//! - `resize:<W>x<H>` → `step.resize({W, H})`, W and H decimal `u32`.
//!
//! Strict: no spaces, no case folding, no empty step, so that a typo fails
//! the request rather than running something else. Ranges (radius, size
//! limits, option values) are image-ops' to check: `apply` rejects them as
//! `invalid-format` before any work, so they are not duplicated here.

use std::fmt;

use crate::operations::grammar;
use crate::{FilterOptions, Size, Step};

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
    if let Some(step) = parameterless(text) {
        return Ok(step);
    }
    match text.split_once(':') {
        Some(("resize", size)) => parse_size(size).map(Step::Resize),
        None => match text {
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

/// The step without parameters that `name` names.
pub(crate) fn parameterless(name: &str) -> Option<Step> {
    Step::PARAMETERLESS
        .iter()
        .copied()
        .find(|step| step.name() == name)
}

/// `<W>x<H>`, decimal digits only: `str::parse::<u32>` alone would take a
/// leading `+`.
pub(crate) fn parse_size(text: &str) -> Result<Size, ParseError> {
    let size = text
        .split_once('x')
        .and_then(|(w, h)| Some((decimal_u32(w)?, decimal_u32(h)?)));
    match size {
        Some((width, height)) => Ok(Size { width, height }),
        None => Err(ParseError(format!(
            "resize size {text:?} is not <W>x<H> in decimal u32s"
        ))),
    }
}

/// A `u32` in ASCII decimal digits, nothing else.
pub(crate) fn decimal_u32(text: &str) -> Option<u32> {
    text.bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| text.parse().ok())
        .flatten()
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
            // The canonical text's parameters are not the typed grammar.
            ("blur(2)", r#"unknown operation "blur(2)""#),
            ("apply-filter()", r#"unknown operation "apply-filter()""#),
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
