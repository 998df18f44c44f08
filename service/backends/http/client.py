"""The pooled HTTP clients of a provider backend: `httpx.AsyncClient` for calls, aiohttp for streams.

Plain-HTTP streams go through aiohttp's client: its C parser hands over everything that arrived in one
socket read, where httpx (h11) yields each HTTP chunk on its own and costs several times more
CPU per chunk (measured: about 35-45 us against 6-10 us per SSE event written one per chunk;
`bench/bench_http_read.py`). HTTPS streams, unary calls, model lists and verification keep httpx
(HTTP/2 offered to TLS upstreams).
"""

from __future__ import annotations

import ssl
import urllib.request
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import aiohttp
import httpx

from service.backends.http.egress import GuardedResolver, guard_client
from service.backends.http.timeouts import HttpTimeouts
from service.core.config import ProviderConfig
from service.core.egress import EgressPolicy
from service.tls import upstream_ssl_context

__all__ = ["USER_AGENT", "ClientOptions", "env_proxy", "make_client", "make_stream_session", "provider_ssl_context"]

USER_AGENT = "llmrouter/0.1"


@dataclass(frozen=True)
class ClientOptions:
    """What every upstream client shares: the egress policy and the global CA bundle file."""

    egress: EgressPolicy = field(default_factory=EgressPolicy)
    ca_bundle_file: str = ""

    @classmethod
    def from_settings(cls, settings: object) -> ClientOptions:
        return cls(
            EgressPolicy.from_setting(str(getattr(settings, "egress_allow", "") or "")),
            str(getattr(settings, "upstream_ca_bundle", "") or ""),
        )


def provider_ssl_context(provider: ProviderConfig, options: ClientOptions) -> ssl.SSLContext:
    return upstream_ssl_context(
        options.ca_bundle_file,
        provider.tls_ca_certificates,
        provider.tls_client_certificate,
        provider.tls_client_key,
    )


def make_client(
    timeouts: HttpTimeouts,
    *,
    headers: dict[str, str] | None = None,
    verify: ssl.SSLContext | bool = True,
    egress: EgressPolicy | None = None,
    http2: bool = True,
    max_connections: int = 1000,
    max_keepalive_connections: int = 100,
    keepalive_expiry_s: float = 30.0,
) -> httpx.AsyncClient:
    """One pooled client per provider backend.

    Only the connect timeout is httpx's: header, first-token and idle limits are enforced by
    the adapters (they depend on the phase of a stream), and pool waits count towards the
    header limit.

    HTTP/2 is offered to TLS upstreams (ALPN) and taken where they accept it; plain-http
    upstreams get HTTP/1.1. Every address a host resolves to passes the egress policy first.
    """
    all_headers = {"user-agent": USER_AGENT}
    all_headers.update(headers or {})
    client = httpx.AsyncClient(
        http2=http2,
        verify=verify,
        headers=all_headers,
        timeout=httpx.Timeout(connect=timeouts.connect_s, read=None, write=None, pool=None),
        limits=httpx.Limits(
            max_connections=max_connections,
            max_keepalive_connections=max_keepalive_connections,
            keepalive_expiry=keepalive_expiry_s,
        ),
        follow_redirects=False,
    )
    guard_client(client, egress or EgressPolicy())
    return client


def make_stream_session(
    timeouts: HttpTimeouts,
    *,
    headers: dict[str, str] | None = None,
    ssl_context: ssl.SSLContext | None = None,
    egress: EgressPolicy | None = None,
    max_connections: int = 1000,
    keepalive_expiry_s: float = 30.0,
) -> aiohttp.ClientSession:
    """The pooled streaming client (HTTP/1.1 keep-alive), made inside the loop that uses it.

    Only the TCP connect timeout is aiohttp's; every other limit is the adapters'. TLS uses the
    provider's context (CA bundles, client certificate), and every address a host name resolves
    to passes the egress policy (`GuardedResolver`), as for the httpx client.
    """
    all_headers = {"user-agent": USER_AGENT}
    all_headers.update(headers or {})
    return aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(
            limit=max_connections,
            limit_per_host=0,
            keepalive_timeout=keepalive_expiry_s,
            ssl=ssl_context if ssl_context is not None else True,
            resolver=GuardedResolver(egress or EgressPolicy()),
        ),
        headers=all_headers,
        timeout=aiohttp.ClientTimeout(total=None, sock_connect=timeouts.connect_s),
        # Not per request (aiohttp would read netrc and the proxy variables in a thread for every
        # call): the environment's proxy is looked up once per backend (`env_proxy`).
        trust_env=False,
    )


def env_proxy(url: str) -> str | None:
    """The proxy the environment sets for `url` (HTTP_PROXY / HTTPS_PROXY / NO_PROXY), as httpx uses it."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if not host or urllib.request.proxy_bypass(host):
        return None
    return urllib.request.getproxies().get(parts.scheme)
