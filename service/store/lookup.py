"""Rows by resource name, inside a transaction: NOT_FOUND when absent, ABORTED on a stale etag."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from service.core.errors import Aborted, FieldViolation, NotFound
from service.store import mapping
from service.store.models import ClientKeyRow, ProviderModelRow, ProviderRow, RouteRow


def check_etag(
    given: str, row: ProviderRow | ProviderModelRow | RouteRow | ClientKeyRow, resource: tuple[str, str]
) -> None:
    """An empty `given` etag skips the check."""
    if given and given != mapping.etag(row):
        raise Aborted(
            f"{resource[1]} was changed since it was read (etag mismatch); read it again and retry",
            resource=resource,
            violations=[FieldViolation("etag", "does not match the current etag")],
        )


def provider_resource(provider_id: str) -> tuple[str, str]:
    return ("provider", f"providers/{provider_id}")


def model_resource(provider_id: str, model: str) -> tuple[str, str]:
    return ("provider_model", f"providers/{provider_id}/models/{model}")


def route_resource(route_id: str) -> tuple[str, str]:
    return ("route", f"routes/{route_id}")


async def provider_row(s: AsyncSession, provider_id: str) -> ProviderRow:
    row = await s.get(ProviderRow, provider_id)
    if row is None:
        raise NotFound(f"providers/{provider_id} does not exist", resource=provider_resource(provider_id))
    return row


async def model_row(s: AsyncSession, provider_id: str, model: str) -> ProviderModelRow:
    row = await s.get(ProviderModelRow, (provider_id, model))
    if row is None:
        resource = model_resource(provider_id, model)
        raise NotFound(f"{resource[1]} does not exist", resource=resource)
    return row


async def route_row(s: AsyncSession, route_id: str) -> RouteRow:
    row = await s.get(RouteRow, route_id)
    if row is None:
        raise NotFound(f"routes/{route_id} does not exist", resource=route_resource(route_id))
    return row


async def models_of(s: AsyncSession, provider_ids: list[str]) -> dict[str, list[ProviderModelRow]]:
    """The model rows of each provider."""
    out: dict[str, list[ProviderModelRow]] = {p: [] for p in provider_ids}
    if provider_ids:
        rows = (
            await s.execute(select(ProviderModelRow).where(ProviderModelRow.provider_id.in_(provider_ids)))
        ).scalars()
        for r in rows:
            out[r.provider_id].append(r)
    return out
