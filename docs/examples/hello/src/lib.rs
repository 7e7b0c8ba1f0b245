//! Chapter 0's component: implements the `greeter` interface of `wit/hello.wit`.
// The component exists only for wasm32; natively this crate is empty, so the
// workspace's native builds and lints pass over it.
#![cfg(target_arch = "wasm32")]
// The code generate! writes rebuilds a Vec from a pointer and a length that
// is also its capacity (the canonical ABI allocated exactly that much).
#![allow(clippy::same_length_and_capacity)]

// ANCHOR: component
// Reads wit/hello.wit at compile time and generates the `Guest` trait for
// each exported interface, plus the `export!` macro that wires a type to it.
wit_bindgen::generate!({ path: "wit", world: "hello" });

use exports::docs::hello::greeter::Guest;

/// The type the world's exports are implemented on (it holds no state).
struct Hello;

impl Guest for Hello {
    fn greet(name: String) -> Result<String, String> {
        if name.is_empty() {
            return Err("a name is needed".to_string());
        }
        Ok(format!("Hello, {name}!"))
    }
}

// Exports the functions with the names and signatures the canonical ABI
// gives them, which `wasm-component-ld` then wraps into a component.
export!(Hello);
// ANCHOR_END: component
