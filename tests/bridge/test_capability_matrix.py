"""The capability matrix: entrance x upstream x feature, exactly as the README's table states it.

Entrances: gRPC `StreamChat`, the OpenAI bridge (`POST /v1/chat/completions`) and the Anthropic
bridge (`POST /v1/messages`). Upstreams: a fake OpenAI-type provider and a fake Anthropic-type
provider (loopback HTTP servers speaking the documented wire formats, tests/fixtures/wire, which
record what reached them) and the local MLX engine on the tiny offline models (text, thinking,
vision). Features: image input, document input, JSON Schema answers, reasoning with its signature
round trip, cache hints with cache usage, parallel tool calls.

Every cell is one of two things: it works (what reached the provider is asserted, and what came
back, read in that entrance's own shape), or it is refused with INVALID_ARGUMENT / 400 naming the
field. Nothing in between: a feature is never silently dropped. The README's matrix is parsed and
compared with `MATRIX`, so the table and the behaviour cannot drift apart.

Nothing of ours is mocked: client -> bridge (uvicorn) -> gRPC -> router -> backend -> fake upstream
or the MLX engine thread.
"""

from __future__ import annotations

import base64
import dataclasses
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import grpc
import httpx
import jsonschema
import pytest
from support.fakes.anthropic_replies import anthropic_blocks_stream, anthropic_message
from support.fakes.openai_replies import openai_chunk, openai_completion, openai_usage_chunk
from support.fakes.server import FakeUpstream, SSEReply
from support.fakes.wire import sse
from support.harness import Database, error_details, running_server

from llmrouter.v1 import chat_pb2
from llmrouter.v1 import chat_service_pb2 as cs
from llmrouter.v1 import provider_admin_service_pb2 as pa
from llmrouter.v1 import provider_pb2 as p
from service.bridge.serving import start_bridge

pytestmark = pytest.mark.mlx

README = Path(__file__).resolve().parents[2] / "README.md"
UPSTREAM_KEY = "sk-upstream-matrix-1234"


def _png() -> bytes:
    """A real 8x8 PNG (the local vision model decodes it; the cloud fakes receive its bytes)."""
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buf, format="PNG")
    return buf.getvalue()


PNG = _png()
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SIGNATURE = "EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds"
CITY_SCHEMA = {
    "type": "object",
    "properties": {"city": {"type": "string", "maxLength": 6}, "sunny": {"type": "boolean"}},
    "required": ["city", "sunny"],
    "additionalProperties": False,
}
WEATHER_SCHEMA = {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}

ENTRANCES = ("grpc", "openai", "anthropic")
UPSTREAMS = ("openai", "anthropic", "local")
FEATURES = ("image", "document", "json_schema", "reasoning", "cache", "parallel_tools")

# What each cell does: "ok" (works from every entrance) or "refused" (INVALID_ARGUMENT / 400
# naming the field, from every entrance). The README's table says the same, in words.
MATRIX: dict[tuple[str, str], str] = {
    ("image", "openai"): "ok",
    ("image", "anthropic"): "ok",
    ("image", "local"): "ok",  # vision models (mlx-vlm); text-only models refuse: test_text_only_local_...
    ("document", "openai"): "ok",
    ("document", "anthropic"): "ok",
    ("document", "local"): "refused",
    ("json_schema", "openai"): "ok",
    ("json_schema", "anthropic"): "ok",
    ("json_schema", "local"): "ok",
    ("reasoning", "openai"): "ok",
    ("reasoning", "anthropic"): "ok",
    ("reasoning", "local"): "ok",
    ("cache", "openai"): "ok",
    ("cache", "anthropic"): "ok",
    ("cache", "local"): "ok",
    ("parallel_tools", "openai"): "ok",
    ("parallel_tools", "anthropic"): "ok",
    ("parallel_tools", "local"): "ok",
}

# The model each upstream serves in this test (providers that list a model serve it; no routes).
MODELS = {"openai": "gpt-matrix", "anthropic": "claude-matrix", "local": "tiny"}


# ----------------------------------------------------------------------------- one request, three shapes


