"""The one bootstrap, shared by `llmrouter serve` and the tests: build_server(settings)."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from pathlib import Path

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_health.v1._async import HealthServicer
from grpc_reflection.v1alpha import reflection

from llmrouter.v1 import (
    chat_service_pb2,
    chat_service_pb2_grpc,
    provider_admin_service_pb2,
    provider_admin_service_pb2_grpc,
    request_log_service_pb2,
    request_log_service_pb2_grpc,
    routing_service_pb2,
    routing_service_pb2_grpc,
)
from service import netaddr
from service.api.chat_servicer import ChatServicer
from service.api.interceptors import CallInterceptor
from service.api.provider_servicer import ProviderAdminServicer
from service.api.request_log_servicer import RequestLogServicer
from service.api.routing_servicer import RoutingServicer
from service.core.breaker import Breakers
from service.core.config import ApiType, ProviderConfig
from service.core.errors import AlreadyExists
from service.core.ports import LocalModels
from service.core.registry import BackendRegistry
from service.core.router import Router
from service.netaddr import is_loopback_host
from service.settings import Settings
from service.store import db
from service.store.bootstrap import StoreOpenError, open_store
from service.store.keyring import KeyRingError
from service.store.live import LiveConfig
from service.store.repository import ConfigStore, ModelInput
from service.store.request_log import RequestLogReader, RequestLogWriter

log = logging.getLogger(__name__)

SERVICE_NAMES = (
    chat_service_pb2.DESCRIPTOR.services_by_name["ChatService"].full_name,
    provider_admin_service_pb2.DESCRIPTOR.services_by_name["ProviderAdminService"].full_name,
    routing_service_pb2.DESCRIPTOR.services_by_name["RoutingService"].full_name,
    request_log_service_pb2.DESCRIPTOR.services_by_name["RequestLogService"].full_name,
)


DEMO_MODEL_ID = "tiny-demo"


class StartupError(Exception):
    """A configuration problem that stops start-up; the message says how to fix it."""


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
        self.server: grpc.aio.Server | None = None
        self.health = HealthServicer()
        self.components: Components | None = None
        self._engine = None
        self._mlx_engine = None
        self._bridge = None
        self._stopped = False

    @property
    def address(self) -> str:
        host, _ = split_host_port(self.settings.listen)
        host = f"[{host}]" if ":" in host else host
        return f"{host}:{self.port}"

    # ------------------------------------------------------------ backends

    def _factories(self):
        settings = self.settings

        def openai(provider: ProviderConfig):
            from service.backends.http.timeouts import HttpTimeouts
            from service.backends.openai import OpenAIBackend

            return OpenAIBackend(provider, HttpTimeouts.from_settings(settings))

        def anthropic(provider: ProviderConfig):
            from service.backends.anthropic import AnthropicBackend
            from service.backends.http.timeouts import HttpTimeouts

            return AnthropicBackend(provider, HttpTimeouts.from_settings(settings))

        def mlx(provider: ProviderConfig):
            from service.backends.mlx.backend import MlxBackend

            return MlxBackend(provider, self.mlx_engine())

        return {ApiType.OPENAI: openai, ApiType.ANTHROPIC: anthropic, ApiType.MLX: mlx}

    def mlx_engine(self):
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
        url = s.effective_database_url
        try:
            store = await open_store(s)
        except StoreOpenError as exc:
            raise StartupError(str(exc)) from None
        self._engine = store.engine
        seeded = await store.seed_builtins()
        if seeded:
            log.info("seeded built-in providers", extra={"count": seeded})
        live = LiveConfig(store, s.config_poll_interval_s)
        try:
            snap = await live.reload()
        except KeyRingError as exc:
            await self._engine.dispose()
            raise StartupError(str(exc)) from None
        if not snap.client_keys and not is_loopback_host(host):
            await self._engine.dispose()
            raise StartupError(
                f"refusing to listen on {s.listen}: no client key exists, so the server would be open to the "
                "network. Create one first with `llmrouter keys create --scope admin`, or listen on 127.0.0.1"
            )
        backends = BackendRegistry(self._factories())
        live.on_swap(backends.sync)
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
        request_log = RequestLogWriter(self._engine)
        self.components = Components(store, live, backends, router, request_log)

        server = grpc.aio.server(
            interceptors=[CallInterceptor(live.get)],
            options=[
                ("grpc.max_receive_message_length", 32 * 1024 * 1024),
                ("grpc.keepalive_permit_without_calls", 1),
                ("grpc.http2.max_pings_without_data", 0),
            ],
        )
        chat_service_pb2_grpc.add_ChatServiceServicer_to_server(ChatServicer(router, live.get, request_log), server)
        provider_admin_service_pb2_grpc.add_ProviderAdminServiceServicer_to_server(
            ProviderAdminServicer(store, backends), server
        )
        routing_service_pb2_grpc.add_RoutingServiceServicer_to_server(RoutingServicer(store, router), server)
        request_log_service_pb2_grpc.add_RequestLogServiceServicer_to_server(
            RequestLogServicer(RequestLogReader(self._engine), request_log), server
        )
        health_pb2_grpc.add_HealthServicer_to_server(self.health, server)
        reflection.enable_server_reflection(
            (*SERVICE_NAMES, health_pb2.DESCRIPTOR.services_by_name["Health"].full_name, reflection.SERVICE_NAME),
            server,
        )
        try:
            self.port = server.add_insecure_port(s.listen)
        except RuntimeError as exc:
            raise StartupError(f"cannot listen on {s.listen}: {exc}") from None
        self.server = server
        await server.start()
        request_log.start()
        await live.start()
        if s.http:
            from service.bridge.app import start_bridge  # the REST bridge, in-process

            self._bridge = await start_bridge(s, self.address)
        if s.mlx_preload.strip():
            await self._preload_local_models(snap, backends)
        # SERVING only now that start-up is complete.
        await self.health.set("", health_pb2.HealthCheckResponse.SERVING)
        for name in SERVICE_NAMES:
            await self.health.set(name, health_pb2.HealthCheckResponse.SERVING)
        log.info(
            "llmrouter serving",
            extra={"listen": self.address, "database": db.safe_url(url), "config_version": snap.version},
        )

    async def _register_demo_model(self, store: ConfigStore, snap) -> None:
        """Builds the tiny demo model once in the data directory and registers it on providers/local."""
        local = snap.providers.get("local")
        if local is None or local.model(DEMO_MODEL_ID) is not None:
            return
        from service.backends.mlx.tiny_model import make_tiny_model  # numpy and tokenizers only

        path = Path(self.settings.data_dir) / DEMO_MODEL_ID
        if not (path / "config.json").exists():
            await asyncio.to_thread(make_tiny_model, path, 0)
        try:
            await store.create_model(
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

    async def _preload_local_models(self, snap, backends: BackendRegistry) -> None:
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
        if self.settings.shutdown_delay_s > 0:
            await asyncio.sleep(self.settings.shutdown_delay_s)
        if self._bridge is not None:
            await self._bridge.stop()
        if self.server is not None:
            await self.server.stop(grace)
        if self.components is not None:
            await self.components.request_log.stop()
            await self.components.live.stop()
            await self.components.backends.aclose()
        if self._mlx_engine is not None:
            await asyncio.to_thread(self._mlx_engine.stop)
            self._mlx_engine = None
        if self._engine is not None:
            await self._engine.dispose()
        log.info("llmrouter stopped")

    async def wait_for_termination(self) -> None:
        assert self.server is not None
        await self.server.wait_for_termination()


def build_server(settings: Settings) -> LLMRouterServer:
    return LLMRouterServer(settings)
