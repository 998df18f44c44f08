"""OpenAI wire format <-> the gRPC contract: Chat Completions (streamed and not), models,
embeddings.

Chat requests are read by `service.bridge.openai_request` (re-exported here); this module
writes the answers in the shapes of the OpenAI API reference ("The chat completion object",
"The chat completion chunk object", https://platform.openai.com/docs/api-reference/chat):

* ``model`` is the name the caller asked for, streamed and unary alike (the upstream model
  is in the ``x-llmrouter-model`` header);
* reasoning text as ``reasoning_content`` (as DeepSeek and vLLM write it); reasoning blocks
  with signatures, or redacted, as ``thinking_blocks`` (the convention LiteLLM uses, read back
  on assistant messages by the request side);
* log probabilities as ``choices[].logprobs.content[]`` (``token``, ``logprob``, ``bytes``,
  ``top_logprobs[]``);
* usage with ``prompt_tokens_details.cached_tokens`` and
  ``completion_tokens_details.reasoning_tokens``.

Embedding requests are validated field by field, like chat requests.
"""

from __future__ import annotations

import base64
import json
import struct
import time
from dataclasses import dataclass
from json.encoder import encode_basestring as _jstr  # C-accelerated
from typing import Any

from llmrouter.v1 import chat_pb2, chat_service_pb2
from service.bridge.common import INT32_MAX, opt_int, opt_str, req_str, type_name, valid_text
from service.bridge.errors import bad_request
from service.bridge.openai_request import ROLES, ChatOptions, chat_request

__all__ = [
    "FINISH",
    "ROLES",
    "ChatOptions",
    "ChatStream",
    "EmbedOptions",
    "chat_request",
    "completion_body",
    "embed_request",
    "embeddings_body",
    "model_object",
    "usage_dict",
]

FINISH = {
    chat_pb2.FINISH_REASON_UNSPECIFIED: "stop",
    chat_pb2.FINISH_REASON_STOP: "stop",
    chat_pb2.FINISH_REASON_LENGTH: "length",
    chat_pb2.FINISH_REASON_TOOL_CALLS: "tool_calls",
    chat_pb2.FINISH_REASON_CONTENT_FILTER: "content_filter",
    chat_pb2.FINISH_REASON_STOP_SEQUENCE: "stop",
}


def dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


# ------------------------------------------------------------------ chat responses


def usage_dict(u: chat_pb2.Usage) -> dict:
    return {
        "prompt_tokens": u.prompt_tokens,
        "completion_tokens": u.completion_tokens,
        "total_tokens": u.total_tokens or (u.prompt_tokens + u.completion_tokens),
        "prompt_tokens_details": {"cached_tokens": u.cached_prompt_tokens},
        "completion_tokens_details": {"reasoning_tokens": u.reasoning_tokens},
    }


def logprobs_list(lps) -> list[dict]:
    """``logprobs.content``: one entry per token, with its alternatives."""
    return [
        {
            "token": t.token,
            "logprob": t.logprob,
            "bytes": list(t.bytes) if t.bytes else None,
            "top_logprobs": [
                {"token": a.token, "logprob": a.logprob, "bytes": list(a.bytes) if a.bytes else None}
                for a in t.top_logprobs
            ],
        }
        for t in lps
    ]


def thinking_blocks(blocks) -> list[dict]:
    """Reasoning blocks with signatures (or redacted) as ``thinking_blocks``; none when no
    block carries anything to pass back (unsigned reasoning is in ``reasoning_content``)."""
    if not any(b.signature or b.redacted_data for b in blocks):
        return []
    return [
        {"type": "redacted_thinking", "data": b.redacted_data}
        if b.redacted_data
        else {"type": "thinking", "thinking": b.text, "signature": b.signature}
        for b in blocks
    ]


