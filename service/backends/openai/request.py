"""The Chat Completions request: body and headers for a domain request.

For api.openai.com itself the token limit is sent as ``max_completion_tokens`` (the reasoning
models reject ``max_tokens``); other providers get the widely supported ``max_tokens``.
"""

from __future__ import annotations

from typing import Any

from service.core.chat import ChatRequest, Message, Role, ToolChoiceMode

__all__ = ["auth_headers", "build_chat_body", "max_tokens_field"]


def auth_headers(api_key: str) -> dict[str, str]:
    """``Authorization: Bearer <key>``; none without a key (local compatible servers)."""
    return {"authorization": f"Bearer {api_key}"} if api_key else {}


def max_tokens_field(base_url: str) -> str:
    """The name of the token limit field for a provider at `base_url` (without trailing slash)."""
    return "max_completion_tokens" if "//api.openai.com" in base_url else "max_tokens"


def _message(m: Message) -> dict[str, Any]:
    role = m.role
    if role is Role.TOOL:
        return {"role": "tool", "tool_call_id": m.tool_call_id, "content": m.content}
    if role is Role.ASSISTANT:
        out: dict[str, Any] = {"role": "assistant", "content": m.content if (m.content or not m.tool_calls) else None}
        if m.tool_calls:
            out["tool_calls"] = [
                {"id": tc.id, "type": "function", "function": {"name": tc.name, "arguments": tc.arguments or "{}"}}
                for tc in m.tool_calls
            ]
    else:
        out = {"role": role.value, "content": m.content}
    if m.name:  # (tool messages returned above: they carry no name)
        out["name"] = m.name
    return out


def build_chat_body(
    request: ChatRequest, model: str, *, stream: bool, max_tokens_field: str = "max_tokens"
) -> dict[str, Any]:
    """The Chat Completions request body for a domain request."""
    body: dict[str, Any] = {"model": model, "messages": [_message(m) for m in request.messages]}
    g = request.generation
    if g.max_tokens is not None:
        body[max_tokens_field] = g.max_tokens
    if g.temperature is not None:
        body["temperature"] = g.temperature
    if g.top_p is not None:
        body["top_p"] = g.top_p
    if g.stop:
        body["stop"] = list(g.stop)
    if g.seed is not None:
        body["seed"] = g.seed
    if request.tools:
        tools = []
        for t in request.tools:
            fn: dict[str, Any] = {"name": t.name}
            if t.description:
                fn["description"] = t.description
            if t.parameters:
                fn["parameters"] = t.parameters
            tools.append({"type": "function", "function": fn})
        body["tools"] = tools
    tc = request.tool_choice
    if tc.mode is ToolChoiceMode.AUTO:
        body["tool_choice"] = "auto"
    elif tc.mode is ToolChoiceMode.NONE:
        body["tool_choice"] = "none"
    elif tc.mode is ToolChoiceMode.REQUIRED:
        body["tool_choice"] = "required"
    elif tc.mode is ToolChoiceMode.FUNCTION:
        body["tool_choice"] = {"type": "function", "function": {"name": tc.function_name}}
    if stream:
        body["stream"] = True
        body["stream_options"] = {"include_usage": True}
    return body
