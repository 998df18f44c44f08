"""Anthropic Messages adapter (api.anthropic.com and Anthropic-compatible providers).

Wire formats (Anthropic API reference, Messages and "Streaming Messages"):

* ``POST {base_url}/v1/messages`` (base_url like ``https://api.anthropic.com``; one already
  ending in ``/v1`` is accepted), headers ``x-api-key`` and ``anthropic-version: 2023-06-01``;
* system prompts go to the top-level ``system`` field (several joined by a blank line); tool
  calls are ``tool_use`` blocks of assistant messages, tool results ``tool_result`` blocks of
  a user message (consecutive results share one message); ``max_tokens`` is required
  (`DEFAULT_MAX_TOKENS` when the caller gives none); ``stop_sequences``; no ``seed``;
* streaming: named server-sent events ``message_start`` (usage: ``input_tokens``,
  ``cache_read_input_tokens``, ``cache_creation_input_tokens``), ``content_block_start``
  (``text`` / ``tool_use`` with id and name / ``thinking``), ``content_block_delta``
  (``text_delta``, ``input_json_delta``, ``thinking_delta``, ``signature_delta``),
  ``content_block_stop``, ``message_delta`` (``stop_reason``, cumulative ``usage``),
  ``message_stop``, ``ping`` and ``error``;
* ``GET {base_url}/v1/models``.

Prompt tokens reported = input_tokens + cache_read_input_tokens + cache_creation_input_tokens
(Anthropic counts the three apart); cached prompt tokens = cache_read_input_tokens.
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
    Finish,
    FinishReason,
    Role,
    ToolCall,
    ToolCallDelta,
    ToolChoiceMode,
    Usage,
)
from service.core.config import ProviderConfig
from service.core.errors import FieldViolation, InvalidArgument
from service.core.ports import Backend, DiscoveredModel, VerifyResult

__all__ = ["ANTHROPIC_VERSION", "DEFAULT_MAX_TOKENS", "STOP_REASONS", "AnthropicBackend", "build_messages_body"]

ANTHROPIC_VERSION = "2023-06-01"
# Anthropic requires max_tokens; used when the caller sets none.
DEFAULT_MAX_TOKENS = 4096

STOP_REASONS: dict[str, FinishReason] = {
    "end_turn": FinishReason.STOP,
    "max_tokens": FinishReason.LENGTH,
    "model_context_window_exceeded": FinishReason.LENGTH,
    "tool_use": FinishReason.TOOL_CALLS,
    "stop_sequence": FinishReason.STOP_SEQUENCE,
    "refusal": FinishReason.CONTENT_FILTER,
    "pause_turn": FinishReason.STOP,
}

_loads = json.loads
_TEXT, _TOOL, _THINKING, _OTHER = range(4)


def _tool_input(arguments: str, where: str) -> dict[str, Any]:
    if not arguments.strip():
        return {}
    try:
        value = json.loads(arguments)
    except ValueError:
        value = None
    if not isinstance(value, dict):
        raise InvalidArgument(
            f"invalid request: {where}: tool call arguments must be a JSON object for Anthropic providers",
            violations=[FieldViolation(where, "must be a JSON object")],
        )
    return value


def build_messages_body(request: ChatRequest, model: str, *, stream: bool) -> dict[str, Any]:
    """The Messages API request body for a domain request."""
    system: list[str] = []
    messages: list[dict[str, Any]] = []
    results_msg: dict[str, Any] | None = None  # the user message collecting tool results
    for i, m in enumerate(request.messages):
        role = m.role
        if role is Role.SYSTEM:
            system.append(m.content)
            continue
        if role is Role.TOOL:
            block = {"type": "tool_result", "tool_use_id": m.tool_call_id, "content": m.content}
            if results_msg is None:
                results_msg = {"role": "user", "content": [block]}
                messages.append(results_msg)
            else:
                results_msg["content"].append(block)
            continue
        if role is Role.USER:
            if results_msg is not None:
                # Text after tool results joins their user message (results first, then text).
                if m.content:
                    results_msg["content"].append({"type": "text", "text": m.content})
            else:
                messages.append({"role": "user", "content": m.content})
            results_msg = None
            continue
        results_msg = None
        if m.tool_calls:
            blocks: list[dict[str, Any]] = []
            if m.content:
                blocks.append({"type": "text", "text": m.content})
            for j, tc in enumerate(m.tool_calls):
                blocks.append(
                    {
                        "type": "tool_use",
                        "id": tc.id,
                        "name": tc.name,
                        "input": _tool_input(tc.arguments, f"messages[{i}].tool_calls[{j}].arguments"),
                    }
                )
            messages.append({"role": "assistant", "content": blocks})
        else:
            messages.append({"role": "assistant", "content": m.content})
    g = request.generation
    body: dict[str, Any] = {
        "model": model,
        "max_tokens": g.max_tokens if g.max_tokens is not None else DEFAULT_MAX_TOKENS,
        "messages": messages,
    }
    if system:
        body["system"] = "\n\n".join(system)
    if g.temperature is not None:
        body["temperature"] = g.temperature
    if g.top_p is not None:
        body["top_p"] = g.top_p
    if g.stop:
        body["stop_sequences"] = list(g.stop)
    if request.tools:
        body["tools"] = [
            {
                "name": t.name,
                **({"description": t.description} if t.description else {}),
                "input_schema": t.parameters or {"type": "object", "properties": {}},
            }
            for t in request.tools
        ]
    tc = request.tool_choice
    if tc.mode is ToolChoiceMode.AUTO:
        body["tool_choice"] = {"type": "auto"}
    elif tc.mode is ToolChoiceMode.NONE:
        body["tool_choice"] = {"type": "none"}
    elif tc.mode is ToolChoiceMode.REQUIRED:
        body["tool_choice"] = {"type": "any"}
    elif tc.mode is ToolChoiceMode.FUNCTION:
        body["tool_choice"] = {"type": "tool", "name": tc.function_name}
    if stream:
        body["stream"] = True
    return body


def _usage(u: dict[str, Any], output_tokens: int | None = None) -> Usage:
    read = int(u.get("cache_read_input_tokens") or 0)
    created = int(u.get("cache_creation_input_tokens") or 0)
    return Usage(
        prompt_tokens=int(u.get("input_tokens") or 0) + read + created,
        completion_tokens=int(u.get("output_tokens") or 0) if output_tokens is None else output_tokens,
        cached_prompt_tokens=read,
    )


class AnthropicBackend(HttpBackendMixin, Backend):
    """An Anthropic-compatible provider. One instance (one pooled HTTP client) per provider config."""

    def __init__(self, provider: ProviderConfig, timeouts: HttpTimeouts | None = None) -> None:
        super().__init__(provider)
        self.timeouts = timeouts or HttpTimeouts()
        base = provider.base_url.rstrip("/")
        if base.endswith("/v1"):
            base = base[:-3]
        self._base = f"{base}/v1"
        self._messages_url = f"{self._base}/messages"
        headers = {"anthropic-version": ANTHROPIC_VERSION}
        if provider.api_key:
            headers["x-api-key"] = provider.api_key
        self._client = make_client(self.timeouts, headers=headers)

    async def aclose(self) -> None:
        await self._client.aclose()

    # ------------------------------------------------------------------ streaming

    async def stream(self, request: ChatRequest, model: str, deadline: float | None) -> AsyncIterator[Delta | Finish]:
        body = build_messages_body(request, model, stream=True)
        up = await self._open_stream(self._messages_url, body, deadline)
        provider = self.provider
        finish_reason = FinishReason.UNSPECIFIED
        start_usage: dict[str, Any] = {}
        output_tokens = 0
        blocks: dict[int, tuple[int, int]] = {}  # block index -> (kind, tool call index)
        n_tools = 0
        done = False
        first = True
        try:
            try:
                while not done:
                    batch = await up.read_batch()
                    if batch is None:
                        break
                    texts: list[str] = []
                    for ev in batch:
                        try:
                            obj = _loads(ev.data)
                            etype = obj.get("type") or ev.event
                        except (ValueError, AttributeError):
                            raise protocol_error(provider, f"bad {ev.event} event: {ev.data[:200]}") from None
                        if etype == "content_block_delta":
                            delta = obj.get("delta") or {}
                            dtype = delta.get("type")
                            if dtype == "text_delta":
                                t = delta.get("text")
                                if t:
                                    texts.append(t)
                                continue
                            if dtype == "input_json_delta":
                                part = delta.get("partial_json")
                                if not part:
                                    continue
                                info = blocks.get(obj.get("index", -1))
                                if info is None or info[0] != _TOOL:
                                    raise protocol_error(provider, "input_json_delta outside a tool_use block")
                                out = Delta(tool_calls=(ToolCallDelta(index=info[1], arguments=part),))
                            elif dtype == "thinking_delta":
                                t = delta.get("thinking")
                                if not t:
                                    continue
                                out = Delta(reasoning=t)
                            else:  # signature_delta, citations_delta, ...: nothing for our callers
                                continue
                        elif etype == "content_block_start":
                            cb = obj.get("content_block") or {}
                            ctype = cb.get("type")
                            index = obj.get("index", -1)
                            if ctype == "text":
                                blocks[index] = (_TEXT, -1)
                                t = cb.get("text")
                                if t:
                                    texts.append(t)
                                continue
                            if ctype == "tool_use":
                                blocks[index] = (_TOOL, n_tools)
                                inp = cb.get("input")
                                out = Delta(
                                    tool_calls=(
                                        ToolCallDelta(
                                            index=n_tools,
                                            id=cb.get("id") or "",
                                            name=cb.get("name") or "",
                                            arguments=json.dumps(inp, ensure_ascii=False) if inp else "",
                                        ),
                                    )
                                )
                                n_tools += 1
                            elif ctype == "thinking":
                                blocks[index] = (_THINKING, -1)
                                t = cb.get("thinking")
                                if not t:
                                    continue
                                out = Delta(reasoning=t)
                            else:  # redacted_thinking, server tool blocks: not surfaced
                                blocks[index] = (_OTHER, -1)
                                continue
                        elif etype == "message_delta":
                            d = obj.get("delta") or {}
                            sr = d.get("stop_reason")
                            if sr:
                                finish_reason = STOP_REASONS.get(sr, FinishReason.UNSPECIFIED)
                            u = obj.get("usage") or {}
                            if u.get("output_tokens") is not None:
                                output_tokens = int(u["output_tokens"])
                            for k in ("input_tokens", "cache_read_input_tokens", "cache_creation_input_tokens"):
                                if u.get(k) is not None:
                                    start_usage[k] = u[k]
                            continue
                        elif etype == "message_start":
                            msg = obj.get("message") or {}
                            start_usage = dict(msg.get("usage") or {})
                            output_tokens = int(start_usage.get("output_tokens") or 0)
                            continue
                        elif etype == "message_stop":
                            done = True
                            break
                        elif etype == "error":
                            if texts:
                                yield Delta(text="".join(texts))
                                texts = []
                            err = obj.get("error") or {}
                            raise error_for(
                                provider,
                                status=None,
                                message=str(err.get("message") or ""),
                                etype=str(err.get("type") or "error"),
                            )
                        else:  # ping, content_block_stop, unknown future events
                            continue
                        # A non-text delta: flush the text gathered so far first, keeping order.
                        if texts:
                            yield Delta(text="".join(texts))
                            texts = []
                        if first:
                            up.got_token()
                            first = False
                        yield out
                    if texts:
                        if first:
                            up.got_token()
                            first = False
                        yield Delta(text="".join(texts))
            except (AttributeError, TypeError, KeyError, IndexError, ValueError) as exc:
                raise protocol_error(provider, f"unexpected stream event shape: {exc!r}") from None
            if not done:
                raise truncated_error(provider, "message_stop")
            await up.drain()
        finally:
            await up.aclose()
        yield Finish(finish_reason=finish_reason, usage=_usage(start_usage, output_tokens))

    # ------------------------------------------------------------------ unary

    async def complete(self, request: ChatRequest, model: str, deadline: float | None) -> Completion:
        body = build_messages_body(request, model, stream=False)
        obj = await self._request_json("POST", self._messages_url, body, deadline, wait_s=self.timeouts.unary_s)
        if not isinstance(obj, dict):
            raise protocol_error(self.provider, "message is not a JSON object")
        if obj.get("type") == "error":
            err = obj.get("error") or {}
            raise error_for(
                self.provider, status=None, message=str(err.get("message") or ""), etype=str(err.get("type") or "")
            )
        text: list[str] = []
        reasoning: list[str] = []
        calls: list[ToolCall] = []
        for block in obj.get("content") or ():
            btype = block.get("type")
            if btype == "text":
                text.append(block.get("text") or "")
            elif btype == "thinking":
                reasoning.append(block.get("thinking") or "")
            elif btype == "tool_use":
                calls.append(
                    ToolCall(
                        id=block.get("id") or "",
                        name=block.get("name") or "",
                        arguments=json.dumps(block.get("input") or {}, ensure_ascii=False),
                    )
                )
        sr = obj.get("stop_reason")
        return Completion(
            text="".join(text),
            reasoning="".join(reasoning),
            tool_calls=tuple(calls),
            finish_reason=STOP_REASONS.get(sr, FinishReason.UNSPECIFIED) if sr else FinishReason.UNSPECIFIED,
            usage=_usage(obj.get("usage") or {}),
        )

    # ------------------------------------------------------------------ models, verify

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

    async def verify(self, model: str | None, deadline: float | None) -> VerifyResult:
        return await run_verify(self, model, deadline)
