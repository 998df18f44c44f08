"""The error policy and the circuit breakers, table-driven (no I/O: a fake clock)."""

from __future__ import annotations

import pytest

from service.core.breaker import Breakers
from service.core.errors import (
    Cancelled,
    DeadlineExceeded,
    FailedPrecondition,
    InvalidArgument,
    NotFound,
    PermissionDenied,
    Reason,
    ResourceExhausted,
    Unauthenticated,
    Unavailable,
    Unimplemented,
)
from service.core.policy import Action, classify, counts_against_target, retry_delay


@pytest.mark.parametrize(
    ("err", "action", "counts"),
    [
        (InvalidArgument("bad field"), Action.END, False),
        (InvalidArgument("too long", reason=Reason.CONTEXT_LENGTH_EXCEEDED), Action.NEXT, False),
        (Cancelled("caller went away"), Action.END, False),
        (Unavailable("502", reason=Reason.UPSTREAM_UNAVAILABLE), Action.RETRY, True),
        (Unavailable("cut", reason=Reason.UPSTREAM_STREAM_TRUNCATED), Action.RETRY, True),
        (DeadlineExceeded("slow", reason=Reason.UPSTREAM_TIMEOUT), Action.RETRY, True),
        (ResourceExhausted("429", reason=Reason.UPSTREAM_RATE_LIMITED), Action.RETRY, True),
        (ResourceExhausted("queue", reason=Reason.LOCAL_QUEUE_FULL), Action.NEXT, True),
        (Unauthenticated("key", reason=Reason.PROVIDER_CREDENTIAL_REJECTED), Action.NEXT, True),
        (PermissionDenied("perm", reason=Reason.PROVIDER_PERMISSION_DENIED), Action.NEXT, True),
        (NotFound("model", reason=Reason.UPSTREAM_MODEL_NOT_FOUND), Action.NEXT, False),
        (FailedPrecondition("backend", reason=Reason.BACKEND_UNAVAILABLE), Action.NEXT, False),
        (Unimplemented("embeddings", reason=Reason.EMBEDDINGS_UNSUPPORTED), Action.NEXT, False),
    ],
)
def test_classification(err, action, counts):
    assert classify(err) is action
    assert counts_against_target(err) is counts


def test_retry_delay_honours_retry_after_else_backs_off_with_jitter():
    assert retry_delay(ResourceExhausted("429", retry_after=1.5), 1, 0.05, 2.0) == 1.5
    for attempt, cap in [(1, 0.05), (2, 0.1), (3, 0.2), (10, 2.0)]:
        for _ in range(50):
            d = retry_delay(Unavailable("x"), attempt, 0.05, 2.0)
            assert cap / 2 <= d <= cap


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize(
    ("events", "open_after"),
    [
        (["f", "f"], False),  # below the threshold
        (["f", "f", "f"], True),  # threshold reached
        (["f", "f", "s", "f"], False),  # a success resets the count
        (["f", "f", "r", "f"], True),  # a release (no verdict) does not
    ],
)
def test_breaker_threshold(events, open_after):
    b = Breakers(failure_threshold=3, cooldown_s=10, clock=Clock())
    for e in events:
        b.acquire("p", "m")
        {"f": b.failure, "s": b.success, "r": b.release}[e]("p", "m")
    assert b.is_open("p", "m") is open_after
    assert b.is_open("p", "other") is False  # per (provider, model)


def test_breaker_half_open_lets_one_probe_through():
    clock = Clock()
    b = Breakers(failure_threshold=1, cooldown_s=10, clock=clock)
    b.failure("p", "m")
    assert b.is_open("p", "m")
    clock.now += 10
    assert not b.is_open("p", "m")  # half-open: one probe may go
    b.acquire("p", "m")
    assert b.is_open("p", "m")  # the probe is in flight: others skip
    b.failure("p", "m")  # the probe failed: open for another cool-down
    assert b.is_open("p", "m")
    clock.now += 10
    b.acquire("p", "m")
    b.release("p", "m")  # no verdict (e.g. the caller cancelled): the next may probe
    assert not b.is_open("p", "m")
    b.acquire("p", "m")
    b.success("p", "m")
    assert not b.is_open("p", "m")
