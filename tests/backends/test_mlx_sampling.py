"""Samplers on real MLX arrays (run in the engine thread: MLX has one owner)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

import service.backends.mlx  # noqa: F401  (first: OpenBLAS preload before mlx.core)
from service.backends.mlx.engine import GenerationParams, MlxEngine
from service.backends.mlx.sampling import Samplers
from service.settings import Settings

pytestmark = pytest.mark.mlx

VOCAB = 512


@pytest.fixture(scope="module")
def engine() -> Iterator[MlxEngine]:
    e = MlxEngine(Settings())
    e.start()
    yield e
    e.stop()


def draws(sampler: Any, logprobs: Any, n: int) -> list[list[int]]:
    return [sampler(logprobs).tolist() for _ in range(n)]


def uniform(rows: int) -> Any:
    import mlx.core as mx

    return mx.log(mx.full((rows, VOCAB), 1.0 / VOCAB))


def peaked(rows: int, top: int, mass: float) -> Any:
    """Log-probabilities with `mass` on token `top`, the rest spread evenly."""
    import mlx.core as mx

    probs = mx.full((rows, VOCAB), (1.0 - mass) / (VOCAB - 1))
    probs[:, top] = mass
    return mx.log(probs)


async def test_greedy_takes_the_argmax_of_each_row(engine: MlxEngine) -> None:
    def run() -> tuple[list[int], bool]:
        import mlx.core as mx

        samplers = Samplers()
        logprobs = mx.log(mx.softmax(mx.array([[0.1, 3.0, 0.2, 0.0], [2.0, 0.0, 0.0, 2.5]]), axis=-1))
        greedy = samplers(GenerationParams(temperature=0.0, seed=5, top_p=0.5))
        same = greedy is samplers(GenerationParams(temperature=0.0))  # one object for every greedy request
        return greedy(logprobs).tolist(), same

    tokens, shared = await engine.call(run)
    assert tokens == [1, 3]
    assert shared


async def test_unseeded_samplers_are_shared_per_setting(engine: MlxEngine) -> None:
    def run() -> tuple[bool, bool]:
        samplers = Samplers()
        a = samplers(GenerationParams(temperature=0.7, top_p=0.9))
        b = samplers(GenerationParams(temperature=0.7, top_p=0.9))
        c = samplers(GenerationParams(temperature=0.8, top_p=0.9))
        return a is b, a is c

    same, other = await engine.call(run)
    assert same and not other


async def test_a_seed_gives_its_own_reproducible_sequence(engine: MlxEngine) -> None:
    def run() -> tuple[list[list[int]], list[list[int]], list[list[int]], bool]:
        samplers = Samplers()
        logprobs = uniform(2)
        a = draws(samplers(GenerationParams(temperature=1.0, seed=7)), logprobs, 16)
        b = draws(samplers(GenerationParams(temperature=1.0, seed=7)), logprobs, 16)
        c = draws(samplers(GenerationParams(temperature=1.0, seed=8)), logprobs, 16)
        separate = samplers(GenerationParams(temperature=1.0, seed=7)) is not samplers(
            GenerationParams(temperature=1.0, seed=7)
        )
        return a, b, c, separate

    a, b, c, separate = await engine.call(run)
    assert a == b
    assert a != c
    assert len({t for row in a for t in row}) > 8  # it does sample: not one token over and over
    assert separate


@pytest.mark.parametrize("seed", [None, 3])
async def test_top_p_keeps_only_the_nucleus(engine: MlxEngine, seed: int | None) -> None:
    def run() -> tuple[set[int], set[int]]:
        samplers = Samplers()
        logprobs = peaked(4, top=42, mass=0.9)
        narrow = draws(samplers(GenerationParams(temperature=1.0, top_p=0.5, seed=seed)), logprobs, 20)
        wide = draws(samplers(GenerationParams(temperature=1.0, top_p=1.0, seed=seed)), uniform(4), 20)
        return {t for row in narrow for t in row}, {t for row in wide for t in row}

    narrow, wide = await engine.call(run)
    assert narrow == {42}
    assert len(wide) > 8
