#!/usr/bin/env bash
# Chapter 7: one request through the composed HTTP service on stock
# `wasmtime serve`, from the repository root: start the server, check its
# health, submit an image, fetch the result, stop the server.
set -euo pipefail
data=$(mktemp -d) log=$(mktemp)
server=
stop() { [ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$data" "$log"; }
trap stop EXIT

# ANCHOR: serve
# Port 0: the system picks a free port, and wasmtime prints the address
# once it has compiled the component (seconds, the first time).
wasmtime serve --addr 127.0.0.1:0 -S cli=y --dir "$data::/data" build/image-service-fs.wasm > "$log" 2>&1 &
server=$!
for _ in $(seq 120); do
  addr=$(grep -oE 'http://127\.0\.0\.1:[0-9]+' "$log" || true)
  [ -n "$addr" ] && break
  sleep 0.5
done
[ -n "$addr" ] || { cat "$log"; exit 1; }
curl -s "$addr/health"; echo
# The gateway answers 202 with a task id at once, then runs the task.
submitted=$(curl -s -X POST --data-binary @conformance-tests/fixtures/files/jpeg-1x1.jpg \
  -H 'content-type: image/jpeg' "$addr/process?operation=grayscale")
echo "$submitted"
id=$(echo "$submitted" | grep -oE '"task_id":"[0-9a-f]+"' | cut -d'"' -f4)
# 202 while pending; 200 and the encoded image once done.
for _ in $(seq 20); do
  status=$(curl -s -o build/docs/served.png -w '%{http_code} %{content_type}' \
    -H 'accept: image/png' "$addr/status/$id")
  [ "${status%% *}" = 200 ] && break
  sleep 0.2
done
echo "GET /status/<id>: $status"
# ANCHOR_END: serve
