"""Traces through the real server: the SDK's in-memory exporter injected through the composition
root, a caller's W3C traceparent in gRPC metadata or bridge HTTP headers, and loopback fake
upstreams that record the traceparent they receive."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind, StatusCode
from support.cloud_setup import add_provider, add_route, collect, stream_request
from support.fakes.openai_replies import openai_error, openai_stream
from support.fakes.server import FakeUpstream
from support.harness import Database, running_server

TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"
PARENT_ID = "00f067aa0ba902b7"
TRACEPARENT = f"00-{TRACE_ID}-{PARENT_ID}-01"


@pytest.fixture
def sqlite(tmp_path) -> Database:
    return Database("sqlite", "", tmp_path / "data")


def _traceparent(headers) -> tuple[str, str]:
    """(trace id, parent span id) of a recorded request's traceparent header."""
    version, trace_id, span_id, flags = headers["traceparent"].split("-")
    assert version == "00" and flags == "01"
    return trace_id, span_id


async def test_grpc_call_and_attempt_spans_join_the_callers_trace(database):  # SQLite and PostgreSQL
    spans = InMemorySpanExporter()
    async with (
        FakeUpstream.start() as good,
        FakeUpstream.start() as bad,
        running_server(database, span_exporter=spans) as srv,
    ):
        await add_provider(srv, "bad", bad.openai_base_url)
        await add_provider(srv, "oai", good.openai_base_url)
        await add_route(srv, "gpt", "gpt-*", ("bad", ""), ("oai", ""))
        bad.script(openai_error(503, "down"), openai_error(503, "down"))
        good.script(openai_stream(["Hel", "lo"], usage=(11, 2, 0)))
        call = srv.chat.StreamChat(stream_request("gpt-4o"), metadata=(("traceparent", TRACEPARENT),))
        _, _, _, summary, _ = await collect(call)
        assert summary.served_by.provider == "providers/oai"
        upstream_seen = [_traceparent(r.headers) for r in (*bad.requests, good.last)]

    finished = spans.get_finished_spans()
    servers = [s for s in finished if s.kind == SpanKind.SERVER]
    attempts = [s for s in finished if s.kind == SpanKind.CLIENT]
    assert len(servers) == 1
    root = servers[0]
    assert root.name == "chat gpt-4o"
    assert format(root.context.trace_id, "032x") == TRACE_ID
    assert format(root.parent.span_id, "016x") == PARENT_ID  # the caller's span is the parent
    assert root.attributes["gen_ai.operation.name"] == "chat"
    assert root.attributes["gen_ai.request.model"] == "gpt-4o"
    assert root.attributes["gen_ai.response.model"] == "gpt-4o"
    assert root.attributes["gen_ai.system"] == root.attributes["gen_ai.provider.name"] == "openai"
    assert root.attributes["gen_ai.usage.input_tokens"] == 11
    assert root.attributes["gen_ai.usage.output_tokens"] == 2
    assert root.attributes["llmrouter.attempts"] == len(attempts)
    assert root.status.status_code == StatusCode.UNSET

    # one span per attempt, children of the call span; failures marked as errors
    assert len(attempts) == len(upstream_seen) >= 2
    for span in attempts:
        assert span.parent.span_id == root.context.span_id
        assert span.context.trace_id == root.context.trace_id
        assert span.attributes["gen_ai.request.model"] == "gpt-4o"
        assert span.attributes["gen_ai.system"] == "openai"
    *failed, served = sorted(attempts, key=lambda s: s.attributes["llmrouter.attempt"])
    assert all(s.status.status_code == StatusCode.ERROR and s.attributes["error.type"] for s in failed)
    assert served.status.status_code == StatusCode.UNSET
    assert served.attributes["llmrouter.provider"] == "oai" and served.attributes["llmrouter.fallback_index"] == 1
    # each upstream request carried its own attempt's context
    assert upstream_seen == [(TRACE_ID, format(s.context.span_id, "016x")) for s in (*failed, served)]


@pytest.mark.parametrize(
    ("path", "extra", "done"),
    [
        ("/v1/chat/completions", {}, "[DONE]"),
        ("/v1/messages", {"max_tokens": 16}, "message_stop"),
    ],
    ids=["openai", "anthropic"],
)
async def test_bridge_headers_reach_the_spans_and_the_upstream(sqlite, path, extra, done):
    spans = InMemorySpanExporter()
    async with FakeUpstream.start() as up, running_server(sqlite, http="127.0.0.1:0", span_exporter=spans) as srv:
        await add_provider(srv, "oai", up.openai_base_url)
        await add_route(srv, "gpt", "gpt-*", ("oai", ""))
        up.script(openai_stream(["Hi"], usage=(5, 1, 0)))
        async with httpx.AsyncClient(timeout=10) as http:
            resp = await http.post(
                f"{srv.server.bridge_url}{path}",
                json={"model": "gpt-4o", "messages": [{"role": "user", "content": "Hi"}], "stream": True, **extra},
                headers={"traceparent": TRACEPARENT, "tracestate": "vendor=abc"},
            )
        assert resp.status_code == 200 and done in resp.text
        trace_id, parent = _traceparent(up.last.headers)
        assert up.last.headers["tracestate"] == "vendor=abc"

    finished = spans.get_finished_spans()
    (root,) = [s for s in finished if s.kind == SpanKind.SERVER]
    (attempt,) = [s for s in finished if s.kind == SpanKind.CLIENT]
    assert format(root.context.trace_id, "032x") == TRACE_ID == trace_id
    assert format(root.parent.span_id, "016x") == PARENT_ID
    assert parent == format(attempt.context.span_id, "016x")
    assert root.attributes["gen_ai.usage.output_tokens"] == 1


