"""`MlxBackend`: the Backend of a local (MLX) provider, over the shared MlxEngine.

The router calls it with a model string (the upstream model name: the one the caller
asked for, or a route's override). That string must be the `model_id` of one of the
provider's configured models; the model's `source` (a local directory or a Hugging Face
id; the model id itself when empty) is what the engine loads. Callers can never make the
server load an arbitrary path.

It also has the `LocalModels` capability (preload, unload), which no cloud backend has.

What a local model makes of the 2026 chat surface (`to_generation_params`):

- Text parts are joined as text. Images (bytes or a base64 `data:` URL; an http(s) URL is
  refused: a local model fetches nothing) go to models declared with `images` (served by
  mlx-vlm), in user messages; a text-only model answers INVALID_ARGUMENT with reason
  CAPABILITY_UNSUPPORTED, and so does any document.
- `response_format` (JSON object or schema) is decoded under an llguidance grammar
  (`constraints.py`): the answer always parses and follows the schema, or ends LENGTH.
  With tools in the same request the answer follows the format, so that turn calls no tool.
- `reasoning`: unset leaves the template's default; MINIMAL effort passes
  `enable_thinking=false`, anything else `enable_thinking=true` (and a budget closes the
  think block after that many tokens). A template without thinking support ignores the
  flag: the request runs as without it and reports no reasoning tokens. Text between the
  think tags streams as reasoning, whichever way the block was opened.
- Presence/frequency penalties, logprobs/top_logprobs, stop sequences (the matched one is
  reported), `parallel_tool_calls=false` (generation stops after the first call), tool
  results with `is_error` (the model reads "Error: ..."), reasoning blocks passed back
  (as `reasoning_content`, which Qwen3-style templates read). Cache hints are accepted and
  ignored: the engine's KV prefix cache reuses shared prefixes on its own.
"""

from __future__ import annotations

import base64
import binascii
import io
import json
import time
from collections.abc import AsyncIterator, Iterable
from typing import Any

from service.backends.mlx.port import LocalEngine
from service.backends.mlx.request import GenerationParams
from service.backends.mlx.schema import grammar_for
from service.core.capabilities import supports
from service.core.chat import (
    Capability,
    ChatRequest,
    Delta,
    DocumentPart,
    Finish,
    ImagePart,
    Message,
    ReasoningEffort,
    Role,
    ToolChoiceMode,
)
from service.core.config import ProviderConfig
from service.core.errors import (
    ErrorKind,
    FieldViolation,
    InvalidArgument,
    NotFound,
    Reason,
    RouterError,
    Violations,
)
from service.core.ports import (
    Backend,
    DiscoveredModel,
    LocalModels,
    TokenCount,
    VerifyFailure,
    VerifyResult,
)


class MlxBackend(Backend, LocalModels):
    def __init__(self, provider: ProviderConfig, engine: LocalEngine) -> None:
        super().__init__(provider)
        self.engine = engine

    # ------------------------------------------------------------------ chat

    def source_for(self, model: str) -> str:
        """What the engine loads for the configured model `model` (NotFound when not configured)."""
        cfg = self.provider.model(model)
        if cfg is None:
            raise NotFound(
                f"model {model!r} is not configured on local provider {self.provider.id!r}",
                reason=Reason.UPSTREAM_MODEL_NOT_FOUND,
                resource=("model", model),
            )
        return cfg.source or cfg.model_id

    async def stream(self, request: ChatRequest, model: str, deadline: float | None) -> AsyncIterator[Delta | Finish]:
        source = self.source_for(model)
        vision = supports(self.provider, model, Capability.IMAGES)
        params = await self.engine.prepare(source, to_generation_params(request, deadline, vision=vision))
        req = self.engine.submit(source, params)
        try:
            while True:
                for ev in await req.get():
                    yield ev
                    if isinstance(ev, Finish):
                        return
        finally:
            req.close()

    async def count_tokens(self, request: ChatRequest, model: str, deadline: float | None) -> TokenCount:
        """Exact: the model's chat template and tokenizer (the prompt generation would use)."""
        source = self.source_for(model)
        params = to_generation_params(request, deadline, vision=supports(self.provider, model, Capability.IMAGES))
        return TokenCount(input_tokens=await self.engine.count_prompt_tokens(source, params))

    # ------------------------------------------------------------- management

    async def preload(self, model_ids: Iterable[str] | None = None) -> dict[str, RouterError | None]:
        """Loads the given model ids (default: settings.mlx_preload) of this provider.

        Returns {model_id: None on success, or the RouterError}; never raises for one model.
        """
        if model_ids is None:
            model_ids = [m.strip() for m in self.engine.settings.mlx_preload.split(",") if m.strip()]
        results: dict[str, RouterError | None] = {}
        for mid in model_ids:
            try:
                await self.engine.load(self.source_for(mid))
                results[mid] = None
            except RouterError as exc:
                results[mid] = exc
        return results

    async def unload(self, model: str) -> bool:
        return await self.engine.unload(self.source_for(model))

    async def verify(self, model: str | None, deadline: float | None) -> VerifyResult:
        t0 = time.monotonic()
        cfg = self.provider.model(model) if model else self.provider.default_model()
        if cfg is None:
            return VerifyResult(
                ok=False,
                latency_ms=0,
                failure=VerifyFailure.UNKNOWN_MODEL,
                message=f"model {model!r} is not configured on this provider"
                if model
                else "the provider has no models",
                model=model or "",
            )
        try:
            await self.engine.load(cfg.source or cfg.model_id)
        except RouterError as exc:
            failure = VerifyFailure.UNKNOWN_MODEL if exc.kind is ErrorKind.NOT_FOUND else VerifyFailure.OTHER
            return VerifyResult(
                ok=False,
                latency_ms=int((time.monotonic() - t0) * 1000),
                failure=failure,
                message=exc.message,
                model=cfg.model_id,
            )
        return VerifyResult(ok=True, latency_ms=int((time.monotonic() - t0) * 1000), model=cfg.model_id)

    async def list_models(self, deadline: float | None) -> list[DiscoveredModel]:
        return [DiscoveredModel(model_id=m.model_id, owned_by="local") for m in self.provider.models]


