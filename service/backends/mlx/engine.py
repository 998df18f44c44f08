"""The local MLX engine: one thread owns every MLX call.

Design
------
- `MlxEngine` starts one daemon thread ("mlx-engine"). It loads models, renders chat
  templates, runs one `mlx_lm` `BatchGenerator` per loaded model (continuous batching:
  a request joins the running batch at the next step), detokenizes, matches stop strings
  and parses tool calls. No other thread touches MLX.
- Async callers `prepare()` a request first: a cheap size check refuses a prompt that cannot
  fit (CONTEXT_LENGTH_EXCEEDED) and the chat template is rendered and tokenized in a worker
  thread, so an over-long prompt never costs the engine thread anything.
- Async callers then `submit()` (admission is checked right there, synchronously) and
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

The rooms beside this loop: `request` (GenerationParams, EngineRequest), `models` (the
model registry: loading, the memory-budget LRU, warm-up, release), `prompt` (template
rendering, prompt-cache reuse), `sampling` (samplers) and `output_filter` (stop strings,
tool-call markup).

Import `service.backends.mlx` (this package) before anything imports `mlx.core`, so the
OpenBLAS preload in `blas.py` takes effect.
"""

from __future__ import annotations

import asyncio
import atexit
import collections
import concurrent.futures
import dataclasses
import functools
import gc
import logging
import queue
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import mlx.core as mx

import service.backends.mlx  # noqa: F401  (OpenBLAS preload before mlx.core)
from service.backends.mlx.constraints import GrammarProcessor
from service.backends.mlx.logprobs import token_logprob
from service.backends.mlx.models import MB, LoadDeferred, LoadedModel, ModelInfo, ModelRegistry, release
from service.backends.mlx.output_filter import Emitted, OutputFilter
from service.backends.mlx.processors import Penalties, ThinkingBudget
from service.backends.mlx.prompt import (
    check_prompt,
    check_prompt_size,
    opens_reasoning,
    prompt_chars,
    prompt_tokens,
    reuse_cached_prefix,
)
from service.backends.mlx.request import EngineRequest, GenerationParams, deadline_exceeded, wake_all
from service.backends.mlx.sampling import SamplerFactory, Samplers
from service.backends.mlx.vision import render as vision_inputs
from service.backends.mlx.vision import vision_unsupported
from service.core.chat import Delta, Finish, FinishReason, TokenLogprob, Usage
from service.core.errors import (
    InvalidArgument,
    Reason,
    ResourceExhausted,
    RouterError,
    Unavailable,
)
from service.memory import trim_native_heap
from service.settings import Settings

__all__ = ["EngineRequest", "EngineState", "GenerationParams", "MlxEngine", "ModelInfo", "ModelState"]

log = logging.getLogger(__name__)

DEFAULT_MAX_TOKENS = 512
RETRY_AFTER_S = 1.0
# An engine idle this long gives its buffer cache and free heap pages back (`_release_idle_memory`).
IDLE_RELEASE_S = 1.0
# Prompts up to this many characters are tokenized by their own worker (`prepare`).
SMALL_PROMPT_CHARS = 16_384


# ------------------------------------------------------------------ public values


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


# ------------------------------------------------------------------ commands (caller -> engine thread)


@dataclass(frozen=True, slots=True)
class _Submit:
    req: EngineRequest


@dataclass(frozen=True, slots=True)
class _Cancel:
    req: EngineRequest


@dataclass(frozen=True, slots=True)
class _Load:
    source: str
    fut: concurrent.futures.Future[ModelInfo]


@dataclass(frozen=True, slots=True)
class _Unload:
    source: str
    fut: concurrent.futures.Future[bool]


@dataclass(frozen=True, slots=True)
class _Call:
    fn: Callable[..., Any]
    args: tuple[Any, ...]
    fut: concurrent.futures.Future[Any]


@dataclass(frozen=True, slots=True)
class _Compiled:
    req: EngineRequest
    grammar: str
    result: Any  # an llguidance LLMatcher, or the exception compiling raised


@dataclass(frozen=True, slots=True)
class _Stop:
    pass


_Command = _Submit | _Cancel | _Load | _Unload | _Call | _Compiled | _Stop


