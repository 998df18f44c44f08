"""The loaded models: loading, warm-up, the memory-budget LRU, release.

Engine thread only (it owns MLX). A model loads from a local directory or a Hugging Face
id, is converted to float32 on CPU, gets its own `BatchGenerator` and `LRUPromptCache`,
and is warmed up with a two-token generation. The registry keeps the loaded models in
least-recently-used order within `memory_budget` bytes (estimated from the safetensors
headers before loading, settled with the real parameter bytes after): models in the way
are evicted when idle; while busy ones are in the way a load is deferred (`LoadDeferred`);
a model that alone exceeds the budget fails with MODEL_LOAD_FAILED.
"""

from __future__ import annotations

import collections
import gc
import json
import logging
import struct
import time
from collections.abc import Callable, Iterator, ValuesView
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import mlx.core as mx

import service.backends.mlx  # noqa: F401  (OpenBLAS preload before mlx.core)
from service.backends.mlx.constraints import Grammars
from service.backends.mlx.logprobs import TokenTexts
from service.backends.mlx.vision import VisionGenerator, is_vision_checkpoint, load_vision, warm_up_vision
from service.core.errors import FailedPrecondition, NotFound, Reason, RouterError

if TYPE_CHECKING:  # pragma: no cover
    from service.backends.mlx.request import EngineRequest

log = logging.getLogger(__name__)

MB = 1024 * 1024
# Words a fast BPE tokenizer caches. tokenizers' default, 10,000, held about 1.2 MB of heap once
# full in the test's probe (more with longer words), and a soak of unique prompts kept filling it.
# Common words fill the first thousand; a prompt of words it does not hold tokenizes about 10%
# slower (measured on the tiny model's tokenizer).
TOKENIZER_CACHE_WORDS = 1_000

# Hugging Face hub errors that mean "no such model" rather than "a model we cannot load".
_NOT_FOUND_ERRORS = ("RepositoryNotFoundError", "LocalEntryNotFoundError", "GatedRepoError")


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
    vision: bool = False  # a vision-language model, served through mlx-vlm


class LoadDeferred(Exception):
    """The model does not fit now; busy models are in the way. Retry later."""


class LoadedModel:
    """One model in memory, with its batch generator, prompt cache and running requests."""

    def __init__(self, source: str, model: Any, tokenizer: Any, nbytes: int, info: ModelInfo) -> None:
        self.source = source
        self.model = model
        self.tokenizer = tokenizer
        self.nbytes = nbytes
        self.info = info
        self.gen: Any = None  # mlx_lm.generate.BatchGenerator (a vision.VisionGenerator for vision models)
        self.vision = False  # served through mlx-vlm (one request at a time)
        self.processor: Any = None  # vision models: mlx-vlm's processor (images + tokenizer)
        self.config: dict[str, Any] = {}
        self.active: dict[int, EngineRequest] = {}  # BatchGenerator uid -> request
        self.prompt_cache: Any = None  # mlx_lm.models.cache.LRUPromptCache
        self.context_length: int | None = info.context_length
        self.vocab_size: int = len(tokenizer)  # the logits' width (set from the config at load)
        self.grammars: Grammars = Grammars(getattr(tokenizer, "_tokenizer", tokenizer), self.vocab_size, ())
        self.token_texts: TokenTexts = TokenTexts(tokenizer)
        bound_word_cache(tokenizer, TOKENIZER_CACHE_WORDS)


def bound_word_cache(tokenizer: Any, words: int) -> None:
    """Cap the fast tokenizer's word cache (BPE models; others have none)."""
    hf = getattr(tokenizer, "_tokenizer", tokenizer)
    model = getattr(getattr(hf, "backend_tokenizer", None), "model", None)
    resize = getattr(model, "_resize_cache", None)
    if callable(resize):
        resize(words)


def safetensors_estimate(path: Path) -> int:
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
            if n > 100 * MB:
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


def local_path(source: str) -> Path | None:
    """The directory `source` names, or None for a hub id. Raises NotFound for a missing path."""
    p = Path(source).expanduser()
    if p.exists():
        return p
    if source.startswith(("/", "./", "../", "~")) or source in (".", ".."):
        raise NotFound(
            f"could not load model {source!r}: the directory does not exist",
            reason=Reason.MODEL_LOAD_FAILED,
            resource=("model", source),
        )
    return None


