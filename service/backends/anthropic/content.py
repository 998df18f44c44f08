"""Messages API content blocks for domain messages: system, turns, parts, reasoning, cache hints.

Wire format (Anthropic API reference, Messages https://docs.anthropic.com/en/api/messages ;
vision https://docs.anthropic.com/en/docs/build-with-claude/vision ; PDF support
https://docs.anthropic.com/en/docs/build-with-claude/pdf-support ; extended thinking
https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking ; prompt caching
https://docs.anthropic.com/en/docs/build-with-claude/prompt-caching):

* system prompts: the top-level ``system``, a string (several joined by a blank line), or, once
  any system message carries a cache hint, one ``text`` block per system message (or part);
* user parts: ``text``, ``image`` (source ``base64`` with ``media_type``, or ``url``; a ``data:``
  URL is sent as base64) and ``document`` (a PDF: ``base64`` or ``url``, optional ``title``);
* tool results: ``tool_result`` blocks (``content`` a string or blocks, ``is_error``) of one user
  message (consecutive results share it, text after them joins it);
* assistant turns: their reasoning first (``thinking`` with its ``signature``, ``redacted_thinking``
  with its ``data``; unsigned reasoning, which another provider produced, is not sent), then the
  text, then ``tool_use`` blocks, as extended thinking with tool use requires;
* cache hints: ``cache_control`` ``{"type": "ephemeral"}`` with ``ttl`` ``5m`` or ``1h`` on the block
  they mark (a message's own hint marks its last block; a tool result's marks the tool_result
  block); at most 4 per request, and a 1-hour breakpoint never after a 5-minute one (in the
  order the API reads them: tools, system, messages).

Problems are collected as field violations naming the domain field (``messages[2].parts[0]...``).
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any
from urllib.parse import unquote_to_bytes

from service.core.chat import (
    CacheControl,
    DocumentPart,
    ImagePart,
    Message,
    Part,
    Role,
    TextPart,
    Tool,
)
from service.core.errors import Violations

__all__ = ["IMAGE_TYPES", "MAX_BREAKPOINTS", "Breakpoints", "message_list", "system_field", "tool_list"]

MAX_BREAKPOINTS = 4
IMAGE_TYPES = frozenset({"image/jpeg", "image/png", "image/gif", "image/webp"})
_TTL = {300.0: "5m", 3600.0: "1h"}


class Breakpoints:
    """Writes ``cache_control`` on the blocks that cache hints mark, checking the API's limits."""

    __slots__ = ("count", "short_seen", "v")

    def __init__(self, v: Violations) -> None:
        self.v = v
        self.count = 0
        self.short_seen = False  # a 5-minute breakpoint came already

    def mark(self, block: dict[str, Any], cache: CacheControl | None, where: str) -> None:
        if cache is None:
            return
        self.count += 1
        if self.count > MAX_BREAKPOINTS:
            self.v.add(where, f"at most {MAX_BREAKPOINTS} cache breakpoints per request on Anthropic models")
            return
        cc: dict[str, Any] = {"type": "ephemeral"}
        if cache.ttl_s is not None:
            ttl = _TTL.get(float(cache.ttl_s))
            if ttl is None:
                self.v.add(f"{where}.ttl", "must be 5 minutes or 1 hour on Anthropic models")
                return
            cc["ttl"] = ttl
        if cc.get("ttl") == "1h":
            if self.short_seen:
                self.v.add(
                    f"{where}.ttl",
                    "a 1-hour cache breakpoint must come before every 5-minute one (tools, then system, then messages)",
                )
                return
        else:
            self.short_seen = True
        block["cache_control"] = cc


# ----------------------------------------------------------------------------- parts


def _data_url(url: str) -> tuple[str, bytes] | None:
    """(media type, bytes) of a ``data:`` URL, or None when it is not one that decodes."""
    head, sep, payload = url[5:].partition(",")
    if not sep:
        return None
    params = head.split(";")
    media_type = params[0].strip().lower()
    if "base64" in (p.strip().lower() for p in params[1:]):
        try:
            return media_type, base64.b64decode(payload, validate=True)
        except (binascii.Error, ValueError):
            return None
    return media_type, unquote_to_bytes(payload)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _source(
    data: bytes, url: str, media_type: str, where: str, v: Violations, accepted: frozenset[str], what: str
) -> dict[str, Any] | None:
    """The ``source`` of an image or document block."""
    if url:
        if url[:5].lower() == "data:":
            decoded = _data_url(url)
            if decoded is None:
                v.add(f"{where}.url", "is not a valid data: URL")
                return None
            media_type, data = decoded[0] or media_type, decoded[1]
        elif url[:8].lower() == "https://" or url[:7].lower() == "http://":
            return {"type": "url", "url": url}
        else:
            v.add(f"{where}.url", "must be an http(s) URL or a data: URL")
            return None
    if media_type not in accepted:
        field = f"{where}.url" if url else f"{where}.media_type"
        v.add(field, f"Anthropic models accept {what} of type {', '.join(sorted(accepted))}")
        return None
    return {"type": "base64", "media_type": media_type, "data": _b64(data)}


def part_block(p: Part, where: str, v: Violations) -> dict[str, Any] | None:
    """The content block of one part (None when it has a violation)."""
    if isinstance(p, TextPart):
        return {"type": "text", "text": p.text}
    if isinstance(p, ImagePart):
        src = _source(p.data, p.url, p.media_type, f"{where}.image", v, IMAGE_TYPES, "images")
        return None if src is None else {"type": "image", "source": src}
    if isinstance(p, DocumentPart):
        src = _source(
            p.data, p.url, p.media_type or "application/pdf", f"{where}.document", v, frozenset({"application/pdf"}), ""
        )
        if src is None:
            return None
        block: dict[str, Any] = {"type": "document", "source": src}
        if p.title:
            block["title"] = p.title
        return block
    v.add(where, f"unknown part {type(p).__name__}")  # pragma: no cover - the union is closed
    return None


