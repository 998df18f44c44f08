"""Test doubles shared by the test suites (see `fakes.upstream` for the fake LLM upstreams).

`tests/conftest.py` puts `tests/` on `sys.path`, so import them as `from support.fakes.upstream import ...`.
"""
