"""Images on local models: the tiny LLaVA model (mlx-vlm) inside the engine loop.

The vision model is built by `llmrouter dev make-tiny-model --vision` (the fixture runs the
CLI) and registered with `capabilities.images = true`, as an operator would.
"""

from __future__ import annotations

import asyncio
import base64
import io
import json

import jsonschema
import numpy as np
import pytest
from PIL import Image

import service.backends.mlx  # noqa: F401  (first: OpenBLAS preload before mlx.core)
from service.backends.mlx.backend import MlxBackend
from service.backends.mlx.engine import MlxEngine
from service.backends.mlx.tiny_vision import IMAGE_TOKENS
from service.core.chat import (
    ChatRequest,
    Delta,
    FinishReason,
    GenerationConfig,
    ImagePart,
    Message,
    ResponseFormat,
    ResponseFormatType,
    Role,
    TextPart,
)
from service.core.config import ApiType, ModelCapabilities, ModelConfig, ProviderConfig
from service.core.errors import InvalidArgument, Reason
from service.settings import Settings

pytestmark = pytest.mark.mlx


def png(seed: int, size: tuple[int, int] = (90, 70)) -> bytes:
    pixels = (np.random.default_rng(seed).random((size[1], size[0], 3)) * 255).astype("uint8")
    buf = io.BytesIO()
    Image.fromarray(pixels).save(buf, format="PNG")
    return buf.getvalue()


@pytest.fixture(scope="module")
def engine() -> MlxEngine:
    e = MlxEngine(Settings(), max_batch=8, queue_size=64)
    e.start()
    yield e
    e.stop()


@pytest.fixture
def backend(engine: MlxEngine, tiny_model_dir: str, tiny_vision_model_dir: str) -> MlxBackend:
    images = ModelCapabilities(images=True)
    return MlxBackend(
        ProviderConfig(
            id="local",
            display_name="Local MLX",
            api_type=ApiType.MLX,
            base_url="",
            models=(
                ModelConfig(
                    id="vision",
                    provider_id="local",
                    model_id="vision",
                    source=tiny_vision_model_dir,
                    capabilities=images,
                ),
                ModelConfig(id="tiny", provider_id="local", model_id="tiny", source=tiny_model_dir),
                # Declared wrongly: a text-only checkpoint that claims images.
                ModelConfig(
                    id="liar", provider_id="local", model_id="liar", source=tiny_model_dir, capabilities=images
                ),
            ),
        ),
        engine,
    )


def look(image: ImagePart | None, text: str = "What is in the picture?", model: str = "vision", **gen) -> ChatRequest:
    gen.setdefault("max_tokens", 12)
    gen.setdefault("temperature", 0.0)
    parts = (image, TextPart(text)) if image is not None else (TextPart(text),)
    return ChatRequest(model=model, messages=(Message(Role.USER, parts=parts),), generation=GenerationConfig(**gen))


async def test_the_image_reaches_the_model(backend: MlxBackend, engine: MlxEngine) -> None:
    a = await backend.complete(look(ImagePart(data=png(1), media_type="image/png")), "vision", None)
    again = await backend.complete(look(ImagePart(data=png(1), media_type="image/png")), "vision", None)
    other = await backend.complete(look(ImagePart(data=png(2), media_type="image/png")), "vision", None)
    text_only = await backend.complete(look(None), "vision", None)
    assert a.finish_reason is FinishReason.LENGTH and a.usage.completion_tokens == 12
    assert a.text == again.text  # greedy: same image, same answer
    assert a.text != other.text  # the pixels change what the model says
    assert (
        a.usage.prompt_tokens == text_only.usage.prompt_tokens + IMAGE_TOKENS + 1
    )  # the image tokens and their newline
    info = {m.source: m for m in engine.loaded_models()}
    assert any(m.vision for m in info.values())


async def test_a_data_url_is_the_same_image(backend: MlxBackend) -> None:
    data = png(5)
    url = "data:image/png;base64," + base64.b64encode(data).decode()
    by_bytes = await backend.complete(look(ImagePart(data=data, media_type="image/png")), "vision", None)
    by_url = await backend.complete(look(ImagePart(url=url)), "vision", None)
    assert by_url.text == by_bytes.text


