"""Messages API answers to domain events: one stream event at a time, or one unary body.

Wire format (Anthropic API docs, "Streaming Messages",
https://docs.anthropic.com/en/docs/build-with-claude/streaming): named server-sent events
``message_start`` (usage: ``input_tokens``, ``cache_read_input_tokens``,
``cache_creation_input_tokens``), ``content_block_start`` (``text`` / ``tool_use`` with id and
name / ``thinking``), ``content_block_delta`` (``text_delta``, ``input_json_delta``,
``thinking_delta``, ``signature_delta``), ``content_block_stop``, ``message_delta``
(``stop_reason``, cumulative ``usage``), ``message_stop``, ``ping`` and ``error``.

Prompt tokens reported = input_tokens + cache_read_input_tokens + cache_creation_input_tokens
(Anthropic counts the three apart); cached prompt tokens = cache_read_input_tokens.
"""

from __future__ import annotations

import json
from typing import Any

from service.backends.http.errors import error_for, protocol_error
from service.backends.http.sse import SSEEvent
from service.core.chat import Completion, Delta, Finish, FinishReason, ToolCall, ToolCallDelta, Usage
from service.core.config import ProviderConfig
from service.core.errors import RouterError

__all__ = ["STOP_REASONS", "AnthropicStreamMapper", "map_message", "usage"]

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
_SHAPE_ERRORS = (AttributeError, TypeError, KeyError, IndexError, ValueError)
# Kinds of content blocks, by block index.
_TEXT, _TOOL, _THINKING, _OTHER = range(4)


def usage(u: dict[str, Any], output_tokens: int | None = None) -> Usage:
    """Our usage from a ``usage`` object; `output_tokens` overrides its ``output_tokens``."""
    read = int(u.get("cache_read_input_tokens") or 0)
    created = int(u.get("cache_creation_input_tokens") or 0)
    return Usage(
        prompt_tokens=int(u.get("input_tokens") or 0) + read + created,
        completion_tokens=int(u.get("output_tokens") or 0) if output_tokens is None else output_tokens,
        cached_prompt_tokens=read,
    )


def _text(value: Any) -> str:
    if value.__class__ is not str:
        raise TypeError(f"text is {type(value).__name__}, not a string")
    return value


class AnthropicStreamMapper:
    """Maps one Messages stream event at a time (see `service.backends.http.events`).

    Text comes back as a ``str`` (the loop joins what arrived together); a tool call's start
    or input fragment and a thinking fragment come back as a `Delta`. Tool calls are numbered
    0, 1, ... in the order their blocks start, whatever their block index.
    """

    __slots__ = ("blocks", "ended", "error", "finish_reason", "n_tools", "output_tokens", "provider", "start_usage")

    terminal = "message_stop"
    unit = "event"

    def __init__(self, provider: ProviderConfig) -> None:
        self.provider = provider
        self.ended = False
        self.error: RouterError | None = None
        self.finish_reason = FinishReason.UNSPECIFIED
        self.start_usage: dict[str, Any] = {}
        self.output_tokens = 0
        self.blocks: dict[int, tuple[int, int]] = {}  # block index -> (kind, tool call index)
        self.n_tools = 0

    def map(self, event: SSEEvent) -> str | Delta | None:
        try:
            obj = _loads(event.data)
            etype = obj.get("type") or event.event
        except (ValueError, AttributeError):
            raise protocol_error(self.provider, f"bad {event.event} event: {event.data[:200]}") from None
        try:
            if etype == "content_block_delta":
                delta = obj.get("delta") or {}
                dtype = delta.get("type")
                if dtype == "text_delta":  # the hot path: `_text` inlined
                    t = delta.get("text")
                    if not t:
                        return None
                    if t.__class__ is not str:
                        raise TypeError(f"text is {type(t).__name__}, not a string")
                    return t
                if dtype == "input_json_delta":
                    part = delta.get("partial_json")
                    if not part:
                        return None
                    info = self.blocks.get(obj.get("index", -1))
                    if info is None or info[0] != _TOOL:
                        raise protocol_error(self.provider, "input_json_delta outside a tool_use block")
                    return Delta(tool_calls=(ToolCallDelta(index=info[1], arguments=part),))
                if dtype == "thinking_delta":
                    t = delta.get("thinking")
                    return Delta(reasoning=t) if t else None
                return None  # signature_delta, citations_delta, ...: nothing for our callers
            if etype == "content_block_start":
                cb = obj.get("content_block") or {}
                ctype = cb.get("type")
                index = obj.get("index", -1)
                if ctype == "text":
                    self.blocks[index] = (_TEXT, -1)
                    t = cb.get("text")
                    return _text(t) if t else None
                if ctype == "tool_use":
                    n = self.n_tools
                    self.blocks[index] = (_TOOL, n)
                    inp = cb.get("input")
                    out = Delta(
                        tool_calls=(
                            ToolCallDelta(
                                index=n,
                                id=cb.get("id") or "",
                                name=cb.get("name") or "",
                                arguments=json.dumps(inp, ensure_ascii=False) if inp else "",
                            ),
                        )
                    )
                    self.n_tools = n + 1
                    return out
                if ctype == "thinking":
                    self.blocks[index] = (_THINKING, -1)
                    t = cb.get("thinking")
                    return Delta(reasoning=t) if t else None
                self.blocks[index] = (_OTHER, -1)  # redacted_thinking, server tool blocks: not surfaced
                return None
            if etype == "message_delta":
                d = obj.get("delta") or {}
                sr = d.get("stop_reason")
                if sr:
                    self.finish_reason = STOP_REASONS.get(sr, FinishReason.UNSPECIFIED)
                u = obj.get("usage") or {}
                if u.get("output_tokens") is not None:
                    self.output_tokens = int(u["output_tokens"])
                for k in ("input_tokens", "cache_read_input_tokens", "cache_creation_input_tokens"):
                    if u.get(k) is not None:
                        self.start_usage[k] = u[k]
                return None
            if etype == "message_start":
                msg = obj.get("message") or {}
                self.start_usage = dict(msg.get("usage") or {})
                self.output_tokens = int(self.start_usage.get("output_tokens") or 0)
                return None
            if etype == "message_stop":
                self.ended = True
                return None
            if etype == "error":
                err = obj.get("error") or {}
                self.error = error_for(
                    self.provider,
                    status=None,
                    message=str(err.get("message") or ""),
                    etype=str(err.get("type") or "error"),
                )
                self.ended = True
                return None
            return None  # ping, content_block_stop, unknown future events
        except _SHAPE_ERRORS as exc:
            failure = protocol_error(self.provider, f"unexpected stream event shape: {exc!r}")
            if etype != "error":
                raise failure from None
            # A malformed error event fails the stream like a well-formed one: after the text before it.
            self.error = failure
            self.ended = True
            return None

    def finish(self) -> Finish:
        return Finish(finish_reason=self.finish_reason, usage=usage(self.start_usage, self.output_tokens))


def map_message(provider: ProviderConfig, obj: Any) -> Completion:
    """A non-streaming ``message`` body as a `Completion`."""
    if not isinstance(obj, dict):
        raise protocol_error(provider, "message is not a JSON object")
    if obj.get("type") == "error":
        err = obj.get("error") or {}
        raise error_for(provider, status=None, message=str(err.get("message") or ""), etype=str(err.get("type") or ""))
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
        usage=usage(obj.get("usage") or {}),
    )
