"""OpenAI Chat Completions adapter (api.openai.com and every OpenAI-compatible provider).

Wire formats (OpenAI API reference):

* ``POST {base_url}/chat/completions`` (base_url includes the version, e.g.
  ``https://api.openai.com/v1``), ``Authorization: Bearer <key>``;
* streaming: ``stream: true``, ``stream_options: {"include_usage": true}``; server-sent events
  ``data: <chat.completion.chunk>`` ... ``data: [DONE]``. Text in ``choices[0].delta.content``,
  reasoning in ``delta.reasoning_content`` (DeepSeek, Qwen) or ``delta.reasoning``, tool calls in
  ``delta.tool_calls[]`` (``index``, ``id``, ``function.name``, ``function.arguments`` fragments),
  ``choices[0].finish_reason``; the usage chunk has empty ``choices`` and ``usage`` with
  ``prompt_tokens_details.cached_tokens``. An ``{"error": {...}}`` chunk is an in-stream error;
* ``POST {base_url}/embeddings``, ``GET {base_url}/models``.

For api.openai.com itself the token limit is sent as ``max_completion_tokens`` (the reasoning
models reject ``max_tokens``); other providers get the widely supported ``max_tokens``.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

from service.backends.http_common import (
    HttpBackendMixin,
    HttpTimeouts,
    error_for,
    make_client,
    protocol_error,
    run_verify,
    truncated_error,
)
from service.core.chat import (
    ChatRequest,
    Completion,
    Delta,
    Embeddings,
    EmbedRequest,
    Finish,
    FinishReason,
    Message,
    Role,
    ToolCall,
    ToolCallDelta,
    ToolChoiceMode,
    Usage,
)
from service.core.config import ProviderConfig
from service.core.ports import Backend, DiscoveredModel, VerifyResult

__all__ = ["FINISH_REASONS", "OpenAIBackend", "build_chat_body"]

FINISH_REASONS: dict[str, FinishReason] = {
    "stop": FinishReason.STOP,
    "length": FinishReason.LENGTH,
    "tool_calls": FinishReason.TOOL_CALLS,
    "function_call": FinishReason.TOOL_CALLS,
    "content_filter": FinishReason.CONTENT_FILTER,
    "eos": FinishReason.STOP,  # some compatible servers
    "end_turn": FinishReason.STOP,
    "stop_sequence": FinishReason.STOP_SEQUENCE,
}

_loads = json.loads


def _message(m: Message) -> dict[str, Any]:
    role = m.role
    if role is Role.TOOL:
        return {"role": "tool", "tool_call_id": m.tool_call_id, "content": m.content}
    if role is Role.ASSISTANT:
        out: dict[str, Any] = {"role": "assistant", "content": m.content if (m.content or not m.tool_calls) else None}
        if m.tool_calls:
            out["tool_calls"] = [
                {"id": tc.id, "type": "function", "function": {"name": tc.name, "arguments": tc.arguments or "{}"}}
                for tc in m.tool_calls
            ]
    else:
        out = {"role": role.value, "content": m.content}
    if m.name and role is not Role.TOOL:
        out["name"] = m.name
    return out


def build_chat_body(
    request: ChatRequest, model: str, *, stream: bool, max_tokens_field: str = "max_tokens"
) -> dict[str, Any]:
    """The Chat Completions request body for a domain request."""
    body: dict[str, Any] = {"model": model, "messages": [_message(m) for m in request.messages]}
    g = request.generation
    if g.max_tokens is not None:
        body[max_tokens_field] = g.max_tokens
    if g.temperature is not None:
        body["temperature"] = g.temperature
    if g.top_p is not None:
        body["top_p"] = g.top_p
    if g.stop:
        body["stop"] = list(g.stop)
    if g.seed is not None:
        body["seed"] = g.seed
    if request.tools:
        tools = []
        for t in request.tools:
            fn: dict[str, Any] = {"name": t.name}
            if t.description:
                fn["description"] = t.description
            if t.parameters:
                fn["parameters"] = t.parameters
            tools.append({"type": "function", "function": fn})
        body["tools"] = tools
    tc = request.tool_choice
    if tc.mode is ToolChoiceMode.AUTO:
        body["tool_choice"] = "auto"
    elif tc.mode is ToolChoiceMode.NONE:
        body["tool_choice"] = "none"
    elif tc.mode is ToolChoiceMode.REQUIRED:
        body["tool_choice"] = "required"
    elif tc.mode is ToolChoiceMode.FUNCTION:
        body["tool_choice"] = {"type": "function", "function": {"name": tc.function_name}}
    if stream:
        body["stream"] = True
        body["stream_options"] = {"include_usage": True}
    return body


def _usage(u: dict[str, Any]) -> Usage:
    details = u.get("prompt_tokens_details") or {}
    cached = details.get("cached_tokens") or u.get("prompt_cache_hit_tokens") or 0
    return Usage(
        prompt_tokens=int(u.get("prompt_tokens") or 0),
        completion_tokens=int(u.get("completion_tokens") or 0),
        cached_prompt_tokens=int(cached),
    )


class OpenAIBackend(HttpBackendMixin, Backend):
    """An OpenAI-compatible provider. One instance (one pooled HTTP client) per provider config."""

    def __init__(self, provider: ProviderConfig, timeouts: HttpTimeouts | None = None) -> None:
        super().__init__(provider)
        self.timeouts = timeouts or HttpTimeouts()
        base = provider.base_url.rstrip("/")
        self._base = base
        self._chat_url = f"{base}/chat/completions"
        self._max_tokens_field = "max_completion_tokens" if "//api.openai.com" in base else "max_tokens"
        headers = {"authorization": f"Bearer {provider.api_key}"} if provider.api_key else {}
        self._client = make_client(self.timeouts, headers=headers)

    async def aclose(self) -> None:
        await self._client.aclose()

    # ------------------------------------------------------------------ streaming

    async def stream(self, request: ChatRequest, model: str, deadline: float | None) -> AsyncIterator[Delta | Finish]:
        body = build_chat_body(request, model, stream=True, max_tokens_field=self._max_tokens_field)
        up = await self._open_stream(self._chat_url, body, deadline)
        provider = self.provider
        finish_reason = FinishReason.UNSPECIFIED
        usage = Usage()
        done = False
        first = True
        tool_ids: dict[int, str] = {}
        try:
            try:
                while not done:
                    batch = await up.read_batch()
                    if batch is None:
                        break
                    texts: list[str] = []
                    for ev in batch:
                        data = ev.data
                        if data.startswith("[DONE]"):
                            done = True
                            break
                        try:
                            chunk = _loads(data)
                            choices = chunk.get("choices")
                        except (ValueError, AttributeError):
                            raise protocol_error(provider, f"bad stream chunk: {data[:200]}") from None
                        if choices:
                            choice = choices[0]
                            delta = choice.get("delta")
                            if delta:
                                content = delta.get("content")
                                reasoning = delta.get("reasoning_content") or delta.get("reasoning")
                                tcs = delta.get("tool_calls")
                                refusal = delta.get("refusal")
                                if refusal and not content:
                                    content = refusal
                                if reasoning or tcs:
                                    if texts:
                                        yield Delta(text="".join(texts))
                                        texts = []
                                    calls = _tool_deltas(tcs, tool_ids) if tcs else ()
                                    if reasoning or calls or content:
                                        if first:
                                            up.got_token()
                                            first = False
                                        yield Delta(text=content or "", reasoning=reasoning or "", tool_calls=calls)
                                elif content:
                                    texts.append(content)
                            fr = choice.get("finish_reason")
                            if fr:
                                finish_reason = FINISH_REASONS.get(fr, FinishReason.UNSPECIFIED)
                        u = chunk.get("usage")
                        if u:
                            usage = _usage(u)
                        err = chunk.get("error")
                        if err:
                            if texts:
                                yield Delta(text="".join(texts))
                                texts = []
                            raise _stream_error(provider, err)
                    if texts:
                        if first:
                            up.got_token()
                            first = False
                        yield Delta(text="".join(texts))
            except (AttributeError, TypeError, KeyError, IndexError, ValueError) as exc:
                raise protocol_error(provider, f"unexpected stream chunk shape: {exc!r}") from None
            if not done:
                raise truncated_error(provider, "data: [DONE]")
            await up.drain()
        finally:
            await up.aclose()
        yield Finish(finish_reason=finish_reason, usage=usage)

    # ------------------------------------------------------------------ unary

    async def complete(self, request: ChatRequest, model: str, deadline: float | None) -> Completion:
        body = build_chat_body(request, model, stream=False, max_tokens_field=self._max_tokens_field)
        obj = await self._request_json("POST", self._chat_url, body, deadline, wait_s=self.timeouts.unary_s)
        if not isinstance(obj, dict):
            raise protocol_error(self.provider, "chat completion is not a JSON object")
        if obj.get("error"):
            raise _stream_error(self.provider, obj["error"])
        choices = obj.get("choices") or []
        if not choices:
            raise protocol_error(self.provider, "chat completion without choices")
        choice = choices[0]
        msg = choice.get("message") or {}
        calls = tuple(
            ToolCall(
                id=tc.get("id") or "",
                name=(tc.get("function") or {}).get("name") or "",
                arguments=(tc.get("function") or {}).get("arguments") or "",
            )
            for tc in msg.get("tool_calls") or ()
        )
        fr = choice.get("finish_reason")
        return Completion(
            text=msg.get("content") or msg.get("refusal") or "",
            reasoning=msg.get("reasoning_content") or msg.get("reasoning") or "",
            tool_calls=calls,
            finish_reason=FINISH_REASONS.get(fr, FinishReason.UNSPECIFIED) if fr else FinishReason.UNSPECIFIED,
            usage=_usage(obj.get("usage") or {}),
        )

    # ------------------------------------------------------------------ embeddings, models, verify

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

    async def verify(self, model: str | None, deadline: float | None) -> VerifyResult:
        return await run_verify(self, model, deadline)


def _tool_deltas(tcs: list[dict[str, Any]], ids: dict[int, str]) -> tuple[ToolCallDelta, ...]:
    out = []
    for tc in tcs:
        idx = tc.get("index")
        tid = tc.get("id") or ""
        if idx is None:  # some compatible servers omit the index: key calls by id
            if tid and tid not in ids.values():
                idx = len(ids)
            else:
                idx = max(ids) if ids else 0
        if tid:
            ids[idx] = tid
        fn = tc.get("function") or {}
        name = fn.get("name") or ""
        args = fn.get("arguments") or ""
        if tid or name or args:
            out.append(ToolCallDelta(index=idx, id=tid, name=name, arguments=args))
    return tuple(out)


def _stream_error(provider: ProviderConfig, err: Any):
    if isinstance(err, dict):
        return error_for(
            provider,
            status=None,
            message=str(err.get("message") or ""),
            etype=str(err.get("type") or ""),
            code=str(err.get("code") or ""),
        )
    return error_for(provider, status=None, message=str(err))
