"""What the HTTP cloud adapters share: timeouts, the pooled client, error mapping, redaction,
deadlines, and the SSE stream reader with its cheap read watchdog.

Timeouts (all capped by the caller's absolute `deadline`, a `time.monotonic()` value):

* connect: TCP/TLS connection set-up (httpx's own connect timeout);
* headers: from sending the request to the response headers (connect included);
* first token: from the response headers to the first content delta of a stream;
* idle: the longest wait for any bytes of a stream (keep-alive comments and pings count).

A non-streaming call receives its headers only once the answer is generated, so it may wait
``header_s + first_token_s`` for them (`HttpTimeouts.unary_s`).

Every timeout raises `DeadlineExceeded(reason=UPSTREAM_TIMEOUT)` with metadata
``timeout`` = ``connect`` | ``headers`` | ``first_token`` | ``idle`` | ``deadline`` (the last one when
the caller's deadline was the binding limit).
"""

from __future__ import annotations

import asyncio
import email.utils
import json
import re
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx

from service.backends.sse import SSEDecoder, SSEEvent
from service.core.chat import ChatRequest, GenerationConfig, Message, Role
from service.core.config import ProviderConfig
from service.core.errors import (
    DeadlineExceeded,
    InvalidArgument,
    NotFound,
    PermissionDenied,
    Reason,
    ResourceExhausted,
    RouterError,
    Unauthenticated,
    Unavailable,
)
from service.core.ports import VerifyFailure, VerifyResult

__all__ = [
    "MAX_UPSTREAM_MESSAGE",
    "REDACTED",
    "HttpBackendMixin",
    "HttpTimeouts",
    "UpstreamStream",
    "check_deadline",
    "error_for",
    "error_from_response",
    "error_from_transport",
    "make_client",
    "parse_retry_after",
    "redact",
    "remaining",
    "run_verify",
    "timeout_error",
    "upstream_text",
]

MAX_UPSTREAM_MESSAGE = 512  # characters of upstream error text kept in messages and metadata
MAX_ERROR_BODY = 64 * 1024  # bytes of an error body read from upstream
REDACTED = "[REDACTED]"
USER_AGENT = "llmrouter/0.1"


# ----------------------------------------------------------------------------- timeouts


@dataclass(frozen=True)
class HttpTimeouts:
    connect_s: float = 5.0
    header_s: float = 60.0
    first_token_s: float = 60.0
    idle_s: float = 60.0

    @classmethod
    def from_settings(cls, settings: Any) -> HttpTimeouts:
        return cls(
            connect_s=float(settings.connect_timeout_s),
            header_s=float(settings.header_timeout_s),
            first_token_s=float(settings.first_token_timeout_s),
            idle_s=float(settings.idle_timeout_s),
        )

    @property
    def unary_s(self) -> float:
        """Longest wait for the headers of a non-streaming generation."""
        return self.header_s + self.first_token_s


def make_client(
    timeouts: HttpTimeouts,
    *,
    headers: dict[str, str] | None = None,
    http2: bool = True,
    max_connections: int = 1000,
    max_keepalive_connections: int = 100,
    keepalive_expiry_s: float = 30.0,
) -> httpx.AsyncClient:
    """One pooled client per provider backend.

    Only the connect timeout is httpx's: header, first-token and idle limits are enforced by
    the adapters (they depend on the phase of a stream), and pool waits count towards the
    header limit.
    """
    all_headers = {"user-agent": USER_AGENT}
    all_headers.update(headers or {})
    return httpx.AsyncClient(
        http2=http2,
        headers=all_headers,
        timeout=httpx.Timeout(connect=timeouts.connect_s, read=None, write=None, pool=None),
        limits=httpx.Limits(
            max_connections=max_connections,
            max_keepalive_connections=max_keepalive_connections,
            keepalive_expiry=keepalive_expiry_s,
        ),
        follow_redirects=False,
    )


