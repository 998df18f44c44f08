"""Observability: Prometheus metrics (OpenTelemetry GenAI names) and OpenTelemetry traces.

`Observability` is built once per server by the composition root (service.app), which hands
its `telemetry` to the router, `grpc_call_ended` to the gRPC interceptor, `asgi_app()` to the
bridge (`/metrics`), and callbacks for gauges read on scrape (`metrics.watch`). Tracing is on
when `OTEL_EXPORTER_OTLP_ENDPOINT` (or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) is set, or when
a span exporter is injected (tests: the SDK's in-memory exporter); the OTLP exporter itself
reads the standard OTEL_* variables from the process environment. This package imports core
only; nothing imports it but service.app.
"""

from __future__ import annotations

import asyncio
import logging
import os
import threading
from collections.abc import Mapping
from typing import Any

from prometheus_client import make_asgi_app, start_http_server

from service.observability.metrics import Gauges, Metrics
from service.observability.telemetry import Telemetry

log = logging.getLogger(__name__)

__all__ = ["Gauges", "Metrics", "Observability", "Telemetry", "tracing_configured"]


def tracing_configured(environ: Mapping[str, str] | None = None) -> bool:
    env = os.environ if environ is None else environ
    if env.get("OTEL_SDK_DISABLED", "").strip().lower() == "true":
        return False
    return bool(env.get("OTEL_EXPORTER_OTLP_ENDPOINT") or env.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"))


def _otlp_exporter(environ: Mapping[str, str]) -> Any:
    """The OTLP span exporter the standard variables ask for (http/protobuf unless grpc)."""
    protocol = (
        environ.get("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL") or environ.get("OTEL_EXPORTER_OTLP_PROTOCOL") or ""
    ).strip()
    if protocol == "grpc":
        from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import OTLPSpanExporter as GrpcExporter

        return GrpcExporter()
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

    return OTLPSpanExporter()


class Observability:
    """The metrics registry, the tracer provider (when tracing is on) and the telemetry port."""

    def __init__(
        self,
        *,
        span_exporter: Any = None,
        environ: Mapping[str, str] | None = None,
        service_name: str = "llmrouter",
    ) -> None:
        env = os.environ if environ is None else environ
        self.metrics = Metrics()
        self._provider: Any = None
        self._metrics_server: Any = None
        self._metrics_thread: Any = None
        tracer = None
        if span_exporter is not None or tracing_configured(env):
            from opentelemetry.sdk.resources import SERVICE_NAME, Resource
            from opentelemetry.sdk.trace import TracerProvider
            from opentelemetry.sdk.trace.export import BatchSpanProcessor, SimpleSpanProcessor

            name = env.get("OTEL_SERVICE_NAME") or service_name
            # No atexit hook: close() flushes, bounded by the shutdown's budget (an unreachable
            # collector must not hold the process's exit).
            provider = TracerProvider(resource=Resource.create({SERVICE_NAME: name}), shutdown_on_exit=False)
            if span_exporter is not None:
                provider.add_span_processor(SimpleSpanProcessor(span_exporter))
            else:
                provider.add_span_processor(BatchSpanProcessor(_otlp_exporter(env)))
            self._provider = provider
            tracer = provider.get_tracer("llmrouter")
        self.telemetry = Telemetry(self.metrics, tracer)

    @property
    def tracing(self) -> bool:
        return self._provider is not None

    def grpc_call_ended(self, method: str, code: str, seconds: float) -> None:
        self.metrics.grpc_call_ended(method, code, seconds)

    def asgi_app(self) -> Any:
        """`/metrics` as an ASGI app (text exposition of this server's registry)."""
        return make_asgi_app(self.metrics.registry)

    def serve_metrics(self, host: str, port: int) -> int:
        """Serves `/metrics` on a separate address (a thread of prometheus-client); returns the bound port."""
        server, thread = start_http_server(port, host, registry=self.metrics.registry)
        self._metrics_server, self._metrics_thread = server, thread
        return int(server.server_port)

    async def aclose(self, timeout: float) -> bool:
        """close() in a daemon thread, awaited at most `timeout` seconds (False: still flushing;
        the process may exit meanwhile, and the spans still buffered are lost)."""
        done = threading.Event()

        def run() -> None:
            try:
                self.close()
            finally:
                done.set()

        threading.Thread(target=run, name="telemetry-close", daemon=True).start()
        loop = asyncio.get_running_loop()
        end = loop.time() + timeout
        while not done.is_set() and loop.time() < end:
            await asyncio.sleep(0.01)
        return done.is_set()

    def close(self) -> None:
        """Stops the metrics address and flushes the spans still buffered."""
        server, self._metrics_server = self._metrics_server, None
        if server is not None:
            # serve_forever notices a shutdown within its 0.5 s poll: do not wait for it here.
            def stop() -> None:
                server.shutdown()
                server.server_close()

            threading.Thread(target=stop, name="metrics-stop", daemon=True).start()
        provider, self._provider = self._provider, None
        if provider is not None:
            try:
                provider.shutdown()
            except Exception as exc:  # an unreachable collector must not fail the shutdown
                log.warning("flushing traces failed: %s", type(exc).__name__)
