"""ChatService in this process, without a transport: the calls of the REST bridge.

The bridge is a client of ChatService. Over a gRPC channel to its own process each message is
serialized, written by grpc.aio, read back and parsed again, which cost the bridge about 1.5x
the CPU per chunk of a gRPC caller's whole relay. Here a call runs the same interceptor
(authentication, drain, text checks, metrics, error mapping) and the same servicer, in a task
of its own, and hands the servicer's messages over through a small buffer.

The bridge sees what a grpc.aio client sees: a streaming call's `read()` (``grpc.aio.EOF`` at
the end), `initial_metadata()`, `cancel()` and `done()`; a unary call is awaited; a failed call
raises `grpc.aio.AioRpcError` with the status, details and trailing metadata (the
google.rpc.Status details) the servicer ended it with; a cancelled call raises
`asyncio.CancelledError`, and cancelling it cancels the servicer's task at once (so the
upstream stream closes), as a client's cancel does over gRPC. A `timeout` is the call's
deadline (DEADLINE_EXCEEDED). The caller counts as a local one (a unix-socket peer), as the
bridge's channel did.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable
from typing import Any

import grpc

__all__ = ["AbortError", "InProcessChat"]

SERVICE = "/llmrouter.v1.ChatService/"
PEER = "unix:in-process"
MAX_BUFFERED = 16  # messages a stream may run ahead of its reader (gRPC's flow-control window)

_Metadata = tuple[tuple[str, Any], ...]


class AbortError(Exception):
    """`context.abort()`: ends the call with a status. Named as grpc's own, so that the
    interceptor lets it through untouched (`service.api.errors.is_abort`)."""

    def __init__(self, code: grpc.StatusCode, details: str, trailing: _Metadata) -> None:
        super().__init__(details)
        self.code, self.details, self.trailing = code, details, trailing


class _Details:
    """What an interceptor learns of a call before it runs (grpc.HandlerCallDetails)."""

    __slots__ = ("invocation_metadata", "method")

    def __init__(self, method: str, metadata: _Metadata) -> None:
        self.method = method
        self.invocation_metadata = metadata


class _Context:
    """The servicer context of an in-process call: the parts the servicers and the interceptor use."""

    __slots__ = ("_call", "_code", "_deadline")

    def __init__(self, call: _Call, deadline: float | None) -> None:
        self._call = call
        self._deadline = deadline
        self._code: grpc.StatusCode | None = None

    def peer(self) -> str:
        return PEER

    def peer_identities(self) -> None:
        return None

    def time_remaining(self) -> float | None:
        if self._deadline is None:
            return None
        return max(0.0, self._deadline - asyncio.get_running_loop().time())

    async def send_initial_metadata(self, metadata: Any) -> None:
        self._call.set_initial(tuple(metadata))

    async def abort(self, code: grpc.StatusCode, details: str = "", trailing_metadata: Any = ()) -> None:
        self._code = code
        raise AbortError(code, details, tuple(trailing_metadata or ()))

    def code(self) -> grpc.StatusCode | None:
        return self._code


class _Call:
    """One call: the servicer's task, its messages (or its result), how it ended."""

    def __init__(self, timeout: float | None) -> None:
        self._loop = asyncio.get_running_loop()
        self._timeout = timeout
        self._initial: asyncio.Future[_Metadata] = self._loop.create_future()
        self._buf: deque[Any] = deque()
        self._reader: asyncio.Future[None] | None = None  # read() waiting for a message
        self._writer: asyncio.Future[None] | None = None  # the servicer waiting for room
        self._error: grpc.aio.AioRpcError | None = None
        self._result: Any = None
        self._cancelled = False
        self._ended = False
        self._task: asyncio.Task[None] | None = None

    def context(self) -> _Context:
        deadline = None if self._timeout is None else self._loop.time() + self._timeout
        return _Context(self, deadline)

    def set_initial(self, metadata: _Metadata) -> None:
        if not self._initial.done():
            self._initial.set_result(metadata)

    @staticmethod
    def _wake(fut: asyncio.Future[None] | None) -> None:
        if fut is not None and not fut.done():
            fut.set_result(None)

    # ---------------------------------------------------------------- the servicer's side

    def start(self, body: Callable[[], Any]) -> None:
        self._task = self._loop.create_task(self._run(body))

    async def _run(self, body: Callable[[], Any]) -> None:
        try:
            async with asyncio.timeout(self._timeout):
                await body()
        except AbortError as exc:
            self._fail(exc.code, exc.details, exc.trailing)
        except TimeoutError:
            self._fail(grpc.StatusCode.DEADLINE_EXCEEDED, "Deadline Exceeded", ())
        except asyncio.CancelledError:
            self._cancelled = True
        except Exception as exc:  # pragma: no cover - the interceptor maps every error to a status
            self._fail(grpc.StatusCode.UNKNOWN, f"Unexpected {type(exc).__name__}: {exc}", ())
        finally:
            self._ended = True
            self.set_initial(())
            self._wake(self._reader)

    def _fail(self, code: grpc.StatusCode, details: str, trailing: _Metadata) -> None:
        initial = self._initial.result() if self._initial.done() else ()
        self._error = grpc.aio.AioRpcError(
            code, grpc.aio.Metadata(*initial), grpc.aio.Metadata(*trailing), details or None
        )

    async def put(self, message: Any) -> None:
        """A streamed message (the initial metadata, if not sent yet, goes with the first)."""
        self.set_initial(())
        self._buf.append(message)
        self._wake(self._reader)
        if len(self._buf) >= MAX_BUFFERED:
            self._writer = self._loop.create_future()
            try:
                await self._writer
            finally:
                self._writer = None

    def set_result(self, result: Any) -> None:
        self.set_initial(())
        self._result = result

    # ---------------------------------------------------------------- the caller's side

    async def read(self) -> Any:
        while not self._buf:
            if self._ended:
                if self._cancelled:
                    raise asyncio.CancelledError()
                if self._error is not None:
                    raise self._error
                return grpc.aio.EOF
            self._reader = self._loop.create_future()
            try:
                await self._reader
            except asyncio.CancelledError:
                self.cancel()  # the reader was cancelled: so is the call, as grpc.aio does
                raise
            finally:
                self._reader = None
        message = self._buf.popleft()
        self._wake(self._writer)
        return message

    def __aiter__(self) -> Any:
        return self._messages()

    async def _messages(self) -> Any:
        while True:
            message = await self.read()
            if message is grpc.aio.EOF:
                return
            yield message

    def __await__(self) -> Any:
        """A unary call's response."""
        assert self._task is not None
        try:
            yield from asyncio.shield(self._task).__await__()
        except asyncio.CancelledError:
            self.cancel()  # the awaiting task was cancelled: so is the call, as grpc.aio does
            raise
        if self._cancelled:
            raise asyncio.CancelledError()
        if self._error is not None:
            raise self._error
        return self._result

    async def initial_metadata(self) -> grpc.aio.Metadata:
        return grpc.aio.Metadata(*await asyncio.shield(self._initial))

    def cancel(self) -> bool:
        """Cancels the servicer's task (the upstream call closes); False once the call ended."""
        if self._ended or self._task is None:
            return False
        self._cancelled = True
        self._task.cancel()
        self._wake(self._reader)
        return True

    def cancelled(self) -> bool:
        return self._cancelled

    def done(self) -> bool:
        return self._ended


