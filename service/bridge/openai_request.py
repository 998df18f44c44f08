"""A Chat Completions request (OpenAI API reference, "Create chat completion",
https://platform.openai.com/docs/api-reference/chat/create) as a StreamChat / Chat request.

Validated field by field: errors name the OpenAI field (``messages[2].content[0].image_url.url``),
and the server's own BadRequest paths come back under the OpenAI names (`ChatOptions.field_map`).

* Content: a string, or content parts. Text-only parts are joined (newlines) into the text
  content; with an ``image_url`` part (user messages) or a ``file`` part (PDF as ``file_data``,
  user messages) every part maps one to one to `Message.parts`.
* Assistant messages may carry ``thinking_blocks`` (the convention LiteLLM uses for Anthropic
  thinking: ``{"type": "thinking", "thinking", "signature"}`` or ``{"type":
  "redacted_thinking", "data"}``), passed back as reasoning blocks with their signatures.
* ``response_format`` (text, json_object, json_schema), ``reasoning_effort``, penalties,
  ``logprobs`` / ``top_logprobs``, ``parallel_tool_calls``.
* Prompt-caching hints as LiteLLM and Anthropic-minded clients send them: ``cache_control``
  (``{"type": "ephemeral", "ttl": "5m" | "1h"}``) on a content part or on a tool; the
  providers that take hints get them (Anthropic), the others cache on their own.
* Refused with 400, never silently dropped: ``n`` > 1, a ``logit_bias``, audio output,
  ``file_id`` and ``input_audio`` parts, non-function tools. Unknown top-level fields are
  ignored, as OpenAI-compatible servers commonly do.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from llmrouter.v1 import chat_pb2, chat_service_pb2
from service.bridge.cache_hints import cache_control
from service.bridge.common import (
    INT32_MAX,
    INT64_MAX,
    as_dict,
    base64_data,
    opt_bool,
    opt_dict,
    opt_float,
    opt_int,
    opt_str,
    req_str,
    string_map,
    to_struct,
    type_name,
    valid_text,
)
from service.bridge.errors import bad_request
from service.core.content import DOCUMENT_MEDIA_TYPES

__all__ = ["ROLES", "ChatOptions", "chat_request"]

ROLES = {
    "system": chat_pb2.ROLE_SYSTEM,
    "developer": chat_pb2.ROLE_SYSTEM,
    "user": chat_pb2.ROLE_USER,
    "assistant": chat_pb2.ROLE_ASSISTANT,
    "tool": chat_pb2.ROLE_TOOL,
}
_TOOL_CHOICE_MODES = {
    "auto": chat_pb2.TOOL_CHOICE_MODE_AUTO,
    "none": chat_pb2.TOOL_CHOICE_MODE_NONE,
    "required": chat_pb2.TOOL_CHOICE_MODE_REQUIRED,
}
_DETAIL = {"auto": chat_pb2.IMAGE_DETAIL_AUTO, "low": chat_pb2.IMAGE_DETAIL_LOW, "high": chat_pb2.IMAGE_DETAIL_HIGH}
_EFFORT = {
    "minimal": chat_pb2.REASONING_EFFORT_MINIMAL,
    "low": chat_pb2.REASONING_EFFORT_LOW,
    "medium": chat_pb2.REASONING_EFFORT_MEDIUM,
    "high": chat_pb2.REASONING_EFFORT_HIGH,
}
_RESPONSE_FORMATS = ("text", "json_object", "json_schema")

# gRPC BadRequest paths of content parts -> the OpenAI request's names.
_PART = re.compile(r"^(messages\[\d+\])\.parts\[(\d+)\](?:\.(image|document)(?:\.(\w+))?|\.(text|cache_control))?")


def dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


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
            if rest.startswith("reasoning"):
                return "reasoning_effort"
            return rest
        if f == "tool_choice.parallel_tool_calls":
            return "parallel_tool_calls"
        if f.startswith("tool_choice"):
            return "tool_choice"
        if f.startswith("tools[") and f.endswith("].name"):
            return f[: -len("name")] + "function.name"
        if f.startswith("messages["):
            m = _PART.match(f)
            if m is not None:
                head, j, kind, leaf, text = m.groups()
                if text:
                    return f"{head}.content[{j}].{text}"
                if kind == "image":
                    return f"{head}.content[{j}].image_url" + (
                        ".detail" if leaf == "detail" else ".url" if leaf else ""
                    )
                if kind == "document":
                    return f"{head}.content[{j}].file" + (".file_data" if leaf else "")
                return f"{head}.content[{j}]"
            if f.endswith("].cache_control") and ".parts[" not in f:  # the hint of a message's last part
                return f"{f[: -len('.cache_control')]}.content[-1].cache_control"
            if ".reasoning[" in f:
                return f.replace(".reasoning[", ".thinking_blocks[", 1)
            if ".tool_calls[" in f and f.endswith(("].name", "].arguments")):
                head, _, leaf = f.rpartition(".")
                return f"{head}.function.{leaf}"
        if f == "request_id":
            return "x-request-id"
        return f


# ------------------------------------------------------------------ messages


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


def _image_part(part: dict, pp: str) -> chat_pb2.ContentPart:
    spec = part.get("image_url")
    if isinstance(spec, str):  # lenient: the URL itself
        spec = {"url": spec}
    spec = as_dict(spec, f"{pp}.image_url")
    image = chat_pb2.ImagePart(url=req_str(spec, "url", f"{pp}.image_url.url", allow_empty=False))
    detail = opt_str(spec, "detail", f"{pp}.image_url.detail")
    if detail is not None:
        if detail not in _DETAIL:
            raise bad_request(f"{pp}.image_url.detail", "must be 'auto', 'low' or 'high'")
        image.detail = _DETAIL[detail]
    return chat_pb2.ContentPart(image=image)


def _file_part(part: dict, pp: str) -> chat_pb2.ContentPart:
    spec = as_dict(part.get("file"), f"{pp}.file")
    if spec.get("file_id") is not None:
        raise bad_request(f"{pp}.file.file_id", "uploaded files are not supported by llmrouter; send file_data")
    data = req_str(spec, "file_data", f"{pp}.file.file_data", allow_empty=False)
    media_type, raw = base64_data(data, f"{pp}.file.file_data", DOCUMENT_MEDIA_TYPES, default="application/pdf")
    doc = chat_pb2.DocumentPart(data=raw, media_type=media_type)
    filename = opt_str(spec, "filename", f"{pp}.file.filename")
    if filename:
        doc.title = filename
    return chat_pb2.ContentPart(document=doc)


def _content(value: Any, param: str, role: int) -> str | list[chat_pb2.ContentPart]:
    """A message's content: a string (text parts joined with newlines), or parts when any
    part is an image or a file."""
    if value is None:
        if role in (chat_pb2.ROLE_ASSISTANT, chat_pb2.ROLE_TOOL):
            return ""
        raise bad_request(param, "is required")
    if isinstance(value, str):
        return valid_text(value, param)
    if not isinstance(value, list):
        raise bad_request(param, f"must be a string or an array of content parts, not {type_name(value)}")
    allowed: tuple[str, ...]
    if role == chat_pb2.ROLE_USER:
        allowed = ("text", "image_url", "file")
    elif role == chat_pb2.ROLE_ASSISTANT:
        allowed = ("text", "refusal")
    else:
        allowed = ("text",)
    parts: list[chat_pb2.ContentPart] = []
    texts_only = True
    for j, part in enumerate(value):
        pp = f"{param}[{j}]"
        part = as_dict(part, pp)
        ptype = part.get("type")
        if ptype not in allowed:
            if not isinstance(ptype, str):
                raise bad_request(f"{pp}.type", "is required" if ptype is None else "must be a string")
            where = {chat_pb2.ROLE_SYSTEM: "system", chat_pb2.ROLE_TOOL: "tool", chat_pb2.ROLE_ASSISTANT: "assistant"}
            if ptype in ("image_url", "file") and role in where:
                raise bad_request(f"{pp}.type", f"{ptype} parts are allowed only in user messages")
            raise bad_request(
                f"{pp}.type", f"content part type {ptype[:64]!r} is not supported by llmrouter (text, image_url, file)"
            )
        if ptype == "image_url":
            out = _image_part(part, pp)
            texts_only = False
        elif ptype == "file":
            out = _file_part(part, pp)
            texts_only = False
        else:
            key = "text" if ptype == "text" else str(ptype)
            out = chat_pb2.ContentPart(text=req_str(part, key, f"{pp}.{key}"))
        cc = cache_control(part, f"{pp}.cache_control")
        if cc is not None:
            out.cache_control.CopyFrom(cc)
            texts_only = False
        parts.append(out)
    if texts_only:
        return "\n".join(p.text for p in parts)
    return parts


def _thinking_blocks(value: Any, param: str) -> list[chat_pb2.ReasoningBlock]:
    if not isinstance(value, list):
        raise bad_request(param, f"must be an array, not {type_name(value)}")
    out = []
    for k, b in enumerate(value):
        p = f"{param}[{k}]"
        b = as_dict(b, p)
        btype = b.get("type")
        if btype == "thinking":
            out.append(
                chat_pb2.ReasoningBlock(
                    text=opt_str(b, "thinking", f"{p}.thinking") or "",
                    signature=opt_str(b, "signature", f"{p}.signature") or "",
                )
            )
        elif btype == "redacted_thinking":
            out.append(chat_pb2.ReasoningBlock(redacted_data=req_str(b, "data", f"{p}.data", allow_empty=False)))
        else:
            raise bad_request(f"{p}.type", "must be 'thinking' or 'redacted_thinking'")
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
        content = _content(m.get("content"), f"{p}.content", role)
        msg = chat_pb2.Message(role=role)
        if isinstance(content, str):
            msg.content = content
        else:
            msg.parts.extend(content)
        name = opt_str(m, "name", f"{p}.name")
        if name:
            msg.name = name
        if is_assistant:
            tcs = m.get("tool_calls")
            if tcs is not None:
                msg.tool_calls.extend(_tool_calls(tcs, f"{p}.tool_calls"))
            blocks = m.get("thinking_blocks")
            if blocks is not None:
                msg.reasoning.extend(_thinking_blocks(blocks, f"{p}.thinking_blocks"))
        elif m.get("tool_calls") is not None:
            raise bad_request(f"{p}.tool_calls", "only assistant messages carry tool calls")
        if role == chat_pb2.ROLE_TOOL:
            msg.tool_call_id = req_str(m, "tool_call_id", f"{p}.tool_call_id")
        elif m.get("tool_call_id") is not None:
            raise bad_request(f"{p}.tool_call_id", "only tool messages carry a tool_call_id")
        out.append(msg)
    return out


# ------------------------------------------------------------------ tools, formats


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
        cc = cache_control(t, f"{p}.cache_control")
        if cc is not None:
            tool.cache_control.CopyFrom(cc)
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


def _response_format(value: Any) -> chat_pb2.ResponseFormat:
    rf = as_dict(value, "response_format")
    rtype = rf.get("type")
    if rtype not in _RESPONSE_FORMATS:
        raise bad_request("response_format.type", "must be 'text', 'json_object' or 'json_schema'")
    if rtype == "text":
        return chat_pb2.ResponseFormat(type=chat_pb2.RESPONSE_FORMAT_TYPE_TEXT)
    if rtype == "json_object":
        return chat_pb2.ResponseFormat(type=chat_pb2.RESPONSE_FORMAT_TYPE_JSON_OBJECT)
    js = as_dict(rf.get("json_schema"), "response_format.json_schema")
    out = chat_pb2.ResponseFormat(
        type=chat_pb2.RESPONSE_FORMAT_TYPE_JSON_SCHEMA,
        json_schema=chat_pb2.JsonSchemaFormat(name=req_str(js, "name", "response_format.json_schema.name")),
    )
    desc = opt_str(js, "description", "response_format.json_schema.description")
    if desc:
        out.json_schema.description = desc
    schema = js.get("schema")
    if schema is not None:
        out.json_schema.schema.CopyFrom(to_struct(schema, "response_format.json_schema.schema"))
    if opt_bool(js, "strict", "response_format.json_schema.strict"):
        out.json_schema.strict = True
    return out


def _refuse_unsupported(doc: dict) -> None:
    """Output contracts llmrouter cannot honour are refused, not silently dropped."""
    n = opt_int(doc, "n", "n", 1, INT32_MAX)
    if n is not None and n != 1:
        raise bad_request("n", "only n=1 is supported")
    bias = opt_dict(doc, "logit_bias", "logit_bias")
    if bias:
        raise bad_request("logit_bias", "logit_bias is not supported by llmrouter")
    modalities = doc.get("modalities")
    if modalities is not None and modalities != ["text"]:
        raise bad_request("modalities", "only text output is supported by llmrouter")
    if doc.get("audio") is not None:
        raise bad_request("audio", "audio output is not supported by llmrouter")


# ------------------------------------------------------------------ the request


def _generation(doc: dict, g: chat_pb2.GenerationConfig, opts: ChatOptions) -> None:
    mct = opt_int(doc, "max_completion_tokens", "max_completion_tokens", 1, INT32_MAX)
    mt = opt_int(doc, "max_tokens", "max_tokens", 1, INT32_MAX)
    if mct is not None:
        g.max_tokens = mct
        opts.max_tokens_param = "max_completion_tokens"
    elif mt is not None:
        g.max_tokens = mt
    for key, lo, hi in (
        ("temperature", 0.0, 2.0),
        ("top_p", 0.0, 1.0),
        ("presence_penalty", -2.0, 2.0),
        ("frequency_penalty", -2.0, 2.0),
    ):
        value = opt_float(doc, key, key, lo, hi)
        if value is not None:
            setattr(g, key, value)
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
    if opt_bool(doc, "logprobs", "logprobs"):
        g.logprobs = True
    top = opt_int(doc, "top_logprobs", "top_logprobs", 0, 20)
    if top is not None:
        g.top_logprobs = top
    effort = opt_str(doc, "reasoning_effort", "reasoning_effort")
    if effort is not None:
        if effort not in _EFFORT:
            raise bad_request("reasoning_effort", "must be 'minimal', 'low', 'medium' or 'high'")
        g.reasoning.effort = _EFFORT[effort]
    rf = doc.get("response_format")
    if rf is not None:
        g.response_format.CopyFrom(_response_format(rf))


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
    _refuse_unsupported(doc)

    req = (chat_service_pb2.StreamChatRequest if stream else chat_service_pb2.ChatRequest)(
        model=model, request_id=request_id
    )
    req.messages.extend(_messages(doc.get("messages")))
    _generation(doc, req.generation, opts)

    tools = doc.get("tools")
    if tools is not None:
        req.tools.extend(_tools(tools))
    tc = _tool_choice(doc.get("tool_choice"))
    if tc is not None:
        req.tool_choice.CopyFrom(tc)
    parallel = opt_bool(doc, "parallel_tool_calls", "parallel_tool_calls")
    if parallel is not None:
        req.tool_choice.parallel_tool_calls = parallel

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
