"""REST bridge: the legacy ``POST /v1/completions`` (raw prompt, no chat template) through the
official `openai` SDK (``completions.create``, streamed and not), in front of the production
server: an OpenAI-type fake (which receives ``POST /v1/completions``), the local tiny model,
and an Anthropic-type provider (a clear 400 naming ``prompt``).

Wire shapes: OpenAI API reference, "Completions" (legacy): "The completion object"
(https://platform.openai.com/docs/api-reference/completions/object), streamed chunks with the
same shape and ``data: [DONE]``.
"""

from __future__ import annotations

import openai
import pytest
from support.bridge_env import bridge_env
from support.fakes.server import JSONReply, SSEReply
from support.fakes.wire import sse

from llmrouter.v1 import provider_admin_service_pb2 as pa
from llmrouter.v1 import provider_pb2 as p
from llmrouter.v1 import route_pb2 as r
from llmrouter.v1 import routing_service_pb2 as rs


def _chunk(text: str, finish: str | None = None, usage: dict | None = None) -> dict:
    out: dict = {
        "id": "cmpl-fake",
        "object": "text_completion",
        "created": 1700000000,
        "model": "gpt-test",
        "choices": [] if usage else [{"text": text, "index": 0, "logprobs": None, "finish_reason": finish}],
    }
    if usage:
        out["usage"] = usage
    return out


@pytest.fixture
async def env(tmp_path):
    async with bridge_env(tmp_path) as e:
        yield e


async def test_openai_type_provider_unary_and_streamed(env):
    env.up.script(
        JSONReply(
            {
                **_chunk(" there was a dragon.", "stop"),
                "usage": {"prompt_tokens": 3, "completion_tokens": 5, "total_tokens": 8},
            }
        )
    )
    client = env.openai()
    c = await client.completions.create(
        model="gpt-test", prompt="# a story\n\tOnce upon a time", max_tokens=20, temperature=0.2, stop=["\n"]
    )
    assert c.object == "text_completion" and c.choices[0].text == " there was a dragon."
    assert c.choices[0].finish_reason == "stop" and c.usage.total_tokens == 8 and c.model == "gpt-test"
    req = env.up.last
    assert req.path.endswith("/v1/completions")
    assert req.json() == {
        "model": "gpt-test",
        "prompt": "# a story\n\tOnce upon a time",  # code and text with line breaks and tabs, as sent
        "max_tokens": 20,
        "temperature": pytest.approx(0.2),
        "stop": ["\n"],
    }

    frames = [sse(_chunk(" a")), sse(_chunk(" cat", "length"))]
    frames += [
        sse(_chunk("", usage={"prompt_tokens": 2, "completion_tokens": 2, "total_tokens": 4})),
        b"data: [DONE]\n\n",
    ]
    env.up.script(SSEReply(frames))
    stream = await client.completions.create(
        model="gpt-test", prompt="There was", max_tokens=2, stream=True, stream_options={"include_usage": True}
    )
    chunks = [ch async for ch in stream]
    assert "".join(ch.choices[0].text for ch in chunks if ch.choices) == " a cat"
    assert [ch.choices[0].finish_reason for ch in chunks if ch.choices][-1] == "length"
    assert chunks[-1].usage.completion_tokens == 2
    sent = env.up.last.json()
    assert sent["stream"] is True and sent["prompt"] == "There was" and sent["max_tokens"] == 2


async def test_refusals_name_the_field(env):
    client = env.openai()
    with pytest.raises(openai.BadRequestError) as exc:
        await client.completions.create(model="claude-test", prompt="Hi", max_tokens=5)
    assert exc.value.body["param"] == "prompt" and "Anthropic-type" in exc.value.body["message"]
    async with env.http() as http:
        for doc, param in (
            ({"model": "gpt-test"}, "prompt"),
            ({"model": "gpt-test", "prompt": [1, 2, 3]}, "prompt"),
            ({"model": "gpt-test", "prompt": ["a", "b"]}, "prompt"),
            ({"model": "gpt-test", "prompt": "x", "n": 2}, "n"),
            ({"model": "gpt-test", "prompt": "x", "echo": True}, "echo"),
            ({"model": "gpt-test", "prompt": "x", "logprobs": 2}, "logprobs"),
            ({"model": "gpt-test", "prompt": "x", "suffix": "y"}, "suffix"),
            ({"model": "gpt-test", "prompt": "x", "max_tokens": 0}, "max_tokens"),
        ):
            resp = await http.post("/v1/completions", json=doc)
            assert resp.status_code == 400, doc
            assert resp.json()["error"]["param"] == param, (doc, resp.json())
    assert not [q for q in env.up.requests if q.path.endswith("/completions")]


@pytest.mark.mlx
async def test_local_tiny_model(env, tiny_model_dir):
    from transformers import AutoTokenizer

    await env.srv.providers.CreateProviderModel(
        pa.CreateProviderModelRequest(
            parent="providers/local", provider_model=p.ProviderModel(model_id="tiny", source=tiny_model_dir)
        )
    )
    await env.srv.routes.CreateRoute(
        rs.CreateRouteRequest(
            route=r.Route(model_pattern="tiny", priority=20, target=r.RouteTarget(provider="providers/local")),
            route_id="tiny",
        )
    )
    await env.srv.server.components.live.reload()
    prompt = "Once upon a time"
    expected_prompt_tokens = len(AutoTokenizer.from_pretrained(tiny_model_dir).encode(prompt))
    client = env.openai()
    c = await client.completions.create(model="tiny", prompt=prompt, max_tokens=4, temperature=0)
    assert c.usage.prompt_tokens == expected_prompt_tokens  # no chat template around it
    assert c.usage.completion_tokens <= 4 and c.choices[0].finish_reason in ("stop", "length")
    stream = await client.completions.create(model="tiny", prompt=prompt, max_tokens=4, temperature=0, stream=True)
    text = "".join([ch.choices[0].text async for ch in stream if ch.choices])
    assert text == c.choices[0].text  # greedy: the same continuation
