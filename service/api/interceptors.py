"""The one server interceptor: authenticates the caller, then maps any exception the
servicer raises to a gRPC status (service.api.errors). One wrapper per call keeps the
streaming path to a single extra generator frame.

Every call also enters the server's drain (service.api.draining): refused once shutdown
refuses new calls, and ended with UNAVAILABLE (SHUTTING_DOWN) when shutdown cuts it.
Every request's strings are checked for control characters (service.api.text_fields) once the
caller is authenticated, before the servicer sees them.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import grpc

from service.api import auth
from service.api.draining import Drain, shutting_down
from service.api.errors import abort_with, is_abort
from service.api.text_fields import check_request_text
from service.core.config import Snapshot


class CallInterceptor(grpc.aio.ServerInterceptor):
    def __init__(self, snapshot: Callable[[], Snapshot], drain: Drain | None = None) -> None:
        self._snapshot = snapshot
        self._drain = drain or Drain()

    async def intercept_service(self, continuation, handler_call_details):
        handler = await continuation(handler_call_details)
        if handler is None:
            return None
        method = handler_call_details.method
        if auth.required_scope(method) is None:
            return handler  # health checking and reflection
        metadata = handler_call_details.invocation_metadata
        snap = self._snapshot
        drain = self._drain

        if handler.unary_unary is not None:
            inner = handler.unary_unary

            async def unary_unary(request, context):
                task = None
                try:
                    task = drain.enter()
                    auth.caller_key_id.set(auth.check(snap(), method, metadata, context.peer()))
                    check_request_text(request)
                    return await inner(request, context)
                except Exception as exc:
                    if is_abort(exc):
                        raise
                    await abort_with(context, exc, method)
                except asyncio.CancelledError:
                    if not drain.cutting or task is None:
                        raise
                    task.uncancel()  # shutdown cut the call: end it with a status instead
                    await abort_with(context, shutting_down(), method)
                finally:
                    drain.leave(task)

            return grpc.unary_unary_rpc_method_handler(
                unary_unary, handler.request_deserializer, handler.response_serializer
            )
        if handler.unary_stream is not None:
            inner_s = handler.unary_stream

            async def unary_stream(request, context):
                task = None
                try:
                    task = drain.enter()
                    auth.caller_key_id.set(auth.check(snap(), method, metadata, context.peer()))
                    check_request_text(request)
                    async for item in inner_s(request, context):
                        yield item
                except Exception as exc:
                    if is_abort(exc):
                        raise
                    await abort_with(context, exc, method)
                except asyncio.CancelledError:
                    if not drain.cutting or task is None:
                        raise
                    task.uncancel()  # shutdown cut the call: end it with a status instead
                    await abort_with(context, shutting_down(), method)
                finally:
                    drain.leave(task)

            return grpc.unary_stream_rpc_method_handler(
                unary_stream, handler.request_deserializer, handler.response_serializer
            )
        return handler
