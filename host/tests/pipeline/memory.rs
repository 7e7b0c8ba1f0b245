//! Memory stays bounded through the composition too: every linear memory in
//! the store (image-ops', the codec's and the scheduler's), and the host's
//! resource table.

use image_pipeline_host::bindings::FilterOptions;

use crate::common::gradient;
use crate::pipeline;

#[test]
fn ten_thousand_tasks_keep_memory_within_10_percent_of_the_first_hundred() {
    let mut p = pipeline();
    let image = gradient(64, 64, 3);
    let options = FilterOptions {
        brightness: None,
        contrast: None,
        blur_radius: None,
    };
    let run = |p: &mut image_pipeline_host::pipeline::Pipeline, n: usize| {
        for _ in 0..n {
            let gray = p.run_task(&image, "grayscale", options).unwrap();
            assert_eq!(gray.channels, 1);
        }
    };
    run(&mut p, 100);
    let baseline = p.host_state().memory().bytes();
    let resources = p.host_state().host_resources();

    run(&mut p, 9_900);

    let after = p.host_state().memory().bytes();
    eprintln!("composed pipeline: {baseline} bytes after the first 100 tasks, {after} after all");
    assert!(
        after as f64 <= baseline as f64 * 1.10,
        "linear memory grew from {baseline} to {after} bytes"
    );
    assert_eq!(
        p.host_state().host_resources(),
        resources,
        "host resource table"
    );
}
