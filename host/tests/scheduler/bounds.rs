//! The bounds: 256 pending tasks, 256 kept results, and ids that start at 1
//! and are never reused.

use crate::harness::{Error, Scheduler, Step, TaskStatus};

const MAX_PENDING: u64 = 256;
const MAX_FINISHED: u64 = 256;

#[test]
fn the_257th_pending_task_fails_at_once_with_out_of_memory() {
    let mut s = Scheduler::new();
    for id in 1..=MAX_PENDING {
        assert_eq!(s.submit(&[Step::Grayscale]), id);
    }
    assert_eq!(s.status(MAX_PENDING), Some(TaskStatus::Pending));

    let over = s.submit(&[Step::Grayscale]);

    assert_eq!(over, MAX_PENDING + 1);
    assert_eq!(s.status(over), Some(TaskStatus::Failed));
    assert_eq!(s.get_result(over), Some(Err(Error::OutOfMemory)));
    assert_eq!(
        s.run_pending(u32::MAX),
        MAX_PENDING as u32,
        "the others run"
    );
    assert!(s.ops().calls.len() as u64 == MAX_PENDING);

    // With the queue drained there is room again.
    let next = s.submit(&[Step::Grayscale]);
    assert_eq!(s.status(next), Some(TaskStatus::Pending));
}

#[test]
fn beyond_256_unfetched_results_the_oldest_is_forgotten() {
    let mut s = Scheduler::new();
    for _ in 0..=MAX_FINISHED {
        s.submit(&[Step::Grayscale]);
        s.run_pending(1);
    }
    let (oldest, second, newest) = (1, 2, MAX_FINISHED + 1);

    assert_eq!(s.status(oldest), None, "forgotten");
    assert_eq!(s.get_result(oldest), None);
    assert_eq!(s.status(second), Some(TaskStatus::Completed));
    assert!(s.get_result(newest).unwrap().is_ok());
    assert!(s.get_result(second).unwrap().is_ok());
}

#[test]
fn cancelled_and_rejected_tasks_count_as_finished_results_too() {
    let mut s = Scheduler::new();
    let cancelled = s.submit(&[Step::Grayscale]);
    assert!(s.cancel(cancelled));
    for _ in 0..MAX_FINISHED {
        s.submit(&[Step::Grayscale]);
        s.run_pending(1);
    }

    assert_eq!(s.status(cancelled), None, "the oldest finished result");
}

#[test]
fn ids_start_at_1_and_are_never_reused() {
    let mut s = Scheduler::new();
    let first: Vec<u64> = (0..3).map(|_| s.submit(&[Step::Grayscale])).collect();
    assert_eq!(first, [1, 2, 3]);

    // Forget every one of them, each in its own way.
    assert!(s.cancel(1));
    s.get_result(1);
    s.run_pending(10);
    s.get_result(2);
    s.get_result(3);

    let later: Vec<u64> = (0..3).map(|_| s.submit(&[Step::Grayscale])).collect();
    assert_eq!(later, [4, 5, 6]);
    for old in first {
        assert_eq!(s.status(old), None, "id {old} stays unknown");
    }
}

#[test]
fn each_instance_counts_its_own_ids() {
    let mut a = Scheduler::new();
    let mut b = Scheduler::new();
    a.submit(&[Step::Grayscale]);
    a.submit(&[Step::Grayscale]);
    assert_eq!(b.submit(&[Step::Grayscale]), 1);
}
