"""The conformance suite's oracle: writes conformance-tests/vectors/ and
conformance-tests/fixtures/ from Pillow, numpy and Debian's libjpeg-turbo
tools, independently of the components. Run as `python -m oracle` (see
`__main__.py`)."""
