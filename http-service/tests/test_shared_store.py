"""Several servers on one Redis (`image-pipeline serve --store`): what one
accepts another serves; a task whose server died is finished by another,
exactly once; Redis restarted with AOF loses nothing it acknowledged;
Redis away is a 503 with retry-after, then the service recovers. And stock
`wasmtime serve -S keyvalue` runs the same build/image-service.wasm.

Every server and Redis here is on 127.0.0.1 with a free port, and each test
has its own Redis and directories."""

import json
import signal
import threading
import time

import numpy as np
from support import decode, grayscale, png, sample_rgb, slow_rgb, submit, submit_slow, wait_done

# Longer than the slow task (~2 s), so that the killed server's lease ends
# after the point where it would have finished; and long enough that a few
# polls fit in one lease-long claim window on a busy machine.
LEASE_SECS = 5
POLLS = 16


def on_one_redis(make_server, name: str, count: int, **kwargs):
    """`count` "redis" servers sharing one Redis, started."""
    first = make_server("redis", f"{name}-0", **kwargs)
    rest = [make_server("redis", f"{name}-{i}", redis=first.redis, **kwargs) for i in range(1, count)]
    return [s.start() for s in [first, *rest]]


def reruns(servers, task: str) -> int:
    """How many times any of `servers` claimed `task` after a lease ran out."""
    pattern = f"task {task}: its worker's lease ran out; running it again"
    return sum(s.log_text().count(pattern) for s in servers)


def test_submitted_to_one_served_by_the_other(make_server):
    a, b = on_one_redis(make_server, "pair", 2)
    rgb = sample_rgb(seed=802)
    r = submit(a, png(rgb), "grayscale")
    assert r.status == 202, r.body
    done = wait_done(b, r.json()["task_id"])
    assert done.status == 200, done.body
    np.testing.assert_array_equal(decode(done.body), grayscale(rgb))
    # B's cache holds what A computed.
    hit = submit(b, png(rgb), "grayscale")
    assert hit.headers["x-cache"] == "hit", hit.headers
    assert b.call("GET", f"/status/{hit.json()['task_id']}").body == done.body


