"""The benchmark figures' check fails when prose and tables disagree, and
its rewrite makes them agree: `pytest docs/tools` (make test-docs runs it)."""

from pathlib import Path

from bench_figures import check_page, tables

RESULTS = """
<!-- results:begin -->
### Ratios

| row | JS ÷ component | pipeline ÷ direct |
| --- | ---: | ---: |
| grayscale 1080p | 3.03× | 4.58× |
| blur r=5 1080p | 8.86× | 1.62× |

### Component boundary

| call | host→guest |
| --- | ---: |
| list<u8> 6.2 MB (1080p RGB) | 497.0 µs ±20.5 (12.5 GB/s) |

### The identity task

| size | pipeline − direct | pipeline − direct (jco) |
| --- | ---: | ---: |
| identity 6.2 MB | +55.6 µs | -42.0 µs |
<!-- results:end -->
"""


def page(tmp_path: Path, prose: str) -> tuple[Path, dict]:
    md = tmp_path / "benchmarks.md"
    md.write_text(prose + RESULTS)
    return md, tables(md.read_text())


def failures(tmp_path: Path, prose: str, strict: bool = True) -> list[str]:
    md, t = page(tmp_path, prose)
    return check_page(md, t, rewrite=False, strict=strict)


def test_figures_that_agree_within_their_rounding_pass(tmp_path):
    prose = ("JS is 3.0×<!--= Ratios :: grayscale 1080p :: JS ÷ component --> slower; "
             "the pipeline costs 1.6–4.6×<!--= Ratios :: grayscale 1080p; blur r=5 1080p :: pipeline ÷ direct -->; "
             "a frame goes in in 0.50 ms<!--= Component boundary :: list<u8> 6.2 MB (1080p RGB) :: host→guest -->, "
             "12.5 GB/s<!--= Component boundary :: list<u8> 6.2 MB (1080p RGB) :: host→guest -->.\n")
    assert failures(tmp_path, prose) == []


def test_a_figure_beyond_its_rounding_fails(tmp_path):
    # 3.1 stands for 3.05 ..= 3.15; the table says 3.03.
    got = failures(tmp_path, "JS is 3.1×<!--= Ratios :: grayscale 1080p :: JS ÷ component --> slower.\n")
    assert len(got) == 1 and "prose says 3.1×, the table 3.03×" in got[0]


def test_a_range_checks_both_ends(tmp_path):
    got = failures(tmp_path, "1.5–4.6×<!--= Ratios :: grayscale 1080p; blur r=5 1080p :: pipeline ÷ direct -->\n")
    assert len(got) == 1 and "1.5–4.6" in got[0]


def test_a_missing_row_or_column_fails(tmp_path):
    got = failures(tmp_path, "1.1×<!--= Ratios :: resize 4K→1080p :: pipeline ÷ direct --> and "
                             "1.1×<!--= Ratios :: blur r=5 1080p :: frames ÷ direct -->\n")
    assert len(got) == 2 and "no row 'resize 4K→1080p'" in got[0] and "no column 'frames ÷ direct'" in got[1]


def test_an_unmarked_measurement_fails_unless_quoted(tmp_path):
    got = failures(tmp_path, "The pipeline costs 4.6× a direct call on 1920×1080 images.\n")
    assert len(got) == 1 and "'4.6×'" in got[0]
    quoted = "<!-- quoted: the design's table -->\nThe design said 9 ms.\n"
    assert failures(tmp_path, quoted) == []


def test_rewrite_writes_each_figure_from_its_cell_to_the_same_decimals(tmp_path):
    md, t = page(tmp_path, "costs ~9.9×<!--= Ratios :: grayscale 1080p :: pipeline ÷ direct -->, "
                           "1.0–9.99×<!--= Ratios :: grayscale 1080p; blur r=5 1080p :: pipeline ÷ direct -->\n")
    check_page(md, t, rewrite=True, strict=True)
    text = md.read_text()
    assert "costs ~4.6×<!--=" in text and "1.6–4.58×<!--=" in text
    assert check_page(md, t, rewrite=False, strict=True) == []


def test_a_signed_figure_keeps_its_sign(tmp_path):
    jco = "<!--= The identity task :: identity 6.2 MB :: pipeline − direct (jco) -->"
    # A difference that changed sign is a disagreement, not a rounding.
    got = failures(tmp_path, f"+42.0 µs{jco}\n")
    assert len(got) == 1 and "prose says +42.0µs, the table -42µs" in got[0]
    wasmtime = "<!--= The identity task :: identity 6.2 MB :: pipeline − direct -->"
    md, t = page(tmp_path, f"+0.061 ms{jco} and +61.0 µs{wasmtime}\n")
    check_page(md, t, rewrite=True, strict=True)
    text = md.read_text()
    assert f"-0.042 ms{jco}" in text and "+55.6 µs<!--=" in text
    assert check_page(md, t, rewrite=False, strict=True) == []


def test_the_guide_pages_agree_with_their_tables():
    root = Path(__file__).resolve().parents[1]
    t = tables((root / "benchmarks.md").read_text())
    for md in [root / "benchmarks.md", root / "5-designing-around-the-copy.md"]:
        assert check_page(md, t, rewrite=False) == [], md.name
