"""The connect-time egress check in the upstream client: addresses are checked after
resolution (a stand-in resolver: no name is looked up and no non-loopback address is
touched), and the connection goes to the checked address."""

from __future__ import annotations

import httpcore
import httpx
import pytest
from support.fakes.server import FakeUpstream, JSONReply

from service.backends.http.client import make_client
from service.backends.http.egress import GuardedBackend
from service.backends.http.timeouts import HttpTimeouts
from service.core.egress import EgressPolicy


class Recorder:
    def __init__(self, answers: dict[str, list[str]]) -> None:
        self.answers = answers
        self.asked: list[str] = []

    async def __call__(self, host: str, port: int) -> list[str]:
        self.asked.append(host)
        return self.answers[host]


class NoConnect(httpcore.AsyncNetworkBackend):
    async def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        raise AssertionError(f"connected to {host}")


async def test_a_name_that_resolves_to_a_metadata_address_is_refused_before_connecting():
    resolver = Recorder({"llm.internal.example": ["10.0.0.5", "169.254.169.254"]})
    guard = GuardedBackend(EgressPolicy(), resolver, inner=NoConnect())
    with pytest.raises(httpcore.ConnectError, match=r"169\.254\.169\.254.*LLMROUTER_EGRESS_ALLOW"):
        await guard.connect_tcp("llm.internal.example", 443, timeout=1)
    assert resolver.asked == ["llm.internal.example"]


async def test_an_allowed_name_connects_to_the_address_that_was_checked():
    async with FakeUpstream.start() as up:
        up.route("/v1/ping", JSONReply({"ok": True}))
        port = int(up.base_url.rsplit(":", 1)[1])
        resolver = Recorder({"upstream.test": ["127.0.0.1"]})
        guard = GuardedBackend(EgressPolicy(), resolver)
        pool = httpcore.AsyncConnectionPool(network_backend=guard)
        async with httpx.AsyncClient() as client:
            client._transport._pool = pool  # type: ignore[attr-defined]
            r = await client.get(f"http://upstream.test:{port}/v1/ping")
        assert r.json() == {"ok": True}
        assert up.last.headers["host"] == f"upstream.test:{port}"
        assert resolver.asked == ["upstream.test"]


async def test_the_production_client_carries_the_check():
    client = make_client(HttpTimeouts(), egress=EgressPolicy())
    try:
        backend = client._transport._pool._network_backend  # type: ignore[attr-defined]
        assert isinstance(backend, GuardedBackend)
        with pytest.raises(httpx.ConnectError, match="egress refused"):
            await client.get("http://169.254.169.254/latest/meta-data/")  # refused before any connect
    finally:
        await client.aclose()
