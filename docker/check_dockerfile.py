"""Fails when docker/Dockerfile drifts from what CI builds and tests.

    check_dockerfile.py [DOCKERFILE]

Checks, against the Makefile's own rule database (`make -pq`):
- the builder installs the pinned toolchains with `toolchain/install.sh`
  (the installer of every machine) in a layer before `COPY . .`, so that a
  source edit does not redo it, and runs `make` only after that copy;
- every other `make` target the Dockerfile runs builds only files that
  `make test` also builds (phony targets are followed to the files they
  make), so the image never holds something CI does not test;
- every file the runtime stage copies from the builder is one of those;
- the base images are the ones toolchain/versions.env pins (DOCKER_*).
"""

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MAKE_RULE = re.compile(r"^([^#\s:=][^:=]*?):(?![:=])\s*(.*)$")


def instructions(text: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, continuation lines joined, comments dropped."""
    out, cur = [], ""
    for line in text.splitlines():
        if not cur and (not line.strip() or line.lstrip().startswith("#")):
            continue
        if line.rstrip().endswith("\\"):
            cur += line.rstrip()[:-1] + " "
            continue
        cur += line
        word, _, rest = cur.strip().partition(" ")
        out.append((word.upper(), rest.strip()))
        cur = ""
    return out


def make_database() -> tuple[dict[str, list[str]], set[str]]:
    """The Makefile's rules (target -> prerequisites, order-only included) and phony targets."""
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    db = subprocess.run(["make", "-C", str(ROOT), "-pq", "--no-print-directory"], env=env, capture_output=True,
                        text=True, check=False).stdout
    rules: dict[str, list[str]] = {}
    phony: set[str] = set()
    for line in db.splitlines():
        m = MAKE_RULE.match(line)
        if not m:
            continue
        target, prereqs = m.group(1).strip(), m.group(2).replace("|", " ").split()
        if target == ".PHONY":
            phony.update(prereqs)
        elif " " not in target:
            rules.setdefault(target, []).extend(prereqs)
    if "test-inputs" not in rules or "test-suites" not in rules:
        sys.exit("check_dockerfile: no `test-inputs`/`test-suites` rules in `make -pq` output")
    return rules, phony


def closure(rules: dict[str, list[str]], start: str) -> set[str]:
    seen, todo = set(), [start]
    while todo:
        t = todo.pop()
        if t not in seen:
            seen.add(t)
            todo.extend(rules.get(t, []))
    return seen


def files_of(rules: dict[str, list[str]], phony: set[str], target: str) -> set[str]:
    """The files a target makes: itself if a file, else its phony chain's files."""
    if target not in phony:
        return {target if os.path.isabs(target) else str(ROOT / target)}
    out: set[str] = set()
    for p in rules.get(target, []):
        out |= files_of(rules, phony, p)
    return out


def versions() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "toolchain/versions.env").read_text().splitlines():
        if "=" in line and not line.startswith("#"):
            k, v = line.split("=", 1)
            pins[k.strip()] = v.strip()
    return pins


def check(dockerfile: Path) -> list[str]:
    errors: list[str] = []
    ins = instructions(dockerfile.read_text())
    rules, phony = make_database()
    # `make test` builds test-inputs, then runs test-suites.
    tested = closure(rules, "test-inputs") | closure(rules, "test-suites")
    pins = versions()

    args = {a.split("=", 1)[0]: a.split("=", 1)[1] for k, a in ins if k == "ARG" and "=" in a}
    for arg, pin in (("RUST_IMAGE", "DOCKER_RUST_IMAGE"), ("GO_IMAGE", "DOCKER_GO_IMAGE"),
                     ("RUNTIME_IMAGE", "DOCKER_RUNTIME_IMAGE")):
        if args.get(arg) != pins.get(pin):
            errors.append(f"ARG {arg}={args.get(arg)} but toolchain/versions.env has {pin}={pins.get(pin)}")

    stage, workdir, makes, copied = "", "/", [], []
    sources_copied = installed = False
    for word, rest in ins:
        if word == "FROM":
            parts = rest.split()
            stage = parts[2].lower() if len(parts) > 2 and parts[1].upper() == "AS" else ""
        elif word == "WORKDIR" and stage == "builder":
            workdir = rest
        elif word == "RUN" and "toolchain/install.sh" in rest:
            if sources_copied:
                errors.append("toolchain/install.sh must run before `COPY . .`: a source edit would redo it")
            installed = True
        elif word == "COPY" and shlex.split(rest)[-2:] == [".", "."]:
            sources_copied = True
        elif word == "RUN" and re.search(r"\bmake\b", rest):
            if not sources_copied:
                errors.append(f"make before `COPY . .`: RUN {rest}")
            if stage != "builder":
                errors.append(f"`make` outside the builder stage: RUN {rest}")
            for cmd in re.split(r"&&|;|\|\|", rest):
                words = shlex.split(cmd)
                if words and words[0] == "make":
                    makes.append(words[1:])
                elif "make" in words:
                    errors.append(f"a make step must be a plain `make TARGET...`: {cmd.strip()}")
        elif word == "COPY" and "--from=builder" in rest:
            srcs = [w for w in shlex.split(rest) if not w.startswith("--")][:-1]
            copied += srcs

    if not installed:
        errors.append("no `RUN toolchain/install.sh STEP...` layer: the builder must install the pinned toolchains")
    built: set[str] = set()
    for step in makes:
        for t in step:
            if t.startswith("-") or "=" in t:
                errors.append(f"make options or variables make the build differ from CI's: make {' '.join(step)}")
                continue
            if t not in rules and t not in phony:
                errors.append(f"make {t}: no such target")
                continue
            files = files_of(rules, phony, t)
            untested = sorted(f for f in files if f not in tested)
            if untested:
                errors.append(f"make {t} builds what `make test` does not: {', '.join(untested)}")
            built |= files
    for src in copied:
        rel = os.path.relpath(src, workdir) if os.path.isabs(src) else src
        if rel.startswith(".."):
            errors.append(f"COPY --from=builder {src}: outside the builder's WORKDIR {workdir}")
        elif str(ROOT / rel) not in built:
            errors.append(f"COPY --from=builder {src}: not built by the Dockerfile's make steps")
    return errors


def main() -> int:
    dockerfile = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docker/Dockerfile"
    errors = check(dockerfile)
    for e in errors:
        print(f"{dockerfile}: {e}", file=sys.stderr)
    if not errors:
        print(f"{dockerfile.relative_to(ROOT) if dockerfile.is_relative_to(ROOT) else dockerfile}: "
              "make steps are CI's (toolchain/install.sh before the sources, then targets within make test)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
