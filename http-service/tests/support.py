"""Servers and an HTTP client for the image service's tests.

`Server` starts stock `wasmtime serve` or `image-pipeline serve` on
127.0.0.1 with a free port. Kinds: "wasmtime" and "host" run
build/image-service-fs.wasm (the store composed in) on their own data
directory; "redis" runs build/image-service.wasm on `image-pipeline serve
--store` with a Redis (`stores.Redis`); "wasmtime-kv" runs it on `wasmtime
serve -S keyvalue` (in-memory, per instance). `Pair` is two "redis" servers
on one Redis, called in turn. The tests talk to any of them through
`call`."""

import base64
import http.client
import io
import os
import re
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image
from stores import Blobs, Redis

# The kinds every HTTP case runs on; "redis" is a pair of servers.
KINDS = ("wasmtime", "host", "redis")
START_TIMEOUT = 120  # the first start compiles the component (~10 s on 2 cores)
TASK_TIMEOUT = 60


def env_path(var: str) -> Path:
    value = os.environ.get(var)
    if not value:
        raise RuntimeError(f"{var} is not set: run the tests with `make test-service`")
    return Path(value)


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self):
        import json

        return json.loads(self.body)


def call(port: int, method: str, path: str, body: bytes | None = None, headers: dict | None = None,
         timeout: float = 60) -> Response:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        r = conn.getresponse()
        return Response(r.status, {k.lower(): v for k, v in r.getheaders()}, r.read())
    finally:
        conn.close()


@dataclass
class Server:
    """One server process. `env` goes to the component's environment; with
    kind "host", `allow_hosts` is also the host's own allow-list."""

    kind: str
    data: Path
    log: Path
    env: dict = field(default_factory=dict)
    allow_hosts: list = field(default_factory=list)
    host_args: list = field(default_factory=list)
    # Another composed service than $IMAGE_SERVICE (the test-only trapping
    # build, say).
    service: Path | None = None
    # The store of kind "redis".
    redis: Redis | None = None
    port: int = 0
    proc: subprocess.Popen | None = None

    def command(self) -> list[str]:
        keyvalue = self.kind in ("redis", "wasmtime-kv")
        service = str(self.service or env_path("IMAGE_SERVICE" if keyvalue else "IMAGE_SERVICE_FS"))
        env = dict(self.env)
        if self.kind == "wasmtime-kv":
            # -S keyvalue: wasmtime's in-memory wasi:keyvalue, fresh for each
            # instance (state lasts only while `--max-instance-reuse-count`
            # keeps the instance).
            env.setdefault("ALLOWED_HOSTS", ",".join(self.allow_hosts))
            cmd = [str(env_path("WASMTIME")), "serve", "--addr", "127.0.0.1:0", "-S", "cli=y", "-S", "keyvalue=y",
                   "-W", "timeout=600s"]
            for k, v in env.items():
                cmd += ["--env", f"{k}={v}"]
            return cmd + self.host_args + [service]
        if self.kind == "wasmtime":
            env.setdefault("ALLOWED_HOSTS", ",".join(self.allow_hosts))
            # -S cli: the wasi:cli imports (environment, filesystem, ...)
            # next to the proxy world's; --dir: the data directory at /data.
            # -W timeout: with a request timeout, serve makes the guest yield
            # at every epoch tick. Without one, a guest computing after its
            # response (a task after its 202) holds its tokio worker, and the
            # response it already set waits in that worker's queue until the
            # computation ends: under load a test saw a task it had just
            # submitted already done. The host's serve yields the same way.
            cmd = [str(env_path("WASMTIME")), "serve", "--addr", "127.0.0.1:0", "-S", "cli=y",
                   "-W", "timeout=600s", "--dir", f"{self.data}::/data"]
            for k, v in env.items():
                cmd += ["--env", f"{k}={v}"]
            return cmd + self.host_args + [service]
        store = ["--store", self.redis.url] if self.kind == "redis" else ["--data", str(self.data)]
        cmd = [str(env_path("IMAGE_PIPELINE_HOST")), "serve", "--addr", "127.0.0.1:0", *store, "--service", service]
        for h in self.allow_hosts:
            cmd += ["--allow-host", h]
        for k, v in env.items():
            cmd += ["--env", f"{k}={v}"]
        return cmd + self.host_args

    def start(self) -> "Server":
        self.data.mkdir(parents=True, exist_ok=True)
        offset = self.log.stat().st_size if self.log.exists() else 0
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen(self.command(), stdout=log, stderr=log, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            text = self.log.read_bytes()[offset:].decode(errors="replace")
            m = re.search(r"http://127\.0\.0\.1:(\d+)", text)
            if m:
                self.port = int(m.group(1))
                break
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.kind} server exited at start:\n{text}")
            time.sleep(0.05)
        else:
            self.kill()
            raise RuntimeError(f"{self.kind} server did not print its address in {START_TIMEOUT} s")
        health = call(self.port, "GET", "/health")
        assert health.status == 200, health.body
        return self

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 60) -> int:
        """Sends `sig` (the graceful shutdown of both servers takes SIGINT;
        the host also takes SIGTERM) and waits for the exit."""
        assert self.proc is not None
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=30)

    def call(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None) -> Response:
        return call(self.port, method, path, body, headers)

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")

    @property
    def blobs(self) -> Blobs:
        """The stored blobs, read from the store itself."""
        return Blobs(redis=self.redis) if self.kind == "redis" else Blobs(data=self.data)


