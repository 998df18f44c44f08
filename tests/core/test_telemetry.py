"""The telemetry port's small pieces: trace headers for the upstream, outcome labels, breaker states."""

from __future__ import annotations

import asyncio
import contextvars

from service.core.breaker import Breakers
from service.core.errors import ErrorKind, Reason, RouterError
from service.core.telemetry import incoming_trace, outcome_of, trace_headers, upstream_trace

PARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"


def test_trace_headers_prefer_the_attempt_then_the_caller():
    def inside() -> list:
        seen = [trace_headers()]
        incoming_trace.set((PARENT, ""))
        seen.append(trace_headers())
        incoming_trace.set((PARENT, "k=v"))
        seen.append(trace_headers())
        upstream_trace.set({"traceparent": "00-attempt"})
        seen.append(trace_headers())
        return seen

    assert contextvars.copy_context().run(inside) == [
        None,
        {"traceparent": PARENT},
        {"traceparent": PARENT, "tracestate": "k=v"},
        {"traceparent": "00-attempt"},
    ]
    assert trace_headers() is None  # nothing leaked out of that context


def test_outcome_labels_are_bounded():
    err = RouterError("x", kind=ErrorKind.UNAVAILABLE, reason=Reason.UPSTREAM_STREAM_TRUNCATED)
    assert outcome_of(None) == "ok"
    assert outcome_of(err) == "unavailable"
    assert outcome_of(asyncio.CancelledError()) == "cancelled"
    assert outcome_of(GeneratorExit()) == "cancelled"
    assert outcome_of(ValueError("request 123 failed")) == "internal"


def test_breaker_states():
    now = [0.0]
    b = Breakers(failure_threshold=2, cooldown_s=10, clock=lambda: now[0])
    b.failure("p", "m")
    assert b.states() == {("p", "m"): "closed"}
    b.failure("p", "m")
    assert b.states() == {("p", "m"): "open"}
    now[0] = 11
    assert b.states() == {("p", "m"): "half_open"}
    b.success("p", "m")
    assert b.states() == {}
