"""The local MLX provider through the real gRPC server, on the tiny offline model."""

from __future__ import annotations

import asyncio
import gc

import grpc
import pytest
from support.cloud_setup import add_provider, add_route, collect, stream_request, user
from support.fakes.openai_replies import openai_stream
from support.fakes.server import FakeUpstream
from support.harness import expect_error, running_server

from llmrouter.v1 import chat_pb2
from llmrouter.v1 import chat_service_pb2 as cs
from llmrouter.v1 import provider_admin_service_pb2 as pa
from llmrouter.v1 import provider_pb2 as p
from llmrouter.v1 import routing_service_pb2 as rs

pytestmark = pytest.mark.mlx

PROMPT = "What time does the train leave the station?"


def reference(source: str, text: str, max_tokens: int) -> str:
    """mlx_lm.generate on the same template and weights (run in the engine thread: MLX has one owner)."""
    import mlx.core as mx
    from mlx_lm import generate, load

    model, tok = load(source)
    model.set_dtype(mx.float32)
    prompt = tok.apply_chat_template([{"role": "user", "content": text}], add_generation_prompt=True)
    out = generate(model, tok, prompt, max_tokens=max_tokens, verbose=False)
    del model
    gc.collect()
    mx.clear_cache()
    return out


async def add_local(srv, model_id: str, source: str):
    return (
        await srv.providers.CreateProviderModel(
            pa.CreateProviderModelRequest(
                parent="providers/local", provider_model=p.ProviderModel(model_id=model_id, source=source)
            )
        )
    ).provider_model


def greedy(n: int) -> chat_pb2.GenerationConfig:
    return chat_pb2.GenerationConfig(max_tokens=n, temperature=0)


async def test_stream_and_unary_match_mlx_lm(server, tiny_model_dir):
    await add_local(server, "tiny", tiny_model_dir)
    res = await server.routes.ResolveRoute(rs.ResolveRouteRequest(model="tiny"))
    assert res.match_kind == rs.MATCH_KIND_LOCAL_MODEL
    text, _, _, summary, _ = await collect(
        server.chat.StreamChat(stream_request("tiny", user(PROMPT), generation=greedy(24)))
    )
    assert summary.finish_reason == chat_pb2.FINISH_REASON_LENGTH
    assert summary.usage.completion_tokens == 24 and summary.usage.prompt_tokens > 10
    assert (summary.served_by.provider, summary.served_by.model) == ("providers/local", "tiny")
    engine = server.server.mlx_engine()
    expected = await engine.call(reference, tiny_model_dir, PROMPT, 24)
    assert text == expected
    unary = await server.chat.Chat(cs.ChatRequest(model="tiny", messages=[user(PROMPT)], generation=greedy(24)))
    assert unary.message.content == expected and unary.summary.usage.completion_tokens == 24


async def test_concurrent_streams_batch(server, tiny_model_dir):
    await add_local(server, "tiny", tiny_model_dir)
    await collect(server.chat.StreamChat(stream_request("tiny", generation=greedy(2))))  # load + warm
    engine = server.server.mlx_engine()
    engine.reset_metrics()
    results = await asyncio.gather(
        *(
            collect(server.chat.StreamChat(stream_request("tiny", user(f"Question {i}?"), generation=greedy(32))))
            for i in range(4)
        )
    )
    assert all(r[3].usage.completion_tokens == 32 for r in results)
    assert engine.metrics()["peak_batch"] >= 2


async def test_hundred_cancelled_streams_leave_nothing(server, tiny_model_dir):
    await add_local(server, "tiny", tiny_model_dir)
    await collect(server.chat.StreamChat(stream_request("tiny", generation=greedy(2))))
    baseline = len(asyncio.all_tasks())
    for i in range(100):
        call = server.chat.StreamChat(stream_request("tiny", user(f"q{i}"), generation=greedy(500)))
        async for _ in call:
            break
        call.cancel()
    engine = server.server.mlx_engine()
    for _ in range(100):
        state = await engine.state()
        if state.idle:
            break
        await asyncio.sleep(0.05)
    assert state.idle, state
    assert len(asyncio.all_tasks()) <= baseline + 2
    text, *_ = await collect(server.chat.StreamChat(stream_request("tiny", generation=greedy(4))))
    assert text  # still serving


