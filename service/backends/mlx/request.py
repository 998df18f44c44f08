"""One generation as the caller and the engine thread share it.

`GenerationParams` is what the engine needs (the adapter builds it from a ChatRequest).
`EngineRequest` carries the events from the engine thread to the caller's event loop:
the engine appends to `items` and wakes the loop (`wake_all`, one
`loop.call_soon_threadsafe` per loop per step); the caller drains everything that arrived
since its last wake-up with `get()`. A deadline fires on the caller's loop as well as in
the engine (which removes the request at its next step).
"""

from __future__ import annotations

import asyncio
import collections
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from service.backends.mlx.output_filter import Thought
from service.core.chat import Delta, Finish, TokenLogprob, ToolCallDelta
from service.core.errors import DeadlineExceeded

if TYPE_CHECKING:  # pragma: no cover
    from service.backends.mlx.constraints import GrammarProcessor
    from service.backends.mlx.engine import MlxEngine
    from service.backends.mlx.models import LoadedModel
    from service.backends.mlx.output_filter import OutputFilter


@dataclass(frozen=True)
class GenerationParams:
    """What the engine needs for one generation (the adapter builds it from a ChatRequest).

    messages: chat-template messages (dicts with role/content/tool_calls/...).
    tools: OpenAI-style tool definitions for the template, or None.
    prompt_tokens: token ids to use instead of rendering `messages` (benchmarks, tests).
    prompt_text: a raw text prompt to tokenize instead of rendering `messages`.
    deadline: absolute `time.monotonic()` value, or None.
    grammar: an llguidance grammar the answer must follow (`constraints.grammar_for`).
    presence_penalty / frequency_penalty: OpenAI's penalties over the generated tokens.
    logprobs / top_logprobs: report each answer token's log-probability (and alternatives).
    enable_thinking: passed to the chat template (None: the template's default).
    reasoning_budget: at most this many reasoning tokens (the think block is then closed).
    max_tool_calls: stop after this many tool calls (1 for parallel_tool_calls = false).
    images: encoded images for a vision model, in the order the messages show them.
    """

    messages: Sequence[dict[str, Any]] = ()
    tools: Sequence[dict[str, Any]] | None = None
    max_tokens: int | None = None
    temperature: float | None = None
    top_p: float | None = None
    seed: int | None = None
    stop: Sequence[str] = ()
    deadline: float | None = None
    parse_tool_calls: bool = True
    prompt_tokens: Sequence[int] | None = None
    prompt_text: str | None = None  # a raw prompt (legacy completions): tokenized as is, no chat template
    grammar: str | None = None
    presence_penalty: float | None = None
    frequency_penalty: float | None = None
    logprobs: bool = False
    top_logprobs: int = 0
    enable_thinking: bool | None = None
    reasoning_budget: int | None = None
    max_tool_calls: int | None = None
    images: Sequence[bytes] = ()


def deadline_exceeded(started: bool = True) -> DeadlineExceeded:
    """The error of a request whose deadline passed (while generating, or still waiting)."""
    if started:
        return DeadlineExceeded("local generation did not finish before the deadline")
    return DeadlineExceeded("local generation did not start before the deadline")


class EngineRequest:
    """One generation, shared by the caller's event loop and the engine thread.

    The caller awaits `get()` for the next events and calls `close()` when done (always,
    in a `finally`): a request closed before it finished is removed from the batch.
    `items` holds what the engine produced and the caller has not read yet: text (str),
    reasoning (`Thought`), `TokenLogprob`s (of the text that follows them),
    `ToolCallDelta`s, then one `Finish` or one RouterError.
    """

    def __init__(
        self,
        engine: MlxEngine,
        source: str,
        params: GenerationParams,
        loop: asyncio.AbstractEventLoop,
    ) -> None:
        self.engine = engine
        self.source = source
        self.params = params
        self.loop = loop
        self.items: collections.deque[Any] = collections.deque()
        # Loop-side state.
        self._waiter: asyncio.Future[None] | None = None
        self._timer: asyncio.TimerHandle | None = None
        self._expired = False
        self.closed = False
        self.finished = False  # the caller has seen Finish or an error
        # Shared flags (single attribute writes, GIL-atomic).
        self.cancelled = False
        self.wake_pending = False
        self.released = False  # the admission slot was given back
        # Engine-side state.
        self.engine_done = False
        self.uid: int | None = None
        self.model: LoadedModel | None = None
        self.prompt_len = 0
        self.cached_tokens = 0
        self.completion_tokens = 0
        self.reasoning_tokens = 0
        self.peak_batch = 0
        self.detok: Any = None
        self.filter: OutputFilter | None = None
        self.matcher: Any = None  # the compiled grammar (an llguidance LLMatcher) once ready
        self.compiling = False  # the grammar is being compiled off the engine thread
        self.constraint: GrammarProcessor | None = None
        if params.deadline is not None:
            delay = max(0.0, params.deadline - time.monotonic())
            self._timer = loop.call_later(delay, self._on_deadline)

    def expired(self, now: float) -> bool:
        """Whether the deadline has passed at `now` (a `time.monotonic()` value)."""
        deadline = self.params.deadline
        return deadline is not None and deadline <= now

    # -- caller side (event loop thread)

    async def get(self) -> list[Delta | Finish]:
        """The events that arrived since the last call (waits for at least one).

        Consecutive text is merged into one Delta. Raises the request's RouterError.
        """
        while True:
            if self.items:
                return self._drain()
            if self._expired:
                self.finished = True
                raise deadline_exceeded()
            if self.finished:
                raise RuntimeError("the request has already finished")
            self._waiter = self.loop.create_future()
            try:
                await self._waiter
            finally:
                self._waiter = None

    def close(self) -> None:
        """Releases the request; if it is still generating, the engine drops it."""
        if self.closed:
            return
        self.closed = True
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if not self.engine_done:
            self.cancelled = True
            self.engine.withdraw(self)

    def _drain(self) -> list[Delta | Finish]:
        out: list[Delta | Finish] = []
        text: list[str] = []
        reasoning: list[str] = []
        logprobs: list[TokenLogprob] = []

        def flush() -> None:
            if text or reasoning or logprobs:
                out.append(Delta(text="".join(text), reasoning="".join(reasoning), logprobs=tuple(logprobs)))
                text.clear()
                reasoning.clear()
                logprobs.clear()

        items = self.items
        while items:
            it = items[0]
            if isinstance(it, str):
                text.append(it)
            elif isinstance(it, Thought):
                if text:
                    flush()
                reasoning.append(it.text)
            elif isinstance(it, TokenLogprob):
                logprobs.append(it)
            elif isinstance(it, ToolCallDelta):
                flush()
                out.append(Delta(tool_calls=(it,)))
            elif isinstance(it, Finish):
                items.popleft()
                flush()
                out.append(it)
                self.finished = True
                return out
            else:  # an error: hand over the text first
                if text or reasoning or logprobs or out:
                    break
                items.popleft()
                self.finished = True
                raise it
            items.popleft()
        flush()
        return out

    def _on_deadline(self) -> None:
        self._timer = None
        self._expired = True
        self._wake()

    def _wake(self) -> None:
        w = self._waiter
        if w is not None and not w.done():
            w.set_result(None)


def wake_all(reqs: list[EngineRequest]) -> None:
    """Wakes the readers of `reqs` (runs on their event loop, scheduled by the engine)."""
    for r in reqs:  # _wake() inlined: this runs for every request on every engine step
        r.wake_pending = False
        w = r._waiter
        if w is not None and not w.done():
            w.set_result(None)
