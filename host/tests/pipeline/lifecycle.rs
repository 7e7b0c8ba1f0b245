//! Task lifecycles with the real image-ops.

use image_pipeline_host::bindings::{Error, Image, Size, Step, TaskStatus};
use image_pipeline_host::pipeline::is_component_error;

use crate::common::gradient;
use crate::pipeline;

/// BT.601 luma as `image-ops.grayscale` defines it, in integers.
fn luma(rgb: &[u8]) -> u8 {
    let [r, g, b] = [rgb[0], rgb[1], rgb[2]].map(u32::from);
    ((19595 * r + 38470 * g + 7471 * b + 32768) >> 16) as u8
}

#[test]
fn a_grayscale_task_completes_with_the_real_image_ops_result() {
    let mut p = pipeline();
    let image = gradient(9, 5, 3);
    let id = p.submit(&image, &[Step::Grayscale]).unwrap();
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
    assert_eq!(p.live_handles(), 0, "the result frame was consumed");
}

#[test]
fn an_invalid_image_is_refused_by_from_image_before_any_task_exists() {
    let mut p = pipeline();
    let broken = Image {
        width: 4,
        height: 4,
        channels: 3,
        data: vec![0; 5], // not 4 × 4 × 3
    };
    // 1.0 failed the task when it ran; 2.0's frame.from-image checks first.
    let error = p.submit(&broken, &[Step::Grayscale]).unwrap_err();
    assert!(is_component_error(&error), "{error:#}");
    assert!(error.to_string().starts_with("invalid-format"), "{error:#}");
    assert_eq!(p.live_handles(), 0);
    // The instance is fine, and no id was used up.
    assert_eq!(p.submit(&gradient(2, 2, 3), &[Step::Grayscale]).unwrap(), 1);
}

#[test]
fn a_bad_step_fails_the_task_with_image_ops_invalid_format() {
    let mut p = pipeline();
    let id = p
        .submit(&gradient(4, 4, 3), &[Step::Blur(100_000)])
        .unwrap();
    p.run_pending(1).unwrap();

    assert_eq!(p.status(id).unwrap(), Some(TaskStatus::Failed));
    let error = p.get_result(id).unwrap().unwrap().unwrap_err();
    assert!(matches!(error.0, Error::InvalidFormat(_)), "{error}");
    assert!(error.to_string().contains("step 0: "), "{error}");
    let err = p
        .run_task(&gradient(4, 4, 3), &[Step::Blur(100_000)])
        .unwrap_err();
    assert!(is_component_error(&err), "{err:#}");
    assert!(p.run_task(&gradient(2, 2, 3), &[Step::Grayscale]).is_ok());
    assert_eq!(p.live_handles(), 0);
}

#[test]
fn a_task_dropped_before_submit_drops_its_frame_and_the_instance_carries_on() {
    let mut p = pipeline();
    let task = p
        .create_task(&gradient(4, 4, 3), &[Step::Grayscale])
        .unwrap();
    assert_eq!(p.live_handles(), 1, "the task (its frame moved into it)");
    p.drop_task(task).unwrap();
    assert_eq!(p.live_handles(), 0);
    assert_eq!(p.submit(&gradient(2, 2, 3), &[Step::Grayscale]).unwrap(), 1);
}

#[test]
fn no_steps_return_the_input_unchanged() {
    let mut p = pipeline();
    let image = gradient(5, 3, 4);
    let out = p.run_task(&image, &[]).unwrap();
    assert_eq!((out.width, out.height, out.channels), (5, 3, 4));
    assert_eq!(out.data, image.data);
}

#[test]
fn a_cancelled_task_reports_its_cancellation_and_unknown_ids_nothing() {
    let mut p = pipeline();
    let id = p.submit(&gradient(4, 4, 3), &[Step::Blur(1)]).unwrap();

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
    assert_eq!(p.live_handles(), 0);
}

#[test]
fn a_chain_runs_resize_then_grayscale() {
    let mut p = pipeline();
    let out = p
        .run_task(
            &gradient(64, 48, 4),
            &[
                Step::Resize(Size {
                    width: 16,
                    height: 12,
                }),
                Step::Grayscale,
            ],
        )
        .unwrap();
    // resize keeps the 4 channels; grayscale discards alpha.
    assert_eq!((out.width, out.height, out.channels), (16, 12, 1));
}
