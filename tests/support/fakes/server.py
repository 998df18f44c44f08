"""The fake upstream HTTP server: a real HTTP/1.1 server on 127.0.0.1 that records each request
and answers with scripted replies (`JSONReply`, `SSEReply`), failing on cue.

Where replies come from, per request: first the FIFO filled by ``up.script(*replies)``; when it
is empty, a standing route ``up.route(path, reply, method=None)``; else 404 with an
OpenAI-style error body. A reply may also be a callable ``(RecordedRequest) -> reply`` (e.g.
to size a stream from the request's ``max_tokens``).

Replies:

* ``JSONReply(body, status=200, headers=None, delay=0.0)``: a whole body (dict/list as JSON,
  str/bytes verbatim) with Content-Length; ``delay`` seconds before the status line
  (``math.inf``: never answer, until the client gives up).
* ``SSEReply(frames, status=200, headers=None, headers_delay=0.0, first_delay=0.0,
  interval=0.0, delays=None, cut_after=None, cut="abort", chunk_size=None, chunk_delay=0.0,
  batch=1)``: ``text/event-stream`` with chunked transfer encoding. ``frames`` are raw SSE
  frames (bytes/str, each normally ending with a blank line; see `support.fakes.wire.sse`);
  ``first_delay`` before the first frame, ``interval`` between frames, ``delays={i: s}`` before
  frame i (``math.inf`` stalls); ``cut_after=n`` stops after n frames, either dropping the
  connection mid-body (``cut="abort"``) or ending the body cleanly (``cut="eof"``);
  ``chunk_size`` re-slices the whole body into pieces of that many bytes (tests frame
  reassembly); ``batch`` frames are written per chunk (benchmarks).

Recorded requests (``up.requests``, ``up.last``): ``method``, ``path``, ``query``,
``headers`` (lower-case names), ``body``, ``json()``, ``completed`` (the whole reply was
sent), ``disconnected`` (the client closed the connection before the reply was complete),
``await wait_disconnected(timeout) -> bool``. ``up.connections`` counts accepted TCP
connections (connection reuse), ``await up.wait_requests(n)``.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import math
import ssl as _ssl
from collections import deque
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

__all__ = ["FakeUpstream", "JSONReply", "RecordedRequest", "Reply", "SSEReply"]

_REASONS = {
    200: "OK",
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    408: "Request Timeout",
    413: "Payload Too Large",
    422: "Unprocessable Entity",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
    529: "Overloaded",
}


# ----------------------------------------------------------------------------- requests


@dataclass
class RecordedRequest:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes
    completed: bool = False
    disconnected: bool = False
    _closed: asyncio.Event = field(default_factory=asyncio.Event, repr=False)

    def json(self) -> Any:
        return json.loads(self.body)

    async def wait_disconnected(self, timeout: float = 2.0) -> bool:
        """True once the connection closed before the reply was complete."""
        try:
            async with asyncio.timeout(timeout):
                await self._closed.wait()
        except TimeoutError:
            pass
        return self.disconnected


# ----------------------------------------------------------------------------- replies


class _Closed(Exception):
    """The client went away."""


async def _sleep(seconds: float) -> None:
    if seconds == math.inf:
        await asyncio.Future()  # until cancelled (the client disconnects)
    elif seconds > 0:
        await asyncio.sleep(seconds)


def _status_line(status: int) -> bytes:
    return f"HTTP/1.1 {status} {_REASONS.get(status, 'Status')}\r\n".encode()


def _header_block(status: int, headers: dict[str, str]) -> bytes:
    lines = [_status_line(status)]
    for k, v in headers.items():
        lines.append(f"{k}: {v}\r\n".encode())
    lines.append(b"\r\n")
    return b"".join(lines)


@dataclass
class JSONReply:
    body: Any = None
    status: int = 200
    headers: dict[str, str] | None = None
    delay: float = 0.0

    def payload(self) -> tuple[bytes, str]:
        b = self.body
        if isinstance(b, bytes):
            return b, "application/octet-stream"
        if isinstance(b, str):
            return b.encode(), "text/plain; charset=utf-8"
        return json.dumps(b).encode(), "application/json"

    async def send(self, conn: _Conn, req: RecordedRequest) -> None:
        await _sleep(self.delay)
        data, ctype = self.payload()
        headers = {"content-type": ctype, "content-length": str(len(data))}
        headers.update(self.headers or {})
        conn.write(_header_block(self.status, headers) + data)
        await conn.drain()


@dataclass
class SSEReply:
    frames: Sequence[bytes | str]
    status: int = 200
    headers: dict[str, str] | None = None
    headers_delay: float = 0.0
    first_delay: float = 0.0
    interval: float = 0.0
    delays: dict[int, float] | None = None
    cut_after: int | None = None
    cut: str = "abort"  # "abort": drop the connection mid-body; "eof": end the body cleanly
    chunk_size: int | None = None
    chunk_delay: float = 0.0
    batch: int = 1

    def _frames(self) -> list[bytes]:
        out = [f.encode() if isinstance(f, str) else f for f in self.frames]
        if self.cut_after is not None:
            out = out[: self.cut_after]
        return out

    async def send(self, conn: _Conn, req: RecordedRequest) -> None:
        await _sleep(self.headers_delay)
        headers = {"content-type": "text/event-stream", "cache-control": "no-cache", "transfer-encoding": "chunked"}
        headers.update(self.headers or {})
        conn.write(_header_block(self.status, headers))
        await conn.drain()
        frames = self._frames()
        write_chunk = conn.write_chunk
        if self.chunk_size:
            body = b"".join(frames)
            await _sleep(self.first_delay)
            for i in range(0, len(body), self.chunk_size):
                write_chunk(body[i : i + self.chunk_size])
                await conn.drain()
                if self.chunk_delay:
                    await asyncio.sleep(self.chunk_delay)
        else:
            delays = self.delays or {}
            interval = self.interval
            batch = max(1, self.batch)
            timed = bool(delays or interval or self.first_delay)
            if not timed and batch > 1:
                for i in range(0, len(frames), batch):
                    write_chunk(b"".join(frames[i : i + batch]))
                    await conn.drain()
            else:
                for i, frame in enumerate(frames):
                    d = delays.get(i, self.first_delay if i == 0 else interval)
                    if d:
                        await _sleep(d)
                    write_chunk(frame)
                    await conn.drain()
        if self.cut_after is not None and self.cut == "abort":
            req.completed = True  # the script ran to its end: the cut is ours, not the client's
            conn.abort()
            raise _Closed()
        conn.write(b"0\r\n\r\n")
        await conn.drain()


Reply = JSONReply | SSEReply | Callable[[RecordedRequest], Any]


def _no_reply(rec: RecordedRequest) -> JSONReply:
    """404 with an OpenAI-style error body (what an unknown path gets)."""
    return JSONReply(
        {
            "error": {
                "message": f"fake upstream: no reply for {rec.method} {rec.path}",
                "type": "invalid_request_error",
                "param": None,
                "code": "not_found",
            }
        },
        status=404,
    )


# ----------------------------------------------------------------------------- server


class _Conn(asyncio.Protocol):
    def __init__(self, up: FakeUpstream) -> None:
        self.up = up
        self.buf = bytearray()
        self.transport: asyncio.Transport | None = None
        self.task: asyncio.Task | None = None
        self.current: RecordedRequest | None = None
        self.closed = False
        self._paused = False
        self._drain: asyncio.Future | None = None
        self._keep_alive = True

    # protocol callbacks
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]
        self.up.connections += 1
        self.up._conns.add(self)

    def data_received(self, data: bytes) -> None:
        self.buf += data
        if self.task is None:
            self._dispatch()

    def eof_received(self) -> bool | None:
        return None  # close our side too

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        self.up._conns.discard(self)
        rec = self.current
        if rec is not None and not rec.completed:
            rec.disconnected = True
        if rec is not None:
            rec._closed.set()
        if self.task is not None:
            self.task.cancel()
        if self._drain is not None and not self._drain.done():
            self._drain.set_exception(ConnectionResetError())

    def pause_writing(self) -> None:
        self._paused = True

    def resume_writing(self) -> None:
        self._paused = False
        if self._drain is not None and not self._drain.done():
            self._drain.set_result(None)
        self._drain = None

    # writing
    def write(self, data: bytes) -> None:
        if self.closed or self.transport is None or self.transport.is_closing():
            raise _Closed()
        self.transport.write(data)

    def write_chunk(self, data: bytes) -> None:
        if data:
            self.write(b"%x\r\n%b\r\n" % (len(data), data))

    async def drain(self) -> None:
        if self.closed:
            raise _Closed()
        if self._paused:
            if self._drain is None:
                self._drain = asyncio.get_running_loop().create_future()
            try:
                await self._drain
            except ConnectionResetError:
                raise _Closed() from None

    def abort(self) -> None:
        if self.transport is not None:
            self.transport.abort()

    # requests
    def _dispatch(self) -> None:
        end = self.buf.find(b"\r\n\r\n")
        if end < 0:
            return
        head = bytes(self.buf[:end]).decode("latin-1")
        lines = head.split("\r\n")
        try:
            method, target, _version = lines[0].split(" ", 2)
        except ValueError:
            self.abort()
            return
        headers: dict[str, str] = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        length = int(headers.get("content-length") or 0)
        if len(self.buf) < end + 4 + length:
            return
        body = bytes(self.buf[end + 4 : end + 4 + length])
        del self.buf[: end + 4 + length]
        parts = urlsplit(target)
        rec = RecordedRequest(method, parts.path, parse_qs(parts.query), headers, body)
        self._keep_alive = headers.get("connection", "").lower() != "close"
        self.up.requests.append(rec)
        self.up._arrived.set()
        self.current = rec
        self.task = asyncio.get_running_loop().create_task(self._handle(rec))

    async def _handle(self, rec: RecordedRequest) -> None:
        try:
            reply = self.up._reply_for(rec)
            await reply.send(self, rec)
            rec.completed = True
        except (_Closed, ConnectionError, asyncio.CancelledError):
            pass
        except Exception as exc:  # a broken reply: answer 500 so the test sees something
            with contextlib.suppress(_Closed):
                self.write(_header_block(500, {"content-length": str(len(repr(exc).encode()))}) + repr(exc).encode())
        finally:
            self.task = None
            if self.closed:
                rec._closed.set()
            elif not self._keep_alive:
                if self.transport is not None:
                    self.transport.close()
            elif self.buf:
                self._dispatch()


class FakeUpstream:
    """A fake upstream HTTP server. See the module docstring."""

    def __init__(self) -> None:
        self.requests: list[RecordedRequest] = []
        self.connections = 0
        self._script: deque[Reply] = deque()
        self._routes: dict[tuple[str | None, str], Reply] = {}
        self._conns: set[_Conn] = set()
        self._server: asyncio.AbstractServer | None = None
        self._arrived = asyncio.Event()
        self.host = "127.0.0.1"
        self.port = 0
        self.scheme = "http"

    # lifecycle
    @classmethod
    @contextlib.asynccontextmanager
    async def start(
        cls, host: str = "127.0.0.1", port: int = 0, ssl: _ssl.SSLContext | None = None
    ) -> AsyncIterator[FakeUpstream]:
        up = await cls.create(host, port, ssl)
        try:
            yield up
        finally:
            await up.close()

    @classmethod
    async def create(cls, host: str = "127.0.0.1", port: int = 0, ssl: _ssl.SSLContext | None = None) -> FakeUpstream:
        """ssl: serve HTTPS (HTTP/1.1 only) with this server context."""
        up = cls()
        up.scheme = "https" if ssl is not None else "http"
        loop = asyncio.get_running_loop()
        up._server = await loop.create_server(lambda: _Conn(up), host, port, ssl=ssl)
        sock = up._server.sockets[0]
        up.host, up.port = sock.getsockname()[:2]
        return up

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
        for c in list(self._conns):
            c.abort()
        if self._server is not None:
            with contextlib.suppress(Exception):
                async with asyncio.timeout(2):
                    await self._server.wait_closed()
            self._server = None

    # addresses
    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT``: an Anthropic-type provider's base_url."""
        return f"{self.scheme}://{self.host}:{self.port}"

    @property
    def openai_base_url(self) -> str:
        """``base_url + "/v1"``: an OpenAI-type provider's base_url."""
        return f"{self.base_url}/v1"

    # scripting
    def script(self, *replies: Reply) -> FakeUpstream:
        """Replies for the next requests, in order (whatever their path)."""
        self._script.extend(replies)
        return self

    def route(self, path: str, reply: Reply, method: str | None = None) -> FakeUpstream:
        """A standing reply for `path` (used when the script is empty)."""
        self._routes[(method.upper() if method else None, path)] = reply
        return self

    def clear(self) -> None:
        self._script.clear()
        self._routes.clear()
        self.requests.clear()

    @property
    def last(self) -> RecordedRequest:
        return self.requests[-1]

    async def wait_requests(self, n: int, timeout: float = 2.0) -> list[RecordedRequest]:
        async with asyncio.timeout(timeout):
            while len(self.requests) < n:
                self._arrived.clear()
                await self._arrived.wait()
        return self.requests

    def _reply_for(self, rec: RecordedRequest) -> Any:
        if self._script:
            reply = self._script.popleft()
        else:
            reply = self._routes.get((rec.method, rec.path)) or self._routes.get((None, rec.path))
            if reply is None:
                reply = _no_reply(rec)
        while callable(reply) and not hasattr(reply, "send"):
            reply = reply(rec)
        return reply
