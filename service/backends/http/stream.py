"""An open streaming response from an upstream: SSE event batches, bounded by the phase timeouts."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import aiohttp
import httpx

from service.backends.http.errors import error_from_transport, protocol_error, timeout_error
from service.backends.http.sse import SSEDecoder, SSEEvent, SSEEventTooLarge
from service.backends.http.timeouts import HttpTimeouts, loop_deadline
from service.backends.http.watchdog import ReadWatchdog
from service.core.config import ProviderConfig
from service.core.errors import DeadlineExceeded

__all__ = ["UpstreamStream"]


class UpstreamStream:
    """An open streaming response: SSE event batches with phase timeouts.

    `read_batch()` returns the events completed by the next network read(s), or None at the
    end of the body. Call `got_token()` once the first content delta has been produced, and
    `aclose()` always (it closes the HTTP response; unread bodies drop the connection).
    """

    __slots__ = ("_anext", "_close", "_decoder", "_timeouts", "_wd", "eof", "provider", "response")

    @classmethod
    def of_aiohttp(
        cls, provider: ProviderConfig, response: aiohttp.ClientResponse, timeouts: HttpTimeouts, deadline: float | None
    ) -> UpstreamStream:
        """A stream read with aiohttp: everything that arrived per socket read (decompressed)."""

        async def close(eof: bool) -> None:
            # A fully read connection goes back to the pool; any other is dropped (the upstream
            # sees the caller go).
            if eof:
                response.release()
            else:
                response.close()

        return cls(provider, response, response.content.iter_any(), close, timeouts, deadline)

    @classmethod
    def of_httpx(
        cls, provider: ProviderConfig, response: httpx.Response, timeouts: HttpTimeouts, deadline: float | None
    ) -> UpstreamStream:
        """A stream read with httpx (HTTPS upstreams: HTTP/2 where they accept it)."""
        enc = response.headers.get("content-encoding")
        it = response.aiter_bytes() if enc and enc != "identity" else response.aiter_raw()

        async def close(eof: bool) -> None:
            try:
                await it.aclose()  # type: ignore[attr-defined]
            except Exception:  # pragma: no cover - a broken body iterator must not hide the real error
                pass
            await response.aclose()

        return cls(provider, response, it, close, timeouts, deadline)

    def __init__(
        self,
        provider: ProviderConfig,
        response: Any,
        chunks: AsyncIterator[bytes],
        close: Callable[[bool], Awaitable[None]],
        timeouts: HttpTimeouts,
        deadline: float | None,
    ) -> None:
        loop = asyncio.get_running_loop()
        self.provider = provider
        self.response = response
        self._timeouts = timeouts
        now = loop.time()
        dl, kind = loop_deadline(loop, deadline), "deadline"
        if timeouts.stream_s > 0 and (dl is None or now + timeouts.stream_s < dl):
            dl, kind = now + timeouts.stream_s, "stream"
        self._wd = ReadWatchdog(loop, timeouts.idle_s, now + timeouts.first_token_s, dl, kind)
        self._anext = chunks.__anext__
        self._close = close
        # Strict UTF-8: an upstream sending invalid bytes is broken, and replacing them would
        # change the text silently.
        self._decoder = SSEDecoder(max_event_bytes=timeouts.max_event_bytes, errors="strict")
        self.eof = False

    def got_token(self) -> None:
        self._wd.got_token()

    def _timeout(self, phase: str) -> DeadlineExceeded:
        t = self._timeouts
        secs = {"first_token": t.first_token_s, "idle": t.idle_s, "stream": t.stream_s}.get(phase)
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
                try:
                    return self._decoder.end() or None
                except UnicodeDecodeError:
                    raise protocol_error(self.provider, "an event stream event is not valid UTF-8") from None
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
            except (aiohttp.ClientError, httpx.HTTPError) as exc:
                wd.end()
                raise error_from_transport(self.provider, exc, mid_stream=True) from exc
            wd.end()
            try:
                events = feed(chunk)
            except SSEEventTooLarge as exc:
                raise protocol_error(self.provider, str(exc)) from None
            except UnicodeDecodeError:
                raise protocol_error(self.provider, "an event stream event is not valid UTF-8") from None
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
        except (TimeoutError, aiohttp.ClientError, httpx.HTTPError):
            pass

    async def aclose(self) -> None:
        """Returns a fully read connection to the pool; drops any other (the upstream sees the
        caller go)."""
        self._wd.close()
        await self._close(self.eof)
