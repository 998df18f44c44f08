"""Chat Completions answers to domain events: one stream chunk at a time, or one unary body.

Wire format (OpenAI API reference, "The chat completion chunk object",
https://platform.openai.com/docs/api-reference/chat-streaming): text in
``choices[0].delta.content`` (a refusal in ``delta.refusal``), reasoning in
``delta.reasoning_content`` (DeepSeek, Qwen) or ``delta.reasoning`` (OpenRouter), tool calls in
``delta.tool_calls[]`` (``index``, ``id``, ``function.name``, ``function.arguments`` fragments),
``choices[0].finish_reason``; the usage chunk has empty ``choices`` and ``usage`` with
``prompt_tokens_details.cached_tokens`` (DeepSeek: ``prompt_cache_hit_tokens``). An
``{"error": {...}}`` chunk is an in-stream error; ``data: [DONE]`` ends the stream.
"""

from __future__ import annotations

import json
from typing import Any

from service.backends.http.errors import error_for, protocol_error
from service.backends.http.events import TEXT_BREAK
from service.backends.http.sse import SSEEvent
from service.core.chat import Completion, Delta, Finish, FinishReason, ToolCall, ToolCallDelta, Usage
from service.core.config import ProviderConfig
from service.core.errors import RouterError

__all__ = ["FINISH_REASONS", "OpenAIStreamMapper", "map_completion", "stream_error", "usage"]

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
_SHAPE_ERRORS = (AttributeError, TypeError, KeyError, IndexError, ValueError)


def usage(u: dict[str, Any]) -> Usage:
    """Our usage from a ``usage`` object (cached prompt tokens included in the prompt count)."""
    details = u.get("prompt_tokens_details") or {}
    cached = details.get("cached_tokens") or u.get("prompt_cache_hit_tokens") or 0
    return Usage(
        prompt_tokens=int(u.get("prompt_tokens") or 0),
        completion_tokens=int(u.get("completion_tokens") or 0),
        cached_prompt_tokens=int(cached),
    )


def stream_error(provider: ProviderConfig, err: Any) -> RouterError:
    """The domain error for an ``error`` object (in a stream or in a 200 body)."""
    if isinstance(err, dict):
        return error_for(
            provider,
            status=None,
            message=str(err.get("message") or ""),
            etype=str(err.get("type") or ""),
            code=str(err.get("code") or ""),
        )
    return error_for(provider, status=None, message=str(err))


def tool_deltas(tcs: list[dict[str, Any]], ids: dict[int, str]) -> tuple[ToolCallDelta, ...]:
    """The tool-call fragments of one delta; `ids` (call index -> id) is the stream's state."""
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


class OpenAIStreamMapper:
    """Maps one ``chat.completion.chunk`` at a time (see `service.backends.http.events`).

    Plain content comes back as a ``str`` (the loop joins what arrived together); a chunk with
    reasoning or tool calls comes back as one `Delta` holding all its parts, and always ends
    the run of text before it (`TEXT_BREAK` when it holds nothing to send).
    """

    __slots__ = ("ended", "error", "finish_reason", "provider", "tool_ids", "usage")

    terminal = "data: [DONE]"
    unit = "chunk"

    def __init__(self, provider: ProviderConfig) -> None:
        self.provider = provider
        self.ended = False
        self.error: RouterError | None = None
        self.finish_reason = FinishReason.UNSPECIFIED
        self.usage = Usage()
        self.tool_ids: dict[int, str] = {}  # tool call index -> id

    def map(self, event: SSEEvent) -> str | Delta | None:
        data = event.data
        if data.startswith("[DONE]"):
            self.ended = True
            return None
        try:
            chunk = _loads(data)
            choices = chunk.get("choices")
        except (ValueError, AttributeError):
            raise protocol_error(self.provider, f"bad stream chunk: {data[:200]}") from None
        out: str | Delta | None = None
        try:
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
                        out = TEXT_BREAK  # the text before this chunk goes out first, whatever follows
                        calls = tool_deltas(tcs, self.tool_ids) if tcs else ()
                        if reasoning or calls or content:
                            out = Delta(text=content or "", reasoning=reasoning or "", tool_calls=calls)
                    elif content:
                        if content.__class__ is not str:
                            raise TypeError(f"content is {type(content).__name__}, not a string")
                        out = content
                fr = choice.get("finish_reason")
                if fr:
                    self.finish_reason = FINISH_REASONS.get(fr, FinishReason.UNSPECIFIED)
            u = chunk.get("usage")
            if u:
                self.usage = usage(u)
            err = chunk.get("error")
            if err:
                self.error = stream_error(self.provider, err)
                self.ended = True
        except _SHAPE_ERRORS as exc:
            failure = protocol_error(self.provider, f"unexpected stream chunk shape: {exc!r}")
            if out is None or isinstance(out, str):
                raise failure from None
            # A delta already made from this chunk goes out before the failure.
            self.error = failure
            self.ended = True
        return out

    def finish(self) -> Finish:
        return Finish(finish_reason=self.finish_reason, usage=self.usage)


def map_completion(provider: ProviderConfig, obj: Any) -> Completion:
    """A non-streaming ``chat.completion`` body as a `Completion`."""
    if not isinstance(obj, dict):
        raise protocol_error(provider, "chat completion is not a JSON object")
    if obj.get("error"):
        raise stream_error(provider, obj["error"])
    choices = obj.get("choices") or []
    if not choices:
        raise protocol_error(provider, "chat completion without choices")
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
        usage=usage(obj.get("usage") or {}),
    )
