"""The checker fails on each kind of drift and passes on a true page:
`pytest docs/tools` (make test-docs runs it)."""

from pathlib import Path

from guide_check import Report, check_file, environment

FENCE = "```"


def checked(tmp_path: Path, page: str, bless: bool = False) -> Report:
    (tmp_path / "src.rs").write_text("fn a() {}\n// ANCHOR: b\nfn b() {}\n// ANCHOR_END: b\n")
    md = tmp_path / "page.md"
    md.write_text(page.replace("'''", FENCE))
    report = Report()
    check_file(md, bless, report, environment())
    return report


TRUE_PAGE = """
<!-- include: src.rs:b -->
'''rust
fn b() {}
'''

<!-- run -->
'''console
$ echo hello
hello
'''

<!-- run: exit=3 ignore=[0-9]+ -->
'''console
$ echo took 12; exit 3
took 99
'''
"""


def test_a_true_page_passes(tmp_path):
    report = checked(tmp_path, TRUE_PAGE)
    assert report.failures == []
    assert report.counts == {"include": 1, "run": 2, "covered": 0}


def test_each_drift_fails(tmp_path):
    cases = {
        "fn b() {}\n'''": "fn b() { changed }\n'''",
        "hello\n'''": "goodbye\n'''",
        "exit=3": "exit=0",
        "<!-- run -->\n": "",
        "<!-- include: src.rs:b -->\n": "",
        "src.rs:b": "src.rs:missing",
    }
    for old, new in cases.items():
        page = TRUE_PAGE.replace(old, new, 1)
        assert page != TRUE_PAGE, old
        assert checked(tmp_path, page).failures, f"no failure after replacing {old!r}"


def test_bless_rewrites_to_the_truth(tmp_path):
    checked(tmp_path, TRUE_PAGE.replace("hello\n'''", "stale\n'''").replace("fn b() {}\n'''", "old\n'''"), bless=True)
    md = (tmp_path / "page.md").read_text()
    assert "$ echo hello\nhello\n" in md and "fn b() {}\n```" in md
    assert checked(tmp_path, md.replace(FENCE, "'''")).failures == []
