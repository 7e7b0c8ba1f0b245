"""Orphaned chunks on a shared Redis: chunks no head names, as a put that
crashed between its chunks and its head leaves them, are swept by a later
chunked put (one in 16, a random draw) once their version is an hour old;
chunks seconds old, as those of a put in progress on another server, stay.
The orphans are written into Redis by the test, with versions of the
storage's form: 12 hex digits of creation time (ms), 20 random."""

import secrets
import time

from support import png, sample_rgb, submit, wait_done

HOUR_MS = 3_600_000
# Each task makes two or three chunked puts (input, result, cache entry):
# 100 tasks without a sweep would be a chance of (15/16)^200, about 1e-6.
MAX_TASKS = 100


def version(created_ms: int) -> str:
    return f"{created_ms:012x}{secrets.token_hex(10)}"


def test_old_orphans_are_swept_and_a_put_in_progress_is_not(make_server):
    server = make_server("redis", "orphans").start()
    redis = server.redis
    now = int(time.time() * 1000)
    old, fresh = version(now - 2 * HOUR_MS), version(now)
    crashed = [f"c/tasks/crashed.in/{old}/{i}" for i in range(3)]
    in_progress = [f"c/tasks/in-progress.in/{fresh}/{i}" for i in range(3)]
    for key in crashed + in_progress:
        assert redis.command("SET", key, b"\x00" * 100) == b"OK"

    for n in range(MAX_TASKS):
        image = png(sample_rgb(64, 64, seed=900 + n))
        assert len(image) > 4096, "inline, not chunked"
        r = submit(server, image, "grayscale")
        assert r.status == 202, r.body
        assert wait_done(server, r.json()["task_id"]).status == 200
        keys = set(redis.keys())
        if not keys & set(crashed):
            break
    else:
        raise AssertionError(f"{MAX_TASKS} tasks and the orphans are still there")
    assert set(in_progress) <= keys, "a fresh put's chunks were swept"
