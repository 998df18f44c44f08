"""The Chat Completions request: body and headers for a domain request.

Wire format: OpenAI API reference, "Create chat completion"
(https://platform.openai.com/docs/api-reference/chat/create).

* Content parts (user messages): ``{"type": "text", "text"}``, ``{"type": "image_url",
  "image_url": {"url", "detail"}}`` (a URL, or the image's bytes as a base64 ``data:`` URL) and
  ``{"type": "file", "file": {"filename", "file_data"}}`` for PDFs (``file_data`` a base64
  ``data:application/pdf`` URL). Chat Completions takes no document URL and no image or file
  in a tool result: those are refused (INVALID_ARGUMENT, CAPABILITY_UNSUPPORTED, naming the
  field), never dropped. Text-only content goes as a plain string, which every
  OpenAI-compatible server reads.
* ``response_format``: ``{"type": "json_object"}`` or ``{"type": "json_schema", "json_schema":
  {"name", "description", "schema", "strict"}}``; plain text sends none.
* ``reasoning_effort``: the effort as given; a token budget maps to an effort (see
  `budget_effort`).
* ``presence_penalty``, ``frequency_penalty``, ``logprobs``, ``top_logprobs``, and
  ``parallel_tool_calls`` (only with tools: the API refuses it without them).
* Prompt-caching hints are accepted and not sent: OpenAI caches long prompt prefixes on its
  own and reports the hits in ``usage.prompt_tokens_details.cached_tokens``. Reasoning blocks
  of earlier assistant turns are not sent either (Chat Completions has no field for them, and
  DeepSeek refuses ``reasoning_content`` in the input). ``is_error`` of a tool result has no
  field either: the result's text says what failed.

For api.openai.com itself the token limit is sent as ``max_completion_tokens`` (the reasoning
models reject ``max_tokens``); other providers get the widely supported ``max_tokens``.
"""

from __future__ import annotations

from typing import Any

from service.core.chat import (
    ChatRequest,
    DocumentPart,
    ImageDetail,
    ImagePart,
    Message,
    ReasoningConfig,
    ResponseFormatType,
    Role,
    TextPart,
    ToolChoiceMode,
)
from service.core.content import data_url
from service.core.errors import FieldViolation, InvalidArgument, Reason

__all__ = ["auth_headers", "budget_effort", "build_chat_body", "max_tokens_field"]

# A reasoning budget (tokens) as an OpenAI effort: up to 2,048 tokens is "low", up to 8,192
# "medium", more "high" (Anthropic's minimum budget is 1,024; OpenAI's efforts spend roughly
# a few thousand, several thousand and tens of thousands of reasoning tokens).
_BUDGET_EFFORTS = ((2048, "low"), (8192, "medium"))


def budget_effort(budget_tokens: int) -> str:
    """The ``reasoning_effort`` for a reasoning budget of `budget_tokens`."""
    for limit, effort in _BUDGET_EFFORTS:
        if budget_tokens <= limit:
            return effort
    return "high"


def auth_headers(api_key: str) -> dict[str, str]:
    """``Authorization: Bearer <key>``; none without a key (local compatible servers)."""
    return {"authorization": f"Bearer {api_key}"} if api_key else {}


def max_tokens_field(base_url: str) -> str:
    """The name of the token limit field for a provider at `base_url` (without trailing slash)."""
    return "max_completion_tokens" if "//api.openai.com" in base_url else "max_tokens"


def _unsupported(path: str, what: str) -> InvalidArgument:
    return InvalidArgument(
        f"invalid request: {path}: {what}",
        reason=Reason.CAPABILITY_UNSUPPORTED,
        violations=[FieldViolation(path, what)],
    )


def _image(p: ImagePart) -> dict[str, Any]:
    image: dict[str, Any] = {"url": p.url or data_url(p.media_type, p.data)}
    if p.detail is not ImageDetail.UNSPECIFIED:
        image["detail"] = p.detail.value
    return {"type": "image_url", "image_url": image}