def completion_body(resp: chat_service_pb2.ChatResponse, request_id: str, requested_model: str) -> dict:
    s = resp.summary
    m = resp.message
    message: dict[str, Any] = {
        "role": "assistant",
        "content": m.content if (m.content or not m.tool_calls) else None,
        "refusal": None,
    }
    if m.tool_calls:
        message["tool_calls"] = [
            {"id": tc.id, "type": "function", "function": {"name": tc.name, "arguments": tc.arguments}}
            for tc in m.tool_calls
        ]
    if resp.reasoning:
        message["reasoning_content"] = resp.reasoning
    blocks = thinking_blocks(m.reasoning)
    if blocks:
        message["thinking_blocks"] = blocks
    logprobs = {"content": logprobs_list(resp.logprobs), "refusal": None} if resp.logprobs else None
    return {
        "id": f"chatcmpl-{request_id}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": requested_model,  # as in the stream; the upstream model is in x-llmrouter-model
        "choices": [
            {
                "index": 0,
                "message": message,
                "logprobs": logprobs,
                "finish_reason": FINISH.get(s.finish_reason, "stop"),
            }
        ],
        "usage": usage_dict(s.usage),
    }


class ChatStream:
    """Encodes StreamChat messages as `chat.completion.chunk` SSE frames.

    The common case (a text-only delta) is two byte concatenations around one C-level
    string escape; everything else goes through json.dumps of a small dict.
    """

    __slots__ = ("_head", "_include_usage", "_lp_tail", "_pre", "_seen", "_tail", "_text_pre")

    def __init__(self, request_id: str, model: str, include_usage: bool) -> None:
        head = '{"id":%s,"object":"chat.completion.chunk","created":%d,"model":%s,"choices":' % (
            _jstr(f"chatcmpl-{request_id}"),
            int(time.time()),
            _jstr(model),
        )
        self._head = head
        self._include_usage = include_usage
        self._pre = ("data: " + head + '[{"index":0,"delta":').encode()
        self._text_pre = self._pre + b'{"content":'
        usage = ',"usage":null' if include_usage else ""
        self._tail = ('},"logprobs":null,"finish_reason":null}]' + usage + "}\n\n").encode()
        self._lp_tail = (',"finish_reason":null}]' + usage + "}\n\n").encode()
        self._seen: set[int] = set()

    def _frame(self, delta: dict) -> bytes:
        return self._pre + dumps(delta).encode() + self._tail[1:]

    def opening(self, first: chat_service_pb2.StreamChatResponse) -> bytes:
        """The first chunk (the assistant role), written before the first message `first`."""
        return self._pre + b'{"role":"assistant","content":""}' + self._tail[1:]

    def delta(self, d: chat_pb2.ChatDelta) -> bytes:
        if not (d.tool_calls or d.reasoning or d.logprobs or d.reasoning_signature or d.redacted_reasoning):
            text = d.text
            if not text:
                return b""
            return self._text_pre + _jstr(text).encode() + self._tail
        delta: dict[str, Any] = {}
        if d.text:
            delta["content"] = d.text
        if d.reasoning:
            delta["reasoning_content"] = d.reasoning
        if d.reasoning_signature:
            delta["thinking_blocks"] = [{"type": "thinking", "thinking": "", "signature": d.reasoning_signature}]
        if d.redacted_reasoning:
            delta.setdefault("thinking_blocks", []).append({"type": "redacted_thinking", "data": d.redacted_reasoning})
        if d.tool_calls:
            # One entry per call index and chunk (the server may merge several fragments of
            # a call into one delta); id, type and name only on a call's first fragment.
            calls: dict[int, dict] = {}
            seen = self._seen
            for tc in d.tool_calls:
                entry = calls.get(tc.index)
                if entry is not None:
                    entry["function"]["arguments"] += tc.arguments
                    if tc.id and not entry.get("id"):
                        entry.update(id=tc.id, type="function")
                    if tc.name and not entry["function"].get("name"):
                        entry["function"] = {"name": tc.name, **entry["function"]}
                elif tc.index not in seen or tc.id or tc.name:
                    seen.add(tc.index)
                    calls[tc.index] = {
                        "index": tc.index,
                        "id": tc.id,
                        "type": "function",
                        "function": {"name": tc.name, "arguments": tc.arguments},
                    }
                else:
                    calls[tc.index] = {"index": tc.index, "function": {"arguments": tc.arguments}}
            delta["tool_calls"] = list(calls.values())
        if d.logprobs:
            lp = {"content": logprobs_list(d.logprobs), "refusal": None}
            return self._pre + dumps(delta).encode() + b',"logprobs":' + dumps(lp).encode() + self._lp_tail
        return self._frame(delta)

    def closing(self, s: chat_pb2.ChatSummary) -> bytes:
        out = (
            self._pre
            + b'{},"logprobs":null,"finish_reason":'
            + _jstr(FINISH.get(s.finish_reason, "stop")).encode()
            + b"}]"
        )
        out += b',"usage":null}\n\n' if self._include_usage else b"}\n\n"
        if self._include_usage:
            out += ("data: " + self._head + '[],"usage":' + dumps(usage_dict(s.usage)) + "}\n\n").encode()
        return out + b"data: [DONE]\n\n"

    @staticmethod
    def error(body: dict) -> bytes:
        return b"data: " + dumps(body).encode() + b"\n\n"


