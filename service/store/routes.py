"""The routes repository (implements `service.core.config_repository.RouteRepository`).

Routes are listed in evaluation order: higher priority first, an exact pattern before a
glob, then creation order (`seq`). Every provider a route names must exist.
"""

from __future__ import annotations

import secrets

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from service.core.admin import UNSET, RouteInput, RoutePatch
from service.core.admin_validation import check_route_input, check_route_patch
from service.core.config import RouteConfig, RouteTarget
from service.core.errors import AlreadyExists, FailedPrecondition, FieldViolation, Reason
from service.core.paging import Page, PageRequest
from service.store import mapping
from service.store.lookup import check_etag, route_resource, route_row
from service.store.models import ProviderRow, RouteRow
from service.store.transactions import Transactions


def route_sort_key(r: RouteConfig) -> tuple[int, int, int]:
    """Evaluation order: higher priority first, exact before glob, then creation order."""
    return (-r.priority, 1 if r.is_glob else 0, r.seq)


async def all_routes(s: AsyncSession) -> tuple[RouteConfig, ...]:
    """Every route, in evaluation order."""
    rows = (await s.execute(select(RouteRow))).scalars()
    return tuple(sorted((mapping.route(r) for r in rows), key=route_sort_key))


def _named_targets(
    target: RouteTarget | None, fallbacks: tuple[RouteTarget, ...], deployments: tuple[RouteTarget, ...] = ()
) -> list[tuple[str, RouteTarget]]:
    """The targets a write names, with their field paths."""
    named = [("route.target", target)] if target is not None and target.provider else []
    named += [(f"route.deployments[{i}]", d) for i, d in enumerate(deployments)]
    return named + [(f"route.fallbacks[{i}]", f) for i, f in enumerate(fallbacks)]


async def _check_providers_exist(s: AsyncSession, targets: list[tuple[str, RouteTarget]]) -> None:
    ids = {t.provider for _, t in targets if t.provider}
    known = set((await s.execute(select(ProviderRow.id).where(ProviderRow.id.in_(ids)))).scalars()) if ids else set()
    missing = [
        FieldViolation(f"{path}.provider", f"providers/{t.provider} does not exist")
        for path, t in targets
        if t.provider not in known
    ]
    if missing:
        raise FailedPrecondition(
            f"the route names an unknown provider: {missing[0].description}",
            reason=Reason.UNKNOWN_PROVIDER,
            violations=missing,
        )


class RouteStore:
    def __init__(self, tx: Transactions) -> None:
        self._tx = tx

    async def get(self, route_id: str) -> RouteConfig:
        async def q(s: AsyncSession) -> RouteConfig:
            return mapping.route(await route_row(s, route_id))

        return await self._tx.read(q)

    async def list(self, page: PageRequest) -> Page[RouteConfig]:
        # The order depends on whether a pattern is a glob: sorted here, not in SQL (rules are few).
        routes = await self._tx.read(all_routes)
        return Page(routes[page.offset : page.offset + page.limit], len(routes))

    async def create(self, route_id: str, inp: RouteInput) -> RouteConfig:
        check_route_input(route_id, inp)

        async def w(s: AsyncSession) -> RouteConfig:
            rid = route_id or f"route-{secrets.token_hex(4)}"
            if await s.get(RouteRow, rid) is not None:
                raise AlreadyExists(
                    f"routes/{rid} already exists",
                    resource=route_resource(rid),
                    violations=[FieldViolation("route_id", "already in use")],
                )
            await _check_providers_exist(s, _named_targets(inp.target, inp.fallbacks, inp.deployments))
            seq = (await s.execute(select(func.coalesce(func.max(RouteRow.seq), 0)))).scalar_one() + 1
            now = mapping.now()
            row = RouteRow(
                id=rid,
                seq=seq,
                model_pattern=inp.model_pattern,
                priority=inp.priority,
                target_provider=inp.target.provider,
                target_model=inp.target.model,
                fallbacks=mapping.fallbacks_json(inp.fallbacks),
                deployments=mapping.deployments_json(inp.deployments),
                strategy=inp.strategy.value,
                enabled=True if inp.enabled is None else inp.enabled,
                description=inp.description,
                revision=1,
                create_time=now,
                update_time=now,
            )
            s.add(row)
            await s.flush()
            return mapping.route(row)

        return await self._tx.write(w)

    async def update(self, route_id: str, patch: RoutePatch, etag: str) -> RouteConfig:
        async def w(s: AsyncSession) -> RouteConfig:
            row = await route_row(s, route_id)
            check_etag(etag, row, route_resource(route_id))
            check_route_patch(patch, mapping.route(row))
            await _check_providers_exist(
                s,
                _named_targets(
                    None if patch.target is UNSET else patch.target,
                    () if patch.fallbacks is UNSET else patch.fallbacks,
                    () if patch.deployments is UNSET else patch.deployments,
                ),
            )
            if patch.model_pattern is not UNSET:
                row.model_pattern = patch.model_pattern
            if patch.priority is not UNSET:
                row.priority = patch.priority
            if patch.target is not UNSET:
                row.target_provider, row.target_model = patch.target.provider, patch.target.model
            if patch.fallbacks is not UNSET:
                row.fallbacks = mapping.fallbacks_json(patch.fallbacks)
            if patch.deployments is not UNSET:
                row.deployments = mapping.deployments_json(patch.deployments)
                if patch.deployments and patch.target is UNSET:
                    row.target_provider, row.target_model = "", ""
            if patch.strategy is not UNSET:
                row.strategy = patch.strategy.value
            if patch.enabled is not UNSET:
                row.enabled = patch.enabled
            if patch.description is not UNSET:
                row.description = patch.description
            row.revision += 1
            row.update_time = mapping.now()
            await s.flush()
            return mapping.route(row)

        return await self._tx.write(w)

    async def delete(self, route_id: str, etag: str) -> None:
        async def w(s: AsyncSession) -> None:
            row = await route_row(s, route_id)
            check_etag(etag, row, route_resource(route_id))
            await s.delete(row)

        await self._tx.write(w)
