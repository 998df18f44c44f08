"""The pooled HTTP client: one `httpx.AsyncClient` per provider backend."""

from __future__ import annotations

import httpx

from service.backends.http.timeouts import HttpTimeouts

__all__ = ["USER_AGENT", "make_client"]

USER_AGENT = "llmrouter/0.1"


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