# ------------------------------------------------------------------ models


def model_object(m: chat_service_pb2.Model) -> dict:
    owner = m.provider.removeprefix("providers/") or "llmrouter"
    return {"id": m.id, "object": "model", "created": 0, "owned_by": owner}


# ------------------------------------------------------------------ embeddings


@dataclass
class EmbedOptions:
    model: str
    base64: bool


def embed_request(doc: dict, request_id: str) -> tuple[chat_service_pb2.EmbedRequest, EmbedOptions]:
    model = req_str(doc, "model", "model", allow_empty=False)
    fmt = opt_str(doc, "encoding_format", "encoding_format")
    if fmt not in (None, "float", "base64"):
        raise bad_request("encoding_format", "must be 'float' or 'base64'")
    req = chat_service_pb2.EmbedRequest(model=model, request_id=request_id)
    inp = doc.get("input")
    if isinstance(inp, str):
        req.inputs.append(valid_text(inp, "input"))
    elif isinstance(inp, list):
        if not inp:
            raise bad_request("input", "must not be empty")
        for i, s in enumerate(inp):
            if not isinstance(s, str):
                what = (
                    "token arrays are not supported; send text"
                    if isinstance(s, (int, list)) and not isinstance(s, bool)
                    else f"must be a string, not {type_name(s)}"
                )
                raise bad_request(f"input[{i}]", what)
            req.inputs.append(valid_text(s, f"input[{i}]"))
    elif inp is None:
        raise bad_request("input", "is required")
    else:
        raise bad_request("input", f"must be a string or an array of strings, not {type_name(inp)}")
    dims = opt_int(doc, "dimensions", "dimensions", 1, INT32_MAX)
    if dims is not None:
        req.dimensions = dims
    provider = opt_str(doc, "provider", "provider")
    if provider:
        req.provider = provider
    return req, EmbedOptions(model, fmt == "base64")


def embeddings_body(resp: chat_service_pb2.EmbedResponse, opts: EmbedOptions) -> dict:
    data = []
    for e in resp.embeddings:
        if opts.base64:
            vals = e.values
            vec: Any = base64.b64encode(struct.pack(f"<{len(vals)}f", *vals)).decode()
        else:
            vec = list(e.values)
        data.append({"object": "embedding", "index": e.index, "embedding": vec})
    u = resp.usage
    return {
        "object": "list",
        "data": data,
        "model": resp.served_by.model or opts.model,
        "usage": {"prompt_tokens": u.prompt_tokens, "total_tokens": u.total_tokens or u.prompt_tokens},
    }