def _not_running() -> Unavailable:
    return Unavailable("the local MLX engine is not running", reason=Reason.UPSTREAM_UNAVAILABLE)


class MlxEngine:
    """Owns the MLX thread. Construct from Settings, `start()`, submit, `stop()`.

    settings: mlx_max_batch, mlx_queue_size, mlx_memory_budget_mb (the keyword
    arguments override them), mlx_prompt_cache_mb (the prompt cache's bytes per model). prompt_cache_entries: KV caches kept per model.
    sampler: makes each request's sampler (default: `sampling.Samplers`, from the
    request's temperature, top_p and seed).
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
        sampler: SamplerFactory | None = None,
    ) -> None:
        self.settings = settings or Settings()
        self.max_batch = max(1, max_batch if max_batch is not None else self.settings.mlx_max_batch)
        self.queue_size = max(0, queue_size if queue_size is not None else self.settings.mlx_queue_size)
        budget_mb = memory_budget_mb if memory_budget_mb is not None else self.settings.mlx_memory_budget_mb
        memory_budget = int(budget_mb) * MB
        self.default_max_tokens = default_max_tokens

        self._cmds: queue.SimpleQueue[_Command] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._outstanding: dict[str, int] = {}
        self._running = False
        self._stopping = False
        self._stopped = threading.Event()
        self._metrics: dict[str, float] = {}
        self.reset_metrics()
        # Workers that render and tokenize prompts (`prepare`), off the engine thread: one for
        # long prompts, one for short ones, so a short prompt never queues behind a long one.
        self._tokenizing = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="mlx-tokenize")
        self._tokenizing_small = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="mlx-tokenize-small")
        # Engine-thread state.
        self._models = ModelRegistry(
            memory_budget=memory_budget,
            max_batch=self.max_batch,
            prefill_step_size=prefill_step_size,
            prompt_cache_entries=prompt_cache_entries,
            prompt_cache_bytes=self.settings.mlx_prompt_cache_mb * MB or max(64 * MB, memory_budget // 4),
            warmup=warmup,
            has_waiting=lambda source: bool(self._queues.get(source) or self._compiling.get(source)),
            evict=lambda source: self._unload(source, Unavailable(f"model {source!r} was evicted")),
        )
        self._queues: dict[str, collections.deque[EngineRequest]] = {}
        self._compiling: dict[str, set[EngineRequest]] = {}  # by source: grammars compiling off-thread
        self._dirty: list[EngineRequest] = []
        self._samplers = Samplers()
        self._sampler: SamplerFactory = sampler or self._samplers
        self._next_expiry_check = 0.0
        self._worked: float | None = None  # when it last generated, since the memory was last released

    # ------------------------------------------------------------- lifecycle

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
            fut: concurrent.futures.Future[ModelInfo] = concurrent.futures.Future()
            fut.add_done_callback(functools.partial(self._log_preload, source))
            self._post(_Load(source, fut))

    def stop(self, timeout: float = 60.0) -> None:
        """Stops the thread: outstanding requests fail (UNAVAILABLE), models are released."""
        if self._thread is None:
            return
        self._running = False
        self._post(_Stop())
        self._thread.join(timeout)
        self._thread = None
        atexit.unregister(self._atexit)

    async def astop(self, timeout: float = 60.0) -> None:
        """`stop()` without blocking the event loop while the thread winds down."""
        if self._thread is None:
            return
        self._running = False
        self._post(_Stop())
        deadline = time.monotonic() + timeout
        while not self._stopped.is_set() and time.monotonic() < deadline:
            await asyncio.sleep(0.01)
        self.stop(timeout=max(0.0, deadline - time.monotonic()))

    def _atexit(self) -> None:  # pragma: no cover - exercised at interpreter exit
        self.stop(timeout=10.0)

    @staticmethod
    def _log_preload(source: str, fut: concurrent.futures.Future[ModelInfo]) -> None:
        exc = fut.exception()
        if exc is not None:
            log.error("preloading MLX model %s failed: %s", source, exc)
        else:
            log.info("preloaded MLX model %s", source)

    # ------------------------------------------------------------- requests

    async def prepare(self, source: str, params: GenerationParams) -> GenerationParams:
        """`params` with its prompt tokenized off the engine thread (`prompt_tokens` set).

        The size check comes first and costs no tokenization: a prompt with more characters
        than the context can hold is refused (CONTEXT_LENGTH_EXCEEDED); the rest is rendered
        and tokenized in a worker thread and refused there when its tokens do not fit. A model
        not loaded yet is loaded first; vision requests pass through unchanged (the engine
        thread renders them with their images).
        """
        if params.prompt_tokens is not None or params.images or not self._running:
            return params
        m = self._models.get(source)
        if m is None:
            await self.load(source)
            m = self._models.get(source)
        if m is None or m.vision:
            return params
        check_prompt_size(m, params)
        loop = asyncio.get_running_loop()
        pool = self._tokenizing_small if prompt_chars(params) <= SMALL_PROMPT_CHARS else self._tokenizing
        tokens = await loop.run_in_executor(pool, prompt_tokens, m, params)
        return dataclasses.replace(params, prompt_tokens=tokens)

    def submit(self, source: str, params: GenerationParams) -> EngineRequest:
        """Admits a request (call from an event loop). Raises ResourceExhausted when full."""
        if not self._running:
            raise _not_running()
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
        self._post(_Submit(req))
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

    def withdraw(self, req: EngineRequest) -> None:
        """A request closed before it finished (its `close()`): drop it and free its slot."""
        self._post(_Cancel(req))
        self._release(req)

    # ------------------------------------------------------------- commands

    async def load(self, source: str) -> ModelInfo:
        """Loads (or touches) a model. Raises NotFound/FailedPrecondition (MODEL_LOAD_FAILED)."""
        fut: concurrent.futures.Future[ModelInfo] = concurrent.futures.Future()
        self._command(_Load(source, fut))
        return await asyncio.wrap_future(fut)

    async def unload(self, source: str) -> bool:
        """Releases a model; its running and waiting requests fail with UNAVAILABLE."""
        fut: concurrent.futures.Future[bool] = concurrent.futures.Future()
        self._command(_Unload(source, fut))
        return await asyncio.wrap_future(fut)

    async def call(self, fn: Callable[..., Any], *args: Any) -> Any:
        """Runs `fn(*args)` in the engine thread (the only thread allowed to touch MLX)."""
        fut: concurrent.futures.Future[Any] = concurrent.futures.Future()
        self._command(_Call(fn, args, fut))
        return await asyncio.wrap_future(fut)

    async def count_prompt_tokens(self, source: str, params: GenerationParams) -> int:
        """Tokens of `params`' prompt on the model `source` (loaded if needed): its chat
        template and tokenizer, exactly what generation would feed the model."""
        await self.load(source)

        def count() -> int:
            return len(prompt_tokens(self._ensure_loaded(source), params))

        return int(await self.call(count))

    async def state(self) -> EngineState:
        """A consistent picture taken in the engine thread (after earlier commands ran)."""
        if not self._running:
            return EngineState(running=False, models=self._state_now())
        return EngineState(running=True, models=await self.call(self._state_now))

    def loaded_models(self) -> list[ModelInfo]:
        """The loaded models, least recently used first (safe from any thread)."""
        return self._models.infos()

    def metrics(self) -> dict[str, float]:
        return dict(self._metrics)

    def gauges(self) -> dict[str, float]:
        """For a metrics scrape, from any thread (approximate, never blocks the engine):
        requests in batches, accepted requests waiting for a slot, loaded models, tokens generated."""
        try:
            batch = sum(len(m.active) for m in list(self._models.values()))
        except RuntimeError:  # the engine thread changed the models meanwhile
            batch = 0
        with self._lock:
            outstanding = sum(self._outstanding.values())
        return {
            "batch_size": batch,
            "queue_depth": max(0, outstanding - batch),
            "loaded": len(self._models.infos()),
            "generated_tokens": self._metrics.get("generated_tokens", 0),
        }

    def reset_metrics(self) -> None:
        self._metrics = {
            "steps": 0,
            "generated_tokens": 0,
            "peak_batch": 0,
            "batch_token_sum": 0,
            "requests": 0,
        }

    def _command(self, cmd: _Load | _Unload | _Call) -> None:
        if not self._running:
            cmd.fut.set_exception(_not_running())
            return
        self._post(cmd)

    def _post(self, cmd: _Command) -> None:
        self._cmds.put(cmd)

    # ============================================================ engine thread

    def _run(self) -> None:
        stream = mx.new_stream(mx.default_device())
        self._models.stream = stream
        try:
            with mx.stream(stream):
                while True:
                    if any(m.active for m in self._models.values()):
                        self._drain_commands(block=False)
                    elif any(self._queues.values()):  # waiting on a deferred load
                        self._drain_commands(block=True, timeout=0.05)
                    elif self._worked is not None:  # idle since then: memory goes back after a moment
                        wait = self._worked + IDLE_RELEASE_S - time.monotonic()
                        if wait <= 0:
                            self._release_idle_memory()
                        else:
                            self._drain_commands(block=True, timeout=wait)
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

    def _release_idle_memory(self) -> None:
        """No generation for IDLE_RELEASE_S: MLX's buffer cache and the C heap's free pages
        go back to the system (a busy engine keeps both: reusing buffers is what the cache is for).
        Without it RSS crept up over thousands of cancelled streams (`bench/bench_soak.py`)."""
        self._worked = None
        mx.clear_cache()
        trim_native_heap()

    def _handle(self, cmd: _Command) -> None:
        if isinstance(cmd, _Submit):
            req = cmd.req
            self._metrics["requests"] += 1
            if req.cancelled:
                self._release(req)
                return
            self._queues.setdefault(req.source, collections.deque()).append(req)
        elif isinstance(cmd, _Cancel):
            self._cancel(cmd.req)
        elif isinstance(cmd, _Load):
            try:
                m = self._ensure_loaded(cmd.source)
                cmd.fut.set_result(m.info)
            except LoadDeferred:
                cmd.fut.set_exception(
                    ResourceExhausted(
                        f"model {cmd.source!r} does not fit the MLX memory budget while other models are busy",
                        reason=Reason.MODEL_LOAD_FAILED,
                        retry_after=RETRY_AFTER_S,
                    )
                )
            except BaseException as exc:
                cmd.fut.set_exception(exc)
        elif isinstance(cmd, _Unload):
            try:
                cmd.fut.set_result(self._unload(cmd.source, Unavailable(f"model {cmd.source!r} was unloaded")))
            except BaseException as exc:
                cmd.fut.set_exception(exc)
        elif isinstance(cmd, _Call):
            try:
                cmd.fut.set_result(cmd.fn(*cmd.args))
            except BaseException as exc:
                cmd.fut.set_exception(exc)
        elif isinstance(cmd, _Compiled):
            self._compiled(cmd)
        elif isinstance(cmd, _Stop):
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
                except LoadDeferred:
                    continue
                except RouterError as exc:
                    while q:
                        self._fail(q.popleft(), exc)
                    del self._queues[source]
                    continue
            self._models.touch(source)
            limit = 1 if m.vision else self.max_batch  # see vision.py: one vision request at a time
            while q and len(m.active) < limit:
                req = q.popleft()
                if req.cancelled:
                    self._release(req)
                    continue
                if req.params.grammar is not None and req.matcher is None and not self._grammar_ready(m, req):
                    continue  # compiling off the engine thread; it comes back to the queue's head
                try:
                    self._insert(m, req)
                except RouterError as exc:
                    self._fail(req, exc)
                except Exception as exc:
                    log.exception("inserting a request failed")
                    self._fail(req, InvalidArgument(f"could not prepare the prompt: {exc}"))

    def _grammar_ready(self, m: LoadedModel, req: EngineRequest) -> bool:
        """Gives `req` its compiled grammar from the model's cache, or starts compiling it."""
        grammar = req.params.grammar
        assert grammar is not None
        matcher = m.grammars.cached(grammar)
        if matcher is not None:
            req.matcher = matcher
            return True
        req.compiling = True
        self._compiling.setdefault(req.source, set()).add(req)
        m.grammars.compile_async(grammar, lambda result: self._post(_Compiled(req, grammar, result)))
        return False

    def _compiled(self, cmd: _Compiled) -> None:
        req = cmd.req
        req.compiling = False
        waiting = self._compiling.get(req.source)
        if waiting is None or req not in waiting:  # cancelled, failed or unloaded meanwhile
            return
        waiting.discard(req)
        if not waiting:
            del self._compiling[req.source]
        m = self._models[req.source]  # still loaded: unloading fails the compiling requests
        if isinstance(cmd.result, RouterError):
            self._fail(req, cmd.result)
            return
        if isinstance(cmd.result, BaseException):
            log.error("compiling a grammar failed: %r", cmd.result)
            self._fail(req, InvalidArgument(f"could not compile the response format: {cmd.result}"))
            return
        req.matcher = m.grammars.keep(cmd.grammar, cmd.result)
        self._queues.setdefault(req.source, collections.deque()).appendleft(req)

    def _expire(self, now: float) -> None:
        for m in self._models.values():
            expired = [uid for uid, r in m.active.items() if r.expired(now)]
            if expired:
                m.gen.remove(expired)
                for uid in expired:
                    self._fail(m.active.pop(uid), deadline_exceeded(started=True))
        for q in self._queues.values():
            if any(r.expired(now) for r in q):
                keep: collections.deque[EngineRequest] = collections.deque()
                for r in q:
                    if r.expired(now):
                        self._fail(r, deadline_exceeded(started=False))
                    else:
                        keep.append(r)
                q.clear()
                q.extend(keep)

    def _insert(self, m: LoadedModel, req: EngineRequest) -> None:
        p = req.params
        tok = m.tokenizer
        if p.images and not m.vision:
            raise vision_unsupported(m.source)
        inputs: dict[str, Any] = {}
        if m.vision and p.prompt_tokens is None:
            inputs = vision_inputs(m.processor, m.config, p.messages, p.tools, p.enable_thinking, p.images)
            prompt = [int(t) for t in inputs["input_ids"][0].tolist()]
            check_prompt(m, prompt)
        else:
            check_prompt_size(m, p)
            prompt = prompt_tokens(m, p)
        n = len(prompt)
        max_tokens = p.max_tokens if p.max_tokens is not None else self.default_max_tokens
        if max_tokens <= 0:
            raise InvalidArgument("max_tokens must be positive")
        if m.context_length is not None:
            max_tokens = min(max_tokens, m.context_length - n)
        in_reasoning = opens_reasoning(tok, prompt)
        processors = self._processors(m, req, in_reasoning)
        cached = 0
        if m.vision:
            uid = m.gen.insert_prompt(inputs or {"input_ids": [prompt]}, max_tokens, self._sampler(p), processors)
        else:
            cache, cached, rest = reuse_cached_prefix(m, prompt)
            (uid,) = m.gen.insert(
                [rest],
                max_tokens=[max_tokens],
                caches=[cache] if cache is not None else None,
                all_tokens=[prompt[:cached]],
                samplers=[self._sampler(p)],
                logits_processors=[processors],
            )
            del cache
        req.uid = uid
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
            think=(tok.think_start, tok.think_end) if tok.has_thinking else None,
            reasoning=in_reasoning,
            max_tool_calls=p.max_tool_calls,
        )
        m.active[uid] = req

    def _processors(self, m: LoadedModel, req: EngineRequest, in_reasoning: bool) -> list[Any]:
        """The request's logits processors: penalties, the grammar, the reasoning budget."""
        p = req.params
        tok = m.tokenizer
        out: list[Any] = []
        if p.presence_penalty or p.frequency_penalty:
            out.append(Penalties(m.vocab_size, p.presence_penalty or 0.0, p.frequency_penalty or 0.0))
        if req.matcher is not None:
            wait_for = tuple(tok.think_end_tokens) if in_reasoning else ()
            req.constraint = GrammarProcessor(req.matcher, m.vocab_size, tok.eos_token_ids, wait_for=wait_for)
            out.append(req.constraint)
        if p.reasoning_budget is not None and tok.has_thinking:
            out.append(ThinkingBudget(p.reasoning_budget, tok.think_start_tokens, tok.think_end_tokens, in_reasoning))
        return out

    # ------------------------------------------------------------- stepping

    def _step_all(self) -> None:
        for m in list(self._models.values()):
            if not m.active:
                continue
            self._worked = time.monotonic()
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

    def _on_token(self, m: LoadedModel, req: EngineRequest, r: Any, drop: list[int]) -> None:
        det = req.detok
        fin = r.finish_reason
        filt = req.filter
        assert filt is not None
        lp: TokenLogprob | None = None
        if fin == "stop":  # EOS: not part of the text
            det.finalize()
        else:
            det.add_token(r.token)
            req.completion_tokens += 1
            self._metrics["generated_tokens"] += 1
            if filt.reasoning:
                req.reasoning_tokens += 1
            elif req.params.logprobs:
                lp = token_logprob(r.logprobs, r.token, req.params.top_logprobs, m.token_texts)
            if fin is not None:
                det.finalize()
        text = det.last_segment
        out: list[Emitted | TokenLogprob] = []
        stopped = filt.feed(text, out) if text else False  # type: ignore[arg-type]
        if lp is not None and not stopped:
            out.insert(0, lp)
        if stopped:
            reason = FinishReason.STOP_SEQUENCE if filt.matched_stop else FinishReason.TOOL_CALLS
            if fin is None:
                drop.append(r.uid)
        elif fin is not None:
            filt.flush(out)  # type: ignore[arg-type]
            if fin == "length":
                reason = FinishReason.LENGTH
            else:
                reason = FinishReason.TOOL_CALLS if filt.tool_calls else FinishReason.STOP
        else:
            if out:
                req.items.extend(out)
                self._dirty.append(req)
            return
        if fin is not None and r.prompt_cache is not None:
            m.prompt_cache.insert_cache(m.source, list(r.all_tokens), r.prompt_cache)
        del m.active[r.uid]
        if req.constraint is not None and req.constraint.failed:
            req.items.extend(out)
            self._fail(req, RouterError(f"the answer left its response format: {req.constraint.failed}"))
            return
        usage = Usage(
            prompt_tokens=req.prompt_len,
            completion_tokens=req.completion_tokens,
            cached_prompt_tokens=req.cached_tokens,
            reasoning_tokens=req.reasoning_tokens,
        )
        req.items.extend(out)
        req.items.append(Finish(finish_reason=reason, usage=usage, stop_sequence=filt.matched_stop))
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
                loop.call_soon_threadsafe(wake_all, reqs)
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
            self._compiling.get(req.source, set()).discard(req)
        self._release(req)

    # ------------------------------------------------------------- models

    def _ensure_loaded(self, source: str) -> LoadedModel:
        m = self._models.ensure_loaded(source)
        self._queues.setdefault(source, collections.deque())
        return m

    def _unload(self, source: str, exc: RouterError) -> bool:
        m = self._models.remove(source)
        q = self._queues.pop(source, None)
        for req in [*(q or ()), *self._compiling.pop(source, ())]:
            self._fail(req, exc)
        if m is None:
            self._models.publish()
            return False
        for req in list(m.active.values()):
            self._fail(req, exc)
        m.active.clear()
        release(m)
        self._models.publish()
        log.info("unloaded MLX model %s", source)
        return True

    def _state_now(self) -> dict[str, ModelState]:
        with self._lock:
            outstanding = dict(self._outstanding)
        out: dict[str, ModelState] = {}
        for source in set(self._models) | set(self._queues) | set(self._compiling) | set(outstanding):
            m = self._models.get(source)
            batch_uids = 0
            if m is not None and m.gen is not None:
                g = m.gen
                if m.vision:
                    batch_uids = len(g)
                else:
                    batch_uids = len(g._generation_batch) + len(g._prompt_batch) + len(g._unprocessed_sequences)
            out[source] = ModelState(
                source=source,
                loaded=m is not None,
                active=len(m.active) if m else 0,
                batch_uids=batch_uids,
                waiting=len(self._queues.get(source) or ()) + len(self._compiling.get(source) or ()),
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
            if isinstance(cmd, _Submit):
                self._fail(cmd.req, stopped)
            elif isinstance(cmd, _Cancel):
                self._release(cmd.req)
            elif isinstance(cmd, _Load | _Unload | _Call) and not cmd.fut.done():
                cmd.fut.set_exception(stopped)
        self._flush()
        self._samplers.clear()
        gc.collect()
        mx.clear_cache()
