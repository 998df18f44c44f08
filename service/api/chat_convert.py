"""ChatService protobuf <-> domain.

Requests are validated here, field by field: every violation names its field path, e.g.
``messages[2].parts[0].image.data`` (generation settings are checked by core,
`service.core.generation.check_generation`). Images and documents leave this module as bytes
with an accepted media type or as an https URL: a ``data:`` URL is decoded here, once. Inputs
over the size limits (`ContentLimits`) are INVALID_ARGUMENT with reason CONTENT_TOO_LARGE and
the field path.

Answers go back the other way: deltas, summaries and the unary `ChatResponse`.
"""

from __future__ import annotations

import math
import uuid
from typing import Any
from urllib.parse import urlsplit

from google.protobuf import struct_pb2

from llmrouter.v1 import chat_pb2, chat_service_pb2
from service.api.convert import PROVIDER_NAME
from service.core import chat as d
from service.core.capabilities import DESCRIPTIONS
from service.core.content import (
    DOCUMENT_MEDIA_TYPES,
    IMAGE_MEDIA_TYPES,
    ContentLimits,
    DataUrlError,
    data_url_size,
    parse_data_url,
)
from service.core.errors import FieldViolation, InvalidArgument, Reason, RouterError, Violations
from service.core.generation import NAME, check_generation, non_finite_path

__all__ = [
    "FINISH_TO_PB",
    "capability_field",
    "chat_request",
    "chat_response_pb",
    "delta_pb",
    "embed_request",
    "explicit_provider",
    "served_by_pb",
    "summary_pb",
    "usage_pb",
]

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
_IMAGE_DETAIL = {
    chat_pb2.IMAGE_DETAIL_UNSPECIFIED: d.ImageDetail.UNSPECIFIED,
    chat_pb2.IMAGE_DETAIL_AUTO: d.ImageDetail.AUTO,
    chat_pb2.IMAGE_DETAIL_LOW: d.ImageDetail.LOW,
    chat_pb2.IMAGE_DETAIL_HIGH: d.ImageDetail.HIGH,
}
_RESPONSE_FORMAT: dict[int, d.ResponseFormatType | None] = {
    chat_pb2.RESPONSE_FORMAT_TYPE_UNSPECIFIED: None,
    chat_pb2.RESPONSE_FORMAT_TYPE_TEXT: d.ResponseFormatType.TEXT,
    chat_pb2.RESPONSE_FORMAT_TYPE_JSON_OBJECT: d.ResponseFormatType.JSON_OBJECT,
    chat_pb2.RESPONSE_FORMAT_TYPE_JSON_SCHEMA: d.ResponseFormatType.JSON_SCHEMA,
}
_EFFORT: dict[int, d.ReasoningEffort | None] = {
    chat_pb2.REASONING_EFFORT_UNSPECIFIED: None,
    chat_pb2.REASONING_EFFORT_MINIMAL: d.ReasoningEffort.MINIMAL,
    chat_pb2.REASONING_EFFORT_LOW: d.ReasoningEffort.LOW,
    chat_pb2.REASONING_EFFORT_MEDIUM: d.ReasoningEffort.MEDIUM,
    chat_pb2.REASONING_EFFORT_HIGH: d.ReasoningEffort.HIGH,
}
FINISH_TO_PB = {
    d.FinishReason.UNSPECIFIED: chat_pb2.FINISH_REASON_UNSPECIFIED,
    d.FinishReason.STOP: chat_pb2.FINISH_REASON_STOP,
    d.FinishReason.LENGTH: chat_pb2.FINISH_REASON_LENGTH,
    d.FinishReason.TOOL_CALLS: chat_pb2.FINISH_REASON_TOOL_CALLS,
    d.FinishReason.CONTENT_FILTER: chat_pb2.FINISH_REASON_CONTENT_FILTER,
    d.FinishReason.STOP_SEQUENCE: chat_pb2.FINISH_REASON_STOP_SEQUENCE,
}
MAX_MESSAGES = 10_000
MAX_METADATA = 16
_MEDIA_OWNERS = (d.Role.USER, d.Role.TOOL)  # who may send images and documents
_ACCEPTED_IMAGES = ", ".join(sorted(IMAGE_MEDIA_TYPES))


