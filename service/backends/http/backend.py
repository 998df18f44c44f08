"""The base class of the HTTP backends: sending a request, a JSON call, opening a stream."""

from __future__ import annotations

import asyncio
import ipaddress
import json
from typing import Any
from urllib.parse import urlsplit

import aiohttp
import httpx

from service.backends.http import wire
from service.backends.http.client import (
    ClientOptions,
    env_proxy,
    make_client,
    make_stream_session,
    provider_ssl_context,
)
from service.backends.http.errors import (
    error_for,
    error_from_response,
    error_from_transport,
    extract_error,
    protocol_error,
    timeout_error,
)
from service.backends.http.stream import UpstreamStream
from service.backends.http.timeouts import HttpTimeouts, check_deadline, loop_deadline
from service.backends.http.verify import run_verify
from service.core.config import ProviderConfig
from service.core.egress import EgressPolicy
from service.core.ports import Backend, VerifyResult
from service.core.telemetry import trace_headers

__all__ = ["MAX_ERROR_BODY", "HttpBackend"]

MAX_ERROR_BODY = 64 * 1024  # bytes of an error body read from upstream
_STREAM_HEADERS = {"content-type": "application/json", "accept": "text/event-stream", "accept-encoding": "identity"}


def _literal_refusal(base_url: str, egress: EgressPolicy) -> str:
    host = urlsplit(base_url).hostname or ""
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return ""
    why = egress.address_refusal(host, host)
    return f"egress refused: {why}; list it in LLMROUTER_EGRESS_ALLOW to allow it" if why else ""


