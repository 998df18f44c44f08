"""The one server interceptor: authenticates the caller, then maps any exception the
servicer raises to a gRPC status (service.api.errors). One wrapper per call keeps the
streaming path to a single extra generator frame.

Every call also enters the server's drain (service.api.draining): refused once shutdown
refuses new calls, and ended with UNAVAILABLE (SHUTTING_DOWN) when shutdown cuts it.

The caller's W3C `traceparent`/`tracestate` metadata goes into core's `incoming_trace`, and
`on_call_end(method, code, seconds)`, when given, hears how each call ended (metrics): both
once per call, in the same wrapper.

Every request's strings are checked for control characters (service.api.text_fields) once the
caller is authenticated, before the servicer sees them.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

import grpc

from service.api import auth
from service.api.draining import Drain, shutting_down
from service.api.errors import abort_with, is_abort
from service.api.revocation import OpenCalls, key_withdrawn
from service.api.text_fields import check_request_text
from service.core.config import Snapshot
from service.core.errors import RouterError
from service.core.telemetry import incoming_trace

CallEnd = Callable[[str, str, float], None]


def _trace_of(metadata) -> tuple[str, str] | None:
    parent = state = ""
    for key, value in metadata or ():
        if key == "traceparent":
            parent = value
        elif key == "tracestate":
            state = value
    return (parent, state) if parent and isinstance(parent, str) and isinstance(state, str) else None


def _code_of(exc: BaseException | None, context) -> str:
    """The status a call ended with, by name (OK, UNAVAILABLE, ...)."""
    if exc is None:
        return "OK"
    if isinstance(exc, RouterError):
        return exc.kind.value
    if isinstance(exc, asyncio.CancelledError):
        return "CANCELLED"
    try:
        code = context.code()
    except Exception:
        code = None
    if isinstance(code, grpc.StatusCode):
        return code.name
    return "INTERNAL"


class CallInterceptor(grpc.aio.ServerInterceptor):
    def __init__(
        self,
        snapshot: Callable[[], Snapshot],
        drain: Drain | None = None,
        on_call_end: CallEnd | None = None,
        open_calls: OpenCalls | None = None,
    ) -> None:
        self._snapshot = snapshot
        self._drain = drain or Drain()
        self._on_call_end = on_call_end
        self._open = open_calls or OpenCalls()

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
        trace = _trace_of(metadata)
        on_end = self._on_call_end
        open_calls = self._open

        if handler.unary_unary is not None:
            inner = handler.unary_unary

            async def unary_unary(request, context):
                task = None
                started = time.monotonic()
                failure: BaseException | None = None
                if trace is not None:
                    incoming_trace.set(trace)
                try:
                    task = drain.enter()
                    key_id = auth.check(snap(), method, metadata, context.peer(), context.peer_identities)
                    auth.caller_key_id.set(key_id)
                    open_calls.enter(key_id)
                    check_request_text(request)
                    return await inner(request, context)
                except Exception as exc:
                    failure = exc
                    if is_abort(exc):
                        raise
                    await abort_with(context, exc, method)
                except asyncio.CancelledError as exc:
                    failure = exc
                    withdrawn = open_calls.ended(task)
                    if task is None or (withdrawn is None and not drain.was_cut(task)):
                        raise
                    task.uncancel()  # shutdown or a withdrawn key cut the call: end it with a status
                    failure = shutting_down() if withdrawn is None else key_withdrawn(withdrawn)
                    await abort_with(context, failure, method)
                finally:
                    open_calls.leave(task)
                    drain.leave(task)
                    if on_end is not None:
                        on_end(method, _code_of(failure, context), time.monotonic() - started)

            return grpc.unary_unary_rpc_method_handler(
                unary_unary, handler.request_deserializer, handler.response_serializer
            )
        if handler.unary_stream is not None:
            inner_s = handler.unary_stream

            async def unary_stream(request, context):
                task = None
                started = time.monotonic()
                failure: BaseException | None = None
                if trace is not None:
                    incoming_trace.set(trace)
                try:
                    task = drain.enter()
                    key_id = auth.check(snap(), method, metadata, context.peer(), context.peer_identities)
                    auth.caller_key_id.set(key_id)
                    open_calls.enter(key_id)
                    check_request_text(request)
                    async for item in inner_s(request, context):
                        yield item
                except Exception as exc:
                    failure = exc
                    if is_abort(exc):
                        raise
                    await abort_with(context, exc, method)
                except asyncio.CancelledError as exc:
                    failure = exc
                    withdrawn = open_calls.ended(task)
                    if task is None or (withdrawn is None and not drain.was_cut(task)):
                        raise
                    task.uncancel()  # shutdown or a withdrawn key cut the call: end it with a status
                    failure = shutting_down() if withdrawn is None else key_withdrawn(withdrawn)
                    await abort_with(context, failure, method)
                finally:
                    open_calls.leave(task)
                    drain.leave(task)
                    if on_end is not None:
                        on_end(method, _code_of(failure, context), time.monotonic() - started)

            return grpc.unary_stream_rpc_method_handler(
                unary_stream, handler.request_deserializer, handler.response_serializer
            )
        return handler
