"""Generation settings: the one place they are validated (every entrance builds a
`GenerationConfig`, then calls `check_generation`; backends trust what reaches them)."""

from __future__ import annotations

import math
import re
from typing import Any

from service.core.chat import GenerationConfig, ResponseFormatType
from service.core.errors import Violations

MAX_STOP_SEQUENCES = 4
MAX_TOP_LOGPROBS = 20
PENALTY_RANGE = (-2.0, 2.0)
# Function and schema names: what OpenAI and Anthropic both accept.
NAME = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def non_finite_path(value: Any, path: str) -> str | None:
    """The path of the first NaN or infinity inside a JSON value, or None."""
    if isinstance(value, float):
        return None if math.isfinite(value) else path
    if isinstance(value, dict):
        for k, v in value.items():
            found = non_finite_path(v, f"{path}.{k}")
            if found is not None:
                return found
    elif isinstance(value, list):
        for i, v in enumerate(value):
            found = non_finite_path(v, f"{path}[{i}]")
            if found is not None:
                return found
    return None


def _finite_in(value: float, lo: float, hi: float) -> bool:
    return math.isfinite(value) and lo <= value <= hi


def check_generation(v: Violations, g: GenerationConfig, path: str = "generation") -> None:
    if g.max_tokens is not None and g.max_tokens <= 0:
        v.add(f"{path}.max_tokens", "must be positive")
    if g.temperature is not None and not _finite_in(g.temperature, 0.0, 2.0):
        v.add(f"{path}.temperature", "must be between 0 and 2")
    if g.top_p is not None and not (math.isfinite(g.top_p) and 0.0 < g.top_p <= 1.0):
        v.add(f"{path}.top_p", "must be in (0, 1]")
    if len(g.stop) > MAX_STOP_SEQUENCES:
        v.add(f"{path}.stop", f"at most {MAX_STOP_SEQUENCES} stop sequences")
    for k, s in enumerate(g.stop):
        if not s:
            v.add(f"{path}.stop[{k}]", "must not be empty")
    for name in ("presence_penalty", "frequency_penalty"):
        value = getattr(g, name)
        if value is not None and not _finite_in(value, *PENALTY_RANGE):
            v.add(f"{path}.{name}", "must be a finite number between -2 and 2")
    if g.top_logprobs is not None:
        if not 0 <= g.top_logprobs <= MAX_TOP_LOGPROBS:
            v.add(f"{path}.top_logprobs", f"must be between 0 and {MAX_TOP_LOGPROBS}")
        elif not g.logprobs:
            v.add(f"{path}.top_logprobs", "is allowed only with logprobs")
    r = g.reasoning
    if r is not None:
        if r.budget_tokens is not None and r.budget_tokens <= 0:
            v.add(f"{path}.reasoning.budget_tokens", "must be positive")
        if r.budget_tokens is not None and r.effort is not None:
            v.add(f"{path}.reasoning", "set either effort or budget_tokens, not both")
    rf = g.response_format
    if rf is not None:
        p = f"{path}.response_format"
        if rf.type is ResponseFormatType.JSON_SCHEMA:
            if not NAME.fullmatch(rf.name):
                v.add(f"{p}.json_schema.name", "must be 1-64 letters, digits, '_' or '-'")
            if rf.schema is None:
                v.add(f"{p}.json_schema.schema", "is required with RESPONSE_FORMAT_TYPE_JSON_SCHEMA")
            else:
                root = rf.schema.get("type")
                if root is not None and root != "object":
                    v.add(f"{p}.json_schema.schema", "must describe a JSON object (type: object)")
                bad = non_finite_path(rf.schema, f"{p}.json_schema.schema")
                if bad is not None:
                    v.add(bad, "must be a finite number")
        elif rf.name or rf.schema is not None or rf.description or rf.strict:
            v.add(f"{p}.json_schema", "is allowed only with RESPONSE_FORMAT_TYPE_JSON_SCHEMA")
