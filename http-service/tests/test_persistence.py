"""State outlives instances and servers: results after a restart, a
graceful shutdown that finishes the work in flight, a crashed task run again
after its lease; and the bounds: tasks by count and age, pending work
(503). Each test starts its own servers, of every kind ("redis": one
server on its own Redis, which outlives the server's restarts)."""

import signal
import time

import numpy as np
import pytest
from support import KINDS, decode, grayscale, png, sample_rgb, submit, submit_slow, wait_done


@pytest.mark.parametrize("kind", KINDS)
def test_result_survives_a_killed_server(make_server, kind):
    rgb = sample_rgb(seed=402)
    s = make_server(kind, "restart").start()
    task = submit(s, png(rgb), "grayscale").json()["task_id"]
    before = wait_done(s, task)
    assert before.status == 200
    s.kill()  # SIGKILL: nothing gets to clean up

    s.start()
    after = s.call("GET", f"/status/{task}")
    assert after.status == 200
    assert after.body == before.body
    np.testing.assert_array_equal(decode(after.body), grayscale(rgb))
    s.kill()


@pytest.mark.parametrize("kind, sig", [("wasmtime", signal.SIGINT), ("host", signal.SIGINT), ("host", signal.SIGTERM),
                                        ("redis", signal.SIGTERM)])
def test_graceful_shutdown_finishes_the_work_in_flight(make_server, kind, sig):
    s = make_server(kind, f"graceful-{sig.name}").start()
    r = submit_slow(s)
    assert r.status == 202
    assert s.call("GET", f"/status/{r.json()['task_id']}").json() == {"status": "processing"}
    assert s.stop(sig) is not None

    s.start()
    done = s.call("GET", f"/status/{r.json()['task_id']}")
    assert done.status == 200, done.body
    assert done.headers["content-type"] == "image/png"
    s.kill()


@pytest.mark.parametrize("kind", KINDS)
def test_task_of_a_crashed_server_runs_again_after_its_lease(make_server, kind):
    s = make_server(kind, "crash", env={"TASK_LEASE_SECS": "1"}).start()
    r = submit_slow(s)
    assert r.status == 202
    s.kill()  # mid-task: the task stays pending, its input stored

    s.start()
    time.sleep(1.2)  # the dead worker's lease runs out
    task = r.json()["task_id"]
    assert s.call("GET", f"/status/{task}").json() == {"status": "processing"}
    done = wait_done(s, task)
    assert done.status == 200, done.body
    assert "lease ran out; running it again" in s.log_text()
    s.kill()


@pytest.mark.parametrize("kind", KINDS)
def test_task_store_is_bounded_by_count(make_server, kind):
    s = make_server(kind, "max-tasks", env={"MAX_TASKS": "3"}).start()
    ids = []
    for i in range(5):
        ids.append(submit(s, png(sample_rgb(8, 8, seed=500 + i)), "grayscale").json()["task_id"])
        wait_done(s, ids[-1])
    assert [s.call("GET", f"/status/{t}").status for t in ids] == [404, 404, 200, 200, 200]
    stored = {k.split(".")[0] for k in s.blobs.keys("tasks")}
    assert stored == set(ids[2:])
    s.kill()


@pytest.mark.parametrize("kind", KINDS)
def test_task_store_is_bounded_by_age(make_server, kind):
    s = make_server(kind, "ttl", env={"TASK_TTL_SECS": "1"}).start()
    task = submit(s, png(sample_rgb(8, 8, seed=600)), "grayscale").json()["task_id"]
    assert wait_done(s, task).status == 200
    time.sleep(1.1)
    assert s.call("GET", f"/status/{task}").status == 404
    s.kill()


@pytest.mark.parametrize("kind", KINDS)
def test_too_much_pending_work_is_503(make_server, kind):
    s = make_server(kind, "busy", env={"MAX_PENDING": "1"}).start()
    slow = submit_slow(s)
    assert slow.status == 202
    busy = submit(s, png(sample_rgb(8, 8, seed=700)), "grayscale", headers={"cache-control": "no-cache"})
    assert busy.status == 503, busy.body
    assert busy.headers["retry-after"] == "1"
    assert "MAX_PENDING" in busy.json()["error"]
    assert wait_done(s, slow.json()["task_id"]).status == 200
    assert submit(s, png(sample_rgb(8, 8, seed=700)), "grayscale").status == 202
    s.kill()
