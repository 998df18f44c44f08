"""Chat Completions answers to domain events: one stream chunk at a time, or one unary body.

Wire format (OpenAI API reference, "The chat completion chunk object",
https://platform.openai.com/docs/api-reference/chat-streaming): text in
``choices[0].delta.content`` (a refusal in ``delta.refusal``), reasoning in
``delta.reasoning_content`` (DeepSeek, Qwen) or ``delta.reasoning`` (OpenRouter), tool calls in
``delta.tool_calls[]`` (``index``, ``id``, ``function.name``, ``function.arguments`` fragments),
``choices[0].finish_reason``; log probabilities of the content's tokens in
``choices[0].logprobs.content[]`` (``token``, ``logprob``, ``bytes``, ``top_logprobs[]``); the
usage chunk has empty ``choices`` and ``usage`` with ``prompt_tokens_details.cached_tokens``
(DeepSeek: ``prompt_cache_hit_tokens``) and ``completion_tokens_details.reasoning_tokens``. An
``{"error": {...}}`` chunk is an in-stream error; ``data: [DONE]`` ends the stream. vLLM also
names the stop string that ended generation in ``choices[0].stop_reason``.

Tool-call fragments are renumbered as calls open (0, 1, ...): a fragment with a new id at an
index already in use opens a new call (Ollama and some compatible servers number every call
0), so two calls are never merged into one.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from service.backends.http import wire
from service.backends.http.errors import error_for, protocol_error
from service.backends.http.events import TEXT_BREAK
from service.backends.http.sse import SSEEvent
from service.backends.http.wire import count
from service.core.chat import (
    Completion,
    Delta,
    Finish,
    FinishReason,
    ReasoningBlock,
    TokenLogprob,
    ToolCall,
    ToolCallDelta,
    TopLogprob,
    Usage,
)
from service.core.config import ProviderConfig
from service.core.errors import RouterError

__all__ = [
    "FINISH_REASONS",
    "OpenAIStreamMapper",
    "ToolCallSlots",
    "map_completion",
    "stream_error",
    "token_logprobs",
    "usage",
]

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

_loads = wire.loads
_SHAPE_ERRORS = (AttributeError, TypeError, KeyError, IndexError, ValueError)


def usage(u: dict[str, Any]) -> Usage:
    """Our usage from a ``usage`` object (cached prompt tokens included in the prompt count)."""
    details = u.get("prompt_tokens_details") or {}
    cached = details.get("cached_tokens") or u.get("prompt_cache_hit_tokens") or 0
    reasoning = (u.get("completion_tokens_details") or {}).get("reasoning_tokens") or 0
    return Usage(
        prompt_tokens=count(u.get("prompt_tokens")),
        completion_tokens=count(u.get("completion_tokens")),
        cached_prompt_tokens=count(cached),
        reasoning_tokens=count(reasoning),
    )


def token_logprobs(entries: Iterable[dict[str, Any]]) -> tuple[TokenLogprob, ...]:
    """Our log probabilities from a ``logprobs.content`` list."""
    return tuple(
        TokenLogprob(
            token=e["token"],
            logprob=float(e["logprob"]),
            bytes=bytes(e.get("bytes") or b""),
            top=tuple(
                TopLogprob(token=a["token"], logprob=float(a["logprob"]), bytes=bytes(a.get("bytes") or b""))
                for a in e.get("top_logprobs") or ()
            ),
        )
        for e in entries
    )


def _stop_sequence(choice: dict[str, Any], stops: tuple[str, ...]) -> str:
    """The caller's stop sequence that ended generation, where the server names it (vLLM)."""
    reason = choice.get("stop_reason")
    return reason if isinstance(reason, str) and reason in stops else ""


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


