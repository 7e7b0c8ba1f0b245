"""Faults under `image-pipeline serve`: every request gets a fresh store
from the pre-instantiated component, so a trap, a deadline or the memory
limit fails that request only, and the next one succeeds. Traps come from
the test-only trapping build (build/trap/image-service.wasm,
host/traps.mk); limits from a limits file (--config)."""

import http.client
import socket
import threading
import time

import pytest
from support import TASK_TIMEOUT, env_path, png, sample_rgb, submit, wait_done


@pytest.fixture(scope="module")
def trap_server(make_server):
    """image-pipeline serve on the trapping build, 2 s per request."""
    s = make_server("host", "trap", service=env_path("TRAP_SERVICE"),
                    host_args=["--max-cpu-time", "2s", "--log-level", "off"]).start()
    yield s
    s.kill()


def assert_healthy(server, sample_png):
    """A normal request, start to finish: the server is fine."""
    r = submit(server, sample_png, "grayscale", headers={"cache-control": "no-cache"})
    assert r.status == 202, r.body
    done = wait_done(server, r.json()["task_id"])
    assert done.status == 200 and done.headers["content-type"] == "image/png", done.body


def wait_for_log(server, text, timeout=TASK_TIMEOUT):
    deadline = time.monotonic() + timeout
    while text not in server.log_text():
        assert time.monotonic() < deadline, f"{text!r} not in the log:\n{server.log_text()[-2000:]}"
        time.sleep(0.05)


def post_racing(port, path, body, headers):
    """POST whose body a thread sends while the response is read: the
    server may answer early and close before it has read the body (as curl
    copes with, and http.client does not)."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=60)
    head = f"POST {path} HTTP/1.1\r\nhost: x\r\ncontent-length: {len(body)}\r\n"
    head += "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "connection: close\r\n\r\n"

    def send():
        try:
            sock.sendall(head.encode() + body)
        except OSError:
            pass  # the server stopped reading: its answer says why

    sender = threading.Thread(target=send, daemon=True)
    sender.start()
    response = http.client.HTTPResponse(sock)
    response.begin()
    result = response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    sock.close()
    sender.join(timeout=10)
    return result


TRAPPED = "the component trapped"


@pytest.mark.parametrize("query,kind", [
    ("operation=apply-filter&brightness=1001", TRAPPED),                   # Rust panic
    ("operation=apply-filter&brightness=1005", TRAPPED),                   # Rust stack overflow
    ("operation=apply-filter&contrast=2001", TRAPPED),                     # Go panic
    ("operation=apply-filter&contrast=2002", TRAPPED),                     # Go nil dereference
    ("operation=apply-filter&contrast=2004", "deadline exceeded after 2s"),  # Go infinite loop
])
def test_a_trap_after_the_response_fails_that_request_only(trap_server, sample_png, query, kind):
    before = trap_server.log_text().count("[serve] the component failed")
    r = trap_server.call("POST", f"/process?{query}", sample_png,
                         {"content-type": "image/png", "cache-control": "no-cache"})
    # The gateway answers before it processes: the trap comes after.
    assert r.status == 202, r.body
    deadline = time.monotonic() + TASK_TIMEOUT
    while trap_server.log_text().count("[serve] the component failed") == before:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert kind in trap_server.log_text().split("[serve] the component failed")[-1]
    # Its task stays pending (a later status request after TASK_LEASE_SECS
    # would run it again); the next request is served by a fresh instance.
    status = trap_server.call("GET", f"/status/{r.json()['task_id']}")
    assert status.status == 200 and status.json() == {"status": "processing"}
    assert_healthy(trap_server, sample_png)


def test_a_cpp_trap_fails_that_request_only(trap_server, sample_png):
    for kind in ("abort", "trap", "oom"):
        r = trap_server.call("POST", "/process?operation=grayscale", f"TRAP:{kind}".encode(),
                             {"content-type": "image/png", "cache-control": "no-cache"})
        assert r.status == 202, r.body
    wait_for_log(trap_server, "memory limit exceeded")
    assert_healthy(trap_server, sample_png)


def test_deadline_before_the_response_is_504_in_time(make_server, image_server, sample_png, tmp_path):
    """process-from-url waits for a server that answers after 3 s; the
    request's 1 s deadline answers 504 first."""
    config = tmp_path / "limits.toml"
    config.write_text('[permissions]\nmax_cpu_time = "1s"\n'
                      f'allowed_domains = ["127.0.0.1:{image_server}"]\n')
    s = make_server("host", "deadline", allow_hosts=[], host_args=["--config", str(config)]).start()
    try:
        body = f'{{"url": "http://127.0.0.1:{image_server}/slow.png", "operation": "grayscale"}}'
        started = time.monotonic()
        r = s.call("POST", "/process-from-url", body.encode(), {"content-type": "application/json"})
        took = time.monotonic() - started
        assert r.status == 504, r.body
        assert r.json() == {"error": "deadline exceeded after 1s"}
        assert took < 1.0 + 0.1 + 0.1, took  # deadline + 100 ms (+ loopback slack)
        assert_healthy(s, sample_png)
    finally:
        s.kill()


def test_memory_limit_before_the_response_is_503(make_server, sample_png):
    """An 8 MiB body does not fit in a 24 MiB instance (the service's seven
    components need most of that to start): the gateway cannot buffer it,
    the host answers 503, and the next request is fine."""
    s = make_server("host", "memory", env={"MAX_BODY_BYTES": str(64 << 20)},
                    host_args=["--max-memory", "24MiB"]).start()
    try:
        big = png(sample_rgb(64, 64)) + bytes(8 << 20)
        status, headers, body = post_racing(s.port, "/process?operation=grayscale", big,
                                            {"content-type": "image/png"})
        assert status == 503, body
        assert headers.get("retry-after") == "1"
        assert body.startswith(b'{"error":"memory limit exceeded'), body
        assert_healthy(s, sample_png)
    finally:
        s.kill()


def test_no_capacity_within_the_deadline_is_503(make_server, sample_png):
    """One request at a time, 1 s each: A loops for its whole second after
    its 202, B waits for A's permit and then loops too, so C, queued behind
    both, finds no capacity within its second: 503 with retry-after. Once
    they are done the server is fine."""
    s = make_server("host", "overload", service=env_path("TRAP_SERVICE"),
                    host_args=["--max-concurrent", "1", "--max-cpu-time", "1s", "--log-level", "off"]).start()
    try:
        loop = "/process?operation=apply-filter&contrast=2004"  # the Go trap build's infinite loop
        headers = {"content-type": "image/png", "cache-control": "no-cache"}
        results = {}

        def post(name):
            results[name] = s.call("POST", loop, sample_png, headers)

        threads = []
        for name in ("A", "B", "C"):
            threads.append(threading.Thread(target=post, args=(name,)))
            threads[-1].start()
            time.sleep(0.2)  # A holds the permit before B asks, B is queued before C
        for t in threads:
            t.join(timeout=30)
        assert results["A"].status == 202, results["A"].body
        assert results["B"].status == 202, results["B"].body
        assert results["C"].status == 503, results["C"].body
        assert results["C"].headers["retry-after"] == "1"
        assert results["C"].json() == {"error": "overloaded: no capacity within 1s"}
        assert_healthy(s, sample_png)
    finally:
        s.kill()
