"""Golden files for the C++ codec, made with independent tools.

Writes cpp-codec/test/golden/:
- png/, jpeg/: files the codec must decode, and manifest.tsv with the
  width, height, channels and sha256 of the samples each must decode to
  (raw 8-bit samples, rows top to bottom, channels interleaved). PNG
  expectations come from the arrays the files are made from (checked
  against Pillow's own decoder), JPEG ones from Debian's djpeg, the same
  libjpeg-turbo version as the codec's (png_set.py, jpeg_set.py).
- rejected/ and rejected.tsv: inputs the codec must refuse, with the error
  (rejected_set.py).
- encode/ and encode.tsv: the exact bytes the encoder must write for some of
  the PNG goldens' pixels (cjpeg -quality 90).

Both test runners (test/*.cpp natively, test/wasmtime/ through the built
component) read these.

Usage (Pillow and numpy as pinned in toolchain/versions.env, cjpeg/djpeg from
libjpeg-turbo-progs):
    python generate.py          check that the committed goldens are current
    BLESS=1 python generate.py  rewrite them (`make bless-codec`)
"""

from __future__ import annotations

import filecmp
import hashlib
import os
import shutil
import sys
import tempfile
from pathlib import Path

import jpeg_set
import png_set
import rejected_set
from cases import EncodeReference, Golden, Rejected

GOLDEN = Path(__file__).resolve().parent.parent / "golden"


def manifest(goldens: list[Golden]) -> str:
    lines = ["# file\twidth\theight\tchannels\tsha256\ttruncate\toracle"]
    for golden in goldens:
        height, width, channels = golden.pixels.shape
        digest = hashlib.sha256(golden.pixels.tobytes()).hexdigest()
        lines.append(f"{golden.name}\t{width}\t{height}\t{channels}\t{digest}\t"
                     f"{'every-prefix' if golden.truncate else '-'}\t{golden.oracle}")
    return "\n".join(lines) + "\n"


def rejected_list(rejected: list[Rejected]) -> str:
    lines = ["# file\texpect\twhat"]
    lines += [f"{case.name}\t{case.expect}\t{case.what}" for case in rejected]
    return "\n".join(lines) + "\n"


def encode_list(references: list[EncodeReference]) -> str:
    lines = ["# source\tformat\texpected\toracle"]
    lines += [f"{ref.source}\t{ref.format}\t{ref.name}\t{ref.oracle}" for ref in references]
    return "\n".join(lines) + "\n"


def build(out: Path) -> None:
    goldens = png_set.goldens() + jpeg_set.goldens()
    pixels = {golden.name: golden.pixels for golden in goldens}
    data = {golden.name: golden.data for golden in goldens}
    references = jpeg_set.encode_references(pixels)
    rejected = (rejected_set.png_cases(data)
                + rejected_set.jpeg_cases(data, jpeg_set.repeated_scans(501)))
    names = [item.name for item in [*goldens, *references, *rejected]]
    assert len(names) == len(set(names)), "duplicate file names"
    for item in [*goldens, *references, *rejected]:
        path = out / item.name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(item.data)
    (out / "manifest.tsv").write_text(manifest(goldens))
    (out / "rejected.tsv").write_text(rejected_list(rejected))
    (out / "encode.tsv").write_text(encode_list(references))


def differences(expected: Path, actual: Path) -> list[str]:
    """Paths (relative) that are missing, extra or different in `actual`."""
    def files(root: Path) -> set[str]:
        return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}
    wanted, have = files(expected), files(actual)
    changed = [name for name in sorted(wanted & have)
               if not filecmp.cmp(expected / name, actual / name, shallow=False)]
    return ([f"missing {name}" for name in sorted(wanted - have)]
            + [f"stale {name}" for name in sorted(have - wanted)]
            + [f"differs {name}" for name in changed])


def main() -> int:
    with tempfile.TemporaryDirectory() as scratch:
        fresh = Path(scratch) / "golden"
        build(fresh)
        count = sum(1 for p in fresh.rglob("*") if p.is_file())
        size = sum(p.stat().st_size for p in fresh.rglob("*") if p.is_file())
        if os.environ.get("BLESS") == "1":
            shutil.rmtree(GOLDEN, ignore_errors=True)
            shutil.copytree(fresh, GOLDEN)
            print(f"goldens: wrote {count} files ({size} bytes) to {GOLDEN}")
            return 0
        problems = differences(fresh, GOLDEN) if GOLDEN.is_dir() else ["missing golden/"]
    for problem in problems:
        print(f"FAIL goldens: {problem}")
    if problems:
        print("goldens are not what the generator makes: `make bless-codec` rewrites them")
        return 1
    print(f"goldens: {count} files current")
    return 0


if __name__ == "__main__":
    sys.exit(main())
