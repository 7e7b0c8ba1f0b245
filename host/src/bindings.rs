//! Typed bindings for the `image-pipeline` world, generated from `wit/` at
//! compile time, and the host's view of the world's `error` variant.

// ANCHOR: bindgen
wasmtime::component::bindgen!({
    path: "../wit",
    world: "image-pipeline",
});
// ANCHOR_END: bindgen

pub use exports::example::image_processing::scheduler::TaskStatus;
pub use exports::example::image_processing::types::{Error, FilterOptions, Image};

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
}
