"""Loading the routing snapshot: the whole configuration, read in one transaction."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from service.core.config import Snapshot
from service.store import mapping
from service.store.keyring import KeyRing
from service.store.limits import all_limits
from service.store.lookup import models_of
from service.store.models import ClientKeyProviderKeyRow, ClientKeyRow, ConfigVersionRow, ProviderRow
from service.store.prices import all_prices
from service.store.routes import all_routes


async def load_snapshot(s: AsyncSession, keyring: KeyRing) -> Snapshot:
    version = (await s.execute(select(ConfigVersionRow.version).where(ConfigVersionRow.id == 1))).scalar_one()
    prows = list((await s.execute(select(ProviderRow))).scalars())
    models = await models_of(s, [p.id for p in prows])
    providers = {p.id: mapping.provider(p, models[p.id], keyring) for p in prows}
    own: dict[str, list[ClientKeyProviderKeyRow]] = {}
    for pk in (await s.execute(select(ClientKeyProviderKeyRow))).scalars():
        own.setdefault(pk.client_key_id, []).append(pk)
    keys = {
        k.id: mapping.client_key(k, own.get(k.id), keyring)
        for k in (await s.execute(select(ClientKeyRow).where(ClientKeyRow.revoked.is_(False)))).scalars()
    }
    return Snapshot(
        version=version,
        providers=providers,
        routes=await all_routes(s),
        client_keys=keys,
        limits=await all_limits(s),
        prices=await all_prices(s),
    )
