"""The local MLX engine: one thread owns every MLX call.

Design
------
- `MlxEngine` starts one daemon thread ("mlx-engine"). It loads models, renders chat
  templates, runs one `mlx_lm` `BatchGenerator` per loaded model (continuous batching:
  a request joins the running batch at the next step), detokenizes, matches stop strings
  and parses tool calls. No other thread touches MLX.
- Async callers only `submit()` (admission is checked right there, synchronously) and
  read their own `EngineRequest`: the engine appends events to the request's deque and
  wakes its event loop with one `loop.call_soon_threadsafe` per loop per step, however
  many tokens and requests that step produced. A reader drains everything that arrived
  since its last wake-up and merges consecutive text into one `Delta`.
- Closing a request (`EngineRequest.close()`, called from the adapter's `finally`) or an
  expired deadline removes it from the batch at the next step and frees its slot.
- Admission per model: at most `mlx_max_batch` requests generate, at most
  `mlx_queue_size` more wait; beyond that `submit` raises ResourceExhausted
  (LOCAL_QUEUE_FULL, retry_after 1 s) at once.
- Models load lazily (or via `start(preload=...)` / `load()`), are converted to float32
  on CPU, warmed up with a two-token generation, and kept in an LRU bounded by
  `mlx_memory_budget_mb` (estimated from the parameter bytes). A load that does not fit
  waits while the models in the way are busy, and fails with MODEL_LOAD_FAILED when the
  model alone exceeds the budget.
- Prompt cache: each loaded model keeps an `mlx_lm` `LRUPromptCache` of finished
  sequences' KV caches (prompt + answer). A new request reuses the longest shared prefix
  (a deep copy, trimmed where needed) and reports it in `Usage.cached_prompt_tokens`.

Import `service.backends.mlx` (this package) before anything imports `mlx.core`, so the
OpenBLAS preload in `blas.py` takes effect.
"""

from __future__ import annotations

import asyncio
import atexit
import collections
import concurrent.futures
import gc
import json
import logging
import queue
import struct
import threading
import time
import uuid
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import mlx.core as mx

import service.backends.mlx  # noqa: F401  (OpenBLAS preload before mlx.core)
from service.core.chat import Delta, Finish, FinishReason, ToolCallDelta, Usage
from service.core.errors import (
    DeadlineExceeded,
    FailedPrecondition,
    InvalidArgument,
    NotFound,
    Reason,
    ResourceExhausted,
    RouterError,
    Unavailable,
)
from service.settings import Settings

log = logging.getLogger(__name__)

DEFAULT_MAX_TOKENS = 512
DEFAULT_TEMPERATURE = 1.0
RETRY_AFTER_S = 1.0
_MB = 1024 * 1024


# ------------------------------------------------------------------ public values


