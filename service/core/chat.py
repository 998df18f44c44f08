"""Chat domain types: what a caller asks for and the events a backend yields.

Backends receive a `ChatRequest` plus a `Target` and yield `Delta` events followed by
exactly one `Finish`. The router wraps the finish into a `Summary` with `ServedBy`.
No grpc, no protobuf here.
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


@dataclass(frozen=True)
class ToolCall:
    id: str
    name: str
    arguments: str  # JSON text


@dataclass(frozen=True)
class Message:
    role: Role
    content: str = ""
    tool_calls: tuple[ToolCall, ...] = ()
    tool_call_id: str = ""
    name: str = ""


@dataclass(frozen=True)
class Tool:
    name: str
    description: str = ""
    parameters: dict[str, Any] = field(default_factory=dict)  # JSON Schema


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


@dataclass(frozen=True)
class GenerationConfig:
    max_tokens: int | None = None
    temperature: float | None = None
    top_p: float | None = None
    stop: tuple[str, ...] = ()
    seed: int | None = None


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
class Usage:
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached_prompt_tokens: int = 0

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens


@dataclass(frozen=True)
class Delta:
    """Incremental output. Any of the three parts may be empty, not all."""

    text: str = ""
    reasoning: str = ""
    tool_calls: tuple[ToolCallDelta, ...] = ()


@dataclass(frozen=True)
class Finish:
    """The backend's last event of a successful generation."""

    finish_reason: FinishReason = FinishReason.UNSPECIFIED
    usage: Usage = Usage()


@dataclass(frozen=True)
class ServedBy:
    provider: str  # provider id
    model: str  # upstream model
    attempts: int = 1
    fallback_index: int = 0
    route: str = ""  # route id, "" when none matched


@dataclass(frozen=True)
class Summary:
    """The router's last event: finish plus who served."""

    finish_reason: FinishReason
    usage: Usage
    served_by: ServedBy
    request_id: str = ""


@dataclass(frozen=True)
class Completion:
    """A whole answer (unary calls)."""

    text: str
    reasoning: str
    tool_calls: tuple[ToolCall, ...]
    finish_reason: FinishReason
    usage: Usage


@dataclass(frozen=True)
class Embeddings:
    vectors: tuple[tuple[float, ...], ...]
    usage: Usage


def accumulate(events: list[Delta | Finish]) -> Completion:
    """Folds a stream's events into a Completion (used by backends without a unary path)."""
    text: list[str] = []
    reasoning: list[str] = []
    calls: dict[int, dict[str, str]] = {}
    finish = Finish()
    for ev in events:
        if isinstance(ev, Finish):
            finish = ev
            continue
        text.append(ev.text)
        reasoning.append(ev.reasoning)
        for tc in ev.tool_calls:
            slot = calls.setdefault(tc.index, {"id": "", "name": "", "arguments": ""})
            slot["id"] = slot["id"] or tc.id
            slot["name"] = slot["name"] or tc.name
            slot["arguments"] += tc.arguments
    return Completion(
        text="".join(text),
        reasoning="".join(reasoning),
        tool_calls=tuple(ToolCall(c["id"], c["name"], c["arguments"]) for _, c in sorted(calls.items())),
        finish_reason=finish.finish_reason,
        usage=finish.usage,
    )
