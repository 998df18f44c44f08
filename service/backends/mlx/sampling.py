"""Samplers: how the next token is drawn from a request's log-probabilities.

A sampler is mlx-lm's `Callable[[mx.array], mx.array]` (log-probabilities of shape
(batch, vocab) -> token ids), given to the BatchGenerator per request. Greedy requests
share one object (mlx-lm samples an all-greedy batch in one call); unseeded requests share
one sampler per (temperature, top_p); a seeded request gets its own random key sequence,
so the same seed gives the same tokens whatever else is in the batch.
"""

from __future__ import annotations

from collections.abc import Callable

import mlx.core as mx

import service.backends.mlx  # noqa: F401  (OpenBLAS preload before mlx.core)
from service.backends.mlx.request import GenerationParams

DEFAULT_TEMPERATURE = 1.0

Sampler = Callable[[mx.array], mx.array]
SamplerFactory = Callable[[GenerationParams], Sampler]

_MAX_SHARED = 256  # distinct (temperature, top_p) samplers kept before the cache starts over


class Samplers:
    """Makes the sampler of each request, sharing the unseeded ones (engine thread only)."""

    def __init__(self) -> None:
        self._shared: dict[tuple[float, float], Sampler] = {}

    def __call__(self, p: GenerationParams) -> Sampler:
        from mlx_lm.sample_utils import apply_top_p, greedy_sampler, make_sampler

        temp = DEFAULT_TEMPERATURE if p.temperature is None else float(p.temperature)
        top_p = 1.0 if p.top_p is None else float(p.top_p)
        if temp <= 0.0:
            return greedy_sampler  # one shared object: see above
        if p.seed is None:
            key = (temp, top_p)
            s = self._shared.get(key)
            if s is None:
                if len(self._shared) > _MAX_SHARED:
                    self._shared.clear()
                s = self._shared[key] = make_sampler(temp=temp, top_p=top_p)
            return s
        state = [mx.random.key(int(p.seed) & 0xFFFFFFFFFFFFFFFF)]
        inv_temp = 1.0 / temp
        use_top_p = 0.0 < top_p < 1.0

        def seeded(logprobs: mx.array) -> mx.array:
            keys = mx.random.split(state[0])
            state[0] = keys[0]
            if use_top_p:
                logprobs = apply_top_p(logprobs, top_p)
            return mx.random.categorical(logprobs * inv_temp, key=keys[1])

        return seeded

    def clear(self) -> None:
        self._shared.clear()
