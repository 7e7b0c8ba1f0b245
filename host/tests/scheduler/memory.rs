//! Memory stays bounded however many tasks go through one instance: the
//! scheduler's linear memory (measured by the store's resource limiter: it
//! is the only memory in this store) and the host's resource table.

use crate::harness::{no_options, rgb, Scheduler};

/// Runs `tasks` 64×64 RGB grayscale tasks through `s`, each submitted, run
/// and fetched.
fn run_tasks(s: &mut Scheduler, tasks: usize) {
    let image = rgb(64, 64);
    for _ in 0..tasks {
        let id = s.submit_with(&image, "grayscale", no_options());
        assert_eq!(s.run_pending(1), 1);
        assert!(s.get_result(id).unwrap().is_ok());
    }
}

/// Asserts that `after` is within 10% of `baseline` (bytes).
fn assert_within_10_percent(baseline: usize, after: usize, what: &str) {
    eprintln!("{what}: {baseline} bytes after the first 100 tasks, {after} after all");
    assert!(
        after as f64 <= baseline as f64 * 1.10,
        "{what}: linear memory grew from {baseline} to {after} bytes"
    );
}

#[test]
fn ten_thousand_tasks_keep_memory_within_10_percent_of_the_first_hundred() {
    let mut s = Scheduler::new();
    run_tasks(&mut s, 100);
    let baseline = s.store.data().memory.bytes();
    let resources = s.host_resources();

    run_tasks(&mut s, 9_900);

    assert_within_10_percent(baseline, s.store.data().memory.bytes(), "submitted tasks");
    assert_eq!(s.host_resources(), resources, "host resource table");
    assert_eq!(s.ops().calls.len(), 10_000);
}

#[test]
fn tasks_dropped_without_being_submitted_leave_nothing_behind_either() {
    let mut s = Scheduler::new();
    let image = rgb(64, 64);
    let create_and_drop = |s: &mut Scheduler, n: usize| {
        for _ in 0..n {
            let task = s.create_task(&image, "grayscale", no_options());
            task.resource_drop(&mut s.store).unwrap();
        }
    };
    create_and_drop(&mut s, 100);
    let baseline = s.store.data().memory.bytes();

    create_and_drop(&mut s, 9_900);

    assert_within_10_percent(baseline, s.store.data().memory.bytes(), "dropped tasks");
}
