"""The providers repository (implements `service.core.config_repository.ProviderRepository`)."""

from __future__ import annotations

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from service.core import validation as val
from service.core.admin import UNSET, ProviderInput, ProviderPatch
from service.core.admin_validation import check_new_provider, check_provider_patch, check_provider_patch_fits
from service.core.config import TEMPLATES, ApiType, ProviderConfig
from service.core.errors import AlreadyExists, FailedPrecondition, FieldViolation, InvalidArgument, Reason
from service.core.paging import Page, PageRequest
from service.store import mapping
from service.store.keyring import KeyRing, key_hint
from service.store.lookup import check_etag, models_of, provider_resource, provider_row
from service.store.models import ProviderModelRow, ProviderRow, RouteRow
from service.store.transactions import Transactions, bump_version
from service.tls import TlsError, check_pair


class ProviderStore:
    def __init__(self, tx: Transactions, keyring: KeyRing) -> None:
        self._tx = tx
        self._keyring = keyring

    async def _config(self, s: AsyncSession, row: ProviderRow) -> ProviderConfig:
        return mapping.provider(row, (await models_of(s, [row.id]))[row.id], self._keyring)

    async def get(self, provider_id: str) -> ProviderConfig:
        async def q(s: AsyncSession) -> ProviderConfig:
            return await self._config(s, await provider_row(s, provider_id))

        return await self._tx.read(q)

    async def list(self, page: PageRequest) -> Page[ProviderConfig]:
        async def q(s: AsyncSession) -> Page[ProviderConfig]:
            total = (await s.execute(select(func.count()).select_from(ProviderRow))).scalar_one()
            rows = list(
                (await s.execute(select(ProviderRow).order_by(ProviderRow.id).offset(page.offset).limit(page.limit)))
                .scalars()
                .all()
            )
            models = await models_of(s, [r.id for r in rows])
            return Page(tuple(mapping.provider(r, models[r.id], self._keyring) for r in rows), total)

        return await self._tx.read(q)

    async def create(self, provider_id: str, inp: ProviderInput) -> ProviderConfig:
        new = check_new_provider(provider_id, inp)

        async def w(s: AsyncSession) -> ProviderConfig:
            pid = provider_id
            if not pid:
                base = val.slugify(new.display_name)
                pid, n = base, 1
                while await s.get(ProviderRow, pid) is not None:
                    n += 1
                    pid = f"{base[:59]}-{n}"
            elif await s.get(ProviderRow, pid) is not None:
                raise AlreadyExists(
                    f"providers/{pid} already exists",
                    resource=provider_resource(pid),
                    violations=[FieldViolation("provider_id", "already in use")],
                )
            await _check_unique_display_name(s, new.display_name, None)
            now = mapping.now()
            row = ProviderRow(
                id=pid,
                display_name=new.display_name,
                api_type=new.api_type.value,
                base_url=new.base_url,
                api_key_encrypted=self._keyring.encrypt(new.api_key) if new.api_key else None,
                api_key_hint=key_hint(new.api_key) if new.api_key else "",
                enabled=new.enabled,
                builtin=False,
                template=new.template,
                tls_ca_certificates=new.tls_ca_certificates,
                tls_client_certificate=new.tls_client_certificate,
                tls_client_key_encrypted=self._keyring.encrypt(new.tls_client_key) if new.tls_client_key else None,
                revision=1,
                create_time=now,
                update_time=now,
            )
            s.add(row)
            await s.flush()
            return mapping.provider(row, [], self._keyring)

        return await self._tx.write(w)

    async def update(self, provider_id: str, patch: ProviderPatch, etag: str) -> ProviderConfig:
        check_provider_patch(patch)

        async def w(s: AsyncSession) -> ProviderConfig:
            row = await provider_row(s, provider_id)
            check_etag(etag, row, provider_resource(provider_id))
            api_type = ApiType(row.api_type)
            check_provider_patch_fits(
                patch, provider_id=row.id, api_type=api_type, builtin=row.builtin, base_url=row.base_url
            )
            if patch.display_name is not UNSET:
                await _check_unique_display_name(s, patch.display_name, row.id)
                row.display_name = patch.display_name.strip()
            if patch.base_url is not UNSET and api_type is not ApiType.MLX:
                row.base_url = patch.base_url.rstrip("/")
            if patch.api_key is not UNSET:
                key = patch.api_key
                row.api_key_encrypted = self._keyring.encrypt(key) if key else None
                row.api_key_hint = key_hint(key) if key else ""
            if patch.enabled is not UNSET:
                row.enabled = patch.enabled
            if patch.tls_ca_certificates is not UNSET:
                row.tls_ca_certificates = patch.tls_ca_certificates
            if patch.tls_client_certificate is not UNSET:
                row.tls_client_certificate = patch.tls_client_certificate
            if patch.tls_client_key is not UNSET:
                tls_key = patch.tls_client_key
                row.tls_client_key_encrypted = self._keyring.encrypt(tls_key) if tls_key else None
            if patch.tls_client_certificate is not UNSET or patch.tls_client_key is not UNSET:
                _check_client_certificate(row, self._keyring)
            row.revision += 1
            row.update_time = mapping.now()
            await s.flush()
            return await self._config(s, row)

        return await self._tx.write(w)

    async def delete(self, provider_id: str, etag: str, force: bool = False) -> None:
        async def w(s: AsyncSession) -> None:
            row = await provider_row(s, provider_id)
            resource = provider_resource(provider_id)
            check_etag(etag, row, resource)
            if row.builtin:
                raise FailedPrecondition(
                    f"providers/{row.id} is built in and cannot be deleted; disable it instead",
                    reason=Reason.BUILTIN_IMMUTABLE,
                    resource=resource,
                )
            users = [r.id for r in (await s.execute(select(RouteRow))).scalars() if provider_id in _providers_of(r)]
            if users:
                raise FailedPrecondition(
                    f"providers/{row.id} is used by {', '.join('routes/' + u for u in sorted(users))}; "
                    "change or delete those routes first",
                    reason=Reason.PROVIDER_IN_USE,
                    resource=resource,
                )
            if not force:
                models = (
                    await s.execute(
                        select(func.count())
                        .select_from(ProviderModelRow)
                        .where(ProviderModelRow.provider_id == provider_id)
                    )
                ).scalar_one()
                if models:
                    raise FailedPrecondition(
                        f"providers/{row.id} still has {models} model(s); delete them first, or pass force to "
                        "delete the provider with its models",
                        reason=Reason.PROVIDER_HAS_MODELS,
                        resource=resource,
                        violations=[FieldViolation("force", "required to delete a provider that has models")],
                    )
            await s.execute(delete(ProviderModelRow).where(ProviderModelRow.provider_id == provider_id))
            await s.delete(row)

        await self._tx.write(w)

    async def seed_builtins(self) -> int:
        """Inserts the seeded templates as built-in providers; idempotent across restarts and replicas.
        Returns how many were inserted."""
        if self._tx.postgres:
            from sqlalchemy.dialects.postgresql import insert as pg_insert

            insert = pg_insert
        else:
            from sqlalchemy.dialects.sqlite import insert as sqlite_insert

            insert = sqlite_insert  # type: ignore[assignment]
        now = mapping.now()
        rows = [
            {
                "id": t.id,
                "display_name": t.display_name,
                "api_type": t.api_type.value,
                "base_url": t.default_base_url,
                "api_key_encrypted": None,
                "api_key_hint": "",
                "enabled": True,
                "builtin": True,
                "template": t.id,
                "revision": 1,
                "create_time": now,
                "update_time": now,
            }
            for t in TEMPLATES
            if t.seeded
        ]
        async with self._tx.sessions() as session, session.begin():
            result = await session.execute(insert(ProviderRow).values(rows).on_conflict_do_nothing())
            inserted: int = getattr(result, "rowcount", 0) or 0
            if inserted:
                await bump_version(session)
        return inserted


