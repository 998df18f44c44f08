"""The limits repository (implements `service.core.limits.LimitRepository`)."""

from __future__ import annotations

import dataclasses
import hashlib
import secrets
from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from service.core.errors import Aborted, AlreadyExists, FieldViolation, NotFound
from service.core.limits import LIMIT_FIELDS, BudgetPeriod, Limit, check_limit
from service.core.paging import Page, PageRequest
from service.store.mapping import aware, now
from service.store.models import LimitRow
from service.store.transactions import Transactions


def _resource(limit_id: str) -> tuple[str, str]:
    return ("llmrouter.dev/Limit", f"limits/{limit_id}")


def _etag(row: LimitRow) -> str:
    stamp = aware(row.create_time).isoformat() if row.create_time else ""
    return hashlib.sha256(f"limit:{row.id}:{row.revision}:{stamp}".encode()).hexdigest()[:20]


def limit_of(row: LimitRow) -> Limit:
    return Limit(
        id=row.id,
        subject=row.subject,
        requests_per_minute=row.requests_per_minute,
        tokens_per_minute=row.tokens_per_minute,
        concurrent_streams=row.concurrent_streams,
        token_budget=row.token_budget,
        cost_budget_micros=row.cost_budget_micros,
        budget_period=BudgetPeriod(row.budget_period),
        enabled=row.enabled,
        description=row.description,
        create_time=aware(row.create_time),
        update_time=aware(row.update_time),
        etag=_etag(row),
    )


def _store(row: LimitRow, lim: Limit) -> None:
    for name in LIMIT_FIELDS:
        value = getattr(lim, name)
        setattr(row, name, value.value if isinstance(value, BudgetPeriod) else value)


async def all_limits(s: AsyncSession) -> tuple[Limit, ...]:
    return tuple(limit_of(r) for r in (await s.execute(select(LimitRow).order_by(LimitRow.id))).scalars())


async def _row(s: AsyncSession, limit_id: str) -> LimitRow:
    row = await s.get(LimitRow, limit_id)
    if row is None:
        raise NotFound(f"limits/{limit_id} does not exist", resource=_resource(limit_id))
    return row


def _check_etag(given: str, row: LimitRow) -> None:
    if given and given != _etag(row):
        raise Aborted(
            f"limits/{row.id} was changed since it was read (etag mismatch); read it again and retry",
            resource=_resource(row.id),
            violations=[FieldViolation("etag", "does not match the current etag")],
        )


class LimitStore:
    def __init__(self, tx: Transactions) -> None:
        self._tx = tx

    async def get(self, limit_id: str) -> Limit:
        async def q(s: AsyncSession) -> Limit:
            return limit_of(await _row(s, limit_id))

        return await self._tx.read(q)

    async def list(self, page: PageRequest) -> Page[Limit]:
        limits = await self._tx.read(all_limits)
        return Page(limits[page.offset : page.offset + page.limit], len(limits))

    async def create(self, limit_id: str, lim: Limit) -> Limit:
        check_limit(dataclasses.replace(lim, id=limit_id))

        async def w(s: AsyncSession) -> Limit:
            lid = limit_id or f"limit-{secrets.token_hex(4)}"
            if await s.get(LimitRow, lid) is not None:
                raise AlreadyExists(
                    f"limits/{lid} already exists",
                    resource=_resource(lid),
                    violations=[FieldViolation("limit_id", "already in use")],
                )
            t = now()
            row = LimitRow(id=lid, revision=1, create_time=t, update_time=t)
            _store(row, lim)
            s.add(row)
            await s.flush()
            return limit_of(row)

        return await self._tx.write(w)

    async def update(self, limit_id: str, changes: Mapping[str, object], etag: str) -> Limit:
        async def w(s: AsyncSession) -> Limit:
            row = await _row(s, limit_id)
            _check_etag(etag, row)
            merged = dataclasses.replace(limit_of(row), **changes)  # type: ignore[arg-type]
            check_limit(merged)
            _store(row, merged)
            row.revision += 1
            row.update_time = now()
            await s.flush()
            return limit_of(row)

        return await self._tx.write(w)

    async def delete(self, limit_id: str, etag: str) -> None:
        async def w(s: AsyncSession) -> None:
            row = await _row(s, limit_id)
            _check_etag(etag, row)
            await s.delete(row)

        await self._tx.write(w)
