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
    provider_admin_service_pb2,
    provider_admin_service_pb2_grpc,
    request_log_service_pb2,
    request_log_service_pb2_grpc,
    routing_service_pb2,
    routing_service_pb2_grpc,
)
from service.api import reflection
from service.api.chat_servicer import ChatServicer
from service.api.interceptors import CallInterceptor
from service.api.provider_servicer import ProviderAdminServicer
from service.api.request_log_servicer import RequestLogServicer
from service.api.routing_servicer import RoutingServicer
from service.core.config import Snapshot
from service.core.config_repository import ConfigRepository
from service.core.content import ContentLimits
from service.core.registry import BackendRegistry
from service.core.request_log import RequestLogReader, RequestLogWriter
from service.core.router import Router

SERVICE_NAMES = (
    chat_service_pb2.DESCRIPTOR.services_by_name["ChatService"].full_name,
    provider_admin_service_pb2.DESCRIPTOR.services_by_name["ProviderAdminService"].full_name,
    routing_service_pb2.DESCRIPTOR.services_by_name["RoutingService"].full_name,
    request_log_service_pb2.DESCRIPTOR.services_by_name["RequestLogService"].full_name,
)

SERVER_OPTIONS = [
    ("grpc.max_receive_message_length", 32 * 1024 * 1024),
    ("grpc.keepalive_permit_without_calls", 1),
    ("grpc.http2.max_pings_without_data", 0),
]


@dataclass
class GrpcServer:
    server: grpc.aio.Server
    health: HealthServicer

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
) -> GrpcServer:
    """Every service on one grpc.aio server (not yet bound or started)."""
    server = grpc.aio.server(interceptors=[CallInterceptor(snapshot)], options=SERVER_OPTIONS)
    chat_service_pb2_grpc.add_ChatServiceServicer_to_server(ChatServicer(router, request_log, content_limits), server)
    provider_admin_service_pb2_grpc.add_ProviderAdminServiceServicer_to_server(
        ProviderAdminServicer(store, backends), server
    )
    routing_service_pb2_grpc.add_RoutingServiceServicer_to_server(RoutingServicer(store, router), server)
    request_log_service_pb2_grpc.add_RequestLogServiceServicer_to_server(
        RequestLogServicer(request_log_reader, request_log), server
    )
    health_pb2_grpc.add_HealthServicer_to_server(health, server)
    reflection.enable_server_reflection(
        (*SERVICE_NAMES, health_pb2.DESCRIPTOR.services_by_name["Health"].full_name, reflection.SERVICE_NAME),
        server,
    )
    return GrpcServer(server, health)
