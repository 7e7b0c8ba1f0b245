//! The steps of a `list<step>` (`wit/types.wit`) outside the components,
//! and their two text forms:
//!
//! - what people type, the host CLI's `--op` and the HTTP service's
//!   `operation`, parsed here, once, at the edge ([`parse`], the grammar in
//!   `parse.rs`). Below the edge everything is typed: the scheduler and
//!   image-ops never see text;
//! - the canonical text of a step, which says every parameter and parses
//!   back to the same step ([`Step`]'s `Display` and `FromStr`, in
//!   `text.rs`): what the service logs, stores in a task record and hashes
//!   into a cache key.
//!
//! This file is where a new case of `types.step` goes in Rust outside
//! image-ops: the [`Step`] case, its [`Step::name`] (and, without
//! parameters, a place in [`Step::PARAMETERLESS`], which is all the parsers
//! need), and its arms in [`bindings_conversions!`], which every crate that
//! binds the WIT expands for its own bindings. The list of operations the
//! help texts show is `operations.tsv`.

// Stricter than the workspace: the parser of untrusted text never unwraps,
// and every public item is documented.
#![deny(clippy::unwrap_used)]
#![warn(missing_docs)]

mod operations;
mod parse;
mod text;

pub use operations::{operations, Operation, OPERATIONS_TSV};
pub use parse::{parse, ParseError};
pub use text::to_text;

/// `types.filter-options`: an absent option is skipped.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "kebab-case")
)]
pub struct FilterOptions {
    /// Brightness, -1.0 ..= 1.0.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub brightness: Option<f32>,
    /// Contrast, -255.0 ..= 255.0.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub contrast: Option<f32>,
    /// Gaussian blur radius, 0 ..= 256.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub blur_radius: Option<u32>,
}

/// `types.size`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Size {
    /// Pixels per row.
    pub width: u32,
    /// Rows.
    pub height: u32,
}

/// `types.step`. With the `serde` feature, a step is written as the
/// conformance vectors write it (`conformance-tests/oracle/steps.py`): the
/// WIT case, its payload keyed by the case name (`"grayscale"`,
/// `{"blur": 2}`).
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "kebab-case")
)]
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

impl Step {
    /// The cases without parameters: both text forms write each as its
    /// [`name`](Self::name) alone, so the parsers find them here.
    pub const PARAMETERLESS: &'static [Step] = &[Step::Grayscale];

    /// The name that starts the step in both text forms (`operations.tsv`'s
    /// `name`): `apply-filter` for `filter`.
    #[must_use]
    pub fn name(&self) -> &'static str {
        match self {
            Step::Grayscale => "grayscale",
            Step::Blur(_) => "blur",
            Step::Resize(_) => "resize",
            Step::Filter(_) => "apply-filter",
        }
    }
}