# ----------------------------------------------------------------------------- deadlines


def remaining(deadline: float | None) -> float | None:
    """Seconds left before `deadline` (monotonic), None when there is none."""
    return None if deadline is None else deadline - time.monotonic()


def check_deadline(provider: ProviderConfig, deadline: float | None) -> None:
    if deadline is not None and time.monotonic() >= deadline:
        raise timeout_error(provider, "deadline")


def _loop_deadline(loop: asyncio.AbstractEventLoop, deadline: float | None) -> float | None:
    """The monotonic `deadline` on the loop's clock (they are the same clock for asyncio)."""
    if deadline is None:
        return None
    return deadline - time.monotonic() + loop.time()


# ----------------------------------------------------------------------------- redaction


def redact(text: str, secret: str, *, min_len: int = 8) -> str:
    """Removes `secret` and every substring of it at least `min_len` long from `text`."""
    if not text or not secret:
        return text
    if secret in text:
        text = text.replace(secret, REDACTED)
    k = min(min_len, len(secret))
    n = len(text)
    if n < k:
        return text
    grams = {secret[i : i + k] for i in range(len(secret) - k + 1)}
    spans: list[list[int]] = []
    for i in range(n - k + 1):
        if text[i : i + k] in grams:
            if spans and i <= spans[-1][1]:
                spans[-1][1] = i + k
            else:
                spans.append([i, i + k])
    if not spans:
        return text
    out: list[str] = []
    pos = 0
    for a, b in spans:
        out.append(text[pos:a])
        out.append(REDACTED)
        pos = b
    out.append(text[pos:])
    return "".join(out)


def upstream_text(text: str, secret: str, limit: int = MAX_UPSTREAM_MESSAGE) -> str:
    """Upstream text made safe to show: redacted, whitespace-collapsed, at most `limit` chars."""
    text = " ".join(text[: limit * 8].split())
    text = redact(text, secret)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return text


# ----------------------------------------------------------------------------- error mapping


def parse_retry_after(headers: httpx.Headers | dict[str, str], *, now: float | None = None) -> float | None:
    """Seconds to wait from `retry-after-ms`, or `Retry-After` (seconds or an HTTP-date)."""
    get = headers.get
    ms = get("retry-after-ms")
    if ms:
        try:
            v = float(ms) / 1000.0
            if v >= 0:
                return v
        except ValueError:
            pass
    ra = get("retry-after")
    if not ra:
        return None
    ra = ra.strip()
    try:
        v = float(ra)
        return v if v >= 0 else None
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(ra)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    ref = datetime.now(UTC).timestamp() if now is None else now
    return max(0.0, when.timestamp() - ref)


_CTX_RE = re.compile(
    r"context[_ ]length|context window|maximum context|prompt is too long|too many (?:input |prompt )?tokens"
    r"|input is too long|reduce the length of the (?:messages|prompt|input)",
    re.IGNORECASE,
)
_MODEL_MISSING_RE = re.compile(
    r"\bmodel\b[^\n]{0,200}?(?:not found|does not exist|do not exist|doesn't exist|not exist)", re.IGNORECASE
)

_AUTH, _PERM, _NOT_FOUND, _CTX, _BAD, _TIMEOUT, _RATE, _UNAVAIL = range(8)

_TYPE_CLASS = {
    "authentication_error": _AUTH,
    "invalid_api_key": _AUTH,
    "unauthorized": _AUTH,
    "permission_error": _PERM,
    "permission_denied": _PERM,
    "billing_error": _PERM,
    "not_found_error": _NOT_FOUND,
    "model_not_found": _NOT_FOUND,
    "rate_limit_error": _RATE,
    "rate_limit_exceeded": _RATE,
    "insufficient_quota": _RATE,
    "timeout_error": _TIMEOUT,
    "context_length_exceeded": _CTX,
    "invalid_request_error": _BAD,
    "invalid_request": _BAD,
    "bad_request": _BAD,
    "request_too_large": _CTX,
}


