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
from collections.abc import Awaitable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from grpc_health.v1._async import HealthServicer

from service import netaddr
from service.api.server import GrpcServer, build_grpc_server
from service.core.admin import ModelInput
from service.core.breaker import Breakers
from service.core.config import ApiType, ProviderConfig, Snapshot
from service.core.errors import AlreadyExists
from service.core.ports import Backend, LocalModels
from service.core.registry import BackendRegistry, Factory
from service.core.router import Router
from service.netaddr import is_loopback_host
from service.settings import Settings, StartupError
from service.store import db
from service.store.bootstrap import StoreOpenError, open_store
from service.store.config_store import ConfigStore
from service.store.keyring import KeyRingError
from service.store.live import LiveConfig
from service.store.request_log import RequestLogReader, RequestLogWriter
from service.store.spool import Spool

if TYPE_CHECKING:
    from service.backends.mlx.engine import MlxEngine
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


class LLMRouterServer:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.port: int | None = None
        self.health = HealthServicer()
        self.grpc: GrpcServer | None = None
        self.components: Components | None = None
        self._mlx_engine: MlxEngine | None = None
        self._bridge: BridgeHandle | None = None
        self._stopped = False

    @property
    def server(self):  # the grpc.aio server (tests and the CLI wait on it)
        return self.grpc.server if self.grpc is not None else None

    @property
    def address(self) -> str:
        host, _ = split_host_port(self.settings.listen)
        host = f"[{host}]" if ":" in host else host
        return f"{host}:{self.port}"

    # ------------------------------------------------------------ backends

    def _factories(self) -> dict[ApiType, Factory]:
        settings = self.settings

        def openai(provider: ProviderConfig) -> Backend:
            from service.backends.http.timeouts import HttpTimeouts
            from service.backends.openai import OpenAIBackend

            return OpenAIBackend(provider, HttpTimeouts.from_settings(settings))

        def anthropic(provider: ProviderConfig) -> Backend:
            from service.backends.anthropic import AnthropicBackend
            from service.backends.http.timeouts import HttpTimeouts

            return AnthropicBackend(provider, HttpTimeouts.from_settings(settings))

        def mlx(provider: ProviderConfig) -> Backend:
            from service.backends.mlx.backend import MlxBackend

            return MlxBackend(provider, self.mlx_engine())

        return {ApiType.OPENAI: openai, ApiType.ANTHROPIC: anthropic, ApiType.MLX: mlx}

    def mlx_engine(self) -> MlxEngine:
        """The local engine, started on first use (importing mlx costs about a second)."""
        if self._mlx_engine is None:
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
        log.info(
            "llmrouter serving",
            extra={
                "listen": self.address,
                "database": db.safe_url(s.effective_database_url),
                "config_version": snap.version,
            },
        )

    async def _start(self, store: ConfigStore, host: str) -> Snapshot:
        s = self.settings
        seeded = await store.providers.seed_builtins()
        if seeded:
            log.info("seeded built-in providers", extra={"count": seeded})
        live = LiveConfig(store, s.config_poll_interval_s)
        try:
            snap = await live.reload()
        except KeyRingError as exc:
            raise StartupError(str(exc)) from None
        if not snap.client_keys and not is_loopback_host(host):
            raise StartupError(
                f"refusing to listen on {s.listen}: no client key exists, so the server would be open to the "
                "network. Create one first with `llmrouter keys create --scope admin`, or listen on 127.0.0.1"
            )
        backends = BackendRegistry(self._factories())
        live.on_swap(backends.sync)
        live.on_swap(lambda snapshot: snapshot.routing)  # compile the routing table at the swap, not on a request
        _ = live.snapshot.routing
        if s.demo_model_enabled:
            await self._register_demo_model(store, snap)
            snap = live.snapshot  # the store's commit hook already swapped it in
        router = Router(
            live.get,
            backends,
            max_attempts_per_target=s.max_attempts_per_target,
            backoff_base_s=s.retry_backoff_base_s,
            backoff_max_s=s.retry_backoff_max_s,
            breakers=Breakers(s.breaker_failure_threshold, s.breaker_cooldown_s),
        )
        db_timeout_s = s.database_connect_timeout_s + s.database_command_timeout_s
        request_log = RequestLogWriter(
            store.engine,
            Spool(s.spool_file, s.request_log_spool_max_mb * 1024 * 1024),
            max_queue=s.request_log_queue_size,
            flush_interval_s=s.request_log_flush_interval_s,
            timeout_s=db_timeout_s,
        )
        self.components = Components(store, live, backends, router, request_log)
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
        )
        try:
            self.port = self.grpc.server.add_insecure_port(s.listen)
        except RuntimeError:
            raise StartupError(
                f"cannot listen on {s.listen}: the address is in use (is another llmrouter serving there?) "
                "or cannot be bound here; choose another with --listen or LLMROUTER_LISTEN"
            ) from None
        request_log.start()
        await self.grpc.server.start()
        await live.start()
        if s.http:
            from service.bridge.serving import start_bridge  # the REST bridge, in-process

            self._bridge = await start_bridge(s, self.address)
        if s.mlx_preload.strip():
            await self._preload_local_models(snap, backends)
        await self.grpc.set_serving()  # SERVING only now that start-up is complete
        return snap

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

        if self._bridge is not None:
            await self._bridge.stop(timeout=left(0.3))
        if self.grpc is not None:
            await self.grpc.server.stop(left(0.1))  # health watches and reflection streams
        if self.components is not None:
            c = self.components
            await c.request_log.stop(timeout=left(0.4))  # what it cannot write now stays in the spool
            await c.live.stop()
            await _bounded(c.backends.aclose(), left(0.2), "closing the backends")
            await _bounded(c.store.engine.dispose(), left(0.2), "closing the database connections")
        if self._mlx_engine is not None:
            engine, self._mlx_engine = self._mlx_engine, None
            await _bounded(asyncio.to_thread(engine.stop), left(1.0), "stopping the local engine")
        log.info("llmrouter stopped")

    def save_request_log_now(self) -> int:
        """Spools the request-log entries waiting in memory, synchronously (an immediate exit)."""
        return self.components.request_log.save_now() if self.components is not None else 0

    async def wait_for_termination(self) -> None:
        assert self.grpc is not None
        await self.grpc.server.wait_for_termination()


async def _bounded(aw: Awaitable[object], timeout: float, what: str) -> None:
    try:
        async with asyncio.timeout(timeout):
            await aw
    except TimeoutError:
        log.warning("shutdown: gave up %s", what, extra={"timeout_s": round(timeout, 2)})
    except Exception as exc:
        log.warning("shutdown: %s failed: %s", what, type(exc).__name__)


def build_server(settings: Settings) -> LLMRouterServer:
    return LLMRouterServer(settings)