def test_task_of_a_killed_server_is_finished_by_another_exactly_once(make_server):
    """A accepts a slow task and is killed (SIGKILL) mid-task; until its
    lease ends B and C answer `processing`. Then, deterministically: a
    worker that won the claim of the ended lease (its counter is 1 in Redis)
    and died before saving its lease keeps everyone else out for that lease
    window. A window later, sixteen concurrent polls on B and C: exactly one
    claims and runs the task, and the result is right."""
    a, b, c = on_one_redis(make_server, "lease", 3, env={"TASK_LEASE_SECS": str(LEASE_SECS)})
    r = submit_slow(a, seed=801)
    assert r.status == 202, r.body
    task = r.json()["task_id"]
    a.kill()
    assert b.call("GET", f"/status/{task}").json() == {"status": "processing"}
    lease_end = json.loads(a.blobs.get("tasks", f"{task}.json"))["lease_until_ms"]
    time.sleep(max(lease_end / 1000 - time.time(), 0) + 0.2)

    # Another worker's claim of this ended lease, in its first window.
    assert a.redis.command("INCR", f"h/tasks/{task}.claim-{lease_end}-0") == 1
    polled = [s.call("GET", f"/status/{task}") for s in [b, c, b, c]]
    assert time.time() < lease_end / 1000 + LEASE_SECS, "the polls outlasted the window: the machine is too slow"
    assert reruns([b, c], task) == 0, "a claim someone else won is not taken again"
    assert all(p.body == b'{"status":"processing"}' for p in polled), [p.body[:40] for p in polled]

    # Sixteen polls released at once (a barrier), half on B, half on C, in
    # the next window: with a claim that is not atomic (read the lease, then
    # write a new one), several of them may run the task.
    time.sleep(max(lease_end / 1000 + LEASE_SECS - time.time(), 0) + 0.2)
    answers = []
    start = threading.Barrier(POLLS)

    def poll(server):
        start.wait()
        answers.append(server.call("GET", f"/status/{task}"))

    polls = [threading.Thread(target=poll, args=(s,)) for s in [b, c] * (POLLS // 2)]
    for t in polls:
        t.start()
    for t in polls:
        t.join()
    assert all(x.status == 200 for x in answers), [x.body for x in answers]
    done = wait_done(b, task)
    assert done.status == 200, done.body
    assert decode(done.body).shape == slow_rgb(801).shape
    assert reruns([b, c], task) == 1, "one claim per ended lease"
    assert c.call("GET", f"/status/{task}").body == done.body


def test_redis_restarted_with_aof_loses_nothing_acknowledged(make_server):
    """Completed tasks, cache entries and a task accepted just before Redis
    is killed (SIGKILL: no shutdown save) are all there after the restart;
    the accepted one completes, by its worker or after its lease."""
    a, b = on_one_redis(make_server, "aof", 2, env={"TASK_LEASE_SECS": str(LEASE_SECS)})
    redis = a.redis
    images = [sample_rgb(32, 32, seed=810 + i) for i in range(3)]
    results = {}
    for rgb in images:
        task = submit(a, png(rgb), "grayscale").json()["task_id"]
        results[task] = wait_done(b, task).body
    accepted = submit_slow(a, seed=811)
    assert accepted.status == 202
    redis.kill(signal.SIGKILL)
    redis.start()

    # Both servers' connections died with Redis; the first request on each
    # is served all the same (the host re-runs a command on a dropped
    # connection), the cache lookup on A included.
    for task, body in results.items():
        got = b.call("GET", f"/status/{task}")
        assert got.status == 200 and got.body == body, got.body[:200]
    assert submit(a, png(images[0]), "grayscale").headers["x-cache"] == "hit"
    done = wait_done(b, accepted.json()["task_id"], timeout=60)
    assert done.status == 200, done.body


def test_redis_down_is_503_with_retry_after_then_recovery(make_server, sample_png):
    (a,) = on_one_redis(make_server, "down", 1)
    before = submit(a, sample_png, "grayscale").json()["task_id"]
    assert wait_done(a, before).status == 200
    a.redis.kill(signal.SIGKILL)
    for method, path, body in [("GET", "/health", None), ("POST", "/process?operation=grayscale", sample_png),
                               ("GET", f"/status/{before}", None)]:
        r = a.call(method, path, body, {"content-type": "image/png"} if body else None)
        assert r.status == 503, (path, r.status, r.body)
        assert r.headers["retry-after"] == "1"
        assert "storage" in r.json()["error"]
    assert a.proc.poll() is None, "the server is still running"

    a.redis.start()
    deadline = time.monotonic() + 15
    while (r := a.call("GET", "/health")).status != 200:
        assert r.status == 503 and time.monotonic() < deadline, r.body
        time.sleep(int(r.headers["retry-after"]))
    assert a.call("GET", f"/status/{before}").status == 200, "kept across the outage (AOF)"
    task = submit(a, sample_png, "grayscale", headers={"cache-control": "no-cache"})
    assert task.status == 202, task.body
    assert wait_done(a, task.json()["task_id"]).status == 200


def test_values_are_chunked_within_the_store_limit(make_server):
    """With KV_CHUNK_BYTES=16384, no value in Redis is longer than a chunk
    (plus a head's line), and the chunked input and result come back whole."""
    a, b = on_one_redis(make_server, "chunks", 2, env={"KV_CHUNK_BYTES": "16384", "CACHE_MAX_BYTES": "0"})
    rgb = sample_rgb(seed=820)
    image = png(rgb)
    assert len(image) > 4 * 16384
    task = submit(a, image, "grayscale").json()["task_id"]
    done = wait_done(b, task)
    assert done.status == 200
    np.testing.assert_array_equal(decode(done.body), grayscale(rgb))
    redis = a.redis
    assert a.blobs.chunk_count() >= 2, redis.keys()
    longest = max(redis.command("STRLEN", k) for k in redis.keys())
    assert longest <= 16384, longest


def test_stock_wasmtime_serve_with_in_memory_keyvalue(make_server):
    """`wasmtime serve -S keyvalue` gives each instance a fresh in-memory
    bucket: with one reused instance (`--max-instance-reuse-count`, one
    request at a time) the whole flow works; with wasmtime's default of one
    instance per request, the task is gone by the next request (a 404, not
    an error)."""
    rgb = sample_rgb(48, 48, seed=830)
    reused = make_server("wasmtime-kv", "kv-reuse",
                         host_args=["--max-instance-reuse-count", "1000", "--max-concurrent-requests", "1"]).start()
    r = submit(reused, png(rgb), "grayscale")
    assert r.status == 202, r.body
    done = wait_done(reused, r.json()["task_id"])
    assert done.status == 200, done.body
    np.testing.assert_array_equal(decode(done.body), grayscale(rgb))
    reused.kill()

    fresh = make_server("wasmtime-kv", "kv-fresh").start()
    r = submit(fresh, png(rgb), "grayscale")
    assert r.status == 202, r.body
    assert fresh.call("GET", f"/status/{r.json()['task_id']}").status == 404
    fresh.kill()
