"""Keeps the guide's Markdown true: included code equals its source, and
every shown command prints what the page says.

    guide_check.py [--bless] FILE.md...

A fenced block is checked according to the HTML comment on the line just
before its opening fence:

- `<!-- include: PATH -->` or `<!-- include: PATH:ANCHOR -->`: the block must
  equal the file (PATH relative to the Markdown file), or the lines between
  `ANCHOR: name` and `ANCHOR_END: name` comments in it (mdBook's convention;
  anchor lines inside are dropped).
- `<!-- run -->`, `<!-- run: exit=N ignore=REGEX -->` on a `console` block:
  each `$ ` line (a trailing `\\` continues it) is run with bash from the
  repository root, stdout and stderr together, and what it prints must equal
  the lines below it. `exit=N`: the status every command must end with
  (default 0). `ignore=REGEX`: matches are masked on both sides, for values
  that change from build to build (addresses, sizes).
- `<!-- covered: WHY -->` on a `console` block: not run here; WHY says which
  CI step runs it (slow, long-running or destructive commands).

Any other `console` block, and any block in a programming language without
`include`, is an error: code is never pasted, commands never unchecked.
On comparison, durations are masked and the repository and tools folders
print as relative and `$TOOLS_DIR`. `--bless` (BLESS=1 from make) rewrites
the blocks from the sources and the commands' output instead of failing.
"""

import argparse
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from itertools import zip_longest
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DIRECTIVE = re.compile(r"^<!--\s*(include|run|covered)\b:?\s*(.*?)\s*-->\s*$")
FENCE = re.compile(r"^(```+)(\S*)\s*$")
# Languages whose blocks must be included from files that CI builds.
CODE_LANGS = {"rust", "wit", "cpp", "c", "go", "js", "javascript", "toml", "dockerfile",
              "make", "makefile", "python", "sh", "bash", "wac", "json"}
DURATION = re.compile(r"\b\d+(?:\.\d+)?\s?(?:ns|µs|us|ms|s|m)\b")
COMMAND_TIMEOUT_S = 600


@dataclass
class Block:
    """A fenced block: its directive, language and body lines (0-based)."""

    kind: str | None
    arg: str
    lang: str
    start: int  # first body line
    end: int  # closing fence line

    def body(self, lines: list[str]) -> list[str]:
        return lines[self.start:self.end]


def parse_blocks(lines: list[str]) -> list[Block]:
    blocks, i = [], 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        d = DIRECTIVE.match(lines[i - 1]) if i > 0 else None
        j = i + 1
        while j < len(lines) and lines[j].rstrip() != m.group(1):
            j += 1
        if j == len(lines):
            raise ValueError(f"line {i + 1}: unclosed code fence")
        blocks.append(Block(d.group(1) if d else None, d.group(2) if d else "", m.group(2), i + 1, j))
        i = j + 1
    return blocks


def included(md: Path, arg: str) -> list[str]:
    path, _, anchor = arg.partition(":")
    src = (md.parent / path).resolve()
    text = src.read_text().splitlines()
    if not anchor:
        return text
    marker = re.compile(r"\bANCHOR(_END)?:\s*([\w-]+)")
    out, inside, found = [], False, False
    for line in text:
        m = marker.search(line)
        if m and m.group(2) == anchor:
            inside, found = not m.group(1), True
            continue
        if inside and not m:
            out.append(line)
    if not found:
        raise ValueError(f"{path}: no ANCHOR: {anchor}")
    return out


def commands(body: list[str]) -> list[tuple[str, list[str]]]:
    """Splits a console block into (command, expected output lines)."""
    out: list[tuple[str, list[str]]] = []
    lines = iter(body)
    for line in lines:
        if line.startswith("$ "):
            cmd = line[2:]
            while cmd.endswith("\\"):
                cmd += "\n" + next(lines)  # bash reads backslash-newline as a continuation
            out.append((cmd, []))
        elif out:
            out[-1][1].append(line)
        else:
            raise ValueError(f"output before any `$ ` command: {line!r}")
    return out


def environment() -> dict[str, str]:
    # As a reader's shell runs them: not under make's jobserver, whose
    # MAKEFLAGS rustc would warn about when run by `make test-docs`.
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    tools = env.get("TOOLS_DIR", str(ROOT / ".tools"))
    env.update(TOOLS_DIR=tools, NO_COLOR="1", CARGO_TERM_COLOR="never", TERM="dumb", LC_ALL="C.UTF-8",
               PATH=os.pathsep.join([f"{tools}/bin", str(ROOT / "target/release"), f"{Path.home()}/.cargo/bin",
                                     "/usr/local/go/bin", env["PATH"]]))
    return env


