"""The bridges refuse what gRPC refuses, with a 400 naming the field: control characters in
identifiers and metadata, non-finite numbers (JSON 1e999, NaN, Infinity) in tool schemas and
generation settings. Prompt text may hold control characters."""

from __future__ import annotations

import pytest
from support.bridge_env import bridge_env
from support.fakes.anthropic_replies import anthropic_message
from support.fakes.openai_replies import openai_completion


@pytest.fixture
async def env(tmp_path):
    async with bridge_env(tmp_path) as e:
        e.up.route("/v1/chat/completions", lambda rec: openai_completion("ok"))
        e.up.route("/v1/messages", lambda rec: anthropic_message("ok"))
        yield e


def _oai(**extra) -> dict:
    return {"model": "gpt-test", "messages": [{"role": "user", "content": "hi"}], **extra}


def _anth(**extra) -> dict:
    return {"model": "claude-test", "max_tokens": 10, "messages": [{"role": "user", "content": "hi"}], **extra}


OPENAI_BAD = [
    (_oai(model="gpt-\u0000test"), "model"),
    (_oai(user="u\u0000"), "user"),
    (
        _oai(
            messages=[
                {"role": "user", "content": "x"},
                {
                    "role": "assistant",
                    "tool_calls": [
                        {"id": "c\u001b1", "type": "function", "function": {"name": "f", "arguments": "{}"}}
                    ],
                },
                {"role": "tool", "tool_call_id": "c\u001b1", "content": "r"},
            ]
        ),
        "messages[1].tool_calls[0].id",
    ),
]
ANTHROPIC_BAD = [
    (_anth(model="claude-\u0000"), "model"),
    (_anth(metadata={"user_id": "u\u0000"}), "metadata.user_id"),
]


@pytest.mark.parametrize("doc,param", OPENAI_BAD, ids=[p for _, p in OPENAI_BAD])
async def test_openai_control_characters_are_400_naming_the_field(env, doc, param):
    async with env.http() as http:
        resp = await http.post("/v1/chat/completions", json=doc)
    assert resp.status_code == 400, resp.text
    err = resp.json()["error"]
    assert err["param"] == param, err
    assert "control characters" in err["message"]


@pytest.mark.parametrize("doc,param", ANTHROPIC_BAD, ids=[p for _, p in ANTHROPIC_BAD])
async def test_anthropic_control_characters_are_400_naming_the_field(env, doc, param):
    async with env.http() as http:
        resp = await http.post("/v1/messages", json=doc)
    assert resp.status_code == 400, resp.text
    body = resp.json()
    assert body["type"] == "error" and body["error"]["type"] == "invalid_request_error"
    assert param in body["error"]["message"] and "control characters" in body["error"]["message"]


async def test_prompt_text_may_hold_control_characters(env):
    async with env.http() as http:
        resp = await http.post(
            "/v1/chat/completions", json=_oai(messages=[{"role": "user", "content": "a\u0000\u001b"}])
        )
        assert resp.status_code == 200, resp.text
        resp = await http.post("/v1/messages", json=_anth(messages=[{"role": "user", "content": "a\u0000\u001b"}]))
        assert resp.status_code == 200, resp.text
    assert env.up.requests[-1].json()["messages"][0]["content"] in (
        "a\u0000\u001b",
        [{"type": "text", "text": "a\u0000\u001b"}],
    )


NON_FINITE = [b"1e999", b"-1e999", b"NaN", b"Infinity", b"-Infinity"]


@pytest.mark.parametrize("num", NON_FINITE, ids=[n.decode() for n in NON_FINITE])
async def test_non_finite_numbers_are_400(env, num):
    n = num.decode()
    bodies = [
        (
            "/v1/chat/completions",
            '{"model":"gpt-test","messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function",'
            '"function":{"name":"f","parameters":{"type":"object","properties":{"a":{"maximum":' + n + "}}}}}]}",
        ),
        (
            "/v1/chat/completions",
            '{"model":"gpt-test","messages":[{"role":"user","content":"hi"}],"temperature":' + n + "}",
        ),
        ("/v1/chat/completions", '{"model":"gpt-test","messages":[{"role":"user","content":"hi"}],"top_p":' + n + "}"),
        (
            "/v1/chat/completions",
            '{"model":"gpt-test","messages":[{"role":"user","content":"hi"}],"response_format":{"type":"json_schema",'
            '"json_schema":{"name":"s","schema":{"type":"number","maximum":' + n + "}}}}",
        ),
        (
            "/v1/chat/completions",
            '{"model":"gpt-test","messages":[{"role":"user","content":"hi"}],"frequency_penalty":' + n + "}",
        ),
        (
            "/v1/messages",
            '{"model":"claude-test","max_tokens":10,"messages":[{"role":"user","content":"hi"}],'
            '"tools":[{"name":"f","input_schema":{"type":"object","properties":{"a":{"minimum":' + n + "}}}}]}",
        ),
        (
            "/v1/messages",
            '{"model":"claude-test","max_tokens":10,"messages":[{"role":"user","content":"hi"}],"temperature":'
            + n
            + "}",
        ),
    ]
    async with env.http() as http:
        for path, body in bodies:
            resp = await http.post(path, content=body.encode(), headers={"content-type": "application/json"})
            assert resp.status_code == 400, (path, body, resp.status_code, resp.text)
