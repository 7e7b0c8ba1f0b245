//! Retries: processing-failed is tried again, up to 3 attempts in all; any
//! other error is final at once.

use crate::harness::{processing_failed, resize, Error, Scheduler, Step, TaskStatus};

#[test]
fn failing_twice_with_processing_failed_then_succeeding_completes() {
    let mut s = Scheduler::new();
    s.ops()
        .script
        .extend([processing_failed("flaky"), processing_failed("flaky")]);
    let id = s.submit(&[Step::Grayscale]);

    assert_eq!(s.run_pending(1), 1, "retries happen inside one run");

    assert_eq!(s.status(id), Some(TaskStatus::Completed));
    assert!(s.get_result(id).unwrap().is_ok());
    assert_eq!(s.ops().calls, ["grayscale"; 3]);
    let retries = s
        .ops()
        .messages()
        .iter()
        .filter(|m| m.contains("trying again"))
        .count();
    assert_eq!(retries, 2, "each retry is logged");
}

#[test]
fn failing_three_times_fails_with_that_error_after_exactly_three_calls() {
    let mut s = Scheduler::new();
    s.ops().script.extend([
        processing_failed("first"),
        processing_failed("second"),
        processing_failed("third"),
        processing_failed("a fourth call would get this"),
    ]);
    let id = s.submit(&[Step::Grayscale]);

    s.run_pending(1);

    assert_eq!(s.status(id), Some(TaskStatus::Failed));
    assert_eq!(
        s.get_result(id),
        Some(Err(Error::ProcessingFailed("third".into()))),
        "the last attempt's error"
    );
    assert_eq!(s.ops().calls.len(), 3);
    assert_eq!(s.ops().script.len(), 1, "no fourth attempt");
}

#[test]
fn a_retry_that_fails_with_another_error_stops_there() {
    let mut s = Scheduler::new();
    let input_error = Error::InvalidFormat("now it is the input".into());
    s.ops()
        .script
        .extend([processing_failed("flaky"), Err(input_error.clone())]);
    let id = s.submit(&[Step::Grayscale]);

    s.run_pending(1);

    assert_eq!(s.get_result(id), Some(Err(input_error)));
    assert_eq!(s.ops().calls.len(), 2);
}

#[test]
fn a_retry_applies_the_whole_chain_again_to_the_same_input_frame() {
    let mut s = Scheduler::new();
    s.ops().script.push_back(processing_failed("flaky"));
    let id = s.submit(&[resize(4, 3), Step::Grayscale]);

    s.run_pending(1);

    let image = s.get_result(id).unwrap().unwrap();
    assert_eq!((image.width, image.height, image.channels), (4, 3, 1));
    assert_eq!(s.ops().calls, ["resize:4x3|grayscale"; 2]);
    // Both attempts borrowed the one input the task owns: no copy of it.
    let borrowed = s.ops().borrowed.clone();
    assert_eq!(borrowed.len(), 2);
    assert_eq!(borrowed[0], borrowed[1], "the same frame");
    // And it was dropped once the task finished.
    assert_eq!(s.ops().dropped, [borrowed[0]]);
    assert_eq!(s.live_frames(), 0);
}

#[test]
fn retries_are_counted_per_task() {
    let mut s = Scheduler::new();
    // The first task's first two attempts fail; the second task runs once.
    s.ops()
        .script
        .extend([processing_failed("a"), processing_failed("b")]);
    let first = s.submit(&[Step::Grayscale]);
    let second = s.submit(&[resize(2, 2)]);

    assert_eq!(s.run_pending(10), 2);

    assert!(s.get_result(first).unwrap().is_ok());
    assert!(s.get_result(second).unwrap().is_ok());
    assert_eq!(
        s.ops().calls,
        ["grayscale", "grayscale", "grayscale", "resize:2x2"]
    );
}