@pytest.mark.parametrize(
    ("image", "field", "words"),
    [
        (ImagePart(url="https://images.example/cat.png"), "messages[0].parts[0].image.url", "do not fetch"),
        (ImagePart(url="data:image/png;base64,@@@"), "messages[0].parts[0].image.url", "base64"),
        (
            ImagePart(data=b"not an image at all", media_type="image/png"),
            "messages[0].parts[0].image.data",
            "not an image",
        ),
        (ImagePart(), "messages[0].parts[0].image", "neither"),
    ],
    ids=["https-url", "bad-data-url", "garbage-bytes", "empty"],
)
async def test_images_that_cannot_be_read_are_refused(
    backend: MlxBackend, engine: MlxEngine, image: ImagePart, field: str, words: str
) -> None:
    engine.reset_metrics()
    with pytest.raises(InvalidArgument) as info:
        await backend.complete(look(image), "vision", None)
    assert [v.field for v in info.value.violations] == [field]
    assert words in info.value.violations[0].description
    assert engine.metrics()["requests"] == 0  # nothing reached the engine (and nothing was fetched)


async def test_a_text_only_checkpoint_refuses_images_even_when_declared(backend: MlxBackend) -> None:
    with pytest.raises(InvalidArgument) as info:
        await backend.complete(look(ImagePart(data=png(1), media_type="image/png"), model="liar"), "liar", None)
    assert info.value.reason == Reason.CAPABILITY_UNSUPPORTED
    undeclared = look(ImagePart(data=png(1), media_type="image/png"), model="tiny")
    with pytest.raises(InvalidArgument) as info:
        await backend.complete(undeclared, "tiny", None)
    assert info.value.reason == Reason.CAPABILITY_UNSUPPORTED
    assert info.value.violations[0].field == "messages[0].parts[0].image"


async def test_vision_requests_take_turns_while_text_streams_go_on(backend: MlxBackend, engine: MlxEngine) -> None:
    engine.reset_metrics()
    text = [
        backend.complete(
            ChatRequest(
                model="tiny",
                messages=(Message(Role.USER, f"Text {i}"),),
                generation=GenerationConfig(max_tokens=40, temperature=0.0),
            ),
            "tiny",
            None,
        )
        for i in range(3)
    ]
    vision = [
        backend.complete(look(ImagePart(data=png(i), media_type="image/png"), max_tokens=20), "vision", None)
        for i in range(3)
    ]
    results = await asyncio.gather(*text, *vision)
    assert [r.usage.completion_tokens for r in results] == [40, 40, 40, 20, 20, 20]
    state = await engine.state()
    assert state.idle, state


async def test_closing_a_vision_stream_stops_it(backend: MlxBackend, engine: MlxEngine) -> None:
    agen = backend.stream(look(ImagePart(data=png(3), media_type="image/png"), max_tokens=100_000), "vision", None)
    first = await agen.__anext__()
    assert isinstance(first, Delta)
    await agen.aclose()
    state = await engine.state()
    assert state.idle, state
    done = await backend.complete(look(ImagePart(data=png(3), media_type="image/png"), max_tokens=3), "vision", None)
    assert done.usage.completion_tokens == 3


async def test_an_image_and_a_schema(backend: MlxBackend) -> None:
    schema = {
        "type": "object",
        "properties": {
            "animal": {"enum": ["cat", "dog", "none"]},
            "count": {"type": "integer", "minimum": 0, "maximum": 9},
        },
        "required": ["animal", "count"],
        "additionalProperties": False,
    }
    req = look(
        ImagePart(data=png(8), media_type="image/png"),
        max_tokens=60,
        temperature=1.0,
        seed=1,
        response_format=ResponseFormat(type=ResponseFormatType.JSON_SCHEMA, name="seen", schema=schema),
    )
    done = await backend.complete(req, "vision", None)
    assert done.finish_reason is FinishReason.STOP
    jsonschema.validate(json.loads(done.text), schema)


def test_the_tiny_vision_model_is_reproducible(tmp_path, tiny_vision_model_dir: str) -> None:
    import hashlib
    from pathlib import Path

    from service.backends.mlx.tiny_model import make_tiny_model

    again = make_tiny_model(tmp_path / "again", seed=0, vision=True)

    def digests(d: Path) -> dict[str, str]:
        return {f.name: hashlib.sha256(f.read_bytes()).hexdigest() for f in sorted(d.iterdir())}

    built_by_cli = digests(Path(tiny_vision_model_dir))
    assert built_by_cli == digests(again)
    assert {"config.json", "model.safetensors", "preprocessor_config.json", "processor_config.json"} <= set(
        built_by_cli
    )
    config = json.loads((again / "config.json").read_text())
    assert config["model_type"] == "llava" and config["vision_config"]["model_type"] == "clip_vision_model"
