"""The streaming client's proxy comes from the environment once per backend, as httpx's does."""

from __future__ import annotations

import pytest

from service.backends.http.client import env_proxy


@pytest.fixture
def no_proxy_env(monkeypatch):
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_no_proxy_without_the_variables(no_proxy_env):
    assert env_proxy("https://api.openai.com/v1") is None


def test_proxy_by_scheme_and_no_proxy_hosts(no_proxy_env):
    no_proxy_env.setenv("HTTPS_PROXY", "http://proxy.internal:3128")
    no_proxy_env.setenv("NO_PROXY", "127.0.0.1,localhost")
    assert env_proxy("https://api.openai.com/v1") == "http://proxy.internal:3128"
    assert env_proxy("http://api.openai.com/v1") is None  # no HTTP_PROXY
    assert env_proxy("https://127.0.0.1:8443/v1") is None