async def test_admission_limit_then_cloud_fallback(database, tiny_model_dir):
    async with FakeUpstream.start() as up, running_server(database, mlx_max_batch=1, mlx_queue_size=0) as srv:
        await add_local(srv, "tiny", tiny_model_dir)
        await add_provider(srv, "cloud", up.openai_base_url)
        await add_route(srv, "local-only", "tiny", ("local", ""))
        await add_route(srv, "local-first", "tiny-or-cloud", ("local", "tiny"), ("cloud", "gpt-4o-mini"))
        await collect(srv.chat.StreamChat(stream_request("tiny", generation=greedy(2))))
        long = srv.chat.StreamChat(stream_request("tiny", generation=greedy(2000)))
        async for _ in long:  # the one slot is taken
            break
        err = await expect_error(
            collect(srv.chat.StreamChat(stream_request("tiny", generation=greedy(4)))),
            grpc.StatusCode.RESOURCE_EXHAUSTED,
        )
        assert err.reason == "LOCAL_QUEUE_FULL" and err.retry_delay_s and err.retry_delay_s > 0
        up.script(openai_stream(["cloud ", "answer"]))
        text, _, _, summary, _ = await collect(
            srv.chat.StreamChat(stream_request("tiny-or-cloud", generation=greedy(4)))
        )
        assert text == "cloud answer"
        assert (summary.served_by.provider, summary.served_by.fallback_index) == ("providers/cloud", 1)
        long.cancel()


async def test_load_failures_are_clear_and_leave_the_server_healthy(server, tiny_model_dir, tmp_path):
    await add_local(server, "tiny", tiny_model_dir)
    await add_local(server, "missing", str(tmp_path / "nowhere"))
    garbage = tmp_path / "garbage"
    garbage.mkdir()
    (garbage / "config.json").write_text('{"model_type": "llama"}')
    (garbage / "model.safetensors").write_bytes(b"not a safetensors file")
    await add_local(server, "garbage", str(garbage))
    err = await expect_error(collect(server.chat.StreamChat(stream_request("missing"))), grpc.StatusCode.NOT_FOUND)
    assert err.reason == "MODEL_LOAD_FAILED"
    assert str(tmp_path / "nowhere") in err.message
    err = await expect_error(
        collect(server.chat.StreamChat(stream_request("garbage"))), grpc.StatusCode.FAILED_PRECONDITION
    )
    assert err.reason == "MODEL_LOAD_FAILED"
    text, *_ = await collect(server.chat.StreamChat(stream_request("tiny", generation=greedy(4))))
    assert text


async def test_unload_rpc(server, tiny_model_dir):
    model = await add_local(server, "tiny", tiny_model_dir)
    await collect(server.chat.StreamChat(stream_request("tiny", generation=greedy(2))))
    engine = server.server.mlx_engine()
    assert [m.source for m in engine.loaded_models()] == [tiny_model_dir]
    resp = await server.providers.UnloadProviderModel(pa.UnloadProviderModelRequest(name=model.name))
    assert resp.unloaded and engine.loaded_models() == []
    resp = await server.providers.UnloadProviderModel(pa.UnloadProviderModelRequest(name=model.name))
    assert not resp.unloaded
    await expect_error(
        server.providers.UnloadProviderModel(pa.UnloadProviderModelRequest(name="providers/local/models/none")),
        grpc.StatusCode.NOT_FOUND,
    )
    cloud_model = (
        await server.providers.CreateProviderModel(
            pa.CreateProviderModelRequest(parent="providers/openai", provider_model=p.ProviderModel(model_id="gpt-4o"))
        )
    ).provider_model
    await expect_error(
        server.providers.UnloadProviderModel(pa.UnloadProviderModelRequest(name=cloud_model.name)),
        grpc.StatusCode.FAILED_PRECONDITION,
    )
    text, *_ = await collect(server.chat.StreamChat(stream_request("tiny", generation=greedy(3))))
    assert text  # loaded again on use


async def test_demo_model_on_the_embedded_default(tmp_path):
    from support.harness import Database

    async with running_server(Database("sqlite", "", tmp_path / "data"), demo_model="auto") as srv:
        models = (await srv.chat.ListModels(cs.ListModelsRequest())).models
        demo = next(m for m in models if m.id == "tiny-demo")
        assert demo.source == cs.MODEL_SOURCE_LOCAL and "noise" in demo.display_name
        _text, _, _, summary, _ = await collect(srv.chat.StreamChat(stream_request("tiny-demo", generation=greedy(8))))
        assert summary.usage.completion_tokens == 8
    async with running_server(Database("sqlite", "", tmp_path / "data"), demo_model="auto") as srv:
        got = (await srv.providers.GetProvider(pa.GetProviderRequest(name="providers/local"))).provider
        assert [m.model_id for m in got.models] == ["tiny-demo"]  # not registered twice


