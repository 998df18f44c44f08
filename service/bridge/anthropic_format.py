"""Anthropic Messages API wire format <-> the gRPC contract.

Request: content blocks as in `service.bridge.anthropic_content` (system, turns, images,
documents, tool results, thinking blocks, cache hints); ``thinking`` (``enabled`` with
``budget_tokens``: at least 1024 and less than ``max_tokens``, as the API requires; ``adaptive``:
an effort, ``output_config.effort`` or ``high``; ``disabled``) becomes `ReasoningConfig`;
``output_config.format`` (or the older ``output_format``) a strict JSON-schema response format;
``tool_choice.disable_parallel_tool_use`` ``parallel_tool_calls = false``; a top-level
``cache_control`` marks the request's last message. What the contract cannot carry is refused
with 400 naming the field; what the served model cannot do, the server refuses (400).

Streaming: `message_start` (with the prompt's token count when the upstream reported it before
the output), then for each content block `content_block_start`, `content_block_delta`
(text_delta, thinking_delta then the block's signature_delta, input_json_delta),
`content_block_stop` (a redacted_thinking block comes whole in its start), then `message_delta`
(stop_reason, the matched stop_sequence, usage with cache tokens) and `message_stop`. A failure
after the stream began is an `error` event and the stream ends without `message_stop`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from json.encoder import encode_basestring as _jstr
from typing import Any

from llmrouter.v1 import chat_pb2, chat_service_pb2
from service.bridge import anthropic_content as content
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
MIN_THINKING_BUDGET = 1024
_EFFORTS: dict[str, chat_pb2.ReasoningEffort] = {
    "low": chat_pb2.REASONING_EFFORT_LOW,
    "medium": chat_pb2.REASONING_EFFORT_MEDIUM,
    "high": chat_pb2.REASONING_EFFORT_HIGH,
}
# Contract fields (after generation.) -> the Anthropic request's.
_GENERATION_FIELDS = {
    "reasoning.budget_tokens": "thinking.budget_tokens",
    "reasoning.effort": "output_config.effort",
    "reasoning": "thinking",
    "response_format": "output_config.format",
}
# Contract part fields -> the Anthropic block's.
_PART_FIELDS = (
    (".image.data", ".source.data"),
    (".image.url", ".source.url"),
    (".image.media_type", ".source.media_type"),
    (".image", ".source"),
    (".document.data", ".source.data"),
    (".document.url", ".source.url"),
    (".document.media_type", ".source.media_type"),
    (".document.title", ".title"),
    (".document", ".source"),
    (".text", ".text"),
)


def dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def _indexed(rest: str, name: str) -> tuple[int, str] | None:
    """(k, what follows) for a path tail ``.name[k]...``, else None."""
    head = f".{name}["
    if not rest.startswith(head):
        return None
    k, _, tail = rest[len(head) :].partition("]")
    return (int(k), tail) if k.isdigit() else None


@dataclass
class MessagesOptions:
    model: str
    stream: bool
    stop_sequences: list[str] = field(default_factory=list)
    # For each protobuf message, the Anthropic fields it came from (error messages).
    src: content.Sources = field(default_factory=content.Sources)

    def field_map(self, f: str) -> str:
        if f.startswith("messages["):
            idx, _, rest = f[len("messages[") :].partition("]")
            if idx.isdigit() and int(idx) < len(self.src.messages):
                i = int(idx)
                src = self.src.messages[i]
                part = _indexed(rest, "parts")
                if part is not None and part[0] < len(self.src.parts[i]):
                    tail = part[1]
                    for ours, theirs in _PART_FIELDS:
                        if tail.startswith(ours):
                            tail = theirs + tail[len(ours) :]
                            break
                    return self.src.parts[i][part[0]] + tail
                block = _indexed(rest, "reasoning")
                if block is not None and block[0] < len(self.src.reasoning[i]):
                    tail = block[1].replace(".text", ".thinking").replace(".redacted_data", ".data")
                    return self.src.reasoning[i][block[0]] + tail
                if rest.startswith(".cache_control") and self.src.cache[i]:
                    return self.src.cache[i] + rest[len(".cache_control") :]
                rest = rest.replace(".tool_call_id", ".tool_use_id")
                if rest == ".content" and (src == "system" or src.endswith(".content")):
                    return src
                return src + rest
            return f
        if f.startswith("generation."):
            rest = f[len("generation.") :]
            if rest.startswith("stop"):
                return "stop_sequences" + rest[len("stop") :]
            for ours, theirs in _GENERATION_FIELDS.items():
                if rest.startswith(ours):
                    return theirs + rest[len(ours) :]
            return rest
        if f.startswith("tool_choice"):
            if f.endswith("parallel_tool_calls"):
                return "tool_choice.disable_parallel_tool_use"
            return "tool_choice.name" if f.endswith("function_name") else "tool_choice"
        return f

    def stop_sequence(self, s: chat_pb2.ChatSummary) -> str | None:
        if s.stop_sequence:
            return s.stop_sequence
        if s.finish_reason == chat_pb2.FINISH_REASON_STOP_SEQUENCE and len(self.stop_sequences) == 1:
            return self.stop_sequences[0]  # an upstream that does not say which one matched
        return None


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
        cc = content.cache_control(t, f"{p}.cache_control")
        if cc is not None:
            tool.cache_control.CopyFrom(cc)
        out.append(tool)
    return out


def _tool_choice(value: Any) -> chat_pb2.ToolChoice | None:
    if value is None:
        return None
    d = as_dict(value, "tool_choice")
    t = d.get("type")
    disable = opt_bool(d, "disable_parallel_tool_use", "tool_choice.disable_parallel_tool_use")
    if t == "auto":
        out = chat_pb2.ToolChoice(mode=chat_pb2.TOOL_CHOICE_MODE_AUTO)
    elif t == "any":
        out = chat_pb2.ToolChoice(mode=chat_pb2.TOOL_CHOICE_MODE_REQUIRED)
    elif t == "none":
        out = chat_pb2.ToolChoice(mode=chat_pb2.TOOL_CHOICE_MODE_NONE)
    elif t == "tool":
        out = chat_pb2.ToolChoice(
            mode=chat_pb2.TOOL_CHOICE_MODE_FUNCTION, function_name=req_str(d, "name", "tool_choice.name")
        )
    else:
        raise bad_request("tool_choice.type", "must be 'auto', 'any', 'tool' or 'none'")
    if disable is not None:
        out.parallel_tool_calls = not disable
    return out


def _effort(output_config: dict | None) -> chat_pb2.ReasoningEffort | None:
    value = None if output_config is None else output_config.get("effort")
    if value is None:
        return None
    if value not in _EFFORTS:
        raise bad_request(
            "output_config.effort",
            "must be 'low', 'medium' or 'high' (llmrouter carries no other effort)"
            if isinstance(value, str)
            else f"must be a string, not {type_name(value)}",
        )
    return _EFFORTS[value]


def _thinking(doc: dict, max_tokens: int, output_config: dict | None) -> chat_pb2.ReasoningConfig | None:
    effort = _effort(output_config)
    value = doc.get("thinking")
    if value is None:
        if effort is not None:
            raise bad_request("output_config.effort", "llmrouter carries an effort only with thinking type 'adaptive'")
        return None
    d = as_dict(value, "thinking")
    ttype = d.get("type")
    display = opt_str(d, "display", "thinking.display")
    if display not in (None, "summarized"):
        raise bad_request("thinking.display", "llmrouter returns thinking as the model gives it: only 'summarized'")
    if ttype == "disabled":
        if effort is not None:
            raise bad_request("output_config.effort", "llmrouter carries an effort only with thinking type 'adaptive'")
        return None
    if ttype == "enabled":
        budget = opt_int(d, "budget_tokens", "thinking.budget_tokens", MIN_THINKING_BUDGET, INT32_MAX)
        if budget is None:
            raise bad_request("thinking.budget_tokens", "is required with type 'enabled'")
        if budget >= max_tokens:
            raise bad_request("thinking.budget_tokens", f"must be less than max_tokens ({max_tokens})")
        if effort is not None:
            raise bad_request("output_config.effort", "llmrouter carries an effort only with thinking type 'adaptive'")
        return chat_pb2.ReasoningConfig(budget_tokens=budget)
    if ttype == "adaptive":
        return chat_pb2.ReasoningConfig(effort=chat_pb2.REASONING_EFFORT_HIGH if effort is None else effort)
    raise bad_request(
        "thinking.type",
        "must be 'enabled', 'adaptive' or 'disabled'"
        if ttype is None or isinstance(ttype, str)
        else "must be a string",
    )


def _output_format(value: Any, param: str) -> chat_pb2.ResponseFormat:
    d = as_dict(value, param)
    if d.get("type") != "json_schema":
        raise bad_request(f"{param}.type", "must be 'json_schema'")
    schema = d.get("schema")
    if schema is None:
        raise bad_request(f"{param}.schema", "is required")
    rf = chat_pb2.ResponseFormat(type=chat_pb2.RESPONSE_FORMAT_TYPE_JSON_SCHEMA)
    rf.json_schema.name = "response"
    rf.json_schema.strict = True  # Anthropic's structured outputs always decode under the schema
    rf.json_schema.schema.CopyFrom(to_struct(schema, f"{param}.schema"))
    return rf


def messages_request(
    doc: dict, request_id: str
) -> tuple[chat_service_pb2.StreamChatRequest | chat_service_pb2.ChatRequest, MessagesOptions]:
    model = opt_str(doc, "model", "model") or ""  # empty: the default model
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
        content.system_message(system, messages, opts.src)
    msgs = doc.get("messages")
    if msgs is None:
        raise bad_request("messages", "is required")
    if not isinstance(msgs, list):
        raise bad_request("messages", f"must be an array, not {type_name(msgs)}")
    if not msgs:
        raise bad_request("messages", "at least one message is required")
    for i, m in enumerate(msgs):
        content.message(m, i, messages, opts.src)
    top_cache = content.cache_control(doc, "cache_control")
    if top_cache is not None and not messages[-1].HasField("cache_control"):
        # "applies a cache_control marker to the last cacheable block in the request"
        messages[-1].cache_control.CopyFrom(top_cache)
        opts.src.cache[-1] = "cache_control"
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
    output_config = opt_dict(doc, "output_config", "output_config")
    reasoning = _thinking(doc, max_tokens, output_config)
    if reasoning is not None:
        g.reasoning.CopyFrom(reasoning)
    fmt = None if output_config is None else output_config.get("format")
    if fmt is not None:
        g.response_format.CopyFrom(_output_format(fmt, "output_config.format"))
    elif doc.get("output_format") is not None:  # the structured-outputs beta's spelling
        g.response_format.CopyFrom(_output_format(doc["output_format"], "output_format"))
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
    """Anthropic counts the prompt's uncached, cache-written and cache-read tokens apart."""
    return {
        "input_tokens": max(0, u.prompt_tokens - u.cached_prompt_tokens - u.cache_write_tokens),
        "cache_creation_input_tokens": u.cache_write_tokens,
        "cache_read_input_tokens": u.cached_prompt_tokens,
        "output_tokens": u.completion_tokens,
    }


