"""Where the service's state lives, seen from the tests: a Redis server the
tests start (loopback, a free port, its own directory, AOF on), and the
blobs of the storage component read straight from the store, without
asking a server (wit/storage.wit: a head `h/<bucket>/<key>`, its bytes
inline or in chunks `c/<bucket>/<key>/<version>/<i>`).

Two stores hold those keys: kv-fs's files in `<data>/kv/` (the key's bytes
outside `a-z 0-9 _ -`, and a leading `.`, as `%xx`), and Redis."""

import re
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

START_TIMEOUT = 20


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def redis_server() -> str:
    path = shutil.which("redis-server")
    if path is None:
        raise RuntimeError("redis-server is not installed: toolchain/install.sh installs Debian's")
    return path


@dataclass
class Redis:
    """One redis-server on 127.0.0.1: appendonly with `appendfsync always`,
    so that whatever it acknowledged survives a kill -9 and a restart."""

    dir: Path
    port: int = field(default_factory=free_port)
    proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}"

    def start(self) -> "Redis":
        self.dir.mkdir(parents=True, exist_ok=True)
        log = open(self.dir / "redis.log", "ab")
        self.proc = subprocess.Popen(
            [redis_server(), "--bind", "127.0.0.1", "--port", str(self.port), "--dir", str(self.dir),
             "--appendonly", "yes", "--appendfsync", "always", "--save", "", "--protected-mode", "yes"],
            stdout=log, stderr=log, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            try:
                if self.command("PING") == b"PONG":
                    return self
            except OSError:
                pass
            if self.proc.poll() is not None:
                raise RuntimeError(f"redis-server exited at start: {(self.dir / 'redis.log').read_text()}")
            time.sleep(0.05)
        raise RuntimeError("redis-server did not answer PING")

    def kill(self, sig: int = signal.SIGKILL) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(sig)
            self.proc.wait(timeout=30)

    def command(self, *args: str | bytes):
        """One command over RESP; the reply decoded (bulk → bytes, array →
        list, integer → int, nil → None)."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=5) as conn:
            parts = [a.encode() if isinstance(a, str) else a for a in args]
            conn.sendall(b"*%d\r\n" % len(parts) + b"".join(b"$%d\r\n%s\r\n" % (len(p), p) for p in parts))
            return _reply(conn.makefile("rb"))

    def keys(self) -> list[str]:
        return [k.decode() for k in self.command("KEYS", "*")]

    def get(self, key: str) -> bytes | None:
        return self.command("GET", key)


def _reply(f):
    line = f.readline().rstrip(b"\r\n")
    kind, rest = line[:1], line[1:]
    if kind in (b"+",):
        return rest
    if kind == b"-":
        raise RuntimeError(rest.decode())
    if kind == b":":
        return int(rest)
    if kind == b"$":
        n = int(rest)
        return None if n < 0 else f.read(n + 2)[:n]
    if kind == b"*":
        return [_reply(f) for _ in range(int(rest))]
    raise RuntimeError(f"unexpected reply {line!r}")


# --- blobs, read from either store --------------------------------------------


def _file_name(key: str) -> str:
    out = []
    for i, b in enumerate(key.encode()):
        c = chr(b)
        plain = c.islower() and c.isascii() or c.isdigit() or c in "_-" or (c == "." and i > 0)
        out.append(c if plain else f"%{b:02x}")
    return "".join(out)


def _key_of(name: str) -> str | None:
    if name.startswith("~"):
        return None
    return re.sub(r"%([0-9a-f]{2})", lambda m: chr(int(m.group(1), 16)), name)


class Blobs:
    """The storage component's blobs in one store: kv-fs's directory, or a
    Redis."""

    def __init__(self, data: Path | None = None, redis: Redis | None = None):
        self.data, self.redis = data, redis

    def _keys(self) -> list[str]:
        if self.redis is not None:
            return self.redis.keys()
        folder = self.data / "kv"
        return [k for k in (_key_of(p.name) for p in folder.iterdir()) if k] if folder.exists() else []

    def _get(self, key: str) -> bytes | None:
        if self.redis is not None:
            return self.redis.get(key)
        try:
            return (self.data / "kv" / _file_name(key)).read_bytes()
        except FileNotFoundError:  # absent, or removed by a server just now
            return None

    def keys(self, bucket: str) -> list[str]:
        prefix = f"h/{bucket}/"
        return [k[len(prefix):] for k in self._keys() if k.startswith(prefix)]

    def sizes(self, bucket: str) -> dict[str, int]:
        """Each blob's size, from its head; a blob a server removes
        meanwhile is left out."""
        heads = {k: self._get(f"h/{bucket}/{k}") for k in self.keys(bucket)}
        return {k: int(h.split(b" ")[1]) for k, h in heads.items() if h is not None}

    def exists(self, bucket: str, key: str) -> bool:
        return self._get(f"h/{bucket}/{key}") is not None

    def get(self, bucket: str, key: str) -> bytes | None:
        """The blob's bytes (not to be read while a server may replace it:
        its chunks can go between the two reads)."""
        raw = self._get(f"h/{bucket}/{key}")
        if raw is None or not raw.startswith(b"blob1 "):
            return raw
        header, _, inline = raw.partition(b"\n")
        _, size, _, version, chunks = header.decode().split(" ")
        if int(chunks) == 0:
            return inline
        return b"".join(self._get(f"c/{bucket}/{key}/{version}/{i}") for i in range(int(chunks)))

    def chunk_count(self) -> int:
        return sum(1 for k in self._keys() if k.startswith("c/"))
