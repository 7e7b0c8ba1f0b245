"""Keeps the measured figures in the guide's prose equal to the benchmark
tables they come from (the generated part of docs/benchmarks.md).

    bench_figures.py [--rewrite] PAGE.md...

A figure in prose names its cell in an HTML comment right after it:

    costs 3.0×<!--= Ratios :: grayscale 1080p :: pipeline ÷ direct -->
    +55.6 µs<!--= The identity task :: identity 1 MiB :: pipeline − direct -->
    1.6–3.0×<!--= Ratios :: grayscale 1080p; blur r=5 1080p :: pipeline ÷ direct -->

TABLE is the start of a `### ` heading of the results, ROW the first cell
of a row, COLUMN a header cell (`::` between them, since a figure may sit in
a table cell, where `|` would end it). A range (`a–b`) names several rows and
stands for their smallest and largest value. The check fails when a cell is
missing or when the figure differs from it by more than the figure's own
rounding (3.0 stands for 2.95 ..= 3.05); a figure written with a sign
(a difference) is compared and rewritten with its sign; `--rewrite` (`make bench-doc`,
after new tables) writes each figure again from its cell, to the same
number of decimals. In docs/benchmarks.md every other figure of a
measurement (`N×`, `N ms`, `N µs`, `N GB/s`) outside the results must sit
in a paragraph marked `<!-- quoted: WHY -->` (the design's own numbers, an
earlier run): no measured figure is ever free text.
"""

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BENCHMARKS = ROOT / "docs" / "benchmarks.md"
BEGIN, END = "<!-- results:begin -->", "<!-- results:end -->"
NUM = r"\d+(?:\.\d+)?"
UNIT = r"×|ms|µs|s\b|GB/s"
MARKED = re.compile(rf"(~?)([+-]?)({NUM})(?:–({NUM}))?(\s?)({UNIT})<!--=\s*(.+?)\s*::\s*(.+?)\s*::\s*(.+?)\s*-->")
# A measurement written without a marker: a number and a unit, not a
# dimension such as 1920×1080 or 8×8.
FREE = re.compile(rf"(?<![\w.])({NUM})(?:–{NUM})?\s?(×(?!\d)|ms\b|µs\b|GB/s)")
TO_MS = {"ms": 1.0, "µs": 1e-3, "s": 1e3}


class FigureError(Exception):
    pass


def tables(text: str) -> dict[str, tuple[list[str], dict[str, list[str]]]]:
    """The results' tables by heading: header cells, and rows by first cell."""
    if BEGIN not in text or END not in text:
        raise FigureError(f"no {BEGIN} … {END} in the benchmarks page")
    results = text.split(BEGIN, 1)[1].split(END, 1)[0]
    out, heading, header = {}, None, None
    for line in results.splitlines():
        if line.startswith("### "):
            heading, header = line[4:].strip(), None
        elif heading and line.startswith("|") and not re.match(r"^\|\s*-", line):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if header is None:
                header = cells
                out[heading] = (header, {})
            else:
                out[heading][1][cells[0]] = cells
    return out


def cell_value(cell: str, unit: str) -> float:
    """The cell's median in the figure's unit: `3.03×`, `11.0 ±0.4` (ms),
    `2.68 s ±0.02`, `497.0 µs ±20.5 (12.5 GB/s)`, `+6.412 ms`."""
    m = re.match(rf"^\+?(-?{NUM})\s?(×|ms|µs|s)?\b", cell)
    if not m:
        raise FigureError(f"cell {cell!r} holds no figure")
    value, cell_unit = float(m.group(1)), m.group(2) or ("×" if cell.endswith("×") else "ms")
    if unit == "×" or cell_unit == "×":
        if unit != cell_unit:
            raise FigureError(f"cell {cell!r} is not in {unit}")
        return value
    if unit == "GB/s":
        g = re.search(rf"\(({NUM}) GB/s\)", cell)
        if not g:
            raise FigureError(f"cell {cell!r} has no GB/s")
        return float(g.group(1))
    return value * TO_MS[cell_unit] / TO_MS[unit]


