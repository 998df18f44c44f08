"""Anthropic Messages content blocks -> contract messages: ``system`` and ``messages``.

Wire format: Anthropic API reference, Messages (https://docs.anthropic.com/en/api/messages):
``text``, ``image`` and ``document`` blocks (sources ``base64`` and ``url``), ``tool_result``
(``content`` a string or blocks, ``is_error``), assistant ``tool_use``, ``thinking`` (with its
``signature``) and ``redacted_thinking`` (``data``); ``cache_control`` ``{"type": "ephemeral",
"ttl": "5m" | "1h"}`` on system blocks and content blocks.

Mapping: `system` becomes a leading ROLE_SYSTEM message; user ``tool_result`` blocks become
ROLE_TOOL messages (placed before the user's other blocks, as the Messages API requires tool
results to come first); assistant ``tool_use`` blocks become tool calls (input serialised as
JSON), its thinking blocks `Message.reasoning`. Text-only content stays the text shorthand
(blocks joined with newlines; an assistant's joined as they are), its last block's cache hint
the message's; content with images or documents, or hints on other blocks, becomes parts.
What the contract cannot carry (``file`` sources, plain-text or content documents, citations,
a hint inside an assistant turn or on a thinking block, server tools) is refused with 400
naming the field.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass, field
from typing import Any

from llmrouter.v1 import chat_pb2
from service.bridge.cache_hints import cache_control
from service.bridge.common import as_dict, opt_bool, opt_str, req_str, to_struct, type_name, valid_text
from service.bridge.errors import bad_request


def _dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


@dataclass
class Sources:
    """Where each protobuf message (and its parts, reasoning blocks and cache hint) came from in
    the Anthropic request: for error messages naming the caller's field."""

    messages: list[str] = field(default_factory=list)
    parts: list[list[str]] = field(default_factory=list)
    reasoning: list[list[str]] = field(default_factory=list)
    cache: list[str] = field(default_factory=list)

    def add(
        self, where: str, parts: list[str] | None = None, reasoning: list[str] | None = None, cache: str = ""
    ) -> None:
        self.messages.append(where)
        self.parts.append(parts or [])
        self.reasoning.append(reasoning or [])
        self.cache.append(cache)


def unsupported(btype: Any) -> str:
    if isinstance(btype, str):
        return f"content block type {btype[:64]!r} is not supported here by llmrouter"
    return "is required" if btype is None else "must be a string"


def _base64(value: Any, param: str) -> bytes:
    if not isinstance(value, str):
        raise bad_request(param, "is required" if value is None else f"must be a base64 string, not {type_name(value)}")
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise bad_request(param, "must be valid base64") from None


def _source(b: dict, bp: str, what: str) -> tuple[bytes, str, str]:
    """(bytes, URL, media type) of an image or document source: the bytes or the URL is set."""
    src = as_dict(b.get("source"), f"{bp}.source")
    stype = src.get("type")
    if stype == "base64":
        media_type = req_str(src, "media_type", f"{bp}.source.media_type", allow_empty=False)
        return _base64(src.get("data"), f"{bp}.source.data"), "", media_type
    if stype == "url":
        return b"", req_str(src, "url", f"{bp}.source.url", allow_empty=False), ""
    if isinstance(stype, str):
        raise bad_request(
            f"{bp}.source.type", f"{what} source type {stype[:32]!r} is not supported by llmrouter; use base64 or url"
        )
    raise bad_request(f"{bp}.source.type", "is required" if stype is None else "must be a string")


def _image(b: dict, bp: str) -> chat_pb2.ContentPart:
    data, url, media_type = _source(b, bp, "image")
    img = chat_pb2.ImagePart(url=url) if url else chat_pb2.ImagePart(data=data)
    if media_type:
        img.media_type = media_type
    return chat_pb2.ContentPart(image=img)


def _document(b: dict, bp: str) -> chat_pb2.ContentPart:
    data, url, media_type = _source(b, bp, "document")
    if not url and media_type != "application/pdf":
        raise bad_request(f"{bp}.source.media_type", "must be 'application/pdf' (llmrouter carries PDF documents)")
    doc = chat_pb2.DocumentPart(url=url) if url else chat_pb2.DocumentPart(data=data)
    doc.media_type = "application/pdf"
    title = opt_str(b, "title", f"{bp}.title")
    if title:
        doc.title = title
    citations = b.get("citations")
    if citations is not None and as_dict(citations, f"{bp}.citations").get("enabled"):
        raise bad_request(f"{bp}.citations", "citations are not supported by llmrouter")
    if opt_str(b, "context", f"{bp}.context"):
        raise bad_request(f"{bp}.context", "document context is not supported by llmrouter")
    return chat_pb2.ContentPart(document=doc)


def _part(b: dict, bp: str, kinds: tuple[str, ...]) -> chat_pb2.ContentPart:
    """One text, image or document block as a part (with its cache hint)."""
    btype = b.get("type")
    if btype not in kinds:
        raise bad_request(f"{bp}.type", unsupported(btype))
    if btype == "text":
        part = chat_pb2.ContentPart(text=req_str(b, "text", f"{bp}.text"))
    elif btype == "image":
        part = _image(b, bp)
    else:
        part = _document(b, bp)
    cc = cache_control(b, f"{bp}.cache_control")
    if cc is not None:
        part.cache_control.CopyFrom(cc)
    return part


