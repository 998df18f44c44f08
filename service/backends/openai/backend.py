"""`OpenAIBackend`: chat (streamed and unary), embeddings and the model list of an OpenAI-type provider."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from service.backends.http.backend import HttpBackend
from service.backends.http.client import ClientOptions
from service.backends.http.errors import protocol_error
from service.backends.http.events import read_events
from service.backends.http.stream import UpstreamStream
from service.backends.http.timeouts import HttpTimeouts
from service.backends.openai.mapper import OpenAIStreamMapper, map_completion
from service.backends.openai.request import auth_headers, build_chat_body, max_tokens_field
from service.core.chat import ChatRequest, Completion, Delta, Embeddings, EmbedRequest, Finish, Usage
from service.core.config import ProviderConfig
from service.core.ports import DiscoveredModel

__all__ = ["OpenAIBackend"]


class OpenAIBackend(HttpBackend):
    """An OpenAI-compatible provider. One instance (one pooled HTTP client) per provider config."""

    def __init__(
        self, provider: ProviderConfig, timeouts: HttpTimeouts | None = None, options: ClientOptions | None = None
    ) -> None:
        base = provider.base_url.rstrip("/")
        super().__init__(provider, timeouts, auth_headers(provider.api_key), options)
        self._base = base
        self._chat_url = f"{base}/chat/completions"
        self._max_tokens_field = max_tokens_field(base)

    # ------------------------------------------------------------------ chat

    def stream(self, request: ChatRequest, model: str, deadline: float | None) -> AsyncIterator[Delta | Finish]:
        async def open_stream() -> UpstreamStream:  # on the first iteration: nothing is sent before
            body = build_chat_body(request, model, stream=True, max_tokens_field=self._max_tokens_field)
            return await self._open_stream(self._chat_url, body, deadline)

        return read_events(open_stream, OpenAIStreamMapper(self.provider, request.generation.stop))

    async def complete(self, request: ChatRequest, model: str, deadline: float | None) -> Completion:
        body = build_chat_body(request, model, stream=False, max_tokens_field=self._max_tokens_field)
        obj = await self._request_json("POST", self._chat_url, body, deadline, wait_s=self.timeouts.unary_s)
        return map_completion(self.provider, obj, request.generation.stop)

    # ------------------------------------------------------------------ embeddings, models

    async def embed(self, request: EmbedRequest, model: str, deadline: float | None) -> Embeddings:
        body: dict[str, Any] = {"model": model, "input": list(request.inputs), "encoding_format": "float"}
        if request.dimensions is not None:
            body["dimensions"] = request.dimensions
        obj = await self._request_json("POST", f"{self._base}/embeddings", body, deadline)
        try:
            items = sorted(obj["data"], key=lambda d: d.get("index", 0))
            vectors = tuple(tuple(float(x) for x in item["embedding"]) for item in items)
        except (KeyError, TypeError, ValueError, AttributeError):
            raise protocol_error(self.provider, "embeddings answer without data[].embedding float lists") from None
        if len(vectors) != len(request.inputs):
            raise protocol_error(self.provider, f"asked for {len(request.inputs)} embeddings, got {len(vectors)}")
        u = obj.get("usage") or {}
        return Embeddings(vectors=vectors, usage=Usage(prompt_tokens=int(u.get("prompt_tokens") or 0)))

    async def list_models(self, deadline: float | None) -> list[DiscoveredModel]:
        obj = await self._request_json("GET", f"{self._base}/models", None, deadline)
        data = obj.get("data") if isinstance(obj, dict) else obj
        if not isinstance(data, list):
            raise protocol_error(self.provider, "model list without data[]")
        return [
            DiscoveredModel(model_id=str(m["id"]), owned_by=str(m.get("owned_by") or ""))
            for m in data
            if isinstance(m, dict) and m.get("id")
        ]
