"""One backend per provider configuration, rebuilt when its URL or key changes.

`sync(snapshot)` is called after every snapshot swap. A replaced backend is retired: it
keeps serving the streams already using it and is closed once they end.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from service.core.config import ApiType, ProviderConfig, Snapshot
from service.core.errors import FailedPrecondition, Reason
from service.core.ports import Backend

log = logging.getLogger(__name__)

Factory = Callable[[ProviderConfig], Backend]
Identity = tuple[ApiType, str, str, str, str, str]


def _identity(p: ProviderConfig) -> Identity:
    # What a backend instance is bound to. Model lists are read from the live provider
    # config passed on each call, so model changes do not rebuild clients.
    # The upstream TLS settings are part of the client (its SSL context).
    return (p.api_type, p.base_url, p.api_key, p.tls_ca_certificates, p.tls_client_certificate, p.tls_client_key)


class _Entry:
    __slots__ = ("backend", "identity", "retired", "users")

    def __init__(self, backend: Backend, identity: Identity) -> None:
        self.backend = backend
        self.identity = identity
        self.users = 0
        self.retired = False


class BackendRegistry:
    def __init__(self, factories: dict[ApiType, Factory]) -> None:
        self._factories = factories
        self._entries: dict[str, _Entry] = {}
        self._closing: set[asyncio.Task[None]] = set()

    def sync(self, snapshot: Snapshot) -> None:
        for pid, entry in list(self._entries.items()):
            p = snapshot.providers.get(pid)
            if p is None or _identity(p) != entry.identity:
                del self._entries[pid]
                self._retire(entry)
            else:
                entry.backend.provider = p

    def _entry(self, provider: ProviderConfig) -> _Entry:
        entry = self._entries.get(provider.id)
        if entry is None or entry.identity != _identity(provider):
            if entry is not None:
                self._retire(entry)
            factory = self._factories.get(provider.api_type)
            if factory is None:
                raise FailedPrecondition(
                    f"no backend serves {provider.api_type.value} providers in this server",
                    reason=Reason.BACKEND_UNAVAILABLE,
                )
            entry = _Entry(factory(provider), _identity(provider))
            self._entries[provider.id] = entry
        else:
            entry.backend.provider = provider
        return entry

    def get(self, provider: ProviderConfig) -> Lease:
        return Lease(self, self._entry(provider))

    def _retire(self, entry: _Entry) -> None:
        entry.retired = True
        if entry.users == 0:
            self._close(entry)

    def _close(self, entry: _Entry) -> None:
        try:
            task = asyncio.get_running_loop().create_task(entry.backend.aclose())
        except RuntimeError:
            return
        self._closing.add(task)
        task.add_done_callback(self._closing.discard)

    def _release(self, entry: _Entry) -> None:
        entry.users -= 1
        if entry.retired and entry.users == 0:
            self._close(entry)

    async def aclose(self) -> None:
        entries, self._entries = list(self._entries.values()), {}
        for e in entries:
            try:
                await e.backend.aclose()
            except Exception:  # pragma: no cover - best effort at shutdown
                log.exception("closing backend failed")
        if self._closing:
            await asyncio.gather(*self._closing, return_exceptions=True)


class Lease:
    """Holds a backend for the length of one attempt (a retired backend closes after its last lease)."""

    __slots__ = ("_entry", "_registry", "backend")

    def __init__(self, registry: BackendRegistry, entry: _Entry) -> None:
        self._registry = registry
        self._entry = entry
        self.backend = entry.backend

    def __enter__(self) -> Backend:
        self._entry.users += 1
        return self.backend

    def __exit__(self, *exc: object) -> None:
        self._registry._release(self._entry)