# ------------------------------------------------------------------ JSON values


def _value(v: struct_pb2.Value) -> Any:
    kind = v.WhichOneof("kind")
    if kind == "number_value":
        x = v.number_value
        # Struct numbers are doubles: give integral ones back as ints (JSON Schema "minimum": 1).
        return int(x) if math.isfinite(x) and x.is_integer() and abs(x) < 2**53 else x
    if kind == "string_value":
        return v.string_value
    if kind == "bool_value":
        return v.bool_value
    if kind == "struct_value":
        return struct_dict(v.struct_value)
    if kind == "list_value":
        return [_value(x) for x in v.list_value.values]
    return None


def struct_dict(s: struct_pb2.Struct) -> dict[str, Any]:
    """A Struct as a JSON object (non-finite numbers kept as they are, for the caller to refuse)."""
    return {k: _value(x) for k, x in s.fields.items()}


def explicit_provider(v: Violations, value: str) -> str:
    """The provider id of an optional `providers/{provider}` field ("" when empty)."""
    if not value:
        return ""
    m = PROVIDER_NAME.fullmatch(value)
    if m is None:
        v.add("provider", "must look like providers/{provider}")
        return ""
    return m.group(1)


# ------------------------------------------------------------------ messages


class _Reader:
    """The state of reading one request: violations, and the content bytes counted so far."""

    __slots__ = ("limits", "too_large", "total", "v")

    def __init__(self, limits: ContentLimits) -> None:
        self.v = Violations()
        self.too_large = Violations()
        self.limits = limits
        self.total = 0  # bytes of the images and documents read so far

    def count(self, size: int, limit: int, path: str, what: str) -> None:
        if size > limit:
            self.too_large.add(path, f"the {what} is {size} bytes; the limit is {limit} bytes")
            return
        before = self.total
        self.total += size
        if self.total > self.limits.request_bytes >= before:  # reported at the part that crossed it
            self.too_large.add(
                path,
                f"the request's images and documents together exceed the limit of {self.limits.request_bytes} bytes",
            )

    def cache(self, pb: Any, path: str) -> d.CacheControl | None:
        if not pb.HasField("cache_control"):
            return None
        cc = pb.cache_control
        p = f"{path}.cache_control"
        if cc.type == chat_pb2.CACHE_TYPE_UNSPECIFIED:
            if cc.HasField("ttl"):
                self.v.add(f"{p}.type", "must be CACHE_TYPE_EPHEMERAL when a ttl is set")
            return None
        if cc.type != chat_pb2.CACHE_TYPE_EPHEMERAL:
            self.v.add(f"{p}.type", "must be CACHE_TYPE_EPHEMERAL")
            return None
        ttl: float | None = None
        if cc.HasField("ttl"):
            ttl = cc.ttl.seconds + cc.ttl.nanos / 1e9
            if ttl <= 0:
                self.v.add(f"{p}.ttl", "must be positive")
        return d.CacheControl(ttl_s=ttl)

    def _url(self, url: str, path: str, *, allow_data: bool) -> bool:
        """Whether `url` is an https URL with a host (the data: case is the caller's)."""
        try:
            parts = urlsplit(url)
        except ValueError:
            parts = None
        if parts is None or parts.scheme.lower() != "https" or not parts.hostname:
            self.v.add(path, "must be an https URL or a data: URL" if allow_data else "must be an https URL")
            return False
        return True

    def image(self, pb: chat_pb2.ImagePart, path: str, cache: d.CacheControl | None) -> d.ImagePart | None:
        detail = _IMAGE_DETAIL.get(pb.detail)
        if detail is None:
            self.v.add(f"{path}.detail", "must be an IMAGE_DETAIL_* value")
            detail = d.ImageDetail.UNSPECIFIED
        source = pb.WhichOneof("source")
        media_type = pb.media_type.strip().lower()
        if media_type and media_type not in IMAGE_MEDIA_TYPES:
            self.v.add(f"{path}.media_type", f"must be one of {_ACCEPTED_IMAGES}")
        if source == "data":
            if not media_type:
                self.v.add(f"{path}.media_type", f"is required with data: one of {_ACCEPTED_IMAGES}")
            if not pb.data:
                self.v.add(f"{path}.data", "must not be empty")
            self.count(len(pb.data), self.limits.image_bytes, f"{path}.data", "image")
            return d.ImagePart(data=pb.data, media_type=media_type, detail=detail, cache=cache)
        if source == "url":
            url = pb.url
            if url[:5].lower() == "data:":
                self.count(data_url_size(url), self.limits.image_bytes, f"{path}.url", "image")
                try:
                    url_type, data = parse_data_url(url)
                except DataUrlError as exc:
                    self.v.add(f"{path}.url", str(exc))
                    return None
                if url_type not in IMAGE_MEDIA_TYPES:
                    self.v.add(f"{path}.url", f"the data: URL's media type must be one of {_ACCEPTED_IMAGES}")
                elif media_type and media_type != url_type:
                    self.v.add(f"{path}.media_type", f"does not match the data: URL's {url_type}")
                if not data:
                    self.v.add(f"{path}.url", "the data: URL holds no data")
                return d.ImagePart(data=data, media_type=url_type, detail=detail, cache=cache)
            self._url(url, f"{path}.url", allow_data=True)
            return d.ImagePart(url=url, media_type=media_type, detail=detail, cache=cache)
        self.v.add(path, "data or url is required")
        return None

    def document(self, pb: chat_pb2.DocumentPart, path: str, cache: d.CacheControl | None) -> d.DocumentPart | None:
        source = pb.WhichOneof("source")
        media_type = pb.media_type.strip().lower()
        if media_type and media_type not in DOCUMENT_MEDIA_TYPES:
            self.v.add(f"{path}.media_type", "must be application/pdf (the only document type accepted)")
        title = pb.title
        if source == "data":
            if not media_type:
                self.v.add(f"{path}.media_type", "is required with data: application/pdf")
            if not pb.data:
                self.v.add(f"{path}.data", "must not be empty")
            self.count(len(pb.data), self.limits.document_bytes, f"{path}.data", "document")
            return d.DocumentPart(data=pb.data, title=title, cache=cache)
        if source == "url":
            self._url(pb.url, f"{path}.url", allow_data=False)
            return d.DocumentPart(url=pb.url, title=title, cache=cache)
        self.v.add(path, "data or url is required")
        return None

    def parts(self, m: chat_pb2.Message, role: d.Role, path: str) -> tuple[d.Part, ...]:
        out: list[d.Part] = []
        for j, part in enumerate(m.parts):
            p = f"{path}.parts[{j}]"
            kind = part.WhichOneof("part")
            cache = self.cache(part, p)
            if kind == "text":
                if not part.text:
                    self.v.add(f"{p}.text", "must not be empty")
                out.append(d.TextPart(part.text, cache))
                continue
            if kind is None:
                self.v.add(p, "one of text, image or document is required")
                continue
            if role not in _MEDIA_OWNERS:
                what = "images" if kind == "image" else "documents"
                self.v.add(f"{p}.{kind}", f"{what} are allowed only in user messages and tool results")
                continue
            got: d.Part | None = (
                self.image(part.image, f"{p}.image", cache)
                if kind == "image"
                else self.document(part.document, f"{p}.document", cache)
            )
            if got is not None:
                out.append(got)
        return tuple(out)

    def reasoning(self, m: chat_pb2.Message, role: d.Role, path: str) -> tuple[d.ReasoningBlock, ...]:
        if not m.reasoning:
            return ()
        if role is not d.Role.ASSISTANT:
            self.v.add(f"{path}.reasoning", "only assistant messages carry reasoning blocks")
            return ()
        out = []
        for k, b in enumerate(m.reasoning):
            p = f"{path}.reasoning[{k}]"
            if b.redacted_data and (b.text or b.signature):
                self.v.add(p, "a redacted block carries redacted_data alone (no text or signature)")
            elif not (b.text or b.signature or b.redacted_data):
                self.v.add(p, "text, signature or redacted_data is required")
            out.append(d.ReasoningBlock(b.text, b.signature, b.redacted_data))
        return tuple(out)

    def message(self, m: chat_pb2.Message, i: int, tool_call_ids: set[str]) -> d.Message | None:
        v = self.v
        path = f"messages[{i}]"
        role = _ROLES.get(m.role)
        if role is None:
            v.add(f"{path}.role", "must be ROLE_SYSTEM, ROLE_USER, ROLE_ASSISTANT or ROLE_TOOL")
            return None
        calls = []
        for j, tc in enumerate(m.tool_calls):
            if role is not d.Role.ASSISTANT:
                v.add(f"{path}.tool_calls", "only assistant messages carry tool calls")
                break
            if not tc.id:
                v.add(f"{path}.tool_calls[{j}].id", "is required")
            if not tc.name:
                v.add(f"{path}.tool_calls[{j}].name", "is required")
            tool_call_ids.add(tc.id)
            calls.append(d.ToolCall(tc.id, tc.name, tc.arguments or "{}"))
        if role is d.Role.TOOL and not m.tool_call_id:
            v.add(f"{path}.tool_call_id", "is required for tool results")
        if role is not d.Role.TOOL and m.tool_call_id:
            v.add(f"{path}.tool_call_id", "only tool results carry a tool_call_id")
        if role is not d.Role.TOOL and m.is_error:
            v.add(f"{path}.is_error", "only tool results carry is_error")
        if m.content and m.parts:
            v.add(f"{path}.content", "set either content or parts, not both")
            v.add(f"{path}.parts", "set either content or parts, not both")
        if role in (d.Role.USER, d.Role.SYSTEM) and not m.content and not m.parts:
            v.add(f"{path}.content", "must not be empty")
        return d.Message(
            role,
            m.content,
            tuple(calls),
            m.tool_call_id,
            m.name,
            parts=self.parts(m, role, path),
            reasoning=self.reasoning(m, role, path),
            cache=self.cache(m, path),
            is_error=m.is_error,
        )


