"""Vision models (mlx-vlm) inside the engine loop: loading, prompts with images, stepping.

A model whose config.json has a `vision_config` loads through mlx-vlm: the model and its
processor (image preprocessing + tokenizer), plus mlx-lm's TokenizerWrapper over the same
tokenizer files (detokenizer, EOS ids, think tags, tool-call markup: the text side stays
the same as for text models).

`VisionGenerator` stands where a text model has mlx-lm's BatchGenerator and speaks the
part of its interface the engine uses (`insert_prompt`, `next`, `remove`, `close`). It
runs one request at a time through mlx-vlm's `generate_step`, one token per engine step,
so text models keep their batches going between its tokens. Why not mlx-vlm's own
BatchGenerator: in mlx-vlm 0.7 it takes one sampler for the whole batch, so requests
with different temperature, top_p or seed could not share it; the engine therefore admits
one request per vision model at a time (the others wait in the engine's queue). A
request's image decoding, preprocessing and prefill (the vision tower plus the prompt)
run in one engine step; vision requests do not use the KV prefix cache.

Engine thread only, like everything that touches MLX.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import mlx.core as mx

import service.backends.mlx  # noqa: F401  (OpenBLAS preload before mlx.core)
from service.core.errors import InvalidArgument, Reason


def is_vision_checkpoint(path: Path | None) -> bool:
    """Whether a local checkpoint is a vision-language model (its config has a vision tower)."""
    if path is None:
        return False
    try:
        config = json.loads((path / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(config, dict) and "vision_config" in config


def load_vision(target: str) -> tuple[Any, Any, Any, dict[str, Any]]:
    """(model, processor, mlx-lm TokenizerWrapper, config) of a vision model."""
    from mlx_lm.utils import load_tokenizer
    from mlx_vlm.utils import get_model_path, load_config
    from mlx_vlm.utils import load as vlm_load

    model, processor = vlm_load(target)
    path = Path(get_model_path(target))
    config = load_config(path)
    eos = config.get("eos_token_id")
    tokenizer = load_tokenizer(path, eos_token_ids=[eos] if isinstance(eos, int) else eos)
    return model, processor, tokenizer, config


def decode_images(images: Sequence[bytes]) -> list[Any]:
    """PIL images (RGB) from encoded bytes. Raises InvalidArgument for bytes that are no image."""
    from PIL import Image, UnidentifiedImageError

    out = []
    for i, data in enumerate(images):
        try:
            img = Image.open(io.BytesIO(data))
            img.load()
        except (UnidentifiedImageError, OSError, ValueError) as exc:
            raise InvalidArgument(f"image {i + 1} of the request could not be decoded: {exc}") from exc
        out.append(img.convert("RGB"))
    return out


def render(
    processor: Any,
    config: Any,
    messages: Sequence[dict[str, Any]],
    tools: Sequence[dict[str, Any]] | None,
    enable_thinking: bool | None,
    images: Sequence[bytes],
) -> dict[str, Any]:
    """The model inputs (input_ids, pixel_values, ...) of a conversation with its images.

    A template message with `images: n` carries the next n images; mlx-vlm's prompt
    formatting puts each model's image markers where they belong.
    """
    from mlx_vlm.prompt_utils import apply_chat_template

    convo: list[dict[str, Any]] = []
    for m in messages:
        d = {k: v for k, v in m.items() if k != "images"}
        n = int(m.get("images", 0))
        if n:
            d["content"] = [*({"type": "image"} for _ in range(n)), {"type": "text", "text": m.get("content") or ""}]
        convo.append(d)
    kwargs: dict[str, Any] = {}
    if tools:
        kwargs["tools"] = list(tools)
    if enable_thinking is not None:
        kwargs["enable_thinking"] = enable_thinking
    try:
        prompt = apply_chat_template(processor, config, convo, num_images=len(images), **kwargs)
    except Exception as exc:
        raise InvalidArgument(f"the model's chat template rejected the conversation: {exc}") from exc
    pil = decode_images(images)
    inputs = processor(text=[prompt], images=pil or None, return_tensors="np")
    return {k: v for k, v in dict(inputs).items() if v is not None}


@dataclass
class VisionResponse:
    """One generated token (the fields of mlx-lm's GenerationBatch.Response the engine reads)."""

    uid: int
    token: int
    logprobs: mx.array
    finish_reason: str | None
    prompt_cache: Any = None
    all_tokens: Any = None


class VisionGenerator:
    """One vision request at a time through mlx-vlm's `generate_step` (see the module doc)."""

    def __init__(self, model: Any, stop_tokens: Sequence[int]) -> None:
        self.model = model
        self.stop_tokens = {int(t) for t in stop_tokens}
        self._uid = 0
        self._current: tuple[int, Iterator[tuple[Any, mx.array]], int] | None = None  # uid, steps, max_tokens
        self._made = 0

    def insert_prompt(
        self, inputs: dict[str, Any], max_tokens: int, sampler: Any, logits_processors: Sequence[Any]
    ) -> int:
        """Starts a request (the engine admits one at a time). Returns its uid."""
        from mlx_vlm.generate.ar import generate_step

        if self._current is not None:
            raise RuntimeError("a vision request is already generating")
        kwargs = dict(inputs)
        input_ids = mx.array(kwargs.pop("input_ids"))
        pixel_values = kwargs.pop("pixel_values", None)
        mask = kwargs.pop("attention_mask", None)
        extra: dict[str, Any] = {k: mx.array(v) if hasattr(v, "shape") else v for k, v in kwargs.items()}
        steps = generate_step(
            input_ids,
            self.model,
            mx.array(pixel_values) if pixel_values is not None else None,
            mx.array(mask) if mask is not None else None,
            max_tokens=max_tokens,
            sampler=sampler,
            logits_processors=list(logits_processors),
            **extra,
        )
        self._uid += 1
        self._current = (self._uid, iter(steps), max_tokens)
        self._made = 0
        return self._uid

    def next(self) -> tuple[list[Any], list[VisionResponse]]:
        """One token of the current request (its first call also runs the prefill)."""
        if self._current is None:
            return [], []
        uid, steps, max_tokens = self._current
        try:
            token, logprobs = next(steps)
        except StopIteration:
            self._current = None
            return [], []
        tok = int(token.item() if hasattr(token, "item") else token)
        self._made += 1
        finish = "stop" if tok in self.stop_tokens else "length" if self._made >= max_tokens else None
        if finish is not None:
            self._close_current()
        return [], [VisionResponse(uid, tok, logprobs, finish)]

    def remove(self, uids: Sequence[int], return_prompt_caches: bool = False) -> dict[int, Any]:
        if self._current is not None and self._current[0] in set(uids):
            self._close_current()
        return {}

    def __len__(self) -> int:
        return 0 if self._current is None else 1

    def _close_current(self) -> None:
        if self._current is not None:
            steps = self._current[1]
            self._current = None
            close = getattr(steps, "close", None)
            if close is not None:
                close()

    def close(self) -> None:
        self._close_current()


def warm_up_vision(gen: VisionGenerator, processor: Any, config: Any) -> None:
    """Two tokens with a small blank image, so that the first request does not pay for compilation."""
    from mlx_lm.sample_utils import make_sampler
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (32, 32)).save(buf, format="PNG")
    inputs = render(
        processor, config, [{"role": "user", "content": "Hello", "images": 1}], None, None, [buf.getvalue()]
    )
    gen.insert_prompt(inputs, 2, make_sampler(temp=0.0), ())
    for _ in range(4):
        _, responses = gen.next()
        if not responses or responses[-1].finish_reason is not None:
            break
    gen.close()
    mx.clear_cache()


def vision_unsupported(source: str) -> InvalidArgument:
    """A text-only model asked to read images (reached past the router's capability check)."""
    return InvalidArgument(
        f"model {source!r} does not read images",
        reason=Reason.CAPABILITY_UNSUPPORTED,
    )
