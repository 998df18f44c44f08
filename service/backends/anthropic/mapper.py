"""Messages API answers to domain events: one stream event at a time, or one unary body.

Wire format (Anthropic API docs, "Streaming Messages",
https://docs.anthropic.com/en/docs/build-with-claude/streaming ; extended thinking,
https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking): named server-sent events
``message_start`` (usage: ``input_tokens``, ``cache_read_input_tokens``,
``cache_creation_input_tokens``), ``content_block_start`` (``text`` / ``tool_use`` with id and
name / ``thinking`` / ``redacted_thinking`` with its ``data``), ``content_block_delta``
(``text_delta``, ``input_json_delta``, ``thinking_delta``, ``signature_delta``),
``content_block_stop``, ``message_delta`` (``stop_reason``, ``stop_sequence``, cumulative
``usage``), ``message_stop``, ``ping`` and ``error``.

What each becomes: text deltas as text; thinking deltas as `Delta.reasoning`, the block's
``signature_delta`` as `Delta.reasoning_signature` (it closes the block), a redacted_thinking
block as `Delta.redacted_reasoning`; tool_use blocks as tool-call deltas, except the answer tool
of a structured output (`service.backends.anthropic.answer`), whose input is the answer's text.
The usage of ``message_start`` (the real prompt token count) rides on the stream's first delta,
so that it reaches the caller before any output without moving the commit point.

Prompt tokens reported = input_tokens + cache_read_input_tokens + cache_creation_input_tokens
(Anthropic counts the three apart); cached prompt tokens = cache_read_input_tokens; cache-write
tokens = cache_creation_input_tokens; reasoning tokens = ``output_tokens_details.thinking_tokens``
where the API reports it.
"""

from __future__ import annotations

import json
from typing import Any

from service.backends.http import wire
from service.backends.http.errors import error_for, protocol_error
from service.backends.http.sse import SSEEvent
from service.backends.http.wire import count
from service.core.chat import (
    Completion,
    Delta,
    Finish,
    FinishReason,
    ReasoningBlock,
    ToolCall,
    ToolCallDelta,
    Usage,
)
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

_loads = wire.loads
_SHAPE_ERRORS = (AttributeError, TypeError, KeyError, IndexError, ValueError)
# Kinds of content blocks, by block index.
_TEXT, _TOOL, _THINKING, _ANSWER, _OTHER = range(5)


def usage(u: dict[str, Any], output_tokens: int | None = None) -> Usage:
    """Our usage from a ``usage`` object; `output_tokens` overrides its ``output_tokens``."""
    read = count(u.get("cache_read_input_tokens"))
    created = count(u.get("cache_creation_input_tokens"))
    details = u.get("output_tokens_details") or {}
    return Usage(
        prompt_tokens=count(count(u.get("input_tokens")) + read + created),
        completion_tokens=count(u.get("output_tokens")) if output_tokens is None else output_tokens,
        cached_prompt_tokens=read,
        cache_write_tokens=created,
        reasoning_tokens=count(details.get("thinking_tokens")),
    )


def _text(value: Any) -> str:
    if value.__class__ is not str:
        raise TypeError(f"text is {type(value).__name__}, not a string")
    return value


def _finish_reason(stop_reason: Any, answered: bool, n_tools: int) -> FinishReason:
    reason = STOP_REASONS.get(stop_reason, FinishReason.UNSPECIFIED) if stop_reason else FinishReason.UNSPECIFIED
    if reason is FinishReason.TOOL_CALLS and answered and not n_tools:
        return FinishReason.STOP  # only the answer tool was called: the answer is the text
    return reason


