"""CONTRIBUTING.md's "Add an operation" and "Add a format" lists are
complete: every tracked file that names all of today's operations (the WIT
`step` cases) or both of today's formats is either in the list (the files to
edit, or for operations those that follow from them) or in the list of
files that name them without needing a change. A new file that dispatches
on the operations or formats, and is in neither, fails here. And the files
to edit for an operation stay few (issue 19: at most 10)."""

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "CONTRIBUTING.md"
# Generated or data files: they follow from the listed files.
GENERATED = re.compile(r"(^|/)(golden|vectors|fixtures|node_modules)/|\.lock$|package-lock\.json$|^docs/")


def section(title: str) -> str:
    text = GUIDE.read_text()
    start = text.index(f"## {title}")
    end = text.find("\n## ", start + 1)
    return text[start : end if end >= 0 else None]


def paths(text: str) -> set[str]:
    """Every `path` in backticks that names a file of the tree."""
    return {p for p in re.findall(r"`([\w./<>-]+)`", text) if "/" in p or (ROOT / p).is_file()}


def tracked() -> list[str]:
    out = subprocess.run(["git", "-C", str(ROOT), "ls-files"], capture_output=True, text=True, check=True)
    return [p for p in out.stdout.splitlines() if not GENERATED.search(p) and (ROOT / p).is_file()]


# Tests, READMEs and docs: they use formats (file names, samples) without
# choosing between them.
NOT_SOURCE = re.compile(r"(^|/)tests?/|\.md$|(^|/)test_[^/]*\.py$|\.test\.mjs$|_test\.(cpp|go)$")


def naming_all(patterns: list[list[str]], sources_only: bool = False) -> set[str]:
    """Tracked files that match, for each group, one of its regexes (any case)."""
    found = set()
    for rel in tracked():
        if sources_only and NOT_SOURCE.search(rel):
            continue
        try:
            text = (ROOT / rel).read_text().lower()
        except UnicodeDecodeError:
            continue
        if all(any(re.search(p, text) for p in group) for group in patterns):
            found.add(rel)
    return found


def wit_step_cases() -> list[str]:
    body = (ROOT / "wit/types.wit").read_text().split("variant step {", 1)[1].split("}", 1)[0]
    lines = [line.strip() for line in body.splitlines()]
    return [re.split(r"[(,]", line)[0] for line in lines if line and not line.startswith("//")]


def check(title: str, naming: set[str]) -> None:
    listed = paths(section(title)) | paths(section("Files that name every operation or format"))
    missing = sorted(naming - listed)
    assert not missing, f"name every one but are not in CONTRIBUTING.md's lists: {missing}"
    concrete = {p for p in paths(section(title)) if "<" not in p and not p.endswith("invert.rs")}
    gone = sorted(p for p in concrete if not (ROOT / p).exists())
    assert not gone, f"CONTRIBUTING.md's '{title}' lists files that do not exist: {gone}"


def test_the_operation_checklist_names_every_file_that_names_every_operation():
    cases = wit_step_cases()
    assert cases, "no `step` cases found in wit/types.wit"
    # A case is named by its WIT name, as a word in any case (`Blur`,
    # `blur`); `filter` is `apply-filter` in the text form.
    check("Add an operation", naming_all([[rf"\b{c}\b"] for c in cases]))


def test_the_format_checklist_names_every_file_that_names_every_format():
    # Source files that choose between the formats: both names as literals.
    quoted = [[r"['\"]png['\"]"], [r"['\"]jpe?g['\"]"]]
    check("Add a format", naming_all(quoted, sources_only=True))


def numbered(text: str) -> list[str]:
    """The items of the section's numbered list, each with its lines."""
    return re.findall(r"^\d+\. .*?(?=^\d+\. |^\S|\Z)", text, re.M | re.S)


def test_adding_an_operation_edits_at_most_ten_files():
    items = numbered(section("Add an operation"))
    edited = [p for item in items for p in sorted(paths(item.split(":", 1)[0]))]
    assert items and len(edited) == len(items), f"one file to edit per item: {items}"
    assert len(edited) <= 10, f"adding an operation edits {len(edited)} files (issue 19: at most 10): {edited}"