def relativise(text: str, env: dict[str, str]) -> str:
    text = text.replace(env["TOOLS_DIR"], "$TOOLS_DIR").replace(str(ROOT) + "/", "")
    return text.replace(str(ROOT), ".")


def run(cmd: str, env: dict[str, str]) -> tuple[int, list[str]]:
    p = subprocess.run(["bash", "-o", "pipefail", "-c", cmd], cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=COMMAND_TIMEOUT_S, check=False)
    text = relativise(p.stdout.decode("utf-8", "replace"), env)
    return p.returncode, [line.rstrip() for line in text.rstrip("\n").split("\n")] if text.strip() else []


def options(arg: str) -> dict[str, str]:
    return dict(kv.split("=", 1) for kv in arg.split()) if arg else {}


def masked(lines: list[str], ignore: str | None) -> list[str]:
    out = [DURATION.sub("<time>", line.rstrip()) for line in lines]
    return [re.sub(ignore, "…", line) for line in out] if ignore else out


class Report:
    def __init__(self) -> None:
        self.failures: list[str] = []
        self.counts = {"include": 0, "run": 0, "covered": 0}

    def fail(self, where: str, msg: str) -> None:
        self.failures.append(f"{where}: {msg}")


def check_file(md: Path, bless: bool, report: Report, env: dict[str, str]) -> None:
    lines = md.read_text().split("\n")
    rel = md.relative_to(ROOT) if md.is_relative_to(ROOT) else md
    replacements: list[tuple[Block, list[str]]] = []
    for b in parse_blocks(lines):
        where = f"{rel}:{b.start}"
        if b.kind == "include":
            report.counts["include"] += 1
            try:
                want = included(md, b.arg)
            except (ValueError, OSError) as e:
                report.fail(where, str(e))
                continue
            if b.body(lines) != want:
                if bless:
                    replacements.append((b, want))
                else:
                    report.fail(where, f"differs from {b.arg} (make bless-docs rewrites it)")
        elif b.kind == "run" and b.lang == "console":
            opts = options(b.arg)
            exit_want, ignore = int(opts.get("exit", "0")), opts.get("ignore")
            new_body = []
            for cmd, expected in commands(b.body(lines)):
                report.counts["run"] += 1
                print(f"[docs] $ {cmd.splitlines()[0]}", file=sys.stderr, flush=True)
                status, got = run(cmd, env)
                new_body += ("$ " + cmd).split("\n") + got
                if status != exit_want:
                    report.fail(where, f"`{cmd}` exited {status}, the page says {exit_want}:\n" + "\n".join(got[-20:]))
                elif masked(got, ignore) != masked(expected, ignore) and not bless:
                    pairs = zip_longest(masked(expected, ignore), masked(got, ignore), fillvalue="")
                    diff = "\n".join(f"  page: {e!r}\n  real: {g!r}" for e, g in pairs if e != g)
                    report.fail(where, f"`{cmd}` printed something else (make bless-docs rewrites it):\n{diff}")
            if bless and new_body != b.body(lines):
                replacements.append((b, new_body))
        elif b.kind == "covered" and b.lang == "console":
            report.counts["covered"] += 1
            if not b.arg:
                report.fail(where, "`covered:` must say which CI step runs these commands")
        elif b.lang == "console":
            report.fail(where, "a console block needs <!-- run --> or <!-- covered: WHY -->")
        elif b.lang.lower() in CODE_LANGS:
            report.fail(where, f"a {b.lang} block needs <!-- include: PATH[:ANCHOR] --> (never pasted code)")
    for b, body in reversed(replacements):
        lines[b.start:b.end] = body
    if replacements:
        md.write_text("\n".join(lines))
        print(f"[docs] blessed {len(replacements)} block(s) in {rel}", file=sys.stderr)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("files", nargs="+", type=Path)
    ap.add_argument("--bless", action="store_true", default=os.environ.get("BLESS") == "1")
    args = ap.parse_args()
    report, env = Report(), environment()
    for md in args.files:
        try:
            check_file(md.resolve(), args.bless, report, env)
        except (ValueError, OSError) as e:
            report.fail(str(md), str(e))
    for f in report.failures:
        print(f"FAIL {f}", file=sys.stderr)
    c = report.counts
    print(f"docs: {len(args.files)} pages, {c['include']} included blocks, {c['run']} commands run, "
          f"{c['covered']} blocks covered by other CI steps")
    passed = c["include"] + c["run"] + c["covered"] - len(report.failures)
    print(f"{passed} passed, {len(report.failures)} failed")
    return 1 if report.failures else 0


if __name__ == "__main__":
    sys.exit(main())
