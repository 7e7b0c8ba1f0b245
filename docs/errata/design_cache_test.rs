//! Tests the design's result cache (§4.4), included verbatim from
//! design-cache.rs: `process_cached(img)` keys its cache by
//! `compute_hash(&img.data)` alone, so two requests for different
//! operations on the same image share one entry, and the second gets the
//! first one's result.
//!
//! `rustc --edition 2021 --test -A warnings -o build/docs/design-cache docs/errata/design_cache_test.rs`

use std::cell::Cell;
use std::collections::HashMap;
use std::hash::Hash;

/// The design's `image` record, as its bindings would generate it.
#[derive(Clone, Debug, PartialEq)]
pub struct Image {
    pub data: Vec<u8>,
}

#[derive(Debug)]
pub enum Error {}

/// What the design's `lru::LruCache` gives `process_cached`: `get` and
/// `put` by key (eviction plays no part here).
pub struct LruCache<K, V>(HashMap<K, V>);

impl<K: Hash + Eq, V> LruCache<K, V> {
    pub fn new(_capacity: std::num::NonZeroUsize) -> Self {
        Self(HashMap::new())
    }
    pub fn get(&mut self, key: &K) -> Option<&V> {
        self.0.get(key)
    }
    pub fn put(&mut self, key: K, value: V) {
        self.0.insert(key, value);
    }
}

/// What the design's `lazy_static!` does: a static made on first use.
macro_rules! lazy_static {
    (static ref $name:ident: $t:ty = $init:expr;) => {
        static $name: std::sync::LazyLock<$t> = std::sync::LazyLock::new(|| $init);
    };
}

/// An operation a request may ask for.
#[derive(Clone, Copy)]
enum Operation {
    Invert,
    Halve,
}

thread_local! {
    /// The operation of the request being served. The design's
    /// `process_image(img)` takes no operation: it can only come from
    /// around it, which is the fault.
    static OPERATION: Cell<Operation> = const { Cell::new(Operation::Invert) };
}

fn process_image(img: &Image) -> Result<Image, Error> {
    let op = OPERATION.with(Cell::get);
    let data = img.data.iter().map(|&p| match op {
        Operation::Invert => 255 - p,
        Operation::Halve => p / 2,
    });
    Ok(Image {
        data: data.collect(),
    })
}

include!("design-cache.rs");

#[test]
fn a_second_operation_on_the_same_image_gets_its_own_result() {
    let img = Image {
        data: vec![100, 200],
    };
    OPERATION.with(|op| op.set(Operation::Invert));
    let inverted = process_cached(&img).unwrap();
    assert_eq!(inverted.data, [155, 55]);
    OPERATION.with(|op| op.set(Operation::Halve));
    let halved = process_cached(&img).unwrap();
    assert_eq!(
        halved.data,
        [50, 100],
        "the halve request got the invert request's result"
    );
}
