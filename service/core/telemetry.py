"""The telemetry port: what the router tells an observer, at call and attempt boundaries only.

The router opens one `CallObserver` per call (`Telemetry.call`), one `AttemptObserver` per
attempt, says when the call committed (the first event of a stream, or a unary answer),
how long it slept between retries, and how the call ended. Nothing is reported per chunk.
`service.observability` implements it (Prometheus metrics, OpenTelemetry spans); the
default here does nothing.

Trace context travels in two context variables, so that no layer imports another: the gRPC
layer puts the caller's W3C `traceparent`/`tracestate` in `incoming_trace`, an observer puts
the headers for the upstream request of the current attempt in `upstream_trace`, and the HTTP
backends send `trace_headers()` with every upstream request (the caller's own context when
tracing is off, so that a trace still joins up across llmrouter).
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import Protocol

from service.core.chat import ServedBy, Usage
from service.core.resolution import Target

# (traceparent, tracestate) sent by the caller (gRPC metadata, or HTTP headers through the bridge).
incoming_trace: ContextVar[tuple[str, str] | None] = ContextVar("llmrouter_incoming_trace", default=None)
# Headers that carry the current attempt's trace context to the upstream.
upstream_trace: ContextVar[dict[str, str] | None] = ContextVar("llmrouter_upstream_trace", default=None)


def trace_headers() -> dict[str, str] | None:
    """W3C trace-context headers for an upstream request made now, or None."""
    headers = upstream_trace.get()
    if headers is not None:
        return headers
    incoming = incoming_trace.get()
    if incoming is None:
        return None
    parent, state = incoming
    return {"traceparent": parent, "tracestate": state} if state else {"traceparent": parent}


def outcome_of(error: BaseException | None) -> str:
    """A bounded label for how a call or attempt ended: ok, cancelled, or the error kind."""
    if error is None:
        return "ok"
    kind = getattr(error, "kind", None)
    value = getattr(kind, "value", None)
    if isinstance(value, str):
        return value.lower()
    if isinstance(error, GeneratorExit) or type(error).__name__ == "CancelledError":
        return "cancelled"
    return "internal"


class AttemptObserver(Protocol):
    def end(self, error: BaseException | None) -> None:
        """The attempt committed (None) or failed; called exactly once."""


class CallObserver(Protocol):
    def attempt(self, target: Target, number: int, route: str) -> AttemptObserver:
        """Attempt `number` (1-based, over the whole call) starts on `target` (of route id `route`, or "")."""

    def backoff(self, seconds: float) -> None:
        """The router waits `seconds` before retrying (not counted as llmrouter's overhead)."""

    def committed(self, served: ServedBy) -> None:
        """The commit point: a stream's first event, or a unary answer."""

    def end(self, usage: Usage | None, error: BaseException | None) -> None:
        """The call ended (with its usage when it finished); called exactly once."""


class Telemetry(Protocol):
    def call(self, operation: str, requested_model: str, streaming: bool) -> CallObserver:
        """A call starts: operation is `chat` or `embeddings` (the GenAI operation names)."""


class _NoAttempt:
    __slots__ = ()

    def end(self, error: BaseException | None) -> None:
        pass


class _NoCall:
    __slots__ = ()

    def attempt(self, target: Target, number: int, route: str) -> AttemptObserver:
        return _NO_ATTEMPT

    def backoff(self, seconds: float) -> None:
        pass

    def committed(self, served: ServedBy) -> None:
        pass

    def end(self, usage: Usage | None, error: BaseException | None) -> None:
        pass


class NoTelemetry:
    """The default: observes nothing."""

    __slots__ = ()

    def call(self, operation: str, requested_model: str, streaming: bool) -> CallObserver:
        return _NO_CALL


_NO_ATTEMPT = _NoAttempt()
_NO_CALL = _NoCall()
NO_TELEMETRY = NoTelemetry()
