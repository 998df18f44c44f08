"""Chat domain types: what a caller asks for and the events a backend yields.

Backends receive a `ChatRequest` plus the upstream model name and yield `Delta` events
followed by exactly one `Finish`. The router yields `ServedBy` at the commit point and
wraps the finish into a `Summary`. No grpc, no protobuf here.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any


class Role(str, enum.Enum):
    SYSTEM = "system"
    USER = "user"
    ASSISTANT = "assistant"
    TOOL = "tool"


class FinishReason(str, enum.Enum):
    UNSPECIFIED = "unspecified"
    STOP = "stop"
    LENGTH = "length"
    TOOL_CALLS = "tool_calls"
    CONTENT_FILTER = "content_filter"
    STOP_SEQUENCE = "stop_sequence"


class Capability(str, enum.Enum):
    """What a request needs of a model beyond plain text."""

    IMAGES = "images"
    DOCUMENTS = "documents"
    TOOLS = "tools"
    JSON_SCHEMA = "json_schema"
    REASONING = "reasoning"


@dataclass(frozen=True)
class ToolCall:
    id: str
    name: str
    arguments: str  # JSON text


@dataclass(frozen=True)
class CacheControl:
    """A prompt-caching breakpoint: everything up to and including the marked item may be cached."""

    ttl_s: float | None = None  # None: the provider's default


class ImageDetail(str, enum.Enum):
    UNSPECIFIED = "unspecified"
    AUTO = "auto"
    LOW = "low"
    HIGH = "high"


@dataclass(frozen=True)
class TextPart:
    text: str
    cache: CacheControl | None = None


@dataclass(frozen=True)
class ImagePart:
    """An image: its bytes (with media_type) or a URL (https or data:)."""

    data: bytes = b""
    url: str = ""
    media_type: str = ""
    detail: ImageDetail = ImageDetail.UNSPECIFIED
    cache: CacheControl | None = None


@dataclass(frozen=True)
class DocumentPart:
    """A PDF: its bytes or a URL."""

    data: bytes = b""
    url: str = ""
    media_type: str = "application/pdf"
    title: str = ""
    cache: CacheControl | None = None


Part = TextPart | ImagePart | DocumentPart


@dataclass(frozen=True)
class ReasoningBlock:
    """One block of reasoning as the model produced it (text + signature), or redacted data."""

    text: str = ""
    signature: str = ""
    redacted_data: str = ""


@dataclass(frozen=True)
class Message:
    role: Role
    content: str = ""  # the text shorthand; `parts` holds richer content (never both)
    tool_calls: tuple[ToolCall, ...] = ()
    tool_call_id: str = ""
    name: str = ""
    parts: tuple[Part, ...] = ()
    reasoning: tuple[ReasoningBlock, ...] = ()  # assistant turns passed back
    cache: CacheControl | None = None  # a breakpoint after this message's content
    is_error: bool = False  # tool results: the call failed

    @property
    def text(self) -> str:
        """All of the message's text: `content`, or its text parts joined."""
        if self.content or not self.parts:
            return self.content
        return "".join(p.text for p in self.parts if isinstance(p, TextPart))


@dataclass(frozen=True)
class Tool:
    name: str
    description: str = ""
    parameters: dict[str, Any] = field(default_factory=dict)  # JSON Schema
    cache: CacheControl | None = None


class ToolChoiceMode(str, enum.Enum):
    UNSPECIFIED = "unspecified"
    AUTO = "auto"
    NONE = "none"
    REQUIRED = "required"
    FUNCTION = "function"


@dataclass(frozen=True)
class ToolChoice:
    mode: ToolChoiceMode = ToolChoiceMode.UNSPECIFIED
    function_name: str = ""
    parallel_tool_calls: bool | None = None  # None: the provider's default


class ResponseFormatType(str, enum.Enum):
    TEXT = "text"
    JSON_OBJECT = "json_object"
    JSON_SCHEMA = "json_schema"


@dataclass(frozen=True)
class ResponseFormat:
    type: ResponseFormatType = ResponseFormatType.TEXT
    name: str = ""  # JSON_SCHEMA: the schema's name
    description: str = ""
    schema: dict[str, Any] | None = None  # JSON_SCHEMA: the schema
    strict: bool = False


class ReasoningEffort(str, enum.Enum):
    MINIMAL = "minimal"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


@dataclass(frozen=True)
class ReasoningConfig:
    effort: ReasoningEffort | None = None
    budget_tokens: int | None = None


@dataclass(frozen=True)
class GenerationConfig:
    max_tokens: int | None = None
    temperature: float | None = None
    top_p: float | None = None
    stop: tuple[str, ...] = ()
    seed: int | None = None
    response_format: ResponseFormat | None = None  # None: plain text
    reasoning: ReasoningConfig | None = None  # None: the provider's default
    presence_penalty: float | None = None
    frequency_penalty: float | None = None
    logprobs: bool = False
    top_logprobs: int | None = None


