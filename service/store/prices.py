"""The prices repository (implements `service.core.prices.PriceRepository`)."""

from __future__ import annotations

import dataclasses
import hashlib
import secrets
from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from service.core.errors import Aborted, AlreadyExists, FieldViolation, NotFound
from service.core.paging import Page, PageRequest
from service.core.prices import PRICE_FIELDS, Price, check_price
from service.store.mapping import aware, now
from service.store.models import PriceRow
from service.store.transactions import Transactions


def _resource(price_id: str) -> tuple[str, str]:
    return ("llmrouter.dev/Price", f"prices/{price_id}")


def _etag(row: PriceRow) -> str:
    stamp = aware(row.create_time).isoformat() if row.create_time else ""
    return hashlib.sha256(f"price:{row.id}:{row.revision}:{stamp}".encode()).hexdigest()[:20]


def price_of(row: PriceRow) -> Price:
    return Price(
        id=row.id,
        provider=row.provider,
        model=row.model,
        input_micros_per_mtok=row.input_micros_per_mtok,
        output_micros_per_mtok=row.output_micros_per_mtok,
        cache_read_micros_per_mtok=row.cache_read_micros_per_mtok,
        cache_write_micros_per_mtok=row.cache_write_micros_per_mtok,
        currency=row.currency,
        effective_time=aware(row.effective_time) if row.effective_time else None,
        source=row.source,
        create_time=aware(row.create_time),
        update_time=aware(row.update_time),
        etag=_etag(row),
    )


def _store(row: PriceRow, p: Price) -> None:
    for name in PRICE_FIELDS:
        setattr(row, name, getattr(p, name))


async def all_prices(s: AsyncSession) -> tuple[Price, ...]:
    return tuple(price_of(r) for r in (await s.execute(select(PriceRow).order_by(PriceRow.id))).scalars())


async def _row(s: AsyncSession, price_id: str) -> PriceRow:
    row = await s.get(PriceRow, price_id)
    if row is None:
        raise NotFound(f"prices/{price_id} does not exist", resource=_resource(price_id))
    return row


def _check_etag(given: str, row: PriceRow) -> None:
    if given and given != _etag(row):
        raise Aborted(
            f"prices/{row.id} was changed since it was read (etag mismatch); read it again and retry",
            resource=_resource(row.id),
            violations=[FieldViolation("etag", "does not match the current etag")],
        )


class PriceStore:
    def __init__(self, tx: Transactions) -> None:
        self._tx = tx

    async def get(self, price_id: str) -> Price:
        async def q(s: AsyncSession) -> Price:
            return price_of(await _row(s, price_id))

        return await self._tx.read(q)

    async def list(self, page: PageRequest) -> Page[Price]:
        limits = await self._tx.read(all_prices)
        return Page(limits[page.offset : page.offset + page.limit], len(limits))

    async def create(self, price_id: str, p: Price) -> Price:
        check_price(dataclasses.replace(p, id=price_id))

        async def w(s: AsyncSession) -> Price:
            lid = price_id or f"price-{secrets.token_hex(4)}"
            if await s.get(PriceRow, lid) is not None:
                raise AlreadyExists(
                    f"prices/{lid} already exists",
                    resource=_resource(lid),
                    violations=[FieldViolation("price_id", "already in use")],
                )
            t = now()
            row = PriceRow(id=lid, revision=1, create_time=t, update_time=t)
            _store(row, p)
            s.add(row)
            await s.flush()
            return price_of(row)

        return await self._tx.write(w)

    async def update(self, price_id: str, changes: Mapping[str, object], etag: str) -> Price:
        async def w(s: AsyncSession) -> Price:
            row = await _row(s, price_id)
            _check_etag(etag, row)
            merged = dataclasses.replace(price_of(row), **changes)  # type: ignore[arg-type]
            check_price(merged)
            _store(row, merged)
            row.revision += 1
            row.update_time = now()
            await s.flush()
            return price_of(row)

        return await self._tx.write(w)

    async def delete(self, price_id: str, etag: str) -> None:
        async def w(s: AsyncSession) -> None:
            row = await _row(s, price_id)
            _check_etag(etag, row)
            await s.delete(row)

        await self._tx.write(w)
