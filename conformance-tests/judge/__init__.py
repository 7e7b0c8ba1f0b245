"""Judges what the runners observed against the vectors, compares the hosts
with each other, and prints the report `make conformance` ends with. Run as
`python -m judge` (see `__main__.py`)."""
