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


async def test_a_stream_to_a_metadata_address_literal_is_refused_before_connecting():
    from service.backends.openai.backend import OpenAIBackend
    from service.core.chat import ChatRequest, Message, Role
    from service.core.config import ApiType, ProviderConfig
    from service.core.errors import Unavailable

    provider = ProviderConfig(
        id="meta", display_name="m", api_type=ApiType.OPENAI, base_url="http://169.254.169.254/v1", api_key="k"
    )
    backend = OpenAIBackend(provider)
    try:
        with pytest.raises(Unavailable) as ei:
            async for _ in backend.stream(ChatRequest(model="m", messages=(Message(Role.USER, "hi"),)), "m", None):
                pass
        assert "egress refused" in str(ei.value)
    finally:
        await backend.aclose()


async def test_the_streaming_resolver_refuses_a_name_that_resolves_to_a_blocked_address():
    import aiohttp

    from service.backends.http.egress import GuardedResolver
    from service.core.egress import EgressPolicy

    class Fixed(aiohttp.abc.AbstractResolver):
        async def resolve(self, host, port=0, family=0):
            return [{"hostname": host, "host": "169.254.169.254", "port": port, "family": 2, "proto": 0, "flags": 0}]

        async def close(self):
            pass

    guard = GuardedResolver(EgressPolicy())
    guard._inner = Fixed()
    with pytest.raises(OSError, match="egress refused"):
        await guard.resolve("metadata.example", 80)
