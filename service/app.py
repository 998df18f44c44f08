"""The one composition root: settings -> store -> backends -> router -> gRPC server -> bridge.

`build_server(settings)` is shared by `llmrouter serve` and the tests. It owns start-up
(the order below, SERVING only once everything is up) and shutdown (health NOT_SERVING,
the shutdown delay, new calls refused, one grace period for what is in flight, then close
what was opened, in reverse; see `LLMRouterServer.stop`). Nothing imports this module but the CLI
and the tests.
"""

from __future__ import annotations

import asyncio
import logging
import os
import shutil
import tempfile
from collections.abc import Awaitable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from grpc_health.v1._async import HealthServicer

from service import netaddr
from service.api.server import GrpcServer, build_grpc_server
from service.core.admin import ModelInput
from service.core.breaker import Breakers
from service.core.config import ApiType, ProviderConfig, Snapshot
from service.core.egress import EgressPolicy
from service.core.errors import AlreadyExists
from service.core.limits import InProcessLimiter, Limiter, LimitGate
from service.core.ports import Backend, LocalModels
from service.core.registry import BackendRegistry, Factory
from service.core.router import Router
from service.netaddr import is_loopback_host
from service.observability import Gauges, Observability, tracing_configured
from service.settings import Settings, StartupError
from service.store import db
from service.store.bootstrap import StoreOpenError, open_store
from service.store.config_store import ConfigStore
from service.store.keyring import KeyRingError
from service.store.live import LiveConfig
from service.store.request_log import RequestLogReader, RequestLogWriter
from service.store.responses import ResponseStoreSQL
from service.store.spool import Spool
from service.tls import CertFiles, ServerTls, TlsError, upstream_ssl_context

if TYPE_CHECKING:
    from service.backends.mlx.port import LocalEngine
    from service.bridge.serving import BridgeHandle

log = logging.getLogger(__name__)

DEMO_MODEL_ID = "tiny-demo"
# After the grace period: how long closing everything (bridge, gRPC server, request log,
# database, backends) may take, so that the process exits within grace + 1 s.
CLOSE_BUDGET_S = 0.9

__all__ = ["DEMO_MODEL_ID", "Components", "LLMRouterServer", "StartupError", "build_server"]


def split_host_port(listen: str) -> tuple[str, int]:
    try:
        return netaddr.split_host_port(listen)
    except ValueError as exc:
        raise StartupError(f"listen {exc}") from None


@dataclass
class Components:
    store: ConfigStore
    live: LiveConfig
    backends: BackendRegistry
    router: Router
    request_log: RequestLogWriter
    responses: ResponseStoreSQL


