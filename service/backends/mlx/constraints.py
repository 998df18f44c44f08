"""Structured output by constrained decoding: JSON (any object, or a JSON Schema) with llguidance.

Three steps, each where it costs least:

- `grammar_for(response_format)` (schema.py, no mlx) turns the request's response format
  into an llguidance grammar and validates it (no tokenizer needed). The adapter calls it
  before anything reaches the engine: an unsupported schema is INVALID_ARGUMENT naming
  `generation.response_format.json_schema.schema`. Results are cached by schema text.
- `Grammars` (one per loaded model) compiles a grammar against the model's tokenizer into
  an `LLMatcher` and keeps the compiled matchers by grammar (an LRU). Compiling runs on
  its own worker thread (`compile_async`), never on the engine thread; a cached grammar
  costs one `deep_copy()` (microseconds) per request.
- `GrammarProcessor` is the per-request mlx-lm logits processor the BatchGenerator calls
  at every step: it feeds the matcher the token sampled last and masks every token the
  grammar does not allow next. Once the grammar is complete only EOS is allowed, so a
  constrained answer ends with a stop, not at max_tokens, whenever its schema is bounded.
  With `wait_for` (a think-end token sequence) it lets the model reason freely first and
  constrains what follows the end of the reasoning block.

JSON is written compactly with ", " and ": " separators and no other whitespace: a model
(or a random-weight test model) cannot run away into endless whitespace.
"""

from __future__ import annotations

import collections
import concurrent.futures
import logging
import threading
from collections.abc import Callable, Sequence
from typing import Any

import mlx.core as mx
import numpy as np

import service.backends.mlx  # noqa: F401  (OpenBLAS preload before mlx.core)
from service.backends.mlx.schema import JSON_OPTIONS, SCHEMA_FIELD, bad_schema, grammar_for, llguidance_module

__all__ = ["JSON_OPTIONS", "SCHEMA_FIELD", "GrammarProcessor", "Grammars", "bad_schema", "grammar_for"]

log = logging.getLogger(__name__)

_COMPILED_CACHE = 64  # compiled matchers kept per model


# ------------------------------------------------------------------ compiling (per model)


class Grammars:
    """Compiled grammars of one model: its llguidance tokenizer and an LRU of matchers.

    `cached(grammar)` (engine thread) gives a fresh matcher when the grammar was compiled
    before, else None; `compile_async(grammar, done)` compiles on the shared compile thread
    and calls `done(matcher_or_exception)` there; `keep(grammar, matcher)` (engine thread)
    stores a compiled matcher.
    """

    _pool: concurrent.futures.ThreadPoolExecutor | None = None
    _pool_lock = threading.Lock()

    def __init__(self, hf_tokenizer: Any, vocab_size: int, eos_token_ids: Sequence[int]) -> None:
        self._hf_tokenizer = hf_tokenizer
        self.vocab_size = vocab_size
        self.eos_token_ids = sorted(int(t) for t in eos_token_ids)
        self._tokenizer: Any = None
        self._tokenizer_lock = threading.Lock()
        self._compiled: collections.OrderedDict[str, Any] = collections.OrderedDict()

    @classmethod
    def pool(cls) -> concurrent.futures.ThreadPoolExecutor:
        with cls._pool_lock:
            if cls._pool is None:
                cls._pool = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="mlx-grammar")
            return cls._pool

    def tokenizer(self) -> Any:
        """The llguidance tokenizer (built once, on first use: ~1 s for a large vocabulary)."""
        with self._tokenizer_lock:
            if self._tokenizer is None:
                import llguidance.hf

                self._tokenizer = llguidance.hf.from_tokenizer(
                    self._hf_tokenizer, n_vocab=self.vocab_size, eos_token=self.eos_token_ids
                )
            return self._tokenizer

    def compile(self, grammar: str) -> Any:
        """A matcher for `grammar` (any thread but the engine's: this may take a while)."""
        llg = llguidance_module()
        matcher = llg.LLMatcher(self.tokenizer(), grammar, log_level=0)
        if matcher.is_error():
            raise bad_schema(f"local models cannot decode under this JSON schema: {matcher.get_error()}")
        return matcher

    def compile_async(self, grammar: str, done: Callable[[Any], None]) -> None:
        def job() -> None:
            try:
                result: Any = self.compile(grammar)
            except BaseException as exc:
                result = exc
            done(result)

        self.pool().submit(job)

    def cached(self, grammar: str) -> Any | None:
        m = self._compiled.get(grammar)
        if m is None:
            return None
        self._compiled.move_to_end(grammar)
        return m.deep_copy()

    def keep(self, grammar: str, matcher: Any) -> Any:
        """Stores the compiled (unused) matcher; returns a copy to use."""
        self._compiled[grammar] = matcher
        self._compiled.move_to_end(grammar)
        while len(self._compiled) > _COMPILED_CACHE:
            self._compiled.popitem(last=False)
        return matcher.deep_copy()

    def __len__(self) -> int:
        return len(self._compiled)


# ------------------------------------------------------------------ the logits processor


class GrammarProcessor:
    """Masks the logits to what the grammar allows next (an mlx-lm logits processor).

    Called by the BatchGenerator with (tokens so far, logits of shape (1, vocab)). The
    first call comes with the prompt; every later call's last token is the one sampled at
    the previous step, which the matcher consumes. A token the grammar refuses (a sampler
    that ignores the mask) leaves the matcher in error: from then on only EOS is allowed
    and `failed` says why.

    wait_for: token ids that end a reasoning block; until the model has generated them the
    logits pass unchanged (the answer after the reasoning is what is constrained).
    """

    def __init__(self, matcher: Any, vocab_size: int, eos_token_ids: Sequence[int], wait_for: Sequence[int] = ()):
        self.matcher = matcher
        self.vocab_size = vocab_size
        self._eos = sorted(int(t) for t in eos_token_ids)
        self._wait_for = list(wait_for)
        self._generated: list[int] = []
        self._started = False  # the first call (the prompt) has been seen
        self._active = not self._wait_for
        self._bitmask = np.full(((vocab_size + 31) // 32,), -1, dtype=np.int32)
        self.failed = ""

    def __call__(self, tokens: mx.array, logits: mx.array) -> mx.array:
        if self._started:
            last: Any = tokens[-1].item()
            tok = int(last)
            if self._active:
                if not self.failed and not self.matcher.consume_token(tok):
                    self.failed = self.matcher.get_error() or f"token {tok} is not allowed by the grammar"
            else:
                self._generated.append(tok)
                n = len(self._wait_for)
                if self._generated[-n:] == self._wait_for:
                    self._active = True
                    self._generated = []
        self._started = True
        if not self._active:
            return logits
        if self.failed or self.matcher.is_error():
            self.failed = self.failed or self.matcher.get_error()
            allowed = np.zeros(logits.shape[-1], dtype=np.bool_)
            allowed[[t for t in self._eos if t < logits.shape[-1]]] = True
        else:
            self.matcher.unsafe_compute_mask_ptr(self._bitmask.ctypes.data, self._bitmask.nbytes)
            bits = np.unpackbits(self._bitmask.view(np.uint8), bitorder="little")
            allowed = bits[: logits.shape[-1]].astype(np.bool_)
            if bits.shape[0] < logits.shape[-1]:  # a model vocabulary wider than the tokenizer's
                allowed = np.concatenate([allowed, np.zeros(logits.shape[-1] - bits.shape[0], dtype=np.bool_)])
        return mx.where(mx.array(allowed), logits, mx.array(-mx.inf, dtype=logits.dtype))
