"""Leak check: thousands of compute requests through one instance of the
composed service leave its memory flat.

Both servers make a fresh instance of the composition for every request by
default, and a fresh instance starts with fresh memories and handle tables:
a frame the gateway forgot to drop would die with its instance and no
measurement could see it. So this test runs stock `wasmtime serve` with
instance reuse (`--max-instance-reuse-count`): every request goes to the
same instance (or to a second one, see below), whose memories and handle
tables live from the first request to the last, as a long-lived deployment's
would.

What is measured: the server process's resident set (VmRSS), from outside.
A leaked frame keeps its pixels in image-ops' linear memory, which wasmtime
maps and the guest's allocator has written: resident pages. A leaked handle
of any kind keeps something alive in some component's memory too. The RSS
also holds things no guest controls (compiled code, wasmtime's own tables),
but those are the same after the warm-up; so the check is the growth between
the end of the warm-up and the end of the run, against a bound far below
what one leaked frame per request adds (the 256² RGB input frame is 192 KiB,
its grayscale result 64 KiB: at 1000 requests, 192 MiB and 64 MiB).

Instances: wasmtime serve hands a request to an idle instance or, when every
instance is busy, makes a new one. The gateway answers 202 before it
computes, so a request sent at once after the previous answer finds that
instance busy. The test therefore waits until the task has finished (its
input file is gone from the data directory, without asking the server), and
during the warm-up sends pairs of overlapping requests so that the second
instance a late-running `handle` may need exists before the measurement
starts; the run then never needs a third.
"""

import json
import time

import pytest
from support import png, sample_rgb

WARM_UP_PAIRS = 50
WARM_UP = 200
# Far above the noise (a few MiB: the allocators' high-water marks settle),
# far below one leaked frame per request.
GROWTH_BOUND = 16 << 20


def rss_bytes(pid: int) -> int:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise AssertionError(f"no VmRSS for process {pid}")


def compute(server, image: bytes) -> str:
    """One 256² grayscale compute request (`no-cache`: never a hit); returns
    the task id without waiting."""
    r = server.call("POST", "/process?operation=grayscale", image,
                    {"content-type": "image/png", "cache-control": "no-cache"})
    assert r.status == 202, (r.status, r.body[:300])
    return r.json()["task_id"]


def wait_finished(server, task_id: str, timeout: float = 60) -> None:
    """Until the task has run: its input is removed when it completes. Reads
    the store's files, so that polling does not occupy an instance."""
    deadline = time.monotonic() + timeout
    while server.blobs.exists("tasks", f"{task_id}.in"):
        if time.monotonic() > deadline:
            raise AssertionError(f"task {task_id} still pending after {timeout} s")
        time.sleep(0.001)
    record = json.loads(server.blobs.get("tasks", f"{task_id}.json"))
    assert record["state"] == "completed", record


@pytest.mark.parametrize("requests", [1000, pytest.param(10_000, marks=pytest.mark.slow)])
def test_memory_stays_flat_over_many_requests(make_server, requests):
    s = make_server("wasmtime", f"leak-{requests}", env={"LOG_LEVEL": "warn", "MAX_TASKS": "64"},
                    host_args=["--max-instance-reuse-count", str(10 * requests),
                               "--idle-instance-timeout", "3600s"]).start()
    image = png(sample_rgb(seed=801))
    try:
        for _ in range(WARM_UP_PAIRS):
            pair = [compute(s, image), compute(s, image)]
            for task in pair:
                wait_finished(s, task)
        for _ in range(WARM_UP):
            wait_finished(s, compute(s, image))
        time.sleep(0.01)  # the last handle returns after its task's files
        before = rss_bytes(s.proc.pid)
        samples = []
        started = time.monotonic()
        for i in range(requests):
            wait_finished(s, compute(s, image))
            if (i + 1) % (requests // 10) == 0:
                samples.append(rss_bytes(s.proc.pid))
        seconds = time.monotonic() - started
        time.sleep(0.01)
        after = rss_bytes(s.proc.pid)
        mib = [round((x - before) / (1 << 20), 1) for x in samples]
        print(f"\n{requests} requests in {seconds:.1f} s ({requests / seconds:.0f}/s); RSS after the warm-up "
              f"{before / (1 << 20):.1f} MiB, at the end {after / (1 << 20):.1f} MiB; growth every tenth (MiB): {mib}")
        assert after - before < GROWTH_BOUND, (
            f"the service's memory grew by {(after - before) / (1 << 20):.1f} MiB over {requests} requests "
            f"(bound {GROWTH_BOUND >> 20} MiB; every tenth: {mib} MiB): something is not dropped")
    finally:
        s.kill()