/// `From` both ways between [`Step`], [`Size`] and [`FilterOptions`] and a
/// crate's WIT bindings of `types.step`, `types.size` and
/// `types.filter-options`; invoked with the path of the bindings' `types`
/// module:
///
/// ```ignore
/// step_text::bindings_conversions!(crate::bindings::example::image_processing::types);
/// ```
///
/// Why a macro: every crate that binds the WIT (the host with wasmtime's
/// `bindgen!`, each service component with `wit_bindgen::generate!`) gets
/// its own, distinct `Step` type, and the orphan rule lets only that crate
/// convert it. The bindings are generated from the same WIT, so their case
/// and field names are the same everywhere: one set of arms, written here
/// next to the enum, serves them all, and a case missing from it is a
/// compile error (a non-exhaustive `match`) in each of them.
#[macro_export]
macro_rules! bindings_conversions {
    ($types:path) => {
        const _: () = {
            use $crate::{FilterOptions, Size, Step};
            use $types as wit;

            impl ::core::convert::From<Step> for wit::Step {
                fn from(step: Step) -> Self {
                    match step {
                        Step::Grayscale => Self::Grayscale,
                        Step::Blur(radius) => Self::Blur(radius),
                        Step::Resize(size) => Self::Resize(size.into()),
                        Step::Filter(options) => Self::Filter(options.into()),
                    }
                }
            }

            impl ::core::convert::From<wit::Step> for Step {
                fn from(step: wit::Step) -> Self {
                    match step {
                        wit::Step::Grayscale => Self::Grayscale,
                        wit::Step::Blur(radius) => Self::Blur(radius),
                        wit::Step::Resize(size) => Self::Resize(size.into()),
                        wit::Step::Filter(options) => Self::Filter(options.into()),
                    }
                }
            }

            impl ::core::convert::From<Size> for wit::Size {
                fn from(Size { width, height }: Size) -> Self {
                    Self { width, height }
                }
            }

            impl ::core::convert::From<wit::Size> for Size {
                fn from(wit::Size { width, height }: wit::Size) -> Self {
                    Self { width, height }
                }
            }

            impl ::core::convert::From<FilterOptions> for wit::FilterOptions {
                fn from(o: FilterOptions) -> Self {
                    Self {
                        brightness: o.brightness,
                        contrast: o.contrast,
                        blur_radius: o.blur_radius,
                    }
                }
            }

            impl ::core::convert::From<wit::FilterOptions> for FilterOptions {
                fn from(o: wit::FilterOptions) -> Self {
                    Self {
                        brightness: o.brightness,
                        contrast: o.contrast,
                        blur_radius: o.blur_radius,
                    }
                }
            }
        };
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The WIT's `step` cases, from `wit/types.wit`.
    fn wit_cases() -> Vec<&'static str> {
        let wit = include_str!("../../wit/types.wit");
        let body = wit
            .split_once("variant step {")
            .and_then(|(_, rest)| rest.split_once('}'))
            .map(|(body, _)| body)
            .expect("wit/types.wit defines `variant step`");
        body.lines()
            .map(str::trim)
            .filter(|line| !line.is_empty() && !line.starts_with("//"))
            .map(|line| line.split(['(', ',']).next().unwrap_or_default().trim())
            .collect()
    }

    /// The list names each case of the WIT `step` variant once, each usage
    /// parses to a step of that name, and every step reads back from its
    /// canonical text: a case added to the WIT and not here (or the
    /// reverse) fails this test.
    #[test]
    fn operations_are_the_wit_step_cases() {
        let mut cases = wit_cases();
        let mut listed: Vec<&str> = operations().map(|op| op.step).collect();
        cases.sort_unstable();
        listed.sort_unstable();
        assert_eq!(
            listed, cases,
            "operations.tsv's steps against wit/types.wit's `step` cases"
        );
        let options = FilterOptions {
            brightness: Some(0.5),
            contrast: Some(-10.0),
            blur_radius: Some(2),
        };
        for op in operations() {
            let text = op.usage.replace("WxH", "3x2");
            let steps = parse(&text, options).unwrap_or_else(|e| panic!("{}: {e}", op.usage));
            assert_eq!(steps.len(), 1, "{}", op.usage);
            assert_eq!(steps[0].name(), op.name, "{} makes its step", op.usage);
            assert_eq!(
                steps[0].to_string().parse::<Step>(),
                Ok(steps[0]),
                "{} reads back from its text",
                op.usage
            );
        }
    }

    /// A parameterless step is its name in both forms.
    #[test]
    fn parameterless_steps_are_their_names() {
        for step in Step::PARAMETERLESS {
            assert_eq!(step.to_string(), step.name());
            assert_eq!(
                parse(step.name(), FilterOptions::default()),
                Ok(vec![*step])
            );
        }
    }

    /// The macro against a stand-in for a crate's bindings, with the same
    /// names the generators give the WIT's.
    mod bindings {
        pub mod types {
            #[derive(Debug, Clone, Copy, PartialEq)]
            pub struct Size {
                pub width: u32,
                pub height: u32,
            }
            #[derive(Debug, Clone, Copy, PartialEq)]
            pub struct FilterOptions {
                pub brightness: Option<f32>,
                pub contrast: Option<f32>,
                pub blur_radius: Option<u32>,
            }
            #[derive(Debug, Clone, Copy, PartialEq)]
            pub enum Step {
                Grayscale,
                Blur(u32),
                Resize(Size),
                Filter(FilterOptions),
            }
        }
    }

    crate::bindings_conversions!(self::bindings::types);

    #[test]
    fn converts_to_the_bindings_and_back() {
        let steps = parse(
            "grayscale|blur|resize:3x2|apply-filter",
            FilterOptions {
                brightness: Some(0.5),
                contrast: None,
                blur_radius: Some(2),
            },
        )
        .expect("parses");
        let wit: Vec<bindings::types::Step> = steps.iter().copied().map(Into::into).collect();
        assert_eq!(
            wit[2],
            bindings::types::Step::Resize(bindings::types::Size {
                width: 3,
                height: 2
            })
        );
        let back: Vec<Step> = wit.into_iter().map(Into::into).collect();
        assert_eq!(back, steps);
    }
}