def _classify(status: int | None, etype: str, code: str, message: str) -> int:
    if code == "context_length_exceeded" or etype == "context_length_exceeded":
        return _CTX
    if status is None:
        for c in (code, etype):
            if c.isdigit():
                status = int(c)
                break
    if status is None:
        cls = _TYPE_CLASS.get(code, _TYPE_CLASS.get(etype, _UNAVAIL))
        if cls != _BAD:
            return cls
        status = 400
    if status == 401:
        return _AUTH
    if status in (402, 403):
        return _PERM
    if status == 404:
        return _NOT_FOUND
    if status == 408:
        return _TIMEOUT
    if status == 413:
        return _CTX
    if status == 429:
        return _RATE
    if 400 <= status < 500:
        if _CTX_RE.search(message):
            return _CTX
        if code == "model_not_found" or etype == "not_found_error" or _MODEL_MISSING_RE.search(message):
            return _NOT_FOUND
        return _BAD
    return _UNAVAIL


def error_for(
    provider: ProviderConfig,
    *,
    status: int | None,
    message: str,
    etype: str = "",
    code: str = "",
    retry_after: float | None = None,
) -> RouterError:
    """The domain error for an upstream error answer (HTTP status, or an in-stream error)."""
    secret = provider.api_key
    msg = upstream_text(message or "", secret)
    etype = upstream_text(str(etype or ""), secret, 64)
    code = upstream_text(str(code or ""), secret, 64)
    pid = provider.id
    meta = {"provider": pid, "upstream_message": msg}
    if status is not None:
        meta["upstream_status"] = str(status)
        where = f"HTTP {status}"
    else:
        where = f"in-stream error {etype or code or 'error'}"
    if etype:
        meta["upstream_error_type"] = etype
    if code:
        meta["upstream_error_code"] = code
    tail = f" ({where}): {msg}" if msg else f" ({where})"
    cls = _classify(status, etype, code, msg)
    if cls == _AUTH:
        return Unauthenticated(
            f"provider {pid!r} rejected its API key{tail}", reason=Reason.PROVIDER_CREDENTIAL_REJECTED, metadata=meta
        )
    if cls == _PERM:
        return PermissionDenied(
            f"provider {pid!r} refused access with its API key{tail}",
            reason=Reason.PROVIDER_PERMISSION_DENIED,
            metadata=meta,
        )
    if cls == _NOT_FOUND:
        return NotFound(
            f"provider {pid!r} does not know the model{tail}", reason=Reason.UPSTREAM_MODEL_NOT_FOUND, metadata=meta
        )
    if cls == _CTX:
        return InvalidArgument(
            f"provider {pid!r} says the prompt exceeds the model's context length{tail}",
            reason=Reason.CONTEXT_LENGTH_EXCEEDED,
            metadata=meta,
        )
    if cls == _BAD:
        return InvalidArgument(
            f"provider {pid!r} rejected the request{tail}", reason=Reason.UPSTREAM_BAD_REQUEST, metadata=meta
        )
    if cls == _TIMEOUT:
        meta["timeout"] = "upstream"
        return DeadlineExceeded(f"provider {pid!r} timed out{tail}", reason=Reason.UPSTREAM_TIMEOUT, metadata=meta)
    if cls == _RATE:
        return ResourceExhausted(
            f"provider {pid!r} is rate limiting requests{tail}",
            reason=Reason.UPSTREAM_RATE_LIMITED,
            retry_after=retry_after,
            metadata=meta,
        )
    return Unavailable(
        f"provider {pid!r} is unavailable{tail}",
        reason=Reason.UPSTREAM_UNAVAILABLE,
        retry_after=retry_after,
        metadata=meta,
    )


