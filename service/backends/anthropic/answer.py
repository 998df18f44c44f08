"""Structured output (`GenerationConfig.response_format`) on the Messages API.

The caller gets the same thing either way: the answer's JSON as text.

* Native: ``output_config.format = {"type": "json_schema", "schema": ...}`` (structured outputs,
  https://docs.anthropic.com/en/docs/build-with-claude/structured-outputs ; generally available
  on the Claude API, no beta header; the earlier beta form was ``output_format`` with
  ``anthropic-beta: structured-outputs-2025-11-13``). The model decodes under the schema and
  answers with a text block. Used for a strict JSON schema, and for any JSON schema when thinking
  is on. Native structured outputs accept a subset of JSON Schema (e.g. every object with
  ``additionalProperties: false``): a schema outside it is refused upstream (a 400 naming it).
* A forced tool: the schema becomes the ``input_schema`` of one more tool (`AnswerTool`) that
  ``tool_choice`` makes the model call; the tool's ``input`` is the answer (streamed
  ``input_json_delta`` fragments become text deltas, a unary ``tool_use`` block the text). Used
  for a non-strict schema (a tool's input_schema takes any JSON Schema) and for a JSON object
  (the API has no JSON-object mode: the schema is ``{"type": "object"}``). With the caller's own
  tools, ``tool_choice`` becomes ``any`` (their tools or the answer); when the caller requires a
  tool call (``required`` / a named function) the answer is that call and no answer tool is added.
  Forced tool use is not allowed with thinking: a JSON object with reasoning is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from service.core.chat import ChatRequest, ResponseFormatType, ToolChoiceMode
from service.core.errors import Violations

__all__ = ["ANSWER_TOOL", "AnswerPlan", "plan_answer"]

ANSWER_TOOL = "json_answer"
_DESCRIPTION = "Give your answer as this tool's input: a JSON value that follows the input schema."


@dataclass(frozen=True)
class AnswerPlan:
    """How the response format is served: `output_config`, or an answer tool (name and definition)."""

    output_config: dict[str, Any] | None = None
    tool_name: str = ""  # "" when no answer tool
    tool: dict[str, Any] | None = None


_PLAIN = AnswerPlan()


def _tool_name(request: ChatRequest) -> str:
    taken = {t.name for t in request.tools}
    rf = request.generation.response_format
    candidates = [rf.name] if rf is not None and rf.name else []
    candidates.append(ANSWER_TOOL)
    for name in candidates:
        if name not in taken:
            return name
    n = 2
    while f"{ANSWER_TOOL}_{n}" in taken:
        n += 1
    return f"{ANSWER_TOOL}_{n}"


def plan_answer(request: ChatRequest, thinking: bool, v: Violations) -> AnswerPlan:
    """How `request`'s response format is served (`thinking`: extended thinking is on)."""
    rf = request.generation.response_format
    if rf is None or rf.type is ResponseFormatType.TEXT:
        return _PLAIN
    schema = rf.schema if rf.type is ResponseFormatType.JSON_SCHEMA and rf.schema else {"type": "object"}
    if rf.type is ResponseFormatType.JSON_SCHEMA and (rf.strict or thinking):
        return AnswerPlan(output_config={"format": {"type": "json_schema", "schema": schema}})
    if thinking:
        v.add(
            "generation.response_format.type",
            "a JSON object answer cannot be combined with reasoning on Anthropic models "
            "(it needs forced tool use, which thinking forbids): give a JSON schema",
        )
        return _PLAIN
    if request.tools and request.tool_choice.mode in (ToolChoiceMode.REQUIRED, ToolChoiceMode.FUNCTION):
        return _PLAIN  # the caller requires a tool call: that call is the answer
    name = _tool_name(request)
    return AnswerPlan(
        tool_name=name,
        tool={"name": name, "description": rf.description or _DESCRIPTION, "input_schema": schema},
    )
