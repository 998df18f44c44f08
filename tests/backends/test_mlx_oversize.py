"""An over-long prompt to a local model is refused (CONTEXT_LENGTH_EXCEEDED, naming the model's
context) without ever reaching the engine thread: the tests hold the engine thread busy in a
command of its own, and the refusal still arrives; a small prompt then serves as before."""

from __future__ import annotations

import asyncio
import threading

import pytest

import service.backends.mlx  # noqa: F401  (first: OpenBLAS preload before mlx.core)
from service.backends.mlx.backend import MlxBackend
from service.backends.mlx.engine import MlxEngine
from service.backends.mlx.prompt import max_token_chars
from service.core.chat import ChatRequest, Finish, GenerationConfig, Message, Role
from service.core.config import ApiType, ModelConfig, ProviderConfig
from service.core.errors import InvalidArgument, Reason
from service.settings import Settings

pytestmark = pytest.mark.mlx

CONTEXT = 4096  # the tiny model's max_position_embeddings


@pytest.fixture(scope="module")
def engine() -> MlxEngine:
    e = MlxEngine(Settings(mlx_queue_size=16, mlx_max_batch=4))
    e.start()
    yield e
    e.stop()


@pytest.fixture
def backend(engine: MlxEngine, tiny_model_dir: str) -> MlxBackend:
    provider = ProviderConfig(
        id="local",
        display_name="Local MLX",
        api_type=ApiType.MLX,
        base_url="",
        builtin=True,
        template="local",
        models=(ModelConfig(id="tiny", provider_id="local", model_id="tiny", source=tiny_model_dir),),
    )
    return MlxBackend(provider, engine)


def chat(text: str) -> ChatRequest:
    return ChatRequest(
        model="tiny",
        messages=(Message(Role.USER, text),),
        generation=GenerationConfig(max_tokens=4, temperature=0.0),
    )


async def _drain(backend: MlxBackend, text: str) -> list:
    return [ev async for ev in backend.stream(chat(text), "tiny", None)]


class EngineHeld:
    """Holds the engine thread inside a command until released (the thread is busy for real)."""

    def __init__(self, engine: MlxEngine) -> None:
        self.engine = engine
        self.entered = threading.Event()
        self.release = threading.Event()
        self.task: asyncio.Task | None = None

    def _hold(self) -> None:
        self.entered.set()
        self.release.wait(60)

    async def __aenter__(self) -> EngineHeld:
        self.task = asyncio.ensure_future(self.engine.call(self._hold))
        assert await asyncio.to_thread(self.entered.wait, 30), "the engine thread never ran the command"
        return self

    async def __aexit__(self, *exc) -> None:
        self.release.set()
        await self.task


async def test_oversized_prompts_are_refused_without_the_engine_thread(backend: MlxBackend, engine: MlxEngine):
    await backend.preload(["tiny"])
    m = engine._models.get(backend.source_for("tiny"))
    assert m is not None and m.context_length == CONTEXT
    bound = CONTEXT * max_token_chars(m)
    huge = "a" * (10 * 1024 * 1024)  # 10 MB: refused by its size alone
    middle = " ".join(f"w{i % 97}" for i in range(6000))  # tokenized (off the engine thread), then refused
    assert len(huge) > bound >= len(middle)
    async with EngineHeld(engine):
        for text in (huge, middle):
            with pytest.raises(InvalidArgument) as info:
                await asyncio.wait_for(_drain(backend, text), 20)
            assert info.value.reason == Reason.CONTEXT_LENGTH_EXCEEDED
            assert f"context is {CONTEXT} tokens" in info.value.message
        # A small prompt is prepared off the thread too, then waits for the engine.
        small = asyncio.ensure_future(_drain(backend, "Hello there."))
        await asyncio.sleep(0.2)
        assert not small.done()
    events = await asyncio.wait_for(small, 60)
    assert isinstance(events[-1], Finish) and events[-1].usage.completion_tokens == 4


async def test_a_prompt_that_fits_is_served(backend: MlxBackend):
    text = " ".join(f"w{i % 97}" for i in range(300))
    events = await asyncio.wait_for(_drain(backend, text), 120)
    assert isinstance(events[-1], Finish) and events[-1].usage.prompt_tokens > 300


def test_prompt_cache_bytes_come_from_the_setting():
    assert MlxEngine(Settings(mlx_prompt_cache_mb=32))._models.prompt_cache_bytes == 32 * 1024 * 1024
    default = MlxEngine(Settings(mlx_memory_budget_mb=4096))._models.prompt_cache_bytes
    assert default == 1024 * 1024 * 1024  # a quarter of the memory budget
