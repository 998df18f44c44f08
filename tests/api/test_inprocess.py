"""The in-process ChatService (the bridge's calls, `api.inprocess.InProcessChat`) behaves as the
same calls over a gRPC channel to the same server do: the same messages and initial metadata,
the same status, details and google.rpc.Status details on failure, the caller's key checked the
same way, a cancel or a deadline that closes the upstream request."""

from __future__ import annotations

import asyncio

import grpc
import pytest
from support.cloud_setup import add_provider, add_route, collect, stream_request
from support.fakes.openai_replies import openai_completion, openai_stream
from support.fakes.server import FakeUpstream
from support.harness import Database, error_details, running_server

from llmrouter.client import error_from
from llmrouter.v1 import chat_pb2, client_key_pb2, client_key_service_pb2, client_key_service_pb2_grpc
from llmrouter.v1 import chat_service_pb2 as cs


@pytest.fixture
async def env(tmp_path):
    async with (
        FakeUpstream.start() as up,
        running_server(Database("sqlite", "", tmp_path / "data"), max_attempts_per_target=1) as srv,
    ):
        await add_provider(srv, "fake", up.openai_base_url)
        await add_route(srv, "all", "*", ("fake", ""))
        yield srv, up


def stubs(srv):
    return {"grpc": srv.chat, "in-process": srv.server.grpc.chat}


async def test_a_stream_gives_the_same_messages_and_metadata_both_ways(env):
    srv, up = env
    seen = {}
    for name, stub in stubs(srv).items():
        up.script(openai_stream(["Hel", "lo", "!"]))
        call = stub.StreamChat(stream_request("gpt-test"))
        text, _, _, summary, n = await collect(call)
        md = {k: v for k, v in await call.initial_metadata() if k.startswith("x-llmrouter-")}
        assert summary is not None
        seen[name] = (text, summary.usage.completion_tokens, summary.finish_reason, md)
        assert n >= 2  # a delta at least, then the summary
    assert seen["in-process"] == seen["grpc"]
    assert seen["grpc"][0] == "Hello!" and seen["grpc"][3]["x-llmrouter-provider"] == "providers/fake"


async def test_unary_calls_give_the_same_answers_both_ways(env):
    srv, up = env
    answers = {}
    for name, stub in stubs(srv).items():
        up.script(openai_completion("Blue."))
        chat = await stub.Chat(cs.ChatRequest(model="gpt-test", messages=[stream_request("m").messages[0]]))
        models = await stub.ListModels(cs.ListModelsRequest(page_size=10))
        answers[name] = (chat.message.content, chat.summary.served_by.provider, [m.id for m in models.models])
    assert answers["in-process"] == answers["grpc"]
    assert answers["grpc"][0] == "Blue."


async def test_failures_carry_the_same_status_and_details_both_ways(env):
    srv, _up = env
    bad = stream_request("gpt-test", generation=chat_pb2.GenerationConfig(temperature=7.0))
    got = {}
    for name, stub in stubs(srv).items():
        with pytest.raises(grpc.aio.AioRpcError) as err:
            await collect(stub.StreamChat(bad))
        d = error_from(err.value)
        got[name] = (err.value.code(), err.value.details(), d.reason, d.violations)
    assert got["in-process"] == got["grpc"]
    assert got["grpc"][0] == grpc.StatusCode.INVALID_ARGUMENT
    assert got["grpc"][3] and got["grpc"][3][0][0] == "generation.temperature"


async def test_an_upstream_that_cuts_its_stream_is_a_failure_both_ways(env):
    srv, up = env
    got = {}
    for name, stub in stubs(srv).items():
        up.script(openai_stream(["par", "tial"], done=False, finish_reason=None, usage=None))
        texts = []
        with pytest.raises(grpc.aio.AioRpcError) as err:
            async for msg in stub.StreamChat(stream_request("gpt-test")):
                assert not msg.HasField("summary"), "a truncated answer must not end with a summary"
                texts.append(msg.delta.text)
        got[name] = ("".join(texts), err.value.code(), error_details(err.value).reason)
    assert got["in-process"] == got["grpc"]
    assert got["grpc"] == ("partial", grpc.StatusCode.UNAVAILABLE, "UPSTREAM_STREAM_TRUNCATED")


async def test_cancelling_an_in_process_stream_closes_the_upstream_request(env):
    srv, up = env
    up.script(openai_stream([f"t{i} " for i in range(200)], interval=0.05))
    call = srv.server.grpc.chat.StreamChat(stream_request("gpt-test"))
    first = await call.read()
    assert first.HasField("delta")
    assert call.cancel() and call.cancelled()
    with pytest.raises(asyncio.CancelledError):
        await call.read()
    assert await up.last.wait_disconnected(3.0), "the upstream request was not closed"
    assert call.done() and not call.cancel()


async def test_an_in_process_deadline_ends_the_call_and_the_upstream_request(env):
    srv, up = env
    up.script(openai_stream(["late"], first_delay=5.0))
    call = srv.server.grpc.chat.StreamChat(stream_request("gpt-test"), timeout=0.5)
    with pytest.raises(grpc.aio.AioRpcError) as err:
        await collect(call)
    assert err.value.code() == grpc.StatusCode.DEADLINE_EXCEEDED
    assert await up.last.wait_disconnected(3.0)


async def test_the_in_process_caller_needs_a_client_key_once_keys_exist(env):
    srv, _up = env
    keys = client_key_service_pb2_grpc.ClientKeyServiceStub(srv.channel)
    made = await keys.CreateClientKey(
        client_key_service_pb2.CreateClientKeyRequest(client_key=client_key_pb2.ClientKey(scopes=["chat"]))
    )
    await srv.server.components.live.reload()
    chat = srv.server.grpc.chat
    with pytest.raises(grpc.aio.AioRpcError) as err:
        await chat.ListModels(cs.ListModelsRequest())
    assert err.value.code() == grpc.StatusCode.UNAUTHENTICATED
    md = (("authorization", f"Bearer {made.secret}"),)
    assert (await chat.ListModels(cs.ListModelsRequest(), metadata=md)).models