class InProcessChat:
    """A ChatService stub whose calls run here: `interceptor` around `servicer`'s methods.

    `interceptor` is a grpc.aio.ServerInterceptor (`intercept_service`); `servicer` a
    ChatService servicer. Each method takes (request, metadata=None, timeout=None) as a
    generated stub's does.
    """

    def __init__(self, interceptor: Any, servicer: Any) -> None:
        self._interceptor = interceptor
        self._handlers = {
            "StreamChat": grpc.unary_stream_rpc_method_handler(servicer.StreamChat),
            "Chat": grpc.unary_unary_rpc_method_handler(servicer.Chat),
            "CountTokens": grpc.unary_unary_rpc_method_handler(servicer.CountTokens),
            "Embed": grpc.unary_unary_rpc_method_handler(servicer.Embed),
            "ListModels": grpc.unary_unary_rpc_method_handler(servicer.ListModels),
        }

    async def _handler(self, name: str, metadata: _Metadata) -> Any:
        inner = self._handlers[name]

        async def continuation(_details: _Details) -> Any:
            return inner

        return await self._interceptor.intercept_service(continuation, _Details(SERVICE + name, metadata))

    def _stream(self, name: str, request: Any, metadata: Any, timeout: float | None) -> _Call:
        call = _Call(timeout)
        md = tuple(metadata or ())

        async def body() -> None:
            handler = await self._handler(name, md)
            async for message in handler.unary_stream(request, call.context()):
                await call.put(message)

        call.start(body)
        return call

    def _unary(self, name: str, request: Any, metadata: Any, timeout: float | None) -> _Call:
        call = _Call(timeout)
        md = tuple(metadata or ())

        async def body() -> None:
            handler = await self._handler(name, md)
            call.set_result(await handler.unary_unary(request, call.context()))

        call.start(body)
        return call

    def StreamChat(self, request: Any, metadata: Any = None, timeout: float | None = None) -> _Call:
        return self._stream("StreamChat", request, metadata, timeout)

    def Chat(self, request: Any, metadata: Any = None, timeout: float | None = None) -> _Call:
        return self._unary("Chat", request, metadata, timeout)

    def CountTokens(self, request: Any, metadata: Any = None, timeout: float | None = None) -> _Call:
        return self._unary("CountTokens", request, metadata, timeout)

    def Embed(self, request: Any, metadata: Any = None, timeout: float | None = None) -> _Call:
        return self._unary("Embed", request, metadata, timeout)

    def ListModels(self, request: Any, metadata: Any = None, timeout: float | None = None) -> _Call:
        return self._unary("ListModels", request, metadata, timeout)
