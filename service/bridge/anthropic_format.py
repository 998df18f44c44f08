"""Anthropic Messages API wire format <-> the gRPC contract.

Request mapping: `system` (string or text blocks) becomes a leading ROLE_SYSTEM message;
user `tool_result` blocks become ROLE_TOOL messages (placed before the user's text, as the
Messages API requires tool results to come first); assistant `tool_use` blocks become tool
calls (input serialised as JSON); assistant `thinking` blocks are dropped (the contract
carries no thinking input). Images, documents and server tools are refused with 400.

Streaming: `message_start`, then for each content block `content_block_start`,
`content_block_delta` (text_delta, thinking_delta, input_json_delta), `content_block_stop`,
then `message_delta` (stop_reason, usage) and `message_stop`. A failure after the stream
began is an `error` event and the stream ends without `message_stop`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from json.encoder import encode_basestring as _jstr
from typing import Any

from llmrouter.v1 import chat_pb2, chat_service_pb2
from service.bridge.common import (
    INT32_MAX,
    as_dict,
    opt_bool,
    opt_dict,
    opt_float,
    opt_int,
    opt_str,
    req_str,
    to_struct,
    type_name,
    valid_text,
)
from service.bridge.errors import bad_request

STOP_REASON = {
    chat_pb2.FINISH_REASON_UNSPECIFIED: "end_turn",
    chat_pb2.FINISH_REASON_STOP: "end_turn",
    chat_pb2.FINISH_REASON_LENGTH: "max_tokens",
    chat_pb2.FINISH_REASON_TOOL_CALLS: "tool_use",
    chat_pb2.FINISH_REASON_CONTENT_FILTER: "refusal",
    chat_pb2.FINISH_REASON_STOP_SEQUENCE: "stop_sequence",
}


def dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


@dataclass
class MessagesOptions:
    model: str
    stream: bool
    stop_sequences: list[str] = field(default_factory=list)
    # For each protobuf message, the Anthropic field it came from (error messages).
    sources: list[str] = field(default_factory=list)

    def field_map(self, f: str) -> str:
        if f.startswith("messages["):
            idx, _, rest = f[len("messages[") :].partition("]")
            if idx.isdigit() and int(idx) < len(self.sources):
                src = self.sources[int(idx)]
                rest = rest.replace(".tool_call_id", ".tool_use_id")
                if src == "system" and rest == ".content":
                    return "system"
                return src + rest
            return f
        if f.startswith("generation."):
            rest = f[len("generation.") :]
            if rest.startswith("stop"):
                return "stop_sequences" + rest[len("stop") :]
            return rest
        if f.startswith("tool_choice"):
            return "tool_choice.name" if f.endswith("function_name") else "tool_choice"
        return f

    def stop_sequence(self, s: chat_pb2.ChatSummary) -> str | None:
        if s.finish_reason == chat_pb2.FINISH_REASON_STOP_SEQUENCE and len(self.stop_sequences) == 1:
            return self.stop_sequences[0]
        return None


def _text_of(value: Any, param: str) -> str:
    """A string, or an array of text blocks (joined with newlines)."""
    if isinstance(value, str):
        return valid_text(value, param)
    if not isinstance(value, list):
        raise bad_request(param, f"must be a string or an array of content blocks, not {type_name(value)}")
    texts = []
    for j, b in enumerate(value):
        p = f"{param}[{j}]"
        b = as_dict(b, p)
        if b.get("type") != "text":
            raise bad_request(f"{p}.type", _unsupported(b.get("type")))
        texts.append(req_str(b, "text", f"{p}.text"))
    return "\n".join(texts)


def _unsupported(btype: Any) -> str:
    if isinstance(btype, str):
        return f"content block type {btype[:64]!r} is not supported here by llmrouter"
    return "is required" if btype is None else "must be a string"


def _message(m: Any, i: int, out: list[chat_pb2.Message], sources: list[str]) -> None:
    p = f"messages[{i}]"
    m = as_dict(m, p)
    role = m.get("role")
    if role not in ("user", "assistant"):
        what = (
            "is required"
            if role is None
            else (
                f"unknown role {role[:32]!r}" if isinstance(role, str) else f"must be a string, not {type_name(role)}"
            )
        )
        raise bad_request(f"{p}.role", f"{what}; expected user or assistant")
    content = m.get("content")
    if content is None:
        raise bad_request(f"{p}.content", "is required")
    if isinstance(content, str):
        out.append(
            chat_pb2.Message(
                role=chat_pb2.ROLE_USER if role == "user" else chat_pb2.ROLE_ASSISTANT,
                content=valid_text(content, f"{p}.content"),
            )
        )
        sources.append(p)
        return
    if not isinstance(content, list):
        raise bad_request(f"{p}.content", f"must be a string or an array of content blocks, not {type_name(content)}")
    texts: list[str] = []
    if role == "user":
        for j, b in enumerate(content):
            bp = f"{p}.content[{j}]"
            b = as_dict(b, bp)
            btype = b.get("type")
            if btype == "text":
                texts.append(req_str(b, "text", f"{bp}.text"))
            elif btype == "tool_result":
                tool_use_id = req_str(b, "tool_use_id", f"{bp}.tool_use_id")
                rc = b.get("content")
                text = "" if rc is None else _text_of(rc, f"{bp}.content")
                opt_bool(b, "is_error", f"{bp}.is_error")
                out.append(chat_pb2.Message(role=chat_pb2.ROLE_TOOL, content=text, tool_call_id=tool_use_id))
                sources.append(bp)
            else:
                raise bad_request(f"{bp}.type", _unsupported(btype))
        if texts or not content:
            out.append(chat_pb2.Message(role=chat_pb2.ROLE_USER, content="\n".join(texts)))
            sources.append(f"{p}.content")
        return
    msg = chat_pb2.Message(role=chat_pb2.ROLE_ASSISTANT)
    for j, b in enumerate(content):
        bp = f"{p}.content[{j}]"
        b = as_dict(b, bp)
        btype = b.get("type")
        if btype == "text":
            texts.append(req_str(b, "text", f"{bp}.text"))
        elif btype == "tool_use":
            inp = b.get("input")
            if inp is None:
                inp = {}
            to_struct(inp, f"{bp}.input")  # validates: an object protobuf can carry
            msg.tool_calls.append(
                chat_pb2.ToolCall(
                    id=req_str(b, "id", f"{bp}.id"),
                    name=req_str(b, "name", f"{bp}.name"),
                    arguments=dumps(inp),
                )
            )
        elif btype in ("thinking", "redacted_thinking"):
            continue  # the contract carries no thinking input
        else:
            raise bad_request(f"{bp}.type", _unsupported(btype))
    msg.content = "".join(texts)
    out.append(msg)
    sources.append(p)


def _tools(value: Any) -> list[chat_pb2.Tool]:
    if not isinstance(value, list):
        raise bad_request("tools", f"must be an array, not {type_name(value)}")
    out = []
    for i, t in enumerate(value):
        p = f"tools[{i}]"
        t = as_dict(t, p)
        ttype = t.get("type")
        if ttype not in (None, "custom"):
            raise bad_request(
                f"{p}.type", f"tool type {str(ttype)[:64]!r} is not supported; only custom tools with input_schema"
            )
        tool = chat_pb2.Tool(name=req_str(t, "name", f"{p}.name"))
        desc = opt_str(t, "description", f"{p}.description")
        if desc:
            tool.description = desc
        schema = t.get("input_schema")
        if schema is None:
            raise bad_request(f"{p}.input_schema", "is required")
        tool.parameters.CopyFrom(to_struct(schema, f"{p}.input_schema"))
        out.append(tool)
    return out


def _tool_choice(value: Any) -> chat_pb2.ToolChoice | None:
    if value is None:
        return None
    d = as_dict(value, "tool_choice")
    t = d.get("type")
    opt_bool(d, "disable_parallel_tool_use", "tool_choice.disable_parallel_tool_use")
    if t == "auto":
        return chat_pb2.ToolChoice(mode=chat_pb2.TOOL_CHOICE_MODE_AUTO)
    if t == "any":
        return chat_pb2.ToolChoice(mode=chat_pb2.TOOL_CHOICE_MODE_REQUIRED)
    if t == "none":
        return chat_pb2.ToolChoice(mode=chat_pb2.TOOL_CHOICE_MODE_NONE)
    if t == "tool":
        return chat_pb2.ToolChoice(
            mode=chat_pb2.TOOL_CHOICE_MODE_FUNCTION, function_name=req_str(d, "name", "tool_choice.name")
        )
    raise bad_request("tool_choice.type", "must be 'auto', 'any', 'tool' or 'none'")


def messages_request(
    doc: dict, request_id: str
) -> tuple[chat_service_pb2.StreamChatRequest | chat_service_pb2.ChatRequest, MessagesOptions]:
    model = req_str(doc, "model", "model", allow_empty=False)
    stream = bool(opt_bool(doc, "stream", "stream"))
    max_tokens = opt_int(doc, "max_tokens", "max_tokens", 1, INT32_MAX)
    if max_tokens is None:
        raise bad_request("max_tokens", "is required")
    opts = MessagesOptions(model=model, stream=stream)
    req = (chat_service_pb2.StreamChatRequest if stream else chat_service_pb2.ChatRequest)(
        model=model, request_id=request_id
    )
    messages: list[chat_pb2.Message] = []
    system = doc.get("system")
    if system is not None:
        text = _text_of(system, "system")
        if text:
            messages.append(chat_pb2.Message(role=chat_pb2.ROLE_SYSTEM, content=text))
            opts.sources.append("system")
    msgs = doc.get("messages")
    if msgs is None:
        raise bad_request("messages", "is required")
    if not isinstance(msgs, list):
        raise bad_request("messages", f"must be an array, not {type_name(msgs)}")
    if not msgs:
        raise bad_request("messages", "at least one message is required")
    for i, m in enumerate(msgs):
        _message(m, i, messages, opts.sources)
    req.messages.extend(messages)

    g = req.generation
    g.max_tokens = max_tokens
    t = opt_float(doc, "temperature", "temperature", 0.0, 1.0)
    if t is not None:
        g.temperature = t
    tp = opt_float(doc, "top_p", "top_p", 0.0, 1.0)
    if tp is not None:
        g.top_p = tp
    opt_int(doc, "top_k", "top_k", 0, INT32_MAX)  # accepted, not part of the contract
    ss = doc.get("stop_sequences")
    if ss is not None:
        if not isinstance(ss, list):
            raise bad_request("stop_sequences", f"must be an array of strings, not {type_name(ss)}")
        for k, s in enumerate(ss):
            if not isinstance(s, str):
                raise bad_request(f"stop_sequences[{k}]", f"must be a string, not {type_name(s)}")
            g.stop.append(valid_text(s, f"stop_sequences[{k}]"))
            opts.stop_sequences.append(s)
    tools = doc.get("tools")
    if tools is not None:
        req.tools.extend(_tools(tools))
    tc = _tool_choice(doc.get("tool_choice"))
    if tc is not None:
        req.tool_choice.CopyFrom(tc)
    md = opt_dict(doc, "metadata", "metadata")
    if md is not None:
        uid = opt_str(md, "user_id", "metadata.user_id")
        if uid:
            req.metadata["user_id"] = uid
    provider = opt_str(doc, "provider", "provider")  # llmrouter extension
    if provider:
        req.provider = provider
    return req, opts


# ------------------------------------------------------------------ responses


def usage_dict(u: chat_pb2.Usage) -> dict:
    return {
        "input_tokens": max(0, u.prompt_tokens - u.cached_prompt_tokens),
        "cache_creation_input_tokens": 0,
        "cache_read_input_tokens": u.cached_prompt_tokens,
        "output_tokens": u.completion_tokens,
    }


def _tool_input(arguments: str) -> Any:
    try:
        v = json.loads(arguments) if arguments else {}
    except ValueError:
        return {}
    return v if isinstance(v, dict) else {}


def message_body(resp: chat_service_pb2.ChatResponse, request_id: str, opts: MessagesOptions) -> dict:
    s = resp.summary
    content: list[dict] = []
    if resp.reasoning:
        content.append({"type": "thinking", "thinking": resp.reasoning, "signature": ""})
    if resp.message.content:
        content.append({"type": "text", "text": resp.message.content})
    for tc in resp.message.tool_calls:
        content.append({"type": "tool_use", "id": tc.id, "name": tc.name, "input": _tool_input(tc.arguments)})
    return {
        "id": f"msg_{request_id}",
        "type": "message",
        "role": "assistant",
        "model": opts.model,  # the name the caller asked for, as in the stream (upstream: x-llmrouter-model)
        "content": content,
        "stop_reason": STOP_REASON.get(s.finish_reason, "end_turn"),
        "stop_sequence": opts.stop_sequence(s),
        "usage": usage_dict(s.usage),
    }


def _event(name: str, data: str) -> bytes:
    return f"event: {name}\ndata: {data}\n\n".encode()


_TEXT, _THINKING = "text", "thinking"


class MessageStream:
    """Encodes StreamChat messages as Messages API SSE events (a small block state machine)."""

    __slots__ = ("_delta_pre", "_index", "_kind", "_model", "_opts", "_request_id")

    def __init__(self, request_id: str, opts: MessagesOptions) -> None:
        self._request_id = request_id
        self._model = opts.model
        self._opts = opts
        self._index = -1
        self._kind: object = None  # _TEXT, _THINKING, or the tool-call index (int)
        self._delta_pre = b""

    def opening(self, first: chat_service_pb2.StreamChatResponse) -> bytes:
        """`message_start`, written before the first message `first` (whose usage, where the
        upstream reported it early, can give the prompt's token count)."""
        msg: dict[str, object] = {
            "id": f"msg_{self._request_id}",
            "type": "message",
            "role": "assistant",
            "model": self._model,
            "content": [],
            "stop_reason": None,
            "stop_sequence": None,
            "usage": {
                "input_tokens": 0,
                "cache_creation_input_tokens": 0,
                "cache_read_input_tokens": 0,
                "output_tokens": 0,
            },
        }
        return _event("message_start", dumps({"type": "message_start", "message": msg}))

    def _stop(self) -> bytes:
        if self._kind is None:
            return b""
        self._kind = None
        return _event("content_block_stop", '{"type":"content_block_stop","index":%d}' % self._index)

    def _open(self, kind: object, block: dict, delta_type: str, delta_key: str) -> bytes:
        out = self._stop()
        self._index += 1
        self._kind = kind
        self._delta_pre = (
            'event: content_block_delta\ndata: {"type":"content_block_delta","index":%d,"delta":{"type":"%s","%s":'
            % (self._index, delta_type, delta_key)
        ).encode()
        return out + _event(
            "content_block_start", dumps({"type": "content_block_start", "index": self._index, "content_block": block})
        )

    def delta(self, d: chat_pb2.ChatDelta) -> bytes:
        if self._kind == _TEXT and not d.reasoning and not d.tool_calls:
            text = d.text
            return self._delta_pre + _jstr(text).encode() + b"}}\n\n" if text else b""
        out = b""
        if d.reasoning:
            if self._kind != _THINKING:
                out += self._open(
                    _THINKING, {"type": "thinking", "thinking": "", "signature": ""}, "thinking_delta", "thinking"
                )
            out += self._delta_pre + _jstr(d.reasoning).encode() + b"}}\n\n"
        if d.text:
            if self._kind != _TEXT:
                out += self._open(_TEXT, {"type": "text", "text": ""}, "text_delta", "text")
            out += self._delta_pre + _jstr(d.text).encode() + b"}}\n\n"
        for tc in d.tool_calls:
            if self._kind != tc.index:
                out += self._open(
                    tc.index,
                    {"type": "tool_use", "id": tc.id, "name": tc.name, "input": {}},
                    "input_json_delta",
                    "partial_json",
                )
            if tc.arguments:
                out += self._delta_pre + _jstr(tc.arguments).encode() + b"}}\n\n"
        return out

    def closing(self, s: chat_pb2.ChatSummary) -> bytes:
        out = self._stop()
        md = {
            "type": "message_delta",
            "delta": {
                "stop_reason": STOP_REASON.get(s.finish_reason, "end_turn"),
                "stop_sequence": self._opts.stop_sequence(s),
            },
            "usage": usage_dict(s.usage),
        }
        return out + _event("message_delta", dumps(md)) + _event("message_stop", '{"type":"message_stop"}')

    @staticmethod
    def error(body: dict) -> bytes:
        return _event("error", dumps(body))


def model_object(m: chat_service_pb2.Model) -> dict:
    return {"type": "model", "id": m.id, "display_name": m.display_name or m.id, "created_at": "1970-01-01T00:00:00Z"}