@dataclass
class Ask:
    """One feature's request, independent of the entrance that carries it."""

    user: list[tuple[str, Any]]  # ("text", str) | ("image", bytes) | ("document", bytes)
    system: str = ""
    cache: bool = False  # cache hints on the system text and the tool
    tools: bool = False
    parallel: bool | None = None
    schema: dict | None = None
    effort: str = ""
    max_tokens: int = 64
    # An earlier assistant turn carrying a reasoning block (text, signature) and its answer.
    history: tuple[str, str, str] | None = None
    model: str = ""


@dataclass
class Answer:
    """What came back, read from any entrance."""

    text: str = ""
    reasoning: str = ""
    signatures: list[str] = field(default_factory=list)
    tool_calls: list[tuple[str, dict]] = field(default_factory=list)
    cached: int = 0
    cache_write: int | None = None  # None: the entrance's format has no such count
    refused_field: str | None = None  # set when the call was refused: the field it names
    status: str = ""


def _grpc_request(a: Ask) -> cs.StreamChatRequest:
    msgs: list[chat_pb2.Message] = []
    cc = chat_pb2.CacheControl(type=chat_pb2.CACHE_TYPE_EPHEMERAL)
    if a.system:
        sys_msg = chat_pb2.Message(role=chat_pb2.ROLE_SYSTEM, content=a.system)
        if a.cache:
            sys_msg.cache_control.CopyFrom(cc)
        msgs.append(sys_msg)
    if a.history:
        thought, sig, said = a.history
        msgs.append(chat_pb2.Message(role=chat_pb2.ROLE_USER, content="First question."))
        msgs.append(
            chat_pb2.Message(
                role=chat_pb2.ROLE_ASSISTANT,
                content=said,
                reasoning=[chat_pb2.ReasoningBlock(text=thought, signature=sig)],
            )
        )
    parts = []
    for kind, value in a.user:
        if kind == "text":
            parts.append(chat_pb2.ContentPart(text=value))
        elif kind == "image":
            parts.append(chat_pb2.ContentPart(image=chat_pb2.ImagePart(data=value, media_type="image/png")))
        else:
            parts.append(chat_pb2.ContentPart(document=chat_pb2.DocumentPart(data=value, media_type="application/pdf")))
    msgs.append(chat_pb2.Message(role=chat_pb2.ROLE_USER, parts=parts))
    gen = chat_pb2.GenerationConfig(max_tokens=a.max_tokens)
    if a.schema is not None:
        rf = chat_pb2.ResponseFormat(
            type=chat_pb2.RESPONSE_FORMAT_TYPE_JSON_SCHEMA,
            json_schema=chat_pb2.JsonSchemaFormat(name="city", strict=True),
        )
        rf.json_schema.schema.update(a.schema)
        gen.response_format.CopyFrom(rf)
    if a.effort:
        gen.reasoning.effort = chat_pb2.REASONING_EFFORT_LOW
    req = cs.StreamChatRequest(model=a.model, messages=msgs, generation=gen)
    if a.tools:
        tool = chat_pb2.Tool(name="get_weather", description="Current weather in a city")
        tool.parameters.update(WEATHER_SCHEMA)
        if a.cache:
            tool.cache_control.CopyFrom(cc)
        req.tools.append(tool)
    if a.parallel is not None:
        req.tool_choice.parallel_tool_calls = a.parallel
    return req