async def _check_unique_display_name(s: AsyncSession, name: str, except_id: str | None) -> None:
    existing = (
        await s.execute(select(ProviderRow.id).where(func.lower(ProviderRow.display_name) == name.strip().lower()))
    ).scalar_one_or_none()
    if existing is not None and existing != except_id:
        raise AlreadyExists(
            f"providers/{existing} already has the display name {name.strip()!r}",
            violations=[FieldViolation("provider.display_name", "must be unique among providers")],
        )


def _providers_of(row: RouteRow) -> set[str]:
    """The providers a route names (target and fallbacks)."""
    return {row.target_provider, *(f.provider for f in mapping.fallbacks_of(row))}


def _check_client_certificate(row: ProviderRow, keyring: KeyRing) -> None:
    """After an update: a client certificate and its key, both or neither, and a matching pair."""
    key = keyring.decrypt(row.tls_client_key_encrypted) if row.tls_client_key_encrypted else ""
    cert = row.tls_client_certificate or ""
    if bool(cert) != bool(key):
        missing = "tls_client_key" if cert else "tls_client_certificate"
        raise InvalidArgument(
            f'provider.{missing}: a client certificate needs its key (set both, or "" for both)',
            violations=[FieldViolation(f"provider.{missing}", "is required with the other half of the pair")],
        )
    if cert:
        try:
            check_pair(cert.encode(), key.encode())
        except TlsError as exc:
            raise InvalidArgument(
                f"provider.tls_client_certificate: {exc}",
                violations=[FieldViolation("provider.tls_client_certificate", str(exc))],
            ) from None