def extract_error(body: bytes | str) -> tuple[str, str, str]:
    """(message, type, code) from an error body: OpenAI, Anthropic and common variants."""
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    try:
        obj = json.loads(text)
    except ValueError:
        return text.strip(), "", ""
    if isinstance(obj, list) and obj and isinstance(obj[0], dict):
        obj = obj[0]
    if not isinstance(obj, dict):
        return text.strip(), "", ""
    err = obj.get("error")
    etype = code = ""
    if isinstance(err, dict):
        msg = err.get("message")
        etype = err.get("type") or ""
        code = err.get("code") or err.get("status") or ""
    elif isinstance(err, str):
        msg = err
        etype = obj.get("type") if obj.get("type") not in (None, "error") else ""
    else:
        msg = obj.get("message") or obj.get("detail") or obj.get("msg")
        etype = obj.get("type") if obj.get("type") not in (None, "error") else ""
        code = obj.get("code") or ""
    if msg is None:
        msg = text.strip()
    elif not isinstance(msg, str):
        msg = json.dumps(msg, ensure_ascii=False)
    return msg, str(etype or ""), str(code if code is not None else "")


def error_from_response(
    provider: ProviderConfig, status: int, body: bytes, headers: httpx.Headers | dict[str, str]
) -> RouterError:
    msg, etype, code = extract_error(body)
    return error_for(
        provider, status=status, message=msg, etype=etype, code=code, retry_after=parse_retry_after(headers)
    )


def timeout_error(provider: ProviderConfig, phase: str, seconds: float | None = None) -> DeadlineExceeded:
    pid = provider.id
    secs = f" within {seconds:g}s" if seconds is not None else ""
    text = {
        "connect": f"could not connect to provider {pid!r}{secs}",
        "headers": f"provider {pid!r} sent no response headers{secs}",
        "first_token": f"provider {pid!r} sent no token{secs} of its response headers",
        "idle": f"provider {pid!r} stalled: its stream sent nothing for {seconds:g}s" if seconds else "",
        "deadline": f"the request deadline expired while waiting for provider {pid!r}",
    }.get(phase) or f"provider {pid!r} timed out"
    return DeadlineExceeded(text, reason=Reason.UPSTREAM_TIMEOUT, metadata={"provider": pid, "timeout": phase})


def error_from_transport(provider: ProviderConfig, exc: BaseException, *, mid_stream: bool = False) -> RouterError:
    pid = provider.id
    detail = upstream_text(str(exc) or type(exc).__name__, provider.api_key)
    meta = {"provider": pid, "upstream_message": detail, "transport_error": type(exc).__name__}
    if mid_stream:
        return Unavailable(
            f"provider {pid!r} broke off its stream: {detail}",
            reason=Reason.UPSTREAM_STREAM_TRUNCATED,
            metadata=meta,
        )
    return Unavailable(f"could not reach provider {pid!r}: {detail}", reason=Reason.UPSTREAM_UNAVAILABLE, metadata=meta)


def truncated_error(provider: ProviderConfig, terminal: str) -> Unavailable:
    return Unavailable(
        f"provider {provider.id!r} ended its stream without {terminal}: the answer is incomplete",
        reason=Reason.UPSTREAM_STREAM_TRUNCATED,
        metadata={"provider": provider.id},
    )


def protocol_error(provider: ProviderConfig, what: str) -> Unavailable:
    return Unavailable(
        f"provider {provider.id!r} sent an answer that could not be understood: "
        f"{upstream_text(what, provider.api_key, 200)}",
        reason=Reason.UPSTREAM_PROTOCOL_ERROR,
        metadata={"provider": provider.id},
    )


# ----------------------------------------------------------------------------- watchdog


