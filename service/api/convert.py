"""Protobuf <-> domain translation. Validation of chat inputs happens here, field by field."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable

from google.protobuf import json_format, timestamp_pb2

from llmrouter.v1 import chat_pb2, chat_service_pb2, provider_pb2, route_pb2
from service.core import chat as d
from service.core.config import (
    ApiType,
    ModelCapabilities,
    ModelConfig,
    ProviderConfig,
    ProviderTemplate,
    RouteConfig,
    RouteTarget,
)
from service.core.errors import FieldViolation, InvalidArgument, Violations
from service.core.generation import check_generation

# ------------------------------------------------------------------ resource names

_ID = r"[a-z][a-z0-9-]{0,62}"
PROVIDER_NAME = re.compile(rf"^providers/({_ID})$")
MODEL_NAME = re.compile(rf"^providers/({_ID})/models/({_ID})$")
ROUTE_NAME = re.compile(rf"^routes/({_ID})$")


def parse_name(pattern: re.Pattern, value: str, field: str, shape: str) -> tuple[str, ...]:
    m = pattern.fullmatch(value or "")
    if not m:
        what = "is required" if not value else f"must look like {shape}"
        raise InvalidArgument(f"{field} {what}", violations=[FieldViolation(field, what)])
    return m.groups()


def provider_id(value: str, field: str = "name") -> str:
    return parse_name(PROVIDER_NAME, value, field, "providers/{provider}")[0]


def route_id(value: str, field: str = "name") -> str:
    return parse_name(ROUTE_NAME, value, field, "routes/{route}")[0]


def model_name(value: str, field: str = "name") -> tuple[str, str]:
    p, m = parse_name(MODEL_NAME, value, field, "providers/{provider}/models/{model}")
    return p, m


def timestamp(dt) -> timestamp_pb2.Timestamp | None:
    if dt is None:
        return None
    t = timestamp_pb2.Timestamp()
    t.FromDatetime(dt)
    return t


# ------------------------------------------------------------------ chat

_ROLES = {
    chat_pb2.ROLE_SYSTEM: d.Role.SYSTEM,
    chat_pb2.ROLE_USER: d.Role.USER,
    chat_pb2.ROLE_ASSISTANT: d.Role.ASSISTANT,
    chat_pb2.ROLE_TOOL: d.Role.TOOL,
}
_TOOL_CHOICE = {
    chat_pb2.TOOL_CHOICE_MODE_UNSPECIFIED: d.ToolChoiceMode.UNSPECIFIED,
    chat_pb2.TOOL_CHOICE_MODE_AUTO: d.ToolChoiceMode.AUTO,
    chat_pb2.TOOL_CHOICE_MODE_NONE: d.ToolChoiceMode.NONE,
    chat_pb2.TOOL_CHOICE_MODE_REQUIRED: d.ToolChoiceMode.REQUIRED,
    chat_pb2.TOOL_CHOICE_MODE_FUNCTION: d.ToolChoiceMode.FUNCTION,
}
FINISH_TO_PB = {
    d.FinishReason.UNSPECIFIED: chat_pb2.FINISH_REASON_UNSPECIFIED,
    d.FinishReason.STOP: chat_pb2.FINISH_REASON_STOP,
    d.FinishReason.LENGTH: chat_pb2.FINISH_REASON_LENGTH,
    d.FinishReason.TOOL_CALLS: chat_pb2.FINISH_REASON_TOOL_CALLS,
    d.FinishReason.CONTENT_FILTER: chat_pb2.FINISH_REASON_CONTENT_FILTER,
    d.FinishReason.STOP_SEQUENCE: chat_pb2.FINISH_REASON_STOP_SEQUENCE,
}
TOOL_NAME = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
MAX_MESSAGES = 10_000
MAX_METADATA = 16


def _json_value(v):
    # Struct numbers are doubles: give integral ones back as ints (JSON Schema "minimum": 1).
    if isinstance(v, float) and v.is_integer() and abs(v) < 2**53:
        return int(v)
    if isinstance(v, dict):
        return {k: _json_value(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_json_value(x) for x in v]
    return v


def _explicit_provider(v: Violations, value: str) -> str:
    """The provider id of an optional `providers/{provider}` field ("" when empty)."""
    if not value:
        return ""
    m = PROVIDER_NAME.fullmatch(value)
    if m is None:
        v.add("provider", "must look like providers/{provider}")
        return ""
    return m.group(1)


def chat_request(
    pb: chat_service_pb2.StreamChatRequest | chat_service_pb2.ChatRequest, caller_key_id: str = ""
) -> d.ChatRequest:
    v = Violations()
    if not pb.model:
        v.add("model", "is required")
    elif len(pb.model) > 256 or any(c.isspace() or not c.isprintable() for c in pb.model):
        v.add("model", "must be at most 256 characters without whitespace or control characters")
    pid = _explicit_provider(v, pb.provider)
    if not pb.messages:
        v.add("messages", "at least one message is required")
    elif len(pb.messages) > MAX_MESSAGES:
        v.add("messages", f"at most {MAX_MESSAGES} messages")
    tool_call_ids: set[str] = set()
    messages: list[d.Message] = []
    for i, m in enumerate(pb.messages):
        role = _ROLES.get(m.role)
        if role is None:
            v.add(f"messages[{i}].role", "must be ROLE_SYSTEM, ROLE_USER, ROLE_ASSISTANT or ROLE_TOOL")
            continue
        calls = []
        for j, tc in enumerate(m.tool_calls):
            if role is not d.Role.ASSISTANT:
                v.add(f"messages[{i}].tool_calls", "only assistant messages carry tool calls")
                break
            if not tc.id:
                v.add(f"messages[{i}].tool_calls[{j}].id", "is required")
            if not tc.name:
                v.add(f"messages[{i}].tool_calls[{j}].name", "is required")
            tool_call_ids.add(tc.id)
            calls.append(d.ToolCall(tc.id, tc.name, tc.arguments or "{}"))
        if role is d.Role.TOOL and not m.tool_call_id:
            v.add(f"messages[{i}].tool_call_id", "is required for tool results")
        if role is not d.Role.TOOL and m.tool_call_id:
            v.add(f"messages[{i}].tool_call_id", "only tool results carry a tool_call_id")
        if role in (d.Role.USER, d.Role.SYSTEM) and not m.content:
            v.add(f"messages[{i}].content", "must not be empty")
        messages.append(d.Message(role, m.content, tuple(calls), m.tool_call_id, m.name))
    g = pb.generation
    generation = d.GenerationConfig(
        max_tokens=g.max_tokens if g.HasField("max_tokens") else None,
        temperature=g.temperature if g.HasField("temperature") else None,
        top_p=g.top_p if g.HasField("top_p") else None,
        stop=tuple(g.stop),
        seed=g.seed if g.HasField("seed") else None,
    )
    check_generation(v, generation)
    tools: list[d.Tool] = []
    names: set[str] = set()
    for i, t in enumerate(pb.tools):
        if not TOOL_NAME.fullmatch(t.name):
            v.add(f"tools[{i}].name", "must be 1-64 letters, digits, '_' or '-'")
        elif t.name in names:
            v.add(f"tools[{i}].name", "duplicate tool name")
        names.add(t.name)
        params = (
            _json_value(json_format.MessageToDict(t.parameters))
            if t.HasField("parameters")
            else {"type": "object", "properties": {}}
        )
        tools.append(d.Tool(t.name, t.description, params))
    mode = _TOOL_CHOICE.get(pb.tool_choice.mode)
    if mode is None:
        v.add("tool_choice.mode", "unknown mode")
        mode = d.ToolChoiceMode.UNSPECIFIED
    if mode is d.ToolChoiceMode.FUNCTION:
        if not pb.tool_choice.function_name:
            v.add("tool_choice.function_name", "is required with TOOL_CHOICE_MODE_FUNCTION")
        elif pb.tool_choice.function_name not in names:
            v.add("tool_choice.function_name", "must name one of the tools")
    if mode in (d.ToolChoiceMode.REQUIRED, d.ToolChoiceMode.FUNCTION) and not tools:
        v.add("tools", "tools are required when tool_choice requires a call")
    if len(pb.metadata) > MAX_METADATA:
        v.add("metadata", f"at most {MAX_METADATA} entries")
    if len(pb.request_id) > 128:
        v.add("request_id", "must be at most 128 characters")
    v.raise_if_any()
    return d.ChatRequest(
        model=pb.model,
        messages=tuple(messages),
        provider=pid,
        generation=generation,
        tools=tuple(tools),
        tool_choice=d.ToolChoice(mode, pb.tool_choice.function_name),
        metadata=dict(pb.metadata),
        request_id=pb.request_id or uuid.uuid4().hex,
        caller_key_id=caller_key_id,
    )


def embed_request(pb: chat_service_pb2.EmbedRequest, caller_key_id: str = "") -> d.EmbedRequest:
    v = Violations()
    if not pb.model:
        v.add("model", "is required")
    pid = _explicit_provider(v, pb.provider)
    if not pb.inputs:
        v.add("inputs", "at least one input is required")
    if pb.HasField("dimensions") and pb.dimensions <= 0:
        v.add("dimensions", "must be positive")
    v.raise_if_any()
    return d.EmbedRequest(
        model=pb.model,
        inputs=tuple(pb.inputs),
        provider=pid,
        dimensions=pb.dimensions if pb.HasField("dimensions") else None,
        request_id=pb.request_id or uuid.uuid4().hex,
        caller_key_id=caller_key_id,
    )


def usage_pb(u: d.Usage) -> chat_pb2.Usage:
    return chat_pb2.Usage(
        prompt_tokens=u.prompt_tokens,
        completion_tokens=u.completion_tokens,
        cached_prompt_tokens=u.cached_prompt_tokens,
        total_tokens=u.total_tokens,
    )


def served_by_pb(s: d.ServedBy) -> chat_pb2.ServedBy:
    return chat_pb2.ServedBy(
        provider=f"providers/{s.provider}",
        model=s.model,
        attempts=s.attempts,
        fallback_index=s.fallback_index,
        route=f"routes/{s.route}" if s.route else "",
    )


def summary_pb(s: d.Summary) -> chat_pb2.ChatSummary:
    return chat_pb2.ChatSummary(
        finish_reason=FINISH_TO_PB[s.finish_reason],
        usage=usage_pb(s.usage),
        served_by=served_by_pb(s.served_by),
        request_id=s.request_id,
    )


def delta_pb(ev: d.Delta) -> chat_pb2.ChatDelta:
    if ev.tool_calls:
        return chat_pb2.ChatDelta(
            text=ev.text,
            reasoning=ev.reasoning,
            tool_calls=[
                chat_pb2.ToolCallDelta(index=t.index, id=t.id, name=t.name, arguments=t.arguments)
                for t in ev.tool_calls
            ],
        )
    return chat_pb2.ChatDelta(text=ev.text, reasoning=ev.reasoning)


# ------------------------------------------------------------------ providers

API_TYPE_TO_PB = {
    ApiType.OPENAI: provider_pb2.API_TYPE_OPENAI,
    ApiType.ANTHROPIC: provider_pb2.API_TYPE_ANTHROPIC,
    ApiType.MLX: provider_pb2.API_TYPE_MLX,
}
API_TYPE_FROM_PB = {v: k for k, v in API_TYPE_TO_PB.items()}


def provider_pb(p: ProviderConfig) -> provider_pb2.Provider:
    return provider_pb2.Provider(
        name=f"providers/{p.id}",
        display_name=p.display_name,
        api_type=API_TYPE_TO_PB[p.api_type],
        base_url=p.base_url,
        api_key_set=p.has_key,
        api_key_hint=p.api_key_hint if p.has_key else "",
        enabled=p.enabled,
        builtin=p.builtin,
        models=[model_pb(m) for m in p.models],
        create_time=timestamp(p.create_time),
        update_time=timestamp(p.update_time),
        etag=p.etag,
        template=p.template,
    )


def model_pb(m: ModelConfig) -> provider_pb2.ProviderModel:
    return provider_pb2.ProviderModel(
        name=f"providers/{m.provider_id}/models/{m.id}",
        model_id=m.model_id,
        display_name=m.display_name,
        is_default=m.is_default,
        source=m.source,
        capabilities=capabilities_pb(m.capabilities),
        create_time=timestamp(m.create_time),
        update_time=timestamp(m.update_time),
        etag=m.etag,
    )


_CAPABILITY_FIELDS = ("images", "documents", "tools", "json_schema", "reasoning")


def capabilities_pb(c: ModelCapabilities) -> provider_pb2.ModelCapabilities:
    return provider_pb2.ModelCapabilities(**{f: v for f in _CAPABILITY_FIELDS if (v := getattr(c, f)) is not None})


def capabilities_from_pb(pb: provider_pb2.ModelCapabilities) -> ModelCapabilities:
    return ModelCapabilities(**{f: getattr(pb, f) for f in _CAPABILITY_FIELDS if pb.HasField(f)})


_CAPABILITY_FROM_PB: dict[int, d.Capability] = {
    chat_pb2.CAPABILITY_IMAGES: d.Capability.IMAGES,
    chat_pb2.CAPABILITY_DOCUMENTS: d.Capability.DOCUMENTS,
    chat_pb2.CAPABILITY_TOOLS: d.Capability.TOOLS,
    chat_pb2.CAPABILITY_JSON_SCHEMA: d.Capability.JSON_SCHEMA,
    chat_pb2.CAPABILITY_REASONING: d.Capability.REASONING,
}


def capabilities_needed(values: Iterable[int], field: str) -> frozenset[d.Capability]:
    out: set[d.Capability] = set()
    for i, value in enumerate(values):
        cap = _CAPABILITY_FROM_PB.get(value)
        if cap is None:
            raise InvalidArgument(
                f"{field}[{i}]: unknown capability {value}",
                violations=[FieldViolation(f"{field}[{i}]", "must be a CAPABILITY_* value other than UNSPECIFIED")],
            )
        out.add(cap)
    return frozenset(out)


def template_pb(t: ProviderTemplate) -> provider_pb2.ProviderTemplate:
    return provider_pb2.ProviderTemplate(
        id=t.id,
        display_name=t.display_name,
        api_type=API_TYPE_TO_PB[t.api_type],
        default_base_url=t.default_base_url,
        requires_api_key=t.requires_api_key,
        seeded=t.seeded,
    )


# ------------------------------------------------------------------ routes


def target_from_pb(t: route_pb2.RouteTarget, field: str) -> RouteTarget:
    pid = ""
    if t.provider:
        m = PROVIDER_NAME.fullmatch(t.provider)
        if not m:
            raise InvalidArgument(
                f"{field}.provider must look like providers/{{provider}}",
                violations=[FieldViolation(f"{field}.provider", "must look like providers/{provider}")],
            )
        pid = m.group(1)
    return RouteTarget(pid, t.model)


def route_pb(r: RouteConfig) -> route_pb2.Route:
    return route_pb2.Route(
        name=f"routes/{r.id}",
        model_pattern=r.model_pattern,
        priority=r.priority,
        target=route_pb2.RouteTarget(provider=f"providers/{r.target.provider}", model=r.target.model),
        fallbacks=[route_pb2.RouteTarget(provider=f"providers/{f.provider}", model=f.model) for f in r.fallbacks],
        enabled=r.enabled,
        description=r.description,
        create_time=timestamp(r.create_time),
        update_time=timestamp(r.update_time),
        etag=r.etag,
    )
