"""EngineRequest: what the engine thread appends comes out of `get()` merged and in order.

The items are appended from a real second thread and the reader woken the way the engine
does it (`loop.call_soon_threadsafe(wake_all, ...)`); no model is needed.
"""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Any

import pytest

import service.backends.mlx  # noqa: F401  (first: OpenBLAS preload before mlx.core)
from service.backends.mlx.engine import EngineRequest, GenerationParams, MlxEngine
from service.backends.mlx.request import wake_all
from service.core.chat import Delta, Finish, FinishReason, ToolCallDelta, Usage
from service.core.errors import DeadlineExceeded, Unavailable
from service.settings import Settings

CALL = ToolCallDelta(index=0, id="call_1", name="f", arguments="{}")
FINISH = Finish(finish_reason=FinishReason.STOP, usage=Usage(prompt_tokens=3, completion_tokens=2))
GONE = Unavailable("model 'x' was unloaded")


def request(params: GenerationParams | None = None) -> EngineRequest:
    # The engine is only the request's owner here (close() tells it); it is never started.
    return EngineRequest(MlxEngine(Settings()), "src", params or GenerationParams(), asyncio.get_running_loop())


def produce(req: EngineRequest, items: list[Any]) -> None:
    """Appends `items` from another thread, then wakes the reader (one engine step)."""

    def step() -> None:
        req.items.extend(items)
        req.wake_pending = True
        req.loop.call_soon_threadsafe(wake_all, [req])

    t = threading.Thread(target=step)
    t.start()
    t.join()


@pytest.mark.parametrize(
    ("items", "reads"),
    [
        (["a", "b", "c"], [[Delta(text="abc")]]),
        (
            ["Let ", "me", CALL, " see", FINISH],
            [[Delta(text="Let me"), Delta(tool_calls=(CALL,)), Delta(text=" see"), FINISH]],
        ),
        ([FINISH], [[FINISH]]),
        (["partial ", "text", GONE], [[Delta(text="partial text")], GONE]),  # the text first, then the error
        ([GONE], [GONE]),
    ],
    ids=["text merged", "tool call splits the text", "finish only", "text then error", "error only"],
)
async def test_get_merges_text_and_keeps_order(items: list[Any], reads: list[Any]) -> None:
    req = request()
    waiting = asyncio.create_task(req.get())
    await asyncio.sleep(0.01)
    assert not waiting.done()  # nothing yet: the reader waits
    produce(req, items)
    first = reads[0]
    if isinstance(first, Exception):
        with pytest.raises(type(first)) as info:
            await asyncio.wait_for(waiting, 2)
        assert info.value is first
    else:
        assert await asyncio.wait_for(waiting, 2) == first
    for expected in reads[1:]:
        with pytest.raises(type(expected)) as info:
            await req.get()
        assert info.value is expected
    assert not req.wake_pending
    if isinstance(items[-1], str):  # no Finish yet: the next read waits for more
        assert not req.finished
        more = asyncio.create_task(req.get())
        await asyncio.sleep(0.01)
        assert not more.done()
        produce(req, [FINISH])
        assert await asyncio.wait_for(more, 2) == [FINISH]
    assert req.finished
    with pytest.raises(RuntimeError):
        await req.get()


async def test_deadline_ends_a_silent_request_on_the_callers_loop() -> None:
    req = request(GenerationParams(deadline=time.monotonic() + 0.1))
    assert not req.expired(time.monotonic())
    t0 = time.monotonic()
    with pytest.raises(DeadlineExceeded):
        await asyncio.wait_for(req.get(), 2)
    assert 0.05 <= time.monotonic() - t0 < 1.0
    assert req.expired(time.monotonic()) and req.finished
    req.close()
    assert req.cancelled  # the engine will drop it at its next step


async def test_close_after_finish_does_not_cancel() -> None:
    req = request(GenerationParams(deadline=time.monotonic() + 60))
    produce(req, ["done", FINISH])
    req.engine_done = True  # what the engine sets with the Finish
    assert await req.get() == [Delta(text="done"), FINISH]
    req.close()
    req.close()  # twice is harmless
    assert req.closed and not req.cancelled
