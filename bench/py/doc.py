"""Replaces the generated part of docs/benchmarks.md (between its
`<!-- results:begin -->` and `<!-- results:end -->` lines) with the tables
of the last `make bench` run, then writes every figure that the guide's
prose quotes from those tables again from its cell
(docs/tools/bench_figures.py: the figures of docs/benchmarks.md and
chapter 5). `make bench-doc` runs it.

    python doc.py build/bench/benchmarks.md docs/benchmarks.md"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "docs" / "tools"))
import bench_figures  # noqa: E402  (docs/tools is not a package)

# The pages besides docs/benchmarks.md whose prose quotes its tables.
FIGURE_PAGES = ["5-designing-around-the-copy.md"]

BEGIN, END = "<!-- results:begin -->", "<!-- results:end -->"


def main() -> None:
    if len(sys.argv) != 3:
        print(__doc__)
        sys.exit(2)
    results, doc = Path(sys.argv[1]), Path(sys.argv[2])
    text = doc.read_text()
    if BEGIN not in text or END not in text:
        sys.exit(f"{doc}: no {BEGIN} … {END} markers")
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    doc.write_text(f"{head}{BEGIN}\n{results.read_text().strip()}\n{END}{tail}")
    print(f"{doc}: results from {results}")
    # The prose's figures follow the new tables; a figure whose cell is gone
    # is left as it was and named, for a person to rewrite.
    cells = bench_figures.tables(doc.read_text())
    for page in [doc] + [doc.parent / name for name in FIGURE_PAGES]:
        for failure in bench_figures.check_page(page, cells, rewrite=True):
            print(f"{page.name}: not rewritten: {failure}", file=sys.stderr)


if __name__ == "__main__":
    main()
