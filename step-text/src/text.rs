//! The canonical text of a step: every parameter written out, so that it
//! reads back to the same step (`Display`, then `FromStr`). The typed
//! grammar's form where it has one, the parameters it takes from options in
//! parentheses:
//!
//! - a step without parameters: its name, `grayscale`;
//! - `blur(3)`;
//! - `resize:640x480`;
//! - `apply-filter(brightness=0.5, contrast=-10, blur_radius=2)`, the
//!   options that are set, in this order (`apply-filter()` for none).
//!
//! A float is written as Rust writes an `f32`: the shortest decimal that
//! reads back to the same value, `-0` for negative zero, `inf`, `-inf`, and
//! `NaN` for every NaN (the payload is not kept: image-ops refuses any NaN).
//! Two steps have the same text exactly when they are equal, NaNs aside.
//! What the service logs, keeps in a task record and hashes into a cache
//! key.

use std::fmt;
use std::str::FromStr;

use crate::parse::{decimal_u32, parameterless, parse_size};
use crate::{FilterOptions, ParseError, Size, Step};

impl fmt::Display for Step {
    // The wildcard is every case without parameters, today's one and those
    // to come: a new one needs no arm here.
    #[allow(clippy::match_wildcard_for_single_variants)]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = self.name();
        match self {
            Step::Blur(radius) => write!(f, "{name}({radius})"),
            Step::Resize(Size { width, height }) => write!(f, "{name}:{width}x{height}"),
            Step::Filter(o) => {
                let set: Vec<String> = [
                    o.brightness.map(|v| format!("brightness={v}")),
                    o.contrast.map(|v| format!("contrast={v}")),
                    o.blur_radius.map(|v| format!("blur_radius={v}")),
                ]
                .into_iter()
                .flatten()
                .collect();
                write!(f, "{name}({})", set.join(", "))
            }
            // Without parameters (`Step::PARAMETERLESS`): the name alone.
            _ => f.write_str(name),
        }
    }
}

impl FromStr for Step {
    type Err = ParseError;

    /// One step in its canonical text.
    fn from_str(text: &str) -> Result<Self, ParseError> {
        if let Some(step) = parameterless(text) {
            return Ok(step);
        }
        if let Some(size) = text.strip_prefix("resize:") {
            return parse_size(size).map(Step::Resize);
        }
        let call = text.strip_suffix(')').and_then(|call| call.split_once('('));
        match call {
            Some(("blur", radius)) => decimal_u32(radius)
                .map(Step::Blur)
                .ok_or_else(|| ParseError(format!("blur radius {radius:?} is not a decimal u32"))),
            Some(("apply-filter", options)) => filter_options(options).map(Step::Filter),
            _ => Err(ParseError(format!("{text:?} is not the text of a step"))),
        }
    }
}

/// `brightness=0.5, blur_radius=2`: each option at most once.
fn filter_options(text: &str) -> Result<FilterOptions, ParseError> {
    let mut options = FilterOptions::default();
    for option in text.split(", ").filter(|_| !text.is_empty()) {
        let bad = || ParseError(format!("filter option {option:?} is not name=value"));
        let (name, value) = option.split_once('=').ok_or_else(bad)?;
        let float = || value.parse::<f32>().map_err(|_| bad());
        let slot_was_empty = match name {
            "brightness" => options.brightness.replace(float()?).is_none(),
            "contrast" => options.contrast.replace(float()?).is_none(),
            "blur_radius" => options
                .blur_radius
                .replace(decimal_u32(value).ok_or_else(bad)?)
                .is_none(),
            _ => return Err(bad()),
        };
        if !slot_was_empty {
            return Err(ParseError(format!("filter option {name} given twice")));
        }
    }
    Ok(options)
}

/// A step list in canonical text: the steps joined by `|` (which no step's
/// text contains), `""` for no steps.
#[must_use]
pub fn to_text(steps: &[Step]) -> String {
    let texts: Vec<String> = steps.iter().map(Step::to_string).collect();
    texts.join("|")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filter(brightness: Option<f32>, contrast: Option<f32>, blur_radius: Option<u32>) -> Step {
        Step::Filter(FilterOptions {
            brightness,
            contrast,
            blur_radius,
        })
    }

    #[test]
    fn the_documented_text() {
        let steps = [
            Step::Resize(Size {
                width: 640,
                height: 480,
            }),
            Step::Grayscale,
            Step::Blur(3),
            filter(Some(0.5), Some(-10.0), Some(2)),
            filter(None, None, None),
        ];
        assert_eq!(
            to_text(&steps),
            "resize:640x480|grayscale|blur(3)|apply-filter(brightness=0.5, contrast=-10, \
             blur_radius=2)|apply-filter()"
        );
        assert_eq!(to_text(&[]), "");
    }

    /// Every step reads back from its text, floats bit for bit (but NaN's).
    #[test]
    fn round_trips() {
        let odd = [
            0.0,
            -0.0,
            0.1,
            1.0 / 3.0,
            f32::MIN_POSITIVE,
            f32::from_bits(1),
            f32::MAX,
            f32::INFINITY,
            f32::NEG_INFINITY,
        ];
        let mut steps = vec![
            Step::Grayscale,
            Step::Blur(0),
            Step::Blur(u32::MAX),
            Step::Resize(Size {
                width: 0,
                height: u32::MAX,
            }),
            filter(None, None, None),
            filter(None, None, Some(7)),
        ];
        steps.extend(odd.iter().map(|&v| filter(Some(v), Some(-v), None)));
        for step in steps {
            let text = step.to_string();
            let back: Step = text.parse().unwrap_or_else(|e| panic!("{text}: {e}"));
            let bits = |s: Step| match s {
                Step::Filter(o) => (o.brightness.map(f32::to_bits), o.contrast.map(f32::to_bits)),
                _ => (None, None),
            };
            assert_eq!(back, step, "{text}");
            assert_eq!(bits(back), bits(step), "{text}: bit for bit");
        }
        let nan = filter(Some(f32::from_bits(0x7fc0_0001)), None, None);
        assert_eq!(nan.to_string(), "apply-filter(brightness=NaN)");
        assert!(matches!(
            nan.to_string().parse(),
            Ok(Step::Filter(FilterOptions { brightness: Some(b), .. })) if b.is_nan()
        ));
    }

    #[test]
    fn refuses_what_it_does_not_write() {
        for text in [
            "",
            "blur",
            "blur()",
            "blur(-1)",
            "blur(1",
            "resize",
            "resize:1x",
            "grayscale()",
            "apply-filter",
            "apply-filter(brightness)",
            "apply-filter(brightness=x)",
            "apply-filter(sharpness=1)",
            "apply-filter(brightness=1, brightness=2)",
            "apply-filter(blur_radius=1.5)",
            "apply-filter(brightness=1,contrast=2)",
            "sepia",
        ] {
            assert!(text.parse::<Step>().is_err(), "{text:?} parsed");
        }
    }
}
