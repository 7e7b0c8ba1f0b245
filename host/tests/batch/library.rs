//! `batch::run`: which files it takes, where results go, how failures are
//! reported.

use image_pipeline_host::batch::{self, Config, NoProgress, Operation};
use image_pipeline_host::bindings::{FilterOptions, Step};

use crate::common::scratch_dir;
use crate::{decoded_shape, runtime, write_image};

fn config(input: &std::path::Path, output: &std::path::Path, workers: usize) -> Config {
    Config {
        input_dir: input.to_owned(),
        output_dir: output.to_owned(),
        operation: Operation {
            name: "grayscale".into(),
            steps: vec![Step::Grayscale],
        },
        format: None,
        workers,
    }
}

#[test]
fn every_image_is_processed_under_its_own_name_and_failures_are_listed() {
    let dir = scratch_dir("batch-mixed");
    let (input, output) = (dir.join("in"), dir.join("out"));
    std::fs::create_dir(&input).unwrap();
    for i in 0..9 {
        write_image(&input, &format!("img{i}.png"), 40 + i, 30);
    }
    write_image(&input, "photo.JPG", 33, 17);
    std::fs::write(input.join("broken.png"), b"not a png").unwrap();
    std::fs::write(input.join("notes.txt"), b"ignored: not an image name").unwrap();

    let report = batch::run(runtime(), &config(&input, &output, 3), &NoProgress).unwrap();

    assert_eq!(report.images, 11, "the .txt file is not an image");
    assert_eq!(report.workers, 3);
    assert_eq!(report.failures.len(), 1, "{report}");
    assert_eq!(report.failures[0].file, "broken.png");
    assert!(
        report.failures[0]
            .error
            .starts_with("decode: invalid-format"),
        "{}",
        report.failures[0].error
    );
    for i in 0..9 {
        let out = output.join(format!("img{i}.png"));
        assert_eq!(decoded_shape(&out), (40 + i, 30, 1), "{}", out.display());
    }
    assert_eq!(decoded_shape(&output.join("photo.JPG")), (33, 17, 1));
    assert!(!output.join("broken.png").exists());
}

#[test]
fn a_failing_operation_fails_each_file_and_the_batch_carries_on() {
    let dir = scratch_dir("batch-op");
    let (input, output) = (dir.join("in"), dir.join("out"));
    std::fs::create_dir(&input).unwrap();
    write_image(&input, "a.png", 8, 8);
    write_image(&input, "b.png", 8, 8);
    let mut config = config(&input, &output, 2);
    // Text that parses, a radius that image-ops' apply refuses.
    let options = FilterOptions {
        brightness: None,
        contrast: None,
        blur_radius: Some(100_000),
    };
    config.operation = Operation::parse("blur", options).unwrap();

    let report = batch::run(runtime(), &config, &NoProgress).unwrap();

    let files: Vec<&str> = report.failures.iter().map(|f| f.file.as_str()).collect();
    assert_eq!(files, ["a.png", "b.png"]);
    assert!(
        report.failures[0]
            .error
            .starts_with("operation \"blur\": invalid-format: step 0: "),
        "{}",
        report.failures[0].error
    );
}

#[test]
fn operation_text_that_is_no_step_list_is_refused_before_any_file() {
    let options = FilterOptions {
        brightness: None,
        contrast: None,
        blur_radius: None,
    };
    let error = Operation::parse("sharpen", options).unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("invalid-format: unknown operation \"sharpen\""),
        "{error}"
    );
    let error = Operation::parse("blur", options).unwrap_err();
    assert!(
        error.to_string().contains("blur needs a blur radius"),
        "{error}"
    );
}

#[test]
fn format_names_the_output_format_and_fixes_the_extension() {
    let dir = scratch_dir("batch-format");
    let (input, output) = (dir.join("in"), dir.join("out"));
    std::fs::create_dir(&input).unwrap();
    write_image(&input, "a.png", 16, 16);
    write_image(&input, "b.jpeg", 16, 16);
    let mut config = config(&input, &output, 1);
    config.format = Some("jpeg".into());

    let report = batch::run(runtime(), &config, &NoProgress).unwrap();

    assert!(report.failures.is_empty(), "{report}");
    for name in ["a.jpg", "b.jpeg"] {
        let bytes = std::fs::read(output.join(name)).unwrap();
        assert_eq!(&bytes[..2], [0xFF, 0xD8], "{name} is a JPEG");
    }
    assert!(!output.join("a.png").exists());
}

#[test]
fn more_workers_than_files_start_only_as_many_instances_as_files() {
    let dir = scratch_dir("batch-workers");
    let (input, output) = (dir.join("in"), dir.join("out"));
    std::fs::create_dir(&input).unwrap();
    write_image(&input, "only.png", 4, 4);

    let report = batch::run(runtime(), &config(&input, &output, 16), &NoProgress).unwrap();

    assert_eq!((report.images, report.workers), (1, 1));
    assert!(report.failures.is_empty());
}

#[test]
fn an_empty_folder_or_writing_over_the_inputs_is_an_error() {
    let dir = scratch_dir("batch-errors");
    let empty = batch::run(runtime(), &config(&dir, &dir.join("out"), 1), &NoProgress);
    assert!(empty
        .unwrap_err()
        .to_string()
        .contains("no image files (.png, .jpg, .jpeg)"));

    write_image(&dir, "a.png", 4, 4);
    let over = batch::run(runtime(), &config(&dir, &dir.join("."), 1), &NoProgress);
    assert!(over
        .unwrap_err()
        .to_string()
        .contains("would overwrite the inputs"));
}
