"""The provider-models repository (implements `service.core.config_repository.ProviderModelRepository`).

At most one model per provider is the default; setting a new default clears the old one
in the same transaction (a unique index guards against concurrent writers).
"""

from __future__ import annotations

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from service.core import validation as val
from service.core.admin import UNSET, ModelInput, ModelPatch
from service.core.admin_validation import check_model_input, check_model_patch, check_model_source
from service.core.config import ApiType, ModelConfig
from service.core.errors import AlreadyExists, FieldViolation
from service.core.paging import Page, PageRequest
from service.store import mapping
from service.store.lookup import check_etag, model_resource, model_row, provider_row
from service.store.models import ProviderModelRow
from service.store.transactions import Transactions


class ModelStore:
    def __init__(self, tx: Transactions) -> None:
        self._tx = tx

    async def list(self, provider_id: str, page: PageRequest) -> Page[ModelConfig]:
        async def q(s: AsyncSession) -> Page[ModelConfig]:
            await provider_row(s, provider_id)
            cond = ProviderModelRow.provider_id == provider_id
            total = (await s.execute(select(func.count()).select_from(ProviderModelRow).where(cond))).scalar_one()
            rows = (
                await s.execute(
                    select(ProviderModelRow)
                    .where(cond)
                    .order_by(ProviderModelRow.model_id, ProviderModelRow.id)
                    .offset(page.offset)
                    .limit(page.limit)
                )
            ).scalars()
            return Page(tuple(mapping.model(r) for r in rows), total)

        return await self._tx.read(q)

    async def create(self, provider_id: str, inp: ModelInput) -> ModelConfig:
        check_model_input(inp)

        async def w(s: AsyncSession) -> ModelConfig:
            prow = await provider_row(s, provider_id)
            check_model_source(inp.source, ApiType(prow.api_type))
            dup = (
                await s.execute(
                    select(ProviderModelRow.id).where(
                        ProviderModelRow.provider_id == provider_id, ProviderModelRow.model_id == inp.model_id
                    )
                )
            ).scalar_one_or_none()
            if dup is not None:
                resource = model_resource(provider_id, dup)
                raise AlreadyExists(
                    f"{resource[1]} already registers {inp.model_id!r}",
                    resource=resource,
                    violations=[FieldViolation("provider_model.model_id", "already registered on this provider")],
                )
            base = val.slugify(inp.model_id)
            mid, n = base, 1
            while await s.get(ProviderModelRow, (provider_id, mid)) is not None:
                n += 1
                mid = f"{base[:59]}-{n}"
            if inp.is_default:
                await _clear_default(s, provider_id)
            now = mapping.now()
            row = ProviderModelRow(
                provider_id=provider_id,
                id=mid,
                model_id=inp.model_id,
                display_name=inp.display_name.strip(),
                is_default=inp.is_default,
                source=inp.source,
                capabilities=mapping.capabilities_json(inp.capabilities),
                default_generation=mapping.generation_defaults_json(inp.default_generation),
                revision=1,
                create_time=now,
                update_time=now,
            )
            s.add(row)
            prow.update_time = now
            prow.revision += 1
            await s.flush()
            return mapping.model(row)

        return await self._tx.write(w)

    async def update(self, provider_id: str, model: str, patch: ModelPatch, etag: str) -> ModelConfig:
        check_model_patch(patch)

        async def w(s: AsyncSession) -> ModelConfig:
            prow = await provider_row(s, provider_id)
            row = await model_row(s, provider_id, model)
            check_etag(etag, row, model_resource(provider_id, model))
            if patch.source is not UNSET:
                check_model_source(patch.source, ApiType(prow.api_type))
            if patch.is_default is True and not row.is_default:
                await _clear_default(s, provider_id)
                await s.refresh(row)
            if patch.display_name is not UNSET:
                row.display_name = patch.display_name.strip()
            if patch.is_default is not UNSET:
                row.is_default = patch.is_default
            if patch.source is not UNSET:
                row.source = patch.source
            if patch.capabilities is not UNSET:
                row.capabilities = mapping.capabilities_json(patch.capabilities)
            if patch.default_generation is not UNSET:
                row.default_generation = mapping.generation_defaults_json(patch.default_generation)
            row.revision += 1
            row.update_time = mapping.now()
            await s.flush()
            return mapping.model(row)

        return await self._tx.write(w)

    async def delete(self, provider_id: str, model: str, etag: str) -> None:
        async def w(s: AsyncSession) -> None:
            await provider_row(s, provider_id)
            row = await model_row(s, provider_id, model)
            check_etag(etag, row, model_resource(provider_id, model))
            await s.delete(row)

        await self._tx.write(w)


async def _clear_default(s: AsyncSession, provider_id: str) -> None:
    await s.execute(
        update(ProviderModelRow)
        .where(ProviderModelRow.provider_id == provider_id, ProviderModelRow.is_default.is_(True))
        .values(is_default=False, revision=ProviderModelRow.revision + 1)
    )
    await s.flush()