class HttpBackend(Backend):
    """The base of the HTTP cloud backends: one pooled client per provider configuration,
    requests bounded by the phase timeouts and the caller's deadline, failures mapped to
    domain errors. Subclasses build the requests and map the answers."""

    def __init__(
        self,
        provider: ProviderConfig,
        timeouts: HttpTimeouts | None,
        headers: dict[str, str],
        options: ClientOptions | None = None,
    ) -> None:
        super().__init__(provider)
        self.timeouts = timeouts or HttpTimeouts()
        options = options or ClientOptions()
        self._headers = headers
        self._options = options
        self._client = make_client(
            self.timeouts,
            headers=headers,
            verify=provider_ssl_context(provider, options),
            egress=options.egress,
        )
        self._session: aiohttp.ClientSession | None = None
        self._session_loop: asyncio.AbstractEventLoop | None = None
        self._proxy = env_proxy(provider.base_url)  # once, not per stream
        # A provider URL with an address literal never reaches the resolver: checked here, once.
        self._literal_refusal = _literal_refusal(provider.base_url, options.egress)

    async def aclose(self) -> None:
        await self._client.aclose()
        if self._session is not None:
            await self._session.close()
            self._session = None

    def _stream_session(self) -> aiohttp.ClientSession:
        """The streaming client, made on first use in the running loop."""
        loop = asyncio.get_running_loop()
        s = self._session
        if s is None or s.closed or self._session_loop is not loop:
            ctx = provider_ssl_context(self.provider, self._options)  # a context of its own
            ctx.set_alpn_protocols(["http/1.1"])  # aiohttp speaks HTTP/1.1 only
            s = self._session = make_stream_session(
                self.timeouts, headers=self._headers, ssl_context=ctx, egress=self._options.egress
            )
            self._session_loop = loop
        return s

    async def verify(self, model: str | None, deadline: float | None) -> VerifyResult:
        return await run_verify(self, model, deadline)

    def _limit(self, seconds: float, deadline: float | None) -> tuple[float, str, float | None]:
        """(loop-time limit, phase, seconds) for a wait of `seconds` capped by `deadline`."""
        loop = asyncio.get_running_loop()
        limit = loop.time() + seconds
        dl = loop_deadline(loop, deadline)
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
        headers = {"content-type": "application/json"} if content is not None else {}
        trace = trace_headers()  # W3C trace context of the current attempt
        if trace:
            headers.update(trace)
        request = self._client.build_request(method, url, content=content, headers=headers, params=params)
        response = await self._send(request, limit, phase, secs)
        try:
            if response.status_code >= 300:
                raw = await self._read_error_body(response, limit)
                raise error_from_response(self.provider, response.status_code, raw, response.headers)
            try:
                async with asyncio.timeout_at(limit):
                    raw = await self._read_body(response)
            except TimeoutError:
                raise timeout_error(self.provider, phase, secs) from None
            except httpx.HTTPError as exc:
                raise error_from_transport(self.provider, exc, mid_stream=True) from exc
        finally:
            await response.aclose()
        return self._parse_json(raw)

    def _parse_json(self, raw: bytes) -> Any:
        """JSON of an upstream body: invalid UTF-8, bad JSON and nesting too deep to parse (a
        JSON bomb) are protocol errors."""
        try:
            return wire.loads(raw)
        except ValueError:
            raise protocol_error(self.provider, f"invalid JSON: {raw[:200].decode('utf-8', 'replace')}") from None

    async def _read_body(self, response: httpx.Response) -> bytes:
        """The whole body, refused (protocol error) past `max_body_bytes`; joined once."""
        parts: list[bytes] = []
        size = 0
        cap = self.timeouts.max_body_bytes
        async for part in response.aiter_bytes():
            size += len(part)
            if size > cap:
                raise protocol_error(self.provider, f"the response body exceeded {cap} bytes")
            parts.append(part)
        return b"".join(parts)

    async def _open_stream(self, url: str, body: dict[str, Any], deadline: float | None) -> UpstreamStream:
        """Sends a streaming request; returns once 2xx headers arrived (else raises mapped errors).

        Plain-HTTP upstreams are streamed with aiohttp (a whole socket read per step); HTTPS
        upstreams with httpx, which offers HTTP/2."""
        check_deadline(self.provider, deadline)
        limit, phase, secs = self._limit(self.timeouts.header_s, deadline)
        content = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
        trace = trace_headers()  # W3C trace context of the current attempt
        headers = {**_STREAM_HEADERS, **trace} if trace else _STREAM_HEADERS
        if not url.startswith("http://"):
            return await self._open_httpx_stream(url, content, headers, deadline, limit, phase, secs)
        if self._literal_refusal:
            raise error_from_transport(self.provider, ConnectionError(self._literal_refusal))
        session = self._stream_session()
        try:
            async with asyncio.timeout_at(limit):
                response = await session.post(
                    url, data=content, headers=headers, allow_redirects=False, proxy=self._proxy
                )
        except aiohttp.ConnectionTimeoutError as exc:
            raise timeout_error(self.provider, "connect", self.timeouts.connect_s) from exc
        except TimeoutError:
            raise timeout_error(self.provider, phase, secs) from None
        except aiohttp.ClientError as exc:
            raise error_from_transport(self.provider, exc) from exc
        ok = False
        try:
            status = response.status
            if status >= 300 or "json" in response.headers.get("content-type", ""):
                raw = await self._read_stream_error(response, limit)
                self._refuse_answer(status, raw, response.headers)  # type: ignore[arg-type]
            stream = UpstreamStream.of_aiohttp(self.provider, response, self.timeouts, deadline)
            ok = True
            return stream
        finally:
            if not ok:
                response.close()

    async def _open_httpx_stream(
        self,
        url: str,
        content: bytes,
        headers: dict[str, str],
        deadline: float | None,
        limit: float,
        phase: str,
        secs: float | None,
    ) -> UpstreamStream:
        request = self._client.build_request("POST", url, content=content, headers=headers)
        response = await self._send(request, limit, phase, secs)
        ok = False
        try:
            status = response.status_code
            if status >= 300 or "json" in response.headers.get("content-type", ""):
                raw = await self._read_error_body(response, limit)
                self._refuse_answer(status, raw, response.headers)
            stream = UpstreamStream.of_httpx(self.provider, response, self.timeouts, deadline)
            ok = True
            return stream
        finally:
            if not ok:
                await response.aclose()

    def _refuse_answer(self, status: int, raw: bytes, headers: httpx.Headers | dict[str, str]) -> None:
        """Raises the error of an answer that is no event stream: an error status, or JSON."""
        if status >= 300:
            raise error_from_response(self.provider, status, raw, headers)
        # Some servers answer a streaming request with a JSON error and status 200.
        msg, etype, code = extract_error(raw)
        if etype or code or b'"error"' in raw:
            raise error_for(self.provider, status=None, message=msg, etype=etype, code=code)
        raise protocol_error(self.provider, f"expected an event stream, got {headers.get('content-type', '')}: {msg}")

    async def _read_stream_error(self, response: aiohttp.ClientResponse, limit: float) -> bytes:
        body = bytearray()
        try:
            async with asyncio.timeout_at(limit):
                while len(body) < MAX_ERROR_BODY:
                    part = await response.content.read(MAX_ERROR_BODY - len(body))
                    if not part:
                        break
                    body += part
        except (TimeoutError, aiohttp.ClientError):
            pass
        return bytes(body)
