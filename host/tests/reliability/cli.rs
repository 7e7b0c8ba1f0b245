//! The CLI under limits: a bad limits file is one line and status 2; a
//! deadline, the memory limit and a trap each have their own status.

use std::process::{Command, Output};

use crate::common::{pipeline_component, scratch_dir};
use crate::trap_component;

fn image_pipeline(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_image-pipeline"))
        .args(args)
        .output()
        .unwrap()
}

/// The last line of stderr (the Go runtime may print above it).
fn last_line(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr)
        .lines()
        .last()
        .unwrap_or_default()
        .to_owned()
}

/// Asserts the exit status and that the last line of stderr contains `text`.
#[track_caller]
fn assert_fails(out: &Output, status: i32, text: &str) {
    let line = last_line(out);
    assert_eq!(out.status.code(), Some(status), "{line}");
    assert!(line.contains(text), "{line}");
}

/// A small PNG to work on, made by the pipeline's own encoder.
fn sample(dir: &std::path::Path) -> String {
    let path = dir.join("in.png");
    let out = image_pipeline(&[
        "--component",
        pipeline_component().to_str().unwrap(),
        "convert",
        // The codec's own golden PNG.
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../cpp-codec/test/golden/png/rgb_8.png"
        ),
        path.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", last_line(&out));
    path.to_str().unwrap().to_owned()
}

#[test]
fn a_bad_limits_file_is_one_line_naming_the_key() {
    let dir = scratch_dir("cli-config");
    let config = dir.join("limits.toml");
    // The config is read before the (missing) input files.
    let convert_with = |text: &str| {
        std::fs::write(&config, text).unwrap();
        image_pipeline(&[
            "--config",
            config.to_str().unwrap(),
            "convert",
            "a.png",
            "b.png",
        ])
    };
    let out = convert_with("[permissions]\nmax_memory = \"plenty\"\n");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with(&format!(
            "error: {}:2: permissions.max_memory: \"plenty\" is not a size",
            config.display()
        )),
        "{stderr}"
    );
    let out = convert_with("[permissions]\nmax_cpu = \"1s\"\n");
    assert_fails(&out, 2, "permissions.max_cpu: unknown field");
}

#[test]
fn faults_have_their_own_exit_status() {
    let dir = scratch_dir("cli-faults");
    let input = sample(&dir);
    let output = dir.join("out.png");
    let config = dir.join("limits.toml");
    std::fs::write(&config, "[permissions]\nmax_cpu_time = \"300ms\"\n").unwrap();
    let trap = trap_component();
    let run = |extra: &[&str]| {
        let mut args = vec!["--component", trap.to_str().unwrap(), "process", &input];
        args.extend_from_slice(&["-o", output.to_str().unwrap(), "--op", "apply-filter"]);
        args.extend_from_slice(extra);
        image_pipeline(&args)
    };

    let out = run(&["--config", config.to_str().unwrap(), "--contrast", "2004"]);
    assert_fails(&out, 3, "deadline exceeded after 300ms");

    let out = run(&["--brightness", "1003", "--max-memory", "64MiB"]);
    assert_fails(
        &out,
        4,
        "memory limit exceeded: the instance needed more than 64 MiB",
    );

    let out = run(&["--brightness", "1001"]);
    assert_fails(&out, 5, "the component trapped: ");

    // The flag wins over the file.
    let out = run(&[
        "--config",
        config.to_str().unwrap(),
        "--max-cpu-time",
        "150ms",
        "--contrast",
        "2004",
    ]);
    assert_fails(&out, 3, "deadline exceeded after 150ms");
}

#[test]
fn a_batch_with_a_trapping_file_finishes_the_others() {
    let dir = scratch_dir("cli-batch-trap");
    let (input, output) = (dir.join("in"), dir.join("out"));
    std::fs::create_dir(&input).unwrap();
    let sample = sample(&dir);
    for name in ["a.png", "c.png", "d.png"] {
        std::fs::copy(&sample, input.join(name)).unwrap();
    }
    // The codec's trap build aborts on this "PNG".
    std::fs::write(input.join("b.png"), "TRAP:abort").unwrap();
    let out = image_pipeline(&[
        "--component",
        trap_component().to_str().unwrap(),
        "batch",
        input.to_str().unwrap(),
        "-o",
        output.to_str().unwrap(),
        "--op",
        "grayscale",
        "--workers",
        "1",
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.starts_with("4 images (1 failed)"), "{stdout}");
    assert!(
        stdout.contains("b.png: decode: the component trapped: "),
        "{stdout}"
    );
    for name in ["a.png", "c.png", "d.png"] {
        assert!(output.join(name).is_file(), "{name} not written: {stdout}");
    }
}

#[test]
fn process_runs_the_op_text_and_refuses_text_that_is_no_step_list() {
    let dir = scratch_dir("cli-process");
    let input = sample(&dir);
    let output = dir.join("out.png");
    let component = pipeline_component();
    let process = |op: &str| {
        image_pipeline(&[
            "--component",
            component.to_str().unwrap(),
            "process",
            &input,
            "-o",
            output.to_str().unwrap(),
            "--op",
            op,
        ])
    };

    let out = process("resize:4x3|grayscale");
    assert!(out.status.success(), "{}", last_line(&out));
    let check = image_pipeline(&[
        "--component",
        component.to_str().unwrap(),
        "convert",
        output.to_str().unwrap(),
        dir.join("again.png").to_str().unwrap(),
    ]);
    assert!(check.status.success(), "{}", last_line(&check));

    // As in 1.0: status 1 and the operation's invalid-format, in one line.
    let out = process("sharpen");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert_fails(
        &out,
        1,
        "in.png: operation \"sharpen\": invalid-format: unknown operation \"sharpen\"",
    );
    let out = process("blur");
    assert_fails(&out, 1, "invalid-format: blur needs a blur radius");
}
