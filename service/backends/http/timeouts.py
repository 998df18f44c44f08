"""Phase timeouts of an upstream HTTP call, and the caller's deadline.

Timeouts (all capped by the caller's absolute `deadline`, a `time.monotonic()` value):

* connect: TCP/TLS connection set-up (httpx's own connect timeout);
* headers: from sending the request to the response headers (connect included);
* first token: from the response headers to the first content delta of a stream;
* idle: the longest wait for any bytes of a stream (keep-alive comments and pings count);
* stream: the longest a stream may run in all, from its response headers (0: no cap).

Beside them, two size limits against hostile upstreams: the largest SSE event of a stream
(`max_event_bytes`) and the largest non-streaming body (`max_body_bytes`).

A non-streaming call receives its headers only once the answer is generated, so it may wait
``header_s + first_token_s`` for them (`HttpTimeouts.unary_s`).

Every timeout raises `DeadlineExceeded(reason=UPSTREAM_TIMEOUT)` with metadata
``timeout`` = ``connect`` | ``headers`` | ``first_token`` | ``idle`` | ``stream`` | ``deadline`` (the last one when
the caller's deadline was the binding limit); see `service.backends.http.errors.timeout_error`.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from typing import Any

from service.backends.http.errors import timeout_error
from service.core.config import ProviderConfig

__all__ = ["HttpTimeouts", "check_deadline", "loop_deadline"]


@dataclass(frozen=True)
class HttpTimeouts:
    connect_s: float = 5.0
    header_s: float = 60.0
    first_token_s: float = 60.0
    idle_s: float = 60.0
    stream_s: float = 3600.0
    max_event_bytes: int = 1 << 20
    max_body_bytes: int = 32 << 20

    @classmethod
    def from_settings(cls, settings: Any) -> HttpTimeouts:
        return cls(
            connect_s=float(settings.connect_timeout_s),
            header_s=float(settings.header_timeout_s),
            first_token_s=float(settings.first_token_timeout_s),
            idle_s=float(settings.idle_timeout_s),
            stream_s=float(settings.stream_max_duration_s),
            max_event_bytes=int(settings.upstream_max_event_bytes),
            max_body_bytes=int(settings.upstream_max_body_bytes),
        )

    @property
    def unary_s(self) -> float:
        """Longest wait for the headers of a non-streaming generation."""
        return self.header_s + self.first_token_s


def check_deadline(provider: ProviderConfig, deadline: float | None) -> None:
    """Raises the ``deadline`` timeout when the caller's deadline has already passed."""
    if deadline is not None and time.monotonic() >= deadline:
        raise timeout_error(provider, "deadline")


def loop_deadline(loop: asyncio.AbstractEventLoop, deadline: float | None) -> float | None:
    """The monotonic `deadline` on the loop's clock (they are the same clock for asyncio)."""
    if deadline is None:
        return None
    return deadline - time.monotonic() + loop.time()
