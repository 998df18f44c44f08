"""Anthropic Messages replies for the fake upstream, in the documented wire format
(Anthropic API docs: Messages https://docs.anthropic.com/en/api/messages , "Streaming Messages"
https://docs.anthropic.com/en/docs/build-with-claude/streaming , models, and errors
https://docs.anthropic.com/en/api/errors).

Builders: `anthropic_stream`, `anthropic_text_stream` (n text deltas, prebuilt, for
benchmarks), `anthropic_blocks_stream` (any content blocks streamed as the docs show: text in
text_delta fragments, thinking in thinking_delta fragments closed by one signature_delta,
redacted_thinking whole in its content_block_start, tool_use input in input_json_delta
fragments; extended thinking https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking),
`anthropic_message`, `anthropic_error`, `anthropic_models`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from support.fakes.server import JSONReply, SSEReply
from support.fakes.wire import sse

__all__ = [
    "anthropic_blocks_stream",
    "anthropic_error",
    "anthropic_message",
    "anthropic_models",
    "anthropic_stream",
    "anthropic_text_stream",
]


def _anthropic_start(model: str, input_tokens: int, cache_read: int, cache_creation: int) -> dict[str, Any]:
    return {
        "type": "message_start",
        "message": {
            "id": "msg_fake0001",
            "type": "message",
            "role": "assistant",
            "model": model,
            "content": [],
            "stop_reason": None,
            "stop_sequence": None,
            "usage": {
                "input_tokens": input_tokens,
                "cache_creation_input_tokens": cache_creation,
                "cache_read_input_tokens": cache_read,
                "output_tokens": 1,
            },
        },
    }


def anthropic_stream(
    texts: Sequence[str],
    *,
    stop_reason: str = "end_turn",
    input_tokens: int = 10,
    output_tokens: int = 5,
    cache_read: int = 0,
    cache_creation: int = 0,
    stop: bool = True,
    model: str = "claude-test",
    **kw: Any,
) -> SSEReply:
    """A Messages stream with one text block (a ping after its start)."""
    frames = [
        sse(_anthropic_start(model, input_tokens, cache_read, cache_creation), "message_start"),
        sse(
            {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}},
            "content_block_start",
        ),
        sse({"type": "ping"}, "ping"),
    ]
    frames += [
        sse(
            {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": t}},
            "content_block_delta",
        )
        for t in texts
    ]
    frames.append(sse({"type": "content_block_stop", "index": 0}, "content_block_stop"))
    frames.append(
        sse(
            {
                "type": "message_delta",
                "delta": {"stop_reason": stop_reason, "stop_sequence": None},
                "usage": {"output_tokens": output_tokens},
            },
            "message_delta",
        )
    )
    if stop:
        frames.append(sse({"type": "message_stop"}, "message_stop"))
    return SSEReply(frames, **kw)


def anthropic_text_stream(
    n: int, token: str = "tok ", *, batch: int = 16, model: str = "claude-test", **kw: Any
) -> SSEReply:
    """`n` text deltas, prebuilt for speed (benchmarks)."""
    reply = anthropic_stream([], output_tokens=n, model=model, batch=batch, **kw)
    delta = sse(
        {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": token}},
        "content_block_delta",
    )
    frames = list(reply.frames)
    reply.frames = frames[:3] + [delta] * n + frames[3:]
    return reply


def _pieces(text: str, n: int) -> list[str]:
    """`text` cut into about `n` fragments (at least one)."""
    size = max(1, -(-len(text) // max(1, n)))
    return [text[i : i + size] for i in range(0, len(text), size)] or [""]


def anthropic_blocks_stream(
    blocks: Sequence[dict[str, Any]],
    *,
    stop_reason: str = "end_turn",
    stop_sequence: str | None = None,
    input_tokens: int = 10,
    output_tokens: int = 5,
    cache_read: int = 0,
    cache_creation: int = 0,
    thinking_tokens: int | None = None,
    fragments: int = 2,
    model: str = "claude-test",
    **kw: Any,
) -> SSEReply:
    """A Messages stream of `blocks` (content blocks as a Message holds them), each streamed as
    the docs show, in about `fragments` deltas each."""
    frames = [sse(_anthropic_start(model, input_tokens, cache_read, cache_creation), "message_start")]
    for i, b in enumerate(blocks):
        btype = b["type"]
        if btype == "text":
            start: dict[str, Any] = {"type": "text", "text": ""}
            deltas = [{"type": "text_delta", "text": t} for t in _pieces(b["text"], fragments)]
        elif btype == "thinking":
            start = {"type": "thinking", "thinking": "", "signature": ""}
            deltas = [{"type": "thinking_delta", "thinking": t} for t in _pieces(b["thinking"], fragments)]
            deltas.append({"type": "signature_delta", "signature": b["signature"]})
        elif btype == "redacted_thinking":
            start, deltas = dict(b), []
        elif btype == "tool_use":
            start = {"type": "tool_use", "id": b["id"], "name": b["name"], "input": {}}
            raw = json.dumps(b.get("input") or {})
            deltas = [{"type": "input_json_delta", "partial_json": t} for t in _pieces(raw, fragments)]
        else:
            raise ValueError(f"no streaming for block type {btype!r}")
        frames.append(sse({"type": "content_block_start", "index": i, "content_block": start}, "content_block_start"))
        frames += [sse({"type": "content_block_delta", "index": i, "delta": d}, "content_block_delta") for d in deltas]
        frames.append(sse({"type": "content_block_stop", "index": i}, "content_block_stop"))
    usage: dict[str, Any] = {"output_tokens": output_tokens}
    if thinking_tokens is not None:
        usage["output_tokens_details"] = {"thinking_tokens": thinking_tokens}
    frames.append(
        sse(
            {
                "type": "message_delta",
                "delta": {"stop_reason": stop_reason, "stop_sequence": stop_sequence},
                "usage": usage,
            },
            "message_delta",
        )
    )
    frames.append(sse({"type": "message_stop"}, "message_stop"))
    return SSEReply(frames, **kw)


def anthropic_message(
    text: str = "Hello!",
    *,
    tool_uses: list[dict[str, Any]] | None = None,
    thinking: str | None = None,
    signature: str = "sig-fake",
    content: list[dict[str, Any]] | None = None,
    stop_reason: str = "end_turn",
    stop_sequence: str | None = None,
    input_tokens: int = 10,
    output_tokens: int = 5,
    cache_read: int = 0,
    cache_creation: int = 0,
    model: str = "claude-test",
) -> JSONReply:
    """A Message: `content` blocks as given, else a thinking block, the text and tool_use blocks."""
    if content is None:
        content = []
        if thinking is not None:
            content.append({"type": "thinking", "thinking": thinking, "signature": signature})
        if text:
            content.append({"type": "text", "text": text})
        for tu in tool_uses or ():
            content.append({"type": "tool_use", **tu})
    return JSONReply(
        {
            "id": "msg_fake0002",
            "type": "message",
            "role": "assistant",
            "model": model,
            "content": content,
            "stop_reason": stop_reason,
            "stop_sequence": stop_sequence,
            "usage": {
                "input_tokens": input_tokens,
                "cache_creation_input_tokens": cache_creation,
                "cache_read_input_tokens": cache_read,
                "output_tokens": output_tokens,
            },
        }
    )


def anthropic_error(
    status: int,
    message: str,
    *,
    type: str = "invalid_request_error",
    headers: dict[str, str] | None = None,
    delay: float = 0.0,
) -> JSONReply:
    return JSONReply(
        {"type": "error", "error": {"type": type, "message": message}}, status=status, headers=headers, delay=delay
    )


def anthropic_models(ids: Sequence[str]) -> JSONReply:
    data = [{"type": "model", "id": i, "display_name": i, "created_at": "2025-01-01T00:00:00Z"} for i in ids]
    return JSONReply(
        {"data": data, "has_more": False, "first_id": ids[0] if ids else None, "last_id": ids[-1] if ids else None}
    )
