"""The gRPC server: servicers, the interceptor, health checking and reflection, on one port.

Built by the composition root (`service.app`) from parts it already made; this module
wires protobuf services only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_health.v1._async import HealthServicer

from llmrouter.v1 import (
    chat_service_pb2,
    chat_service_pb2_grpc,
    client_key_service_pb2,
    client_key_service_pb2_grpc,
    limit_service_pb2,
    limit_service_pb2_grpc,
    price_service_pb2,
    price_service_pb2_grpc,
    provider_admin_service_pb2,
    provider_admin_service_pb2_grpc,
    request_log_service_pb2,
    request_log_service_pb2_grpc,
    routing_service_pb2,
    routing_service_pb2_grpc,
)
from service.api import reflection
from service.api.chat_servicer import ChatServicer
from service.api.client_key_servicer import ClientKeyServicer
from service.api.draining import Drain
from service.api.inprocess import InProcessChat
from service.api.interceptors import CallEnd, CallInterceptor
from service.api.limit_servicer import LimitServicer
from service.api.price_servicer import PriceServicer
from service.api.provider_servicer import ProviderAdminServicer
from service.api.request_log_servicer import RequestLogServicer
from service.api.revocation import OpenCalls
from service.api.routing_servicer import RoutingServicer
from service.core.config import Snapshot
from service.core.config_repository import ConfigRepository
from service.core.content import ContentLimits
from service.core.egress import EgressPolicy
from service.core.limits import LimitRepository
from service.core.prices import PriceRepository
from service.core.registry import BackendRegistry
from service.core.request_log import RequestLogReader, RequestLogWriter
from service.core.router import Router

SERVICE_NAMES = (
    chat_service_pb2.DESCRIPTOR.services_by_name["ChatService"].full_name,
    provider_admin_service_pb2.DESCRIPTOR.services_by_name["ProviderAdminService"].full_name,
    routing_service_pb2.DESCRIPTOR.services_by_name["RoutingService"].full_name,
    request_log_service_pb2.DESCRIPTOR.services_by_name["RequestLogService"].full_name,
    limit_service_pb2.DESCRIPTOR.services_by_name["LimitService"].full_name,
    price_service_pb2.DESCRIPTOR.services_by_name["PriceService"].full_name,
    client_key_service_pb2.DESCRIPTOR.services_by_name["ClientKeyService"].full_name,
)

SERVER_OPTIONS = [
    ("grpc.max_receive_message_length", 32 * 1024 * 1024),
]

# The keepalive policy (https://github.com/grpc/grpc/blob/master/doc/keepalive.md). Clients may
# ping as often as once a second, with or without calls in flight (a ping sooner than half a
# second after the last one, twice in a row, earns a GOAWAY ENHANCE_YOUR_CALM): a client that
# pings every second keeps its stream through any silence of the upstream. The server pings
# each connection after `keepalive_time_s` without activity, also with nothing to send, and
# closes it when a ping is not answered within `keepalive_timeout_s`: a dead client's calls
# end and their upstream requests are cancelled.
MIN_CLIENT_PING_INTERVAL_MS = 500
MAX_PING_STRIKES = 2


def keepalive_options(keepalive_time_s: float, keepalive_timeout_s: float) -> list[tuple[str, int]]:
    return [
        ("grpc.keepalive_time_ms", max(1, int(keepalive_time_s * 1000))),
        ("grpc.keepalive_timeout_ms", max(1, int(keepalive_timeout_s * 1000))),
        # gRPC core also waits for any ping's answer at most this long (default: a minute)
        ("grpc.http2.ping_timeout_ms", max(1, int(keepalive_timeout_s * 1000))),
        ("grpc.keepalive_permit_without_calls", 1),
        ("grpc.http2.max_pings_without_data", 0),  # our own pings continue while a stream is silent
        # GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS (the shortest accepted interval)
        ("grpc.http2.min_ping_interval_without_data_ms", MIN_CLIENT_PING_INTERVAL_MS),
        ("grpc.http2.max_ping_strikes", MAX_PING_STRIKES),
    ]


@dataclass
class GrpcServer:
    server: grpc.aio.Server
    health: HealthServicer
    drain: Drain
    open_calls: OpenCalls
    chat: InProcessChat
    """ChatService for the in-process bridge: the same interceptor and servicer, no transport."""

    async def set_serving(self) -> None:
        await self.health.set("", health_pb2.HealthCheckResponse.SERVING)
        for name in SERVICE_NAMES:
            await self.health.set(name, health_pb2.HealthCheckResponse.SERVING)


def build_grpc_server(
    *,
    snapshot: Callable[[], Snapshot],
    router: Router,
    store: ConfigRepository,
    backends: BackendRegistry,
    request_log: RequestLogWriter,
    request_log_reader: RequestLogReader,
    health: HealthServicer,
    content_limits: ContentLimits | None = None,
    drain: Drain | None = None,
    keepalive_time_s: float = 30.0,
    keepalive_timeout_s: float = 10.0,
    reuse_port: bool = False,
    on_call_end: CallEnd | None = None,
    egress: EgressPolicy | None = None,
    limits: LimitRepository | None = None,
    prices: PriceRepository | None = None,
) -> GrpcServer:
    """Every service on one grpc.aio server (not yet bound or started).

    reuse_port: let several processes listen on the same port (SO_REUSEPORT; the kernel
    spreads connections among them). Off, binding a port another process holds fails, so a
    second server cannot silently take part of the traffic; a multi-process mode turns it on.
    on_call_end(method, code, seconds): hears how each call ended (metrics).
    """
    options = [
        *SERVER_OPTIONS,
        *keepalive_options(keepalive_time_s, keepalive_timeout_s),
        ("grpc.so_reuseport", 1 if reuse_port else 0),
    ]
    drain = drain or Drain()
    open_calls = OpenCalls()
    interceptor = CallInterceptor(snapshot, drain, on_call_end, open_calls)
    chat = ChatServicer(router, request_log, content_limits)
    server = grpc.aio.server(interceptors=[interceptor], options=options)
    chat_service_pb2_grpc.add_ChatServiceServicer_to_server(chat, server)
    provider_admin_service_pb2_grpc.add_ProviderAdminServiceServicer_to_server(
        ProviderAdminServicer(store, backends, egress), server
    )
    routing_service_pb2_grpc.add_RoutingServiceServicer_to_server(RoutingServicer(store, router), server)
    request_log_service_pb2_grpc.add_RequestLogServiceServicer_to_server(
        RequestLogServicer(request_log_reader, request_log), server
    )
    if limits is not None:
        limit_service_pb2_grpc.add_LimitServiceServicer_to_server(LimitServicer(limits), server)
    if prices is not None:
        price_service_pb2_grpc.add_PriceServiceServicer_to_server(PriceServicer(prices), server)
    client_key_service_pb2_grpc.add_ClientKeyServiceServicer_to_server(ClientKeyServicer(store), server)
    health_pb2_grpc.add_HealthServicer_to_server(health, server)
    reflection.enable_server_reflection(
        (*SERVICE_NAMES, health_pb2.DESCRIPTOR.services_by_name["Health"].full_name, reflection.SERVICE_NAME),
        server,
    )
    return GrpcServer(server, health, drain, open_calls, InProcessChat(interceptor, chat))