class ModelRegistry:
    """The loaded models by source, least recently used first (engine thread only).

    has_waiting(source): whether requests wait for a model (then, like a model with running
    requests, it is not evicted). evict(source): unloads an idle model to make room (the
    engine's unload, which also drops the model's empty queue).
    `infos()` is a snapshot that any thread may read.
    """

    def __init__(
        self,
        *,
        memory_budget: int,
        max_batch: int,
        prefill_step_size: int,
        prompt_cache_entries: int,
        prompt_cache_bytes: int,
        warmup: bool,
        has_waiting: Callable[[str], bool],
        evict: Callable[[str], object],
    ) -> None:
        self.memory_budget = memory_budget
        self.max_batch = max_batch
        self.prefill_step_size = prefill_step_size
        self.prompt_cache_entries = prompt_cache_entries
        self.prompt_cache_bytes = prompt_cache_bytes
        self.warmup = warmup
        self.stream: Any = None  # the engine thread's mx.Stream, set when the thread starts
        self._has_waiting = has_waiting
        self._evict = evict
        self._models: collections.OrderedDict[str, LoadedModel] = collections.OrderedDict()
        self._info: dict[str, ModelInfo] = {}

    # -- reading (a dict's interface, by source)

    def __getitem__(self, source: str) -> LoadedModel:
        return self._models[source]

    def __iter__(self) -> Iterator[str]:
        return iter(self._models)

    def __contains__(self, source: object) -> bool:
        return source in self._models

    def get(self, source: str) -> LoadedModel | None:
        return self._models.get(source)

    def values(self) -> ValuesView[LoadedModel]:
        return self._models.values()

    # -- the LRU

    def touch(self, source: str) -> None:
        """Marks a loaded model as the most recently used."""
        self._models.move_to_end(source)

    def remove(self, source: str) -> LoadedModel | None:
        """Takes a model out of the registry (release it, then `publish()`)."""
        return self._models.pop(source, None)

    def publish(self) -> None:
        """Refreshes the snapshot `infos()` returns."""
        self._info = {k: m.info for k, m in self._models.items()}

    def infos(self) -> list[ModelInfo]:
        """The loaded models, least recently used first (safe from any thread)."""
        return list(self._info.values())

    # -- loading

    def ensure_loaded(self, source: str) -> LoadedModel:
        """The loaded model (now the most recently used), loading it first if needed.

        Raises LoadDeferred while busy models are in the way, NotFound/FailedPrecondition
        (MODEL_LOAD_FAILED) when it cannot load.
        """
        m = self._models.get(source)
        if m is not None:
            self._models.move_to_end(source)
            return m
        path = local_path(source)
        estimate = 0
        if path is not None:
            try:
                estimate = safetensors_estimate(path)
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
            except LoadDeferred:
                pass  # over budget until the busy models go idle; they are evicted first then
        return m

    def _make_room(self, source: str, need: int, exclude: str | None = None) -> None:
        if need > self.memory_budget:
            raise FailedPrecondition(
                f"could not load model {source!r}: it needs about {need / MB:.0f} MB as float32, more than the "
                f"MLX memory budget of {self.memory_budget / MB:.0f} MB (mlx_memory_budget_mb)",
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
            if mm.active or self._has_waiting(key):
                continue
            log.info("evicting MLX model %s to make room for %s", key, source)
            self._evict(key)
            if used() + need <= self.memory_budget:
                return
        raise LoadDeferred()

    def _load(self, source: str, path: Path | None) -> LoadedModel:
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
        vision = is_vision_checkpoint(path)
        processor: Any = None
        try:
            if vision:
                model, processor, tokenizer, config = load_vision(target)
            else:
                loaded: tuple[Any, ...] = mlx_load(target, return_config=True)
                model, tokenizer, config = loaded
            if mx.default_device() == mx.cpu:
                model.set_dtype(mx.float32, predicate=lambda d: mx.issubdtype(d, mx.floating))
            mx.eval(model.parameters())
        except RouterError:
            raise
        except Exception as exc:
            gc.collect()
            mx.clear_cache()
            name = type(exc).__name__
            cls = NotFound if name in _NOT_FOUND_ERRORS else FailedPrecondition
            msg = str(exc).strip().splitlines()[0] if str(exc).strip() else name
            raise cls(
                f"could not load model {source!r}: {name}: {msg}",
                reason=Reason.MODEL_LOAD_FAILED,
                resource=("model", source),
            ) from exc

        params = cast(list[tuple[str, mx.array]], tree_flatten(model.parameters()))
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
            vision=vision,
        )
        m = LoadedModel(source, model, tokenizer, nbytes, info)
        m.config = dict(config)
        vocab = config.get("vocab_size") or config.get("text_config", {}).get("vocab_size")
        m.vocab_size = int(vocab) if vocab else len(tokenizer)
        m.grammars = Grammars(tokenizer._tokenizer, m.vocab_size, sorted(tokenizer.eos_token_ids))
        m.prompt_cache = LRUPromptCache(max_size=self.prompt_cache_entries, max_bytes=self.prompt_cache_bytes)
        if vision:
            m.vision = True
            m.processor = processor
            m.gen = VisionGenerator(model, tokenizer.eos_token_ids)
            if self.warmup:
                warm_up_vision(m.gen, processor, m.config)
        else:
            m.gen = BatchGenerator(
                model,
                stop_tokens=[[t] for t in tokenizer.eos_token_ids],
                completion_batch_size=self.max_batch,
                prefill_batch_size=min(self.max_batch, 8),
                prefill_step_size=self.prefill_step_size,
                stream=self.stream,
            )
            if self.warmup:
                warm_up(m)
        m.info = info = replace(info, load_seconds=time.perf_counter() - t0)
        self._models[source] = m
        self.publish()
        log.info(
            "loaded MLX model %s: %.1fM params, %.0f MB %s, %.2fs",
            source,
            nparams / 1e6,
            nbytes / MB,
            info.dtype,
            info.load_seconds,
        )
        return m


def warm_up(m: LoadedModel) -> None:
    """A two-token generation, so that the first request does not pay for compilation."""
    ids = m.tokenizer.encode("Hello, world.", add_special_tokens=False)[:8] or [0, 0]
    if len(ids) < 2:
        ids = ids * 2
    (uid,) = m.gen.insert([ids], max_tokens=[2])
    for _ in range(64):
        _, responses = m.gen.next()
        if any(r.uid == uid and r.finish_reason is not None for r in responses):
            break
    m.gen.remove([uid])
    mx.clear_cache()


def release(m: LoadedModel) -> None:
    """Frees a removed model's memory (its generator, prompt cache, weights)."""
    if m.gen is not None:
        try:
            m.gen.close()
        except Exception:  # pragma: no cover
            log.debug("closing the BatchGenerator failed", exc_info=True)
    m.gen = None
    m.prompt_cache = None
    m.model = None
    m.tokenizer = None
    m.processor = None
    del m
    gc.collect()
    mx.clear_cache()