def _content(m: Message, i: int) -> str | list[dict[str, Any]]:
    """A message's content: a string when it is text only, else a list of content parts."""
    if not m.parts or all(isinstance(p, TextPart) for p in m.parts):
        return m.text
    out: list[dict[str, Any]] = []
    for j, p in enumerate(m.parts):
        path = f"messages[{i}].parts[{j}]"
        if m.role is Role.TOOL and not isinstance(p, TextPart):
            raise _unsupported(path, "OpenAI-type providers take only text in tool results")
        if isinstance(p, TextPart):
            out.append({"type": "text", "text": p.text})
        elif isinstance(p, ImagePart):
            out.append(_image(p))
        elif isinstance(p, DocumentPart):
            if p.url:
                raise _unsupported(f"{path}.document.url", "OpenAI-type providers take documents as data, not by URL")
            name = p.title or "document.pdf"
            out.append({"type": "file", "file": {"filename": name, "file_data": data_url(p.media_type, p.data)}})
    return out


def _message(m: Message, i: int) -> dict[str, Any]:
    role = m.role
    if role is Role.TOOL:
        return {"role": "tool", "tool_call_id": m.tool_call_id, "content": _content(m, i)}
    if role is Role.ASSISTANT:
        text = m.text
        out: dict[str, Any] = {"role": "assistant", "content": text if (text or not m.tool_calls) else None}
        if m.tool_calls:
            out["tool_calls"] = [
                {"id": tc.id, "type": "function", "function": {"name": tc.name, "arguments": tc.arguments or "{}"}}
                for tc in m.tool_calls
            ]
    else:
        out = {"role": role.value, "content": _content(m, i)}
    if m.name:  # (tool messages returned above: they carry no name)
        out["name"] = m.name
    return out


def _reasoning_effort(r: ReasoningConfig) -> str | None:
    if r.effort is not None:
        return r.effort.value
    if r.budget_tokens is not None:
        return budget_effort(r.budget_tokens)
    return None


def build_text_body(request: ChatRequest, model: str, *, stream: bool) -> dict[str, Any]:
    """The legacy Completions request body (`POST /v1/completions`) for a raw-prompt request."""
    body: dict[str, Any] = {"model": model, "prompt": request.prompt}
    g = request.generation
    for key in ("max_tokens", "temperature", "top_p", "seed", "presence_penalty", "frequency_penalty"):
        value = getattr(g, key)
        if value is not None:
            body[key] = value
    if g.stop:
        body["stop"] = list(g.stop)
    if stream:
        body["stream"] = True
        body["stream_options"] = {"include_usage": True}
    return body


def build_chat_body(
    request: ChatRequest, model: str, *, stream: bool, max_tokens_field: str = "max_tokens"
) -> dict[str, Any]:
    """The Chat Completions request body for a domain request."""
    body: dict[str, Any] = {"model": model, "messages": [_message(m, i) for i, m in enumerate(request.messages)]}
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
    if g.presence_penalty is not None:
        body["presence_penalty"] = g.presence_penalty
    if g.frequency_penalty is not None:
        body["frequency_penalty"] = g.frequency_penalty
    if g.logprobs:
        body["logprobs"] = True
        if g.top_logprobs is not None:
            body["top_logprobs"] = g.top_logprobs
    if g.reasoning is not None:
        effort = _reasoning_effort(g.reasoning)
        if effort is not None:
            body["reasoning_effort"] = effort
    rf = g.response_format
    if rf is not None and rf.type is ResponseFormatType.JSON_OBJECT:
        body["response_format"] = {"type": "json_object"}
    elif rf is not None and rf.type is ResponseFormatType.JSON_SCHEMA:
        schema: dict[str, Any] = {"name": rf.name}
        if rf.description:
            schema["description"] = rf.description
        schema["schema"] = rf.schema or {}
        schema["strict"] = rf.strict
        body["response_format"] = {"type": "json_schema", "json_schema": schema}
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
        if request.tool_choice.parallel_tool_calls is not None:
            body["parallel_tool_calls"] = request.tool_choice.parallel_tool_calls
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
