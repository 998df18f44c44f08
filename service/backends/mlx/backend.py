"""`MlxBackend`: the Backend of a local (MLX) provider, over the shared MlxEngine.

The router calls it with a model string (the upstream model name: the one the caller
asked for, or a route's override). That string must be the `model_id` of one of the
provider's configured models; the model's `source` (a local directory or a Hugging Face
id; the model id itself when empty) is what the engine loads. Callers can never make the
server load an arbitrary path.

It also has the `LocalModels` capability (preload, unload), which no cloud backend has.
"""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator, Iterable
from typing import Any

from service.backends.mlx.engine import GenerationParams, MlxEngine
from service.core.chat import ChatRequest, Delta, Finish, Message, Role, ToolChoiceMode
from service.core.config import ProviderConfig
from service.core.errors import (
    ErrorKind,
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
    VerifyFailure,
    VerifyResult,
)


class MlxBackend(Backend, LocalModels):
    def __init__(self, provider: ProviderConfig, engine: MlxEngine) -> None:
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
        params = to_generation_params(request, deadline)
        req = self.engine.submit(source, params)
        try:
            while True:
                for ev in await req.get():
                    yield ev
                    if isinstance(ev, Finish):
                        return
        finally:
            req.close()

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


def _arguments(text: str) -> Any:
    try:
        return json.loads(text) if text else {}
    except ValueError:
        return text


def message_to_template(m: Message) -> dict[str, Any]:
    d: dict[str, Any] = {"role": m.role.value, "content": m.content}
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
    return d


def to_generation_params(request: ChatRequest, deadline: float | None) -> GenerationParams:
    g = request.generation
    v = Violations()
    if not request.messages:
        v.add("messages", "at least one message is required")
    if g.max_tokens is not None and g.max_tokens <= 0:
        v.add("generation.max_tokens", "must be positive")
    if g.temperature is not None and g.temperature < 0:
        v.add("generation.temperature", "must not be negative")
    if g.top_p is not None and not (0.0 < g.top_p <= 1.0):
        v.add("generation.top_p", "must be in (0, 1]")
    v.raise_if_any()
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
    if any(not s for s in g.stop):
        raise InvalidArgument("stop sequences must not be empty")
    return GenerationParams(
        messages=[message_to_template(m) for m in request.messages],
        tools=tools,
        max_tokens=g.max_tokens,
        temperature=g.temperature,
        top_p=g.top_p,
        seed=g.seed,
        stop=tuple(g.stop),
        deadline=deadline,
    )