# ------------------------------------------------------------------ generation, tools


def _generation(r: _Reader, g: chat_pb2.GenerationConfig) -> d.GenerationConfig:
    v = r.v
    response_format = None
    if g.HasField("response_format"):
        rf = g.response_format
        rf_type = _RESPONSE_FORMAT.get(rf.type, d.ResponseFormatType.TEXT)
        if rf.type not in _RESPONSE_FORMAT:
            v.add("generation.response_format.type", "must be a RESPONSE_FORMAT_TYPE_* value")
        js = rf.json_schema
        if rf.HasField("json_schema") or rf_type not in (None, d.ResponseFormatType.TEXT):
            response_format = d.ResponseFormat(
                type=rf_type or d.ResponseFormatType.TEXT,
                name=js.name,
                description=js.description,
                schema=struct_dict(js.schema) if js.HasField("schema") else None,
                strict=js.strict,
            )
    reasoning = None
    if g.HasField("reasoning"):
        rc = g.reasoning
        effort = _EFFORT.get(rc.effort)
        if rc.effort not in _EFFORT:
            v.add("generation.reasoning.effort", "must be a REASONING_EFFORT_* value")
        budget = rc.budget_tokens if rc.HasField("budget_tokens") else None
        if effort is not None or budget is not None:
            reasoning = d.ReasoningConfig(effort=effort, budget_tokens=budget)
    generation = d.GenerationConfig(
        max_tokens=g.max_tokens if g.HasField("max_tokens") else None,
        temperature=g.temperature if g.HasField("temperature") else None,
        top_p=g.top_p if g.HasField("top_p") else None,
        stop=tuple(g.stop),
        seed=g.seed if g.HasField("seed") else None,
        response_format=response_format,
        reasoning=reasoning,
        presence_penalty=g.presence_penalty if g.HasField("presence_penalty") else None,
        frequency_penalty=g.frequency_penalty if g.HasField("frequency_penalty") else None,
        logprobs=g.logprobs,
        top_logprobs=g.top_logprobs if g.HasField("top_logprobs") else None,
    )
    check_generation(v, generation)
    return generation


