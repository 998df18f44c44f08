"""Per-request logits processors besides the grammar: penalties and the reasoning budget.

An mlx-lm logits processor is `(tokens so far, logits of shape (1, vocab)) -> logits`; the
BatchGenerator calls each request's processors at every step, first with the prompt, then
with one more generated token each time. `Penalties` stays lazy (no `.item()`: it adds to
the step's graph without waiting for the previous token); `ThinkingBudget` reads the last
token, as the grammar does.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import mlx.core as mx

import service.backends.mlx  # noqa: F401  (OpenBLAS preload before mlx.core)


class Penalties:
    """OpenAI's presence and frequency penalties over the generated tokens (not the prompt).

    logits[j] -= frequency * count[j] + presence * (count[j] > 0), where count[j] is how
    often token j was generated so far (OpenAI's definition; mlx-lm's own penalty
    processors look at a window of the last tokens, prompt included, which is not it).
    """

    def __init__(self, vocab_size: int, presence: float = 0.0, frequency: float = 0.0) -> None:
        self.presence = float(presence)
        self.frequency = float(frequency)
        self._counts = mx.zeros((vocab_size,), dtype=mx.float32)
        self._started = False

    def __call__(self, tokens: mx.array, logits: mx.array) -> mx.array:
        if self._started:
            self._counts = self._counts.at[tokens[-1:]].add(1.0)
        self._started = True
        counts = self._counts
        if counts.shape[0] != logits.shape[-1]:  # vocabulary wider than configured: pad
            counts = mx.concatenate([counts, mx.zeros((logits.shape[-1] - counts.shape[0],))])[: logits.shape[-1]]
        penalty = self.frequency * counts + self.presence * (counts > 0).astype(mx.float32)
        return logits - penalty.astype(logits.dtype)


class ThinkingBudget:
    """Ends a reasoning block after `budget` tokens by forcing the think-end tokens.

    in_reasoning: whether generation starts inside a think block (the template opened it).
    The block also starts when the model writes the think-start tokens itself.
    """

    def __init__(self, budget: int, think_start: Sequence[int], think_end: Sequence[int], in_reasoning: bool) -> None:
        self.budget = max(0, int(budget))
        self._start = list(think_start)
        self._end = list(think_end)
        self._in = in_reasoning
        self._count = 0
        self._tail: list[int] = []
        self._forcing: list[int] = []  # think-end tokens still to force
        self._started = False

    def __call__(self, tokens: mx.array, logits: mx.array) -> mx.array:
        if self._started:
            last: Any = tokens[-1].item()
            tok = int(last)
            self._tail = [*self._tail, tok][-max(len(self._start), len(self._end), 1) :]
            if self._in:
                self._count += 1
                if self._tail[-len(self._end) :] == self._end:
                    self._in = False
                    self._forcing = []
            elif self._start and self._tail[-len(self._start) :] == self._start:
                self._in, self._count = True, 0
        self._started = True
        if self._in and not self._forcing and self._count >= self.budget:
            self._forcing = list(self._end)
        if self._in and self._forcing:
            tok = self._forcing.pop(0)
            only = mx.full(logits.shape, -mx.inf, dtype=logits.dtype)
            only[..., tok] = 0.0
            return only
        return logits
