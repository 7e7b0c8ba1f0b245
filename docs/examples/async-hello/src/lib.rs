//! Chapter 5's experiment: `greeter` of `wit/async-hello.wit`, async.
// The component exists only for wasm32; natively this crate is empty.
#![cfg(target_arch = "wasm32")]
// The code generate! writes rebuilds a Vec from a pointer and a length that
// is also its capacity (the canonical ABI allocated exactly that much).
#![allow(clippy::same_length_and_capacity)]

// ANCHOR: component
wit_bindgen::generate!({ path: "wit", world: "async-hello" });

use exports::docs::async_hello::greeter::Guest;
use wit_bindgen::StreamReader;

struct AsyncHello;

impl Guest for AsyncHello {
    async fn greet(name: String) -> String {
        format!("Hello, {name}!")
    }

    async fn count(n: u32) -> StreamReader<u32> {
        let (mut tx, rx) = wit_stream::new();
        // The writer runs as its own task inside the component, after
        // `count` has returned the reading end.
        wit_bindgen::spawn_local(async move {
            for i in 1..=n {
                if tx.write_one(i).await.is_some() {
                    break; // the reader dropped its end
                }
            }
        });
        rx
    }
}

export!(AsyncHello);
// ANCHOR_END: component
