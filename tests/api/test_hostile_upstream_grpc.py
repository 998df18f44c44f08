"""A hostile OpenAI-type upstream through the real gRPC server and the REST bridge: UNAVAILABLE with reason
UPSTREAM_PROTOCOL_ERROR (a 503 through the bridge), never INTERNAL, and the server goes on serving."""

from __future__ import annotations

import grpc
import httpx
import pytest
from support.cloud_setup import add_provider, add_route, collect, stream_request
from support.fakes.openai_replies import openai_stream
from support.fakes.server import FakeUpstream, SSEReply
from support.harness import Database, expect_error, running_server

HOSTILE = {
    "lone-surrogate": b'"\\udc00"',
    "json-bomb": b"[" * 50_000,
    "huge-token-count": None,  # a usage chunk, below
}


@pytest.fixture
async def up():
    async with FakeUpstream.start() as fake:
        yield fake


def _hostile_stream(kind: str) -> SSEReply:
    frames = [f.encode() if isinstance(f, str) else f for f in openai_stream(["Hel", "MARK"], usage=None).frames]
    if kind == "huge-token-count":
        frames.insert(-1, b'data: {"choices":[],"usage":{"prompt_tokens":99999999999999999999999}}\n\n')
        return SSEReply(frames)
    return SSEReply([f.replace(b'"MARK"', HOSTILE[kind]) for f in frames])


@pytest.mark.parametrize("kind", list(HOSTILE))
async def test_hostile_stream_is_unavailable_never_internal(server, up, kind):
    await add_provider(server, "oai", up.openai_base_url)
    await add_route(server, "gpt", "gpt-*", ("oai", ""))
    up.route("/v1/chat/completions", lambda rec: _hostile_stream(kind))  # every attempt
    err = await expect_error(collect(server.chat.StreamChat(stream_request("gpt-4o"))), grpc.StatusCode.UNAVAILABLE)
    assert err.reason == "UPSTREAM_PROTOCOL_ERROR"
    # Still serving: a sane answer next.
    up.route("/v1/chat/completions", lambda rec: openai_stream(["fine"]))
    text, *_ = await collect(server.chat.StreamChat(stream_request("gpt-4o")))
    assert text == "fine"


async def test_hostile_stream_through_the_bridge_is_a_502(tmp_path, up):
    async with running_server(Database("sqlite", "", tmp_path / "data"), http="127.0.0.1:0") as srv:
        await add_provider(srv, "oai", up.openai_base_url)
        await add_route(srv, "gpt", "gpt-*", ("oai", ""))
        up.route("/v1/chat/completions", lambda rec: _hostile_stream("lone-surrogate"))
        bridge = srv.server._bridge
        assert bridge is not None
        base = bridge.url
        async with httpx.AsyncClient(timeout=10) as client:
            body = {"model": "gpt-4o", "messages": [{"role": "user", "content": "hi"}], "stream": True}
            r = await client.post(f"{base}/v1/chat/completions", json=body)
        assert r.status_code == 503, r.text  # the bridge's status for UNAVAILABLE, never a 500
        assert r.json()["error"]["code"] == "upstream_protocol_error"
