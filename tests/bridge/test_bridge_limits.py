"""Rate limits through the REST bridge: 429 in each API's error shape, with Retry-After and
OpenAI-style x-ratelimit-* headers, for unary and streamed calls."""

from __future__ import annotations

import pytest
from support.bridge_env import bridge_env
from support.fakes.anthropic_replies import anthropic_message
from support.fakes.openai_replies import openai_completion, openai_stream

from llmrouter.v1 import limit_pb2 as lp
from llmrouter.v1 import limit_service_pb2 as ls
from llmrouter.v1 import limit_service_pb2_grpc as ls_grpc

HI = [{"role": "user", "content": "hi"}]


@pytest.fixture
async def env(tmp_path):
    async with bridge_env(tmp_path) as e:
        limits = ls_grpc.LimitServiceStub(e.srv.channel)
        await limits.CreateLimit(
            ls.CreateLimitRequest(limit_id="rpm", limit=lp.Limit(subject="*", requests_per_minute=1))
        )
        yield e


def assert_rate_limit_headers(r) -> None:
    assert r.status_code == 429
    assert 1 <= int(r.headers["retry-after"]) <= 60
    assert r.headers["x-ratelimit-limit-requests"] == "1"
    assert r.headers["x-ratelimit-remaining-requests"] == "0"
    assert r.headers["x-ratelimit-reset-requests"].endswith("s")
    assert r.headers["x-llmrouter-limit"] == "limits/rpm"


@pytest.mark.parametrize("stream", [False, True])
async def test_openai_429_with_rate_limit_headers(env, stream):
    env.up.script(openai_stream(["first"]) if stream else openai_completion("first"))
    async with env.http() as http:
        first = await http.post("/v1/chat/completions", json={"model": "gpt-test", "messages": HI, "stream": stream})
        assert first.status_code == 200
        # An admitted call says where it stands too (OpenAI sends these on every answer).
        assert first.headers["x-ratelimit-limit-requests"] == "1"
        assert first.headers["x-ratelimit-remaining-requests"] == "0"
        r = await http.post("/v1/chat/completions", json={"model": "gpt-test", "messages": HI, "stream": stream})
    assert_rate_limit_headers(r)
    err = r.json()["error"]
    assert err["type"] == "rate_limit_error" and err["code"] == "rate_limit_exceeded"
    assert "limits/rpm" in err["message"]
    assert len(env.up.requests) == 1  # the refused call never reached the upstream


async def test_anthropic_429_in_its_error_shape(env):
    env.up.script(anthropic_message("first"))
    async with env.http() as http:
        body = {"model": "claude-x", "max_tokens": 10, "messages": HI}
        first = await http.post("/v1/messages", json=body)
        assert first.status_code == 200, first.text
        r = await http.post("/v1/messages", json=body)
    assert_rate_limit_headers(r)
    assert r.json() == {"type": "error", "error": {"type": "rate_limit_error", "message": r.json()["error"]["message"]}}
    assert "limits/rpm" in r.json()["error"]["message"]
