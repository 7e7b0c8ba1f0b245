//! Task lifecycles with the real image-ops.

use image_pipeline_host::bindings::{Error, FilterOptions, Image, TaskStatus};
use image_pipeline_host::pipeline::is_component_error;

use crate::common::gradient;
use crate::pipeline;

fn no_options() -> FilterOptions {
    FilterOptions {
        brightness: None,
        contrast: None,
        blur_radius: None,
    }
}

/// BT.601 luma as `image-ops.grayscale` defines it, in integers.
fn luma(rgb: &[u8]) -> u8 {
    let [r, g, b] = [rgb[0], rgb[1], rgb[2]].map(u32::from);
    ((19595 * r + 38470 * g + 7471 * b + 32768) >> 16) as u8
}

#[test]
fn a_grayscale_task_completes_with_the_real_image_ops_result() {
    let mut p = pipeline();
    let image = gradient(9, 5, 3);
    let id = p.submit(&image, "grayscale", no_options()).unwrap();
    assert_eq!(p.status(id).unwrap(), Some(TaskStatus::Pending));
    assert!(p.get_result(id).unwrap().is_none());

    assert_eq!(p.run_pending(1).unwrap(), 1);

    assert_eq!(p.status(id).unwrap(), Some(TaskStatus::Completed));
    let gray = p.get_result(id).unwrap().unwrap().unwrap();
    assert_eq!((gray.width, gray.height, gray.channels), (9, 5, 1));
    let expected: Vec<u8> = image.data.chunks(3).map(luma).collect();
    assert_eq!(gray.data, expected);
    assert!(p.get_result(id).unwrap().is_none(), "forgotten");
    assert_eq!(p.status(id).unwrap(), None);
}

#[test]
fn an_invalid_image_fails_with_invalid_format() {
    let mut p = pipeline();
    let broken = Image {
        width: 4,
        height: 4,
        channels: 3,
        data: vec![0; 5], // not 4 × 4 × 3
    };
    let id = p.submit(&broken, "grayscale", no_options()).unwrap();
    p.run_pending(1).unwrap();

    assert_eq!(p.status(id).unwrap(), Some(TaskStatus::Failed));
    let error = p.get_result(id).unwrap().unwrap().unwrap_err();
    assert!(matches!(error.0, Error::InvalidFormat(_)), "{error}");
    // run_task reports it as a component error: the instance is fine.
    let err = p.run_task(&broken, "grayscale", no_options()).unwrap_err();
    assert!(is_component_error(&err), "{err:#}");
    assert!(p
        .run_task(&gradient(2, 2, 3), "grayscale", no_options())
        .is_ok());
}

#[test]
fn a_cancelled_task_reports_its_cancellation_and_unknown_ids_nothing() {
    let mut p = pipeline();
    let id = p
        .submit(
            &gradient(4, 4, 3),
            "blur",
            FilterOptions {
                blur_radius: Some(1),
                ..no_options()
            },
        )
        .unwrap();

    assert!(p.cancel(id).unwrap());
    assert!(!p.cancel(id).unwrap());
    assert_eq!(p.status(id).unwrap(), Some(TaskStatus::Cancelled));
    assert_eq!(p.run_pending(10).unwrap(), 0);
    let error = p.get_result(id).unwrap().unwrap().unwrap_err();
    assert_eq!(
        error.to_string(),
        format!("processing-failed: task {id} was cancelled")
    );
    assert!(p.get_result(99).unwrap().is_none());
    assert_eq!(p.status(99).unwrap(), None);
}

#[test]
fn a_chain_runs_resize_then_grayscale() {
    let mut p = pipeline();
    let out = p
        .run_task(&gradient(64, 48, 4), "resize:16x12|grayscale", no_options())
        .unwrap();
    // resize keeps the 4 channels; grayscale discards alpha.
    assert_eq!((out.width, out.height, out.channels), (16, 12, 1));
}
