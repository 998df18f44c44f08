"""Bad input is INVALID_ARGUMENT naming the field, never INTERNAL: control characters in stored or
logged strings, forged page tokens, out-of-range timestamps and non-finite numbers, over real gRPC
on SQLite and PostgreSQL."""

from __future__ import annotations

import base64
import json

import grpc
import pytest
from google.protobuf import field_mask_pb2, struct_pb2
from google.protobuf.timestamp_pb2 import Timestamp
from support.cloud_setup import add_provider, add_route, collect, stream_request, user
from support.fakes.openai_replies import openai_stream
from support.fakes.server import FakeUpstream
from support.harness import expect_error

from llmrouter.v1 import chat_pb2
from llmrouter.v1 import chat_service_pb2 as cs
from llmrouter.v1 import provider_admin_service_pb2 as pa
from llmrouter.v1 import provider_pb2 as p
from llmrouter.v1 import request_log_service_pb2 as rls
from llmrouter.v1 import request_log_service_pb2_grpc as rls_grpc
from llmrouter.v1 import route_pb2 as r
from llmrouter.v1 import routing_service_pb2 as rs

CONTROLS = ["\x00", "\x1b", "\x7f", "\x85", "\n"]


@pytest.mark.parametrize("ch", CONTROLS, ids=lambda c: f"U+{ord(c):04X}")
async def test_control_characters_in_chat_identifiers_are_refused(server, ch):
    cases = [
        (stream_request("m", request_id=f"req{ch}1"), "request_id"),
        (stream_request("m", metadata={"k": f"v{ch}"}), "metadata.k"),
        (stream_request("m", metadata={f"k{ch}": "v"}), "metadata"),
        (
            stream_request(
                "m",
                user("x"),
                chat_pb2.Message(
                    role=chat_pb2.ROLE_ASSISTANT, tool_calls=[chat_pb2.ToolCall(id=f"c{ch}", name="f", arguments="{}")]
                ),
            ),
            "messages[1].tool_calls[0].id",
        ),
    ]
    for req, field in cases:
        err = await expect_error(collect(server.chat.StreamChat(req)), grpc.StatusCode.INVALID_ARGUMENT)
        assert field in err.fields, (field, err.fields)
        assert "control characters" in err.fields[field]
    err = await expect_error(
        server.chat.Embed(cs.EmbedRequest(model="e", inputs=["x"], request_id=f"r{ch}")),
        grpc.StatusCode.INVALID_ARGUMENT,
    )
    assert "request_id" in err.fields


async def test_control_characters_in_admin_strings_are_refused_and_nothing_is_stored(server):
    await add_provider(server, "up", "http://127.0.0.1:9/v1")
    bad_creates = [
        (
            pa.CreateProviderRequest(
                provider_id="nul-url",
                provider=p.Provider(display_name="x", template="custom-openai", base_url="http://127.0.0.1:9/\x00v1"),
            ),
            "provider.base_url",
        ),
        (
            pa.CreateProviderRequest(
                provider_id="nul-name", provider=p.Provider(display_name="x\x00", template="custom-openai")
            ),
            "provider.display_name",
        ),
        (
            pa.CreateProviderRequest(
                provider_id="nul-key",
                provider=p.Provider(display_name="x", template="custom-openai", api_key="sk-\x00"),
            ),
            "provider.api_key",
        ),
        (pa.CreateProviderRequest(provider_id="x\x00", provider=p.Provider(display_name="x")), "provider_id"),
    ]
    for req, field in bad_creates:
        err = await expect_error(server.providers.CreateProvider(req), grpc.StatusCode.INVALID_ARGUMENT)
        assert field in err.fields, (field, err.fields)
    err = await expect_error(
        server.providers.CreateProviderModel(
            pa.CreateProviderModelRequest(
                parent="providers/up", provider_model=p.ProviderModel(model_id="m", source="/tmp/\x00w")
            )
        ),
        grpc.StatusCode.INVALID_ARGUMENT,
    )
    assert "provider_model.source" in err.fields
    err = await expect_error(
        server.providers.UpdateProvider(
            pa.UpdateProviderRequest(
                provider=p.Provider(name="providers/up", base_url="http://127.0.0.1:9/\x00"),
                update_mask=field_mask_pb2.FieldMask(paths=["base_url"]),
            )
        ),
        grpc.StatusCode.INVALID_ARGUMENT,
    )
    assert "provider.base_url" in err.fields
    err = await expect_error(
        server.providers.GetProvider(pa.GetProviderRequest(name="providers/up\x00")), grpc.StatusCode.INVALID_ARGUMENT
    )
    assert "name" in err.fields
    err = await expect_error(
        server.routes.CreateRoute(
            rs.CreateRouteRequest(
                route=r.Route(model_pattern="gpt-\x00*", target=r.RouteTarget(provider="providers/up"))
            )
        ),
        grpc.StatusCode.INVALID_ARGUMENT,
    )
    assert "route.model_pattern" in err.fields
    err = await expect_error(
        server.routes.CreateRoute(
            rs.CreateRouteRequest(
                route=r.Route(model_pattern="a*", description="d\x00", target=r.RouteTarget(provider="providers/up"))
            )
        ),
        grpc.StatusCode.INVALID_ARGUMENT,
    )
    assert "route.description" in err.fields
    listed = await server.providers.ListProviders(pa.ListProvidersRequest())
    assert not any("nul" in x.name for x in listed.providers)
    assert all("\x00" not in x.base_url for x in listed.providers)
    # A stored description may hold line breaks and tabs: prose, not an identifier.
    route = await server.routes.CreateRoute(
        rs.CreateRouteRequest(
            route=r.Route(
                model_pattern="b*", description="line one\n\tline two", target=r.RouteTarget(provider="providers/up")
            )
        )
    )
    assert route.route.description == "line one\n\tline two"


