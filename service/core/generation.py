"""Generation settings: the one place they are validated (every entrance builds a
`GenerationConfig`, then calls `check_generation`; backends trust what reaches them)."""

from __future__ import annotations

import math

from service.core.chat import GenerationConfig
from service.core.errors import Violations

MAX_STOP_SEQUENCES = 4


def check_generation(v: Violations, g: GenerationConfig, path: str = "generation") -> None:
    if g.max_tokens is not None and g.max_tokens <= 0:
        v.add(f"{path}.max_tokens", "must be positive")
    if g.temperature is not None and not (math.isfinite(g.temperature) and 0.0 <= g.temperature <= 2.0):
        v.add(f"{path}.temperature", "must be between 0 and 2")
    if g.top_p is not None and not (math.isfinite(g.top_p) and 0.0 < g.top_p <= 1.0):
        v.add(f"{path}.top_p", "must be in (0, 1]")
    if len(g.stop) > MAX_STOP_SEQUENCES:
        v.add(f"{path}.stop", f"at most {MAX_STOP_SEQUENCES} stop sequences")
    for k, s in enumerate(g.stop):
        if not s:
            v.add(f"{path}.stop[{k}]", "must not be empty")
