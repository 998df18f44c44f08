"""/metrics through the real server: gRPC calls against loopback fake upstreams, then a scrape
of the bridge port and of the separate metrics address, parsed with prometheus_client's parser."""

from __future__ import annotations

import grpc
import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families
from support.cloud_setup import add_provider, add_route, collect, stream_request
from support.fakes.openai_replies import openai_completion, openai_error, openai_stream
from support.fakes.server import FakeUpstream
from support.harness import Database, expect_error, running_server

from llmrouter.v1 import chat_service_pb2 as cs
from service.observability.metrics import MAX_MODELS, Metrics

STREAM = "/llmrouter.v1.ChatService/StreamChat"


@pytest.fixture
def sqlite(tmp_path) -> Database:
    return Database("sqlite", "", tmp_path / "data")


def parse(text: str) -> dict[str, list]:
    """{sample name: [(labels, value), ...]} of a scrape."""
    out: dict[str, list] = {}
    for fam in text_string_to_metric_families(text):
        for s in fam.samples:
            out.setdefault(s.name, []).append((s.labels, s.value))
    return out


def value(samples: dict[str, list], name: str, **labels: str) -> float:
    """The one sample of `name` whose labels include `labels` (0 when none)."""
    found = [v for lab, v in samples.get(name, []) if all(lab.get(k) == w for k, w in labels.items())]
    assert len(found) <= 1, f"{name}{labels}: {found}"
    return found[0] if found else 0.0


async def scrape(url: str) -> dict[str, list]:
    async with httpx.AsyncClient(timeout=10) as http:
        resp = await http.get(url)
    assert resp.status_code == 200
    assert resp.headers["content-type"].startswith("text/plain")
    return parse(resp.text)


async def test_stream_with_fallback_is_measured_on_both_addresses(database):  # SQLite and PostgreSQL
    async with (
        FakeUpstream.start() as good,
        FakeUpstream.start() as bad,
        running_server(database, http="127.0.0.1:0", metrics_listen="127.0.0.1:0", breaker_failure_threshold=2) as srv,
    ):
        await add_provider(srv, "bad", bad.openai_base_url)
        await add_provider(srv, "oai", good.openai_base_url)
        await add_route(srv, "gpt", "gpt-*", ("bad", ""), ("oai", ""))
        for _ in range(2):
            bad.script(openai_error(500, "boom", type="server_error"))
        good.script(openai_stream(["Hel", "lo", " world"], usage=(12, 3, 0)))
        _, _, _, summary, _ = await collect(srv.chat.StreamChat(stream_request("gpt-4o")))
        assert summary.served_by.provider == "providers/oai" and summary.served_by.attempts == 3
        await expect_error(collect(srv.chat.StreamChat(stream_request("no-such-model"))), grpc.StatusCode.NOT_FOUND)

        on_bridge = await scrape(f"{srv.server.bridge_url}/metrics")
        separate = await scrape(f"http://127.0.0.1:{srv.server.metrics_port}/metrics")

    for m in (on_bridge, separate):
        ok = dict(operation="chat", provider="oai", model="gpt-4o", route="gpt", outcome="ok")
        assert value(m, "gen_ai_client_token_usage_sum", token_type="input", **ok) == 12
        assert value(m, "gen_ai_client_token_usage_sum", token_type="output", **ok) == 3
        assert value(m, "gen_ai_client_token_usage_count", token_type="output", **ok) == 1
        assert value(m, "gen_ai_server_request_duration_seconds_count", **ok) == 1
        assert value(m, "gen_ai_server_time_to_first_token_seconds_count", **ok) == 1
        assert value(m, "gen_ai_server_time_per_output_token_seconds_count", **ok) == 1
        # the unknown model: no provider, outcome by error kind
        assert value(m, "gen_ai_server_request_duration_seconds_count", provider="", outcome="not_found") == 1
        # two failed attempts on `bad`, then the fallback served
        assert value(m, "llmrouter_attempts_total", provider="bad", model="gpt-4o", outcome="unavailable") == 2
        assert value(m, "llmrouter_attempts_total", provider="oai", model="gpt-4o", outcome="ok") == 1
        assert value(m, "llmrouter_fallbacks_total", route="gpt", provider="oai", model="gpt-4o") == 1
        assert value(m, "llmrouter_breaker_state", provider="bad", model="gpt-4o") == 1  # open
        # overhead: one observation per call, less than the whole call
        assert value(m, "llmrouter_overhead_seconds_count", operation="chat") == 2
        total = sum(v for lab, v in m["gen_ai_server_request_duration_seconds_sum"])
        assert 0 <= value(m, "llmrouter_overhead_seconds_sum", operation="chat") < total
        assert value(m, "llmrouter_grpc_server_calls_total", method=STREAM, code="OK") == 1
        assert value(m, "llmrouter_grpc_server_calls_total", method=STREAM, code="NOT_FOUND") == 1
        assert "llmrouter_request_log_queue_depth" in m and "llmrouter_request_log_spool_depth" in m
        # labels stay bounded: no request ids anywhere
        for samples in m.values():
            for labels, _ in samples:
                assert not ({"request_id", "x_request_id"} & set(labels))


