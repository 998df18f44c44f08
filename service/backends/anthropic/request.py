"""The Messages API request: body and headers for a domain request.

System prompts go to the top-level ``system`` field; turns, parts, reasoning and cache hints are
content blocks (`content`); ``thinking`` and ``max_tokens`` come from the reasoning settings
(`thinking`); a response format is native ``output_config`` or an answer tool (`answer`).
``max_tokens`` is required (`DEFAULT_MAX_TOKENS` when the caller gives none and nothing thinks);
``stop_sequences``; no ``seed`` (not sent); log probabilities and presence / frequency penalties,
which the API does not have, are refused (a penalty of 0 changes nothing and is accepted).
``parallel_tool_calls = false`` is ``tool_choice.disable_parallel_tool_use``. A request the API
would refuse for its own rules is refused here with every violation named (INVALID_ARGUMENT).
"""

from __future__ import annotations

from typing import Any

from service.backends.anthropic.answer import AnswerPlan, plan_answer
from service.backends.anthropic.content import Breakpoints, message_list, system_field, tool_list
from service.backends.anthropic.thinking import thinking_field
from service.core.chat import ChatRequest, ToolChoiceMode
from service.core.errors import Violations

__all__ = ["ANTHROPIC_VERSION", "DEFAULT_MAX_TOKENS", "api_base", "build_messages_body", "build_request", "headers"]

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


def _tool_choice(request: ChatRequest, plan: AnswerPlan, has_tools: bool) -> dict[str, Any] | None:
    tc = request.tool_choice
    mode = tc.mode
    choice: dict[str, Any] | None
    if plan.tool_name:
        # The answer tool must be called: alone, or as one of the caller's tools.
        if request.tools and mode in (ToolChoiceMode.UNSPECIFIED, ToolChoiceMode.AUTO):
            choice = {"type": "any"}
        else:
            choice = {"type": "tool", "name": plan.tool_name}
    elif mode is ToolChoiceMode.AUTO:
        choice = {"type": "auto"}
    elif mode is ToolChoiceMode.NONE:
        choice = {"type": "none"}
    elif mode is ToolChoiceMode.REQUIRED:
        choice = {"type": "any"}
    elif mode is ToolChoiceMode.FUNCTION:
        choice = {"type": "tool", "name": tc.function_name}
    else:
        choice = None
    if tc.parallel_tool_calls is False and has_tools and (choice is None or choice["type"] != "none"):
        choice = dict(choice or {"type": "auto"})
        choice["disable_parallel_tool_use"] = True
    return choice


def build_request(request: ChatRequest, model: str, *, stream: bool) -> tuple[dict[str, Any], AnswerPlan]:
    """The Messages API request body for a domain request, and how its response format is served."""
    v = Violations()
    g = request.generation
    thinking, max_tokens = thinking_field(g, request.tool_choice, DEFAULT_MAX_TOKENS, v)
    plan = plan_answer(request, thinking is not None, v)
    bp = Breakpoints(v)  # in the order the API reads them: tools, system, messages
    tools = tool_list(request.tools, bp)
    if plan.tool is not None:
        tools.append(plan.tool)
    system = system_field(request.messages, bp, v)
    messages = message_list(request.messages, bp, v)
    if g.logprobs:
        v.add("generation.logprobs", "Anthropic models return no log probabilities")
    for name in ("presence_penalty", "frequency_penalty"):
        if getattr(g, name):
            v.add(f"generation.{name}", "Anthropic models take no presence or frequency penalties")
    v.raise_if_any()
    body: dict[str, Any] = {"model": model, "max_tokens": max_tokens, "messages": messages}
    if system is not None:
        body["system"] = system
    if thinking is not None:
        body["thinking"] = thinking
    if g.temperature is not None:
        body["temperature"] = g.temperature
    if g.top_p is not None:
        body["top_p"] = g.top_p
    if g.stop:
        body["stop_sequences"] = list(g.stop)
    if tools:
        body["tools"] = tools
    choice = _tool_choice(request, plan, bool(tools))
    if choice is not None:
        body["tool_choice"] = choice
    if plan.output_config is not None:
        body["output_config"] = plan.output_config
    if stream:
        body["stream"] = True
    return body, plan


def build_messages_body(request: ChatRequest, model: str, *, stream: bool) -> dict[str, Any]:
    """The Messages API request body for a domain request."""
    return build_request(request, model, stream=stream)[0]