async def test_preload_at_start(tmp_path, tiny_model_dir):
    from support.harness import Database

    db = Database("sqlite", "", tmp_path / "data")
    async with running_server(db) as srv:
        await add_local(srv, "tiny", tiny_model_dir)
    async with running_server(db, mlx_preload="tiny") as srv:
        assert [m.source for m in srv.server.mlx_engine().loaded_models()] == [tiny_model_dir]


async def test_a_vision_model_registered_with_images_serves_through_grpc(server, tiny_model_dir, tiny_vision_model_dir):
    """`make-tiny-model --vision` registered with capabilities.images: routing sees it, mlx-vlm serves it."""
    await add_local(server, "tiny", tiny_model_dir)
    vision = (
        await server.providers.CreateProviderModel(
            pa.CreateProviderModelRequest(
                parent="providers/local",
                provider_model=p.ProviderModel(
                    model_id="vision", source=tiny_vision_model_dir, capabilities=p.ModelCapabilities(images=True)
                ),
            )
        )
    ).provider_model
    assert vision.capabilities.images
    images = [chat_pb2.CAPABILITY_IMAGES]
    res = await server.routes.ResolveRoute(rs.ResolveRouteRequest(model="vision", required_capabilities=images))
    assert res.match_kind == rs.MATCH_KIND_LOCAL_MODEL and len(res.targets) == 1
    # A text-only local model declares no image input: the dry run shows it skipped.
    res = await server.routes.ResolveRoute(rs.ResolveRouteRequest(model="tiny", required_capabilities=images))
    assert not res.targets and any("image" in sk.reason for sk in res.skipped), res
    # Local models take JSON schema and reasoning requests by default.
    needs = [chat_pb2.CAPABILITY_JSON_SCHEMA, chat_pb2.CAPABILITY_REASONING, chat_pb2.CAPABILITY_TOOLS]
    res = await server.routes.ResolveRoute(rs.ResolveRouteRequest(model="tiny", required_capabilities=needs))
    assert res.match_kind == rs.MATCH_KIND_LOCAL_MODEL and len(res.targets) == 1
    text, _, _, summary, _ = await collect(
        server.chat.StreamChat(stream_request("vision", user(PROMPT), generation=greedy(6)))
    )
    assert text and summary.usage.completion_tokens == 6
    assert {m.source: m.vision for m in server.server.mlx_engine().loaded_models()} == {tiny_vision_model_dir: True}


# ------------------------------------------------------------------ the 2026 chat surface on local models


def schema_format(schema: dict) -> chat_pb2.ResponseFormat:
    from google.protobuf import struct_pb2

    s = struct_pb2.Struct()
    s.update(schema)
    return chat_pb2.ResponseFormat(
        type=chat_pb2.RESPONSE_FORMAT_TYPE_JSON_SCHEMA,
        json_schema=chat_pb2.JsonSchemaFormat(name="record", schema=s, strict=True),
    )


def png(seed: int) -> bytes:
    import io

    import numpy as np
    from PIL import Image

    buf = io.BytesIO()
    Image.fromarray((np.random.default_rng(seed).random((48, 64, 3)) * 255).astype("uint8")).save(buf, format="PNG")
    return buf.getvalue()


async def add_vision(srv, source: str):
    return (
        await srv.providers.CreateProviderModel(
            pa.CreateProviderModelRequest(
                parent="providers/local",
                provider_model=p.ProviderModel(
                    model_id="vision", source=source, capabilities=p.ModelCapabilities(images=True)
                ),
            )
        )
    ).provider_model


async def test_json_schema_answers_through_grpc(server, tiny_model_dir):
    import json

    import jsonschema

    schema = {
        "type": "object",
        "properties": {
            "city": {"type": "string", "maxLength": 10},
            "open": {"type": "boolean"},
            "rooms": {"type": "integer", "minimum": 1, "maximum": 20},
        },
        "required": ["city", "open", "rooms"],
        "additionalProperties": False,
    }
    await add_local(server, "tiny", tiny_model_dir)

    async def one(seed: int):
        gen = chat_pb2.GenerationConfig(
            max_tokens=80, temperature=1.0, seed=seed, response_format=schema_format(schema)
        )
        return await collect(server.chat.StreamChat(stream_request("tiny", user("A hotel, please."), generation=gen)))

    results = await asyncio.gather(*(one(s) for s in range(8)))
    for text, _, _, summary, _ in results:
        assert summary.finish_reason == chat_pb2.FINISH_REASON_STOP
        jsonschema.validate(json.loads(text), schema)
    bad = chat_pb2.GenerationConfig(response_format=schema_format({"type": "string", "pattern": "(?=x)"}))
    err = await expect_error(
        collect(server.chat.StreamChat(stream_request("tiny", generation=bad))), grpc.StatusCode.INVALID_ARGUMENT
    )
    assert "generation.response_format.json_schema.schema" in list(err.fields)