class ToolCallSlots:
    """Our index of each streamed tool call, from the upstream's fragments (one per stream).

    `ids` maps our call index to the call's id. A fragment continues the call last opened at
    its upstream index, unless it carries a different id: then it opens a new call. Without an
    index (some compatible servers), a new id opens the next call and no id continues the last.
    """

    __slots__ = ("_at", "ids")

    def __init__(self) -> None:
        self.ids: dict[int, str] = {}  # our call index -> id ("" until the id came)
        self._at: dict[int, int] = {}  # the upstream's index -> our index of the call open there

    def _open(self, tid: str) -> int:
        idx = len(self.ids)
        if idx >= wire.MAX_PARTS:
            raise ValueError(f"more than {wire.MAX_PARTS} tool calls")
        self.ids[idx] = tid
        return idx

    def deltas(self, tcs: list[dict[str, Any]]) -> tuple[ToolCallDelta, ...]:
        """The tool-call fragments of one delta."""
        ids = self.ids
        out = []
        for tc in tcs:
            up = tc.get("index")
            tid = tc.get("id") or ""
            if up is None:
                last = len(ids) - 1
                if not tid:
                    idx = last if last >= 0 else self._open("")
                elif tid in ids.values():
                    idx = next(k for k, v in ids.items() if v == tid)
                elif last >= 0 and not ids[last]:  # the id of the call opened without one
                    idx = last
                    ids[idx] = tid
                else:
                    idx = self._open(tid)
            else:
                up = wire.index(up)
                idx = self._at.get(up, -1)
                if idx < 0 or (tid and ids[idx] and tid != ids[idx]):
                    idx = self._open(tid)
                    self._at[up] = idx
                elif tid:
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
    reasoning, tool calls or log probabilities comes back as one `Delta` holding all its parts,
    and always ends the run of text before it (`TEXT_BREAK` when it holds nothing to send).
    `stops` are the caller's stop sequences (to name the one that ended generation).
    """

    __slots__ = ("ended", "error", "finish_reason", "provider", "stop_sequence", "stops", "tools", "usage")

    terminal = "data: [DONE]"
    unit = "chunk"

    def __init__(self, provider: ProviderConfig, stops: tuple[str, ...] = ()) -> None:
        self.provider = provider
        self.stops = stops
        self.ended = False
        self.error: RouterError | None = None
        self.finish_reason = FinishReason.UNSPECIFIED
        self.stop_sequence = ""
        self.usage = Usage()
        self.tools = ToolCallSlots()

    @property
    def tool_ids(self) -> dict[int, str]:
        """Tool call index -> id, of the calls opened so far."""
        return self.tools.ids

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
                    lp = choice.get("logprobs")
                    lps = token_logprobs(lp.get("content") or ()) if lp and content else ()
                    if reasoning or tcs or lps:
                        out = TEXT_BREAK  # the text before this chunk goes out first, whatever follows
                        calls = self.tools.deltas(tcs) if tcs else ()
                        if reasoning or calls or content:
                            if content and content.__class__ is not str:
                                raise TypeError(f"content is {type(content).__name__}, not a string")
                            out = Delta(text=content or "", reasoning=reasoning or "", tool_calls=calls, logprobs=lps)
                    elif content:
                        if content.__class__ is not str:
                            raise TypeError(f"content is {type(content).__name__}, not a string")
                        out = content
                fr = choice.get("finish_reason")
                if fr:
                    self.finish_reason = FINISH_REASONS.get(fr, FinishReason.UNSPECIFIED)
                    if self.stops:
                        self.stop_sequence = _stop_sequence(choice, self.stops)
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
        if self.stop_sequence and self.finish_reason is FinishReason.STOP:
            return Finish(FinishReason.STOP_SEQUENCE, self.usage, self.stop_sequence)
        return Finish(finish_reason=self.finish_reason, usage=self.usage)


def map_completion(provider: ProviderConfig, obj: Any, stops: tuple[str, ...] = ()) -> Completion:
    """A non-streaming ``chat.completion`` body as a `Completion` (`stops`: the caller's stop
    sequences, to name the one that ended generation where the server says)."""
    if not isinstance(obj, dict):
        raise protocol_error(provider, "chat completion is not a JSON object")
    if obj.get("error"):
        raise stream_error(provider, obj["error"])
    if not obj.get("choices"):
        raise protocol_error(provider, "chat completion without choices")
    try:
        return _completion(obj, stops)
    except _SHAPE_ERRORS as exc:
        raise protocol_error(provider, f"unexpected chat completion shape: {exc!r}") from None


def _completion(obj: dict[str, Any], stops: tuple[str, ...]) -> Completion:
    choice = obj["choices"][0]
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
    finish = FINISH_REASONS.get(fr, FinishReason.UNSPECIFIED) if fr else FinishReason.UNSPECIFIED
    stop = _stop_sequence(choice, stops) if stops and finish is FinishReason.STOP else ""
    reasoning = msg.get("reasoning_content") or msg.get("reasoning") or ""
    lp = choice.get("logprobs")
    return Completion(
        text=msg.get("content") or msg.get("refusal") or "",
        reasoning=reasoning,
        tool_calls=calls,
        finish_reason=FinishReason.STOP_SEQUENCE if stop else finish,
        usage=usage(obj.get("usage") or {}),
        reasoning_blocks=(ReasoningBlock(text=reasoning),) if reasoning else (),
        logprobs=token_logprobs(lp.get("content") or ()) if lp else (),
        stop_sequence=stop,
    )


class TextCompletionMapper(OpenAIStreamMapper):
    """Maps one legacy ``text_completion`` chunk (``choices[0].text``) at a time."""

    __slots__ = ()

    def map(self, event: SSEEvent) -> str | Delta | None:
        data = event.data
        if data.startswith("[DONE]"):
            self.ended = True
            return None
        try:
            chunk = _loads(data)
            choices = chunk.get("choices")
            out = None
            if choices:
                choice = choices[0]
                text = choice.get("text")
                if text:
                    if text.__class__ is not str:
                        raise TypeError(f"text is {type(text).__name__}, not a string")
                    out = text
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
        except (ValueError, *_SHAPE_ERRORS) as exc:
            raise protocol_error(self.provider, f"bad completion chunk: {exc!r}") from None
        return out


def map_text_completion(provider: ProviderConfig, obj: Any) -> Completion:
    """A non-streaming legacy ``text_completion`` body as a `Completion`."""
    if not isinstance(obj, dict):
        raise protocol_error(provider, "completion is not a JSON object")
    if obj.get("error"):
        raise stream_error(provider, obj["error"])
    try:
        choice = obj["choices"][0]
        text = choice.get("text") or ""
        if not isinstance(text, str):
            raise TypeError("text is not a string")
        fr = choice.get("finish_reason")
        finish = FINISH_REASONS.get(fr, FinishReason.UNSPECIFIED) if fr else FinishReason.UNSPECIFIED
        return Completion(
            text=text, reasoning="", tool_calls=(), finish_reason=finish, usage=usage(obj.get("usage") or {})
        )
    except (LookupError, *_SHAPE_ERRORS) as exc:
        raise protocol_error(provider, f"unexpected completion shape: {exc!r}") from None
