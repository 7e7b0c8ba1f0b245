//! Every lifecycle path of a task: completed, failed, cancelled, and what
//! `status`, `get-result` and `cancel` say along the way.

use crate::harness::{resize, rgb, Error, FilterOptions, Scheduler, Step, TaskStatus};

#[test]
fn a_completed_task_goes_pending_running_completed_then_is_forgotten() {
    let mut s = Scheduler::new();
    let id = s.submit(&[Step::Grayscale]);

    assert_eq!(id, 1);
    assert_eq!(s.status(id), Some(TaskStatus::Pending));
    assert_eq!(s.get_result(id), None, "no result while pending");
    assert!(s.ops().calls.is_empty(), "submit only queues");

    assert_eq!(s.run_pending(10), 1);
    assert_eq!(s.status(id), Some(TaskStatus::Completed));
    let image = s.get_result(id).expect("a result").expect("success");
    assert_eq!((image.width, image.height, image.channels), (8, 6, 1));
    assert_eq!(s.ops().calls, ["grayscale"]);

    assert_eq!(s.get_result(id), None, "a fetched result is forgotten");
    assert_eq!(s.status(id), None);
}

#[test]
fn every_state_change_is_logged_at_debug_with_context_scheduler() {
    let mut s = Scheduler::new();
    let id = s.submit(&[Step::Grayscale]);
    s.run_pending(1);
    s.get_result(id);

    let ops = s.ops();
    assert!(ops.logs.iter().all(
        |(level, context, _)| *level == crate::harness::Level::Debug && context == "scheduler"
    ));
    // `running` is only visible from inside run-pending: the log shows it.
    assert_eq!(
        ops.messages(),
        [
            "task 1 pending",
            "task 1 pending -> running",
            "task 1 running -> completed",
            "task 1 result returned; task forgotten",
        ]
    );
}

#[test]
fn invalid_format_fails_the_task_at_once_without_retry() {
    let mut s = Scheduler::new();
    s.ops()
        .script
        .push_back(Err(Error::InvalidFormat("bad image".into())));
    let id = s.submit(&[Step::Grayscale]);

    s.run_pending(1);

    assert_eq!(s.status(id), Some(TaskStatus::Failed));
    assert_eq!(
        s.get_result(id),
        Some(Err(Error::InvalidFormat("bad image".into())))
    );
    assert_eq!(s.ops().calls.len(), 1, "invalid-format is final");
}

#[test]
fn out_of_memory_from_image_ops_is_not_retried_either() {
    let mut s = Scheduler::new();
    s.ops().script.push_back(Err(Error::OutOfMemory));
    let id = s.submit(&[Step::Grayscale]);

    s.run_pending(1);

    assert_eq!(s.get_result(id), Some(Err(Error::OutOfMemory)));
    assert_eq!(s.ops().calls.len(), 1);
}

#[test]
fn the_steps_reach_apply_unchanged_in_one_call() {
    let mut s = Scheduler::new();
    let options = FilterOptions {
        brightness: Some(0.5),
        contrast: Some(-10.0),
        blur_radius: Some(3),
    };
    let steps = [
        resize(4, 3),
        Step::Blur(3),
        Step::Filter(options),
        Step::Grayscale,
    ];
    let id = s.submit_with(&rgb(8, 6), &steps);

    s.run_pending(1);

    let image = s.get_result(id).unwrap().unwrap();
    assert_eq!((image.width, image.height, image.channels), (4, 3, 1));
    assert_eq!(
        s.ops().calls,
        ["resize:4x3|blur(3)|apply-filter(brightness=0.5, contrast=-10, blur_radius=3)|grayscale"]
    );
}

#[test]
fn no_steps_are_one_apply_of_none() {
    let mut s = Scheduler::new();
    let id = s.submit(&[]);
    s.run_pending(1);
    let image = s.get_result(id).unwrap().unwrap();
    assert_eq!((image.width, image.height, image.channels), (8, 6, 3));
    assert_eq!(s.ops().calls, [""]);
}

#[test]
fn run_pending_runs_at_most_max_tasks_oldest_first() {
    let mut s = Scheduler::new();
    let ids: Vec<u64> = (1..=3).map(|n| s.submit(&[resize(n, n)])).collect();

    assert_eq!(s.run_pending(2), 2);
    assert_eq!(s.ops().calls, ["resize:1x1", "resize:2x2"]);
    let statuses: Vec<_> = ids.iter().map(|&id| s.status(id)).collect();
    assert_eq!(
        statuses,
        [
            Some(TaskStatus::Completed),
            Some(TaskStatus::Completed),
            Some(TaskStatus::Pending)
        ]
    );

    assert_eq!(s.run_pending(0), 0);
    assert_eq!(s.run_pending(5), 1);
    assert_eq!(s.run_pending(5), 0, "nothing left");
}

#[test]
fn a_cancelled_task_never_runs_and_its_result_says_so() {
    let mut s = Scheduler::new();
    let id = s.submit(&[Step::Grayscale]);

    assert!(s.cancel(id), "a pending task can be cancelled");
    assert_eq!(s.status(id), Some(TaskStatus::Cancelled));
    assert_eq!(s.run_pending(10), 0);
    assert!(s.ops().calls.is_empty());
    assert_eq!(
        s.get_result(id),
        Some(Err(Error::ProcessingFailed(format!(
            "task {id} was cancelled"
        ))))
    );
    assert_eq!(s.status(id), None, "forgotten once fetched");
}

#[test]
fn cancel_is_false_once_the_task_ran_a_second_time_and_for_unknown_ids() {
    let mut s = Scheduler::new();
    let ran = s.submit(&[Step::Grayscale]);
    let twice = s.submit(&[Step::Grayscale]);
    assert!(s.cancel(twice));
    assert!(!s.cancel(twice), "already cancelled");

    s.run_pending(10);
    assert!(!s.cancel(ran), "run-pending ran it first");
    assert_eq!(s.status(ran), Some(TaskStatus::Completed));
    assert!(
        s.get_result(ran).unwrap().is_ok(),
        "cancel did not touch it"
    );

    assert!(!s.cancel(0));
    assert!(!s.cancel(99));
}

#[test]
fn unknown_ids_have_no_status_and_no_result() {
    let mut s = Scheduler::new();
    s.submit(&[Step::Grayscale]);
    for id in [0, 2, 99, u64::MAX] {
        assert_eq!(s.status(id), None, "id {id}");
        assert_eq!(s.get_result(id), None, "id {id}");
    }
}

#[test]
fn a_task_dropped_without_being_submitted_leaves_the_scheduler_usable() {
    let mut s = Scheduler::new();
    let task = s.create_task(&rgb(4, 4), &[Step::Grayscale]);
    task.resource_drop(&mut s.store).unwrap();

    let id = s.submit(&[Step::Grayscale]);
    assert_eq!(id, 1, "only submit makes an id");
    assert_eq!(s.run_pending(10), 1);
    assert!(s.get_result(id).unwrap().is_ok());
}
