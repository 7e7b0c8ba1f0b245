//! `image-pipeline batch` as a user runs it: exit status, summary on stdout,
//! progress on stderr.

use std::process::{Command, Output};

use crate::common::{pipeline_component, scratch_dir};
use crate::write_image;

fn batch(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_image-pipeline"))
        .arg("batch")
        .args(args)
        .arg("--component")
        .arg(pipeline_component())
        .output()
        .unwrap()
}

#[test]
fn a_clean_batch_succeeds_and_prints_a_one_line_summary() {
    let dir = scratch_dir("cli-clean");
    let (input, output) = (dir.join("in"), dir.join("out"));
    std::fs::create_dir(&input).unwrap();
    for name in ["a.png", "b.png", "c.jpg"] {
        write_image(&input, name, 20, 10);
    }

    let out = batch(&[
        input.to_str().unwrap(),
        "-o",
        output.to_str().unwrap(),
        "--op",
        "resize:10x5|apply-filter",
        "--brightness",
        "-0.1",
        "--contrast",
        "20",
        "--workers",
        "2",
    ]);

    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}{stderr}");
    assert!(
        stdout.starts_with("3 images with 2 workers in ")
            && stdout.trim_end().ends_with(" images/s"),
        "{stdout}"
    );
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    // Not a terminal: progress as plain lines, the last one complete.
    assert!(
        stderr
            .lines()
            .last()
            .unwrap()
            .starts_with("batch: 3/3 images"),
        "{stderr}"
    );
    for name in ["a.png", "b.png", "c.jpg"] {
        assert!(output.join(name).is_file(), "{name}");
    }
}

#[test]
fn a_batch_with_failures_lists_them_and_exits_non_zero() {
    let dir = scratch_dir("cli-failures");
    let (input, output) = (dir.join("in"), dir.join("out"));
    std::fs::create_dir(&input).unwrap();
    write_image(&input, "good.png", 8, 8);
    std::fs::write(input.join("bad.jpg"), b"\xFF\xD8 truncated").unwrap();

    let out = batch(&[
        input.to_str().unwrap(),
        "-o",
        output.to_str().unwrap(),
        "--op",
        "grayscale",
    ]);

    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.starts_with("2 images (1 failed) with "), "{stdout}");
    assert!(
        stdout.contains("\nfailed:\n  bad.jpg: decode: invalid-format"),
        "{stdout}"
    );
    assert!(output.join("good.png").is_file());
}

#[test]
fn a_missing_folder_is_a_one_line_error() {
    let dir = scratch_dir("cli-missing");
    let out = batch(&[
        dir.join("nope").to_str().unwrap(),
        "-o",
        dir.join("out").to_str().unwrap(),
        "--op",
        "grayscale",
    ]);

    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("error: batch "), "{stderr}");
}

#[test]
fn operation_text_that_is_no_step_list_is_a_one_line_error() {
    let dir = scratch_dir("cli-bad-op");
    let input = dir.join("in");
    std::fs::create_dir(&input).unwrap();
    write_image(&input, "a.png", 4, 4);
    let out = batch(&[
        input.to_str().unwrap(),
        "-o",
        dir.join("out").to_str().unwrap(),
        "--op",
        "sharpen",
    ]);

    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with(
            "error: operation \"sharpen\": invalid-format: unknown operation \"sharpen\""
        ),
        "{stderr}"
    );
    assert!(!dir.join("out").exists(), "nothing was processed");
}

#[test]
fn zero_workers_is_refused() {
    let out = batch(&["in", "-o", "out", "--op", "grayscale", "--workers", "0"]);
    assert_eq!(out.status.code(), Some(2), "clap's usage error");
}
