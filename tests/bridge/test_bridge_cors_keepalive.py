"""REST bridge: CORS (off by default; allowed origins, methods and headers as settings; the
preflight answered) and SSE keep-alive comments while the first token is slow (a setting,
off by default: with it a failure after the first keep-alive is an error event in a 200
stream, not an HTTP status). Through real HTTP in front of the production server.

CORS: the Fetch standard's CORS protocol (https://fetch.spec.whatwg.org/#http-cors-protocol).
SSE comments: the HTML standard's event stream format, lines starting with ':' are ignored
(https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation).
"""

from __future__ import annotations

import contextlib
import dataclasses
import json

import pytest
from support.bridge_env import Env, bridge_env, setup_routes
from support.fakes.openai_replies import openai_error, openai_stream
from support.fakes.server import FakeUpstream
from support.harness import Database, running_server

from service.bridge.serving import start_bridge

ORIGIN = "https://app.example"


@contextlib.asynccontextmanager
async def env_with(tmp_path, **settings):
    async with (
        FakeUpstream.start() as up,
        running_server(Database("sqlite", "", tmp_path / "data"), max_attempts_per_target=1) as srv,
    ):
        await setup_routes(srv, up)
        s = dataclasses.replace(srv.settings, http="127.0.0.1:0", **settings)
        bridge = await start_bridge(s, srv.address, srv.server.components.responses, chat=srv.server.grpc.chat)
        e = Env(srv, up, bridge)
        try:
            yield e
        finally:
            await e.aclose()
            await bridge.stop()


async def test_cors_is_off_by_default(tmp_path):
    async with bridge_env(tmp_path) as env, env.http() as http:
        resp = await http.options(
            "/v1/chat/completions", headers={"origin": ORIGIN, "access-control-request-method": "POST"}
        )
        assert resp.status_code == 405 and "access-control-allow-origin" not in resp.headers


async def test_cors_preflight_and_streamed_answers(tmp_path):
    async with env_with(tmp_path, cors_allow_origins=f"{ORIGIN}, https://other.example") as env, env.http() as http:
        for path in ("/v1/chat/completions", "/v1/responses", "/v1/messages", "/v1/messages/count_tokens"):
            resp = await http.options(
                path,
                headers={
                    "origin": ORIGIN,
                    "access-control-request-method": "POST",
                    "access-control-request-headers": "authorization, content-type, x-stainless-os",
                },
            )
            assert resp.status_code == 200, path
            assert resp.headers["access-control-allow-origin"] == ORIGIN
            assert "POST" in resp.headers["access-control-allow-methods"]
            assert "authorization" in resp.headers["access-control-allow-headers"].lower()
            assert resp.headers["access-control-max-age"] == "600"
        resp = await http.options(
            "/v1/chat/completions", headers={"origin": "https://evil.example", "access-control-request-method": "POST"}
        )
        assert resp.status_code == 400 and "access-control-allow-origin" not in resp.headers

        env.up.script(openai_stream(["Hi"]))
        resp = await http.post(
            "/v1/chat/completions",
            headers={"origin": ORIGIN},
            json={"model": "gpt-test", "messages": [{"role": "user", "content": "x"}], "stream": True},
        )
        assert resp.status_code == 200 and resp.headers["access-control-allow-origin"] == ORIGIN
        assert "x-request-id" in resp.headers["access-control-expose-headers"]
        assert resp.text.endswith("data: [DONE]\n\n")
        resp = await http.get("/v1/models", headers={"origin": "https://evil.example"})
        assert resp.status_code == 200 and "access-control-allow-origin" not in resp.headers


async def test_keepalive_comments_while_the_first_token_is_slow(tmp_path):
    async with env_with(tmp_path, sse_keepalive_s=0.05) as env:
        env.up.script(openai_stream(["Hel", "lo"], first_delay=1.0))
        stream = await env.openai().chat.completions.create(
            model="gpt-test", messages=[{"role": "user", "content": "x"}], stream=True
        )
        text = "".join([c.choices[0].delta.content or "" async for c in stream if c.choices])
        assert text == "Hello"  # the SDK skips the comments

        async with env.http() as http:
            env.up.script(openai_stream(["ok"], first_delay=1.0))
            resp = await http.post("/v1/responses", json={"model": "gpt-test", "input": "x", "stream": True})
            assert resp.status_code == 200 and resp.text.startswith(": keep-alive\n\n")
            assert '"type":"response.completed"' in resp.text

            # The trade-off: a failure after a keep-alive is an error event in a 200 stream.
            env.up.script(openai_error(429, "slow down", type="rate_limit_error", delay=1.0))
            resp = await http.post(
                "/v1/chat/completions",
                json={"model": "gpt-test", "messages": [{"role": "user", "content": "x"}], "stream": True},
            )
            assert resp.status_code == 200 and resp.text.startswith(": keep-alive\n\n")
            last = resp.text.strip().split("\n\n")[-1]
            assert last.startswith("data: ") and json.loads(last[6:])["error"]["type"] == "rate_limit_error"
            assert "[DONE]" not in resp.text


@pytest.mark.parametrize("keepalive", [0.0])
async def test_without_keepalives_failures_keep_their_status(tmp_path, keepalive):
    async with env_with(tmp_path, sse_keepalive_s=keepalive) as env, env.http() as http:
        env.up.script(openai_error(429, "slow down", type="rate_limit_error", delay=0.3))
        resp = await http.post(
            "/v1/chat/completions",
            json={"model": "gpt-test", "messages": [{"role": "user", "content": "x"}], "stream": True},
        )
        assert resp.status_code == 429 and resp.json()["error"]["type"] == "rate_limit_error"
