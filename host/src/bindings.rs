//! Typed bindings for the `image-pipeline` world, generated from `wit/` at
//! compile time, the host's view of the world's `error` variant, and the
//! steps of the CLI's operation text (`step-text`) in the bindings' types.

// ANCHOR: bindgen
wasmtime::component::bindgen!({
    path: "../wit",
    world: "image-pipeline",
});
// ANCHOR_END: bindgen

pub use exports::example::image_processing::scheduler::TaskStatus;
pub use exports::example::image_processing::types::{Error, FilterOptions, Image, Size, Step};

/// An `error` a component returned, displayed with the WIT's case names
/// (`invalid-format: …`), so that messages read the same in every host.
#[derive(Debug)]
pub struct ComponentError(pub Error);

impl std::fmt::Display for ComponentError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.0 {
            Error::InvalidFormat(m) => write!(f, "invalid-format: {m}"),
            Error::ProcessingFailed(m) => write!(f, "processing-failed: {m}"),
            Error::OutOfMemory => f.write_str("out-of-memory"),
        }
    }
}

impl std::error::Error for ComponentError {}

/// The steps `text` names (the CLI's `--op`: `grayscale`, `blur`,
/// `apply-filter`, `resize:WxH`, joined by `|`), with `options` for `blur`
/// and `apply-filter`. Text that is not a step list is the `invalid-format`
/// error that 1.0's scheduler gave for it, so a typo still reads and exits
/// the same way; only now it is refused before any image is decoded.
pub fn parse_steps(text: &str, options: FilterOptions) -> Result<Vec<Step>, ComponentError> {
    let steps = step_text::parse(text, options.into())
        .map_err(|e| ComponentError(Error::InvalidFormat(e.0)))?;
    Ok(steps.into_iter().map(Step::from).collect())
}

// `From` both ways between step-text's steps and these bindings' (the
// one set of arms every crate that binds the WIT shares, in step-text).
step_text::bindings_conversions!(exports::example::image_processing::types);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_display_with_wit_case_names() {
        let shown = |e| ComponentError(e).to_string();
        assert_eq!(
            shown(Error::InvalidFormat("bad".into())),
            "invalid-format: bad"
        );
        assert_eq!(
            shown(Error::ProcessingFailed("oops".into())),
            "processing-failed: oops"
        );
        assert_eq!(shown(Error::OutOfMemory), "out-of-memory");
    }

    #[test]
    fn operation_text_becomes_typed_steps_or_invalid_format() {
        let options = FilterOptions {
            brightness: Some(0.5),
            contrast: None,
            blur_radius: Some(2),
        };
        let steps = parse_steps("resize:4x3|blur|apply-filter|grayscale", options).unwrap();
        assert!(matches!(
            steps[..],
            [
                Step::Resize(Size {
                    width: 4,
                    height: 3
                }),
                Step::Blur(2),
                Step::Filter(FilterOptions {
                    brightness: Some(b),
                    contrast: None,
                    blur_radius: Some(2)
                }),
                Step::Grayscale,
            ] if (b - 0.5).abs() < f32::EPSILON
        ));
        let error = parse_steps("sharpen", options).unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("invalid-format: unknown operation \"sharpen\""),
            "{error}"
        );
    }
}