def _tools(r: _Reader, pb_tools: Any) -> tuple[list[d.Tool], set[str]]:
    v = r.v
    tools: list[d.Tool] = []
    names: set[str] = set()
    for i, t in enumerate(pb_tools):
        if not NAME.fullmatch(t.name):
            v.add(f"tools[{i}].name", "must be 1-64 letters, digits, '_' or '-'")
        elif t.name in names:
            v.add(f"tools[{i}].name", "duplicate tool name")
        names.add(t.name)
        if t.HasField("parameters"):
            params = struct_dict(t.parameters)
            bad = non_finite_path(params, f"tools[{i}].parameters")
            if bad is not None:
                v.add(bad, "must be a finite number")
        else:
            params = {"type": "object", "properties": {}}
        tools.append(d.Tool(t.name, t.description, params, r.cache(t, f"tools[{i}]")))
    return tools, names


def chat_request(
    pb: chat_service_pb2.StreamChatRequest | chat_service_pb2.ChatRequest,
    caller_key_id: str = "",
    limits: ContentLimits = ContentLimits(),
) -> d.ChatRequest:
    r = _Reader(limits)
    v = r.v
    # An empty model takes the default (service.core.callers.default_model).
    if len(pb.model) > 256 or any(c.isspace() or not c.isprintable() for c in pb.model):
        v.add("model", "must be at most 256 characters without whitespace or control characters")
    pid = explicit_provider(v, pb.provider)
    prompt = getattr(pb, "prompt", "")
    if prompt and pb.messages:
        v.add("prompt", "send either a prompt or messages, not both")
    elif not pb.messages and not prompt:
        v.add("messages", "at least one message is required")
    elif len(pb.messages) > MAX_MESSAGES:
        v.add("messages", f"at most {MAX_MESSAGES} messages")
    tool_call_ids: set[str] = set()
    messages = [msg for i, m in enumerate(pb.messages) if (msg := r.message(m, i, tool_call_ids)) is not None]
    generation = _generation(r, pb.generation)
    tools, names = _tools(r, pb.tools)
    tc = pb.tool_choice
    mode = _TOOL_CHOICE.get(tc.mode)
    if mode is None:
        v.add("tool_choice.mode", "unknown mode")
        mode = d.ToolChoiceMode.UNSPECIFIED
    if mode is d.ToolChoiceMode.FUNCTION:
        if not tc.function_name:
            v.add("tool_choice.function_name", "is required with TOOL_CHOICE_MODE_FUNCTION")
        elif tc.function_name not in names:
            v.add("tool_choice.function_name", "must name one of the tools")
    if mode in (d.ToolChoiceMode.REQUIRED, d.ToolChoiceMode.FUNCTION) and not tools:
        v.add("tools", "tools are required when tool_choice requires a call")
    if len(pb.metadata) > MAX_METADATA:
        v.add("metadata", f"at most {MAX_METADATA} entries")
    if len(pb.request_id) > 128:
        v.add("request_id", "must be at most 128 characters")
    if r.too_large:
        items = r.too_large.items + v.items
        first = items[0]
        raise InvalidArgument(
            f"invalid request: {first.field}: {first.description}",
            reason=Reason.CONTENT_TOO_LARGE,
            violations=items,
        )
    v.raise_if_any()
    return d.ChatRequest(
        model=pb.model,
        messages=tuple(messages),
        prompt=prompt,
        provider=pid,
        generation=generation,
        tools=tuple(tools),
        tool_choice=d.ToolChoice(
            mode, tc.function_name, tc.parallel_tool_calls if tc.HasField("parallel_tool_calls") else None
        ),
        metadata=dict(pb.metadata),
        request_id=pb.request_id or uuid.uuid4().hex,
        caller_key_id=caller_key_id,
    )