class Pair:
    """Two servers on one store, each request to the next in turn: a task
    submitted to one is polled and fetched from the other."""

    def __init__(self, a: Server, b: Server):
        self.servers = [a, b]
        self.turn = 0
        self.kind = a.kind

    def start(self) -> "Pair":
        for s in self.servers:
            s.start()
        return self

    def kill(self) -> None:
        for s in self.servers:
            s.kill()

    def next(self) -> Server:
        server = self.servers[self.turn]
        self.turn = 1 - self.turn
        return server

    @property
    def port(self) -> int:
        """The port of the next server in turn (for raw connections)."""
        return self.next().port

    def call(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None) -> Response:
        return self.next().call(method, path, body, headers)

    def log_text(self) -> str:
        return "".join(s.log_text() for s in self.servers)

    @property
    def blobs(self) -> Blobs:
        return self.servers[0].blobs


# --- images -----------------------------------------------------------------


def sample_rgb(width: int = 256, height: int = 256, seed: int = 7) -> np.ndarray:
    """A deterministic RGB picture: gradients plus noise, so that every
    channel matters to the grayscale formula."""
    y, x = np.mgrid[0:height, 0:width]
    rng = np.random.default_rng(seed)
    rgb = np.stack([x * 255 // max(width - 1, 1), y * 255 // max(height - 1, 1), (x ^ y) & 255], axis=-1)
    rgb = (rgb + rng.integers(0, 32, size=rgb.shape)) % 256
    return rgb.astype(np.uint8)


def png(pixels: np.ndarray) -> bytes:
    out = io.BytesIO()
    Image.fromarray(pixels).save(out, format="PNG")
    return out.getvalue()


def decode(data: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(data)))


def grayscale(rgb: np.ndarray) -> np.ndarray:
    """`image-ops.grayscale`, as wit/image-ops.wit defines it."""
    r, g, b = (rgb[..., i].astype(np.uint32) for i in range(3))
    return ((19595 * r + 38470 * g + 7471 * b + 32768) >> 16).astype(np.uint8)


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def png_with_size(width: int, height: int) -> bytes:
    """A PNG whose header claims `width` × `height` (CRCs right, pixels
    missing): the codec refuses it from the header alone."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0")) + chunk(b"IEND", b"")


# --- tasks ------------------------------------------------------------------

# Work that lasts long enough (~2 s on 2 cores) to stop or kill a server in
# the middle of it: six 200-pixel blurs of a 1024×1024 image (a blur costs
# the same at any radius, ~0.3 s here, so one is not enough), in a PNG well
# under the tests' 1 MiB body limit.
SLOW_OPERATION = "|".join(["blur"] * 6)


def slow_rgb(seed: int = 401) -> np.ndarray:
    return np.tile(sample_rgb(seed=seed), (4, 4, 1))


def submit_slow(server, seed: int = 401, headers: dict | None = None) -> "Response":
    return submit(server, png(slow_rgb(seed)), SLOW_OPERATION, headers=headers, blur_radius=200)


def submit(server: Server, image: bytes, operation: str, headers: dict | None = None, **options) -> Response:
    query = "&".join([f"operation={operation}"] + [f"{k}={v}" for k, v in options.items()])
    return server.call("POST", f"/process?{query}", image, {"content-type": "image/png", **(headers or {})})


def wait_done(server: Server, task_id: str, headers: dict | None = None, timeout: float = TASK_TIMEOUT) -> Response:
    """Polls GET /status/{id} until the task is no longer processing."""
    deadline = time.monotonic() + timeout
    while True:
        r = server.call("GET", f"/status/{task_id}", headers=headers)
        processing = r.status == 200 and r.headers.get("content-type") == "application/json" \
            and r.json() == {"status": "processing"}
        if not processing:
            return r
        if time.monotonic() > deadline:
            raise AssertionError(f"task {task_id} still processing after {timeout} s")
        time.sleep(0.05)
