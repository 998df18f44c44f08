"""The one composition root: settings -> store -> backends -> router -> gRPC server -> bridge.

`build_server(settings)` is shared by `llmrouter serve` and the tests. It owns start-up
(the order below, SERVING only once everything is up) and shutdown (health NOT_SERVING,
drain, then close what was opened, in reverse). Nothing imports this module but the CLI
and the tests.
"""

from __future__ import annotations

import asyncio
import logging
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

if TYPE_CHECKING:
    from service.backends.mlx.engine import MlxEngine
    from service.bridge.serving import BridgeHandle

log = logging.getLogger(__name__)

DEMO_MODEL_ID = "tiny-demo"

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
        request_log = RequestLogWriter(store.engine)
        self.components = Components(store, live, backends, router, request_log)
        self.grpc = build_grpc_server(
            snapshot=live.get,
            router=router,
            store=store,
            backends=backends,
            request_log=request_log,
            request_log_reader=RequestLogReader(store.engine),
            health=self.health,
            content_limits=s.content_limits,
        )
        try:
            self.port = self.grpc.server.add_insecure_port(s.listen)
        except RuntimeError as exc:
            raise StartupError(f"cannot listen on {s.listen}: {exc}") from None
        await self.grpc.server.start()
        request_log.start()
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
        """Graceful: health goes NOT_SERVING, in-flight streams drain (up to grace), then stop."""
        if self._stopped:
            return
        self._stopped = True
        grace = self.settings.shutdown_grace_s if grace is None else grace
        await self.health.enter_graceful_shutdown()
        if self.settings.shutdown_delay_s > 0 and self.grpc is not None:
            await asyncio.sleep(self.settings.shutdown_delay_s)
        if self._bridge is not None:
            await self._bridge.stop()
        if self.grpc is not None:
            await self.grpc.server.stop(grace)
        if self.components is not None:
            await self.components.request_log.stop()
            await self.components.live.stop()
            await self.components.backends.aclose()
            await self.components.store.engine.dispose()
        if self._mlx_engine is not None:
            await asyncio.to_thread(self._mlx_engine.stop)
            self._mlx_engine = None
        log.info("llmrouter stopped")

    async def wait_for_termination(self) -> None:
        assert self.grpc is not None
        await self.grpc.server.wait_for_termination()


def build_server(settings: Settings) -> LLMRouterServer:
    return LLMRouterServer(settings)