class LLMRouterServer:
    def __init__(self, settings: Settings, *, span_exporter: Any = None) -> None:
        self.settings = settings
        self.port: int | None = None
        self.metrics_port: int | None = None  # the separate metrics address's bound port
        self.observability: Observability | None = None
        self._span_exporter = span_exporter  # tests: the OpenTelemetry SDK's in-memory exporter
        self.health = HealthServicer()
        self.grpc: GrpcServer | None = None
        self.components: Components | None = None
        self._mlx_engine: LocalEngine | None = None
        self._bridge: BridgeHandle | None = None
        self._internal_dir: str | None = None
        self._pruner: asyncio.Task | None = None
        self._stopped = False
        self.egress = EgressPolicy.from_setting(settings.egress_allow)
        self.protection = ""  # what protects a non-loopback listener (the start-up message says it)

    @property
    def server(self):  # the grpc.aio server (tests and the CLI wait on it)
        return self.grpc.server if self.grpc is not None else None

    @property
    def bridge_url(self) -> str | None:
        """The REST bridge's base URL (with the bound port), when it serves."""
        return self._bridge.url if self._bridge is not None else None

    @property
    def address(self) -> str:
        host, _ = split_host_port(self.settings.listen)
        host = f"[{host}]" if ":" in host else host
        return f"{host}:{self.port}"

    # ------------------------------------------------------------ backends

    def _factories(self) -> dict[ApiType, Factory]:
        settings = self.settings

        def openai(provider: ProviderConfig) -> Backend:
            from service.backends.http.client import ClientOptions
            from service.backends.http.timeouts import HttpTimeouts
            from service.backends.openai import OpenAIBackend

            return OpenAIBackend(provider, HttpTimeouts.from_settings(settings), ClientOptions.from_settings(settings))

        def anthropic(provider: ProviderConfig) -> Backend:
            from service.backends.anthropic import AnthropicBackend
            from service.backends.http.client import ClientOptions
            from service.backends.http.timeouts import HttpTimeouts

            return AnthropicBackend(
                provider, HttpTimeouts.from_settings(settings), ClientOptions.from_settings(settings)
            )

        def mlx(provider: ProviderConfig) -> Backend:
            from service.backends.mlx.backend import MlxBackend

            return MlxBackend(provider, self.mlx_engine())

        return {ApiType.OPENAI: openai, ApiType.ANTHROPIC: anthropic, ApiType.MLX: mlx}

    def mlx_engine(self) -> LocalEngine:
        """The local engine, started on first use (importing mlx costs about a second)."""
        if self._mlx_engine is None:
            socket_path = os.environ.get("LLMROUTER_ENGINE_SOCKET")
            if socket_path:  # `serve --workers N`: the supervisor's one engine process owns the models
                from service.backends.mlx.remote import RemoteEngine

                self._mlx_engine = RemoteEngine(self.settings, socket_path)
            else:
                from service.backends.mlx.engine import MlxEngine

                engine = MlxEngine(self.settings)
                engine.start()
                self._mlx_engine = engine
        return self._mlx_engine

    # ------------------------------------------------------------ lifecycle

    async def start(self) -> None:
        s = self.settings
        host, _ = split_host_port(s.listen)
        try:
            store = await open_store(s)
        except StoreOpenError as exc:
            raise StartupError(str(exc)) from None
        try:
            snap = await self._start(store, host)
        except BaseException:
            await self.stop(grace=0)
            await store.engine.dispose()
            raise
        from service.backends.mlx.blas import active_blas  # loads OpenBLAS (ctypes), not mlx itself

        blas = active_blas()
        log.info(
            "llmrouter serving",
            extra={
                "listen": self.address,
                "database": db.safe_url(s.effective_database_url),
                "config_version": snap.version,
                "tls": _tls_mode(s),
                "protection": self.protection,
                "blas": blas,
            },
        )

    async def _start(self, store: ConfigStore, host: str) -> Snapshot:
        s = self.settings
        seeded = await store.providers.seed_builtins()
        if seeded:
            log.info("seeded built-in providers", extra={"count": seeded})
        seeded = await store.providers.seed_default_models()
        if seeded:
            log.info("seeded built-in default models", extra={"count": seeded})
        live = LiveConfig(store, s.config_poll_interval_s)
        try:
            snap = await live.reload()
        except KeyRingError as exc:
            raise StartupError(str(exc)) from None
        try:
            server_tls = ServerTls.from_settings(s)
            cert_files = CertFiles(server_tls) if server_tls is not None else None
            if s.upstream_ca_bundle:
                upstream_ssl_context(s.upstream_ca_bundle)  # a bundle that cannot be loaded stops start-up
        except TlsError as exc:
            raise StartupError(str(exc)) from None
        mtls = server_tls is not None and server_tls.mtls
        self.protection = _protection(bool(snap.client_keys), mtls)
        if not snap.client_keys and not mtls and not is_loopback_host(host):
            raise StartupError(
                f"refusing to listen on {s.listen}: no client key exists and mTLS is off, so the server would be "
                "open to the network. Create a key first with `llmrouter keys create --scope admin`, require client "
                "certificates with LLMROUTER_TLS_CLIENT_CA_FILE, or listen on 127.0.0.1"
            )
        backends = BackendRegistry(self._factories())
        live.on_swap(backends.sync)
        live.on_swap(lambda snapshot: snapshot.routing)  # compile the routing table at the swap, not on a request
        _ = live.snapshot.routing
        if s.demo_model_enabled:
            await self._register_demo_model(store, snap)
            snap = live.snapshot  # the store's commit hook already swapped it in
        if s.metrics_listen and not s.metrics_enabled:
            raise StartupError(
                "LLMROUTER_METRICS_LISTEN (--metrics) is set but LLMROUTER_METRICS_ENABLED is false: drop one of them"
            )
        obs = None
        if s.metrics_enabled or self._span_exporter is not None or tracing_configured():
            obs = self.observability = Observability(span_exporter=self._span_exporter)
        router = Router(
            live.get,
            backends,
            max_attempts_per_target=s.max_attempts_per_target,
            backoff_base_s=s.retry_backoff_base_s,
            backoff_max_s=s.retry_backoff_max_s,
            breakers=Breakers(s.breaker_failure_threshold, s.breaker_cooldown_s),
            telemetry=obs.telemetry if obs is not None else None,
            limits=self._limit_gate(live),
        )
        db_timeout_s = s.database_connect_timeout_s + s.database_command_timeout_s
        request_log = RequestLogWriter(
            store.engine,
            Spool(s.spool_file, s.request_log_spool_max_mb * 1024 * 1024),
            max_queue=s.request_log_queue_size,
            flush_interval_s=s.request_log_flush_interval_s,
            timeout_s=db_timeout_s,
        )
        responses = ResponseStoreSQL(store.engine, db_timeout_s)
        self.components = Components(store, live, backends, router, request_log, responses)
        metrics = obs if obs is not None and s.metrics_enabled else None
        if metrics is not None:
            metrics.metrics.watch(
                Gauges(
                    breakers=router.breakers.states,
                    request_log_queue=lambda: request_log.queued,
                    request_log_spool=lambda: request_log.spooled,
                    request_log_dropped=lambda: request_log.dropped,
                    mlx=lambda: self._mlx_engine.gauges() if self._mlx_engine is not None else None,
                )
            )
        self.grpc = build_grpc_server(
            snapshot=live.get,
            router=router,
            store=store,
            backends=backends,
            request_log=request_log,
            request_log_reader=RequestLogReader(store.engine, db_timeout_s),
            health=self.health,
            content_limits=s.content_limits,
            keepalive_time_s=s.keepalive_time_s,
            keepalive_timeout_s=s.keepalive_timeout_s,
            reuse_port=s.reuse_port,  # only --workers shares a port: else a second server fails to start
            on_call_end=metrics.grpc_call_ended if metrics is not None else None,
            egress=self.egress,
            limits=store.limits,
            prices=store.prices,
        )
        live.on_swap(self.grpc.open_calls.sweep)  # a withdrawn client key's open calls end
        live.on_tick(self.grpc.open_calls.sweep)  # ... and those of keys that expired meanwhile
        try:
            if cert_files is not None:
                from service.api.tls import server_credentials

                self.port = self.grpc.server.add_secure_port(s.listen, server_credentials(cert_files))
            else:
                self.port = self.grpc.server.add_insecure_port(s.listen)
        except RuntimeError:
            raise StartupError(
                f"cannot listen on {s.listen}: the address is in use (is another llmrouter serving there?) "
                "or cannot be bound here; choose another with --listen or LLMROUTER_LISTEN"
            ) from None
        bridge_target = self._bridge_target(cert_files is not None) if s.http else self.address
        request_log.start()
        await self.grpc.server.start()
        await live.start()
        if metrics is not None and s.metrics_listen:
            self.metrics_port = self._serve_metrics(metrics, s.metrics_listen)
        if s.http:
            from service.bridge.serving import start_bridge  # the REST bridge, in-process

            metrics_app = metrics.asgi_app() if metrics is not None else None
            chat = self.grpc.chat if s.bridge_in_process else None
            self._bridge = await start_bridge(s, bridge_target, responses, metrics_app=metrics_app, chat=chat)
        if s.responses_retention_hours > 0:
            self._pruner = asyncio.get_running_loop().create_task(self._prune_responses_loop(), name="responses-pruner")
        if s.mlx_preload.strip():
            await self._preload_local_models(snap, backends)
        await self.grpc.set_serving()  # SERVING only now that start-up is complete
        return snap

    def _serve_metrics(self, obs: Observability, listen: str) -> int:
        try:
            host, port = netaddr.split_host_port(listen)
        except ValueError as exc:
            raise StartupError(f"metrics_listen {exc}") from None
        try:
            bound = obs.serve_metrics(host or "127.0.0.1", port)
        except OSError as exc:
            raise StartupError(
                f"cannot serve /metrics on {listen}: {exc.strerror or exc}; "
                "choose another with --metrics or LLMROUTER_METRICS_LISTEN"
            ) from None
        log.info("metrics serving", extra={"metrics": f"{host or '127.0.0.1'}:{bound}", "path": "/metrics"})
        return bound

    def _bridge_target(self, tls: bool) -> str:
        """Where the in-process bridge reaches the gRPC server: its address; with TLS on, a Unix
        socket in a private (0700) directory instead, so that the bridge needs no client
        certificate of its own (the bridge requires the same client certificates itself)."""
        if not tls:
            return self.address
        assert self.grpc is not None
        self._internal_dir = tempfile.mkdtemp(prefix="llmrouter-")
        target = f"unix:{Path(self._internal_dir) / 'grpc.sock'}"
        self.grpc.server.add_insecure_port(target)
        return target

    def _limit_gate(self, live: LiveConfig) -> LimitGate:
        """Limits on Redis when redis_url is set (shared by every replica), else in this process."""
        s = self.settings
        limiter: Limiter
        if s.redis_url:
            from service.limits.redis_limiter import RedisLimiter

            limiter = RedisLimiter(s.redis_url, timeout_s=s.redis_timeout_s)
        else:
            limiter = InProcessLimiter()
        return LimitGate(
            limiter,
            lambda: live.get().limits_by_subject,
            default_reserve_tokens=s.limits_default_reserve_tokens,
            fail_open=s.limits_fail_open,
            key_prefix=s.redis_key_prefix,
        )

    async def prune_responses_now(self) -> int:
        """Deletes the stored responses older than the retention; returns how many."""
        if self.components is None or self.settings.responses_retention_hours <= 0:
            return 0
        cutoff = datetime.now(UTC) - timedelta(hours=self.settings.responses_retention_hours)
        return await self.components.responses.prune(cutoff)

    async def _prune_responses_loop(self) -> None:
        """Prunes stored responses at start-up, then every hour (each replica; deletes are idempotent)."""
        while True:
            try:
                n = await self.prune_responses_now()
                if n:
                    log.info("pruned stored responses", extra={"count": n})
            except Exception:
                log.warning("pruning stored responses failed; retrying in an hour", exc_info=True)
            await asyncio.sleep(3600)

    async def _register_demo_model(self, store: ConfigStore, snap: Snapshot) -> None:
        """Builds the tiny demo model once in the data directory and registers it on providers/local."""
        local = snap.providers.get("local")
        if local is None or local.model(DEMO_MODEL_ID) is not None:
            return
        from service.backends.mlx.tiny_model import make_tiny_model  # numpy and tokenizers only

        path = Path(self.settings.data_dir) / DEMO_MODEL_ID
        if not (path / "config.json").exists():
            await asyncio.to_thread(make_tiny_model, path, 0)
        try:
            await store.models.create(
                "local",
                ModelInput(
                    model_id=DEMO_MODEL_ID,
                    display_name="Tiny demo (random weights: its output is noise)",
                    source=str(path),
                ),
            )
        except AlreadyExists:  # another replica registered it first
            pass
        log.info("demo model registered", extra={"model": DEMO_MODEL_ID, "path": str(path)})

    async def _preload_local_models(self, snap: Snapshot, backends: BackendRegistry) -> None:
        for provider in snap.providers.values():
            if provider.api_type is not ApiType.MLX or not provider.usable:
                continue
            with backends.get(provider) as backend:
                if not isinstance(backend, LocalModels):
                    continue
                results = await backend.preload()
            for model, err in results.items():
                if err is None:
                    log.info("preloaded local model", extra={"provider": provider.id, "model": model})
                else:
                    log.warning(
                        "preloading a local model failed",
                        extra={"provider": provider.id, "model": model, "reason": err.reason, "error": err.message},
                    )

    async def stop(self, grace: float | None = None) -> None:
        """The shutdown sequence: health NOT_SERVING at once; new calls still served for
        shutdown_delay_s, then refused (UNAVAILABLE, SHUTTING_DOWN); in-flight gRPC and bridge
        calls share one grace period, and those still running at its end are ended
        (UNAVAILABLE with ErrorInfo SHUTTING_DOWN; the bridge sends its SSE error event);
        then what was opened is closed, in reverse, within CLOSE_BUDGET_S."""
        if self._stopped:
            return
        self._stopped = True
        grace = self.settings.shutdown_grace_s if grace is None else grace
        await self.health.enter_graceful_shutdown()
        loop = asyncio.get_running_loop()
        if self.grpc is not None:
            drain = self.grpc.drain
            if self.settings.shutdown_delay_s > 0:
                await asyncio.sleep(self.settings.shutdown_delay_s)
            drain.refuse()
            log.info("shutting down: new calls refused", extra={"in_flight": drain.in_flight, "grace_s": grace})
            if not await drain.wait_idle(grace):
                cut = drain.cut()
                log.warning("shutdown: calls still running at the end of the grace period ended", extra={"calls": cut})
                await drain.wait_idle(0.3)  # each ends with its status (the bridge relays it)
        deadline = loop.time() + CLOSE_BUDGET_S

        def left(cap: float) -> float:
            return max(0.05, min(cap, deadline - loop.time()))

        if self._pruner is not None:
            self._pruner.cancel()
        if self._bridge is not None:
            await self._bridge.stop(timeout=left(0.3))
        if self.grpc is not None:
            await self.grpc.server.stop(left(0.1))  # health watches and reflection streams
        if self.components is not None:
            c = self.components
            await c.request_log.stop(timeout=left(0.4))  # what it cannot write now stays in the spool
            await c.live.stop()
            await _bounded(c.backends.aclose(), left(0.2), "closing the backends")
            if c.router.limits is not None:
                await _bounded(c.router.limits.drain(), left(0.1), "settling rate limits")
                await _bounded(c.router.limits.limiter.close(), left(0.1), "closing the limiter")
            await _bounded(c.store.engine.dispose(), left(0.2), "closing the database connections")
        if self._internal_dir is not None:
            shutil.rmtree(self._internal_dir, ignore_errors=True)
            self._internal_dir = None
        if self._mlx_engine is not None:
            engine, self._mlx_engine = self._mlx_engine, None
            await _bounded(asyncio.to_thread(engine.stop), left(1.0), "stopping the local engine")
        # the metrics address, and spans still buffered
        if self.observability is not None and not await self.observability.aclose(left(0.3)):
            log.warning("shutdown: gave up flushing traces (is the OTLP collector reachable?)")
        log.info("llmrouter stopped")

    def save_request_log_now(self) -> int:
        """Spools the request-log entries waiting in memory, synchronously (an immediate exit)."""
        return self.components.request_log.save_now() if self.components is not None else 0

    async def wait_for_termination(self) -> None:
        assert self.grpc is not None
        await self.grpc.server.wait_for_termination()


def _tls_mode(s: Settings) -> str:
    if not s.tls_cert_file:
        return "off"
    return "mtls" if s.tls_client_ca_file else "tls"


def _protection(client_keys: bool, mtls: bool) -> str:
    if client_keys and mtls:
        return "client keys and mTLS"
    if client_keys:
        return "client keys"
    if mtls:
        return "mTLS"
    return "none: loopback callers only"


async def _bounded(aw: Awaitable[object], timeout: float, what: str) -> None:
    try:
        async with asyncio.timeout(timeout):
            await aw
    except TimeoutError:
        log.warning("shutdown: gave up %s", what, extra={"timeout_s": round(timeout, 2)})
    except Exception as exc:
        log.warning("shutdown: %s failed: %s", what, type(exc).__name__)


def build_server(settings: Settings, *, span_exporter: Any = None) -> LLMRouterServer:
    """The server for settings; span_exporter (tests) turns tracing on with that exporter."""
    return LLMRouterServer(settings, span_exporter=span_exporter)
