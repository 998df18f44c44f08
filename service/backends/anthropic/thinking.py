"""Extended thinking: ``thinking`` and ``max_tokens`` for a domain `ReasoningConfig`.

Rules of the Messages API (extended thinking,
https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking , and the ``thinking``
parameter of https://docs.anthropic.com/en/api/messages): ``{"type": "enabled",
"budget_tokens": N}`` with N at least 1024 and less than ``max_tokens`` (thinking counts towards
it); no ``temperature`` other than 1, ``top_p`` only between 0.95 and 1; ``tool_choice`` only
``auto`` or ``none`` (a forced tool is refused). A request that breaks one is refused here,
naming the field, instead of upstream.

Budgets:

* ``budget_tokens`` given: sent as is;
* an effort only: `EFFORT_BUDGETS` (minimal 1024, the API's minimum; low 2048; medium 8192;
  high 16384), and with the caller's ``max_tokens`` at most half of it (the rest is for the
  answer), never below 1024;
* no ``max_tokens`` from the caller: the budget plus `DEFAULT_ANSWER_TOKENS` (so the largest
  default, 20480, fits every thinking model's output limit).
"""

from __future__ import annotations

from typing import Any

from service.core.chat import GenerationConfig, ReasoningEffort, ToolChoice, ToolChoiceMode
from service.core.errors import Violations

__all__ = ["DEFAULT_ANSWER_TOKENS", "EFFORT_BUDGETS", "MIN_BUDGET", "thinking_field"]

MIN_BUDGET = 1024
DEFAULT_ANSWER_TOKENS = 4096
EFFORT_BUDGETS: dict[ReasoningEffort, int] = {
    ReasoningEffort.MINIMAL: MIN_BUDGET,
    ReasoningEffort.LOW: 2048,
    ReasoningEffort.MEDIUM: 8192,
    ReasoningEffort.HIGH: 16384,
}


def thinking_field(
    g: GenerationConfig, tool_choice: ToolChoice, default_max_tokens: int, v: Violations
) -> tuple[dict[str, Any] | None, int]:
    """(``thinking`` or None, ``max_tokens``) for the request's generation settings."""
    r = g.reasoning
    if r is None or (r.budget_tokens is None and r.effort is None):
        return None, g.max_tokens if g.max_tokens is not None else default_max_tokens
    if r.budget_tokens is not None:
        budget = r.budget_tokens
        if budget < MIN_BUDGET:
            v.add("generation.reasoning.budget_tokens", f"must be at least {MIN_BUDGET} on Anthropic models")
        elif g.max_tokens is not None and budget >= g.max_tokens:
            v.add(
                "generation.reasoning.budget_tokens",
                f"must be less than max_tokens ({g.max_tokens}) on Anthropic models: thinking counts towards it",
            )
    else:
        assert r.effort is not None
        budget = EFFORT_BUDGETS[r.effort]
        if g.max_tokens is not None:
            budget = max(MIN_BUDGET, min(budget, g.max_tokens // 2))
            if budget >= g.max_tokens:
                v.add(
                    "generation.max_tokens",
                    f"must be more than {MIN_BUDGET} with reasoning on Anthropic models "
                    f"(the smallest thinking budget is {MIN_BUDGET} tokens, and it counts towards max_tokens)",
                )
    if g.temperature is not None and g.temperature != 1.0:
        v.add("generation.temperature", "must be unset or 1 with reasoning on Anthropic models")
    if g.top_p is not None and g.top_p < 0.95:
        v.add("generation.top_p", "must be unset or between 0.95 and 1 with reasoning on Anthropic models")
    if tool_choice.mode in (ToolChoiceMode.REQUIRED, ToolChoiceMode.FUNCTION):
        v.add("tool_choice.mode", "must be auto or none with reasoning on Anthropic models (no forced tool use)")
    max_tokens = g.max_tokens if g.max_tokens is not None else budget + DEFAULT_ANSWER_TOKENS
    return {"type": "enabled", "budget_tokens": budget}, max_tokens