def capability_field(req: d.ChatRequest, cap: d.Capability) -> str:
    """The field of `req` that needs `cap` (for the BadRequest of CAPABILITY_UNSUPPORTED)."""
    if cap in (d.Capability.IMAGES, d.Capability.DOCUMENTS):
        kind, name = (d.ImagePart, "image") if cap is d.Capability.IMAGES else (d.DocumentPart, "document")
        for i, m in enumerate(req.messages):
            for j, p in enumerate(m.parts):
                if isinstance(p, kind):
                    return f"messages[{i}].parts[{j}].{name}"
        return "messages"
    return {
        d.Capability.TOOLS: "tools",
        d.Capability.JSON_SCHEMA: "generation.response_format",
        d.Capability.REASONING: "generation.reasoning",
    }[cap]


def name_capability_field(err: RouterError, req: d.ChatRequest) -> None:
    """Adds the BadRequest field of a CAPABILITY_UNSUPPORTED error (routing knows the
    capability, this layer the field that asked for it)."""
    if err.reason != Reason.CAPABILITY_UNSUPPORTED or err.violations:
        return
    try:
        cap = d.Capability(err.metadata.get("capability", ""))
    except ValueError:
        return
    err.violations = (FieldViolation(capability_field(req, cap), f"needs {DESCRIPTIONS[cap]}: {err.message}"),)