def _openai_body(a: Ask) -> dict:
    cc = {"type": "ephemeral"}
    msgs: list[dict] = []
    if a.system:
        if a.cache:
            msgs.append({"role": "system", "content": [{"type": "text", "text": a.system, "cache_control": cc}]})
        else:
            msgs.append({"role": "system", "content": a.system})
    if a.history:
        thought, sig, said = a.history
        msgs.append({"role": "user", "content": "First question."})
        msgs.append(
            {
                "role": "assistant",
                "content": said,
                "thinking_blocks": [{"type": "thinking", "thinking": thought, "signature": sig}],
            }
        )
    content = []
    for kind, value in a.user:
        if kind == "text":
            content.append({"type": "text", "text": value})
        elif kind == "image":
            url = "data:image/png;base64," + base64.b64encode(value).decode()
            content.append({"type": "image_url", "image_url": {"url": url}})
        else:
            data = "data:application/pdf;base64," + base64.b64encode(value).decode()
            content.append({"type": "file", "file": {"file_data": data, "filename": "report.pdf"}})
    msgs.append({"role": "user", "content": content})
    body: dict[str, Any] = {"model": a.model, "messages": msgs, "max_tokens": a.max_tokens}
    if a.schema is not None:
        body["response_format"] = {
            "type": "json_schema",
            "json_schema": {"name": "city", "schema": a.schema, "strict": True},
        }
    if a.effort:
        body["reasoning_effort"] = a.effort
    if a.tools:
        tool: dict[str, Any] = {
            "type": "function",
            "function": {
                "name": "get_weather",
                "description": "Current weather in a city",
                "parameters": WEATHER_SCHEMA,
            },
        }
        if a.cache:
            tool["cache_control"] = cc
        body["tools"] = [tool]
    if a.parallel is not None:
        body["parallel_tool_calls"] = a.parallel
    return body


def _anthropic_body(a: Ask) -> dict:
    cc = {"type": "ephemeral"}
    msgs: list[dict] = []
    if a.history:
        thought, sig, said = a.history
        msgs.append({"role": "user", "content": "First question."})
        msgs.append(
            {
                "role": "assistant",
                "content": [
                    {"type": "thinking", "thinking": thought, "signature": sig},
                    {"type": "text", "text": said},
                ],
            }
        )
    content = []
    for kind, value in a.user:
        if kind == "text":
            content.append({"type": "text", "text": value})
        else:
            btype, media = ("image", "image/png") if kind == "image" else ("document", "application/pdf")
            content.append(
                {
                    "type": btype,
                    "source": {"type": "base64", "media_type": media, "data": base64.b64encode(value).decode()},
                }
            )
    msgs.append({"role": "user", "content": content})
    body: dict[str, Any] = {"model": a.model, "messages": msgs, "max_tokens": a.max_tokens}
    if a.system:
        body["system"] = [{"type": "text", "text": a.system, **({"cache_control": cc} if a.cache else {})}]
    if a.schema is not None:
        body["output_config"] = {"format": {"type": "json_schema", "schema": a.schema}}
    if a.effort:
        # An effort in Anthropic terms: adaptive thinking with an effort (the bridge reads it as one).
        body["thinking"] = {"type": "adaptive"}
        body["output_config"] = {**body.get("output_config", {}), "effort": a.effort}
    if a.tools:
        tool: dict[str, Any] = {
            "name": "get_weather",
            "description": "Current weather in a city",
            "input_schema": WEATHER_SCHEMA,
        }
        if a.cache:
            tool["cache_control"] = cc
        body["tools"] = [tool]
    if a.parallel is not None:
        body["tool_choice"] = {"type": "auto", "disable_parallel_tool_use": not a.parallel}
    return body


async def _via_grpc(env: Env, a: Ask) -> Answer:
    out = Answer()
    call = env.srv.chat.StreamChat(_grpc_request(a), timeout=60)
    calls: dict[int, list] = {}
    try:
        async for msg in call:
            if msg.HasField("delta"):
                d = msg.delta
                out.text += d.text
                out.reasoning += d.reasoning
                if d.reasoning_signature:
                    out.signatures.append(d.reasoning_signature)
                for tc in d.tool_calls:
                    slot = calls.setdefault(tc.index, ["", ""])
                    slot[0] += tc.name
                    slot[1] += tc.arguments
            else:
                out.status = chat_pb2.FinishReason.Name(msg.summary.finish_reason)
                out.cached = msg.summary.usage.cached_prompt_tokens
                out.cache_write = msg.summary.usage.cache_write_tokens
    except grpc.aio.AioRpcError as err:
        details = error_details(err)
        assert details.code == grpc.StatusCode.INVALID_ARGUMENT, f"{details.code}: {details.message}"
        out.refused_field = ", ".join(details.fields)
        return out
    assert out.status, "a stream that succeeds ends with its summary"
    out.tool_calls = [(n, json.loads(args or "{}")) for n, args in (calls[k] for k in sorted(calls))]
    return out


