"""A Responses create request (OpenAI API reference, "Create a model response",
https://platform.openai.com/docs/api-reference/responses/create) as a StreamChat / Chat request.

* ``input``: a string (one user message) or items: messages (``role`` user / system /
  developer / assistant; content a string or ``input_text`` / ``output_text`` / ``refusal`` /
  ``input_image`` / ``input_file`` parts), ``function_call``, ``function_call_output`` and
  ``reasoning`` items. Consecutive function calls (with the assistant message and reasoning
  before them) become one assistant message with tool calls.
* ``instructions`` becomes the first (system) message.
* ``tools`` (function tools), ``tool_choice``, ``parallel_tool_calls``, ``text.format`` (text,
  json_object, json_schema), ``reasoning.effort`` / ``reasoning.summary``,
  ``max_output_tokens``, ``temperature``, ``top_p``, ``metadata``, ``user``.
* Refused with 400 naming the field, never silently dropped: built-in tools (web search, file
  search, ...), ``item_reference`` items, ``file_id`` / ``image`` file references,
  ``background``, ``conversation``, ``prompt``, ``truncation: auto``.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from llmrouter.v1 import chat_pb2, chat_service_pb2
from service.bridge.common import (
    INT32_MAX,
    as_dict,
    base64_data,
    opt_bool,
    opt_dict,
    opt_float,
    opt_int,
    opt_list,
    opt_str,
    req_str,
    string_map,
    to_struct,
    type_name,
    valid_text,
)
from service.bridge.errors import bad_request
from service.core.content import DOCUMENT_MEDIA_TYPES

__all__ = ["REDACTED", "ResponsesOptions", "input_messages", "responses_request"]

# encrypted_content of a redacted reasoning block (an Anthropic `redacted_thinking`).
REDACTED = "redacted:"

_ROLES = {
    "system": chat_pb2.ROLE_SYSTEM,
    "developer": chat_pb2.ROLE_SYSTEM,
    "user": chat_pb2.ROLE_USER,
    "assistant": chat_pb2.ROLE_ASSISTANT,
}
_DETAIL = {"auto": chat_pb2.IMAGE_DETAIL_AUTO, "low": chat_pb2.IMAGE_DETAIL_LOW, "high": chat_pb2.IMAGE_DETAIL_HIGH}
_EFFORT = {
    "minimal": chat_pb2.REASONING_EFFORT_MINIMAL,
    "low": chat_pb2.REASONING_EFFORT_LOW,
    "medium": chat_pb2.REASONING_EFFORT_MEDIUM,
    "high": chat_pb2.REASONING_EFFORT_HIGH,
}
_TOOL_CHOICE = {
    "auto": chat_pb2.TOOL_CHOICE_MODE_AUTO,
    "none": chat_pb2.TOOL_CHOICE_MODE_NONE,
    "required": chat_pb2.TOOL_CHOICE_MODE_REQUIRED,
}
_REFUSED_TOP = {
    "background": "background responses are not supported by llmrouter",
    "conversation": "conversations are not supported by llmrouter; use previous_response_id",
    "prompt": "stored prompt templates are not supported by llmrouter",
}


@dataclass
class ResponsesOptions:
    """What the answer echoes back (the response object repeats the request's settings)."""

    model: str
    stream: bool
    store: bool
    resp_id: str = ""
    instructions: str | None = None
    previous_response_id: str | None = None
    max_output_tokens: int | None = None
    temperature: float | None = None
    top_p: float | None = None
    parallel_tool_calls: bool = True
    tool_choice: Any = "auto"
    tools: list[dict] = field(default_factory=list)
    text: dict = field(default_factory=lambda: {"format": {"type": "text"}})
    reasoning: dict = field(default_factory=lambda: {"effort": None, "summary": None})
    metadata: dict[str, str] = field(default_factory=dict)
    user: str | None = None
    # The request's input items as given (a string input as one user message item).
    input_items: list[dict] = field(default_factory=list)

    def field_map(self, f: str) -> str:
        """gRPC field path (BadRequest) -> the Responses request's field."""
        if f == "generation.max_tokens":
            return "max_output_tokens"
        if f.startswith("generation.response_format"):
            return "text.format"
        if f.startswith("generation.reasoning"):
            return "reasoning.effort"
        if f.startswith("generation."):
            return f[len("generation.") :]
        if f == "tool_choice.parallel_tool_calls":
            return "parallel_tool_calls"
        if f.startswith("tool_choice"):
            return "tool_choice"
        if f.startswith("messages"):
            return "input"
        if f == "request_id":
            return "x-request-id"
        return f


# ------------------------------------------------------------------ input items


def _image(part: dict, pp: str) -> chat_pb2.ContentPart:
    if part.get("file_id") is not None:
        raise bad_request(f"{pp}.file_id", "uploaded files are not supported by llmrouter; send image_url")
    image = chat_pb2.ImagePart(url=req_str(part, "image_url", f"{pp}.image_url", allow_empty=False))
    detail = opt_str(part, "detail", f"{pp}.detail")
    if detail is not None:
        if detail not in _DETAIL:
            raise bad_request(f"{pp}.detail", "must be 'auto', 'low' or 'high'")
        image.detail = _DETAIL[detail]
    return chat_pb2.ContentPart(image=image)


def _file(part: dict, pp: str) -> chat_pb2.ContentPart:
    for key in ("file_id", "file_url"):
        if part.get(key) is not None:
            raise bad_request(f"{pp}.{key}", f"{key} is not supported by llmrouter; send file_data")
    data = req_str(part, "file_data", f"{pp}.file_data", allow_empty=False)
    media_type, raw = base64_data(data, f"{pp}.file_data", DOCUMENT_MEDIA_TYPES, default="application/pdf")
    doc = chat_pb2.DocumentPart(data=raw, media_type=media_type)
    filename = opt_str(part, "filename", f"{pp}.filename")
    if filename:
        doc.title = filename
    return chat_pb2.ContentPart(document=doc)


def _message_content(value: Any, param: str, role: int) -> str | list[chat_pb2.ContentPart]:
    if isinstance(value, str):
        return valid_text(value, param)
    if not isinstance(value, list):
        raise bad_request(
            param, "is required" if value is None else f"must be a string or an array, not {type_name(value)}"
        )
    allowed: tuple[str, ...] = ("output_text", "refusal") if role == chat_pb2.ROLE_ASSISTANT else ("input_text",)
    if role == chat_pb2.ROLE_USER:
        allowed = ("input_text", "input_image", "input_file")
    parts: list[chat_pb2.ContentPart] = []
    texts_only = True
    for j, part in enumerate(value):
        pp = f"{param}[{j}]"
        part = as_dict(part, pp)
        ptype = part.get("type")
        if ptype not in allowed:
            if not isinstance(ptype, str):
                raise bad_request(f"{pp}.type", "is required" if ptype is None else "must be a string")
            raise bad_request(
                f"{pp}.type", f"content type {ptype[:64]!r} is not allowed here (expected {', '.join(allowed)})"
            )
        if ptype == "input_image":
            parts.append(_image(part, pp))
            texts_only = False
        elif ptype == "input_file":
            parts.append(_file(part, pp))
            texts_only = False
        else:
            key = "refusal" if ptype == "refusal" else "text"
            parts.append(chat_pb2.ContentPart(text=req_str(part, key, f"{pp}.{key}")))
    if texts_only:
        return "".join(p.text for p in parts) if role == chat_pb2.ROLE_ASSISTANT else "\n".join(p.text for p in parts)
    return parts


def _reasoning_block(item: dict, p: str) -> chat_pb2.ReasoningBlock:
    texts = []
    for key in ("summary", "content"):
        parts = opt_list(item, key, f"{p}.{key}") or []
        for k, s in enumerate(parts):
            s = as_dict(s, f"{p}.{key}[{k}]")
            texts.append(req_str(s, "text", f"{p}.{key}[{k}].text"))
        if key == "content" and parts:
            texts = texts[-len(parts) :]  # the full reasoning text, when given, over the summary
    block = chat_pb2.ReasoningBlock(text="\n\n".join(texts))
    enc = opt_str(item, "encrypted_content", f"{p}.encrypted_content")
    if enc and enc.startswith(REDACTED):
        return chat_pb2.ReasoningBlock(redacted_data=enc[len(REDACTED) :])
    if enc:
        block.signature = enc
    return block


def input_messages(value: Any) -> list[chat_pb2.Message]:
    """The conversation of `input` (a string or an array of items)."""
    if isinstance(value, str):
        return [chat_pb2.Message(role=chat_pb2.ROLE_USER, content=valid_text(value, "input"))]
    if value is None:
        raise bad_request("input", "is required")
    if not isinstance(value, list):
        raise bad_request("input", f"must be a string or an array of items, not {type_name(value)}")
    out: list[chat_pb2.Message] = []
    pending_reasoning: list[chat_pb2.ReasoningBlock] = []

    def assistant() -> chat_pb2.Message:
        """The assistant message that function calls join: the last one, if nothing followed it."""
        if out and out[-1].role == chat_pb2.ROLE_ASSISTANT and not pending_reasoning:
            return out[-1]
        msg = chat_pb2.Message(role=chat_pb2.ROLE_ASSISTANT)
        msg.reasoning.extend(pending_reasoning)
        pending_reasoning.clear()
        out.append(msg)
        return msg

    for i, item in enumerate(value):
        p = f"input[{i}]"
        item = as_dict(item, p)
        itype = item.get("type", "message")
        if itype == "message":
            role_s = item.get("role")
            role = _ROLES.get(role_s) if isinstance(role_s, str) else None
            if role is None:
                raise bad_request(f"{p}.role", "must be 'user', 'assistant', 'system' or 'developer'")
            content = _message_content(item.get("content"), f"{p}.content", role)
            if role == chat_pb2.ROLE_ASSISTANT:
                msg = chat_pb2.Message(role=role)
                msg.reasoning.extend(pending_reasoning)
                pending_reasoning.clear()
                out.append(msg)
            else:
                msg = chat_pb2.Message(role=role)
                out.append(msg)
            if isinstance(content, str):
                msg.content = content
            else:
                msg.parts.extend(content)
        elif itype == "function_call":
            args = item.get("arguments")
            if not isinstance(args, str):
                raise bad_request(f"{p}.arguments", "is required" if args is None else "must be a string")
            assistant().tool_calls.append(
                chat_pb2.ToolCall(
                    id=req_str(item, "call_id", f"{p}.call_id", allow_empty=False),
                    name=req_str(item, "name", f"{p}.name", allow_empty=False),
                    arguments=valid_text(args, f"{p}.arguments"),
                )
            )
        elif itype == "function_call_output":
            output = item.get("output")
            if isinstance(output, list):  # output content parts: their text
                text = "".join(
                    req_str(as_dict(o, f"{p}.output[{k}]"), "text", f"{p}.output[{k}].text")
                    for k, o in enumerate(output)
                )
            elif isinstance(output, str):
                text = valid_text(output, f"{p}.output")
            else:
                raise bad_request(f"{p}.output", "is required" if output is None else "must be a string or an array")
            out.append(
                chat_pb2.Message(
                    role=chat_pb2.ROLE_TOOL,
                    content=text,
                    tool_call_id=req_str(item, "call_id", f"{p}.call_id", allow_empty=False),
                )
            )
        elif itype == "reasoning":
            pending_reasoning.append(_reasoning_block(item, p))
        elif itype == "item_reference":
            raise bad_request(f"{p}.type", "item references are not supported by llmrouter; send the item itself")
        else:
            raise bad_request(
                f"{p}.type",
                f"item type {str(itype)[:64]!r} is not supported by llmrouter "
                "(message, function_call, function_call_output, reasoning)",
            )
    if not out:
        raise bad_request("input", "at least one message is required")
    return out


# ------------------------------------------------------------------ tools, formats


def _tools(value: Any, opts: ResponsesOptions) -> list[chat_pb2.Tool]:
    if not isinstance(value, list):
        raise bad_request("tools", f"must be an array, not {type_name(value)}")
    out = []
    for i, t in enumerate(value):
        p = f"tools[{i}]"
        t = as_dict(t, p)
        if t.get("type") != "function":
            raise bad_request(f"{p}.type", "only 'function' tools are supported by llmrouter")
        tool = chat_pb2.Tool(name=req_str(t, "name", f"{p}.name", allow_empty=False))
        desc = opt_str(t, "description", f"{p}.description")
        if desc:
            tool.description = desc
        params = t.get("parameters")
        if params is not None:
            tool.parameters.CopyFrom(to_struct(params, f"{p}.parameters"))
        strict = opt_bool(t, "strict", f"{p}.strict")
        out.append(tool)
        opts.tools.append(
            {
                "type": "function",
                "name": tool.name,
                "description": desc,
                "parameters": params,
                "strict": True if strict is None else strict,
            }
        )
    return out


def _tool_choice(value: Any) -> chat_pb2.ToolChoice | None:
    if value is None:
        return None
    if isinstance(value, str):
        mode = _TOOL_CHOICE.get(value)
        if mode is None:
            raise bad_request("tool_choice", "must be 'auto', 'none', 'required' or {\"type\": \"function\", \"name\"}")
        return chat_pb2.ToolChoice(mode=mode)
    d = as_dict(value, "tool_choice")
    if d.get("type") != "function":
        raise bad_request("tool_choice.type", "must be 'function' (built-in tools are not supported by llmrouter)")
    return chat_pb2.ToolChoice(
        mode=chat_pb2.TOOL_CHOICE_MODE_FUNCTION, function_name=req_str(d, "name", "tool_choice.name", allow_empty=False)
    )


def _text_format(text: dict, g: chat_pb2.GenerationConfig, opts: ResponsesOptions) -> None:
    fmt = opt_dict(text, "format", "text.format")
    if text.get("verbosity") is not None:
        verbosity = opt_str(text, "verbosity", "text.verbosity")
        if verbosity not in ("low", "medium", "high"):
            raise bad_request("text.verbosity", "must be 'low', 'medium' or 'high'")
    if fmt is None:
        return
    ftype = fmt.get("type")
    if ftype == "text":
        opts.text = {"format": {"type": "text"}}
        return
    if ftype == "json_object":
        g.response_format.type = chat_pb2.RESPONSE_FORMAT_TYPE_JSON_OBJECT
        opts.text = {"format": {"type": "json_object"}}
        return
    if ftype != "json_schema":
        raise bad_request("text.format.type", "must be 'text', 'json_object' or 'json_schema'")
    name = req_str(fmt, "name", "text.format.name", allow_empty=False)
    rf = g.response_format
    rf.type = chat_pb2.RESPONSE_FORMAT_TYPE_JSON_SCHEMA
    rf.json_schema.name = name
    desc = opt_str(fmt, "description", "text.format.description")
    if desc:
        rf.json_schema.description = desc
    schema = fmt.get("schema")
    if schema is None:
        raise bad_request("text.format.schema", "is required")
    rf.json_schema.schema.CopyFrom(to_struct(schema, "text.format.schema"))
    strict = opt_bool(fmt, "strict", "text.format.strict")
    if strict:
        rf.json_schema.strict = True
    echo: dict[str, Any] = {"type": "json_schema", "name": name, "schema": schema, "strict": bool(strict)}
    if desc:
        echo["description"] = desc
    opts.text = {"format": echo}


def _reasoning(value: dict, g: chat_pb2.GenerationConfig, opts: ResponsesOptions) -> None:
    effort = opt_str(value, "effort", "reasoning.effort")
    summary = opt_str(value, "summary", "reasoning.summary")
    if value.get("generate_summary") is not None:  # the deprecated name
        summary = opt_str(value, "generate_summary", "reasoning.generate_summary")
    if effort is not None and effort != "none":
        if effort not in _EFFORT:
            raise bad_request("reasoning.effort", "must be 'none', 'minimal', 'low', 'medium' or 'high'")
        g.reasoning.effort = _EFFORT[effort]
    if summary not in (None, "auto", "concise", "detailed"):
        raise bad_request("reasoning.summary", "must be 'auto', 'concise' or 'detailed'")
    opts.reasoning = {"effort": effort, "summary": summary}


# ------------------------------------------------------------------ the request


def responses_request(
    doc: dict, request_id: str, history: list[chat_pb2.Message] | None = None
) -> tuple[chat_service_pb2.StreamChatRequest | chat_service_pb2.ChatRequest, ResponsesOptions]:
    """The gRPC request of a create request; `history` (the conversation of
    `previous_response_id`, read by the caller) goes before `input`."""
    model = req_str(doc, "model", "model", allow_empty=False)
    stream = bool(opt_bool(doc, "stream", "stream"))
    store = opt_bool(doc, "store", "store")
    opts = ResponsesOptions(
        model=model, stream=stream, store=True if store is None else store, resp_id=f"resp_{uuid.uuid4().hex}"
    )
    for key, why in _REFUSED_TOP.items():
        if doc.get(key) not in (None, False):
            raise bad_request(key, why)
    truncation = opt_str(doc, "truncation", "truncation")
    if truncation not in (None, "disabled"):
        raise bad_request("truncation", "only 'disabled' is supported by llmrouter")
    include = opt_list(doc, "include", "include")
    for k, v in enumerate(include or ()):
        if not isinstance(v, str):
            raise bad_request(f"include[{k}]", f"must be a string, not {type_name(v)}")
    opts.previous_response_id = opt_str(doc, "previous_response_id", "previous_response_id") or None

    req = (chat_service_pb2.StreamChatRequest if stream else chat_service_pb2.ChatRequest)(
        model=model, request_id=request_id
    )
    instructions = opt_str(doc, "instructions", "instructions")
    if instructions:
        opts.instructions = instructions
        req.messages.append(chat_pb2.Message(role=chat_pb2.ROLE_SYSTEM, content=instructions))
    if history:
        req.messages.extend(history)
    raw_input = doc.get("input")
    req.messages.extend(input_messages(raw_input))
    opts.input_items = (
        [{"type": "message", "role": "user", "content": [{"type": "input_text", "text": raw_input}]}]
        if isinstance(raw_input, str)
        else [dict(x) for x in raw_input or ()]
    )

    g = req.generation
    mot = opt_int(doc, "max_output_tokens", "max_output_tokens", 1, INT32_MAX)
    if mot is not None:
        g.max_tokens = opt_output_tokens = mot
        opts.max_output_tokens = opt_output_tokens
    for key, lo, hi in (("temperature", 0.0, 2.0), ("top_p", 0.0, 1.0)):
        v = opt_float(doc, key, key, lo, hi)
        if v is not None:
            setattr(g, key, v)
            setattr(opts, key, v)
    text = opt_dict(doc, "text", "text")
    if text is not None:
        _text_format(text, g, opts)
    reasoning = opt_dict(doc, "reasoning", "reasoning")
    if reasoning is not None:
        _reasoning(reasoning, g, opts)

    tools = doc.get("tools")
    if tools is not None:
        req.tools.extend(_tools(tools, opts))
    tc = _tool_choice(doc.get("tool_choice"))
    if tc is not None:
        req.tool_choice.CopyFrom(tc)
        opts.tool_choice = doc["tool_choice"]
    parallel = opt_bool(doc, "parallel_tool_calls", "parallel_tool_calls")
    if parallel is not None:
        req.tool_choice.parallel_tool_calls = parallel
        opts.parallel_tool_calls = parallel

    md = doc.get("metadata")
    if md is not None:
        opts.metadata = string_map(md, "metadata")
        if len(opts.metadata) > 16:
            raise bad_request("metadata", "at most 16 entries")
        req.metadata.update(opts.metadata)
    user = opt_str(doc, "user", "user")
    if user:
        opts.user = user
        req.metadata["user"] = user
    return req, opts
