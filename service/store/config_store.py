"""The configuration store: one repository per resource over one set of transactions.

Implements `service.core.config_repository.ConfigRepository`. Every write is one
transaction that bumps the config version; `on_commit` hooks run after each (the live
snapshot reloads). Admin reads come from the database; the chat path reads snapshots.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from service.core.config import Snapshot
from service.store import snapshot
from service.store.client_keys import ClientKeyStore
from service.store.keyring import KeyRing
from service.store.limits import LimitStore
from service.store.prices import PriceStore
from service.store.provider_models import ModelStore
from service.store.providers import ProviderStore
from service.store.routes import RouteStore
from service.store.transactions import Transactions


class ConfigStore:
    def __init__(self, engine: AsyncEngine, keyring: KeyRing, timeout_s: float | None = None) -> None:
        """timeout_s: the longest one database read or write may take (None: no bound)."""
        self.engine = engine
        self.keyring = keyring
        self.timeout_s = timeout_s
        self._tx = Transactions(engine, timeout_s)
        self.providers = ProviderStore(self._tx, keyring)
        self.models = ModelStore(self._tx)
        self.routes = RouteStore(self._tx)
        self.client_keys = ClientKeyStore(self._tx, keyring)
        self.limits = LimitStore(self._tx)
        self.prices = PriceStore(self._tx)

    @property
    def on_commit(self) -> list[Callable[[], Awaitable[Any]]]:
        """Called after each committed write, in order."""
        return self._tx.on_commit

    async def version(self) -> int:
        """The config version the database holds now."""
        return await self._tx.version()

    async def load_snapshot(self) -> Snapshot:
        async def q(s: AsyncSession) -> Snapshot:
            return await snapshot.load_snapshot(s, self.keyring)

        return await self._tx.read(q)
