//! The caller of the boundary benchmark: loops of calls to the imported
//! `sink`, so that the host times guest-to-guest crossings with one call of
//! its own per loop (`bench/README.md`).

// The generated glue builds its lists with `Vec::from_raw_parts(p, n, n)`.
#![allow(clippy::same_length_and_capacity)]

wit_bindgen::generate!({
    path: "../wit",
    world: "caller",
});

use bench::boundary::sink;
use exports::bench::boundary::driver::Guest;
use std::cell::RefCell;
use std::hint::black_box;

struct Caller;

thread_local! {
    /// The cells the caller holds between `call-construct`, `call-derive`
    /// and `drop-cells`: owned handles, each dropped (a call into the
    /// callee) when removed from here.
    static KEPT: RefCell<Vec<sink::Cell>> = const { RefCell::new(Vec::new()) };
}

impl Guest for Caller {
    fn call_nothing(times: u32) {
        for _ in 0..times {
            sink::nothing();
        }
    }

    fn call_take(len: u32, times: u32) {
        // The import borrows the slice: the caller copies nothing itself.
        let data = vec![7u8; len as usize];
        for _ in 0..times {
            black_box(sink::take(&data));
        }
    }

    fn call_give(len: u32, times: u32) {
        for _ in 0..times {
            drop(black_box(sink::give(len)));
        }
    }

    fn call_take_wide(len: u32, times: u32) {
        let data = vec![7u64; len as usize];
        for _ in 0..times {
            black_box(sink::take_wide(&data));
        }
    }

    fn call_give_wide(len: u32, times: u32) {
        for _ in 0..times {
            drop(black_box(sink::give_wide(len)));
        }
    }

    fn call_construct(times: u32) {
        KEPT.with_borrow_mut(|kept| {
            kept.extend((0..times).map(sink::Cell::new));
        });
    }

    fn call_derive(times: u32) {
        KEPT.with_borrow_mut(|kept| {
            if kept.is_empty() {
                kept.push(sink::Cell::new(0));
            }
            for _ in 0..times {
                let derived = sink::derive(&kept[0]);
                kept.push(derived);
            }
        });
    }

    fn drop_cells() -> u32 {
        // Taken out first: each drop calls the callee.
        let kept = KEPT.take();
        let count = kept.len() as u32;
        drop(kept);
        count
    }
}

export!(Caller);
