//! Who owns which frame when (`wit/scheduler.wit`), against the real Go
//! scheduler: the fake image-ops' table shows every frame alive, and every
//! drop the scheduler makes (a drop of a handle it does not own would trap
//! and fail the test).

use crate::harness::{processing_failed, rgb, Error, Scheduler, Step};

/// Submits a task on a new frame; its id, and the frame's `rep` (its slot
/// in the fake's table, unique while it is alive).
fn submit_and_rep(s: &mut Scheduler, steps: &[Step]) -> (u64, u32) {
    let frame = s.frame(&rgb(8, 6));
    let rep = frame.rep();
    let task = s.create_task_on(frame, steps);
    (s.submit_task(task), rep)
}

#[test]
fn a_completed_task_drops_its_input_and_moves_its_result_to_the_caller() {
    let mut s = Scheduler::new();
    let (id, input) = submit_and_rep(&mut s, &[Step::Grayscale]);
    assert_eq!(s.live_frames(), 1, "the task holds its input");

    s.run_pending(1);

    assert_eq!(s.ops().dropped, [input], "the input, once, after the run");
    assert_eq!(s.live_frames(), 1, "the result, held for get-result");
    let result = s.get_result_frame(id).unwrap().unwrap();
    assert!(s.ops().dropped.len() == 1, "moved, not dropped");
    assert_eq!(s.ops().frames.get(&result).unwrap().0.channels, 1);
    s.ops().frames.delete(result).unwrap();
    assert_eq!(s.live_frames(), 0);
}

#[test]
fn a_failed_task_drops_its_input_and_has_no_frame() {
    let mut s = Scheduler::new();
    s.ops().script.extend([
        processing_failed("a"),
        processing_failed("b"),
        processing_failed("c"),
    ]);
    let (id, input) = submit_and_rep(&mut s, &[Step::Grayscale]);

    s.run_pending(1);

    assert_eq!(s.ops().borrowed, [input; 3], "every attempt on the input");
    assert_eq!(s.ops().dropped, [input]);
    assert_eq!(s.live_frames(), 0);
    assert!(s.get_result(id).unwrap().is_err());
}

#[test]
fn cancel_drops_the_input_at_once() {
    let mut s = Scheduler::new();
    let (id, input) = submit_and_rep(&mut s, &[Step::Grayscale]);

    assert!(s.cancel(id));

    assert_eq!(s.ops().dropped, [input]);
    assert_eq!(s.live_frames(), 0);
    assert!(s.ops().borrowed.is_empty(), "it never ran");
}

#[test]
fn a_task_dropped_unsubmitted_drops_its_input() {
    let mut s = Scheduler::new();
    let frame = s.frame(&rgb(4, 4));
    let input = frame.rep();
    let task = s.create_task_on(frame, &[Step::Grayscale]);

    task.resource_drop(&mut s.store).unwrap();

    assert_eq!(s.ops().dropped, [input]);
    assert_eq!(s.live_frames(), 0);
}

#[test]
fn a_task_refused_beyond_the_pending_bound_drops_its_input_at_once() {
    let mut s = Scheduler::new();
    for _ in 0..256 {
        s.submit(&[Step::Grayscale]);
    }
    let (over, input) = submit_and_rep(&mut s, &[Step::Grayscale]);

    assert_eq!(s.get_result(over), Some(Err(Error::OutOfMemory)));
    assert_eq!(s.ops().dropped, [input]);
    assert_eq!(s.live_frames(), 256, "the pending tasks' inputs");
}

#[test]
fn a_forgotten_result_is_dropped_and_every_frame_exactly_once() {
    let mut s = Scheduler::new();
    for _ in 0..=256 {
        s.submit(&[Step::Grayscale]);
        s.run_pending(1);
    }
    // 257 inputs dropped after their runs, and the oldest result forgotten.
    assert_eq!(s.ops().dropped.len(), 258);
    // A second drop of one frame would have trapped (the table refuses
    // it), so 258 drops are 258 frames.
    assert_eq!(s.live_frames(), 256, "the results still kept");

    for id in 2..=257 {
        assert!(s.get_result(id).unwrap().is_ok());
    }
    assert_eq!(s.live_frames(), 0);
}
