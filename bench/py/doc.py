"""Replaces the generated part of docs/benchmarks.md (between its
`<!-- results:begin -->` and `<!-- results:end -->` lines) with the tables
of the last `make bench` run. `make bench-doc` runs it.

    python doc.py build/bench/benchmarks.md docs/benchmarks.md"""

import sys
from pathlib import Path

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


if __name__ == "__main__":
    main()