@dataclass(frozen=True)
class GenerationParams:
    """What the engine needs for one generation (the adapter builds it from a ChatRequest).

    messages: chat-template messages (dicts with role/content/tool_calls/...).
    tools: OpenAI-style tool definitions for the template, or None.
    prompt_tokens: token ids to use instead of rendering `messages` (benchmarks, tests).
    deadline: absolute `time.monotonic()` value, or None.
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


@dataclass(frozen=True)
class ModelInfo:
    source: str
    nbytes: int
    num_parameters: int
    dtype: str
    context_length: int | None
    has_chat_template: bool
    has_tool_calling: bool
    load_seconds: float
    loaded_at: float  # time.time()


@dataclass(frozen=True)
class ModelState:
    source: str
    loaded: bool
    active: int  # requests in the BatchGenerator (prefill or decode)
    batch_uids: int  # uids the BatchGenerator itself still holds
    waiting: int  # accepted, not yet in the batch
    outstanding: int  # accepted and not finished (the admission counter)
    prompt_cache_entries: int


@dataclass(frozen=True)
class EngineState:
    running: bool
    models: dict[str, ModelState] = field(default_factory=dict)

    @property
    def idle(self) -> bool:
        return all(
            m.active == 0 and m.batch_uids == 0 and m.waiting == 0 and m.outstanding == 0 for m in self.models.values()
        )


# --------------------------------------------------------------- output filtering


class OutputFilter:
    """Stop strings and tool-call markup, applied to detokenized text as it streams.

    `feed(text, out)` appends safe text (str) and parsed `ToolCallDelta`s to `out`; it
    holds back any tail that could begin a stop string or the tool-call start marker.
    Returns True when a stop string matched (the text before it was emitted, the stop
    string itself is dropped). `flush(out)` emits what is held back at the end.
    """

    def __init__(
        self,
        stops: Sequence[str] = (),
        *,
        tool_start: str | None = None,
        tool_end: str | None = None,
        tool_parser: Callable[..., Any] | None = None,
        tools: Sequence[dict[str, Any]] | None = None,
    ) -> None:
        self.stops = [s for s in stops if s]
        self.tool_start = tool_start if (tool_start and tool_end and tool_parser) else None
        self.tool_end = tool_end
        self.tool_parser = tool_parser
        self.tools = list(tools or [])
        self._markers = self.stops + ([self.tool_start] if self.tool_start else [])
        self._hold = max((len(m) for m in self._markers), default=1) - 1
        self._buf = ""
        self._in_tool = False
        self.tool_calls = 0

    def feed(self, text: str, out: list[Any]) -> bool:
        if not self._markers:
            if text:
                out.append(text)
            return False
        self._buf += text
        while True:
            if self._in_tool:
                assert self.tool_end is not None
                i = self._buf.find(self.tool_end)
                if i < 0:
                    return False
                self._emit_tool(self._buf[:i], out)
                self._buf = self._buf[i + len(self.tool_end) :]
                self._in_tool = False
                continue
            best: tuple[int, bool, str] | None = None
            for s in self.stops:
                i = self._buf.find(s)
                if i >= 0 and (best is None or i < best[0]):
                    best = (i, True, s)
            if self.tool_start:
                i = self._buf.find(self.tool_start)
                if i >= 0 and (best is None or i < best[0]):
                    best = (i, False, self.tool_start)
            if best is None:
                keep = self._partial_tail(self._buf)
                cut = len(self._buf) - keep
                if cut > 0:
                    out.append(self._buf[:cut])
                    self._buf = self._buf[cut:]
                return False
            i, is_stop, marker = best
            if i > 0:
                out.append(self._buf[:i])
            if is_stop:
                self._buf = ""
                return True
            self._buf = self._buf[i + len(marker) :]
            self._in_tool = True

    def flush(self, out: list[Any]) -> None:
        if self._in_tool:
            if not self._emit_tool(self._buf, out, raw_on_error=False):
                out.append(f"{self.tool_start}{self._buf}")
        elif self._buf:
            out.append(self._buf)
        self._buf = ""
        self._in_tool = False

    def _partial_tail(self, buf: str) -> int:
        for k in range(min(self._hold, len(buf)), 0, -1):
            tail = buf[-k:]
            if any(m.startswith(tail) for m in self._markers):
                return k
        return 0

    def _emit_tool(self, body: str, out: list[Any], raw_on_error: bool = True) -> bool:
        try:
            assert self.tool_parser is not None
            parsed = self.tool_parser(body, self.tools)
            calls = parsed if isinstance(parsed, list) else [parsed]
            items = []
            for call in calls:
                name = call["name"]
                args = call.get("arguments", {})
                if not isinstance(args, str):
                    args = json.dumps(args, ensure_ascii=False)
                items.append((str(name), args))
        except Exception:
            if raw_on_error:
                out.append(f"{self.tool_start}{body}{self.tool_end}")
            return False
        for name, args in items:
            out.append(
                ToolCallDelta(
                    index=self.tool_calls,
                    id=f"call_{uuid.uuid4().hex[:24]}",
                    name=name,
                    arguments=args,
                )
            )
            self.tool_calls += 1
        return True


# ------------------------------------------------------------------- the request


class EngineRequest:
    """One generation, shared by the caller's event loop and the engine thread.

    The caller awaits `get()` for the next events and calls `close()` when done (always,
    in a `finally`): a request closed before it finished is removed from the batch.
    """

    def __init__(
        self,
        engine: MlxEngine,
        source: str,
        params: GenerationParams,
        loop: asyncio.AbstractEventLoop,
    ) -> None:
        self.id = uuid.uuid4().hex
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
        self.model: _Model | None = None
        self.prompt_len = 0
        self.cached_tokens = 0
        self.completion_tokens = 0
        self.peak_batch = 0
        self.detok: Any = None
        self.filter: OutputFilter | None = None
        # Timeline (time.monotonic()): accepted, joined the batch, first token sampled.
        self.submitted_at = time.monotonic()
        self.inserted_at: float | None = None
        self.first_token_at: float | None = None
        if params.deadline is not None:
            delay = max(0.0, params.deadline - time.monotonic())
            self._timer = loop.call_later(delay, self._on_deadline)

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
                raise DeadlineExceeded("local generation did not finish before the deadline")
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
            self.engine._post(("cancel", self))
            self.engine._release(self)

    def _drain(self) -> list[Delta | Finish]:
        out: list[Delta | Finish] = []
        text: list[str] = []
        items = self.items
        while items:
            it = items[0]
            if isinstance(it, str):
                text.append(it)
                items.popleft()
            elif isinstance(it, ToolCallDelta):
                if text:
                    out.append(Delta(text="".join(text)))
                    text = []
                out.append(Delta(tool_calls=(it,)))
                items.popleft()
            elif isinstance(it, Finish):
                items.popleft()
                if text:
                    out.append(Delta(text="".join(text)))
                    text = []
                out.append(it)
                self.finished = True
                break
            else:  # an error: hand over the text first
                if text or out:
                    break
                items.popleft()
                self.finished = True
                raise it
        if text:
            out.append(Delta(text="".join(text)))
        return out

    def _on_deadline(self) -> None:
        self._timer = None
        self._expired = True
        w = self._waiter
        if w is not None and not w.done():
            w.set_result(None)


def _wake_all(reqs: list[EngineRequest]) -> None:
    for r in reqs:
        r.wake_pending = False
        w = r._waiter
        if w is not None and not w.done():
            w.set_result(None)


# --------------------------------------------------------------- engine internals


class _Deferred(Exception):
    """The model does not fit now; busy models are in the way. Retry later."""


class _Model:
    def __init__(
        self,
        source: str,
        model: Any,
        tokenizer: Any,
        config: dict[str, Any],
        nbytes: int,
        info: ModelInfo,
    ) -> None:
        self.source = source
        self.model = model
        self.tokenizer = tokenizer
        self.config = config
        self.nbytes = nbytes
        self.info = info
        self.gen: Any = None
        self.active: dict[int, EngineRequest] = {}
        self.prompt_cache: Any = None
        self.context_length: int | None = info.context_length


def _safetensors_estimate(path: Path) -> int:
    """Bytes the weights will take in memory as float32 (quantized tensors as stored)."""
    sizes = {"F64": 4, "F32": 4, "F16": 4, "BF16": 4, "F8_E4M3": 4, "F8_E5M2": 4}
    raw = {
        "I64": 8,
        "U64": 8,
        "I32": 4,
        "U32": 4,
        "I16": 2,
        "U16": 2,
        "I8": 1,
        "U8": 1,
        "BOOL": 1,
    }
    total = 0
    for f in sorted(path.glob("model*.safetensors")):
        with open(f, "rb") as fh:
            n = struct.unpack("<Q", fh.read(8))[0]
            if n > 100 * _MB:
                raise ValueError(f"{f.name}: implausible safetensors header ({n} bytes)")
            header = json.loads(fh.read(n))
        for name, meta in header.items():
            if name == "__metadata__":
                continue
            count = 1
            for d in meta["shape"]:
                count *= int(d)
            dt = meta["dtype"]
            total += count * sizes.get(dt, raw.get(dt, 4))
    return total


class MlxEngine:
    """Owns the MLX thread. Construct from Settings, `start()`, submit, `stop()`.

    settings: mlx_max_batch, mlx_queue_size, mlx_memory_budget_mb (the keyword
    arguments override them). prompt_cache_entries: KV caches kept per model.
    """

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        max_batch: int | None = None,
        queue_size: int | None = None,
        memory_budget_mb: int | None = None,
        prompt_cache_entries: int = 16,
        prefill_step_size: int = 512,
        default_max_tokens: int = DEFAULT_MAX_TOKENS,
        warmup: bool = True,
    ) -> None:
        self.settings = settings or Settings()
        self.max_batch = max(1, max_batch if max_batch is not None else self.settings.mlx_max_batch)
        self.queue_size = max(0, queue_size if queue_size is not None else self.settings.mlx_queue_size)
        budget_mb = memory_budget_mb if memory_budget_mb is not None else self.settings.mlx_memory_budget_mb
        self.memory_budget = int(budget_mb) * _MB
        self.prompt_cache_entries = prompt_cache_entries
        self.prompt_cache_bytes = max(64 * _MB, self.memory_budget // 4)
        self.prefill_step_size = prefill_step_size
        self.default_max_tokens = default_max_tokens
        self.warmup = warmup

        self._cmds: queue.SimpleQueue[tuple[Any, ...]] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._outstanding: dict[str, int] = {}
        self._running = False
        self._stopping = False
        self._stopped = threading.Event()
        self._info: dict[str, ModelInfo] = {}
        self._metrics: dict[str, float] = {}
        self.reset_metrics()
        # Engine-thread state.
        self._models: collections.OrderedDict[str, _Model] = collections.OrderedDict()
        self._queues: dict[str, collections.deque[EngineRequest]] = {}
        self._dirty: list[EngineRequest] = []
        self._samplers: dict[tuple[float, float], Any] = {}
        self._next_expiry_check = 0.0

    # ------------------------------------------------------------- lifecycle

    @property
    def running(self) -> bool:
        return self._running

    def start(self, preload: Iterable[str] = ()) -> None:
        """Starts the engine thread; `preload` sources load in the background (failures logged)."""
        if self._running:
            return
        self._stopping = False
        self._stopped.clear()
        self._running = True
        self._thread = threading.Thread(target=self._run, name="mlx-engine", daemon=True)
        self._thread.start()
        atexit.register(self._atexit)
        from service.backends.mlx.blas import active_blas

        log.info(
            "MLX engine started (device %s, BLAS %s)",
            mx.default_device(),
            active_blas(),
        )
        for source in preload:
            fut: concurrent.futures.Future[Any] = concurrent.futures.Future()
            fut.add_done_callback(lambda f, s=source: self._log_preload(s, f))
            self._post(("load", source, fut))

    def stop(self, timeout: float = 60.0) -> None:
        """Stops the thread: outstanding requests fail (UNAVAILABLE), models are released."""
        if self._thread is None:
            return
        self._running = False
        self._post(("stop",))
        self._thread.join(timeout)
        self._thread = None
        atexit.unregister(self._atexit)

    async def astop(self, timeout: float = 60.0) -> None:
        """`stop()` without blocking the event loop while the thread winds down."""
        if self._thread is None:
            return
        self._running = False
        self._post(("stop",))
        deadline = time.monotonic() + timeout
        while not self._stopped.is_set() and time.monotonic() < deadline:
            await asyncio.sleep(0.01)
        self.stop(timeout=max(0.0, deadline - time.monotonic()))

    def _atexit(self) -> None:  # pragma: no cover - exercised at interpreter exit
        self.stop(timeout=10.0)

    @staticmethod
    def _log_preload(source: str, fut: concurrent.futures.Future[Any]) -> None:
        exc = fut.exception()
        if exc is not None:
            log.error("preloading MLX model %s failed: %s", source, exc)
        else:
            log.info("preloaded MLX model %s", source)

    # ------------------------------------------------------------- requests

    def submit(self, source: str, params: GenerationParams) -> EngineRequest:
        """Admits a request (call from an event loop). Raises ResourceExhausted when full."""
        if not self._running:
            raise Unavailable(
                "the local MLX engine is not running",
                reason=Reason.UPSTREAM_UNAVAILABLE,
            )
        loop = asyncio.get_running_loop()
        limit = self.max_batch + self.queue_size
        with self._lock:
            n = self._outstanding.get(source, 0)
            if n >= limit:
                raise ResourceExhausted(
                    f"local model queue is full ({n} requests in flight, at most {self.max_batch} generating "
                    f"and {self.queue_size} waiting); retry shortly",
                    reason=Reason.LOCAL_QUEUE_FULL,
                    retry_after=RETRY_AFTER_S,
                    resource=("model", source),
                )
            self._outstanding[source] = n + 1
        req = EngineRequest(self, source, params, loop)
        self._post(("submit", req))
        return req

    async def generate(self, source: str, params: GenerationParams) -> AsyncIterator[Delta | Finish]:
        """Convenience: submit and yield the events; closing the iterator cancels."""
        req = self.submit(source, params)
        try:
            while True:
                for ev in await req.get():
                    yield ev
                    if isinstance(ev, Finish):
                        return
        finally:
            req.close()

    # ------------------------------------------------------------- commands

    async def load(self, source: str) -> ModelInfo:
        """Loads (or touches) a model. Raises NotFound/FailedPrecondition (MODEL_LOAD_FAILED)."""
        return await asyncio.wrap_future(self._command("load", source))

    async def unload(self, source: str) -> bool:
        """Releases a model; its running and waiting requests fail with UNAVAILABLE."""
        return await asyncio.wrap_future(self._command("unload", source))

    async def call(self, fn: Callable[..., Any], *args: Any) -> Any:
        """Runs `fn(*args)` in the engine thread (the only thread allowed to touch MLX)."""
        return await asyncio.wrap_future(self._command("call", fn, args))

    def call_blocking(self, fn: Callable[..., Any], *args: Any, timeout: float | None = None) -> Any:
        return self._command("call", fn, args).result(timeout)

    def load_blocking(self, source: str, timeout: float | None = None) -> ModelInfo:
        return self._command("load", source).result(timeout)

    async def state(self) -> EngineState:
        """A consistent picture taken in the engine thread (after earlier commands ran)."""
        if not self._running:
            return EngineState(running=False, models=self._state_now())
        return EngineState(running=True, models=await self.call(self._state_now))

    def loaded_models(self) -> list[ModelInfo]:
        """The loaded models, least recently used first (safe from any thread)."""
        return list(self._info.values())

    def metrics(self) -> dict[str, float]:
        return dict(self._metrics)

    def reset_metrics(self) -> None:
        self._metrics = {
            "steps": 0,
            "generated_tokens": 0,
            "peak_batch": 0,
            "batch_token_sum": 0,
            "requests": 0,
        }

    def _command(self, kind: str, *args: Any) -> concurrent.futures.Future[Any]:
        fut: concurrent.futures.Future[Any] = concurrent.futures.Future()
        if not self._running:
            fut.set_exception(
                Unavailable(
                    "the local MLX engine is not running",
                    reason=Reason.UPSTREAM_UNAVAILABLE,
                )
            )
            return fut
        self._post((kind, *args, fut))
        return fut

    def _post(self, cmd: tuple[Any, ...]) -> None:
        self._cmds.put(cmd)

    # ============================================================ engine thread

    def _run(self) -> None:
        stream = mx.new_stream(mx.default_device())
        self._stream = stream
        try:
            with mx.stream(stream):
                while True:
                    if any(m.active for m in self._models.values()):
                        self._drain_commands(block=False)
                    elif any(self._queues.values()):  # waiting on a deferred load
                        self._drain_commands(block=True, timeout=0.05)
                    else:
                        self._drain_commands(block=True)
                    if self._stopping:
                        break
                    self._schedule()
                    self._step_all()
                    self._flush()
        except BaseException:  # pragma: no cover - a bug: fail everything, keep the process
            log.exception("MLX engine thread crashed")
        finally:
            self._running = False
            self._shutdown()
            self._stopped.set()

    def _drain_commands(self, block: bool, timeout: float | None = None) -> None:
        try:
            cmd = self._cmds.get(timeout=timeout) if block else self._cmds.get_nowait()
        except queue.Empty:
            return
        while True:
            self._handle(cmd)
            if self._stopping:
                return
            try:
                cmd = self._cmds.get_nowait()
            except queue.Empty:
                return

    def _handle(self, cmd: tuple[Any, ...]) -> None:
        kind = cmd[0]
        if kind == "submit":
            req: EngineRequest = cmd[1]
            self._metrics["requests"] += 1
            if req.cancelled:
                self._release(req)
                return
            self._queues.setdefault(req.source, collections.deque()).append(req)
        elif kind == "cancel":
            self._cancel(cmd[1])
        elif kind == "load":
            source, fut = cmd[1], cmd[2]
            try:
                m = self._ensure_loaded(source)
                fut.set_result(m.info)
            except _Deferred:
                fut.set_exception(
                    ResourceExhausted(
                        f"model {source!r} does not fit the MLX memory budget while other models are busy",
                        reason=Reason.MODEL_LOAD_FAILED,
                        retry_after=RETRY_AFTER_S,
                    )
                )
            except BaseException as exc:
                fut.set_exception(exc)
        elif kind == "unload":
            source, fut = cmd[1], cmd[2]
            try:
                fut.set_result(self._unload(source, Unavailable(f"model {source!r} was unloaded")))
            except BaseException as exc:
                fut.set_exception(exc)
        elif kind == "call":
            fn, args, fut = cmd[1], cmd[2], cmd[3]
            try:
                fut.set_result(fn(*args))
            except BaseException as exc:
                fut.set_exception(exc)
        elif kind == "stop":
            self._stopping = True

    # ------------------------------------------------------------- scheduling

    def _schedule(self) -> None:
        now = time.monotonic()
        if now >= self._next_expiry_check:
            self._next_expiry_check = now + 0.05
            self._expire(now)
        for source, q in list(self._queues.items()):
            while q and q[0].cancelled:
                self._release(q.popleft())
            if not q:
                if source not in self._models:
                    del self._queues[source]
                continue
            m = self._models.get(source)
            if m is None:
                try:
                    m = self._ensure_loaded(source)
                except _Deferred:
                    continue
                except RouterError as exc:
                    while q:
                        self._fail(q.popleft(), exc)
                    del self._queues[source]
                    continue
            self._models.move_to_end(source)
            while q and len(m.active) < self.max_batch:
                req = q.popleft()
                if req.cancelled:
                    self._release(req)
                    continue
                try:
                    self._insert(m, req)
                except RouterError as exc:
                    self._fail(req, exc)
                except Exception as exc:
                    log.exception("inserting a request failed")
                    self._fail(req, InvalidArgument(f"could not prepare the prompt: {exc}"))

    def _expire(self, now: float) -> None:
        for m in self._models.values():
            expired = [uid for uid, r in m.active.items() if r.params.deadline is not None and r.params.deadline <= now]
            if expired:
                m.gen.remove(expired)
                for uid in expired:
                    self._fail(
                        m.active.pop(uid),
                        DeadlineExceeded("local generation did not finish before the deadline"),
                    )
        for q in self._queues.values():
            if any(r.params.deadline is not None and r.params.deadline <= now for r in q):
                keep = collections.deque()
                for r in q:
                    if r.params.deadline is not None and r.params.deadline <= now:
                        self._fail(
                            r,
                            DeadlineExceeded("local generation did not start before the deadline"),
                        )
                    else:
                        keep.append(r)
                q.clear()
                q.extend(keep)

    def _insert(self, m: _Model, req: EngineRequest) -> None:
        p = req.params
        tok = m.tokenizer
        if p.prompt_tokens is not None:
            prompt = [int(t) for t in p.prompt_tokens]
        else:
            prompt = self._render(m, p)
        if not prompt:
            raise InvalidArgument("the prompt is empty")
        n = len(prompt)
        if m.context_length is not None and n >= m.context_length:
            raise InvalidArgument(
                f"the prompt has {n} tokens; the model's context is {m.context_length}",
                reason=Reason.CONTEXT_LENGTH_EXCEEDED,
            )
        max_tokens = p.max_tokens if p.max_tokens is not None else self.default_max_tokens
        if max_tokens <= 0:
            raise InvalidArgument("max_tokens must be positive")
        if m.context_length is not None:
            max_tokens = min(max_tokens, m.context_length - n)

        cache, rest = m.prompt_cache.fetch_nearest_cache(m.source, prompt)
        cached = 0
        if cache is not None:
            cached = n - len(rest)
            if not rest:  # the whole prompt is cached: recompute its last token for logits
                from mlx_lm.models.cache import can_trim_prompt_cache, trim_prompt_cache

                if can_trim_prompt_cache(cache):
                    trim_prompt_cache(cache, 1)
                    cached -= 1
                    rest = prompt[-1:]
                else:
                    cache, cached, rest = None, 0, prompt
        (uid,) = m.gen.insert(
            [list(rest)],
            max_tokens=[max_tokens],
            caches=[cache] if cache is not None else None,
            all_tokens=[prompt[:cached]],
            samplers=[self._sampler(p)],
        )
        del cache
        req.uid = uid
        req.inserted_at = time.monotonic()
        req.model = m
        req.prompt_len = n
        req.cached_tokens = cached
        req.detok = tok.detokenizer
        parse_tools = bool(p.tools) and p.parse_tool_calls and tok.has_tool_calling
        req.filter = OutputFilter(
            p.stop,
            tool_start=tok.tool_call_start if parse_tools else None,
            tool_end=tok.tool_call_end if parse_tools else None,
            tool_parser=tok.tool_parser if parse_tools else None,
            tools=p.tools,
        )
        m.active[uid] = req

    def _render(self, m: _Model, p: GenerationParams) -> list[int]:
        tok = m.tokenizer
        if not tok.has_chat_template:
            raise FailedPrecondition(
                f"model {m.source!r} has no chat template; give the tokenizer one (tokenizer_config.json chat_template)",
                reason=Reason.NO_CHAT_TEMPLATE,
                resource=("model", m.source),
            )
        kwargs: dict[str, Any] = {}
        if p.tools:
            kwargs["tools"] = list(p.tools)
        try:
            ids = tok.apply_chat_template(list(p.messages), add_generation_prompt=True, tokenize=True, **kwargs)
        except Exception as exc:
            raise InvalidArgument(f"the model's chat template rejected the conversation: {exc}") from exc
        if isinstance(ids, dict):  # some tokenizers return a BatchEncoding
            ids = ids["input_ids"]
        return [int(t) for t in ids]

    def _sampler(self, p: GenerationParams) -> Any:
        from mlx_lm.sample_utils import apply_top_p, greedy_sampler, make_sampler

        temp = DEFAULT_TEMPERATURE if p.temperature is None else float(p.temperature)
        top_p = 1.0 if p.top_p is None else float(p.top_p)
        if temp <= 0.0:
            return greedy_sampler  # one shared object: an all-greedy batch samples in one call
        if p.seed is None:
            key = (temp, top_p)
            s = self._samplers.get(key)
            if s is None:
                if len(self._samplers) > 256:
                    self._samplers.clear()
                s = self._samplers[key] = make_sampler(temp=temp, top_p=top_p)
            return s
        state = [mx.random.key(int(p.seed) & 0xFFFFFFFFFFFFFFFF)]
        inv_temp = 1.0 / temp
        use_top_p = 0.0 < top_p < 1.0

        def seeded(logprobs: mx.array) -> mx.array:
            keys = mx.random.split(state[0])
            state[0] = keys[0]
            if use_top_p:
                logprobs = apply_top_p(logprobs, top_p)
            return mx.random.categorical(logprobs * inv_temp, key=keys[1])

        return seeded

    # ------------------------------------------------------------- stepping

    def _step_all(self) -> None:
        for m in list(self._models.values()):
            if not m.active:
                continue
            _prompt_responses, responses = m.gen.next()
            if not responses:
                continue
            size = len(responses)
            mt = self._metrics
            mt["steps"] += 1
            mt["batch_token_sum"] += size
            mt["peak_batch"] = max(mt["peak_batch"], size)
            drop: list[int] = []
            for r in responses:
                req = m.active.get(r.uid)
                if req is None:
                    continue
                req.peak_batch = max(req.peak_batch, size)
                self._on_token(m, req, r, drop)
            if drop:
                caches = m.gen.remove(drop, return_prompt_caches=True)
                for cache, tokens in caches.values():
                    m.prompt_cache.insert_cache(m.source, list(tokens), cache)

    def _on_token(self, m: _Model, req: EngineRequest, r: Any, drop: list[int]) -> None:
        det = req.detok
        fin = r.finish_reason
        if req.first_token_at is None:
            req.first_token_at = time.monotonic()
        if fin == "stop":  # EOS: not part of the text
            det.finalize()
        else:
            det.add_token(r.token)
            req.completion_tokens += 1
            self._metrics["generated_tokens"] += 1
            if fin is not None:
                det.finalize()
        text = det.last_segment
        out: list[Any] = []
        assert req.filter is not None
        stopped = req.filter.feed(text, out) if text else False
        if stopped:
            reason = FinishReason.STOP_SEQUENCE
            if fin is None:
                drop.append(r.uid)
        elif fin is not None:
            req.filter.flush(out)
            if fin == "length":
                reason = FinishReason.LENGTH
            else:
                reason = FinishReason.TOOL_CALLS if req.filter.tool_calls else FinishReason.STOP
        else:
            if out:
                req.items.extend(out)
                self._dirty.append(req)
            return
        if fin is not None and r.prompt_cache is not None:
            m.prompt_cache.insert_cache(m.source, list(r.all_tokens), r.prompt_cache)
        del m.active[r.uid]
        usage = Usage(
            prompt_tokens=req.prompt_len,
            completion_tokens=req.completion_tokens,
            cached_prompt_tokens=req.cached_tokens,
        )
        out.append(Finish(finish_reason=reason, usage=usage))
        req.items.extend(out)
        req.engine_done = True
        self._release(req)
        self._dirty.append(req)

    def _flush(self) -> None:
        if not self._dirty:
            return
        by_loop: dict[asyncio.AbstractEventLoop, list[EngineRequest]] = {}
        for req in self._dirty:
            if req.wake_pending or req.closed:
                continue
            req.wake_pending = True
            by_loop.setdefault(req.loop, []).append(req)
        self._dirty.clear()
        for loop, reqs in by_loop.items():
            try:
                loop.call_soon_threadsafe(_wake_all, reqs)
            except RuntimeError:  # the caller's loop is closed: nobody is listening
                pass

    def _fail(self, req: EngineRequest, exc: BaseException) -> None:
        if req.engine_done:
            return
        req.items.append(exc)
        req.engine_done = True
        self._release(req)
        self._dirty.append(req)

    def _release(self, req: EngineRequest) -> None:
        """Gives the admission slot back, exactly once per request (from either thread).

        A caller's close() releases at once: its cancel command reaches the engine before
        any later submit does (one FIFO), so the freed slot is really free by then.
        """
        with self._lock:
            if req.released:
                return
            req.released = True
            n = self._outstanding.get(req.source, 0) - 1
            if n > 0:
                self._outstanding[req.source] = n
            else:
                self._outstanding.pop(req.source, None)

    def _cancel(self, req: EngineRequest) -> None:
        if req.engine_done:
            self._release(req)
            return
        req.engine_done = True
        m = req.model
        if m is not None and req.uid is not None and req.uid in m.active:
            m.gen.remove([req.uid])
            del m.active[req.uid]
        else:
            q = self._queues.get(req.source)
            if q is not None:
                try:
                    q.remove(req)
                except ValueError:
                    pass
        self._release(req)

    # ------------------------------------------------------------- models

    def _ensure_loaded(self, source: str) -> _Model:
        m = self._models.get(source)
        if m is not None:
            self._models.move_to_end(source)
            return m
        path = self._local_path(source)
        estimate = 0
        if path is not None:
            try:
                estimate = _safetensors_estimate(path)
            except Exception as exc:
                raise FailedPrecondition(
                    f"could not load model {source!r}: unreadable weights: {exc}",
                    reason=Reason.MODEL_LOAD_FAILED,
                    resource=("model", source),
                ) from exc
        self._make_room(source, estimate)
        m = self._load(source, path)
        if m.nbytes > estimate:  # the estimate was low (e.g. a hub model): settle up now
            try:
                self._make_room(source, m.nbytes, exclude=source)
            except _Deferred:
                pass  # over budget until the busy models go idle; they are evicted first then
        return m

    def _make_room(self, source: str, need: int, exclude: str | None = None) -> None:
        if need > self.memory_budget:
            raise FailedPrecondition(
                f"could not load model {source!r}: it needs about {need / _MB:.0f} MB as float32, more than the "
                f"MLX memory budget of {self.memory_budget / _MB:.0f} MB (mlx_memory_budget_mb)",
                reason=Reason.MODEL_LOAD_FAILED,
                resource=("model", source),
            )

        def used() -> int:
            return sum(mm.nbytes for k, mm in self._models.items() if k != exclude)

        if used() + need <= self.memory_budget:
            return
        for key in list(self._models):
            if key == exclude:
                continue
            mm = self._models[key]
            if mm.active or self._queues.get(key):
                continue
            log.info("evicting MLX model %s to make room for %s", key, source)
            self._unload(key, Unavailable(f"model {key!r} was evicted"))
            if used() + need <= self.memory_budget:
                return
        raise _Deferred()

    @staticmethod
    def _local_path(source: str) -> Path | None:
        p = Path(source).expanduser()
        if p.exists():
            return p
        if source.startswith(("/", "./", "../", "~")) or source in (".", ".."):
            raise NotFound(
                f"could not load model {source!r}: the directory does not exist",
                reason=Reason.MODEL_LOAD_FAILED,
                resource=("model", source),
            )
        return None  # a hub id

    def _load(self, source: str, path: Path | None) -> _Model:
        from mlx.utils import tree_flatten
        from mlx_lm.generate import BatchGenerator
        from mlx_lm.models.cache import LRUPromptCache
        from mlx_lm.utils import load as mlx_load

        t0 = time.perf_counter()
        target = str(path) if path is not None else source
        if path is not None and not path.is_dir():
            raise FailedPrecondition(
                f"could not load model {source!r}: not a directory",
                reason=Reason.MODEL_LOAD_FAILED,
                resource=("model", source),
            )
        try:
            model, tokenizer, config = mlx_load(target, return_config=True)
            if mx.default_device() == mx.cpu:
                model.set_dtype(mx.float32, predicate=lambda d: mx.issubdtype(d, mx.floating))
            mx.eval(model.parameters())
        except RouterError:
            raise
        except Exception as exc:
            gc.collect()
            mx.clear_cache()
            name = type(exc).__name__
            cls = (
                NotFound
                if name
                in (
                    "RepositoryNotFoundError",
                    "LocalEntryNotFoundError",
                    "GatedRepoError",
                )
                else FailedPrecondition
            )
            msg = str(exc).strip().splitlines()[0] if str(exc).strip() else name
            raise cls(
                f"could not load model {source!r}: {name}: {msg}",
                reason=Reason.MODEL_LOAD_FAILED,
                resource=("model", source),
            ) from exc

        params = tree_flatten(model.parameters())
        nbytes = sum(v.nbytes for _, v in params)
        nparams = sum(v.size for _, v in params)
        dtypes = sorted({str(v.dtype).replace("mlx.core.", "") for _, v in params})
        ctx = config.get("max_position_embeddings") or config.get("text_config", {}).get("max_position_embeddings")
        info = ModelInfo(
            source=source,
            nbytes=nbytes,
            num_parameters=nparams,
            dtype="/".join(dtypes),
            context_length=int(ctx) if ctx else None,
            has_chat_template=bool(tokenizer.has_chat_template),
            has_tool_calling=bool(tokenizer.has_tool_calling),
            load_seconds=0.0,
            loaded_at=time.time(),
        )
        m = _Model(source, model, tokenizer, config, nbytes, info)
        m.gen = BatchGenerator(
            model,
            stop_tokens=[[t] for t in tokenizer.eos_token_ids],
            completion_batch_size=self.max_batch,
            prefill_batch_size=min(self.max_batch, 8),
            prefill_step_size=self.prefill_step_size,
            stream=self._stream,
        )
        m.prompt_cache = LRUPromptCache(max_size=self.prompt_cache_entries, max_bytes=self.prompt_cache_bytes)
        if self.warmup:
            self._warm_up(m)
        info = ModelInfo(**{**info.__dict__, "load_seconds": time.perf_counter() - t0})
        m.info = info
        self._models[source] = m
        self._queues.setdefault(source, collections.deque())
        self._publish_info()
        log.info(
            "loaded MLX model %s: %.1fM params, %.0f MB %s, %.2fs",
            source,
            nparams / 1e6,
            nbytes / _MB,
            info.dtype,
            info.load_seconds,
        )
        return m

    def _warm_up(self, m: _Model) -> None:
        ids = m.tokenizer.encode("Hello, world.", add_special_tokens=False)[:8] or [
            0,
            0,
        ]
        if len(ids) < 2:
            ids = ids * 2
        (uid,) = m.gen.insert([ids], max_tokens=[2])
        for _ in range(64):
            _, responses = m.gen.next()
            if any(r.uid == uid and r.finish_reason is not None for r in responses):
                break
        m.gen.remove([uid])
        mx.clear_cache()

    def _unload(self, source: str, exc: RouterError) -> bool:
        m = self._models.pop(source, None)
        q = self._queues.pop(source, None)
        for req in list(q or ()):
            self._fail(req, exc)
        if m is None:
            self._publish_info()
            return False
        for req in list(m.active.values()):
            self._fail(req, exc)
        m.active.clear()
        self._release_model(m)
        self._publish_info()
        log.info("unloaded MLX model %s", source)
        return True

    @staticmethod
    def _release_model(m: _Model) -> None:
        if m.gen is not None:
            try:
                m.gen.close()
            except Exception:  # pragma: no cover
                log.debug("closing the BatchGenerator failed", exc_info=True)
        m.gen = None
        m.prompt_cache = None
        m.model = None
        m.tokenizer = None
        del m
        gc.collect()
        mx.clear_cache()

    def _publish_info(self) -> None:
        self._info = {k: m.info for k, m in self._models.items()}

    def _state_now(self) -> dict[str, ModelState]:
        with self._lock:
            outstanding = dict(self._outstanding)
        out: dict[str, ModelState] = {}
        for source in set(self._models) | set(self._queues) | set(outstanding):
            m = self._models.get(source)
            batch_uids = 0
            if m is not None and m.gen is not None:
                g = m.gen
                batch_uids = len(g._generation_batch) + len(g._prompt_batch) + len(g._unprocessed_sequences)
            out[source] = ModelState(
                source=source,
                loaded=m is not None,
                active=len(m.active) if m else 0,
                batch_uids=batch_uids,
                waiting=len(self._queues.get(source) or ()),
                outstanding=outstanding.get(source, 0),
                prompt_cache_entries=len(m.prompt_cache) if m and m.prompt_cache is not None else 0,
            )
        return out

    def _shutdown(self) -> None:
        stopped = Unavailable("the local MLX engine stopped", reason=Reason.UPSTREAM_UNAVAILABLE)
        for source in list(self._models) + list(self._queues):
            self._unload(source, stopped)
        # Commands that arrived too late.
        while True:
            try:
                cmd = self._cmds.get_nowait()
            except queue.Empty:
                break
            if cmd[0] == "submit":
                self._fail(cmd[1], stopped)
            elif cmd[0] == "cancel":
                self._release(cmd[1])
            elif cmd[0] != "stop":
                fut = cmd[-1]
                if isinstance(fut, concurrent.futures.Future) and not fut.done():
                    fut.set_exception(stopped)
        self._flush()
        self._samplers.clear()
        gc.collect()
        mx.clear_cache()