async def _via_openai(env: Env, a: Ask) -> Answer:
    async with env.http() as http:
        resp = await http.post("/v1/chat/completions", json=_openai_body(a))
    doc = resp.json()
    out = Answer()
    if resp.status_code != 200:
        assert resp.status_code == 400, doc
        assert doc["error"]["type"] == "invalid_request_error", doc
        out.refused_field = doc["error"]["param"]
        return out
    choice = doc["choices"][0]
    m = choice["message"]
    out.text = m.get("content") or ""
    out.reasoning = m.get("reasoning_content") or ""
    out.signatures = [b["signature"] for b in m.get("thinking_blocks") or [] if b.get("signature")]
    out.tool_calls = [
        (tc["function"]["name"], json.loads(tc["function"]["arguments"])) for tc in m.get("tool_calls") or []
    ]
    out.cached = doc["usage"]["prompt_tokens_details"]["cached_tokens"]
    out.status = choice["finish_reason"]
    return out


async def _via_anthropic(env: Env, a: Ask) -> Answer:
    async with env.http() as http:
        resp = await http.post("/v1/messages", json=_anthropic_body(a), headers={"anthropic-version": "2023-06-01"})
    doc = resp.json()
    out = Answer()
    if resp.status_code != 200:
        assert resp.status_code == 400, doc
        assert doc["error"]["type"] == "invalid_request_error", doc
        out.refused_field = doc["error"]["message"]
        return out
    for b in doc["content"]:
        if b["type"] == "text":
            out.text += b["text"]
        elif b["type"] == "thinking":
            out.reasoning += b["thinking"]
            if b.get("signature"):
                out.signatures.append(b["signature"])
        elif b["type"] == "tool_use":
            out.tool_calls.append((b["name"], b["input"]))
    out.cached = doc["usage"]["cache_read_input_tokens"]
    out.cache_write = doc["usage"]["cache_creation_input_tokens"]
    out.status = doc["stop_reason"]
    return out


SEND = {"grpc": _via_grpc, "openai": _via_openai, "anthropic": _via_anthropic}


# ----------------------------------------------------------------------------- the environment


