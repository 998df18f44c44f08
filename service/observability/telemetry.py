"""The router's telemetry port, implemented with Prometheus metrics and OpenTelemetry spans.

One span per call (kind SERVER, a child of the caller's W3C trace context when it sent one)
and one per attempt (kind CLIENT, its context sent to the upstream as `traceparent`), with
GenAI attributes: gen_ai.operation.name, gen_ai.system, gen_ai.request.model,
gen_ai.response.model, gen_ai.usage.input_tokens / output_tokens. Work happens only at the
call and attempt boundaries.
"""

from __future__ import annotations

import time

from opentelemetry.context import Context
from opentelemetry.trace import Span, SpanKind, Status, StatusCode, Tracer, set_span_in_context
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

from service.core.chat import ServedBy, Usage
from service.core.resolution import Target
from service.core.telemetry import AttemptObserver, CallObserver, incoming_trace, outcome_of, upstream_trace
from service.observability.metrics import Metrics

_PROPAGATOR = TraceContextTextMapPropagator()


def _parent() -> Context | None:
    incoming = incoming_trace.get()
    if incoming is None:
        return None
    parent, state = incoming
    carrier = {"traceparent": parent}
    if state:
        carrier["tracestate"] = state
    return _PROPAGATOR.extract(carrier)


class _Attempt:
    __slots__ = ("_call", "_span", "_started", "_target")

    def __init__(self, call: _Call, target: Target, number: int) -> None:
        self._call = call
        self._target = target
        self._span: Span | None = None
        tracer = call.telemetry.tracer
        if tracer is not None and call.span is not None:
            span = tracer.start_span(
                f"{call.operation} {target.model}",
                context=set_span_in_context(call.span),
                kind=SpanKind.CLIENT,
                attributes={
                    "gen_ai.operation.name": call.operation,
                    "gen_ai.system": target.provider.api_type.value,
                    "gen_ai.provider.name": target.provider.api_type.value,  # the newer conventions' name
                    "gen_ai.request.model": target.model,
                    "llmrouter.provider": target.provider.id,
                    "llmrouter.attempt": number,
                    "llmrouter.fallback_index": target.fallback_index,
                },
            )
            headers: dict[str, str] = {}
            _PROPAGATOR.inject(headers, context=set_span_in_context(span))
            upstream_trace.set(headers)
            self._span = span
        self._started = time.perf_counter()

    def end(self, error: BaseException | None) -> None:
        call, target = self._call, self._target
        call.upstream_s += time.perf_counter() - self._started
        outcome = outcome_of(error)
        m = call.telemetry.metrics
        model = m.model_label(target.model)
        m.child(m.attempts, target.provider.id, model, outcome).inc()
        if target.fallback_index > 0 and call.last_target is not target:
            m.child(m.fallbacks, call.route, target.provider.id, model).inc()
        call.last_target = target
        span = self._span
        if span is not None:
            upstream_trace.set(None)
            if error is not None:
                span.set_attribute("error.type", outcome)
                span.set_status(Status(StatusCode.ERROR, getattr(error, "reason", "") or outcome))
            span.end()


class _Call:
    __slots__ = (
        "committed_at",
        "last_target",
        "operation",
        "requested_model",
        "route",
        "served",
        "span",
        "started",
        "streaming",
        "telemetry",
        "upstream_s",
        "waited_s",
    )

    def __init__(self, telemetry: Telemetry, operation: str, requested_model: str, streaming: bool) -> None:
        self.telemetry = telemetry
        self.operation = operation
        self.requested_model = requested_model
        self.streaming = streaming
        self.upstream_s = 0.0
        self.waited_s = 0.0
        self.committed_at: float | None = None
        self.served: ServedBy | None = None
        self.last_target: Target | None = None
        self.route = ""
        self.span: Span | None = None
        tracer = telemetry.tracer
        if tracer is not None:
            self.span = tracer.start_span(
                f"{operation} {requested_model}",
                context=_parent(),
                kind=SpanKind.SERVER,
                attributes={
                    "gen_ai.operation.name": operation,
                    "gen_ai.request.model": requested_model,
                    "llmrouter.streaming": streaming,
                },
            )
        self.started = time.perf_counter()

    def attempt(self, target: Target, number: int, route: str) -> AttemptObserver:
        self.route = route
        return _Attempt(self, target, number)

    def backoff(self, seconds: float) -> None:
        self.waited_s += seconds

    def committed(self, served: ServedBy) -> None:
        self.committed_at = time.perf_counter()
        self.served = served

    def end(self, usage: Usage | None, error: BaseException | None) -> None:
        now = time.perf_counter()
        m = self.telemetry.metrics
        op = self.operation
        served, target = self.served, self.last_target
        if served is not None:
            provider, model, route = served.provider, served.model, served.route
        elif target is not None:
            provider, model, route = target.provider.id, target.model, self.route
        else:
            provider, model, route = "", "", ""
        labels = (op, provider, m.model_label(model) if model else "", route, outcome_of(error))
        m.child(m.request_duration, *labels).observe(now - self.started)
        until = self.committed_at if self.committed_at is not None else now
        m.child(m.overhead, op).observe(max(0.0, until - self.started - self.upstream_s - self.waited_s))
        if self.streaming and self.committed_at is not None:
            m.child(m.ttft, *labels).observe(self.committed_at - self.started)
            if usage is not None and usage.completion_tokens > 1:
                m.child(m.tpot, *labels).observe((now - self.committed_at) / (usage.completion_tokens - 1))
        if usage is not None:
            if usage.prompt_tokens:
                m.child(m.token_usage, *labels, "input").observe(usage.prompt_tokens)
            if usage.completion_tokens:
                m.child(m.token_usage, *labels, "output").observe(usage.completion_tokens)
        span = self.span
        if span is not None:
            attrs: dict[str, str | int] = {}
            if served is not None:
                attrs["gen_ai.response.model"] = served.model
                attrs["llmrouter.provider"] = served.provider
                attrs["llmrouter.route"] = served.route
                attrs["llmrouter.attempts"] = served.attempts
                if target is not None:
                    attrs["gen_ai.system"] = attrs["gen_ai.provider.name"] = target.provider.api_type.value
            if usage is not None:
                attrs["gen_ai.usage.input_tokens"] = usage.prompt_tokens
                attrs["gen_ai.usage.output_tokens"] = usage.completion_tokens
            if error is not None:
                outcome = outcome_of(error)
                attrs["error.type"] = outcome
                span.set_status(Status(StatusCode.ERROR, getattr(error, "reason", "") or outcome))
            span.set_attributes(attrs)
            span.end()


class Telemetry:
    """The port's implementation: metrics always, spans when a tracer is given."""

    def __init__(self, metrics: Metrics, tracer: Tracer | None = None) -> None:
        self.metrics = metrics
        self.tracer = tracer

    def call(self, operation: str, requested_model: str, streaming: bool) -> CallObserver:
        return _Call(self, operation, requested_model, streaming)
