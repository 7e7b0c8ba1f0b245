"""The result cache: an identical request is served without recomputation,
across the fresh instances both servers make for every request."""

import json

from support import b64, decode, png, sample_rgb, submit, wait_done


def test_repeated_request_is_a_hit(server):
    image = png(sample_rgb(seed=201))
    first = submit(server, image, "resize:40x30|grayscale")
    assert first.status == 202 and first.headers["x-cache"] == "miss"
    computed = wait_done(server, first.json()["task_id"])
    assert computed.status == 200 and computed.headers["x-cache"] == "miss"

    second = submit(server, image, "resize:40x30|grayscale")
    assert second.status == 202
    assert second.headers["x-cache"] == "hit"
    assert second.json()["status"] == "completed"
    assert second.json()["task_id"] != first.json()["task_id"]
    cached = server.call("GET", f"/status/{second.json()['task_id']}")
    assert cached.status == 200
    assert cached.headers["x-cache"] == "hit"
    assert cached.body == computed.body
    # Nothing was computed for the hit.
    assert f"task {second.json()['task_id']}: resize:40x30|grayscale served from the cache" in server.log_text()


def test_options_and_operation_are_part_of_the_key(server):
    image = png(sample_rgb(seed=202))
    wait_done(server, submit(server, image, "blur", blur_radius=1).json()["task_id"])
    assert submit(server, image, "blur", blur_radius=2).headers["x-cache"] == "miss"
    assert submit(server, image, "grayscale").headers["x-cache"] == "miss"
    assert submit(server, image, "blur", blur_radius=1).headers["x-cache"] == "hit"


def test_the_key_is_the_steps_not_their_spelling(server):
    # The gateway keys by the parsed steps: a JSON body and a query that
    # parse to the same steps share the entry, and an option no step uses
    # changes nothing; one that a step uses does.
    image = png(sample_rgb(seed=204))
    wait_done(server, submit(server, image, "resize:20x10|blur", blur_radius=1).json()["task_id"])
    request = {"image": b64(image), "operation": "resize:20x10|blur", "options": {"blur_radius": 1}}
    r = server.call("POST", "/process", json.dumps(request).encode(), {"content-type": "application/json"})
    assert r.headers["x-cache"] == "hit", r.body
    assert submit(server, image, "resize:20x10|blur", blur_radius=1, brightness=0.5).headers["x-cache"] == "hit"
    assert submit(server, image, "resize:20x10|apply-filter", blur_radius=1).headers["x-cache"] == "miss"


def test_no_cache_recomputes(server):
    image = png(sample_rgb(seed=203))
    wait_done(server, submit(server, image, "grayscale").json()["task_id"])
    r = submit(server, image, "grayscale", headers={"cache-control": "no-cache"})
    assert r.headers["x-cache"] == "bypass"
    assert r.json()["status"] == "pending"
    assert wait_done(server, r.json()["task_id"]).headers["x-cache"] == "miss"


def test_failures_are_not_cached(server):
    first = submit(server, b"garbage", "grayscale")
    assert wait_done(server, first.json()["task_id"]).status == 422
    assert submit(server, b"garbage", "grayscale").headers["x-cache"] == "miss"


def test_bounded_in_bytes_least_recently_used_first(make_server):
    # Results of ~4.6 kB, room for two (bound/3 < size ≤ bound/2): A, B,
    # a hit on A, then C must evict B, the least recently used.
    images = {n: png(sample_rgb(64, 64, seed=300 + i)) for i, n in enumerate("ABC")}
    for kind in ("wasmtime", "host", "redis"):
        s = make_server(kind, "cache-bound", env={"CACHE_MAX_BYTES": "11500"}).start()
        try:
            results = {}
            for name in "AB":
                results[name] = wait_done(s, submit(s, images[name], "resize:48x48").json()["task_id"]).body
            sizes = {name: len(result) for name, result in results.items()}
            assert all(11500 / 3 < size <= 11500 / 2 for size in sizes.values()), sizes
            assert submit(s, images["A"], "resize:48x48").headers["x-cache"] == "hit"
            wait_done(s, submit(s, images["C"], "resize:48x48").json()["task_id"])
            # A first: B's miss recomputes B after the response and may then
            # evict A, the least recently used by that time.
            assert submit(s, images["A"], "resize:48x48").headers["x-cache"] == "hit", kind
            assert submit(s, images["B"], "resize:48x48").headers["x-cache"] == "miss", kind
            total = sum(s.blobs.sizes("cache").values())
            assert total <= 11500
            assert decode(results["A"]).shape == (48, 48, 3)
        finally:
            s.kill()
