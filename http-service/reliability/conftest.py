"""The service's reliability tests reuse the HTTP tests' servers and
fixtures (http-service/tests/conftest.py, loaded under another name)."""

import importlib.util
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent / "tests"
sys.path.insert(0, str(TESTS))

_spec = importlib.util.spec_from_file_location("service_tests_conftest", TESTS / "conftest.py")
_shared = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_shared)

image_server = _shared.image_server
make_server = _shared.make_server
sample_png = _shared.sample_png
server = _shared.server
