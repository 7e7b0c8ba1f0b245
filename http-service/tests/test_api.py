"""The HTTP API, case by case, against both servers (`server` is
parametrised over stock `wasmtime serve` and `image-pipeline serve`)."""

import json

import numpy as np
from conftest import BODY_LIMIT
from support import b64, decode, grayscale, png, png_with_size, sample_rgb, submit, wait_done


def error_of(r, status):
    assert r.status == status, (r.status, r.body[:300])
    assert r.headers["content-type"] == "application/json"
    body = r.json()
    assert isinstance(body["error"], str) and body["error"], body
    return body


def test_health(server):
    r = server.call("GET", "/health")
    assert r.status == 200
    body = r.json()
    assert body["status"] == "ok"
    assert body["formats"] == ["png", "jpeg", "jpg"]
    assert body["max_body_bytes"] == BODY_LIMIT


def test_raw_body_202_then_the_exact_result(server):
    rgb = sample_rgb(seed=101)
    r = submit(server, png(rgb), "grayscale", headers={"cache-control": "no-cache"})
    assert r.status == 202, r.body
    body = r.json()
    assert body["status"] == "pending"
    assert len(body["task_id"]) == 32
    assert r.headers["location"] == f"/status/{body['task_id']}"
    done = wait_done(server, body["task_id"])
    assert done.status == 200, done.body
    assert done.headers["content-type"] == "image/png"
    assert done.headers["x-cache"] == "miss"
    np.testing.assert_array_equal(decode(done.body), grayscale(rgb))


def test_json_body_with_options(server):
    rgb = sample_rgb(seed=102)
    request = {"image": b64(png(rgb)), "operation": "resize:64x32|blur", "options": {"blur_radius": 2}}
    r = server.call("POST", "/process", json.dumps(request).encode(), {"content-type": "application/json"})
    assert r.status == 202, r.body
    assert r.json()["status"] == "pending"
    done = wait_done(server, r.json()["task_id"])
    assert done.status == 200, done.body
    assert decode(done.body).shape == (32, 64, 3)


def test_processing_while_pending(server):
    # Big enough that the blur outlasts the next request by far.
    rgb = np.tile(sample_rgb(seed=103), (3, 3, 1))
    r = submit(server, png(rgb), "blur", blur_radius=200)
    assert r.status == 202, r.body
    status = server.call("GET", f"/status/{r.json()['task_id']}")
    assert status.status == 200
    assert status.json() == {"status": "processing"}
    assert wait_done(server, r.json()["task_id"]).status == 200


def test_format_by_accept_and_by_query(server):
    rgb = sample_rgb(seed=104)
    task = submit(server, png(rgb), "grayscale").json()["task_id"]
    assert wait_done(server, task).status == 200
    by_accept = server.call("GET", f"/status/{task}", headers={"accept": "image/jpeg"})
    by_query = server.call("GET", f"/status/{task}?format=jpeg", headers={"accept": "image/png"})
    preferred = server.call("GET", f"/status/{task}", headers={"accept": "image/png;q=0.5, image/jpeg;q=0.9"})
    for r in (by_accept, by_query, preferred):
        assert r.status == 200
        assert r.headers["content-type"] == "image/jpeg"
        assert r.body[:2] == b"\xff\xd8"
        # Lossy, but close to the exact grayscale.
        assert np.abs(decode(r.body).astype(int) - grayscale(rgb)).mean() < 3
    as_png = server.call("GET", f"/status/{task}?format=png", headers={"accept": "image/jpeg"})
    assert as_png.headers["content-type"] == "image/png"


def test_406_when_no_format_is_acceptable(server, sample_png):
    task = submit(server, sample_png, "grayscale").json()["task_id"]
    assert wait_done(server, task).status == 200
    error_of(server.call("GET", f"/status/{task}", headers={"accept": "text/html"}), 406)
    error_of(server.call("GET", f"/status/{task}?format=gif"), 400)


def test_jpeg_of_an_image_with_alpha_is_406(server):
    rgba = np.dstack([sample_rgb(32, 32, seed=105), np.full((32, 32), 128, np.uint8)])
    task = submit(server, png(rgba), "resize:16x16").json()["task_id"]
    assert wait_done(server, task).status == 200
    body = error_of(server.call("GET", f"/status/{task}?format=jpeg"), 406)
    assert "alpha" in body["error"]


def test_invalid_format_is_422(server):
    task = submit(server, b"not an image at all", "grayscale").json()["task_id"]
    body = error_of(wait_done(server, task), 422)
    assert body["variant"] == "invalid-format"
    assert "PNG" in body["error"]


def test_out_of_range_option_is_422(server, sample_png):
    task = submit(server, sample_png, "apply-filter", brightness=2).json()["task_id"]
    assert error_of(wait_done(server, task), 422)["variant"] == "invalid-format"


def test_out_of_memory_is_500(server):
    # A header over the pixel limits: refused before any allocation.
    task = submit(server, png_with_size(20000, 20000), "grayscale").json()["task_id"]
    body = error_of(wait_done(server, task), 500)
    assert body["variant"] == "out-of-memory"


def test_unknown_task_is_404(server):
    error_of(server.call("GET", "/status/" + "0" * 32), 404)
    error_of(server.call("GET", "/status/ffffffffffff0000000000000000000f"), 404)
    error_of(server.call("GET", "/status/not-a-task"), 404)


def test_bad_requests_are_400(server, sample_png):
    def post_json(body):
        return server.call("POST", "/process", body, {"content-type": "application/json"})

    cases = [
        (post_json(b"{not json"), "invalid JSON"),
        (post_json(json.dumps({"image": "***", "operation": "grayscale"}).encode()), "base64"),
        (post_json(json.dumps({"image": b64(sample_png), "operation": "sepia"}).encode()), "unknown operation"),
        (post_json(json.dumps({"image": b64(sample_png), "operation": "blur"}).encode()), "blur_radius"),
        (post_json(json.dumps({"image": "", "operation": "grayscale"}).encode()), "empty"),
        (submit(server, sample_png, "resize:10"), "resize size"),
        (server.call("POST", "/process", sample_png, {"content-type": "image/png"}), "operation"),
        (submit(server, sample_png, "grayscale", brightness="NaN"), "not a valid number"),
    ]
    for r, needle in cases:
        assert needle in error_of(r, 400)["error"]


def test_body_over_the_limit_is_413(server):
    body = error_of(server.call("POST", "/process?operation=grayscale", b"\0" * (BODY_LIMIT + 1),
                                {"content-type": "image/png"}), 413)
    assert str(BODY_LIMIT) in body["error"]
    # Exactly at the limit is accepted (and fails later as an image).
    assert server.call("POST", "/process?operation=grayscale", b"\0" * BODY_LIMIT,
                       {"content-type": "image/png"}).status == 202


def test_wrong_method_is_405(server):
    for method, path, allow in [("GET", "/process", "POST"), ("PUT", "/process-from-url", "POST"),
                                ("POST", "/health", "GET"), ("DELETE", "/status/abc", "GET")]:
        r = server.call(method, path)
        error_of(r, 405)
        assert r.headers["allow"] == allow


def test_unknown_path_is_404(server):
    for path in ["/", "/nope", "/status/", "/status/a/b"]:
        error_of(server.call("GET", path), 404)