async def test_log_filters_with_control_characters_are_refused(server):
    logs = rls_grpc.RequestLogServiceStub(server.channel)
    for field in ("request_id", "requested_model", "status"):
        err = await expect_error(
            logs.ListRequestLogs(rls.ListRequestLogsRequest(**{field: "a\x00b"})), grpc.StatusCode.INVALID_ARGUMENT
        )
        assert field in err.fields


async def test_prompt_content_may_hold_control_characters(server):
    async with FakeUpstream.start() as up:
        up.route("/v1/chat/completions", lambda rec: openai_stream(["ok"]))
        await add_provider(server, "up", up.openai_base_url)
        await add_route(server, "all", "*", ("up", ""))
        text, *_ = await collect(server.chat.StreamChat(stream_request("m", user("a\x00b\x1b[0m\ttab\nline"))))
        assert "".join(text) == "ok"
        body = up.requests[-1].json()
        assert body["messages"][-1]["content"] == "a\x00b\x1b[0m\ttab\nline"


def _token(payload) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


FORGED = [
    _token({"k": "providers", "o": 2**63}),
    _token({"k": "providers", "o": 2**31}),
    _token({"k": "providers", "o": -1}),
    _token({"k": "providers", "o": True}),
    _token({"k": "providers", "o": 1.5}),
    _token({"k": "elsewhere", "o": 0}),
    _token(["k", "o"]),
    _token({"k": "providers", "o": 0, "x": "y" * 300}),
    "not base64 !!",
    "é",
    "W" * 5000,
    _token("[" * 100),
]


@pytest.mark.parametrize("token", FORGED, ids=range(len(FORGED)))
async def test_forged_page_tokens_are_invalid_argument(server, token):
    calls = [
        server.providers.ListProviders(pa.ListProvidersRequest(page_token=token)),
        server.routes.ListRoutes(rs.ListRoutesRequest(page_token=token)),
        server.chat.ListModels(cs.ListModelsRequest(page_token=token)),
        rls_grpc.RequestLogServiceStub(server.channel).ListRequestLogs(rls.ListRequestLogsRequest(page_token=token)),
    ]
    for call in calls:
        err = await expect_error(call, grpc.StatusCode.INVALID_ARGUMENT)
        assert "page_token" in err.fields


async def test_a_real_page_token_still_pages(server):
    for i in range(3):
        await add_provider(server, f"pg-{i}", "http://127.0.0.1:9/v1")
    first = await server.providers.ListProviders(pa.ListProvidersRequest(page_size=1))
    assert first.next_page_token
    second = await server.providers.ListProviders(
        pa.ListProvidersRequest(page_size=1, page_token=first.next_page_token)
    )
    assert second.providers[0].name != first.providers[0].name


BAD_TIMES = [
    Timestamp(seconds=2**62),
    Timestamp(seconds=-(2**62)),
    Timestamp(seconds=253402300800),
    Timestamp(seconds=-62135596801),
    Timestamp(seconds=0, nanos=-1),
    Timestamp(seconds=0, nanos=10**9),
]


@pytest.mark.parametrize("ts", BAD_TIMES, ids=range(len(BAD_TIMES)))
async def test_out_of_range_timestamps_are_invalid_argument(server, ts):
    logs = rls_grpc.RequestLogServiceStub(server.channel)
    err = await expect_error(
        logs.ListRequestLogs(rls.ListRequestLogsRequest(start_time=ts)), grpc.StatusCode.INVALID_ARGUMENT
    )
    assert "start_time" in err.fields
    for field in ("start_time", "end_time"):
        err = await expect_error(
            logs.GetUsageSummary(rls.GetUsageSummaryRequest(**{field: ts})), grpc.StatusCode.INVALID_ARGUMENT
        )
        assert field in err.fields
    # The extremes of the range are valid filters.
    await logs.GetUsageSummary(
        rls.GetUsageSummaryRequest(
            start_time=Timestamp(seconds=-62135596800), end_time=Timestamp(seconds=253402300799, nanos=999_999_999)
        )
    )


async def test_non_finite_numbers_are_invalid_argument(server):
    params = struct_pb2.Struct()
    params.update({"type": "object", "properties": {"a": {"type": "number", "maximum": float("inf")}}})
    err = await expect_error(
        collect(server.chat.StreamChat(stream_request("m", tools=[chat_pb2.Tool(name="f", parameters=params)]))),
        grpc.StatusCode.INVALID_ARGUMENT,
    )
    assert "tools[0].parameters.properties.a.maximum" in err.fields
    for gen, field in [
        (chat_pb2.GenerationConfig(temperature=float("nan")), "generation.temperature"),
        (chat_pb2.GenerationConfig(top_p=float("inf")), "generation.top_p"),
        (chat_pb2.GenerationConfig(presence_penalty=float("-inf")), "generation.presence_penalty"),
        (chat_pb2.GenerationConfig(frequency_penalty=float("nan")), "generation.frequency_penalty"),
    ]:
        err = await expect_error(
            collect(server.chat.StreamChat(stream_request("m", generation=gen))), grpc.StatusCode.INVALID_ARGUMENT
        )
        assert field in err.fields, (field, err.fields)
