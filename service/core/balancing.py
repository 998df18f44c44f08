"""Load balancing over a route's deployment group: the order its members are tried in.

A route whose primary is a group of deployments (provider + model, with a weight) has its
group ordered per request by the route's strategy, then its fallbacks follow in order:
  - ordered: as listed (today's behaviour, the default);
  - weighted: the first member drawn at random in proportion to the weights (it carries
    the call), the others after it as listed (where a failure moves on to);
  - least in-flight: fewest calls in flight in this process first (ties rotate, so equal
    members share the traffic);
  - lowest latency: lowest moving average of the time to the first token first (members
    without a measurement first, so each is measured).
The router skips members whose breaker is open (per provider and model), keeps its commit
point, and moves on to the next member and then to the fallbacks on a failure before it.
The counters live in this process (a dict entry per deployment, no lock: one event loop).
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Sequence

from service.core.config import BalanceStrategy
from service.core.resolution import Target

# Weight of the newest time-to-first-token sample in the moving average.
TTFT_ALPHA = 0.3

Key = tuple[str, str]


def key_of(t: Target) -> Key:
    return (t.provider.id, t.model)


class Balancer:
    def __init__(self, rng: random.Random | None = None) -> None:
        self._rng = rng or random.Random()
        self.in_flight: dict[Key, int] = {}
        self.ttft_s: dict[Key, float] = {}
        self._turn = itertools.count()

    # ------------------------------------------------------------ bookkeeping

    def enter(self, t: Target) -> None:
        k = key_of(t)
        self.in_flight[k] = self.in_flight.get(k, 0) + 1

    def leave(self, t: Target) -> None:
        k = key_of(t)
        n = self.in_flight.get(k, 0) - 1
        if n > 0:
            self.in_flight[k] = n
        else:
            self.in_flight.pop(k, None)

    def observe_ttft(self, t: Target, seconds: float) -> None:
        k = key_of(t)
        old = self.ttft_s.get(k)
        self.ttft_s[k] = seconds if old is None else old + TTFT_ALPHA * (seconds - old)

    # ------------------------------------------------------------ ordering

    def order(self, targets: Sequence[Target], strategy: BalanceStrategy) -> list[Target]:
        """The targets in the order to try: the group (the leading in_group ones) ordered by
        the strategy, the rest as they are."""
        n = 0
        while n < len(targets) and targets[n].in_group:
            n += 1
        if n < 2 or strategy is BalanceStrategy.ORDERED:
            return list(targets)
        group, rest = list(targets[:n]), list(targets[n:])
        return self.order_group(group, strategy) + rest

    def order_group(self, group: list[Target], strategy: BalanceStrategy) -> list[Target]:
        if strategy is BalanceStrategy.WEIGHTED:
            return self._weighted(group)
        if strategy is BalanceStrategy.LEAST_IN_FLIGHT:
            ordered = sorted(group, key=lambda t: self.in_flight.get(key_of(t), 0))  # stable: ties as listed
            least = self.in_flight.get(key_of(ordered[0]), 0)
            ties = sum(1 for t in ordered if self.in_flight.get(key_of(t), 0) == least)
            if ties > 1:  # equal members take turns
                turn = next(self._turn) % ties
                ordered = ordered[turn:ties] + ordered[:turn] + ordered[ties:]
            return ordered
        if strategy is BalanceStrategy.LOWEST_LATENCY:
            return sorted(group, key=lambda t: self.ttft_s.get(key_of(t), 0.0))
        return group

    def _weighted(self, group: list[Target]) -> list[Target]:
        """The first member drawn in proportion to the weights; the others follow as listed."""
        x = self._rng.random() * sum(t.weight for t in group)
        pick = len(group) - 1  # (rounding: the last one)
        for i, t in enumerate(group):
            x -= t.weight
            if x < 0:
                pick = i
                break
        return [group[pick], *group[:pick], *group[pick + 1 :]]

    def describe(self, targets: Sequence[Target], strategy: BalanceStrategy) -> str:
        """How the group stands now, for ResolveRoute."""
        group = [t for t in targets if t.in_group]
        if not group:
            return ""
        parts = []
        for t in group:
            k = key_of(t)
            ttft = self.ttft_s.get(k)
            parts.append(
                f"providers/{t.provider.id} {t.model!r}: weight {t.weight}, in flight {self.in_flight.get(k, 0)}, "
                f"ttft {'unmeasured' if ttft is None else f'{ttft * 1000:.1f} ms'}"
            )
        return f"{strategy.value}: " + "; ".join(parts)
