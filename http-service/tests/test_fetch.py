"""process-from-url: the allow-list, in the component (both servers) and
in the host (`image-pipeline serve` only), against a local image server."""

import json

import numpy as np
import pytest
from support import decode, grayscale, sample_rgb, wait_done


def from_url(server, url: str, operation: str = "grayscale"):
    body = json.dumps({"url": url, "operation": operation}).encode()
    return server.call("POST", "/process-from-url", body, {"content-type": "application/json"})


def test_allowed_host_is_fetched(server, image_server):
    r = from_url(server, f"http://127.0.0.1:{image_server}/sample.png")
    assert r.status == 202, r.body
    done = wait_done(server, r.json()["task_id"])
    assert done.status == 200, done.body
    np.testing.assert_array_equal(decode(done.body), grayscale(sample_rgb()))


def test_host_not_on_the_list_is_denied_by_the_component(server, image_server):
    # The same server under another name: not on ALLOWED_HOSTS.
    r = from_url(server, f"http://localhost:{image_server}/sample.png")
    assert r.status == 403, r.body
    assert "not on the allow-list (ALLOWED_HOSTS)" in r.json()["error"]


def test_port_not_on_the_list_is_denied(server, image_server):
    r = from_url(server, f"http://127.0.0.1:{image_server + 1 if image_server < 65535 else 1}/sample.png")
    assert r.status == 403, r.body


def test_upstream_errors_are_502(server, image_server):
    r = from_url(server, f"http://127.0.0.1:{image_server}/missing.png")
    assert r.status == 502, r.body
    assert "HTTP 404" in r.json()["error"]


def test_bad_url_requests_are_400(server):
    for body in [b"{", json.dumps({"url": "ftp://127.0.0.1/x", "operation": "grayscale"}).encode(),
                 json.dumps({"url": "http://127.0.0.1/x", "operation": "nope"}).encode()]:
        r = server.call("POST", "/process-from-url", body, {"content-type": "application/json"})
        assert r.status == 400, r.body
        assert r.json()["error"]


@pytest.fixture(scope="module")
def permissive_component(make_server, image_server):
    """`image-pipeline serve` whose component would fetch from localhost too,
    while the host allows only 127.0.0.1: the host's hook must refuse."""
    s = make_server(
        "host",
        "host-allow-list",
        allow_hosts=[f"127.0.0.1:{image_server}"],
        env={"ALLOWED_HOSTS": f"127.0.0.1:{image_server},localhost:{image_server}"},
    ).start()
    yield s
    s.kill()


def test_host_allow_list_denies_what_the_component_allows(permissive_component, image_server):
    allowed = from_url(permissive_component, f"http://127.0.0.1:{image_server}/sample.png")
    assert allowed.status == 202, allowed.body
    denied = from_url(permissive_component, f"http://localhost:{image_server}/sample.png")
    assert denied.status == 403, denied.body
    assert "HTTP-request-denied" in denied.json()["error"]
    assert "denied the component's request" in permissive_component.log_text()


@pytest.mark.parametrize("kind", ["wasmtime", "host"])
def test_upstream_too_slow_is_504(make_server, image_server, kind):
    s = make_server(kind, "fetch-timeout", env={"FETCH_TIMEOUT_SECS": "1"}).start()
    r = from_url(s, f"http://127.0.0.1:{image_server}/slow.png")
    assert r.status == 504, r.body
    assert "did not answer in time" in r.json()["error"]
    s.kill()
