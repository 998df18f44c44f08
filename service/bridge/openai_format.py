"""OpenAI wire format <-> the gRPC contract: Chat Completions (streamed and not), models,
embeddings.

Requests are validated field by field (errors name the OpenAI field, e.g.
``messages[2].content[0].type``); semantics that llmrouter cannot honour (``n`` > 1, non-text
content parts, non-function tools) are refused with 400 rather than silently dropped.
Unknown top-level fields are ignored, as OpenAI-compatible servers commonly do.
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
from service.bridge.common import (
    INT32_MAX,
    INT64_MAX,
    as_dict,
    opt_bool,
    opt_dict,
    opt_float,
    opt_int,
    opt_str,
    req_str,
    string_map,
    text_parts,
    to_struct,
    type_name,
    valid_text,
)
from service.bridge.errors import bad_request

ROLES = {
    "system": chat_pb2.ROLE_SYSTEM,
    "developer": chat_pb2.ROLE_SYSTEM,
    "user": chat_pb2.ROLE_USER,
    "assistant": chat_pb2.ROLE_ASSISTANT,
    "tool": chat_pb2.ROLE_TOOL,
}
FINISH = {
    chat_pb2.FINISH_REASON_UNSPECIFIED: "stop",
    chat_pb2.FINISH_REASON_STOP: "stop",
    chat_pb2.FINISH_REASON_LENGTH: "length",
    chat_pb2.FINISH_REASON_TOOL_CALLS: "tool_calls",
    chat_pb2.FINISH_REASON_CONTENT_FILTER: "content_filter",
    chat_pb2.FINISH_REASON_STOP_SEQUENCE: "stop",
}
_TOOL_CHOICE_MODES = {
    "auto": chat_pb2.TOOL_CHOICE_MODE_AUTO,
    "none": chat_pb2.TOOL_CHOICE_MODE_NONE,
    "required": chat_pb2.TOOL_CHOICE_MODE_REQUIRED,
}


def dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


# ------------------------------------------------------------------ chat request


@dataclass
class ChatOptions:
    model: str
    stream: bool
    include_usage: bool
    max_tokens_param: str = "max_tokens"
    stop_is_string: bool = False

    def field_map(self, f: str) -> str:
        """gRPC field path (BadRequest) -> the OpenAI request's field."""
        if f.startswith("generation."):
            rest = f[len("generation.") :]
            if rest == "max_tokens":
                return self.max_tokens_param
            if rest.startswith("stop") and self.stop_is_string:
                return "stop"
            return rest
        if f.startswith("tool_choice"):
            return "tool_choice"
        if f.startswith("tools[") and f.endswith("].name"):
            return f[: -len("name")] + "function.name"
        if f.startswith("messages[") and ".tool_calls[" in f and f.endswith(("].name", "].arguments")):
            head, _, leaf = f.rpartition(".")
            return f"{head}.function.{leaf}"
        if f == "request_id":
            return "x-request-id"
        return f


def _tool_calls(value: Any, param: str) -> list[chat_pb2.ToolCall]:
    if not isinstance(value, list):
        raise bad_request(param, f"must be an array, not {type_name(value)}")
    out = []
    for j, tc in enumerate(value):
        p = f"{param}[{j}]"
        tc = as_dict(tc, p)
        ttype = tc.get("type", "function")
        if ttype != "function":
            raise bad_request(f"{p}.type", "only 'function' tool calls are supported")
        fn = as_dict(tc.get("function"), f"{p}.function")
        args = fn.get("arguments")
        if isinstance(args, dict):  # lenient: some clients send the object itself
            args = dumps(args)
        elif args is None:
            args = ""
        elif not isinstance(args, str):
            raise bad_request(f"{p}.function.arguments", f"must be a string, not {type_name(args)}")
        out.append(
            chat_pb2.ToolCall(
                id=req_str(tc, "id", f"{p}.id"),
                name=req_str(fn, "name", f"{p}.function.name"),
                arguments=valid_text(args, f"{p}.function.arguments"),
            )
        )
    return out


