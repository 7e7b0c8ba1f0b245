//! The memory limit and the deadline on the release pipeline: typed errors,
//! in time, and the instance usable after.

use std::time::{Duration, Instant};

use image_pipeline_host::bindings::{ComponentError, Error, Step};
use image_pipeline_host::limits::find_fault;
use image_pipeline_host::limits::{Fault, Limits};

use crate::common::gradient;
use crate::pipeline_with;

#[test]
fn a_decode_over_the_memory_limit_is_the_codecs_out_of_memory() {
    // 3000 × 3000 RGB is 27 MB decoded, over the limit on its own; the
    // PNG is small.
    let png = pipeline_with(Limits::default())
        .encode(&gradient(3000, 3000, 3), "png")
        .unwrap();
    let mut p = pipeline_with(Limits {
        max_memory: 24 << 20,
        ..Limits::default()
    });
    let refused_before = p.host_state().memory().refused();
    let error = p
        .decode(&png)
        .map(drop)
        .expect_err("decoded 27 MB within a 24 MiB limit");
    // The codec saw malloc fail and said so: a WIT error, not a trap.
    let component = error
        .downcast_ref::<ComponentError>()
        .unwrap_or_else(|| panic!("not the codec's error: {error:#}"));
    assert!(matches!(component.0, Error::OutOfMemory), "{component}");
    assert!(p.host_state().memory().refused() > refused_before);
    assert!(p.host_state().memory().bytes() <= 24 << 20);
    // The same instance carries on.
    assert_eq!(p.restarts(), 0);
    let small = p.encode(&gradient(4, 4, 3), "png").unwrap();
    assert_eq!(p.decode(&small).unwrap().width, 4);
}

#[test]
fn a_call_past_its_deadline_fails_within_100_ms_of_it() {
    let budget = Duration::from_millis(200);
    let mut p = pipeline_with(Limits {
        max_cpu_time: budget,
        ..Limits::default()
    });
    let big = gradient(2000, 2000, 3);
    p.submit(&big, &[Step::Blur(200)]).unwrap();
    let started = Instant::now();
    let error = p.run_pending(1).unwrap_err();
    let took = started.elapsed();
    assert_eq!(
        find_fault(&error),
        Some(&Fault::DeadlineExceeded(budget)),
        "{error:#}"
    );
    assert_eq!(error.to_string(), "deadline exceeded after 200ms");
    assert!(took <= budget + Duration::from_millis(100), "{took:?}");
    // Recovered.
    assert!(p.run_task(&gradient(4, 4, 3), &[Step::Grayscale]).is_ok());
    assert_eq!(p.restarts(), 1);
}

#[test]
fn an_instance_that_cannot_even_start_under_the_limit_says_so() {
    let runtime = image_pipeline_host::engine::Runtime::with_limits(
        &crate::common::pipeline_component(),
        image_pipeline_host::logging::LogLevel::Off,
        Limits {
            max_memory: 1 << 20,
            ..Limits::default()
        },
    )
    .unwrap();
    let error = image_pipeline_host::pipeline::Pipeline::new(&runtime)
        .err()
        .expect("1 MiB is below what the composition needs to start");
    assert!(
        matches!(find_fault(&error), Some(Fault::MemoryLimit(_))),
        "{error:#}"
    );
}
