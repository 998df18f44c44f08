"""OpenAI Chat Completions replies for the fake upstream, in the documented wire format
(OpenAI API reference: "The chat completion object", "The chat completion chunk object"
https://platform.openai.com/docs/api-reference/chat-streaming , embeddings, models, and the
error body https://platform.openai.com/docs/guides/error-codes).

Builders: `openai_chunk`, `openai_usage_chunk`, `openai_stream`, `openai_text_stream` (n
generated chunks, prebuilt, for benchmarks), `openai_completion`, `openai_error`,
`openai_models`, `openai_embeddings`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from support.fakes.server import JSONReply, SSEReply
from support.fakes.wire import sse

__all__ = [
    "openai_chunk",
    "openai_completion",
    "openai_embeddings",
    "openai_error",
    "openai_models",
    "openai_stream",
    "openai_text_stream",
    "openai_usage_chunk",
]

_OAI_ID = "chatcmpl-fake0001"


def openai_chunk(
    content: str | None = None,
    *,
    reasoning: str | None = None,
    tool_calls: list[dict[str, Any]] | None = None,
    finish_reason: str | None = None,
    role: str | None = None,
    model: str = "gpt-test",
    logprobs: list[dict[str, Any]] | None = None,
    stop_reason: str | None = None,
) -> dict[str, Any]:
    """One chunk; `logprobs` is ``choices[0].logprobs.content``; `stop_reason` the matched stop
    string as vLLM names it."""
    delta: dict[str, Any] = {}
    if role:
        delta["role"] = role
    if content is not None:
        delta["content"] = content
    if reasoning is not None:
        delta["reasoning_content"] = reasoning
    if tool_calls is not None:
        delta["tool_calls"] = tool_calls
    choice: dict[str, Any] = {
        "index": 0,
        "delta": delta,
        "logprobs": None if logprobs is None else {"content": logprobs, "refusal": None},
        "finish_reason": finish_reason,
    }
    if stop_reason is not None:
        choice["stop_reason"] = stop_reason
    return {
        "id": _OAI_ID,
        "object": "chat.completion.chunk",
        "created": 1700000000,
        "model": model,
        "choices": [choice],
    }


def openai_usage_chunk(
    prompt: int = 10, completion: int = 5, cached: int = 0, model: str = "gpt-test", reasoning: int | None = None
) -> dict[str, Any]:
    """The usage chunk; `reasoning` adds ``completion_tokens_details.reasoning_tokens``."""
    details = {} if reasoning is None else {"completion_tokens_details": {"reasoning_tokens": reasoning}}
    return {
        "id": _OAI_ID,
        "object": "chat.completion.chunk",
        "created": 1700000000,
        "model": model,
        "choices": [],
        "usage": {
            "prompt_tokens": prompt,
            "completion_tokens": completion,
            "total_tokens": prompt + completion,
            "prompt_tokens_details": {"cached_tokens": cached},
            **details,
        },
    }


def openai_stream(
    texts: Sequence[str],
    *,
    finish_reason: str = "stop",
    usage: tuple[int, int, int] | None = (10, 5, 0),
    done: bool = True,
    model: str = "gpt-test",
    reasoning_tokens: int | None = None,
    **kw: Any,
) -> SSEReply:
    """A Chat Completions stream: role chunk, one chunk per text, finish, usage, [DONE]."""
    frames = [sse(openai_chunk("", role="assistant", model=model))]
    frames += [sse(openai_chunk(t, model=model)) for t in texts]
    frames.append(sse(openai_chunk(None, finish_reason=finish_reason, model=model)))
    if usage is not None:
        frames.append(sse(openai_usage_chunk(*usage, model=model, reasoning=reasoning_tokens)))
    if done:
        frames.append(b"data: [DONE]\n\n")
    return SSEReply(frames, **kw)


def openai_text_stream(n: int, token: str = "tok ", *, batch: int = 16, model: str = "gpt-test", **kw: Any) -> SSEReply:
    """`n` text chunks, prebuilt for speed (benchmarks); written `batch` frames per HTTP chunk."""
    tmpl = (
        'data: {"id":"%s","object":"chat.completion.chunk","created":1700000000,"model":"%s",'
        '"choices":[{"index":0,"delta":{"content":%s},"logprobs":null,"finish_reason":null}]}\n\n'
        % (_OAI_ID, model, json.dumps(token))
    ).encode()
    frames = [sse(openai_chunk("", role="assistant", model=model))]
    frames += [tmpl] * n
    frames.append(sse(openai_chunk(None, finish_reason="stop", model=model)))
    frames.append(sse(openai_usage_chunk(10, n, 0, model=model)))
    frames.append(b"data: [DONE]\n\n")
    return SSEReply(frames, batch=batch, **kw)


def openai_completion(
    text: str = "Hello!",
    *,
    tool_calls: list[dict[str, Any]] | None = None,
    finish_reason: str = "stop",
    usage: tuple[int, int, int] = (10, 5, 0),
    reasoning: str | None = None,
    model: str = "gpt-test",
    reasoning_tokens: int | None = None,
    logprobs: list[dict[str, Any]] | None = None,
) -> JSONReply:
    msg: dict[str, Any] = {"role": "assistant", "content": text, "refusal": None}
    if tool_calls:
        msg["tool_calls"] = tool_calls
    if reasoning is not None:
        msg["reasoning_content"] = reasoning
    p, c, cached = usage
    details = {} if reasoning_tokens is None else {"completion_tokens_details": {"reasoning_tokens": reasoning_tokens}}
    lp = None if logprobs is None else {"content": logprobs, "refusal": None}
    return JSONReply(
        {
            "id": "chatcmpl-fake0002",
            "object": "chat.completion",
            "created": 1700000000,
            "model": model,
            "choices": [{"index": 0, "message": msg, "logprobs": lp, "finish_reason": finish_reason}],
            "usage": {
                "prompt_tokens": p,
                "completion_tokens": c,
                "total_tokens": p + c,
                "prompt_tokens_details": {"cached_tokens": cached},
                **details,
            },
        }
    )


def openai_error(
    status: int,
    message: str,
    *,
    type: str = "invalid_request_error",
    code: str | None = None,
    param: str | None = None,
    headers: dict[str, str] | None = None,
    delay: float = 0.0,
) -> JSONReply:
    return JSONReply(
        {"error": {"message": message, "type": type, "param": param, "code": code}},
        status=status,
        headers=headers,
        delay=delay,
    )


def openai_models(ids: Sequence[str], owned_by: str = "system") -> JSONReply:
    return JSONReply(
        {
            "object": "list",
            "data": [{"id": i, "object": "model", "created": 1700000000, "owned_by": owned_by} for i in ids],
        }
    )


def openai_embeddings(
    vectors: Sequence[Sequence[float]], *, prompt_tokens: int = 8, shuffle: bool = False, model: str = "emb-test"
) -> JSONReply:
    data = [{"object": "embedding", "index": i, "embedding": list(v)} for i, v in enumerate(vectors)]
    if shuffle:
        data.reverse()
    return JSONReply(
        {
            "object": "list",
            "data": data,
            "model": model,
            "usage": {"prompt_tokens": prompt_tokens, "total_tokens": prompt_tokens},
        }
    )