def _messages(value: Any) -> list[chat_pb2.Message]:
    if value is None:
        raise bad_request("messages", "is required")
    if not isinstance(value, list):
        raise bad_request("messages", f"must be an array, not {type_name(value)}")
    if not value:
        raise bad_request("messages", "at least one message is required")
    out = []
    for i, m in enumerate(value):
        p = f"messages[{i}]"
        m = as_dict(m, p)
        role_s = m.get("role")
        role = ROLES.get(role_s) if isinstance(role_s, str) else None
        if role is None:
            what = (
                "is required"
                if role_s is None
                else (
                    f"unknown role {str(role_s)[:32]!r}"
                    if isinstance(role_s, str)
                    else f"must be a string, not {type_name(role_s)}"
                )
            )
            raise bad_request(f"{p}.role", f"{what}; expected system, developer, user, assistant or tool")
        is_assistant = role == chat_pb2.ROLE_ASSISTANT
        content = text_parts(
            m.get("content"),
            f"{p}.content",
            allow_null=is_assistant or role == chat_pb2.ROLE_TOOL,
            part_types=("text", "refusal") if is_assistant else ("text",),
        )
        msg = chat_pb2.Message(role=role, content=content)
        name = opt_str(m, "name", f"{p}.name")
        if name:
            msg.name = name
        if is_assistant:
            tcs = m.get("tool_calls")
            if tcs is not None:
                msg.tool_calls.extend(_tool_calls(tcs, f"{p}.tool_calls"))
        elif m.get("tool_calls") is not None:
            raise bad_request(f"{p}.tool_calls", "only assistant messages carry tool calls")
        if role == chat_pb2.ROLE_TOOL:
            msg.tool_call_id = req_str(m, "tool_call_id", f"{p}.tool_call_id")
        elif m.get("tool_call_id") is not None:
            raise bad_request(f"{p}.tool_call_id", "only tool messages carry a tool_call_id")
        out.append(msg)
    return out


def _tools(value: Any) -> list[chat_pb2.Tool]:
    if not isinstance(value, list):
        raise bad_request("tools", f"must be an array, not {type_name(value)}")
    out = []
    for i, t in enumerate(value):
        p = f"tools[{i}]"
        t = as_dict(t, p)
        if t.get("type", "function") != "function":
            raise bad_request(f"{p}.type", "only 'function' tools are supported")
        fn = as_dict(t.get("function"), f"{p}.function")
        tool = chat_pb2.Tool(name=req_str(fn, "name", f"{p}.function.name"))
        desc = opt_str(fn, "description", f"{p}.function.description")
        if desc:
            tool.description = desc
        params = fn.get("parameters")
        if params is not None:
            tool.parameters.CopyFrom(to_struct(params, f"{p}.function.parameters"))
        out.append(tool)
    return out


def _tool_choice(value: Any) -> chat_pb2.ToolChoice | None:
    if value is None:
        return None
    if isinstance(value, str):
        mode = _TOOL_CHOICE_MODES.get(value)
        if mode is None:
            raise bad_request("tool_choice", "must be 'auto', 'none', 'required' or {\"type\": \"function\", ...}")
        return chat_pb2.ToolChoice(mode=mode)
    d = as_dict(value, "tool_choice")
    if d.get("type") != "function":
        raise bad_request("tool_choice.type", "must be 'function'")
    fn = as_dict(d.get("function"), "tool_choice.function")
    return chat_pb2.ToolChoice(
        mode=chat_pb2.TOOL_CHOICE_MODE_FUNCTION, function_name=req_str(fn, "name", "tool_choice.function.name")
    )


