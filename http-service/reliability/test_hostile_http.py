"""The hostile HTTP corpus (conformance-tests/hostile/http.toml) against
both servers: each request gets its expected status (never a 5xx, never a
dropped connection), and the server stays healthy."""

import socket
import tomllib
from pathlib import Path

import pytest
from support import png, sample_rgb

REPO = Path(__file__).resolve().parents[2]
CASES = tomllib.loads((REPO / "conformance-tests/hostile/http.toml").read_text())["case"]


def raw_request(case) -> bytes:
    head = bytes.fromhex(case["request_hex"]) if "request_hex" in case else case["request"].encode()
    if "header_hex" in case:
        head += b"\r\n" + bytes.fromhex(case["header_hex"])
    if "pad_repeat" in case:
        part, n = case["pad_repeat"]
        head = head.replace(b"PAD", part.encode() * n)
    body = None
    if case.get("body_sample"):
        body = png(sample_rgb(32, 32))
    elif "body" in case:
        body = case["body"].encode()
        if "pad_repeat" in case:
            part, n = case["pad_repeat"]
            body = body.replace(b"PAD", (part * n).rstrip(",").encode())
    elif "body_hex" in case:
        body = bytes.fromhex(case["body_hex"])
    elif "body_repeat" in case:
        part, n = case["body_repeat"]
        body = part.encode() * n
    elif "body_file" in case:
        body = (REPO / case["body_file"]).read_bytes()[: case.get("truncate")]
    head += b"\r\nconnection: close"
    if body is not None:
        head += b"\r\ncontent-length: " + str(len(body)).encode()
    return head + b"\r\n\r\n" + (body or b"")


def send(port: int, data: bytes) -> int:
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(data)
        response = b""
        while chunk := sock.recv(65536):
            response += chunk
    assert response, "the connection closed without a response"
    return int(response.split(b" ", 2)[1])


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_hostile_request_gets_its_status(server, case):
    status = send(server.port, raw_request(case))
    expect = case["expect"] if isinstance(case["expect"], list) else [case["expect"]]
    assert status in expect, f"{case['name']}: {status}, expected {expect}"
    assert server.call("GET", "/health").status == 200
