"""ChatService input validation and ListModels, over real gRPC."""

from __future__ import annotations

import grpc
import pytest
from support.cloud_setup import add_route, collect, set_key, stream_request, user
from support.harness import expect_error

from llmrouter.v1 import chat_pb2
from llmrouter.v1 import chat_service_pb2 as cs
from llmrouter.v1 import provider_admin_service_pb2 as pa
from llmrouter.v1 import provider_pb2 as p

BAD = [
    (dict(model="", messages=[user("hi")]), "model"),
    (dict(model="m x", messages=[user("hi")]), "model"),
    (dict(model="m\x1b", messages=[user("hi")]), "model"),
    (dict(model="m", messages=[]), "messages"),
    (dict(model="m", messages=[chat_pb2.Message(content="no role")]), "messages[0].role"),
    (dict(model="m", messages=[chat_pb2.Message(role=9, content="x")]), "messages[0].role"),
    (dict(model="m", messages=[chat_pb2.Message(role=chat_pb2.ROLE_USER)]), "messages[0].content"),
    (
        dict(model="m", messages=[user("a"), chat_pb2.Message(role=chat_pb2.ROLE_TOOL, content="r")]),
        "messages[1].tool_call_id",
    ),
    (
        dict(
            model="m",
            messages=[
                chat_pb2.Message(role=chat_pb2.ROLE_USER, content="x", tool_calls=[chat_pb2.ToolCall(id="1", name="f")])
            ],
        ),
        "messages[0].tool_calls",
    ),
    (dict(model="m", messages=[user("hi")], provider="groq"), "provider"),
    (
        dict(model="m", messages=[user("hi")], generation=chat_pb2.GenerationConfig(max_tokens=0)),
        "generation.max_tokens",
    ),
    (
        dict(model="m", messages=[user("hi")], generation=chat_pb2.GenerationConfig(temperature=2.5)),
        "generation.temperature",
    ),
    (dict(model="m", messages=[user("hi")], generation=chat_pb2.GenerationConfig(top_p=0)), "generation.top_p"),
    (
        dict(model="m", messages=[user("hi")], generation=chat_pb2.GenerationConfig(stop=["a", "b", "c", "d", "e"])),
        "generation.stop",
    ),
    (dict(model="m", messages=[user("hi")], generation=chat_pb2.GenerationConfig(stop=[""])), "generation.stop[0]"),
    (dict(model="m", messages=[user("hi")], tools=[chat_pb2.Tool(name="bad name")]), "tools[0].name"),
    (dict(model="m", messages=[user("hi")], tools=[chat_pb2.Tool(name="f"), chat_pb2.Tool(name="f")]), "tools[1].name"),
    (
        dict(
            model="m", messages=[user("hi")], tool_choice=chat_pb2.ToolChoice(mode=chat_pb2.TOOL_CHOICE_MODE_REQUIRED)
        ),
        "tools",
    ),
    (
        dict(
            model="m",
            messages=[user("hi")],
            tools=[chat_pb2.Tool(name="f")],
            tool_choice=chat_pb2.ToolChoice(mode=chat_pb2.TOOL_CHOICE_MODE_FUNCTION, function_name="g"),
        ),
        "tool_choice.function_name",
    ),
    (dict(model="m", messages=[user("hi")], metadata={str(i): "v" for i in range(17)}), "metadata"),
]


@pytest.mark.parametrize("kw,field", BAD, ids=[f for _, f in BAD])
async def test_bad_chat_requests_name_the_field(server, kw, field):
    err = await expect_error(
        collect(server.chat.StreamChat(cs.StreamChatRequest(**kw))), grpc.StatusCode.INVALID_ARGUMENT
    )
    assert field in err.fields, err.fields
    err = await expect_error(server.chat.Chat(cs.ChatRequest(**kw)), grpc.StatusCode.INVALID_ARGUMENT)
    assert field in err.fields


async def test_explicit_provider_errors(server):
    err = await expect_error(
        collect(server.chat.StreamChat(stream_request("m", provider="providers/ghost"))), grpc.StatusCode.NOT_FOUND
    )
    assert err.resource == ("provider", "providers/ghost")
    err = await expect_error(
        collect(server.chat.StreamChat(stream_request("m", provider="providers/groq"))),
        grpc.StatusCode.FAILED_PRECONDITION,
    )
    assert err.reason == "PROVIDER_KEY_MISSING"


async def test_list_models_covers_providers_local_models_and_routes(server):
    await set_key(server, "groq", "gsk-1234")
    for parent, model in [
        ("providers/groq", "llama-3.1-8b"),
        ("providers/together", "no-key-model"),
        ("providers/local", "tiny"),
    ]:
        await server.providers.CreateProviderModel(
            pa.CreateProviderModelRequest(parent=parent, provider_model=p.ProviderModel(model_id=model))
        )
    await add_route(server, "gpt", "gpt-*", ("groq", ""))
    await add_route(server, "exact", "my-model", ("groq", "llama-3.1-8b"))
    models, token = [], ""
    while True:
        resp = await server.chat.ListModels(cs.ListModelsRequest(page_size=2, page_token=token))
        models += resp.models
        token = resp.next_page_token
        if not token:
            break
    by_id = {m.id: m for m in models}
    assert set(by_id) == {"llama-3.1-8b", "tiny", "gpt-*", "my-model"}  # together has no key: hidden
    assert (
        by_id["llama-3.1-8b"].source == cs.MODEL_SOURCE_PROVIDER and by_id["llama-3.1-8b"].provider == "providers/groq"
    )
    assert by_id["tiny"].source == cs.MODEL_SOURCE_LOCAL
    assert (
        by_id["gpt-*"].source == cs.MODEL_SOURCE_ROUTE
        and by_id["gpt-*"].is_pattern
        and by_id["gpt-*"].route == "routes/gpt"
    )
    assert not by_id["my-model"].is_pattern
