//! The leak check: 10 000 tasks through the path `image-pipeline process`
//! takes (decode → frame → task → run → result frame → image → encode), on
//! one instance, leave nothing behind. Each task's input frame, task and
//! result frame are handles in image-ops' and the scheduler's tables and
//! pixels in image-ops' memory: a handle not dropped (or not moved on) shows
//! as memory that grows with the tasks, a task the scheduler still knows, or
//! a handle the host still counts.

use image_pipeline_host::bindings::{Size, Step};
use image_pipeline_host::pipeline::Pipeline;

use crate::common::gradient;
use crate::pipeline;

/// What must stay the same from the warm-up to the end.
#[derive(Debug, PartialEq)]
struct Footprint {
    /// Every linear memory of the store (image-ops', the codec's, the
    /// scheduler's, the adapters'), in bytes; they never shrink, so a leak
    /// of frames or tasks makes it grow.
    memory: usize,
    /// The host's resource table (WASI's).
    host_resources: usize,
    /// Handles the host holds.
    live_handles: usize,
}

/// Tasks before the first measurement.
const WARM_UP: usize = 5_000;

fn footprint(p: &mut Pipeline) -> Footprint {
    Footprint {
        memory: p.host_state().memory().bytes(),
        host_resources: p.host_state().host_resources(),
        live_handles: p.live_handles(),
    }
}

/// `n` times what `cli::process` does with one input file.
fn process(p: &mut Pipeline, png: &[u8], steps: &[Step], n: usize) -> Vec<u64> {
    let mut ids = Vec::with_capacity(n);
    for _ in 0..n {
        let image = p.decode(png).unwrap();
        let id = p.submit(&image, steps).unwrap();
        assert_eq!(p.run_pending(1).unwrap(), 1);
        let out = p.get_result(id).unwrap().unwrap().unwrap();
        assert_eq!(out.channels, 1);
        p.encode(&out, "png").unwrap();
        ids.push(id);
    }
    ids
}

#[test]
fn ten_thousand_processed_images_leave_memory_and_handle_tables_flat() {
    let mut p = pipeline();
    let png = p.encode(&gradient(64, 48, 3), "png").unwrap();
    let steps = [
        Step::Resize(Size {
            width: 32,
            height: 24,
        }),
        Step::Grayscale,
    ];
    // Go's heap grows to its steady size over the first ~3000 tasks (seen
    // at 1000-task checkpoints: 6.4, 7.2, 7.2, 7.6 MB, then 7.6 MB up to
    // 20 000), so the comparison starts after that.
    process(&mut p, &png, &steps, WARM_UP);
    let warm = footprint(&mut p);

    let ids = process(&mut p, &png, &steps, 10_000);

    let after = footprint(&mut p);
    eprintln!("process path: after the warm-up {warm:?}, after 10 000 more tasks {after:?}");
    assert_eq!(after.live_handles, 0, "handles left with the host");
    assert_eq!(after, warm, "memory or a table grew with the tasks");
    // The scheduler holds nothing of them: every result was fetched.
    for id in [ids[0], ids[ids.len() / 2], ids[ids.len() - 1]] {
        assert_eq!(p.status(id).unwrap(), None, "task {id} is still known");
        assert!(p.get_result(id).unwrap().is_none(), "task {id}");
    }
    assert_eq!(p.restarts(), 0);
}

#[test]
fn unsubmitted_cancelled_and_failed_tasks_leave_nothing_either() {
    let mut p = pipeline();
    let image = gradient(64, 48, 3);
    let round = |p: &mut Pipeline| {
        let task = p.create_task(&image, &[Step::Grayscale]).unwrap();
        p.drop_task(task).unwrap();
        let cancelled = p.submit(&image, &[Step::Grayscale]).unwrap();
        assert!(p.cancel(cancelled).unwrap());
        let failed = p.submit(&image, &[Step::Blur(100_000)]).unwrap();
        p.run_pending(1).unwrap();
        for id in [cancelled, failed] {
            assert!(p.get_result(id).unwrap().unwrap().is_err());
        }
    };
    for _ in 0..WARM_UP / 2 {
        round(&mut p);
    }
    let warm = footprint(&mut p);
    for _ in 0..3_000 {
        round(&mut p);
    }
    let after = footprint(&mut p);
    eprintln!(
        "dropped, cancelled, failed: after the warm-up {warm:?}, after 3000 more rounds {after:?}"
    );
    assert_eq!(after, warm, "memory or a table grew with the tasks");
}