def embed_request(pb: chat_service_pb2.EmbedRequest, caller_key_id: str = "") -> d.EmbedRequest:
    v = Violations()
    if not pb.model:
        v.add("model", "is required")
    pid = explicit_provider(v, pb.provider)
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


# ------------------------------------------------------------------ answers


def usage_pb(u: d.Usage) -> chat_pb2.Usage:
    return chat_pb2.Usage(
        prompt_tokens=u.prompt_tokens,
        completion_tokens=u.completion_tokens,
        cached_prompt_tokens=u.cached_prompt_tokens,
        total_tokens=u.total_tokens,
        cache_write_tokens=u.cache_write_tokens,
        reasoning_tokens=u.reasoning_tokens,
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
        stop_sequence=s.stop_sequence,
    )


def logprobs_pb(lps: tuple[d.TokenLogprob, ...]) -> list[chat_pb2.TokenLogprob]:
    return [
        chat_pb2.TokenLogprob(
            token=t.token,
            logprob=t.logprob,
            bytes=t.bytes,
            top_logprobs=[chat_pb2.TopLogprob(token=a.token, logprob=a.logprob, bytes=a.bytes) for a in t.top],
        )
        for t in lps
    ]


def delta_pb(ev: d.Delta) -> chat_pb2.ChatDelta:
    if not (ev.tool_calls or ev.logprobs or ev.reasoning_signature or ev.redacted_reasoning or ev.usage):
        return chat_pb2.ChatDelta(text=ev.text, reasoning=ev.reasoning)  # the common case, kept short
    out = chat_pb2.ChatDelta(
        text=ev.text,
        reasoning=ev.reasoning,
        tool_calls=[
            chat_pb2.ToolCallDelta(index=t.index, id=t.id, name=t.name, arguments=t.arguments) for t in ev.tool_calls
        ],
        reasoning_signature=ev.reasoning_signature,
        redacted_reasoning=ev.redacted_reasoning,
        logprobs=logprobs_pb(ev.logprobs),
    )
    if ev.usage is not None:
        out.usage.CopyFrom(usage_pb(ev.usage))
    return out


def chat_response_pb(c: d.Completion, s: d.Summary) -> chat_service_pb2.ChatResponse:
    return chat_service_pb2.ChatResponse(
        message=chat_pb2.Message(
            role=chat_pb2.ROLE_ASSISTANT,
            content=c.text,
            tool_calls=[chat_pb2.ToolCall(id=t.id, name=t.name, arguments=t.arguments) for t in c.tool_calls],
            reasoning=[
                chat_pb2.ReasoningBlock(text=b.text, signature=b.signature, redacted_data=b.redacted_data)
                for b in c.reasoning_blocks
            ],
        ),
        reasoning=c.reasoning,
        summary=summary_pb(s),
        logprobs=logprobs_pb(c.logprobs),
    )
