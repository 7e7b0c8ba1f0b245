"""The contract checks (test_world.py: each built world against wit/),
run by pytest and read back from its JUnit XML, so that they are part of
the same report and count."""

from __future__ import annotations

import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent


def run() -> list[tuple[str, list[str]]]:
    """(check name, failure messages) for every contract check."""
    with tempfile.TemporaryDirectory() as tmp:
        junit = Path(tmp) / "contract.xml"
        done = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--junitxml={junit}",
             str(HERE / "test_world.py")],
            capture_output=True, text=True, check=False,
        )
        if not junit.is_file():
            return [("test_world.py", [f"pytest did not run: {done.stdout}{done.stderr}".strip()])]
        checks = []
        for case in ET.parse(junit).iter("testcase"):
            problems = [(p.get("message") or "") + "\n" + (p.text or "") for p in case
                        if p.tag in ("failure", "error")]
            checks.append((f"contract/{case.get('name')}", [p.strip() for p in problems]))
        return checks