def chat_request(
    doc: dict, request_id: str
) -> tuple[chat_service_pb2.StreamChatRequest | chat_service_pb2.ChatRequest, ChatOptions]:
    model = req_str(doc, "model", "model", allow_empty=False)
    stream = bool(opt_bool(doc, "stream", "stream"))
    include_usage = False
    so = opt_dict(doc, "stream_options", "stream_options")
    if so is not None:
        include_usage = bool(opt_bool(so, "include_usage", "stream_options.include_usage"))
    opts = ChatOptions(model=model, stream=stream, include_usage=include_usage)
    n = opt_int(doc, "n", "n", 1, INT32_MAX)
    if n is not None and n != 1:
        raise bad_request("n", "only n=1 is supported")
    # Output contracts the gRPC contract cannot carry are refused, not silently dropped.
    rf = doc.get("response_format")
    if rf is not None:
        rf_type = as_dict(rf, "response_format").get("type")
        if rf_type != "text":
            raise bad_request(
                "response_format", 'only {"type": "text"} is supported by llmrouter (use tools for structured output)'
            )
    if opt_bool(doc, "logprobs", "logprobs"):
        raise bad_request("logprobs", "log probabilities are not supported by llmrouter")

    req = (chat_service_pb2.StreamChatRequest if stream else chat_service_pb2.ChatRequest)(
        model=model, request_id=request_id
    )
    req.messages.extend(_messages(doc.get("messages")))

    g = req.generation
    mct = opt_int(doc, "max_completion_tokens", "max_completion_tokens", 1, INT32_MAX)
    mt = opt_int(doc, "max_tokens", "max_tokens", 1, INT32_MAX)
    if mct is not None:
        g.max_tokens = mct
        opts.max_tokens_param = "max_completion_tokens"
    elif mt is not None:
        g.max_tokens = mt
    t = opt_float(doc, "temperature", "temperature", 0.0, 2.0)
    if t is not None:
        g.temperature = t
    tp = opt_float(doc, "top_p", "top_p", 0.0, 1.0)
    if tp is not None:
        g.top_p = tp
    seed = opt_int(doc, "seed", "seed", -INT64_MAX - 1, INT64_MAX)
    if seed is not None:
        g.seed = seed
    stop = doc.get("stop")
    if isinstance(stop, str):
        opts.stop_is_string = True
        g.stop.append(valid_text(stop, "stop"))
    elif isinstance(stop, list):
        for k, s in enumerate(stop):
            if not isinstance(s, str):
                raise bad_request(f"stop[{k}]", f"must be a string, not {type_name(s)}")
            g.stop.append(valid_text(s, f"stop[{k}]"))
    elif stop is not None:
        raise bad_request("stop", f"must be a string or an array of strings, not {type_name(stop)}")

    tools = doc.get("tools")
    if tools is not None:
        req.tools.extend(_tools(tools))
    tc = _tool_choice(doc.get("tool_choice"))
    if tc is not None:
        req.tool_choice.CopyFrom(tc)

    md = doc.get("metadata")
    if md is not None:
        req.metadata.update(string_map(md, "metadata"))
    user = opt_str(doc, "user", "user")
    if user:
        req.metadata["user"] = user
    provider = opt_str(doc, "provider", "provider")  # llmrouter extension: pin a provider
    if provider:
        req.provider = provider
    return req, opts


# ------------------------------------------------------------------ chat responses


def usage_dict(u: chat_pb2.Usage) -> dict:
    return {
        "prompt_tokens": u.prompt_tokens,
        "completion_tokens": u.completion_tokens,
        "total_tokens": u.total_tokens or (u.prompt_tokens + u.completion_tokens),
        "prompt_tokens_details": {"cached_tokens": u.cached_prompt_tokens},
    }


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
    return {
        "id": f"chatcmpl-{request_id}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": requested_model,  # as in the stream; the upstream model is in x-llmrouter-model
        "choices": [
            {"index": 0, "message": message, "logprobs": None, "finish_reason": FINISH.get(s.finish_reason, "stop")}
        ],
        "usage": usage_dict(s.usage),
    }


class ChatStream:
    """Encodes StreamChat messages as `chat.completion.chunk` SSE frames.

    The common case (a text-only delta) is two byte concatenations around one C-level
    string escape; everything else goes through json.dumps of a small dict.
    """

    __slots__ = ("_head", "_include_usage", "_pre", "_seen", "_tail", "_text_pre")

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
        self._tail = (
            '},"logprobs":null,"finish_reason":null}]' + (',"usage":null' if include_usage else "") + "}\n\n"
        ).encode()
        self._seen: set[int] = set()

    def _frame(self, delta: dict) -> bytes:
        return self._pre + dumps(delta).encode() + self._tail[1:]

    def opening(self, first: chat_service_pb2.StreamChatResponse) -> bytes:
        """The first chunk (the assistant role), written before the first message `first`."""
        return self._pre + b'{"role":"assistant","content":""}' + self._tail[1:]

    def delta(self, d: chat_pb2.ChatDelta) -> bytes:
        if not d.tool_calls and not d.reasoning:
            text = d.text
            if not text:
                return b""
            return self._text_pre + _jstr(text).encode() + self._tail
        delta: dict[str, Any] = {}
        if d.text:
            delta["content"] = d.text
        if d.reasoning:
            delta["reasoning_content"] = d.reasoning
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