async def test_unary_chat_tokens_and_failures(sqlite):
    async with FakeUpstream.start() as up, running_server(sqlite, http="127.0.0.1:0") as srv:
        await add_provider(srv, "oai", up.openai_base_url)
        await add_route(srv, "gpt", "gpt-*", ("oai", ""))
        up.script(openai_completion("Hi there", usage=(7, 2, 0)))
        await srv.chat.Chat(cs.ChatRequest(model="gpt-4o", messages=[stream_request("x").messages[0]]))
        up.script(openai_error(400, "bad request"))
        await expect_error(
            srv.chat.Chat(cs.ChatRequest(model="gpt-4o", messages=[stream_request("x").messages[0]])),
            grpc.StatusCode.INVALID_ARGUMENT,
        )
        m = await scrape(f"{srv.server.bridge_url}/metrics")
    ok = dict(operation="chat", provider="oai", model="gpt-4o", route="gpt", outcome="ok")
    assert value(m, "gen_ai_client_token_usage_sum", token_type="input", **ok) == 7
    assert value(m, "gen_ai_server_request_duration_seconds_count", **ok) == 1
    assert value(m, "gen_ai_server_time_to_first_token_seconds_count", **ok) == 0  # streams only
    bad = dict(ok, outcome="invalid_argument")
    assert value(m, "gen_ai_server_request_duration_seconds_count", **bad) == 1
    assert value(m, "llmrouter_grpc_server_calls_total", method="/llmrouter.v1.ChatService/Chat", code="OK") == 1
    assert (
        value(m, "llmrouter_grpc_server_calls_total", method="/llmrouter.v1.ChatService/Chat", code="INVALID_ARGUMENT")
        == 1
    )


async def test_metrics_off_serves_no_endpoint(sqlite):
    async with running_server(sqlite, http="127.0.0.1:0", metrics_enabled=False) as srv:
        async with httpx.AsyncClient(timeout=10) as http:
            resp = await http.get(f"{srv.server.bridge_url}/metrics")
        assert resp.status_code == 404
        assert srv.server.observability is None


async def test_metrics_address_in_use_is_one_clear_error(sqlite):
    import socket

    from service.settings import StartupError

    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        held.listen(1)
        port = held.getsockname()[1]
        with pytest.raises(StartupError, match="cannot serve /metrics on"):
            async with running_server(sqlite, metrics_listen=f"127.0.0.1:{port}"):
                pass


async def test_metrics_address_with_metrics_off_is_refused(sqlite):
    from service.settings import StartupError

    with pytest.raises(StartupError, match="LLMROUTER_METRICS_ENABLED is false"):
        async with running_server(sqlite, metrics_listen="127.0.0.1:0", metrics_enabled=False):
            pass


def test_model_label_is_bounded():
    m = Metrics()
    names = [m.model_label(f"model-{i}") for i in range(MAX_MODELS + 5)]
    assert names[:MAX_MODELS] == [f"model-{i}" for i in range(MAX_MODELS)]
    assert set(names[MAX_MODELS:]) == {"other"}
    assert m.model_label("model-0") == "model-0"