def _fill(msg: chat_pb2.Message, parts: list[chat_pb2.ContentPart], paths: list[str]) -> tuple[list[str], str]:
    """Sets `msg`'s content from parts: the text shorthand when they are text with at most the
    last one marked (its hint then the message's), else the parts. Returns (part paths, cache path)."""
    marked = [k for k, p in enumerate(parts) if p.HasField("cache_control")]
    if all(p.WhichOneof("part") == "text" for p in parts) and marked in ([], [len(parts) - 1]):
        msg.content = "\n".join(p.text for p in parts)
        if marked:
            msg.cache_control.CopyFrom(parts[-1].cache_control)
            return [], f"{paths[-1]}.cache_control"
        return [], ""
    msg.parts.extend(parts)
    return paths, ""


def system_message(value: Any, out: list[chat_pb2.Message], sources: Sources) -> None:
    """``system``: a string or text blocks, as a leading ROLE_SYSTEM message (none when empty)."""
    if isinstance(value, str):
        text = valid_text(value, "system")
        if text:
            out.append(chat_pb2.Message(role=chat_pb2.ROLE_SYSTEM, content=text))
            sources.add("system")
        return
    if not isinstance(value, list):
        raise bad_request("system", f"must be a string or an array of content blocks, not {type_name(value)}")
    paths = [f"system[{j}]" for j in range(len(value))]
    parts = [_part(as_dict(b, p), p, ("text",)) for b, p in zip(value, paths, strict=True)]
    msg = chat_pb2.Message(role=chat_pb2.ROLE_SYSTEM)
    part_paths, cache = _fill(msg, parts, paths)
    if msg.content or msg.parts:
        out.append(msg)
        sources.add("system", part_paths, cache=cache)


def _tool_result(b: dict, bp: str) -> tuple[chat_pb2.Message, list[str]]:
    msg = chat_pb2.Message(role=chat_pb2.ROLE_TOOL, tool_call_id=req_str(b, "tool_use_id", f"{bp}.tool_use_id"))
    rc = b.get("content")
    part_paths: list[str] = []
    if isinstance(rc, str):
        msg.content = valid_text(rc, f"{bp}.content")
    elif isinstance(rc, list):
        paths = [f"{bp}.content[{k}]" for k in range(len(rc))]
        parts = [_part(as_dict(x, p), p, ("text", "image", "document")) for x, p in zip(rc, paths, strict=True)]
        if any(p.WhichOneof("part") != "text" or p.HasField("cache_control") for p in parts):
            msg.parts.extend(parts)
            part_paths = paths
        else:
            msg.content = "\n".join(p.text for p in parts)
    elif rc is not None:
        raise bad_request(f"{bp}.content", f"must be a string or an array of content blocks, not {type_name(rc)}")
    if opt_bool(b, "is_error", f"{bp}.is_error"):
        msg.is_error = True
    cc = cache_control(b, f"{bp}.cache_control")
    if cc is not None:
        msg.cache_control.CopyFrom(cc)
    return msg, part_paths


def _user(content: list, p: str, out: list[chat_pb2.Message], sources: Sources) -> None:
    parts: list[chat_pb2.ContentPart] = []
    paths: list[str] = []
    for j, b in enumerate(content):
        bp = f"{p}.content[{j}]"
        b = as_dict(b, bp)
        if b.get("type") == "tool_result":
            msg, part_paths = _tool_result(b, bp)
            out.append(msg)
            sources.add(bp, part_paths, cache=f"{bp}.cache_control" if msg.HasField("cache_control") else "")
            continue
        parts.append(_part(b, bp, ("text", "image", "document")))
        paths.append(bp)
    if parts or not content:
        msg = chat_pb2.Message(role=chat_pb2.ROLE_USER)
        part_paths, cache = _fill(msg, parts, paths) if parts else ([], "")
        out.append(msg)
        sources.add(f"{p}.content", part_paths, cache=cache)


def _assistant(content: list, p: str, out: list[chat_pb2.Message], sources: Sources) -> None:
    msg = chat_pb2.Message(role=chat_pb2.ROLE_ASSISTANT)
    texts: list[str] = []
    reasoning: list[str] = []
    cache = ""
    last = len(content) - 1
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
                    id=req_str(b, "id", f"{bp}.id"), name=req_str(b, "name", f"{bp}.name"), arguments=_dumps(inp)
                )
            )
        elif btype == "thinking":
            msg.reasoning.append(
                chat_pb2.ReasoningBlock(
                    text=req_str(b, "thinking", f"{bp}.thinking"), signature=req_str(b, "signature", f"{bp}.signature")
                )
            )
            reasoning.append(bp)
        elif btype == "redacted_thinking":
            msg.reasoning.append(
                chat_pb2.ReasoningBlock(redacted_data=req_str(b, "data", f"{bp}.data", allow_empty=False))
            )
            reasoning.append(bp)
        else:
            raise bad_request(f"{bp}.type", unsupported(btype))
        cc = cache_control(b, f"{bp}.cache_control")
        if cc is not None:
            if j != last or btype not in ("text", "tool_use"):
                raise bad_request(
                    f"{bp}.cache_control",
                    "llmrouter carries a cache breakpoint in an assistant turn only on its last text or tool_use block",
                )
            msg.cache_control.CopyFrom(cc)
            cache = f"{bp}.cache_control"
    msg.content = "".join(texts)
    out.append(msg)
    sources.add(p, reasoning=reasoning, cache=cache)


def message(m: Any, i: int, out: list[chat_pb2.Message], sources: Sources) -> None:
    """One Anthropic message as one or more contract messages."""
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
        sources.add(p)
        return
    if not isinstance(content, list):
        raise bad_request(f"{p}.content", f"must be a string or an array of content blocks, not {type_name(content)}")
    if role == "user":
        _user(content, p, out, sources)
    else:
        _assistant(content, p, out, sources)