async def test_images_through_grpc(server, tiny_model_dir, tiny_vision_model_dir):
    await add_local(server, "tiny", tiny_model_dir)
    await add_vision(server, tiny_vision_model_dir)

    def look(image: chat_pb2.ImagePart) -> chat_pb2.Message:
        return chat_pb2.Message(
            role=chat_pb2.ROLE_USER,
            parts=[chat_pb2.ContentPart(image=image), chat_pb2.ContentPart(text="What is this?")],
        )

    image = chat_pb2.ImagePart(data=png(1), media_type="image/png")
    a, _, _, sa, _ = await collect(server.chat.StreamChat(stream_request("vision", look(image), generation=greedy(8))))
    other = chat_pb2.ImagePart(data=png(2), media_type="image/png")
    b, _, _, _, _ = await collect(server.chat.StreamChat(stream_request("vision", look(other), generation=greedy(8))))
    assert sa.usage.completion_tokens == 8 and a != b
    # An https URL: the contract takes it, a local model fetches nothing.
    remote = chat_pb2.ImagePart(url="https://images.example/cat.png")
    err = await expect_error(
        collect(server.chat.StreamChat(stream_request("vision", look(remote)))), grpc.StatusCode.INVALID_ARGUMENT
    )
    assert list(err.fields) == ["messages[0].parts[0].image.url"]
    # The text-only model declares no images: routing refuses, naming the part.
    err = await expect_error(
        collect(server.chat.StreamChat(stream_request("tiny", look(image)))), grpc.StatusCode.INVALID_ARGUMENT
    )
    assert err.reason == "CAPABILITY_UNSUPPORTED"
    assert list(err.fields) == ["messages[0].parts[0].image"]
    pdf = chat_pb2.Message(
        role=chat_pb2.ROLE_USER,
        parts=[chat_pb2.ContentPart(document=chat_pb2.DocumentPart(data=b"%PDF-1.4", media_type="application/pdf"))],
    )
    err = await expect_error(
        collect(server.chat.StreamChat(stream_request("vision", pdf))), grpc.StatusCode.INVALID_ARGUMENT
    )
    assert err.reason == "CAPABILITY_UNSUPPORTED"


async def test_reasoning_logprobs_and_stop_through_grpc(server, tiny_thinking_model_dir):
    await add_local(server, "thinking", tiny_thinking_model_dir)
    gen = chat_pb2.GenerationConfig(
        max_tokens=30, temperature=0, reasoning=chat_pb2.ReasoningConfig(budget_tokens=4), logprobs=True, top_logprobs=2
    )
    call = server.chat.StreamChat(stream_request("thinking", user("Think first."), generation=gen))
    text, reasoning, lps, summary = "", "", [], None
    async for msg in call:
        if msg.HasField("delta"):
            text += msg.delta.text
            reasoning += msg.delta.reasoning
            lps += list(msg.delta.logprobs)
        else:
            summary = msg.summary
    assert reasoning and text
    assert 1 <= summary.usage.reasoning_tokens <= 5  # the budget, plus the forced </think>
    assert len(lps) == summary.usage.completion_tokens - summary.usage.reasoning_tokens  # the answer's tokens
    assert all(len(lp.top_logprobs) == 2 and lp.logprob <= 0 for lp in lps)
    stop = text[len(text) // 2 : len(text) // 2 + 2]
    cut = chat_pb2.GenerationConfig(
        max_tokens=30, temperature=0, reasoning=chat_pb2.ReasoningConfig(budget_tokens=4), stop=[stop]
    )
    text2, _, _, summary2, _ = await collect(
        server.chat.StreamChat(stream_request("thinking", user("Think first."), generation=cut))
    )
    assert summary2.finish_reason == chat_pb2.FINISH_REASON_STOP_SEQUENCE
    assert summary2.stop_sequence == stop and text2 == text[: text.find(stop)]
