"""The Messages API request: body and headers for a domain request.

System prompts go to the top-level ``system`` field (several joined by a blank line); tool
calls are ``tool_use`` blocks of assistant messages, tool results ``tool_result`` blocks of a
user message (consecutive results share one message); ``max_tokens`` is required
(`DEFAULT_MAX_TOKENS` when the caller gives none); ``stop_sequences``; no ``seed``.
"""

from __future__ import annotations

import json
from typing import Any

from service.core.chat import ChatRequest, Role, ToolChoiceMode
from service.core.errors import FieldViolation, InvalidArgument

__all__ = ["ANTHROPIC_VERSION", "DEFAULT_MAX_TOKENS", "api_base", "build_messages_body", "headers"]

ANTHROPIC_VERSION = "2023-06-01"
# Anthropic requires max_tokens; used when the caller sets none.
DEFAULT_MAX_TOKENS = 4096


def api_base(base_url: str) -> str:
    """``{base_url}/v1``, whether or not `base_url` already ends in ``/v1``."""
    base = base_url.rstrip("/")
    if base.endswith("/v1"):
        base = base[:-3]
    return f"{base}/v1"


def headers(api_key: str) -> dict[str, str]:
    """``anthropic-version``, and ``x-api-key`` when there is a key."""
    out = {"anthropic-version": ANTHROPIC_VERSION}
    if api_key:
        out["x-api-key"] = api_key
    return out


def _tool_input(arguments: str, where: str) -> dict[str, Any]:
    if not arguments.strip():
        return {}
    try:
        value = json.loads(arguments)
    except ValueError:
        value = None
    if not isinstance(value, dict):
        raise InvalidArgument(
            f"invalid request: {where}: tool call arguments must be a JSON object for Anthropic providers",
            violations=[FieldViolation(where, "must be a JSON object")],
        )
    return value


def build_messages_body(request: ChatRequest, model: str, *, stream: bool) -> dict[str, Any]:
    """The Messages API request body for a domain request."""
    system: list[str] = []
    messages: list[dict[str, Any]] = []
    results_msg: dict[str, Any] | None = None  # the user message collecting tool results
    for i, m in enumerate(request.messages):
        role = m.role
        if role is Role.SYSTEM:
            system.append(m.content)
            continue
        if role is Role.TOOL:
            block = {"type": "tool_result", "tool_use_id": m.tool_call_id, "content": m.content}
            if results_msg is None:
                results_msg = {"role": "user", "content": [block]}
                messages.append(results_msg)
            else:
                results_msg["content"].append(block)
            continue
        if role is Role.USER:
            if results_msg is not None:
                # Text after tool results joins their user message (results first, then text).
                if m.content:
                    results_msg["content"].append({"type": "text", "text": m.content})
            else:
                messages.append({"role": "user", "content": m.content})
            results_msg = None
            continue
        results_msg = None
        if m.tool_calls:
            blocks: list[dict[str, Any]] = []
            if m.content:
                blocks.append({"type": "text", "text": m.content})
            for j, call in enumerate(m.tool_calls):
                blocks.append(
                    {
                        "type": "tool_use",
                        "id": call.id,
                        "name": call.name,
                        "input": _tool_input(call.arguments, f"messages[{i}].tool_calls[{j}].arguments"),
                    }
                )
            messages.append({"role": "assistant", "content": blocks})
        else:
            messages.append({"role": "assistant", "content": m.content})
    g = request.generation
    body: dict[str, Any] = {
        "model": model,
        "max_tokens": g.max_tokens if g.max_tokens is not None else DEFAULT_MAX_TOKENS,
        "messages": messages,
    }
    if system:
        body["system"] = "\n\n".join(system)
    if g.temperature is not None:
        body["temperature"] = g.temperature
    if g.top_p is not None:
        body["top_p"] = g.top_p
    if g.stop:
        body["stop_sequences"] = list(g.stop)
    if request.tools:
        body["tools"] = [
            {
                "name": t.name,
                **({"description": t.description} if t.description else {}),
                "input_schema": t.parameters or {"type": "object", "properties": {}},
            }
            for t in request.tools
        ]
    tc = request.tool_choice
    if tc.mode is ToolChoiceMode.AUTO:
        body["tool_choice"] = {"type": "auto"}
    elif tc.mode is ToolChoiceMode.NONE:
        body["tool_choice"] = {"type": "none"}
    elif tc.mode is ToolChoiceMode.REQUIRED:
        body["tool_choice"] = {"type": "any"}
    elif tc.mode is ToolChoiceMode.FUNCTION:
        body["tool_choice"] = {"type": "tool", "name": tc.function_name}
    if stream:
        body["stream"] = True
    return body
