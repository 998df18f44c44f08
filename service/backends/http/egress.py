"""The connect-time egress check: every address an upstream host name resolves to is checked
against the egress policy before a connection opens, and the connection goes to the checked
address (a name cannot resolve to something else between the check and the connect).

TLS still verifies the certificate against the host name (httpcore starts TLS on the stream
with the origin's name)."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import typing
from collections.abc import Awaitable, Callable

import httpcore
import httpx
from aiohttp import ThreadedResolver
from aiohttp.abc import AbstractResolver, ResolveResult
from httpcore import AsyncNetworkBackend, AsyncNetworkStream
from httpcore._backends.auto import AutoBackend

from service.core.egress import EgressPolicy

__all__ = ["GuardedBackend", "GuardedResolver", "guard_client"]

Resolver = Callable[[str, int], Awaitable[list[str]]]


async def resolve(host: str, port: int) -> list[str]:
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    seen: list[str] = []
    for info in infos:
        addr = str(info[4][0])
        if addr not in seen:
            seen.append(addr)
    return seen


class GuardedBackend(AsyncNetworkBackend):
    def __init__(self, policy: EgressPolicy, resolver: Resolver = resolve, inner: AsyncNetworkBackend | None = None):
        self.policy = policy
        self._resolve = resolver
        self._inner = inner or AutoBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> AsyncNetworkStream:
        try:
            ipaddress.ip_address(host)
            addresses = [host]
        except ValueError:
            try:
                async with asyncio.timeout(timeout):
                    addresses = await self._resolve(host, port)
            except TimeoutError:
                raise httpcore.ConnectTimeout(f"resolving {host} timed out") from None
            except OSError as exc:
                raise httpcore.ConnectError(f"cannot resolve {host}: {exc.strerror or exc}") from None
        for addr in addresses:
            why = self.policy.address_refusal(host, addr)
            if why:
                raise httpcore.ConnectError(f"egress refused: {why}; list it in LLMROUTER_EGRESS_ALLOW to allow it")
        last: Exception | None = None
        for addr in addresses:
            try:
                return await self._inner.connect_tcp(
                    addr, port, timeout=timeout, local_address=local_address, socket_options=socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last = exc
        assert last is not None
        raise last

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> AsyncNetworkStream:  # pragma: no cover - providers are reached over TCP
        return await self._inner.connect_unix_socket(path, timeout=timeout, socket_options=socket_options)

    async def sleep(self, seconds: float) -> None:  # pragma: no cover
        await self._inner.sleep(seconds)


def guard_client(client: httpx.AsyncClient, policy: EgressPolicy) -> None:
    """Puts the check into the client's direct connections (through an HTTP proxy from the
    environment the proxy resolves the name, and the check cannot see it)."""
    pool = getattr(getattr(client, "_transport", None), "_pool", None)
    if not isinstance(pool, httpcore.AsyncConnectionPool) or not hasattr(pool, "_network_backend"):
        raise RuntimeError("httpx changed its transport internals: the egress check cannot be installed")
    pool._network_backend = GuardedBackend(policy)


class GuardedResolver(AbstractResolver):
    """The same check for the streaming client (aiohttp): every address a host name resolves to
    passes the policy, or the connection fails (aiohttp connects to the addresses returned)."""

    def __init__(self, policy: EgressPolicy) -> None:
        self.policy = policy
        self._inner = ThreadedResolver()

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        infos = await self._inner.resolve(host, port, family)
        for info in infos:
            why = self.policy.address_refusal(host, info["host"])
            if why:
                raise OSError(f"egress refused: {why}; list it in LLMROUTER_EGRESS_ALLOW to allow it")
        return infos

    async def close(self) -> None:
        await self._inner.close()