def lookup(all_tables, table: str, rows: str, column: str, unit: str) -> list[float]:
    names = [t for t in all_tables if t.startswith(table)]
    if len(names) != 1:
        raise FigureError(f"no one results table headed {table!r} (have: {', '.join(all_tables)})")
    header, body = all_tables[names[0]]
    if column not in header:
        raise FigureError(f"table {names[0]!r} has no column {column!r}")
    values = []
    for row in (r.strip() for r in rows.split(";")):
        if row not in body:
            raise FigureError(f"table {names[0]!r} has no row {row!r}")
        values.append(cell_value(body[row][header.index(column)], unit))
    return values


def decimals(figure: str) -> int:
    return len(figure.split(".")[1]) if "." in figure else 0


def agrees(figure: str, value: float) -> bool:
    return abs(float(figure) - value) <= 0.5 * 10 ** -decimals(figure) + 1e-9


def written(value: float, like: str, sign: str = "") -> str:
    """`like`'s decimals; a figure written with a sign (a difference such
    as `+55.6 µs`) keeps one, whichever way the new value goes."""
    return f"{value:{'+' if sign else ''}.{decimals(like)}f}"


def check_page(md: Path, all_tables, rewrite: bool, strict: bool | None = None) -> list[str]:
    """Failures on one page; with `rewrite`, fixes the figures instead.
    `strict` (the benchmarks page itself by default) also fails on
    measured-looking figures with no marker."""
    text = md.read_text()
    failures = []

    def one(m: re.Match) -> str:
        tilde, sign, low, high, space, unit, table, rows, column = m.groups()
        where = f"{md.name}:{text.count(chr(10), 0, m.start()) + 1}"
        try:
            values = lookup(all_tables, table, rows, column, unit)
        except FigureError as e:
            failures.append(f"{where}: {m.group(0)!r}: {e}")
            return m.group(0)
        if high is None and len(values) != 1:
            failures.append(f"{where}: one figure for {len(values)} rows (write a range a–b)")
            return m.group(0)
        lo, hi = min(values), max(values)
        if rewrite:
            figure = written(lo, low, sign) + (f"–{written(hi, high)}" if high is not None else "")
            return f"{tilde}{figure}{space}{unit}{m.group(0)[m.group(0).index('<!--='):]}"
        if not agrees(sign + low, lo) or (high is not None and not agrees(high, hi)):
            shown = f"{sign}{low}–{high}" if high is not None else sign + low
            table_says = f"{lo:g}–{hi:g}" if high is not None else f"{lo:g}"
            failures.append(f"{where}: prose says {shown}{unit}, the table {table_says}{unit} "
                            f"({table} :: {rows} :: {column}); make bench-doc rewrites it")
        return m.group(0)

    new = MARKED.sub(one, text)
    if md.resolve() == BENCHMARKS.resolve() if strict is None else strict:
        failures += free_figures(md.name, new)
    if rewrite and new != text:
        md.write_text(new)
    return failures


def free_figures(name: str, text: str) -> list[str]:
    """Measured-looking figures outside the results with no marker."""
    prose = text.split(BEGIN, 1)[0] + text.split(END, 1)[1] if BEGIN in text else text
    out = []
    for para in re.split(r"\n\s*\n", MARKED.sub("", prose)):
        if "<!-- quoted:" in para or para.lstrip().startswith(("    ", "```", "#")):
            continue
        for m in FREE.finditer(para):
            out.append(f"{name}: {m.group(0)!r} is a figure with no <!--= TABLE :: ROW :: COLUMN --> "
                       f"marker and no <!-- quoted: --> paragraph: {para.strip()[:70]!r}…")
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("pages", nargs="+", type=Path)
    ap.add_argument("--rewrite", action="store_true")
    args = ap.parse_args()
    try:
        all_tables = tables(BENCHMARKS.read_text())
    except FigureError as e:
        print(f"FAIL {e}", file=sys.stderr)
        return 1
    failures = [f for md in args.pages for f in check_page(md, all_tables, args.rewrite)]
    for f in failures:
        print(f"FAIL {f}", file=sys.stderr)
    marked = sum(len(MARKED.findall(md.read_text())) for md in args.pages)
    print(f"bench figures: {marked} marked figures in {len(args.pages)} pages, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
