"""ChatService input validation and ListModels, over real gRPC."""

from __future__ import annotations

import base64
import math

import grpc
import pytest
from support.cloud_setup import add_route, collect, set_key, stream_request, user
from support.harness import expect_error, running_server

from llmrouter.v1 import chat_pb2
from llmrouter.v1 import chat_service_pb2 as cs
from llmrouter.v1 import provider_admin_service_pb2 as pa
from llmrouter.v1 import provider_pb2 as p

BAD = [
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


# ------------------------------------------------------------------ the 2026 chat surface

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 8


def _msg(role=chat_pb2.ROLE_USER, **kw) -> chat_pb2.Message:
    return chat_pb2.Message(role=role, **kw)


def _part(**kw) -> chat_pb2.ContentPart:
    return chat_pb2.ContentPart(**kw)


def _img(**kw) -> chat_pb2.ContentPart:
    return chat_pb2.ContentPart(image=chat_pb2.ImagePart(**kw))


def _doc(**kw) -> chat_pb2.ContentPart:
    return chat_pb2.ContentPart(document=chat_pb2.DocumentPart(**kw))


def _gen(**kw) -> chat_pb2.GenerationConfig:
    return chat_pb2.GenerationConfig(**kw)


def _schema(schema: dict | None = None, **kw) -> chat_pb2.ResponseFormat:
    js = chat_pb2.JsonSchemaFormat(**kw)
    if schema is not None:
        js.schema.update(schema)
    return chat_pb2.ResponseFormat(type=chat_pb2.RESPONSE_FORMAT_TYPE_JSON_SCHEMA, json_schema=js)


def _tool_with(params: dict) -> chat_pb2.Tool:
    t = chat_pb2.Tool(name="f")
    t.parameters.update(params)
    return t


def _cc(ttl_s: float | None = None, type=chat_pb2.CACHE_TYPE_EPHEMERAL) -> chat_pb2.CacheControl:
    cc = chat_pb2.CacheControl(type=type)
    if ttl_s is not None:
        cc.ttl.FromNanoseconds(int(ttl_s * 1e9))
    return cc


ASSISTANT = chat_pb2.ROLE_ASSISTANT
NEW_FIELDS = [
    ([_msg(content="x", parts=[_part(text="y")])], {}, ["messages[0].content", "messages[0].parts"]),
    ([_msg(parts=[_part()])], {}, ["messages[0].parts[0]"]),
    ([_msg(parts=[_part(text="")])], {}, ["messages[0].parts[0].text"]),
    ([_msg(chat_pb2.ROLE_SYSTEM, parts=[_img(data=PNG, media_type="image/png")])], {}, ["messages[0].parts[0].image"]),
    (
        [user("hi"), _msg(ASSISTANT, parts=[_doc(data=b"%PDF", media_type="application/pdf")])],
        {},
        ["messages[1].parts[0].document"],
    ),
    ([_msg(parts=[_img(data=PNG)])], {}, ["messages[0].parts[0].image.media_type"]),
    ([_msg(parts=[_img(data=PNG, media_type="image/bmp")])], {}, ["messages[0].parts[0].image.media_type"]),
    ([_msg(parts=[_img(data=b"", media_type="image/png")])], {}, ["messages[0].parts[0].image.data"]),
    ([_msg(parts=[_img(url="http://127.0.0.1/cat.png")])], {}, ["messages[0].parts[0].image.url"]),
    ([_msg(parts=[_img(url="data:text/plain;base64,aGk=")])], {}, ["messages[0].parts[0].image.url"]),
    ([_msg(parts=[_img(url="data:image/png,rawbytes")])], {}, ["messages[0].parts[0].image.url"]),
    ([_msg(parts=[_img(url="data:image/png;base64,!!not base64!!")])], {}, ["messages[0].parts[0].image.url"]),
    (
        [_msg(parts=[_img(url="data:image/png;base64,aGk=", media_type="image/gif")])],
        {},
        ["messages[0].parts[0].image.media_type"],
    ),
    ([_msg(parts=[_img(media_type="image/png")])], {}, ["messages[0].parts[0].image"]),
    ([_msg(parts=[_img(url="https://127.0.0.1/c.png", detail=9)])], {}, ["messages[0].parts[0].image.detail"]),
    ([_msg(parts=[_doc(data=b"%PDF", media_type="image/png")])], {}, ["messages[0].parts[0].document.media_type"]),
    ([_msg(parts=[_doc(data=b"%PDF")])], {}, ["messages[0].parts[0].document.media_type"]),
    ([_msg(parts=[_doc(url="data:application/pdf;base64,aGk=")])], {}, ["messages[0].parts[0].document.url"]),
    ([_msg(content="x", reasoning=[chat_pb2.ReasoningBlock(text="t")])], {}, ["messages[0].reasoning"]),
    (
        [user("x"), _msg(ASSISTANT, content="a", reasoning=[chat_pb2.ReasoningBlock()])],
        {},
        ["messages[1].reasoning[0]"],
    ),
    (
        [user("x"), _msg(ASSISTANT, content="a", reasoning=[chat_pb2.ReasoningBlock(text="t", redacted_data="r")])],
        {},
        ["messages[1].reasoning[0]"],
    ),
    ([_msg(content="x", is_error=True)], {}, ["messages[0].is_error"]),
    (
        [_msg(content="x", cache_control=_cc(60, chat_pb2.CACHE_TYPE_UNSPECIFIED))],
        {},
        ["messages[0].cache_control.type"],
    ),
    ([_msg(content="x", cache_control=_cc(-1))], {}, ["messages[0].cache_control.ttl"]),
    ([_msg(content="x", cache_control=_cc(type=7))], {}, ["messages[0].cache_control.type"]),
    (
        [_msg(parts=[chat_pb2.ContentPart(text="x", cache_control=_cc(type=7))])],
        {},
        ["messages[0].parts[0].cache_control.type"],
    ),
    ([user("x")], dict(tools=[chat_pb2.Tool(name="f", cache_control=_cc(-5))]), ["tools[0].cache_control.ttl"]),
    (
        [user("x")],
        dict(generation=_gen(response_format=_schema({"type": "object"}))),
        ["generation.response_format.json_schema.name"],
    ),
    (
        [user("x")],
        dict(generation=_gen(response_format=_schema({"type": "object"}, name="bad name"))),
        ["generation.response_format.json_schema.name"],
    ),
    (
        [user("x")],
        dict(generation=_gen(response_format=_schema(name="p"))),
        ["generation.response_format.json_schema.schema"],
    ),
    (
        [user("x")],
        dict(generation=_gen(response_format=_schema({"type": "array"}, name="p"))),
        ["generation.response_format.json_schema.schema"],
    ),
    (
        [user("x")],
        dict(
            generation=_gen(
                response_format=_schema({"type": "object", "properties": {"n": {"maximum": math.inf}}}, name="p")
            )
        ),
        ["generation.response_format.json_schema.schema.properties.n.maximum"],
    ),
    (
        [user("x")],
        dict(
            generation=_gen(
                response_format=chat_pb2.ResponseFormat(
                    type=chat_pb2.RESPONSE_FORMAT_TYPE_JSON_OBJECT, json_schema=chat_pb2.JsonSchemaFormat(name="p")
                )
            )
        ),
        ["generation.response_format.json_schema"],
    ),
    (
        [user("x")],
        dict(generation=_gen(response_format=chat_pb2.ResponseFormat(type=9))),
        ["generation.response_format.type"],
    ),
    ([user("x")], dict(generation=_gen(logprobs=True, top_logprobs=21)), ["generation.top_logprobs"]),
    ([user("x")], dict(generation=_gen(top_logprobs=2)), ["generation.top_logprobs"]),
    ([user("x")], dict(generation=_gen(presence_penalty=2.5)), ["generation.presence_penalty"]),
    ([user("x")], dict(generation=_gen(frequency_penalty=math.nan)), ["generation.frequency_penalty"]),
    ([user("x")], dict(generation=_gen(presence_penalty=-math.inf)), ["generation.presence_penalty"]),
    ([user("x")], dict(generation=_gen(temperature=math.nan)), ["generation.temperature"]),
    (
        [user("x")],
        dict(generation=_gen(reasoning=chat_pb2.ReasoningConfig(budget_tokens=0))),
        ["generation.reasoning.budget_tokens"],
    ),
    (
        [user("x")],
        dict(
            generation=_gen(
                reasoning=chat_pb2.ReasoningConfig(effort=chat_pb2.REASONING_EFFORT_LOW, budget_tokens=2000)
            )
        ),
        ["generation.reasoning"],
    ),
    ([user("x")], dict(generation=_gen(reasoning=chat_pb2.ReasoningConfig(effort=9))), ["generation.reasoning.effort"]),
    (
        [user("x")],
        dict(tools=[_tool_with({"type": "object", "properties": {"n": {"type": "number", "maximum": math.nan}}})]),
        ["tools[0].parameters.properties.n.maximum"],
    ),
]


async def test_new_chat_fields_are_validated_naming_the_field(server):
    """Each bad input of the parts, reasoning, caching, structured output and sampling fields
    is INVALID_ARGUMENT naming exactly its field, streamed and unary; never INTERNAL."""
    for messages, kw, fields in NEW_FIELDS:
        for call in (
            collect(server.chat.StreamChat(cs.StreamChatRequest(model="m", messages=messages, **kw))),
            server.chat.Chat(cs.ChatRequest(model="m", messages=messages, **kw)),
        ):
            err = await expect_error(call, grpc.StatusCode.INVALID_ARGUMENT)
            assert sorted(err.fields) == sorted(fields), (fields, err.fields)
            assert err.reason == "INVALID_ARGUMENT"


async def test_good_new_fields_pass_validation(server):
    """The same fields, well formed, get past validation (to routing: no route for `m`)."""
    good = [
        _msg(
            parts=[
                chat_pb2.ContentPart(text="look", cache_control=_cc(300)),
                _img(data=PNG, media_type="image/png", detail=chat_pb2.IMAGE_DETAIL_LOW),
                _img(url="data:image/jpeg;base64,/9j/4AAQ"),
                _img(url="https://127.0.0.1/c.webp"),
                _doc(data=b"%PDF-1.7", media_type="application/pdf", title="t"),
                _doc(url="https://127.0.0.1/a.pdf"),
            ],
            cache_control=_cc(),
        ),
        _msg(ASSISTANT, reasoning=[chat_pb2.ReasoningBlock(signature="s"), chat_pb2.ReasoningBlock(redacted_data="r")]),
        _msg(chat_pb2.ROLE_TOOL, tool_call_id="c", is_error=True, parts=[_img(data=PNG, media_type="image/png")]),
    ]
    gen = _gen(
        response_format=_schema({"type": "object", "properties": {"n": {"minimum": 1}}}, name="p", strict=True),
        reasoning=chat_pb2.ReasoningConfig(budget_tokens=2048),
        presence_penalty=-2,
        frequency_penalty=2,
        logprobs=True,
        top_logprobs=20,
    )
    err = await expect_error(
        server.chat.Chat(cs.ChatRequest(model="m", messages=good, generation=gen)), grpc.StatusCode.NOT_FOUND
    )
    assert err.reason == "NO_ROUTE"


async def test_content_over_the_size_limits_names_the_field(database):
    limits = dict(max_image_bytes=100, max_document_bytes=200, max_request_content_bytes=250)
    async with running_server(database, **limits) as srv:
        b64 = base64.b64encode(b"\x00" * 101).decode()
        cases = [
            ([_img(data=b"\x00" * 101, media_type="image/png")], "messages[0].parts[0].image.data"),
            ([_img(url=f"data:image/png;base64,{b64}")], "messages[0].parts[0].image.url"),
            ([_doc(data=b"\x00" * 201, media_type="application/pdf")], "messages[0].parts[0].document.data"),
            (
                [
                    _img(data=b"\x00" * 100, media_type="image/png"),
                    _img(data=b"\x00" * 100, media_type="image/png"),
                    _doc(data=b"\x00" * 100, media_type="application/pdf"),
                ],
                "messages[0].parts[2].document.data",  # where the request's total crossed its limit
            ),
        ]
        for parts, field in cases:
            err = await expect_error(
                srv.chat.Chat(cs.ChatRequest(model="m", messages=[_msg(parts=parts)])), grpc.StatusCode.INVALID_ARGUMENT
            )
            assert err.reason == "CONTENT_TOO_LARGE" and list(err.fields) == [field], err.fields
            assert "limit" in err.fields[field]
        # At the limits: past validation (to routing).
        ok = [_img(data=b"\x00" * 100, media_type="image/png"), _doc(data=b"\x00" * 150, media_type="application/pdf")]
        err = await expect_error(
            srv.chat.Chat(cs.ChatRequest(model="m", messages=[_msg(parts=ok)])), grpc.StatusCode.NOT_FOUND
        )


async def test_the_default_image_limit_answers_before_the_transport_does(server):
    """A 21 MiB image is over the default per-image limit (20 MiB) and well inside the 32 MiB
    gRPC message limit: the caller gets the field, not a transport error."""
    big = _img(data=b"\x00" * (21 * 1024 * 1024), media_type="image/png")
    err = await expect_error(
        server.chat.Chat(cs.ChatRequest(model="m", messages=[_msg(parts=[big])])), grpc.StatusCode.INVALID_ARGUMENT
    )
    assert err.reason == "CONTENT_TOO_LARGE" and list(err.fields) == ["messages[0].parts[0].image.data"]