def _tool_input(arguments: str) -> Any:
    try:
        v = json.loads(arguments) if arguments else {}
    except ValueError:
        return {}
    return v if isinstance(v, dict) else {}


def _reasoning_blocks(resp: chat_service_pb2.ChatResponse) -> list[dict]:
    blocks = resp.message.reasoning
    if not blocks:  # reasoning text without blocks (a provider that signs nothing)
        return [{"type": "thinking", "thinking": resp.reasoning, "signature": ""}] if resp.reasoning else []
    return [
        {"type": "redacted_thinking", "data": b.redacted_data}
        if b.redacted_data
        else {"type": "thinking", "thinking": b.text, "signature": b.signature}
        for b in blocks
    ]


def message_body(resp: chat_service_pb2.ChatResponse, request_id: str, opts: MessagesOptions) -> dict:
    s = resp.summary
    content_blocks = _reasoning_blocks(resp)
    if resp.message.content:
        content_blocks.append({"type": "text", "text": resp.message.content})
    for tc in resp.message.tool_calls:
        content_blocks.append({"type": "tool_use", "id": tc.id, "name": tc.name, "input": _tool_input(tc.arguments)})
    return {
        "id": f"msg_{request_id}",
        "type": "message",
        "role": "assistant",
        "model": opts.model,  # the name the caller asked for, as in the stream (upstream: x-llmrouter-model)
        "content": content_blocks,
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
        """`message_start`, written before the first message `first`: its usage (the upstream's
        prompt count, reported before the output) or, for an empty answer, the summary's."""
        usage = {"input_tokens": 0, "cache_creation_input_tokens": 0, "cache_read_input_tokens": 0, "output_tokens": 0}
        if first.HasField("delta"):
            if first.delta.HasField("usage"):
                usage = usage_dict(first.delta.usage)
        elif first.HasField("summary"):
            usage = usage_dict(first.summary.usage)
            usage["output_tokens"] = 0  # message_delta reports them
        msg: dict[str, object] = {
            "id": f"msg_{self._request_id}",
            "type": "message",
            "role": "assistant",
            "model": self._model,
            "content": [],
            "stop_reason": None,
            "stop_sequence": None,
            "usage": usage,
        }
        return _event("message_start", dumps({"type": "message_start", "message": msg}))

    def _stop(self) -> bytes:
        if self._kind is None:
            return b""
        self._kind = None
        return _event("content_block_stop", '{"type":"content_block_stop","index":%d}' % self._index)

    def _start(self, block: dict) -> bytes:
        out = self._stop()
        self._index += 1
        return out + _event(
            "content_block_start", dumps({"type": "content_block_start", "index": self._index, "content_block": block})
        )

    def _open(self, kind: object, block: dict, delta_type: str, delta_key: str) -> bytes:
        out = self._start(block)
        self._kind = kind
        self._delta_pre = (
            'event: content_block_delta\ndata: {"type":"content_block_delta","index":%d,"delta":{"type":"%s","%s":'
            % (self._index, delta_type, delta_key)
        ).encode()
        return out

    def _open_thinking(self) -> bytes:
        return self._open(
            _THINKING, {"type": "thinking", "thinking": "", "signature": ""}, "thinking_delta", "thinking"
        )

    def delta(self, d: chat_pb2.ChatDelta) -> bytes:
        if self._kind == _TEXT and not (d.reasoning or d.tool_calls or d.reasoning_signature or d.redacted_reasoning):
            text = d.text
            return self._delta_pre + _jstr(text).encode() + b"}}\n\n" if text else b""
        out = b""
        if d.reasoning:
            if self._kind != _THINKING:
                out += self._open_thinking()
            out += self._delta_pre + _jstr(d.reasoning).encode() + b"}}\n\n"
        if d.reasoning_signature:
            # The signature closes the thinking block streamed so far.
            if self._kind != _THINKING:
                out += self._open_thinking()
            out += _event(
                "content_block_delta",
                dumps(
                    {
                        "type": "content_block_delta",
                        "index": self._index,
                        "delta": {"type": "signature_delta", "signature": d.reasoning_signature},
                    }
                ),
            )
            out += self._stop()
        if d.redacted_reasoning:
            out += self._start({"type": "redacted_thinking", "data": d.redacted_reasoning})
            out += _event("content_block_stop", '{"type":"content_block_stop","index":%d}' % self._index)
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