class _ReadWatchdog:
    """Bounds each read of a stream without a timer per read.

    Before a read, `begin()` computes that read's deadline (idle, first-token and caller
    limits) and arms one loop timer if none is pending; the timer, when it fires, cancels the
    task only if it is still inside a read that is past its deadline, otherwise it re-arms for
    the current read's deadline. Deadlines of successive reads never decrease, so a busy
    stream costs one timer per idle period instead of one per chunk.
    """

    __slots__ = (
        "_deadline",
        "_first",
        "_handle",
        "_idle",
        "_kind",
        "_loop",
        "_read_deadline",
        "_reading",
        "_task",
        "fired",
    )

    def __init__(
        self, loop: asyncio.AbstractEventLoop, idle_s: float, first_deadline: float | None, deadline: float | None
    ):
        self._loop = loop
        self._idle = idle_s
        self._first = first_deadline
        self._deadline = deadline
        self._handle: asyncio.TimerHandle | None = None
        self._reading = False
        self._read_deadline = 0.0
        self._kind = "idle"
        self._task: asyncio.Task | None = None
        self.fired: str | None = None

    def got_token(self) -> None:
        self._first = None

    def begin(self) -> str | None:
        """Marks the start of a read; returns the phase already expired, if any."""
        now = self._loop.time()
        d = now + self._idle
        kind = "idle"
        f = self._first
        if f is not None and f < d:
            d = f
            kind = "first_token"
        dl = self._deadline
        if dl is not None and dl <= d:
            d = dl
            kind = "deadline"
        if d <= now:
            return kind
        self._read_deadline = d
        self._kind = kind
        self._task = asyncio.current_task()
        self._reading = True
        if self._handle is None:
            self._handle = self._loop.call_at(d, self._fire)
        return None

    def end(self) -> None:
        self._reading = False

    def _fire(self) -> None:
        self._handle = None
        if not self._reading:
            return
        if self._loop.time() + 0.001 >= self._read_deadline:
            self.fired = self._kind
            self._reading = False
            if self._task is not None:
                self._task.cancel()
        else:
            self._handle = self._loop.call_at(self._read_deadline, self._fire)

    def close(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None


class UpstreamStream:
    """An open streaming response: SSE event batches with phase timeouts.

    `read_batch()` returns the events completed by the next network read(s), or None at the
    end of the body. Call `got_token()` once the first content delta has been produced, and
    `aclose()` always (it closes the HTTP response; unread bodies drop the connection).
    """

    __slots__ = ("_anext", "_decoder", "_it", "_timeouts", "_wd", "eof", "provider", "response")

    def __init__(
        self,
        provider: ProviderConfig,
        response: httpx.Response,
        timeouts: HttpTimeouts,
        deadline: float | None,
    ) -> None:
        loop = asyncio.get_running_loop()
        self.provider = provider
        self.response = response
        self._timeouts = timeouts
        self._wd = _ReadWatchdog(
            loop, timeouts.idle_s, loop.time() + timeouts.first_token_s, _loop_deadline(loop, deadline)
        )
        enc = response.headers.get("content-encoding")
        it = response.aiter_bytes() if enc and enc != "identity" else response.aiter_raw()
        self._it = it
        self._anext = it.__anext__
        self._decoder = SSEDecoder()
        self.eof = False

    def got_token(self) -> None:
        self._wd.got_token()

    def _timeout(self, phase: str) -> DeadlineExceeded:
        t = self._timeouts
        secs = {"first_token": t.first_token_s, "idle": t.idle_s}.get(phase)
        return timeout_error(self.provider, phase, secs)

    async def read_batch(self) -> list[SSEEvent] | None:
        if self.eof:
            return None
        wd = self._wd
        feed = self._decoder.feed
        while True:
            expired = wd.begin()
            if expired is not None:
                raise self._timeout(expired)
            try:
                chunk = await self._anext()
            except StopAsyncIteration:
                wd.end()
                self.eof = True
                return self._decoder.end() or None
            except asyncio.CancelledError:
                wd.end()
                if wd.fired is not None:
                    task = asyncio.current_task()
                    if task is not None and task.uncancel() == 0:
                        raise self._timeout(wd.fired) from None
                raise
            except httpx.TimeoutException as exc:
                wd.end()
                raise timeout_error(self.provider, "idle", self._timeouts.idle_s) from exc
            except httpx.HTTPError as exc:
                wd.end()
                raise error_from_transport(self.provider, exc, mid_stream=True) from exc
            wd.end()
            events = feed(chunk)
            if events:
                return events

    async def drain(self, limit_s: float = 1.0) -> None:
        """After the terminal event: reads to the end of the body (briefly) so that the
        connection can return to the pool. Never raises for upstream trouble."""
        if self.eof:
            return
        try:
            async with asyncio.timeout(limit_s):
                while True:
                    await self._anext()
        except StopAsyncIteration:
            self.eof = True
        except (TimeoutError, httpx.HTTPError):
            pass

    async def aclose(self) -> None:
        self._wd.close()
        try:
            await self._it.aclose()  # type: ignore[attr-defined]
        except Exception:  # pragma: no cover - a broken body iterator must not hide the real error
            pass
        await self.response.aclose()


# ----------------------------------------------------------------------------- shared backend plumbing


class HttpBackendMixin:
    """Request helpers for HTTP backends. Expects `self.provider`, `self.timeouts`, `self._client`."""

    provider: ProviderConfig
    timeouts: HttpTimeouts
    _client: httpx.AsyncClient

    def _limit(self, seconds: float, deadline: float | None) -> tuple[float, str, float | None]:
        """(loop-time limit, phase, seconds) for a wait of `seconds` capped by `deadline`."""
        loop = asyncio.get_running_loop()
        limit = loop.time() + seconds
        dl = _loop_deadline(loop, deadline)
        if dl is not None and dl <= limit:
            return dl, "deadline", None
        return limit, "headers", seconds

    async def _send(self, request: httpx.Request, limit: float, phase: str, secs: float | None) -> httpx.Response:
        try:
            async with asyncio.timeout_at(limit):
                return await self._client.send(request, stream=True)
        except TimeoutError:
            raise timeout_error(self.provider, phase, secs) from None
        except httpx.ConnectTimeout as exc:
            raise timeout_error(self.provider, "connect", self.timeouts.connect_s) from exc
        except httpx.TimeoutException as exc:
            raise timeout_error(self.provider, "headers", secs) from exc
        except httpx.HTTPError as exc:
            raise error_from_transport(self.provider, exc) from exc

    async def _read_error_body(self, response: httpx.Response, limit: float) -> bytes:
        body = bytearray()
        try:
            async with asyncio.timeout_at(limit):
                async for part in response.aiter_bytes():
                    body += part
                    if len(body) >= MAX_ERROR_BODY:
                        break
        except (TimeoutError, httpx.HTTPError):
            pass
        return bytes(body)

    async def _request_json(
        self,
        method: str,
        url: str,
        body: dict[str, Any] | None,
        deadline: float | None,
        *,
        wait_s: float | None = None,
        params: dict[str, Any] | None = None,
    ) -> Any:
        """A non-streaming call: JSON in, JSON out, errors mapped."""
        check_deadline(self.provider, deadline)
        limit, phase, secs = self._limit(self.timeouts.header_s if wait_s is None else wait_s, deadline)
        content = None if body is None else json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
        headers = {"content-type": "application/json"} if content is not None else None
        request = self._client.build_request(method, url, content=content, headers=headers, params=params)
        response = await self._send(request, limit, phase, secs)
        try:
            if response.status_code >= 300:
                raw = await self._read_error_body(response, limit)
                raise error_from_response(self.provider, response.status_code, raw, response.headers)
            try:
                async with asyncio.timeout_at(limit):
                    raw = await response.aread()
            except TimeoutError:
                raise timeout_error(self.provider, phase, secs) from None
            except httpx.HTTPError as exc:
                raise error_from_transport(self.provider, exc, mid_stream=True) from exc
        finally:
            await response.aclose()
        try:
            return json.loads(raw)
        except ValueError:
            raise protocol_error(self.provider, f"invalid JSON: {raw[:200].decode('utf-8', 'replace')}") from None

    async def _open_stream(self, url: str, body: dict[str, Any], deadline: float | None) -> UpstreamStream:
        """Sends a streaming request; returns once 2xx headers arrived (else raises mapped errors)."""
        check_deadline(self.provider, deadline)
        limit, phase, secs = self._limit(self.timeouts.header_s, deadline)
        content = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
        request = self._client.build_request(
            "POST",
            url,
            content=content,
            headers={"content-type": "application/json", "accept": "text/event-stream", "accept-encoding": "identity"},
        )
        response = await self._send(request, limit, phase, secs)
        ok = False
        try:
            status = response.status_code
            if status >= 300:
                raw = await self._read_error_body(response, limit)
                raise error_from_response(self.provider, status, raw, response.headers)
            ctype = response.headers.get("content-type", "")
            if "json" in ctype:
                # Some servers answer a streaming request with a JSON error and status 200.
                raw = await self._read_error_body(response, limit)
                msg, etype, code = extract_error(raw)
                if etype or code or b'"error"' in raw:
                    raise error_for(self.provider, status=None, message=msg, etype=etype, code=code)
                raise protocol_error(self.provider, f"expected an event stream, got {ctype}: {msg}")
            stream = UpstreamStream(self.provider, response, self.timeouts, deadline)
            ok = True
            return stream
        finally:
            if not ok:
                await response.aclose()


# ----------------------------------------------------------------------------- verify

VERIFY_PROMPT = "ping"
_TOKEN_LIMIT_RE = re.compile(r"max_(?:completion_)?tokens|max_output_tokens|output limit", re.IGNORECASE)


def _verify_failure(err: RouterError) -> VerifyFailure:
    if isinstance(err, (Unauthenticated, PermissionDenied)):
        return VerifyFailure.BAD_KEY
    if isinstance(err, NotFound):
        return VerifyFailure.UNKNOWN_MODEL
    if isinstance(err, ResourceExhausted):
        return VerifyFailure.RATE_LIMITED
    if isinstance(err, (Unavailable, DeadlineExceeded)) and err.reason != Reason.UPSTREAM_PROTOCOL_ERROR:
        return VerifyFailure.UNREACHABLE
    return VerifyFailure.OTHER


async def run_verify(backend: Any, model: str | None, deadline: float | None) -> VerifyResult:
    """A 1-token completion against `model` (or the provider's default model); with no model
    known, the model list. Never raises for upstream failures."""
    provider: ProviderConfig = backend.provider
    if not model:
        default = provider.default_model()
        model = default.model_id if default else ""
    t0 = time.monotonic()
    try:
        if model:
            request = ChatRequest(
                model=model,
                messages=(Message(Role.USER, VERIFY_PROMPT),),
                generation=GenerationConfig(max_tokens=1),
            )
            await backend.complete(request, model, deadline)
        else:
            await backend.list_models(deadline)
    except RouterError as err:
        latency = int((time.monotonic() - t0) * 1000)
        if (
            model
            and err.reason == Reason.UPSTREAM_BAD_REQUEST
            and _TOKEN_LIMIT_RE.search(err.metadata.get("upstream_message", ""))
        ):
            # Some reasoning models refuse a 1-token answer ("max_tokens was reached"): the key
            # and the model were accepted, which is what verification asks.
            return VerifyResult(ok=True, latency_ms=latency, model=model)
        return VerifyResult(
            ok=False,
            latency_ms=latency,
            failure=_verify_failure(err),
            message=redact(err.message, provider.api_key),
            model=model,
        )
    return VerifyResult(ok=True, latency_ms=int((time.monotonic() - t0) * 1000), model=model)
