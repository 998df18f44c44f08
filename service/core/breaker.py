"""Circuit breakers per (provider, model): closed, open for a cool-down, then half-open with one probe."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class _State:
    failures: int = 0
    open_until: float = 0.0
    probing: bool = False


class Breakers:
    def __init__(
        self, failure_threshold: int = 5, cooldown_s: float = 30.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.failure_threshold = max(1, failure_threshold)
        self.cooldown_s = cooldown_s
        self._clock = clock
        self._states: dict[tuple[str, str], _State] = {}

    def is_open(self, provider: str, model: str) -> bool:
        """True while the target should be skipped (open, or half-open with a probe in flight)."""
        st = self._states.get((provider, model))
        if st is None or st.failures < self.failure_threshold:
            return False
        if self._clock() < st.open_until:
            return True
        return st.probing

    def acquire(self, provider: str, model: str) -> None:
        """Marks the start of an attempt; in half-open state this attempt is the one probe."""
        st = self._states.get((provider, model))
        if st is not None and st.failures >= self.failure_threshold and self._clock() >= st.open_until:
            st.probing = True

    def success(self, provider: str, model: str) -> None:
        self._states.pop((provider, model), None)

    def failure(self, provider: str, model: str) -> None:
        st = self._states.setdefault((provider, model), _State())
        st.failures += 1
        st.probing = False
        if st.failures >= self.failure_threshold:
            st.open_until = self._clock() + self.cooldown_s

    def states(self) -> dict[tuple[str, str], str]:
        """The state of every target with recent failures: closed, open or half_open (metrics)."""
        now = self._clock()
        out: dict[tuple[str, str], str] = {}
        for key, st in list(self._states.items()):
            if st.failures < self.failure_threshold:
                out[key] = "closed"
            elif now < st.open_until:
                out[key] = "open"
            else:
                out[key] = "half_open"
        return out

    def release(self, provider: str, model: str) -> None:
        """An attempt ended without a verdict on the target (e.g. the caller's own error)."""
        st = self._states.get((provider, model))
        if st is not None:
            st.probing = False
