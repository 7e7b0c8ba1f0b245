//! Each trap kind of each language, injected through the composed
//! pipeline: the call fails with a typed fault, and the next call succeeds
//! in a fresh instance.

use std::time::Instant;

use image_pipeline_host::bindings::{FilterOptions, Step};
use image_pipeline_host::limits::find_fault;
use image_pipeline_host::limits::Fault;
use image_pipeline_host::pipeline::Pipeline;

use crate::common::gradient;
use crate::{trap_pipeline, TEST_LIMITS};

/// What kind of fault a trap must give.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Trap,
    Deadline,
    Memory,
}

fn kind(fault: &Fault) -> Kind {
    match fault {
        Fault::Trap(_) => Kind::Trap,
        Fault::DeadlineExceeded(_) => Kind::Deadline,
        Fault::MemoryLimit(_) => Kind::Memory,
    }
}

/// Asserts that `call` fails with a fault of kind `want` (within the
/// deadline + 100 ms for a deadline), then that the pipeline works again.
fn fails_then_recovers(
    what: &str,
    want: Kind,
    call: impl FnOnce(&mut Pipeline) -> anyhow::Result<()>,
) {
    let mut p = trap_pipeline();
    // Works before.
    p.run_task(&gradient(8, 8, 3), &[Step::Grayscale]).unwrap();
    let started = Instant::now();
    let error = call(&mut p).expect_err(what);
    let took = started.elapsed();
    let fault = find_fault(&error).unwrap_or_else(|| panic!("{what}: not a fault: {error:#}"));
    assert_eq!(kind(fault), want, "{what}: {fault}");
    assert!(
        !fault.to_string().contains('\n'),
        "{what}: one line: {fault}"
    );
    if want == Kind::Deadline {
        let limit = TEST_LIMITS.max_cpu_time + std::time::Duration::from_millis(100);
        assert!(took <= limit, "{what}: took {took:?}, over {limit:?}");
    }
    // Recovery: a fresh instance, whose scheduler and codec both work.
    let gray = p
        .run_task(&gradient(8, 8, 3), &[Step::Grayscale])
        .unwrap_or_else(|e| panic!("{what}: no recovery: {e:#}"));
    assert_eq!(gray.channels, 1);
    let png = p.encode(&gray, "png").unwrap();
    assert_eq!(p.decode(&png).unwrap().data, gray.data);
    assert_eq!(p.restarts(), 1, "{what}");
    assert_eq!(p.live_handles(), 0, "{what}");
}

fn filter(brightness: Option<f32>, contrast: Option<f32>) -> FilterOptions {
    FilterOptions {
        brightness,
        contrast,
        blur_radius: None,
    }
}

fn apply_filter(p: &mut Pipeline, options: FilterOptions) -> anyhow::Result<()> {
    p.run_task(&gradient(8, 8, 3), &[Step::Filter(options)])
        .map(drop)
}

#[test]
fn rust_traps_are_recovered_from() {
    for (code, what, want) in [
        (1001.0, "Rust panic", Kind::Trap),
        (1002.0, "Rust unreachable", Kind::Trap),
        (
            1003.0,
            "Rust out of memory (alloc error aborts)",
            Kind::Memory,
        ),
        (1004.0, "Rust infinite loop", Kind::Deadline),
        (1005.0, "Rust stack overflow", Kind::Trap),
    ] {
        fails_then_recovers(what, want, |p| apply_filter(p, filter(Some(code), None)));
    }
}

#[test]
fn go_traps_are_recovered_from() {
    for (code, what, want) in [
        (2001.0, "Go panic", Kind::Trap),
        (2002.0, "Go nil dereference", Kind::Trap),
        (2003.0, "Go out of memory (runtime throws)", Kind::Memory),
        (2004.0, "Go infinite loop", Kind::Deadline),
    ] {
        fails_then_recovers(what, want, |p| apply_filter(p, filter(None, Some(code))));
    }
}

#[test]
fn cpp_traps_are_recovered_from() {
    for (input, what, want) in [
        ("TRAP:abort", "C++ abort()", Kind::Trap),
        ("TRAP:trap", "C++ __builtin_trap()", Kind::Trap),
        (
            "TRAP:oom",
            "C++ out of memory (malloc fails, abort)",
            Kind::Memory,
        ),
        ("TRAP:loop", "C++ infinite loop", Kind::Deadline),
    ] {
        fails_then_recovers(what, want, |p| p.decode(input.as_bytes()).map(drop));
    }
}

#[test]
fn the_trap_builds_behave_like_the_release_ones_otherwise() {
    let mut p = trap_pipeline();
    // Not the magic values: ordinary errors, no fault.
    let error = apply_filter(&mut p, filter(Some(5.0), None)).unwrap_err();
    assert!(find_fault(&error).is_none(), "{error:#}");
    let error = p.decode(b"TRAP:nothing").unwrap_err();
    assert!(error.to_string().starts_with("invalid-format"), "{error:#}");
    assert_eq!(p.restarts(), 0);
}

#[test]
fn handles_of_a_trapped_instance_are_never_used_in_its_successor() {
    let mut p = trap_pipeline();
    let task = p
        .create_task(&gradient(8, 8, 3), &[Step::Grayscale])
        .unwrap();
    let other = p
        .create_task(&gradient(8, 8, 3), &[Step::Grayscale])
        .unwrap();
    assert_eq!(p.live_handles(), 2);

    // The codec traps: the instance, and the tasks with it, are gone.
    let error = p.decode(b"TRAP:abort").unwrap_err();
    assert!(find_fault(&error).is_some(), "{error:#}");
    assert_eq!(p.live_handles(), 0, "they died with the instance");

    // Dropping one is a no-op (not a drop into the fresh instance), and
    // submitting the other is an error, not a trap of the fresh instance.
    p.drop_task(task).unwrap();
    let gray = p.run_task(&gradient(8, 8, 3), &[Step::Grayscale]).unwrap();
    assert_eq!(p.restarts(), 1);
    let error = p.submit_task(other).unwrap_err();
    assert!(find_fault(&error).is_none(), "{error:#}");
    assert!(error.to_string().contains("trapped"), "{error:#}");
    assert_eq!(p.restarts(), 1, "the fresh instance is fine");
    assert_eq!(gray.channels, 1);
    assert_eq!(p.live_handles(), 0);
}
