"""The client-keys repository (implements `service.core.config_repository.ClientKeyRepository`).

A key is `llmr_<id>_<secret>`; only its SHA-256 is stored, the plaintext is shown once.
Each key carries its caller policy; the caller's own provider keys are Fernet tokens of the
key ring in `client_key_provider_keys.api_key_encrypted` (never returned: hints only).
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Set

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from service.core.admin import UNSET, ClientKeyInput, ClientKeyPatch
from service.core.admin_validation import check_client_key_input, check_client_key_patch, check_scopes
from service.core.config import CallerProviderKey, ClientKey
from service.core.errors import FailedPrecondition, FieldViolation, NotFound, Reason
from service.core.paging import Page, PageRequest
from service.store import mapping
from service.store.keyring import KeyRing, key_hint
from service.store.lookup import check_etag
from service.store.models import ClientKeyProviderKeyRow, ClientKeyRow, ProviderRow
from service.store.transactions import Transactions


def client_key_resource(key_id: str) -> tuple[str, str]:
    return ("client_key", f"clientKeys/{key_id}")


async def _row(s: AsyncSession, key_id: str) -> ClientKeyRow:
    row = await s.get(ClientKeyRow, key_id)
    if row is None:
        raise NotFound(f"clientKeys/{key_id} does not exist", resource=client_key_resource(key_id))
    return row


async def _own_keys(s: AsyncSession, key_id: str) -> list[ClientKeyProviderKeyRow]:
    q = select(ClientKeyProviderKeyRow).where(ClientKeyProviderKeyRow.client_key_id == key_id)
    return list((await s.execute(q)).scalars())


async def _check_providers(s: AsyncSession, override: str | None, keys: tuple[CallerProviderKey, ...] | None) -> None:
    named = [("client_key.override_provider", override)] if override else []
    named += [(f"client_key.provider_keys[{i}].provider", k.provider) for i, k in enumerate(keys or ())]
    ids = {pid for _, pid in named}
    if not ids:
        return
    known = set((await s.execute(select(ProviderRow.id).where(ProviderRow.id.in_(ids)))).scalars())
    missing = [FieldViolation(path, f"providers/{pid} does not exist") for path, pid in named if pid not in known]
    if missing:
        raise FailedPrecondition(
            f"the client key names an unknown provider: {missing[0].description}",
            reason=Reason.UNKNOWN_PROVIDER,
            violations=missing,
        )


class ClientKeyStore:
    def __init__(self, tx: Transactions, keyring: KeyRing | None = None) -> None:
        self._tx = tx
        self._keyring = keyring

    def _encrypt(self, api_key: str) -> str:
        if self._keyring is None:  # pragma: no cover - the config store always passes one
            raise FailedPrecondition("no encryption key: provider keys cannot be stored")
        return self._keyring.encrypt(api_key)

    async def create(
        self, scopes: Set[str], description: str = "", inp: ClientKeyInput | None = None
    ) -> tuple[ClientKey, str]:
        """The new key and its plaintext. `inp` carries the whole key (its scopes and
        description then come from it); the CLI passes scopes and a description only."""
        if inp is None:
            check_scopes(scopes)
            inp = ClientKeyInput(scopes=frozenset(scopes), description=description)
        else:
            check_client_key_input(inp)
        key_id = secrets.token_hex(6)
        plaintext = f"llmr_{key_id}_{secrets.token_urlsafe(32)}"
        digest = hashlib.sha256(plaintext.encode()).hexdigest()
        new = inp

        async def w(s: AsyncSession) -> ClientKey:
            await _check_providers(s, new.override_provider, new.provider_keys)
            now = mapping.now()
            row = ClientKeyRow(
                id=key_id,
                key_hash=digest,
                scopes=",".join(sorted(new.scopes)),
                description=new.description,
                revoked=False,
                create_time=now,
                update_time=now,
                expire_time=new.expire_time,
                disabled=new.disabled,
                revision=1,
                default_model=new.default_model,
                override_provider=new.override_provider,
                allowed_models=json.dumps(list(new.allowed_models)),
                allowed_providers=json.dumps(list(new.allowed_providers)),
                default_generation=mapping.generation_defaults_json(new.default_generation),
            )
            s.add(row)
            await s.flush()
            own = [
                ClientKeyProviderKeyRow(
                    client_key_id=key_id,
                    provider_id=k.provider,
                    api_key_encrypted=self._encrypt(k.api_key),
                    api_key_hint=key_hint(k.api_key),
                )
                for k in new.provider_keys
            ]
            s.add_all(own)
            await s.flush()
            return mapping.client_key(row, own)

        return await self._tx.write(w), plaintext

    async def get(self, key_id: str) -> ClientKey:
        async def q(s: AsyncSession) -> ClientKey:
            return mapping.client_key(await _row(s, key_id), await _own_keys(s, key_id))

        return await self._tx.read(q)

    async def list(self, page: PageRequest | None = None) -> tuple[ClientKey, ...]:
        """Every key, revoked ones included, oldest first (one page of them with `page`)."""
        return (await self.page(page or PageRequest(0, 1 << 30))).items

    async def page(self, page: PageRequest) -> Page[ClientKey]:
        async def q(s: AsyncSession) -> Page[ClientKey]:
            total = (await s.execute(select(func.count()).select_from(ClientKeyRow))).scalar_one()
            rows = list(
                (
                    await s.execute(
                        select(ClientKeyRow)
                        .order_by(ClientKeyRow.create_time, ClientKeyRow.id)
                        .offset(page.offset)
                        .limit(page.limit)
                    )
                ).scalars()
            )
            own: dict[str, list[ClientKeyProviderKeyRow]] = {}
            if rows:
                pq = select(ClientKeyProviderKeyRow).where(
                    ClientKeyProviderKeyRow.client_key_id.in_([r.id for r in rows])
                )
                for pk in (await s.execute(pq)).scalars():
                    own.setdefault(pk.client_key_id, []).append(pk)
            return Page(tuple(mapping.client_key(r, own.get(r.id)) for r in rows), total)

        return await self._tx.read(q)

    async def update(self, key_id: str, patch: ClientKeyPatch, etag: str = "") -> ClientKey:
        check_client_key_patch(patch)

        async def w(s: AsyncSession) -> ClientKey:
            row = await _row(s, key_id)
            check_etag(etag, row, client_key_resource(key_id))
            await _check_providers(
                s,
                patch.override_provider if patch.override_provider is not UNSET else None,
                patch.provider_keys if patch.provider_keys is not UNSET else None,
            )
            if patch.description is not UNSET:
                row.description = patch.description
            if patch.scopes is not UNSET:
                row.scopes = ",".join(sorted(patch.scopes))
            if patch.expire_time is not UNSET:
                row.expire_time = patch.expire_time
            if patch.disabled is not UNSET:
                row.disabled = patch.disabled
            if patch.default_model is not UNSET:
                row.default_model = patch.default_model
            if patch.override_provider is not UNSET:
                row.override_provider = patch.override_provider
            if patch.allowed_models is not UNSET:
                row.allowed_models = json.dumps(list(patch.allowed_models))
            if patch.allowed_providers is not UNSET:
                row.allowed_providers = json.dumps(list(patch.allowed_providers))
            if patch.default_generation is not UNSET:
                row.default_generation = mapping.generation_defaults_json(patch.default_generation)
            own = await _own_keys(s, key_id)
            if patch.provider_keys is not UNSET:
                stored = {k.provider_id: k for k in own}
                kept: list[ClientKeyProviderKeyRow] = []
                for i, k in enumerate(patch.provider_keys):
                    old = stored.pop(k.provider, None)
                    if k.api_key:
                        if old is None:
                            old = ClientKeyProviderKeyRow(client_key_id=key_id, provider_id=k.provider)
                            s.add(old)
                        old.api_key_encrypted = self._encrypt(k.api_key)
                        old.api_key_hint = key_hint(k.api_key)
                    elif old is None:
                        raise FailedPrecondition(
                            f"no key is stored for providers/{k.provider}: give its api_key",
                            violations=[FieldViolation(f"client_key.provider_keys[{i}].api_key", "is required")],
                        )
                    kept.append(old)
                for gone in stored.values():
                    await s.delete(gone)
                own = kept
            row.revision += 1
            row.update_time = mapping.now()
            await s.flush()
            return mapping.client_key(row, own)

        return await self._tx.write(w)

    async def delete(self, key_id: str, etag: str = "") -> None:
        async def w(s: AsyncSession) -> None:
            row = await _row(s, key_id)
            check_etag(etag, row, client_key_resource(key_id))
            for k in await _own_keys(s, key_id):
                await s.delete(k)
            await s.delete(row)

        await self._tx.write(w)

    async def revoke(self, key_id: str) -> None:
        async def w(s: AsyncSession) -> None:
            row = await s.get(ClientKeyRow, key_id)
            if row is None:
                raise NotFound(f"client key {key_id} does not exist")
            row.revoked = True
            row.revision += 1
            row.update_time = mapping.now()

        await self._tx.write(w)
