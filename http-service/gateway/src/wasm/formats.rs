//! The codec's formats, asked once an instance (they cannot change while it
//! lives): what content negotiation, `/health` and the fetch's `Accept`
//! header are made from.

use std::sync::OnceLock;

use super::bindings::example::image_processing::codec;
use crate::negotiate::FileFormat;

/// The codec's `supported-formats`, in its order.
pub fn formats() -> &'static [FileFormat] {
    static FORMATS: OnceLock<Vec<FileFormat>> = OnceLock::new();
    FORMATS.get_or_init(|| {
        codec::supported_formats()
            .into_iter()
            .map(|f| FileFormat {
                name: f.name,
                extensions: f.extensions,
                media_type: f.media_type,
            })
            .collect()
    })
}