class AnthropicStreamMapper:
    """Maps one Messages stream event at a time (see `service.backends.http.events`).

    Text (and the answer tool's input) comes back as a ``str`` (the loop joins what arrived
    together); a tool call's start or input fragment, reasoning, its signature and redacted
    reasoning come back as a `Delta`. Tool calls are numbered 0, 1, ... in the order their
    blocks start, whatever their block index. `answer_tool` names the tool whose input is the
    answer ("" when none).
    """

    __slots__ = (
        "answer_tool",
        "answered",
        "blocks",
        "early",
        "ended",
        "error",
        "n_tools",
        "output_tokens",
        "provider",
        "start_usage",
        "stop_reason",
        "stop_sequence",
    )

    terminal = "message_stop"
    unit = "event"

    def __init__(self, provider: ProviderConfig, answer_tool: str = "") -> None:
        self.provider = provider
        self.answer_tool = answer_tool
        self.answered = False  # the answer tool was called
        self.ended = False
        self.error: RouterError | None = None
        self.stop_reason: Any = None
        self.stop_sequence = ""
        self.start_usage: dict[str, Any] = {}
        self.early: Usage | None = None  # message_start's usage, until the first delta carries it
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
                if delta.get("type") == "text_delta":  # the hot path, inline
                    t = delta.get("text")
                    if not t:
                        return None
                    if t.__class__ is not str:
                        raise TypeError(f"text is {type(t).__name__}, not a string")
                    return t if self.early is None else self._with_usage(t)
            out = self._event(obj, etype)
        except _SHAPE_ERRORS as exc:
            failure = protocol_error(self.provider, f"unexpected stream event shape: {exc!r}")
            if etype != "error":
                raise failure from None
            # A malformed error event fails the stream like a well-formed one: after the text before it.
            self.error = failure
            self.ended = True
            return None
        return out if self.early is None or out is None else self._with_usage(out)

    def _with_usage(self, out: str | Delta) -> Delta:
        """`out` carrying message_start's usage (the stream's first delta)."""
        early, self.early = self.early, None
        if isinstance(out, str):
            return Delta(text=out, usage=early)
        return Delta(
            text=out.text,
            reasoning=out.reasoning,
            tool_calls=out.tool_calls,
            reasoning_signature=out.reasoning_signature,
            redacted_reasoning=out.redacted_reasoning,
            usage=early,
        )

    def _event(self, obj: dict[str, Any], etype: str) -> str | Delta | None:
        """What any event but a text delta adds (shape errors are the caller's to report)."""
        if etype == "content_block_delta":
            delta = obj.get("delta") or {}
            dtype = delta.get("type")
            if dtype == "input_json_delta":
                part = delta.get("partial_json")
                if not part:
                    return None
                info = self.blocks.get(obj.get("index", -1))
                if info is None or info[0] not in (_TOOL, _ANSWER):
                    raise protocol_error(self.provider, "input_json_delta outside a tool_use block")
                if info[0] == _ANSWER:
                    return _text(part)
                return Delta(tool_calls=(ToolCallDelta(index=info[1], arguments=part),))
            if dtype == "thinking_delta":
                t = delta.get("thinking")
                return Delta(reasoning=_text(t)) if t else None
            if dtype == "signature_delta":
                s = delta.get("signature")
                return Delta(reasoning_signature=_text(s)) if s else None
            return None  # citations_delta, ...: nothing for our callers
        if etype == "content_block_start":
            cb = obj.get("content_block") or {}
            ctype = cb.get("type")
            raw_index = obj.get("index")
            index = -1 if raw_index is None else wire.index(raw_index, "content block index")
            if index not in self.blocks and len(self.blocks) >= wire.MAX_PARTS:
                raise ValueError(f"more than {wire.MAX_PARTS} content blocks")
            if ctype == "text":
                self.blocks[index] = (_TEXT, -1)
                t = cb.get("text")
                return _text(t) if t else None
            if ctype == "tool_use":
                inp = cb.get("input")
                if self.answer_tool and cb.get("name") == self.answer_tool:
                    self.blocks[index] = (_ANSWER, -1)
                    self.answered = True
                    return json.dumps(inp, ensure_ascii=False) if inp else None
                n = self.n_tools
                if n >= wire.MAX_PARTS:
                    raise ValueError(f"more than {wire.MAX_PARTS} tool calls")
                self.blocks[index] = (_TOOL, n)
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
                t = cb.get("thinking") or ""
                s = cb.get("signature") or ""
                return Delta(reasoning=_text(t), reasoning_signature=_text(s)) if t or s else None
            if ctype == "redacted_thinking":
                self.blocks[index] = (_OTHER, -1)
                data = cb.get("data")
                return Delta(redacted_reasoning=_text(data)) if data else None
            self.blocks[index] = (_OTHER, -1)  # server tool blocks: not surfaced
            return None
        if etype == "message_delta":
            d = obj.get("delta") or {}
            sr = d.get("stop_reason")
            if sr:
                self.stop_reason = sr
            ss = d.get("stop_sequence")
            if ss:
                self.stop_sequence = _text(ss)
            u = obj.get("usage") or {}
            if u.get("output_tokens") is not None:
                self.output_tokens = count(u["output_tokens"])
            for k in ("input_tokens", "cache_read_input_tokens", "cache_creation_input_tokens"):
                if u.get(k) is not None:
                    self.start_usage[k] = u[k]
            if u.get("output_tokens_details") is not None:
                self.start_usage["output_tokens_details"] = dict(u["output_tokens_details"])
            return None
        if etype == "message_start":
            msg = obj.get("message") or {}
            self.start_usage = dict(msg.get("usage") or {})
            self.output_tokens = count(self.start_usage.get("output_tokens"))
            self.early = usage(self.start_usage) if self.start_usage else None
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

    def finish(self) -> Finish:
        return Finish(
            finish_reason=_finish_reason(self.stop_reason, self.answered, self.n_tools),
            usage=usage(self.start_usage, self.output_tokens),
            stop_sequence=self.stop_sequence,
        )


def map_message(provider: ProviderConfig, obj: Any, answer_tool: str = "") -> Completion:
    """A non-streaming ``message`` body as a `Completion` (`answer_tool`: as in the stream mapper)."""
    if not isinstance(obj, dict):
        raise protocol_error(provider, "message is not a JSON object")
    if obj.get("type") == "error":
        err = obj.get("error") or {}
        raise error_for(provider, status=None, message=str(err.get("message") or ""), etype=str(err.get("type") or ""))
    text: list[str] = []
    reasoning: list[str] = []
    blocks: list[ReasoningBlock] = []
    calls: list[ToolCall] = []
    answered = False
    for block in obj.get("content") or ():
        btype = block.get("type")
        if btype == "text":
            text.append(block.get("text") or "")
        elif btype == "thinking":
            t = block.get("thinking") or ""
            reasoning.append(t)
            blocks.append(ReasoningBlock(text=t, signature=block.get("signature") or ""))
        elif btype == "redacted_thinking":
            blocks.append(ReasoningBlock(redacted_data=block.get("data") or ""))
        elif btype == "tool_use":
            arguments = json.dumps(block.get("input") or {}, ensure_ascii=False)
            if answer_tool and block.get("name") == answer_tool:
                text.append(arguments)
                answered = True
                continue
            calls.append(ToolCall(id=block.get("id") or "", name=block.get("name") or "", arguments=arguments))
    return Completion(
        text="".join(text),
        reasoning="".join(reasoning),
        tool_calls=tuple(calls),
        finish_reason=_finish_reason(obj.get("stop_reason"), answered, len(calls)),
        usage=usage(obj.get("usage") or {}),
        reasoning_blocks=tuple(blocks),
        stop_sequence=str(obj.get("stop_sequence") or ""),
    )
