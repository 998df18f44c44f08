"""Serving the bridge in-process: uvicorn in the server's own event loop, on `settings.http`."""

from __future__ import annotations

import asyncio
import contextlib
import errno
import logging
import socket

import grpc
from starlette.applications import Starlette

from llmrouter.v1 import chat_service_pb2, chat_service_pb2_grpc
from service.bridge.asgi import build_app
from service.bridge.tls import uvicorn_ssl_args, watch_cert_files
from service.core.responses import ResponseStore
from service.netaddr import is_loopback_host, split_host_port
from service.settings import StartupError
from service.tls import CertFiles, ServerTls, TlsError

log = logging.getLogger(__name__)


def _split_host_port(listen: str) -> tuple[str, int]:
    try:
        host, port = split_host_port(listen)
    except ValueError:
        raise ValueError(f"http address {listen!r} must be HOST:PORT, e.g. 127.0.0.1:8080") from None
    return host or "127.0.0.1", port


class BridgeHandle:
    """A running bridge: `host`, `port` (the bound one when 0 was asked), `url`, `stop()`."""

    def __init__(
        self,
        server,
        task: asyncio.Task,
        host: str,
        port: int,
        app: Starlette,
        watcher: asyncio.Task | None = None,
    ) -> None:
        self._server = server
        self._task = task
        self._watcher = watcher
        self.host = host
        self.port = port
        self.app = app

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        scheme = "https" if self._watcher is not None else "http"
        return f"{scheme}://{host}:{self.port}"

    async def stop(self, timeout: float | None = None) -> None:
        """Stops accepting, lets in-flight responses finish (up to timeout; default: the
        shutdown grace), then cancels what remains and closes the channel.

        In the server's shutdown sequence the bridge stops last: its calls are gRPC calls of
        the server, so they have already had the one grace period and ended with a status,
        which they relay (an HTTP error, or an SSE error event once a stream has begun)."""
        server = self._server
        if server is None:
            return
        self._server = None
        if self._watcher is not None:
            self._watcher.cancel()
        if timeout is not None:
            server.config.timeout_graceful_shutdown = max(0.05, timeout)
        server.should_exit = True
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await self._task
        await server.shutdown()


def _bind(host: str, port: int, listen: str, reuse_port: bool = False) -> socket.socket:
    """The bridge's listening socket, bound here so that an address in use is one clear
    StartupError (uvicorn would log it, then exit the interpreter)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
        family = infos[0][0]
        sock = socket.socket(family, socket.SOCK_STREAM)
    except OSError as exc:
        raise StartupError(f"cannot serve the REST bridge on {listen}: {exc.strerror or exc}") from None
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as asyncio does: TIME_WAIT is no conflict
        if reuse_port:  # `serve --workers N`: the worker processes share the port on purpose
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        if family == socket.AF_INET6:
            sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
        sock.bind(infos[0][4])
        sock.listen(2048)
        sock.setblocking(False)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise StartupError(
                f"cannot serve the REST bridge on {listen}: the address is already in use; "
                "choose another with --http or LLMROUTER_HTTP"
            ) from None
        raise StartupError(f"cannot serve the REST bridge on {listen}: {exc.strerror or exc}") from None
    return sock


async def _check_not_open(grpc_target: str, host: str) -> None:
    """Refuses a non-loopback bridge while the server is in protected mode (no client key):
    the bridge reaches the server over loopback, so it would open it to the network. Only an
    UNAUTHENTICATED answer to a call without credentials proves that keys are enforced."""
    async with grpc.aio.insecure_channel(grpc_target) as ch:
        stub = chat_service_pb2_grpc.ChatServiceStub(ch)
        try:
            await stub.ListModels(chat_service_pb2.ListModelsRequest(page_size=1), timeout=10)
            why = "no client key exists, so it would be open to the network"
        except grpc.aio.AioRpcError as err:
            if err.code() == grpc.StatusCode.UNAUTHENTICATED:
                return
            why = f"cannot confirm that the server requires client keys ({err.code().name})"

    raise StartupError(
        f"refusing to serve the REST bridge on {host}: {why}. Create a client key first with "
        "`llmrouter keys create --scope admin`, or serve the bridge on 127.0.0.1"
    )


async def start_bridge(
    settings, grpc_target: str, responses_store: ResponseStore | None = None, *, metrics_app=None, chat=None
) -> BridgeHandle:
    """Serves the bridge with uvicorn in this process and event loop, on `settings.http`;
    `responses_store` keeps Responses API responses; metrics_app, when given, answers GET /metrics;
    `chat`, when given, serves the bridge's ChatService calls in this process (else `grpc_target`)."""
    import uvicorn

    host, port = _split_host_port(settings.http)
    try:
        tls = ServerTls.from_settings(settings)
        cert_files = CertFiles(tls) if tls is not None else None
    except TlsError as exc:
        raise StartupError(str(exc)) from None
    if not is_loopback_host(host) and not (tls is not None and tls.mtls):  # mTLS protects the bridge too
        await _check_not_open(grpc_target, host)
    app = build_app(grpc_target, settings, responses_store, metrics_app=metrics_app, chat=chat)
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        lifespan="on",
        log_config=None,
        access_log=False,
        proxy_headers=False,
        server_header=False,
        timeout_keep_alive=30,  # longer than clients' pool expiry (httpx: 5 s): no reuse races
        # uvicorn annotates int but waits any number of seconds
        timeout_graceful_shutdown=max(0.1, float(getattr(settings, "shutdown_grace_s", 10.0))),  # type: ignore[arg-type]
        ws="none",
        **(uvicorn_ssl_args(tls) if tls is not None else {}),
    )
    sock = _bind(host, port, settings.http, settings.reuse_port)
    server = uvicorn.Server(config)
    config.load()
    server.lifespan = config.lifespan_class(config)
    try:
        await server.startup(sockets=[sock])
    except SystemExit:  # uvicorn exits when its start-up fails
        sock.close()
        raise StartupError(f"cannot serve the REST bridge on {settings.http}: its start-up failed") from None
    except BaseException:
        sock.close()
        raise
    bound = sock.getsockname()[1]
    await app.state.bridge.connect()
    loop = asyncio.get_running_loop()
    task = loop.create_task(server.main_loop(), name="rest-bridge")
    watcher = None
    if cert_files is not None and config.ssl is not None:
        watcher = loop.create_task(watch_cert_files(config.ssl, cert_files), name="rest-bridge-tls")
    log.info(
        "REST bridge serving",
        extra={"http": f"{host}:{bound}", "grpc_target": grpc_target, "tls": _mode(tls)},
    )
    return BridgeHandle(server, task, host, bound, app, watcher)


def _mode(tls: ServerTls | None) -> str:
    if tls is None:
        return "off"
    return "mtls" if tls.mtls else "tls"
