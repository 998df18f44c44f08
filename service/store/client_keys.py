"""The client-keys repository (implements `service.core.config_repository.ClientKeyRepository`).

A key is `llmr_<id>_<secret>`; only its SHA-256 is stored, the plaintext is shown once.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Set

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from service.core.admin_validation import check_scopes
from service.core.config import ClientKey
from service.core.errors import NotFound
from service.store import mapping
from service.store.models import ClientKeyRow
from service.store.transactions import Transactions


class ClientKeyStore:
    def __init__(self, tx: Transactions) -> None:
        self._tx = tx

    async def create(self, scopes: Set[str], description: str = "") -> tuple[ClientKey, str]:
        check_scopes(scopes)
        key_id = secrets.token_hex(6)
        plaintext = f"llmr_{key_id}_{secrets.token_urlsafe(32)}"
        digest = hashlib.sha256(plaintext.encode()).hexdigest()

        async def w(s: AsyncSession) -> ClientKey:
            row = ClientKeyRow(
                id=key_id,
                key_hash=digest,
                scopes=",".join(sorted(scopes)),
                description=description,
                revoked=False,
                create_time=mapping.now(),
            )
            s.add(row)
            await s.flush()
            return mapping.client_key(row)

        return await self._tx.write(w), plaintext

    async def list(self) -> tuple[ClientKey, ...]:
        async def q(s: AsyncSession) -> tuple[ClientKey, ...]:
            rows = (await s.execute(select(ClientKeyRow).order_by(ClientKeyRow.create_time))).scalars()
            return tuple(mapping.client_key(r) for r in rows)

        return await self._tx.read(q)

    async def revoke(self, key_id: str) -> None:
        async def w(s: AsyncSession) -> None:
            row = await s.get(ClientKeyRow, key_id)
            if row is None:
                raise NotFound(f"client key {key_id} does not exist")
            row.revoked = True

        await self._tx.write(w)
