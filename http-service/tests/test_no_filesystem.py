"""build/image-service.wasm at run time with no filesystem at all: the Go
scheduler's preview1 adapter finds no preopened directory (no-filesystem is
composed under it) and still instantiates, runs tasks and logs. Stock
`wasmtime serve -S keyvalue`, given no --dir."""

import numpy as np
from support import decode, grayscale, png, sample_rgb, submit, wait_done


def test_scheduler_runs_and_logs_without_a_filesystem(make_server):
    server = make_server("wasmtime-kv", "no-fs", env={"LOG_LEVEL": "debug"},
                         host_args=["--max-instance-reuse-count", "1000", "--max-concurrent-requests", "1"]).start()
    rgb = sample_rgb(32, 32, seed=912)
    r = submit(server, png(rgb), "grayscale", headers={"cache-control": "no-cache"})
    assert r.status == 202, r.body
    done = wait_done(server, r.json()["task_id"])
    assert done.status == 200, done.body
    np.testing.assert_array_equal(decode(done.body), grayscale(rgb))
    # The scheduler's state changes, through wasi:logging to stderr.
    log = server.log_text()
    assert "[debug scheduler] task " in log and " pending" in log, log[-2000:]
    server.kill()