@dataclass(frozen=True)
class ChatRequest:
    model: str
    messages: tuple[Message, ...]
    provider: str = ""  # provider id (not the resource name), "" when not explicit
    generation: GenerationConfig = GenerationConfig()
    tools: tuple[Tool, ...] = ()
    tool_choice: ToolChoice = ToolChoice()
    metadata: dict[str, str] = field(default_factory=dict)
    request_id: str = ""
    caller_key_id: str = ""
    prompt: str = ""  # a raw text prompt (legacy completions) instead of messages

    def required_capabilities(self) -> frozenset[Capability]:
        """What a model must accept to serve this request."""
        need: set[Capability] = set()
        if self.tools:
            need.add(Capability.TOOLS)
        g = self.generation
        if g.response_format is not None and g.response_format.type is not ResponseFormatType.TEXT:
            need.add(Capability.JSON_SCHEMA)
        if g.reasoning is not None:
            need.add(Capability.REASONING)
        for m in self.messages:
            for p in m.parts:
                if isinstance(p, ImagePart):
                    need.add(Capability.IMAGES)
                elif isinstance(p, DocumentPart):
                    need.add(Capability.DOCUMENTS)
        return frozenset(need)


@dataclass(frozen=True)
class EmbedRequest:
    model: str
    inputs: tuple[str, ...]
    provider: str = ""
    dimensions: int | None = None
    request_id: str = ""
    caller_key_id: str = ""


# ----------------------------------------------------------------- stream events


@dataclass(frozen=True)
class ToolCallDelta:
    index: int
    id: str = ""
    name: str = ""
    arguments: str = ""


@dataclass(frozen=True)
class TopLogprob:
    token: str
    logprob: float
    bytes: bytes = b""


@dataclass(frozen=True)
class TokenLogprob:
    token: str
    logprob: float
    bytes: bytes = b""
    top: tuple[TopLogprob, ...] = ()


@dataclass(frozen=True)
class Usage:
    prompt_tokens: int = 0  # cached and cache-written tokens included
    completion_tokens: int = 0  # reasoning tokens included
    cached_prompt_tokens: int = 0  # read from the provider's cache (or the local KV cache)
    cache_write_tokens: int = 0  # written to the provider's cache
    reasoning_tokens: int = 0

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens


@dataclass(frozen=True)
class Delta:
    """Incremental output. Any part may be empty, not all.

    reasoning_signature closes the reasoning block streamed so far; redacted_reasoning is
    a whole redacted block; logprobs belong to `text`; usage is usage known early (the
    prompt tokens at the start of a stream)."""

    text: str = ""
    reasoning: str = ""
    tool_calls: tuple[ToolCallDelta, ...] = ()
    reasoning_signature: str = ""
    redacted_reasoning: str = ""
    logprobs: tuple[TokenLogprob, ...] = ()
    usage: Usage | None = None


@dataclass(frozen=True)
class Finish:
    """The backend's last event of a successful generation."""

    finish_reason: FinishReason = FinishReason.UNSPECIFIED
    usage: Usage = Usage()
    stop_sequence: str = ""  # the caller's stop sequence that ended generation


@dataclass(frozen=True)
class ServedBy:
    provider: str  # provider id
    model: str  # upstream model
    attempts: int = 1
    fallback_index: int = 0
    route: str = ""  # route id, "" when none matched
    # x-ratelimit-* of the limits the call was admitted under (name, value), for callers.
    rate_limits: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Summary:
    """The router's last event: finish plus who served."""

    finish_reason: FinishReason
    usage: Usage
    served_by: ServedBy
    request_id: str = ""
    stop_sequence: str = ""


@dataclass(frozen=True)
class Completion:
    """A whole answer (unary calls)."""

    text: str
    reasoning: str
    tool_calls: tuple[ToolCall, ...]
    finish_reason: FinishReason
    usage: Usage
    reasoning_blocks: tuple[ReasoningBlock, ...] = ()
    logprobs: tuple[TokenLogprob, ...] = ()
    stop_sequence: str = ""


@dataclass(frozen=True)
class Embeddings:
    vectors: tuple[tuple[float, ...], ...]
    usage: Usage


def accumulate(events: list[Delta | Finish]) -> Completion:
    """Folds a stream's events into a Completion (used by backends without a unary path)."""
    text: list[str] = []
    reasoning: list[str] = []
    block: list[str] = []  # reasoning text of the block not yet closed by a signature
    blocks: list[ReasoningBlock] = []
    logprobs: list[TokenLogprob] = []
    calls: dict[int, dict[str, str]] = {}
    finish = Finish()
    for ev in events:
        if isinstance(ev, Finish):
            finish = ev
            continue
        text.append(ev.text)
        if ev.reasoning:
            reasoning.append(ev.reasoning)
            block.append(ev.reasoning)
        if ev.reasoning_signature:
            blocks.append(ReasoningBlock(text="".join(block), signature=ev.reasoning_signature))
            block.clear()
        if ev.redacted_reasoning:
            blocks.append(ReasoningBlock(redacted_data=ev.redacted_reasoning))
        logprobs.extend(ev.logprobs)
        for tc in ev.tool_calls:
            slot = calls.setdefault(tc.index, {"id": "", "name": "", "arguments": ""})
            slot["id"] = slot["id"] or tc.id
            slot["name"] = slot["name"] or tc.name
            slot["arguments"] += tc.arguments
    if block:  # reasoning without a signature (e.g. <think> output of a local model)
        blocks.append(ReasoningBlock(text="".join(block)))
    return Completion(
        text="".join(text),
        reasoning="".join(reasoning),
        tool_calls=tuple(ToolCall(c["id"], c["name"], c["arguments"]) for _, c in sorted(calls.items())),
        finish_reason=finish.finish_reason,
        usage=finish.usage,
        reasoning_blocks=tuple(blocks),
        logprobs=tuple(logprobs),
        stop_sequence=finish.stop_sequence,
    )
