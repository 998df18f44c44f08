"""Fuzzing the REST bridge's request bodies with hypothesis: no input gives a 500, a
traceback, or a hung connection; every refusal is a 4xx with the API's error body.

One real stack (fake upstream -> production gRPC server -> bridge under uvicorn) runs on its
own event loop in a background thread for the whole module; examples are plain HTTP
requests against it. Bodies are valid requests with one field replaced by arbitrary JSON,
keys dropped or added, arbitrary JSON documents, and raw bytes.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import json
import threading
import urllib.parse

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.bridge_env import MAX_BODY, setup_routes
from support.fakes.anthropic_replies import anthropic_message, anthropic_stream
from support.fakes.openai_replies import openai_completion, openai_embeddings, openai_stream
from support.fakes.server import FakeUpstream, JSONReply, SSEReply
from support.fakes.wire import sse
from support.harness import Database, running_server

from service.bridge.serving import start_bridge

EXAMPLES = 200


class Stack:
    """The whole stack on a private event loop in a daemon thread."""

    def __init__(self, tmp) -> None:
        self.tmp = tmp
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="bridge-fuzz", daemon=True)
        self.stack = contextlib.AsyncExitStack()
        self.url = ""
        self.routes: list[tuple[str, list[str]]] = []

    def run(self, coro, timeout: float = 30.0):
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    async def _start(self) -> None:
        up = await self.stack.enter_async_context(FakeUpstream.start())

        def oai(rec):
            try:
                body = rec.json()
            except ValueError:
                body = {}
            return (
                openai_stream(["fuzz", "ed"])
                if isinstance(body, dict) and body.get("stream")
                else openai_completion("fuzzed")
            )

        def anth(rec):
            try:
                body = rec.json()
            except ValueError:
                body = {}
            return (
                anthropic_stream(["fuzz"])
                if isinstance(body, dict) and body.get("stream")
                else anthropic_message("fuzzed")
            )

        def completions(rec):
            try:
                body = rec.json()
            except ValueError:
                body = {}
            choice = {"text": "fuzzed", "index": 0, "logprobs": None, "finish_reason": "stop"}
            chunk = {"id": "cmpl-f", "object": "text_completion", "created": 1, "model": "m", "choices": [choice]}
            if isinstance(body, dict) and body.get("stream"):
                return SSEReply([sse(chunk), b"data: [DONE]\n\n"])
            return JSONReply({**chunk, "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}})

        up.route("/v1/chat/completions", oai)
        up.route("/v1/messages", anth)
        up.route("/v1/messages/count_tokens", JSONReply({"input_tokens": 5}))
        up.route("/v1/completions", completions)
        up.route("/v1/embeddings", lambda rec: openai_embeddings([[0.5, 0.25]] * max(1, len(_inputs(rec)))))
        srv = await self.stack.enter_async_context(
            running_server(Database("sqlite", "", self.tmp / "data"), max_attempts_per_target=1)
        )
        await setup_routes(srv, up)
        bridge = await start_bridge(
            dataclasses.replace(srv.settings, http="127.0.0.1:0", http_max_body_bytes=MAX_BODY),
            srv.address,
            srv.server.components.responses,
            chat=srv.server.grpc.chat,
        )
        self.stack.push_async_callback(bridge.stop)
        self.url = bridge.url
        self.routes = [(r.path, sorted(r.methods or ())) for r in bridge.app.routes if hasattr(r, "methods")]

    def start(self) -> None:
        self.thread.start()
        self.run(self._start())

    def stop(self) -> None:
        with contextlib.suppress(Exception):
            self.run(self.stack.aclose())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)


def _inputs(rec) -> list:
    try:
        inp = rec.json().get("input")
    except Exception:
        return []
    return inp if isinstance(inp, list) else [inp]


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    s = Stack(tmp_path_factory.mktemp("bridge-fuzz"))
    s.start()
    try:
        with httpx.Client(base_url=s.url, timeout=httpx.Timeout(5.0)) as client:
            client.bridge_routes = s.routes
            yield client
    finally:
        s.stop()


# ------------------------------------------------------------------ strategies

json_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20)
)
json_values = st.recursive(
    json_scalars,
    lambda kids: st.lists(kids, max_size=4) | st.dictionaries(st.text(max_size=10), kids, max_size=4),
    max_leaves=12,
)

VALID = {
    "/v1/chat/completions": [
        {"model": "gpt-test", "messages": [{"role": "user", "content": "hi"}]},
        {
            "model": "gpt-test",
            "stream": True,
            "stream_options": {"include_usage": True},
            "messages": [
                {"role": "system", "content": "s"},
                {"role": "user", "content": [{"type": "text", "text": "hi"}]},
                {
                    "role": "assistant",
                    "content": None,
                    "tool_calls": [{"id": "c1", "type": "function", "function": {"name": "f", "arguments": "{}"}}],
                },
                {"role": "tool", "tool_call_id": "c1", "content": "r"},
            ],
            "tools": [{"type": "function", "function": {"name": "f", "parameters": {"type": "object"}}}],
            "tool_choice": "auto",
            "temperature": 0.5,
            "top_p": 0.5,
            "stop": ["x"],
            "seed": 1,
            "max_tokens": 10,
            "user": "u",
        },
    ],
    "/v1/messages": [
        {"model": "gpt-test", "max_tokens": 10, "messages": [{"role": "user", "content": "hi"}]},
        {
            "model": "claude-test",
            "max_tokens": 10,
            "stream": True,
            "system": [{"type": "text", "text": "s"}],
            "messages": [
                {"role": "user", "content": [{"type": "text", "text": "hi"}]},
                {"role": "assistant", "content": [{"type": "tool_use", "id": "t1", "name": "f", "input": {"a": 1}}]},
                {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "t1", "content": "r"}]},
            ],
            "tools": [{"name": "f", "input_schema": {"type": "object"}}],
            "tool_choice": {"type": "auto"},
            "stop_sequences": ["x"],
            "temperature": 0.5,
            "metadata": {"user_id": "u"},
        },
    ],
    "/v1/responses": [
        {"model": "gpt-test", "input": "hi", "store": False},
        {
            "model": "claude-test",
            "stream": True,
            "instructions": "s",
            "input": [
                {"role": "user", "content": [{"type": "input_text", "text": "hi"}]},
                {"type": "reasoning", "summary": [{"type": "summary_text", "text": "r"}]},
                {"type": "function_call", "call_id": "c1", "name": "f", "arguments": "{}"},
                {"type": "function_call_output", "call_id": "c1", "output": "r"},
            ],
            "tools": [{"type": "function", "name": "f", "parameters": {"type": "object"}}],
            "tool_choice": "auto",
            "parallel_tool_calls": True,
            "text": {"format": {"type": "json_schema", "name": "n", "schema": {"type": "object"}}},
            "reasoning": {"effort": "low", "summary": "auto"},
            "max_output_tokens": 10,
            "temperature": 0.5,
            "top_p": 0.5,
            "metadata": {"k": "v"},
            "user": "u",
            "previous_response_id": "resp_00000000000000000000000000000000",
        },
    ],
    "/v1/messages/count_tokens": [
        {"model": "claude-test", "messages": [{"role": "user", "content": "hi"}]},
        {
            "model": "gpt-test",
            "system": "s",
            "messages": [{"role": "user", "content": [{"type": "text", "text": "hi"}]}],
            "tools": [{"name": "f", "input_schema": {"type": "object"}}],
        },
    ],
    "/v1/completions": [
        {"model": "gpt-test", "prompt": "Once"},
        {
            "model": "claude-test",
            "prompt": ["Once"],
            "stream": True,
            "stream_options": {"include_usage": True},
            "max_tokens": 5,
            "temperature": 0.5,
            "top_p": 0.5,
            "stop": "x",
            "seed": 1,
            "user": "u",
        },
    ],
    "/v1/embeddings": [
        {"model": "emb-test", "input": "hi"},
        {"model": "emb-test", "input": ["a", "b"], "encoding_format": "base64", "dimensions": 2},
    ],
}


def _paths(obj, prefix=()):
    yield prefix
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from _paths(v, (*prefix, i))


def _replace(obj, path, value):
    if not path:
        return value
    obj = json.loads(json.dumps(obj))
    cur = obj
    for key in path[:-1]:
        cur = cur[key]
    cur[path[-1]] = value
    return obj


def _delete(obj, path):
    if not path:
        return obj
    obj = json.loads(json.dumps(obj))
    cur = obj
    for key in path[:-1]:
        cur = cur[key]
    del cur[path[-1]]
    return obj


@st.composite
def mutated(draw, endpoint: str):
    base = draw(st.sampled_from(VALID[endpoint]))
    ops = draw(st.lists(st.sampled_from(["replace", "delete", "add"]), min_size=1, max_size=3))
    doc = base
    for op in ops:
        paths = list(_paths(doc))
        path = draw(st.sampled_from(paths))
        if op == "replace":
            doc = _replace(doc, path, draw(json_values))
        elif op == "delete":
            doc = _delete(doc, path)
        else:
            target = doc
            for key in path:
                target = target[key]
            if isinstance(target, dict):
                doc = _replace(doc, (*path, draw(st.text(max_size=12))), draw(json_values))
            elif isinstance(target, list):
                doc = _replace(doc, path, [*target, draw(json_values)])
    return json.dumps(doc).encode()


def bodies(endpoint: str):
    raw_json_edge = st.sampled_from(
        [
            b"",
            b"{",
            b"null",
            b"[]",
            b'"x"',
            b'{"model": NaN}',
            b'{"model": Infinity}',
            b'{"model": "m", "messages": [{"role": "user", "content": "\\ud800"}]}',
            b"[" * 5000,
            b'{"a":' * 3000,
            b'{"max_tokens": 1' + b"0" * 5000 + b"}",
            b"\xff\xfe\x00",
            json.dumps({"model": "m", "messages": [{"role": "user", "content": "x"}], "max_tokens": 10**30}).encode(),
        ]
    )
    return st.one_of(
        mutated(endpoint),
        mutated(endpoint),
        mutated(endpoint),
        json_values.map(lambda v: json.dumps(v).encode()),
        st.binary(max_size=64),
        raw_json_edge,
    )


def check(resp: httpx.Response, endpoint: str) -> None:
    assert resp.status_code < 500, (resp.status_code, resp.text[:500])
    assert "Traceback" not in resp.text
    if resp.status_code >= 400:
        body = resp.json()
        if endpoint.startswith("/v1/messages"):
            assert body["type"] == "error" and body["error"]["type"] and body["error"]["message"]
        else:
            assert set(body["error"]) == {"message", "type", "param", "code"} and body["error"]["message"]
    elif resp.headers["content-type"].startswith("text/event-stream"):
        assert resp.text.endswith("\n\n")
        if endpoint == "/v1/responses":
            last = resp.text.strip().rsplit("\n\n", 1)[-1]
            assert last.split("\n")[0] in (
                "event: response.completed",
                "event: response.incomplete",
                "event: response.failed",
            ), resp.text[-300:]
        else:
            assert "data: [DONE]" in resp.text or "message_stop" in resp.text, resp.text[-300:]


def _fuzz(client: httpx.Client, endpoint: str, body: bytes) -> None:
    resp = client.post(endpoint, content=body, headers={"content-type": "application/json"})
    check(resp, endpoint)


FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large],
)


@FUZZ
@given(body=bodies("/v1/chat/completions"))
def test_fuzz_chat_completions(stack, body):
    _fuzz(stack, "/v1/chat/completions", body)


@FUZZ
@given(body=bodies("/v1/messages"))
def test_fuzz_messages(stack, body):
    _fuzz(stack, "/v1/messages", body)


@FUZZ
@given(body=bodies("/v1/embeddings"))
def test_fuzz_embeddings(stack, body):
    _fuzz(stack, "/v1/embeddings", body)


@FUZZ
@given(body=bodies("/v1/responses"))
def test_fuzz_responses(stack, body):
    _fuzz(stack, "/v1/responses", body)


@FUZZ
@given(body=bodies("/v1/completions"))
def test_fuzz_completions(stack, body):
    _fuzz(stack, "/v1/completions", body)


@FUZZ
@given(body=bodies("/v1/messages/count_tokens"))
def test_fuzz_count_tokens(stack, body):
    _fuzz(stack, "/v1/messages/count_tokens", body)


@settings(max_examples=50, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(response_id=st.text(min_size=1, max_size=40), query=st.text(max_size=30), delete=st.booleans())
def test_fuzz_stored_response_paths(stack, response_id, query, delete):
    rid = urllib.parse.quote(response_id, safe="")
    q = urllib.parse.quote(query, safe="=&")
    for resp in (
        stack.delete(f"/v1/responses/{rid}") if delete else stack.get(f"/v1/responses/{rid}?{q}"),
        stack.get(f"/v1/responses/{rid}/input_items?{q}"),
    ):
        assert resp.status_code in (400, 404), resp.text
        assert set(resp.json()["error"]) == {"message", "type", "param", "code"}


header_text = st.text(
    alphabet=st.characters(min_codepoint=0x20, max_codepoint=0xFF, blacklist_characters="\x7f"), max_size=40
)


@settings(max_examples=50, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(header=header_text, model=st.text(max_size=40))
def test_fuzz_headers_and_model_paths(stack, header, model):
    raw = header.strip().encode("latin-1")
    resp = stack.post(
        "/v1/chat/completions",
        json={"model": "gpt-test", "messages": [{"role": "user", "content": "x"}]},
        headers={"authorization": raw, "x-request-id": raw or b"r"},
    )
    check(resp, "/v1/chat/completions")
    resp = stack.get("/v1/models/" + urllib.parse.quote(model, safe=""))
    assert resp.status_code in (200, 404), resp.text
    assert resp.json()


def test_every_endpoint_is_fuzzed(stack):
    """The endpoints come from the bridge's own route table: a new one is fuzzed below."""
    paths = {p for p, _ in stack.bridge_routes}
    assert {"/v1/chat/completions", "/v1/messages", "/v1/embeddings", "/v1/models"} <= paths


@settings(max_examples=120, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(
    pick=st.integers(0, 1000),
    method=st.sampled_from(["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"]),
    segment=st.text(max_size=30),
    body=st.one_of(json_values.map(lambda v: json.dumps(v).encode()), st.binary(max_size=64)),
    query=st.dictionaries(st.text(max_size=8), st.text(max_size=8), max_size=3),
)
def test_fuzz_every_endpoint_any_method(stack, pick, method, segment, body, query):
    """Every route of the bridge, with any method, any path parameter, query and body: never a
    5xx, always the API's error body on a 4xx."""
    path, _ = stack.bridge_routes[pick % len(stack.bridge_routes)]
    path = path.replace("{model_id:path}", urllib.parse.quote(segment, safe="") or "x")
    resp = stack.request(method, path, content=body, params=query, headers={"content-type": "application/json"})
    assert resp.status_code < 500, (method, path, resp.status_code, resp.text[:300])
    if resp.status_code >= 400 and method != "HEAD":
        doc = resp.json()
        if path.startswith("/v1/messages"):
            assert doc["type"] == "error" and doc["error"]["message"]
        else:
            assert doc["error"]["message"]