@dataclass
class Env:
    srv: Any
    up: FakeUpstream
    bridge: Any

    def http(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(base_url=self.bridge.url, timeout=60)


@pytest.fixture
async def env(tmp_path, tiny_model_dir, tiny_thinking_model_dir, tiny_vision_model_dir):
    async with (
        FakeUpstream.start() as up,
        running_server(Database("sqlite", "", tmp_path / "data"), max_attempts_per_target=1) as srv,
    ):
        for pid, template, base_url in (
            ("fake-openai", "custom-openai", up.openai_base_url),
            ("fake-anthropic", "custom-anthropic", up.base_url),
        ):
            await srv.providers.CreateProvider(
                pa.CreateProviderRequest(
                    provider=p.Provider(display_name=pid, template=template, base_url=base_url, api_key=UPSTREAM_KEY),
                    provider_id=pid,
                )
            )
        for parent, model_id, source, caps in (
            ("providers/fake-openai", MODELS["openai"], "", None),
            ("providers/fake-anthropic", MODELS["anthropic"], "", None),
            ("providers/local", "tiny", tiny_model_dir, None),
            ("providers/local", "thinking", tiny_thinking_model_dir, None),
            ("providers/local", "vision", tiny_vision_model_dir, p.ModelCapabilities(images=True)),
        ):
            model = p.ProviderModel(model_id=model_id, source=source)
            if caps is not None:
                model.capabilities.CopyFrom(caps)
            await srv.providers.CreateProviderModel(pa.CreateProviderModelRequest(parent=parent, provider_model=model))
        await srv.server.components.live.reload()
        bridge = await start_bridge(
            dataclasses.replace(srv.settings, http="127.0.0.1:0"), srv.address, chat=srv.server.grpc.chat
        )
        try:
            yield Env(srv, up, bridge)
        finally:
            await bridge.stop()


# ----------------------------------------------------------------------------- the cells


def _schema_ok(text: str) -> dict:
    doc = json.loads(text)
    jsonschema.validate(doc, CITY_SCHEMA)
    return doc


def _openai_sse(
    text: str = "",
    *,
    reasoning: str = "",
    tool_call: dict | None = None,
    finish: str = "stop",
    usage: tuple[int, int, int] = (10, 5, 0),
) -> SSEReply:
    """A Chat Completions stream (role chunk, reasoning, text, a tool call, finish, usage, [DONE])."""
    model = MODELS["openai"]
    frames = [sse(openai_chunk("", role="assistant", model=model))]
    if reasoning:
        frames.append(sse(openai_chunk(None, reasoning=reasoning, model=model)))
    if text:
        frames.append(sse(openai_chunk(text, model=model)))
    if tool_call is not None:
        frames.append(sse(openai_chunk(None, tool_calls=[{"index": 0, **tool_call}], model=model)))
    frames.append(sse(openai_chunk(None, finish_reason=finish, model=model)))
    frames.append(sse(openai_usage_chunk(*usage, model=model)))
    frames.append(b"data: [DONE]\n\n")
    return SSEReply(frames)


def _replies(upstream: str, feature: str) -> tuple[Any, Any]:
    """(unary, streamed) answers of the fake provider for a feature, in its documented format."""
    if upstream == "openai":
        m = MODELS["openai"]
        if feature == "json_schema":
            text = '{"city":"Paris","sunny":true}'
            return openai_completion(text, model=m), _openai_sse(text)
        if feature == "reasoning":
            r = "One plus one is two."
            return openai_completion("Two.", reasoning=r, model=m), _openai_sse("Two.", reasoning=r)
        if feature == "cache":
            u = (2048, 5, 1920)
            return openai_completion("Cached.", usage=u, model=m), _openai_sse("Cached.", usage=u)
        if feature == "parallel_tools":
            tc = {
                "id": "call_1",
                "type": "function",
                "function": {"name": "get_weather", "arguments": '{"city":"Oslo"}'},
            }
            return (
                openai_completion("", tool_calls=[tc], finish_reason="tool_calls", model=m),
                _openai_sse(tool_call=tc, finish="tool_calls"),
            )
        return openai_completion("A small picture.", model=m), _openai_sse("A small picture.")
    m = MODELS["anthropic"]
    kw: dict[str, Any] = {}
    if feature == "json_schema":
        blocks = [{"type": "text", "text": '{"city":"Paris","sunny":true}'}]
    elif feature == "reasoning":
        blocks = [
            {"type": "thinking", "thinking": "One plus one is two.", "signature": SIGNATURE},
            {"type": "text", "text": "Two."},
        ]
    elif feature == "cache":
        blocks = [{"type": "text", "text": "Cached."}]
        kw = {"input_tokens": 12, "cache_read": 1800, "cache_creation": 248}
    elif feature == "parallel_tools":
        blocks = [{"type": "tool_use", "id": "toolu_1", "name": "get_weather", "input": {"city": "Oslo"}}]
        kw = {"stop_reason": "tool_use"}
    else:
        blocks = [{"type": "text", "text": "A small picture."}]
    return anthropic_message(content=blocks, model=m, **kw), anthropic_blocks_stream(blocks, model=m, **kw)


def _reply_for(upstream: str, feature: str) -> Any:
    """The fake provider answers as it was asked: a stream for ``"stream": true``."""
    unary, streamed = _replies(upstream, feature)
    return lambda rec: streamed if rec.json().get("stream") else unary


def _ask(feature: str, upstream: str) -> Ask:
    model = MODELS[upstream]
    if feature == "image":
        return Ask(
            user=[("image", PNG), ("text", "What is this?")],
            model="vision" if upstream == "local" else model,
            max_tokens=8,
        )
    if feature == "document":
        return Ask(user=[("document", PDF), ("text", "Summarize it.")], model=model, max_tokens=8)
    if feature == "json_schema":
        return Ask(user=[("text", "A sunny city?")], schema=CITY_SCHEMA, model=model, max_tokens=64)
    if feature == "reasoning":
        # Anthropic needs max_tokens above the thinking budget (low effort: 2,048 tokens).
        return Ask(
            user=[("text", "And now?")],
            effort="low",
            history=("The user asks a question.", SIGNATURE, "One."),
            model="thinking" if upstream == "local" else model,
            max_tokens=4096 if upstream != "local" else 24,
        )
    if feature == "cache":
        return Ask(
            user=[("text", "Hi")],
            system="You are a helpful assistant. " * 20,
            cache=True,
            tools=True,
            model=model,
            max_tokens=8,
        )
    return Ask(user=[("text", "Weather in Oslo?")], tools=True, parallel=False, model=model, max_tokens=8)


def _check_upstream(upstream: str, feature: str, body: dict) -> None:
    """What reached the provider, in its own wire format."""
    if upstream == "openai":
        user = body["messages"][-1]["content"]
        if feature == "image":
            assert user[0] == {
                "type": "image_url",
                "image_url": {"url": "data:image/png;base64," + base64.b64encode(PNG).decode()},
            }
        elif feature == "document":
            assert user[0]["type"] == "file"
            assert user[0]["file"]["file_data"] == "data:application/pdf;base64," + base64.b64encode(PDF).decode()
        elif feature == "json_schema":
            rf = body["response_format"]
            assert rf["type"] == "json_schema" and rf["json_schema"]["strict"] is True
            assert rf["json_schema"]["schema"] == CITY_SCHEMA  # named "city", or as the bridge names it
        elif feature == "reasoning":
            assert body["reasoning_effort"] == "low"
            # Chat Completions has no reasoning blocks: earlier turns' reasoning is not sent.
            assert all("thinking" not in json.dumps(m) for m in body["messages"])
        elif feature == "cache":
            assert "cache_control" not in json.dumps(body)  # OpenAI caches prefixes on its own
            assert body["tools"][0]["function"]["name"] == "get_weather"
        elif feature == "parallel_tools":
            assert body["parallel_tool_calls"] is False
        return
    user = body["messages"][-1]["content"]
    b64 = {"image": base64.b64encode(PNG).decode(), "document": base64.b64encode(PDF).decode()}
    if feature == "image":
        assert user[0] == {
            "type": "image",
            "source": {"type": "base64", "media_type": "image/png", "data": b64["image"]},
        }
    elif feature == "document":
        assert user[0]["type"] == "document"
        assert user[0]["source"] == {"type": "base64", "media_type": "application/pdf", "data": b64["document"]}
    elif feature == "json_schema":
        assert body["output_config"]["format"]["type"] == "json_schema"
        assert body["output_config"]["format"]["schema"] == CITY_SCHEMA
    elif feature == "reasoning":
        assert body["thinking"]["type"] == "enabled" and body["thinking"]["budget_tokens"] == 2048
        assistant = body["messages"][-2]
        assert assistant["role"] == "assistant"
        assert assistant["content"][0] == {
            "type": "thinking",
            "thinking": "The user asks a question.",
            "signature": SIGNATURE,
        }
    elif feature == "cache":
        assert body["system"][-1]["cache_control"] == {"type": "ephemeral"}
        assert body["tools"][-1]["cache_control"] == {"type": "ephemeral"}
    elif feature == "parallel_tools":
        assert body["tool_choice"]["disable_parallel_tool_use"] is True


def _check_answer(entrance: str, upstream: str, feature: str, ans: Answer) -> None:
    """What came back, the same whichever entrance carried it."""
    cloud = upstream != "local"
    if feature in ("image", "document"):
        assert ans.status, "answered"
        if cloud:
            assert ans.text == "A small picture."
    elif feature == "json_schema":
        doc = _schema_ok(ans.text)  # local: constrained decoding makes the random model's output valid
        if cloud:
            assert doc == {"city": "Paris", "sunny": True}
    elif feature == "reasoning":
        if cloud:
            assert ans.reasoning == "One plus one is two." and ans.text == "Two."
            if upstream == "anthropic":
                assert ans.signatures == [SIGNATURE], "the signature comes back, to be passed back"
            else:
                assert ans.signatures == []
        else:
            assert ans.reasoning, "the think block streams as reasoning"
    elif feature == "cache":
        if upstream == "openai":
            assert ans.cached == 1920
        elif upstream == "anthropic":
            assert ans.cached == 1800
            if ans.cache_write is not None:
                assert ans.cache_write == 248
    elif feature == "parallel_tools":
        if cloud:
            assert ans.tool_calls == [("get_weather", {"city": "Oslo"})]
        else:
            assert len(ans.tool_calls) <= 1, "parallel_tool_calls=false: at most one call"


def _check_refusal(entrance: str, feature: str, ans: Answer) -> None:
    names = {
        "grpc": {"document": "messages[0].parts[0].document"},
        "openai": {"document": "messages[0].content[0].file"},
        "anthropic": {"document": "messages[0].content[0]"},
    }
    assert ans.refused_field is not None, "refused"
    assert names[entrance][feature] in ans.refused_field, ans.refused_field


@pytest.mark.parametrize("upstream", UPSTREAMS)
async def test_capability_matrix(env, upstream):
    """Every feature through every entrance to one upstream; all failures of a row reported together."""
    failures: list[str] = []
    for feature in FEATURES:
        expected = MATRIX[(feature, upstream)]
        for entrance in ENTRANCES:
            cell = f"{feature} / {entrance} -> {upstream}"
            env.up.clear()
            if upstream != "local":
                env.up.script(_reply_for(upstream, feature))
            ask = _ask(feature, upstream)
            if feature == "cache" and upstream == "local":
                await SEND[entrance](env, ask)  # the first call fills the local prompt cache
            try:
                ans = await SEND[entrance](env, ask)
                if expected == "refused":
                    _check_refusal(entrance, feature, ans)
                    if upstream != "local":
                        assert not env.up.requests, "a refused request never reaches the provider"
                    continue
                assert ans.refused_field is None, f"refused: {ans.refused_field}"
                if upstream != "local":
                    _check_upstream(upstream, feature, env.up.last.json())
                elif feature == "cache":
                    assert ans.cached > 0, "the second identical prompt is served from the local KV cache"
                _check_answer(entrance, upstream, feature, ans)
            except AssertionError as err:
                failures.append(f"{cell}: {str(err).splitlines()[0] if str(err) else repr(err)}")
    assert not failures, "\n".join(failures)


async def test_text_only_local_models_refuse_images_naming_the_part(env):
    ask = _ask("image", "local")
    ask.model = "tiny"
    names = {
        "grpc": "messages[0].parts[0].image",
        "openai": "messages[0].content[0].image_url",
        "anthropic": "messages[0].content[0]",
    }
    for entrance in ENTRANCES:
        ans = await SEND[entrance](env, ask)
        assert ans.refused_field is not None and names[entrance] in ans.refused_field, (entrance, ans)


def _readme_matrix() -> dict[tuple[str, str], str]:
    """The README's capability table: one row per feature, one column per upstream; a cell that
    starts with "refused" is a refusal, anything else says how it works."""
    text = README.read_text()
    start = text.index("<!-- capability-matrix -->")
    lines = text[start:].splitlines()[1:]
    rows = lines[: next(i for i, ln in enumerate(lines) if not ln.startswith("|"))]
    header = [c.strip() for c in rows[0].strip("|").split("|")]
    assert header[1:] == ["OpenAI-type provider", "Anthropic-type provider", "local MLX"], header
    keys = dict(
        zip(["image", "document", "json_schema", "reasoning", "cache", "parallel_tools"], range(6), strict=True)
    )
    out = {}
    body = rows[2:]
    assert len(body) == len(keys), [r[:40] for r in body]
    for feature, i in keys.items():
        cells = [c.strip() for c in body[i].strip("|").split("|")]
        for upstream, cell in zip(UPSTREAMS, cells[1:], strict=True):
            out[(feature, upstream)] = "refused" if re.match(r"(?i)refused", cell) else "ok"
    return out


def test_the_readme_states_the_same_matrix():
    assert _readme_matrix() == MATRIX
