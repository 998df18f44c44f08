"""`AnthropicBackend`: chat (streamed and unary) and the model list of an Anthropic-type provider."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from service.backends.anthropic.mapper import AnthropicStreamMapper, map_message
from service.backends.anthropic.request import api_base, build_request, headers
from service.backends.http.backend import HttpBackend
from service.backends.http.client import ClientOptions
from service.backends.http.errors import protocol_error
from service.backends.http.events import read_events
from service.backends.http.stream import UpstreamStream
from service.backends.http.timeouts import HttpTimeouts
from service.core.chat import ChatRequest, Completion, Delta, Finish
from service.core.config import ProviderConfig
from service.core.ports import DiscoveredModel

__all__ = ["AnthropicBackend"]


class AnthropicBackend(HttpBackend):
    """An Anthropic-compatible provider. One instance (one pooled HTTP client) per provider config.

    No embeddings (the Messages API has none): `embed` is the port's default, UNIMPLEMENTED.
    """

    def __init__(
        self, provider: ProviderConfig, timeouts: HttpTimeouts | None = None, options: ClientOptions | None = None
    ) -> None:
        super().__init__(provider, timeouts, headers(provider.api_key), options)
        self._base = api_base(provider.base_url)
        self._messages_url = f"{self._base}/messages"

    # ------------------------------------------------------------------ chat

    def stream(self, request: ChatRequest, model: str, deadline: float | None) -> AsyncIterator[Delta | Finish]:
        # Built now: a request the API would refuse fails before anything is sent.
        body, plan = build_request(request, model, stream=True)

        async def open_stream() -> UpstreamStream:  # on the first iteration: nothing is sent before
            return await self._open_stream(self._messages_url, body, deadline)

        return read_events(open_stream, AnthropicStreamMapper(self.provider, plan.tool_name))

    async def complete(self, request: ChatRequest, model: str, deadline: float | None) -> Completion:
        body, plan = build_request(request, model, stream=False)
        obj = await self._request_json("POST", self._messages_url, body, deadline, wait_s=self.timeouts.unary_s)
        return map_message(self.provider, obj, plan.tool_name)

    # ------------------------------------------------------------------ models

    async def list_models(self, deadline: float | None) -> list[DiscoveredModel]:
        out: list[DiscoveredModel] = []
        params: dict[str, Any] = {"limit": 1000}
        for _ in range(20):  # pages; the API caps limit at 1000
            obj = await self._request_json("GET", f"{self._base}/models", None, deadline, params=params)
            data = obj.get("data") if isinstance(obj, dict) else None
            if not isinstance(data, list):
                raise protocol_error(self.provider, "model list without data[]")
            out.extend(
                DiscoveredModel(model_id=str(m["id"]), owned_by=str(m.get("owned_by") or ""))
                for m in data
                if isinstance(m, dict) and m.get("id")
            )
            if not obj.get("has_more") or not obj.get("last_id"):
                break
            params = {"limit": 1000, "after_id": obj["last_id"]}
        return out
