//! One module per world: its bindings (`bindgen!` from wit/), the
//! conversions between them and the runner's types, and the target that
//! compiles the component once and instantiates it for every vector.

pub mod codec;
mod convert;
pub mod image_ops;
pub mod pipeline;
pub mod scheduler;