# ------------------------------------------------------------------ conversion

MAX_TOP_LOGPROBS = 20
MAX_STOP_SEQUENCES = 4


def _arguments(text: str) -> Any:
    try:
        return json.loads(text) if text else {}
    except ValueError:
        return text


def _image_bytes(part: ImagePart, path: str, v: Violations) -> bytes | None:
    """The encoded image of a part: its bytes or a data: URL (never fetched from the network)."""
    if part.data:
        data, where = part.data, f"{path}.data"
    else:
        url = part.url.strip()
        where = f"{path}.url"
        if not url:
            v.add(path, "the image has neither bytes nor a URL")
            return None
        if not url.startswith("data:"):
            v.add(where, "local models do not fetch images: send the image bytes or a data: URL")
            return None
        header, sep, payload = url.partition(",")
        if not sep or ";base64" not in header:
            v.add(where, "a data: URL must be base64-encoded (data:image/png;base64,...)")
            return None
        try:
            data = base64.b64decode(payload, validate=True)
        except (binascii.Error, ValueError):
            v.add(where, "the data: URL is not valid base64")
            return None
    if not _looks_like_an_image(data):
        v.add(where, "not an image this server can read (PNG, JPEG, GIF or WebP)")
        return None
    return data


def _looks_like_an_image(data: bytes) -> bool:
    """Whether PIL recognises the bytes (it reads the header only; decoding is the engine's)."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as img:
            return bool(img.format)
    except (UnidentifiedImageError, OSError, ValueError):
        return False


def message_to_template(m: Message, content: str | None = None) -> dict[str, Any]:
    text = m.text if content is None else content
    if m.role is Role.TOOL and m.is_error:
        text = f"Error: {text}"  # chat templates have no error flag: the model reads it in the result
    d: dict[str, Any] = {"role": m.role.value, "content": text}
    if m.tool_calls:
        d["tool_calls"] = [
            {
                "id": tc.id,
                "type": "function",
                "function": {"name": tc.name, "arguments": _arguments(tc.arguments)},
            }
            for tc in m.tool_calls
        ]
    if m.role is Role.TOOL:
        d["tool_call_id"] = m.tool_call_id
    if m.name:
        d["name"] = m.name
    thoughts = "".join(b.text for b in m.reasoning if b.text)
    if thoughts:
        d["reasoning_content"] = thoughts  # what Qwen3-style templates read back
    return d


def _messages(request: ChatRequest, vision: bool, v: Violations) -> tuple[list[dict[str, Any]], list[bytes]]:
    """Template messages and the images in the order they appear (vision models only)."""
    out: list[dict[str, Any]] = []
    images: list[bytes] = []
    for i, m in enumerate(request.messages):
        n_images = 0
        for j, part in enumerate(m.parts):
            path = f"messages[{i}].parts[{j}]"
            if isinstance(part, DocumentPart):
                raise InvalidArgument(
                    f"invalid request: {path}.document: local models do not read documents",
                    reason=Reason.CAPABILITY_UNSUPPORTED,
                    violations=[FieldViolation(f"{path}.document", "local models do not read documents")],
                )
            if isinstance(part, ImagePart):
                if not vision:
                    raise InvalidArgument(
                        f"invalid request: {path}.image: this local model does not read images",
                        reason=Reason.CAPABILITY_UNSUPPORTED,
                        violations=[FieldViolation(f"{path}.image", "this local model does not read images")],
                    )
                if m.role is not Role.USER:
                    v.add(f"{path}.image", "local vision models read images in user messages only")
                    continue
                data = _image_bytes(part, f"{path}.image", v)
                if data is not None:
                    images.append(data)
                    n_images += 1
        d = message_to_template(m)
        if n_images:
            d["images"] = n_images  # how many of `images` this message carries, in order
        out.append(d)
    return out, images


def _thinking(request: ChatRequest) -> tuple[bool | None, int | None]:
    """(enable_thinking for the template, reasoning budget) from the reasoning setting.

    Unset: the template's default. MINIMAL effort: thinking off where the template can turn
    it off. Any other effort, or a budget: thinking on; a budget also closes the think block
    after that many tokens.
    """
    r = request.generation.reasoning
    if r is None:
        return None, None
    if r.effort is ReasoningEffort.MINIMAL and r.budget_tokens is None:
        return False, None
    return True, r.budget_tokens


def to_generation_params(request: ChatRequest, deadline: float | None, *, vision: bool = False) -> GenerationParams:
    g = request.generation
    v = Violations()
    if not request.messages and not request.prompt:
        v.add("messages", "at least one message is required")
    if g.max_tokens is not None and g.max_tokens <= 0:
        v.add("generation.max_tokens", "must be positive")
    if g.temperature is not None and g.temperature < 0:
        v.add("generation.temperature", "must not be negative")
    if g.top_p is not None and not (0.0 < g.top_p <= 1.0):
        v.add("generation.top_p", "must be in (0, 1]")
    for name in ("presence_penalty", "frequency_penalty"):
        value = getattr(g, name)
        if value is not None and not (-2.0 <= value <= 2.0):
            v.add(f"generation.{name}", "must be between -2 and 2")
    if g.top_logprobs is not None:
        if not (0 <= g.top_logprobs <= MAX_TOP_LOGPROBS):
            v.add("generation.top_logprobs", f"must be between 0 and {MAX_TOP_LOGPROBS}")
        elif g.top_logprobs and not g.logprobs:
            v.add("generation.top_logprobs", "needs generation.logprobs")
    if g.reasoning is not None and g.reasoning.budget_tokens is not None and g.reasoning.budget_tokens < 0:
        v.add("generation.reasoning.budget_tokens", "must not be negative")
    if any(not s for s in g.stop):
        v.add("generation.stop", "stop sequences must not be empty")
    if len(g.stop) > MAX_STOP_SEQUENCES:
        v.add("generation.stop", f"at most {MAX_STOP_SEQUENCES} stop sequences")
    messages, images = _messages(request, vision, v)
    v.raise_if_any()
    grammar = grammar_for(g.response_format)
    tools: list[dict[str, Any]] | None = None
    if request.tools and request.tool_choice.mode is not ToolChoiceMode.NONE:
        tools = [
            {
                "type": "function",
                "function": {
                    "name": t.name,
                    "description": t.description,
                    "parameters": t.parameters or {"type": "object"},
                },
            }
            for t in request.tools
        ]
    if request.tool_choice.mode is ToolChoiceMode.FUNCTION and tools is not None:
        tools = [t for t in tools if t["function"]["name"] == request.tool_choice.function_name] or tools
    enable_thinking, budget = _thinking(request)
    return GenerationParams(
        messages=messages,
        tools=tools,
        max_tokens=g.max_tokens,
        temperature=g.temperature,
        top_p=g.top_p,
        seed=g.seed,
        stop=tuple(g.stop),
        deadline=deadline,
        grammar=grammar,
        presence_penalty=g.presence_penalty,
        frequency_penalty=g.frequency_penalty,
        logprobs=g.logprobs,
        top_logprobs=g.top_logprobs or 0,
        enable_thinking=enable_thinking,
        reasoning_budget=budget,
        max_tool_calls=1 if tools is not None and request.tool_choice.parallel_tool_calls is False else None,
        images=tuple(images),
        prompt_text=request.prompt or None,
        parse_tool_calls=not request.prompt,
    )