def _part_blocks(m: Message, i: int, bp: Breakpoints, v: Violations, *, text_only: str = "") -> list[dict[str, Any]]:
    """The blocks of a message's parts (or of its `content`), its own cache hint on the last."""
    blocks: list[dict[str, Any]] = []
    if m.parts:
        for j, p in enumerate(m.parts):
            where = f"messages[{i}].parts[{j}]"
            if text_only and not isinstance(p, TextPart):
                v.add(where, text_only)
                continue
            block = part_block(p, where, v)
            if block is None:
                continue
            if block["type"] == "text" and not block["text"]:
                continue  # the API refuses empty text blocks
            bp.mark(block, p.cache, f"{where}.cache_control")
            blocks.append(block)
    elif m.content:
        blocks.append({"type": "text", "text": m.content})
    if blocks:
        bp.mark(blocks[-1], m.cache, f"messages[{i}].cache_control")
    elif m.cache is not None:
        v.add(f"messages[{i}].cache_control", "marks nothing: the message has no content")
    return blocks


def _has_cache(m: Message) -> bool:
    return m.cache is not None or any(p.cache is not None for p in m.parts)


# ----------------------------------------------------------------------------- system, tools, turns


def system_field(messages: tuple[Message, ...], bp: Breakpoints, v: Violations) -> str | list[dict[str, Any]] | None:
    """The top-level ``system``: a string, text blocks when a hint marks any of it, or None."""
    system = [(i, m) for i, m in enumerate(messages) if m.role is Role.SYSTEM]
    if not system:
        return None
    if not any(_has_cache(m) for _, m in system):
        return "\n\n".join(m.text for _, m in system)
    blocks: list[dict[str, Any]] = []
    for i, m in system:
        blocks += _part_blocks(m, i, bp, v, text_only="system messages take text only")
    return blocks


def tool_list(tools: tuple[Tool, ...], bp: Breakpoints) -> list[dict[str, Any]]:
    out = []
    for k, t in enumerate(tools):
        d: dict[str, Any] = {"name": t.name}
        if t.description:
            d["description"] = t.description
        d["input_schema"] = t.parameters or {"type": "object", "properties": {}}
        bp.mark(d, t.cache, f"tools[{k}].cache_control")
        out.append(d)
    return out


def _tool_input(arguments: str, where: str, v: Violations) -> dict[str, Any]:
    if not arguments.strip():
        return {}
    try:
        value = json.loads(arguments)
    except ValueError:
        value = None
    if not isinstance(value, dict):
        v.add(where, "must be a JSON object for Anthropic providers")
        return {}
    return value


def _assistant(m: Message, i: int, bp: Breakpoints, v: Violations) -> dict[str, Any]:
    if not (m.tool_calls or m.reasoning or m.parts or m.cache):
        return {"role": "assistant", "content": m.content}
    blocks: list[dict[str, Any]] = []
    for rb in m.reasoning:
        if rb.redacted_data:
            blocks.append({"type": "redacted_thinking", "data": rb.redacted_data})
        elif rb.signature:
            blocks.append({"type": "thinking", "thinking": rb.text, "signature": rb.signature})
        # unsigned reasoning (a local model's, or another provider's) cannot be verified: not sent
    blocks += _part_blocks(
        Message(m.role, m.content, parts=m.parts), i, bp, v, text_only="assistant messages take text only"
    )
    for j, call in enumerate(m.tool_calls):
        blocks.append(
            {
                "type": "tool_use",
                "id": call.id,
                "name": call.name,
                "input": _tool_input(call.arguments, f"messages[{i}].tool_calls[{j}].arguments", v),
            }
        )
    if blocks:
        bp.mark(blocks[-1], m.cache, f"messages[{i}].cache_control")
    elif m.cache is not None:
        v.add(f"messages[{i}].cache_control", "marks nothing: the message has no content")
    return {"role": "assistant", "content": blocks}


def message_list(messages: tuple[Message, ...], bp: Breakpoints, v: Violations) -> list[dict[str, Any]]:
    """The ``messages`` array (system messages excluded: they go to `system_field`)."""
    out: list[dict[str, Any]] = []
    results: list[dict[str, Any]] | None = None  # the content of the user message collecting tool results
    for i, m in enumerate(messages):
        role = m.role
        if role is Role.SYSTEM:
            continue
        if role is Role.TOOL:
            parts = _part_blocks(Message(role, parts=m.parts), i, bp, v) if m.parts else None
            block: dict[str, Any] = {"type": "tool_result", "tool_use_id": m.tool_call_id}
            block["content"] = parts if parts is not None else m.content
            if m.is_error:
                block["is_error"] = True
            bp.mark(block, m.cache, f"messages[{i}].cache_control")
            if results is None:
                results = [block]
                out.append({"role": "user", "content": results})
            else:
                results.append(block)
            continue
        if role is Role.USER:
            if results is not None:
                # Text after tool results joins their user message (results first, then text).
                results += _part_blocks(m, i, bp, v)
            elif m.parts or m.cache:
                out.append({"role": "user", "content": _part_blocks(m, i, bp, v)})
            else:
                out.append({"role": "user", "content": m.content})
            results = None
            continue
        results = None
        out.append(_assistant(m, i, bp, v))
    return out
