"""Runs a command and writes its peak RSS (KiB) to a file: `peak_rss.py OUT
-- CMD...`. stdin, stdout and stderr pass through; the exit status is the
command's.

Why a process in between: Linux counts, in a process's peak RSS, the peak of
the memory it was exec'd from. A column started straight from the bench
driver (hundreds of MiB of inputs in memory) would report at least the
driver's peak; started from this small process, it reports its own.
"""

import os
import subprocess
import sys


def main() -> int:
    if len(sys.argv) < 4 or sys.argv[2] != "--":
        print("usage: peak_rss.py OUT -- CMD...", file=sys.stderr)
        return 2
    proc = subprocess.Popen(sys.argv[3:])
    _, status, usage = os.wait4(proc.pid, 0)
    with open(sys.argv[1], "w", encoding="utf-8") as out:
        out.write(f"{usage.ru_maxrss}\n")
    return os.waitstatus_to_exitcode(status)


if __name__ == "__main__":
    sys.exit(main())
