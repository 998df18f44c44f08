"""Fake upstream LLM servers: a real HTTP/1.1 server on 127.0.0.1 that replays wire fixtures
and fails on cue. Used by the backend tests, the gRPC-level tests and the benchmark.

Quick start::

    from support.fakes.upstream import FakeUpstream, SSEReply, JSONReply, openai_stream, openai_error

    async with FakeUpstream.start() as up:
        provider = ProviderConfig(id="p", display_name="P", api_type=ApiType.OPENAI,
                                  base_url=up.openai_base_url, api_key="sk-test")
        up.script(openai_stream(["Hel", "lo"]))          # the next request gets this reply
        ... call the backend / the gRPC server ...
        req = up.requests[-1]                            # what the fake received
        req.path, req.headers["authorization"], req.json()["messages"]
        assert await req.wait_disconnected(1.0)          # the client hung up early?

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
  frames (bytes/str, each normally ending with a blank line; see `sse()`); ``first_delay``
  before the first frame, ``interval`` between frames, ``delays={i: s}`` before frame i
  (``math.inf`` stalls); ``cut_after=n`` stops after n frames, either dropping the connection
  mid-body (``cut="abort"``) or ending the body cleanly (``cut="eof"``); ``chunk_size``
  re-slices the whole body into pieces of that many bytes (tests frame reassembly);
  ``batch`` frames are written per chunk (benchmarks).
* ``fixture_reply("openai/chat_stream_text.sse", **kw)`` loads ``tests/fixtures/wire/...``:
  ``.sse`` files become an SSEReply (their leading ``:`` comment lines are valid SSE and are
  sent too), ``.json`` files hold ``{"_source", "status", "headers", "body"}``.

Builders: `openai_stream`, `openai_text_stream` (n generated chunks, prebuilt, for
benchmarks), `openai_completion`, `openai_error`, `openai_models`, `openai_embeddings`,
`anthropic_stream`, `anthropic_text_stream`, `anthropic_message`, `anthropic_error`,
`anthropic_models`, `sse`.

Recorded requests (``up.requests``, ``up.last``): ``method``, ``path``, ``query``,
``headers`` (lower-case names), ``body``, ``json()``, ``completed`` (the whole reply was
sent), ``disconnected`` (the client closed the connection before the reply was complete),
``await wait_disconnected(timeout) -> bool``. ``up.connections`` counts accepted TCP
connections (connection reuse), ``await up.wait_requests(n)``.

Stand-alone (benchmarks in another process)::

    python tests/fakes/upstream.py --port 8900 --chunks 1000 --batch 16

serves ``/v1/chat/completions`` and ``/v1/messages`` streams of ``--chunks`` text chunks (a
request's ``max_tokens`` overrides the count) and ``/v1/models``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import math
from collections import deque
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

__all__ = [
    "FIXTURES",
    "FakeUpstream",
    "JSONReply",
    "RecordedRequest",
    "Reply",
    "SSEReply",
    "anthropic_error",
    "anthropic_message",
    "anthropic_models",
    "anthropic_stream",
    "anthropic_text_stream",
    "fixture_reply",
    "load_fixture",
    "openai_chunk",
    "openai_completion",
    "openai_embeddings",
    "openai_error",
    "openai_models",
    "openai_stream",
    "openai_text_stream",
    "sse",
]

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "wire"

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

    # lifecycle
    @classmethod
    @contextlib.asynccontextmanager
    async def start(cls, host: str = "127.0.0.1", port: int = 0) -> AsyncIterator[FakeUpstream]:
        up = await cls.create(host, port)
        try:
            yield up
        finally:
            await up.close()

    @classmethod
    async def create(cls, host: str = "127.0.0.1", port: int = 0) -> FakeUpstream:
        up = cls()
        loop = asyncio.get_running_loop()
        up._server = await loop.create_server(lambda: _Conn(up), host, port)
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
        return f"http://{self.host}:{self.port}"

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
                reply = openai_error(404, f"fake upstream: no reply for {rec.method} {rec.path}", code="not_found")
        while callable(reply) and not hasattr(reply, "send"):
            reply = reply(rec)
        return reply


# ----------------------------------------------------------------------------- fixtures and builders


def load_fixture(name: str) -> bytes:
    """Bytes of ``tests/fixtures/wire/<name>`` (e.g. ``"openai/chat_stream_text.sse"``)."""
    return (FIXTURES / name).read_bytes()


def split_frames(raw: bytes) -> list[bytes]:
    """Splits an SSE body into frames at blank lines (LF or CRLF), each keeping its terminator."""
    frames: list[bytes] = []
    pos = 0
    n = len(raw)
    while pos < n:
        a = raw.find(b"\n\n", pos)
        b = raw.find(b"\r\n\r\n", pos)
        cands = [(a, 2), (b, 4)]
        cands = [(i, k) for i, k in cands if i >= 0]
        if not cands:
            frames.append(raw[pos:])
            break
        i, k = min(cands)
        frames.append(raw[pos : i + k])
        pos = i + k
    return frames


def fixture_reply(name: str, **kw: Any) -> JSONReply | SSEReply:
    """A reply replaying a wire fixture; keyword arguments go to the reply class."""
    raw = load_fixture(name)
    if name.endswith(".json"):
        doc = json.loads(raw)
        return JSONReply(doc.get("body"), status=doc.get("status", 200), headers=doc.get("headers"), **kw)
    return SSEReply(split_frames(raw), **kw)


def sse(data: Any, event: str | None = None) -> bytes:
    """One SSE frame; `data` dicts/lists become JSON, multi-line strings several data lines."""
    text = data if isinstance(data, str) else json.dumps(data, separators=(",", ":"))
    head = f"event: {event}\n" if event else ""
    return (head + "".join(f"data: {line}\n" for line in text.split("\n")) + "\n").encode()


_OAI_ID = "chatcmpl-fake0001"


def openai_chunk(
    content: str | None = None,
    *,
    reasoning: str | None = None,
    tool_calls: list[dict[str, Any]] | None = None,
    finish_reason: str | None = None,
    role: str | None = None,
    model: str = "gpt-test",
) -> dict[str, Any]:
    delta: dict[str, Any] = {}
    if role:
        delta["role"] = role
    if content is not None:
        delta["content"] = content
    if reasoning is not None:
        delta["reasoning_content"] = reasoning
    if tool_calls is not None:
        delta["tool_calls"] = tool_calls
    return {
        "id": _OAI_ID,
        "object": "chat.completion.chunk",
        "created": 1700000000,
        "model": model,
        "choices": [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish_reason}],
    }


def openai_usage_chunk(
    prompt: int = 10, completion: int = 5, cached: int = 0, model: str = "gpt-test"
) -> dict[str, Any]:
    return {
        "id": _OAI_ID,
        "object": "chat.completion.chunk",
        "created": 1700000000,
        "model": model,
        "choices": [],
        "usage": {
            "prompt_tokens": prompt,
            "completion_tokens": completion,
            "total_tokens": prompt + completion,
            "prompt_tokens_details": {"cached_tokens": cached},
        },
    }


def openai_stream(
    texts: Sequence[str],
    *,
    finish_reason: str = "stop",
    usage: tuple[int, int, int] | None = (10, 5, 0),
    done: bool = True,
    model: str = "gpt-test",
    **kw: Any,
) -> SSEReply:
    """A Chat Completions stream: role chunk, one chunk per text, finish, usage, [DONE]."""
    frames = [sse(openai_chunk("", role="assistant", model=model))]
    frames += [sse(openai_chunk(t, model=model)) for t in texts]
    frames.append(sse(openai_chunk(None, finish_reason=finish_reason, model=model)))
    if usage is not None:
        frames.append(sse(openai_usage_chunk(*usage, model=model)))
    if done:
        frames.append(b"data: [DONE]\n\n")
    return SSEReply(frames, **kw)


def openai_text_stream(n: int, token: str = "tok ", *, batch: int = 16, model: str = "gpt-test", **kw: Any) -> SSEReply:
    """`n` text chunks, prebuilt for speed (benchmarks); written `batch` frames per HTTP chunk."""
    tmpl = (
        'data: {"id":"%s","object":"chat.completion.chunk","created":1700000000,"model":"%s",'
        '"choices":[{"index":0,"delta":{"content":%s},"logprobs":null,"finish_reason":null}]}\n\n'
        % (_OAI_ID, model, json.dumps(token))
    ).encode()
    frames = [sse(openai_chunk("", role="assistant", model=model))]
    frames += [tmpl] * n
    frames.append(sse(openai_chunk(None, finish_reason="stop", model=model)))
    frames.append(sse(openai_usage_chunk(10, n, 0, model=model)))
    frames.append(b"data: [DONE]\n\n")
    return SSEReply(frames, batch=batch, **kw)


def openai_completion(
    text: str = "Hello!",
    *,
    tool_calls: list[dict[str, Any]] | None = None,
    finish_reason: str = "stop",
    usage: tuple[int, int, int] = (10, 5, 0),
    reasoning: str | None = None,
    model: str = "gpt-test",
) -> JSONReply:
    msg: dict[str, Any] = {"role": "assistant", "content": text, "refusal": None}
    if tool_calls:
        msg["tool_calls"] = tool_calls
    if reasoning is not None:
        msg["reasoning_content"] = reasoning
    p, c, cached = usage
    return JSONReply(
        {
            "id": "chatcmpl-fake0002",
            "object": "chat.completion",
            "created": 1700000000,
            "model": model,
            "choices": [{"index": 0, "message": msg, "logprobs": None, "finish_reason": finish_reason}],
            "usage": {
                "prompt_tokens": p,
                "completion_tokens": c,
                "total_tokens": p + c,
                "prompt_tokens_details": {"cached_tokens": cached},
            },
        }
    )


def openai_error(
    status: int,
    message: str,
    *,
    type: str = "invalid_request_error",
    code: str | None = None,
    param: str | None = None,
    headers: dict[str, str] | None = None,
    delay: float = 0.0,
) -> JSONReply:
    return JSONReply(
        {"error": {"message": message, "type": type, "param": param, "code": code}},
        status=status,
        headers=headers,
        delay=delay,
    )


def openai_models(ids: Sequence[str], owned_by: str = "system") -> JSONReply:
    return JSONReply(
        {
            "object": "list",
            "data": [{"id": i, "object": "model", "created": 1700000000, "owned_by": owned_by} for i in ids],
        }
    )


def openai_embeddings(
    vectors: Sequence[Sequence[float]], *, prompt_tokens: int = 8, shuffle: bool = False, model: str = "emb-test"
) -> JSONReply:
    data = [{"object": "embedding", "index": i, "embedding": list(v)} for i, v in enumerate(vectors)]
    if shuffle:
        data.reverse()
    return JSONReply(
        {
            "object": "list",
            "data": data,
            "model": model,
            "usage": {"prompt_tokens": prompt_tokens, "total_tokens": prompt_tokens},
        }
    )


def _anthropic_start(model: str, input_tokens: int, cache_read: int, cache_creation: int) -> dict[str, Any]:
    return {
        "type": "message_start",
        "message": {
            "id": "msg_fake0001",
            "type": "message",
            "role": "assistant",
            "model": model,
            "content": [],
            "stop_reason": None,
            "stop_sequence": None,
            "usage": {
                "input_tokens": input_tokens,
                "cache_creation_input_tokens": cache_creation,
                "cache_read_input_tokens": cache_read,
                "output_tokens": 1,
            },
        },
    }


def anthropic_stream(
    texts: Sequence[str],
    *,
    stop_reason: str = "end_turn",
    input_tokens: int = 10,
    output_tokens: int = 5,
    cache_read: int = 0,
    cache_creation: int = 0,
    stop: bool = True,
    model: str = "claude-test",
    **kw: Any,
) -> SSEReply:
    """A Messages stream with one text block (a ping after its start)."""
    frames = [
        sse(_anthropic_start(model, input_tokens, cache_read, cache_creation), "message_start"),
        sse(
            {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}},
            "content_block_start",
        ),
        sse({"type": "ping"}, "ping"),
    ]
    frames += [
        sse(
            {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": t}},
            "content_block_delta",
        )
        for t in texts
    ]
    frames.append(sse({"type": "content_block_stop", "index": 0}, "content_block_stop"))
    frames.append(
        sse(
            {
                "type": "message_delta",
                "delta": {"stop_reason": stop_reason, "stop_sequence": None},
                "usage": {"output_tokens": output_tokens},
            },
            "message_delta",
        )
    )
    if stop:
        frames.append(sse({"type": "message_stop"}, "message_stop"))
    return SSEReply(frames, **kw)


def anthropic_text_stream(
    n: int, token: str = "tok ", *, batch: int = 16, model: str = "claude-test", **kw: Any
) -> SSEReply:
    """`n` text deltas, prebuilt for speed (benchmarks)."""
    reply = anthropic_stream([], output_tokens=n, model=model, batch=batch, **kw)
    delta = sse(
        {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": token}},
        "content_block_delta",
    )
    frames = list(reply.frames)
    reply.frames = frames[:3] + [delta] * n + frames[3:]
    return reply


def anthropic_message(
    text: str = "Hello!",
    *,
    tool_uses: list[dict[str, Any]] | None = None,
    thinking: str | None = None,
    stop_reason: str = "end_turn",
    input_tokens: int = 10,
    output_tokens: int = 5,
    cache_read: int = 0,
    cache_creation: int = 0,
    model: str = "claude-test",
) -> JSONReply:
    content: list[dict[str, Any]] = []
    if thinking is not None:
        content.append({"type": "thinking", "thinking": thinking, "signature": "sig-fake"})
    if text:
        content.append({"type": "text", "text": text})
    for tu in tool_uses or ():
        content.append({"type": "tool_use", **tu})
    return JSONReply(
        {
            "id": "msg_fake0002",
            "type": "message",
            "role": "assistant",
            "model": model,
            "content": content,
            "stop_reason": stop_reason,
            "stop_sequence": None,
            "usage": {
                "input_tokens": input_tokens,
                "cache_creation_input_tokens": cache_creation,
                "cache_read_input_tokens": cache_read,
                "output_tokens": output_tokens,
            },
        }
    )


def anthropic_error(
    status: int,
    message: str,
    *,
    type: str = "invalid_request_error",
    headers: dict[str, str] | None = None,
    delay: float = 0.0,
) -> JSONReply:
    return JSONReply(
        {"type": "error", "error": {"type": type, "message": message}}, status=status, headers=headers, delay=delay
    )


def anthropic_models(ids: Sequence[str]) -> JSONReply:
    data = [{"type": "model", "id": i, "display_name": i, "created_at": "2025-01-01T00:00:00Z"} for i in ids]
    return JSONReply(
        {"data": data, "has_more": False, "first_id": ids[0] if ids else None, "last_id": ids[-1] if ids else None}
    )


# ----------------------------------------------------------------------------- stand-alone server


def _bench_routes(up: FakeUpstream, chunks: int, batch: int, token: str, interval: float = 0.0) -> None:
    def oai(rec: RecordedRequest) -> Any:
        body = rec.json()
        n = int(body.get("max_completion_tokens") or body.get("max_tokens") or chunks)
        if body.get("stream"):
            if interval:  # paced: one frame per write, `interval` seconds apart
                return openai_text_stream(n, token, batch=1, interval=interval)
            return openai_text_stream(n, token, batch=batch)
        return openai_completion(token * n, usage=(10, n, 0))

    def anth(rec: RecordedRequest) -> Any:
        body = rec.json()
        n = int(body.get("max_tokens") or chunks)
        if body.get("stream"):
            return anthropic_text_stream(n, token, batch=batch)
        return anthropic_message(token * n, output_tokens=n)

    up.route("/v1/chat/completions", oai)
    up.route("/v1/messages", anth)
    up.route("/v1/models", openai_models(["gpt-test", "claude-test"]))
    # A provider whose base_url ends in /fail/v1 fails fast (fallback benchmarks).
    up.route("/fail/v1/chat/completions", openai_error(500, "bench failure", type="server_error"))


async def _serve(port: int, chunks: int, batch: int, token: str, interval: float = 0.0) -> None:
    async with FakeUpstream.start(port=port) as up:
        _bench_routes(up, chunks, batch, token, interval)
        print(f"fake upstream on {up.base_url} (OpenAI base_url {up.openai_base_url})", flush=True)
        await asyncio.Future()


def main() -> None:
    ap = argparse.ArgumentParser(description="Fake OpenAI/Anthropic upstream for benchmarks")
    ap.add_argument("--port", type=int, default=8900)
    ap.add_argument("--chunks", type=int, default=1000)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--token", default="tok ")
    ap.add_argument("--interval", type=float, default=0.0, help="seconds between frames (paced streams)")
    args = ap.parse_args()
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(args.port, args.chunks, args.batch, args.token, args.interval))


if __name__ == "__main__":
    main()
