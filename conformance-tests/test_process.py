"""End to end through the host CLI and the composed pipeline: decode (C++)
→ scheduler task (Go) → image-ops (Rust) → encode (C++), judged by decoders
written independently of ours: Pillow, and libjpeg-turbo's own `djpeg`."""

import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from make_sample import sample
from PIL import Image


def bt601(rgb: np.ndarray) -> np.ndarray:
    """BT.601 luma in floating point: the reference the ±1 tolerance is against."""
    return rgb[..., :3].astype(np.float64) @ np.array([0.299, 0.587, 0.114])


def pixels(path: Path) -> np.ndarray:
    with Image.open(path) as image:
        return np.asarray(image)


def assert_one_line_error(proc: subprocess.CompletedProcess, *needles: str) -> None:
    assert proc.returncode != 0, proc
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), proc.stderr
    for needle in needles:
        assert needle in lines[0], proc.stderr


@pytest.mark.parametrize("mode", ["RGB", "RGBA"])
def test_grayscale_png_is_bt601_luma(tmp_path, run_host, mode):
    src, out = tmp_path / "in.png", tmp_path / "out.png"
    sample(97, 61).convert(mode).save(src)  # odd sizes on purpose

    proc = run_host("process", str(src), "-o", str(out), "--op", "grayscale")

    assert proc.returncode == 0, proc.stderr
    with Image.open(out) as result:
        assert result.mode == "L" and result.size == (97, 61)
    diff = np.abs(pixels(out) - bt601(pixels(src)))
    assert diff.max() <= 1.0


@pytest.mark.parametrize(
    "mode, subsampling",
    [("RGB", 0), ("RGB", 1), ("RGB", 2), ("L", 0)],
    ids=["rgb-444", "rgb-422", "rgb-420", "gray"],
)
def test_jpeg_decodes_like_djpeg(tmp_path, run_host, mode, subsampling):
    djpeg = shutil.which("djpeg")
    assert djpeg, "djpeg (Debian's libjpeg-turbo-progs) is installed by toolchain/install.sh"
    src, out, ref = tmp_path / "in.jpg", tmp_path / "out.png", tmp_path / "ref.pnm"
    sample(123, 77).convert(mode).save(src, quality=85, subsampling=subsampling)
    subprocess.run([djpeg, "-outfile", str(ref), str(src)], check=True)

    # apply-filter with no options returns the image unchanged, and PNG is
    # lossless: out.png holds exactly what the codec decoded.
    proc = run_host("process", str(src), "-o", str(out), "--op", "apply-filter")

    assert proc.returncode == 0, proc.stderr
    ours, theirs = pixels(out).astype(int), pixels(ref).astype(int)
    assert ours.shape == theirs.shape
    assert np.abs(ours - theirs).max() <= 1


def test_grayscale_to_jpeg(tmp_path, run_host):
    src, out = tmp_path / "in.png", tmp_path / "out.jpg"
    sample().save(src)

    proc = run_host("process", str(src), "-o", str(out), "--op", "grayscale")

    assert proc.returncode == 0, proc.stderr
    with Image.open(out) as result:
        assert result.format == "JPEG" and result.mode == "L"
    # Lossy: close to the luma on average, not exact.
    assert np.abs(pixels(out) - bt601(pixels(src))).mean() < 2.0


def test_corrupt_input_is_a_typed_error(tmp_path, run_host):
    src = tmp_path / "bad.png"
    src.write_bytes(b"\x89PNG\r\n\x1a\n" + b"not really a png" * 4)

    proc = run_host("process", str(src), "-o", str(tmp_path / "out.png"), "--op", "grayscale")

    assert_one_line_error(proc, "decode", "invalid-format")


def test_unknown_operation_fails_the_task(tmp_path, run_host):
    src = tmp_path / "in.png"
    sample(8, 8).save(src)

    proc = run_host("process", str(src), "-o", str(tmp_path / "out.png"), "--op", "sharpen")

    assert_one_line_error(proc, "invalid-format", "sharpen")


def test_unsupported_output_format(tmp_path, run_host):
    src = tmp_path / "in.png"
    sample(8, 8).save(src)

    proc = run_host("process", str(src), "-o", str(tmp_path / "out.gif"), "--op", "grayscale")

    assert_one_line_error(proc, "encode", "invalid-format", "gif")


def test_missing_input_file(tmp_path, run_host):
    proc = run_host("process", str(tmp_path / "nope.png"), "-o", str(tmp_path / "o.png"), "--op", "grayscale")

    assert_one_line_error(proc, "cannot read")


def test_scheduler_logs_reach_the_host(tmp_path, run_host):
    src = tmp_path / "in.png"
    sample(8, 8).save(src)
    out = str(tmp_path / "out.png")

    quiet = run_host("process", str(src), "-o", out, "--op", "grayscale")
    verbose = run_host("process", str(src), "-o", out, "--op", "grayscale", "--log-level", "debug")

    assert quiet.returncode == 0 and quiet.stderr == "", quiet.stderr
    assert verbose.returncode == 0, verbose.stderr
    lines = verbose.stderr.splitlines()
    # Every state change of the one task, through wasi:logging at debug level.
    for state in ("pending", "running", "completed"):
        assert any(line.startswith("[Debug scheduler] ") and state in line for line in lines), lines


def psnr(a: np.ndarray, b: np.ndarray) -> float:
    mse = np.mean((a.astype(np.float64) - b.astype(np.float64)) ** 2)
    return float(10 * np.log10(255**2 / mse))


def test_convert_png_to_jpeg_and_back(tmp_path, run_host):
    src, jpg, png, ref = tmp_path / "in.png", tmp_path / "mid.jpg", tmp_path / "out.png", tmp_path / "ref.jpg"
    sample(64, 48).save(src)

    to_jpeg = run_host("convert", str(src), str(jpg))
    to_png = run_host("convert", str(jpg), str(png))

    assert to_jpeg.returncode == 0 and to_png.returncode == 0, to_jpeg.stderr + to_png.stderr
    with Image.open(jpg) as mid:
        assert mid.format == "JPEG" and mid.size == (64, 48)
    # Our decode of our JPEG is Pillow's decode of it.
    assert np.abs(pixels(png).astype(int) - pixels(jpg).astype(int)).max() <= 1
    # As faithful as Pillow's own encoder at the settings codec.wit states
    # (quality 90, 4:2:0); the noise band makes both lossy.
    Image.open(src).save(ref, quality=90, subsampling=2)
    assert psnr(pixels(src), pixels(png)) >= psnr(pixels(src), pixels(ref)) - 0.5


def test_convert_bad_file_is_one_line(tmp_path, run_host):
    src = tmp_path / "bad.jpg"
    src.write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 16)

    proc = run_host("convert", str(src), str(tmp_path / "out.png"))

    assert_one_line_error(proc, "decode", "invalid-format")