async def test_without_tracing_the_callers_traceparent_passes_through(sqlite, monkeypatch):
    monkeypatch.delenv("OTEL_EXPORTER_OTLP_ENDPOINT", raising=False)
    monkeypatch.delenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", raising=False)
    async with FakeUpstream.start() as up, running_server(sqlite) as srv:
        assert not srv.server.observability.tracing
        await add_provider(srv, "oai", up.openai_base_url)
        await add_route(srv, "gpt", "gpt-*", ("oai", ""))
        up.script(openai_stream(["Hi"]), openai_stream(["Hi"]))
        await collect(srv.chat.StreamChat(stream_request("gpt-4o"), metadata=(("traceparent", TRACEPARENT),)))
        assert up.last.headers["traceparent"] == TRACEPARENT
        await collect(srv.chat.StreamChat(stream_request("gpt-4o")))  # no caller context: none sent
        assert "traceparent" not in up.last.headers


async def test_failed_call_span_names_the_error(sqlite):
    spans = InMemorySpanExporter()
    async with running_server(sqlite, span_exporter=spans) as srv:
        with pytest.raises(Exception):  # noqa: B017 - any gRPC error; the span is what is checked
            await collect(srv.chat.StreamChat(stream_request("no-such-model")))
    (root,) = spans.get_finished_spans()
    assert root.status.status_code == StatusCode.ERROR
    assert root.attributes["error.type"] == "not_found"


async def test_otlp_endpoint_turns_tracing_on(sqlite, monkeypatch):
    """The standard variable alone: spans reach an OTLP/HTTP collector (a loopback fake)."""
    from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
    from support.fakes.server import JSONReply

    async with FakeUpstream.start() as collector, FakeUpstream.start() as up:
        collector.route("/v1/traces", JSONReply(b"", headers={"content-type": "application/x-protobuf"}))
        monkeypatch.setenv("OTEL_EXPORTER_OTLP_ENDPOINT", collector.base_url)
        monkeypatch.setenv("OTEL_SERVICE_NAME", "llmrouter-test")
        async with running_server(sqlite) as srv:
            assert srv.server.observability.tracing
            await add_provider(srv, "oai", up.openai_base_url)
            await add_route(srv, "gpt", "gpt-*", ("oai", ""))
            up.script(openai_stream(["Hi"]))
            await collect(srv.chat.StreamChat(stream_request("gpt-4o")))
        # shutdown flushes the batch (in the background when it takes longer than the close budget)
        (req,) = await collector.wait_requests(1, timeout=10)
    assert req.path == "/v1/traces"
    export = ExportTraceServiceRequest.FromString(req.body)
    (resource,) = export.resource_spans
    service = {a.key: a.value.string_value for a in resource.resource.attributes}["service.name"]
    assert service == "llmrouter-test"
    names = sorted(s.name for scope in resource.scope_spans for s in scope.spans)
    assert names == ["chat gpt-4o", "chat gpt-4o"]  # the call and its one attempt


async def test_otlp_over_grpc(sqlite, monkeypatch):
    """OTEL_EXPORTER_OTLP_PROTOCOL=grpc: the spans reach a loopback OTLP/gRPC collector."""
    import grpc
    from opentelemetry.proto.collector.trace.v1 import trace_service_pb2, trace_service_pb2_grpc

    received: list = []

    class Collector(trace_service_pb2_grpc.TraceServiceServicer):
        async def Export(self, request, context):
            received.append(request)
            return trace_service_pb2.ExportTraceServiceResponse()

    collector = grpc.aio.server()
    trace_service_pb2_grpc.add_TraceServiceServicer_to_server(Collector(), collector)
    port = collector.add_insecure_port("127.0.0.1:0")
    await collector.start()
    try:
        monkeypatch.setenv("OTEL_EXPORTER_OTLP_ENDPOINT", f"http://127.0.0.1:{port}")
        monkeypatch.setenv("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")
        async with FakeUpstream.start() as up, running_server(sqlite) as srv:
            await add_provider(srv, "oai", up.openai_base_url)
            await add_route(srv, "gpt", "gpt-*", ("oai", ""))
            up.script(openai_stream(["Hi"]))
            await collect(srv.chat.StreamChat(stream_request("gpt-4o"), metadata=(("traceparent", TRACEPARENT),)))
        for _ in range(100):  # the flush at shutdown may finish in the background
            if received:
                break
            await asyncio.sleep(0.1)
    finally:
        await collector.stop(0)
    spans = [s for r in received for rs in r.resource_spans for sc in rs.scope_spans for s in sc.spans]
    assert sorted(s.name for s in spans) == ["chat gpt-4o", "chat gpt-4o"]
    assert {s.trace_id.hex() for s in spans} == {TRACE_ID}
