"""The legacy OpenAI Completions API (https://platform.openai.com/docs/api-reference/completions)
over ChatService: a raw `prompt` (no chat template), streamed (``text_completion`` chunks, a
usage chunk with ``stream_options.include_usage``, ``data: [DONE]``) or not.

Served by local models and OpenAI-type providers; an Anthropic-type target answers 400 naming
``prompt``. Refused with 400: a prompt of token ids or of several strings, ``n``/``best_of``
> 1, ``echo``, ``logprobs``, ``suffix``, ``logit_bias``.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from json.encoder import encode_basestring as _jstr
from typing import Any

from llmrouter.v1 import chat_pb2, chat_service_pb2
from service.bridge.common import (
    INT32_MAX,
    INT64_MAX,
    opt_bool,
    opt_dict,
    opt_float,
    opt_int,
    opt_str,
    req_str,
    string_map,
    type_name,
    valid_text,
)
from service.bridge.errors import bad_request

__all__ = ["CompletionOptions", "CompletionStream", "completion_body", "completion_request"]

_FINISH = {
    chat_pb2.FINISH_REASON_LENGTH: "length",
    chat_pb2.FINISH_REASON_CONTENT_FILTER: "content_filter",
}


def _dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


@dataclass
class CompletionOptions:
    model: str
    stream: bool
    include_usage: bool

    def field_map(self, f: str) -> str:
        if f.startswith("generation."):
            return f[len("generation.") :]
        if f.startswith("messages"):
            return "prompt"
        if f == "request_id":
            return "x-request-id"
        return f


def completion_request(
    doc: dict, request_id: str
) -> tuple[chat_service_pb2.StreamChatRequest | chat_service_pb2.ChatRequest, CompletionOptions]:
    model = req_str(doc, "model", "model", allow_empty=False)
    stream = bool(opt_bool(doc, "stream", "stream"))
    so = opt_dict(doc, "stream_options", "stream_options")
    include_usage = bool(so and opt_bool(so, "include_usage", "stream_options.include_usage"))
    prompt = doc.get("prompt")
    if isinstance(prompt, list) and len(prompt) == 1 and isinstance(prompt[0], str):
        prompt = prompt[0]
    if prompt is None:
        raise bad_request("prompt", "is required")
    if not isinstance(prompt, str):
        what = (
            "token ids and several prompts are not supported by llmrouter; send one string"
            if isinstance(prompt, list)
            else f"must be a string, not {type_name(prompt)}"
        )
        raise bad_request("prompt", what)
    if not prompt:
        raise bad_request("prompt", "must not be empty")
    for key in ("n", "best_of"):
        v = opt_int(doc, key, key, 1, INT32_MAX)
        if v is not None and v != 1:
            raise bad_request(key, "only 1 is supported by llmrouter")
    if opt_bool(doc, "echo", "echo"):
        raise bad_request("echo", "echo is not supported by llmrouter")
    if doc.get("logprobs") is not None:
        raise bad_request("logprobs", "logprobs are not supported on legacy completions by llmrouter")
    if opt_str(doc, "suffix", "suffix"):
        raise bad_request("suffix", "suffix (insertion) is not supported by llmrouter")
    if opt_dict(doc, "logit_bias", "logit_bias"):
        raise bad_request("logit_bias", "logit_bias is not supported by llmrouter")

    req = (chat_service_pb2.StreamChatRequest if stream else chat_service_pb2.ChatRequest)(
        model=model, request_id=request_id, prompt=valid_text(prompt, "prompt")
    )
    g = req.generation
    g.max_tokens = opt_int(doc, "max_tokens", "max_tokens", 1, INT32_MAX) or 16  # the API's default
    for key, lo, hi in (
        ("temperature", 0.0, 2.0),
        ("top_p", 0.0, 1.0),
        ("presence_penalty", -2.0, 2.0),
        ("frequency_penalty", -2.0, 2.0),
    ):
        f = opt_float(doc, key, key, lo, hi)
        if f is not None:
            setattr(g, key, f)
    seed = opt_int(doc, "seed", "seed", -INT64_MAX - 1, INT64_MAX)
    if seed is not None:
        g.seed = seed
    stop = doc.get("stop")
    if isinstance(stop, str):
        g.stop.append(valid_text(stop, "stop"))
    elif isinstance(stop, list):
        for k, s in enumerate(stop):
            if not isinstance(s, str):
                raise bad_request(f"stop[{k}]", f"must be a string, not {type_name(s)}")
            g.stop.append(valid_text(s, f"stop[{k}]"))
    elif stop is not None:
        raise bad_request("stop", f"must be a string or an array of strings, not {type_name(stop)}")
    user = opt_str(doc, "user", "user")
    if user:
        req.metadata["user"] = user
    md = doc.get("metadata")
    if md is not None:
        req.metadata.update(string_map(md, "metadata"))
    return req, CompletionOptions(model, stream, include_usage)


def _usage(u: chat_pb2.Usage) -> dict:
    return {
        "prompt_tokens": u.prompt_tokens,
        "completion_tokens": u.completion_tokens,
        "total_tokens": u.total_tokens or (u.prompt_tokens + u.completion_tokens),
    }


def completion_body(resp: chat_service_pb2.ChatResponse, request_id: str, opts: CompletionOptions) -> dict:
    s = resp.summary
    return {
        "id": f"cmpl-{request_id}",
        "object": "text_completion",
        "created": int(time.time()),
        "model": opts.model,
        "choices": [
            {
                "text": resp.message.content,
                "index": 0,
                "logprobs": None,
                "finish_reason": _FINISH.get(s.finish_reason, "stop"),
            }
        ],
        "usage": _usage(s.usage),
    }


class CompletionStream:
    """Encodes StreamChat messages as ``text_completion`` SSE chunks."""

    __slots__ = ("_head", "_include_usage", "_pre", "_tail")

    def __init__(self, request_id: str, opts: CompletionOptions) -> None:
        self._head = '{"id":%s,"object":"text_completion","created":%d,"model":%s,"choices":' % (
            _jstr(f"cmpl-{request_id}"),
            int(time.time()),
            _jstr(opts.model),
        )
        self._include_usage = opts.include_usage
        self._pre = ("data: " + self._head + '[{"text":').encode()
        usage = ',"usage":null' if opts.include_usage else ""
        self._tail = (',"index":0,"logprobs":null,"finish_reason":null}]' + usage + "}\n\n").encode()

    def opening(self, first) -> bytes:
        return b""

    def delta(self, d: chat_pb2.ChatDelta) -> bytes:
        if not d.text:
            return b""
        return self._pre + _jstr(d.text).encode() + self._tail

    def closing(self, s: chat_pb2.ChatSummary) -> bytes:
        reason = _FINISH.get(s.finish_reason, "stop")
        out = self._pre + b'"","index":0,"logprobs":null,"finish_reason":' + _jstr(reason).encode() + b"}]"
        out += b',"usage":null}\n\n' if self._include_usage else b"}\n\n"
        if self._include_usage:
            out += ("data: " + self._head + '[],"usage":' + _dumps(_usage(s.usage)) + "}\n\n").encode()
        return out + b"data: [DONE]\n\n"

    @staticmethod
    def error(body: dict) -> bytes:
        return b"data: " + _dumps(body).encode() + b"\n\n"
