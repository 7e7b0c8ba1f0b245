//! The callee of the boundary benchmark: each function does as little as it
//! can besides receiving or returning its data, so that timing it times the
//! crossing (`bench/README.md`).

// The generated glue builds its lists with `Vec::from_raw_parts(p, n, n)`.
#![allow(clippy::same_length_and_capacity)]

wit_bindgen::generate!({
    path: "../wit",
    world: "callee",
});

use exports::bench::boundary::sink::{Cell, CellBorrow, Guest, GuestCell};

struct Callee;

/// A cell's representation: the number it was made with.
struct Value(u32);

impl GuestCell for Value {
    fn new(value: u32) -> Self {
        Self(value)
    }
}

impl Guest for Callee {
    type Cell = Value;

    fn derive(src: CellBorrow<'_>) -> Cell {
        Cell::new(Value(src.get::<Value>().0.wrapping_add(1)))
    }

    fn nothing() {}

    fn take(data: Vec<u8>) -> u32 {
        data.len() as u32
    }

    fn give(len: u32) -> Vec<u8> {
        vec![7; len as usize]
    }

    fn take_wide(data: Vec<u64>) -> u32 {
        data.len() as u32
    }

    fn give_wide(len: u32) -> Vec<u64> {
        vec![7; len as usize]
    }
}

export!(Callee);
