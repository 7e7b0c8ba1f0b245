"""Where the bytes of a core wasm module go: section sizes, and the code
section split by the Go package (or Rust crate) of each function, from the
`name` section. For the size table of `make bench` (docs/benchmarks.md).

    python wasm_size.py MODULE.wasm        prints the split as JSON"""

import json
import re
import sys
from collections import Counter
from pathlib import Path


def leb(data: bytes, pos: int) -> tuple[int, int]:
    result = shift = 0
    while True:
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return result, pos


def sections(data: bytes):
    """(id, name or None, payload start, payload end) of each section."""
    assert data[:4] == b"\0asm", "not a wasm module"
    pos = 8
    while pos < len(data):
        sid = data[pos]
        size, pos = leb(data, pos + 1)
        end = pos + size
        name = None
        if sid == 0:
            n, p = leb(data, pos)
            name = data[p : p + n].decode("utf-8", "replace")
        yield sid, name, pos, end
        pos = end


def imported_functions(data: bytes, start: int) -> int:
    count, pos = leb(data, start)
    funcs = 0
    for _ in range(count):
        for _ in range(2):  # module and field names
            n, pos = leb(data, pos)
            pos += n
        kind = data[pos]
        pos += 1
        if kind == 0:  # function: a type index
            _, pos = leb(data, pos)
            funcs += 1
        elif kind == 1:  # table: reftype + limits
            pos += 1
            flags = data[pos]
            _, pos = leb(data, pos + 1)
            if flags & 1:
                _, pos = leb(data, pos)
        elif kind == 2:  # memory: limits
            flags = data[pos]
            _, pos = leb(data, pos + 1)
            if flags & 1:
                _, pos = leb(data, pos)
        elif kind == 3:  # global: type + mutability
            pos += 2
        elif kind == 4:  # tag
            pos += 1
            _, pos = leb(data, pos)
    return funcs


def function_names(data: bytes, start: int, end: int) -> dict[int, str]:
    n, pos = leb(data, start)
    pos += n  # the custom section's own name
    names = {}
    while pos < end:
        sub = data[pos]
        size, pos = leb(data, pos + 1)
        if sub == 1:
            count, p = leb(data, pos)
            for _ in range(count):
                idx, p = leb(data, p)
                ln, p = leb(data, p)
                names[idx] = data[p : p + ln].decode("utf-8", "replace")
                p += ln
        pos += size
    return names


def package_of(name: str) -> str:
    """`runtime.mallocgc` → runtime; `internal/abi.X` → internal/abi;
    `_ZN9image_ops…` → image_ops."""
    rust = re.match(r"_ZN\d+([a-zA-Z_][a-zA-Z0-9_]*)", name)
    if rust:
        return rust.group(1)
    head = name.split("(", 1)[0]
    pkg = re.split(r"\.[^/]*$", head)[0] if "." in head else head
    return pkg or "?"


def breakdown(path: Path) -> dict:
    data = path.read_bytes()
    secs = list(sections(data))
    out = {"bytes": len(data), "sections": Counter(), "code_by_package": Counter()}
    imports, names, code = 0, {}, None
    for sid, name, start, end in secs:
        label = f"custom:{name}" if sid == 0 else {
            1: "type", 2: "import", 3: "function", 4: "table", 5: "memory", 6: "global", 7: "export",
            8: "start", 9: "element", 10: "code", 11: "data", 12: "datacount", 13: "tag"}.get(sid, str(sid))
        out["sections"][label] += end - start
        if sid == 2:
            imports = imported_functions(data, start)
        elif sid == 0 and name == "name":
            names = function_names(data, start, end)
        elif sid == 10:
            code = (start, end)
    if code and names:
        count, pos = leb(data, code[0])
        for i in range(count):
            size, body = leb(data, pos)
            pkg = package_of(names.get(imports + i, "?"))
            out["code_by_package"][pkg] += body + size - pos
            pos = body + size
    out["sections"] = dict(out["sections"].most_common())
    out["code_by_package"] = dict(out["code_by_package"].most_common())
    return out


if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] in ("-h", "--help"):
        print(__doc__)
        sys.exit(0 if len(sys.argv) == 2 else 2)
    print(json.dumps(breakdown(Path(sys.argv[1])), indent=1))
