"""The pooled HTTP client: one `httpx.AsyncClient` per provider backend."""

from __future__ import annotations

import ssl
from dataclasses import dataclass, field

import httpx

from service.backends.http.egress import guard_client
from service.backends.http.timeouts import HttpTimeouts
from service.core.config import ProviderConfig
from service.core.egress import EgressPolicy
from service.tls import upstream_ssl_context

__all__ = ["USER_AGENT", "ClientOptions", "make_client", "provider_ssl_context"]

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
