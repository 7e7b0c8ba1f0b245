"""Fixtures: one long-lived server of each kind for the HTTP cases (for
"redis", a pair of servers on one Redis), fresh servers for the restart
tests, and a local image server for process-from-url. Everything listens
on 127.0.0.1 only."""

import http.server
import threading
import time
from pathlib import Path

import pytest
from stores import Redis
from support import KINDS, Pair, Server, png, sample_rgb


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "slow: minutes of load (the 10 000-request leak check): make test-service-slow, not make test")


# Small enough that the 413 case sends little; large enough for every image
# the tests send.
BODY_LIMIT = 1 << 20


# The Accept header of each request the image server got, in order.
IMAGE_REQUESTS: list[str | None] = []


class ImageHandler(http.server.BaseHTTPRequestHandler):
    """Serves the sample PNG at /sample.png, the same after 3 s at
    /slow.png, 404 elsewhere; notes each request's Accept header."""

    def do_GET(self):  # noqa: N802 (the http.server API)
        IMAGE_REQUESTS.append(self.headers.get("accept"))
        if self.path == "/slow.png":
            time.sleep(3)
        if self.path in ("/sample.png", "/slow.png"):
            body = self.server.image  # type: ignore[attr-defined]
            self.send_response(200)
            self.send_header("content-type", "image/png")
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        else:
            self.send_error(404)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def image_server():
    """An HTTP server on 127.0.0.1 with the sample image; yields its port."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), ImageHandler)
    httpd.image = png(sample_rgb())  # type: ignore[attr-defined]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd.server_address[1]
    httpd.shutdown()


@pytest.fixture
def image_requests() -> list[str | None]:
    """The Accept header of each request the image server got."""
    return IMAGE_REQUESTS


@pytest.fixture(scope="session")
def make_server(tmp_path_factory, image_server):
    """Builds a Server of a kind (not started), with the test defaults: a 1
    MiB body limit and the image server on the allow-list. Stops whatever
    it made at the end."""
    made = []

    def make(kind: str, name: str, **kwargs) -> Server:
        root = tmp_path_factory.mktemp(f"{kind}-{name}")
        env = {"MAX_BODY_BYTES": str(BODY_LIMIT), "LOG_LEVEL": "info", **kwargs.pop("env", {})}
        kwargs.setdefault("allow_hosts", [f"127.0.0.1:{image_server}"])
        if kind == "redis" and kwargs.get("redis") is None:
            # Its own Redis, unless the test shares one between servers.
            kwargs["redis"] = Redis(Path(root) / "redis").start()
            made.append(kwargs["redis"])
        server = Server(kind=kind, data=Path(root) / "data", log=Path(root) / "server.log", env=env, **kwargs)
        made.append(server)
        return server

    yield make
    for thing in made:
        thing.kill()


@pytest.fixture(scope="session", params=KINDS)
def server(request, make_server) -> Server | Pair:
    """The shared server of each kind: every HTTP case runs against each;
    for "redis", against two servers on one Redis, called in turn."""
    if request.param == "redis":
        a = make_server("redis", "shared-a")
        s = Pair(a, make_server("redis", "shared-b", redis=a.redis)).start()
    else:
        s = make_server(request.param, "shared").start()
    yield s
    s.kill()


@pytest.fixture(scope="session")
def sample_png() -> bytes:
    return png(sample_rgb())
