"""The configuration store: providers, their models, routes and client keys.

Every write runs in one transaction that also bumps the config version (and, on
PostgreSQL, NOTIFYs the other replicas), so a committed write is exactly one new
snapshot. Reads for admin RPCs come from the database; the chat path reads snapshots.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, func, select, text, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from service.core import validation as val
from service.core.config import (
    TEMPLATES,
    TEMPLATES_BY_ID,
    ApiType,
    ClientKey,
    ModelConfig,
    ProviderConfig,
    RouteConfig,
    RouteTarget,
    Snapshot,
)
from service.core.errors import (
    Aborted,
    AlreadyExists,
    FailedPrecondition,
    FieldViolation,
    InvalidArgument,
    NotFound,
    Reason,
    RouterError,
    Violations,
)
from service.store.db import database_unavailable, is_connection_error, is_sqlite, session_factory
from service.store.keyring import KeyRing, KeyRingError, key_hint
from service.store.models import (
    ClientKeyRow,
    ConfigVersionRow,
    MetaRow,
    ProviderModelRow,
    ProviderRow,
    RouteRow,
)

log = logging.getLogger(__name__)

NOTIFY_CHANNEL = "llmrouter_config"
KEY_CHECK = "encryption_key_check"
KEY_CHECK_PLAINTEXT = "llmrouter-key-check-v1"
MAX_PAGE_SIZE = 1000
DEFAULT_PAGE_SIZE = 100
SCOPES = frozenset({"chat", "admin"})


def _now() -> datetime:
    return datetime.now(UTC)


def _aware(dt: datetime | None) -> datetime | None:
    if dt is not None and dt.tzinfo is None:
        return dt.replace(tzinfo=UTC)
    return dt


def _etag(row: ProviderRow | ProviderModelRow | RouteRow) -> str:
    """Opaque version tag of a row: changes with every revision, and differs for a
    resource deleted and created again under the same name."""
    if isinstance(row, ProviderModelRow):
        kind, ident = "model", f"{row.provider_id}/{row.id}"
    elif isinstance(row, ProviderRow):
        kind, ident = "provider", row.id
    else:
        kind, ident = "route", row.id
    stamp = _aware(row.create_time).isoformat() if row.create_time else ""
    return hashlib.sha256(f"{kind}:{ident}:{row.revision}:{stamp}".encode()).hexdigest()[:20]


# ------------------------------------------------------------------ pagination


@dataclass(frozen=True)
class Page:
    offset: int
    size: int


def parse_page(page_size: int, page_token: str, kind: str) -> Page:
    if page_size < 0:
        raise InvalidArgument(
            "page_size must not be negative", violations=[FieldViolation("page_size", "must be >= 0")]
        )
    size = DEFAULT_PAGE_SIZE if page_size == 0 else min(page_size, MAX_PAGE_SIZE)
    if not page_token:
        return Page(0, size)
    try:
        data = json.loads(base64.urlsafe_b64decode(page_token.encode() + b"=" * (-len(page_token) % 4)))
        if data["k"] != kind or not isinstance(data["o"], int) or data["o"] < 0:
            raise ValueError
        return Page(data["o"], size)
    except (ValueError, KeyError, TypeError, json.JSONDecodeError):
        raise InvalidArgument(
            "page_token is not a token from a previous response of this list",
            violations=[FieldViolation("page_token", "not a token from a previous response of this list")],
        ) from None


def next_token(page: Page, returned: int, total: int, kind: str) -> str:
    end = page.offset + returned
    if end >= total:
        return ""
    raw = json.dumps({"k": kind, "o": end}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


# ------------------------------------------------------------------ inputs


@dataclass(frozen=True)
class ProviderInput:
    display_name: str = ""
    api_type: ApiType | None = None
    base_url: str = ""
    api_key: str = ""
    enabled: bool | None = None
    template: str = ""


@dataclass(frozen=True)
class ModelInput:
    model_id: str = ""
    display_name: str = ""
    is_default: bool = False
    source: str = ""


@dataclass(frozen=True)
class RouteInput:
    model_pattern: str = ""
    priority: int = 0
    target: RouteTarget = RouteTarget("")
    fallbacks: tuple[RouteTarget, ...] = ()
    enabled: bool | None = None
    description: str = ""


PROVIDER_UPDATABLE = ("display_name", "base_url", "api_key", "enabled")
MODEL_UPDATABLE = ("display_name", "is_default", "source")
ROUTE_UPDATABLE = ("model_pattern", "priority", "target", "fallbacks", "enabled", "description")


def route_sort_key(r: RouteConfig) -> tuple[int, int, int]:
    """Evaluation order: higher priority first, exact before glob, then creation order."""
    return (-r.priority, 1 if r.is_glob else 0, r.seq)


class ConfigStore:
    """Repository of the configuration. Domain values in, domain values out."""

    def __init__(self, engine: AsyncEngine, keyring: KeyRing) -> None:
        self.engine = engine
        self.keyring = keyring
        self._sessions = session_factory(engine)
        self._postgres = not is_sqlite(str(engine.url))
        # Called after each committed write (the snapshot holder rebuilds and swaps).
        self.on_commit: list[Callable[[], Any]] = []

    # ------------------------------------------------------------- plumbing

    async def _write(self, fn: Callable[[AsyncSession], Any]) -> Any:
        """Runs fn in a transaction that bumps the config version, then the commit hooks."""
        try:
            async with self._sessions() as session, session.begin():
                result = await fn(session)
                version = (
                    await session.execute(
                        update(ConfigVersionRow)
                        .where(ConfigVersionRow.id == 1)
                        .values(version=ConfigVersionRow.version + 1)
                        .returning(ConfigVersionRow.version)
                    )
                ).scalar_one()
                if self._postgres:
                    await session.execute(text("SELECT pg_notify(:ch, :v)"), {"ch": NOTIFY_CHANNEL, "v": str(version)})
        except RouterError:
            raise
        except IntegrityError as exc:
            raise self._integrity(exc) from None
        except SQLAlchemyError as exc:
            if is_connection_error(exc):
                raise database_unavailable(exc) from None
            raise
        except OSError as exc:
            raise database_unavailable(exc) from None
        for hook in self.on_commit:
            await hook()
        return result

    async def _read(self, fn: Callable[[AsyncSession], Any]) -> Any:
        try:
            async with self._sessions() as session:
                return await fn(session)
        except RouterError:
            raise
        except SQLAlchemyError as exc:
            if is_connection_error(exc):
                raise database_unavailable(exc) from None
            raise
        except OSError as exc:
            raise database_unavailable(exc) from None

    @staticmethod
    def _integrity(exc: IntegrityError) -> RouterError:
        msg = str(exc.orig).lower()
        if "display_name" in msg:
            return AlreadyExists(
                "a provider with this display name already exists",
                violations=[FieldViolation("provider.display_name", "must be unique among providers")],
            )
        if "model_id" in msg:
            return AlreadyExists(
                "the provider already has this model",
                violations=[FieldViolation("provider_model.model_id", "already registered on this provider")],
            )
        if "one_default" in msg or "is_default" in msg:
            return Aborted("another default model was set concurrently; retry", reason=Reason.CONCURRENT_UPDATE)
        return Aborted("the resource was changed concurrently; retry", reason=Reason.CONCURRENT_UPDATE)

    async def version(self) -> int:
        async def q(s: AsyncSession) -> int:
            return (await s.execute(select(ConfigVersionRow.version).where(ConfigVersionRow.id == 1))).scalar_one()

        return await self._read(q)

    # ------------------------------------------------------------- start-up

    async def check_encryption_key(self) -> None:
        """Refuses a key that does not decrypt what the database holds (raises KeyRingError).

        The first start writes a check value encrypted with the key; later starts (and
        other replicas) must decrypt it.
        """
        try:
            async with self._sessions() as s, s.begin():
                row = await s.get(MetaRow, KEY_CHECK)
                if row is None:
                    s.add(MetaRow(key=KEY_CHECK, value=self.keyring.encrypt(KEY_CHECK_PLAINTEXT)))
                    return
                stored = row.value
        except IntegrityError:  # another replica wrote it first: check theirs
            async with self._sessions() as s:
                stored = (await s.get(MetaRow, KEY_CHECK)).value
        if self.keyring.decrypt(stored) != KEY_CHECK_PLAINTEXT:
            raise KeyRingError("the encryption key check failed")

    async def seed_builtins(self) -> int:
        """Inserts the seeded templates as built-in providers; idempotent across restarts and replicas."""
        if self._postgres:
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert
        now = _now()
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
        async with self._sessions() as session, session.begin():
            result = await session.execute(insert(ProviderRow).values(rows).on_conflict_do_nothing())
            inserted = result.rowcount or 0
            if inserted:
                await session.execute(
                    update(ConfigVersionRow)
                    .where(ConfigVersionRow.id == 1)
                    .values(version=ConfigVersionRow.version + 1)
                )
        return inserted

    # ------------------------------------------------------------- conversions

    def _provider(self, row: ProviderRow, models: list[ProviderModelRow]) -> ProviderConfig:
        api_key = self.keyring.decrypt(row.api_key_encrypted) if row.api_key_encrypted else ""
        return ProviderConfig(
            id=row.id,
            display_name=row.display_name,
            api_type=ApiType(row.api_type),
            base_url=row.base_url,
            api_key=api_key,
            api_key_hint=row.api_key_hint,
            enabled=row.enabled,
            builtin=row.builtin,
            template=row.template,
            models=tuple(self._model(m) for m in sorted(models, key=lambda m: m.model_id)),
            create_time=_aware(row.create_time),
            update_time=_aware(row.update_time),
            etag=_etag(row),
        )

    @staticmethod
    def _model(row: ProviderModelRow) -> ModelConfig:
        return ModelConfig(
            id=row.id,
            provider_id=row.provider_id,
            model_id=row.model_id,
            display_name=row.display_name,
            is_default=row.is_default,
            source=row.source,
            create_time=_aware(row.create_time),
            update_time=_aware(row.update_time),
            etag=_etag(row),
        )

    @staticmethod
    def _route(row: RouteRow) -> RouteConfig:
        fallbacks = tuple(RouteTarget(f["provider"], f.get("model", "")) for f in json.loads(row.fallbacks))
        return RouteConfig(
            id=row.id,
            model_pattern=row.model_pattern,
            priority=row.priority,
            target=RouteTarget(row.target_provider, row.target_model),
            fallbacks=fallbacks,
            enabled=row.enabled,
            description=row.description,
            seq=row.seq,
            create_time=_aware(row.create_time),
            update_time=_aware(row.update_time),
            etag=_etag(row),
        )

    async def _models_of(self, s: AsyncSession, provider_ids: list[str]) -> dict[str, list[ProviderModelRow]]:
        out: dict[str, list[ProviderModelRow]] = {p: [] for p in provider_ids}
        if provider_ids:
            rows = (
                await s.execute(select(ProviderModelRow).where(ProviderModelRow.provider_id.in_(provider_ids)))
            ).scalars()
            for r in rows:
                out[r.provider_id].append(r)
        return out

    @staticmethod
    def _check_etag(given: str, current: str, resource: tuple[str, str]) -> None:
        if given and given != current:
            raise Aborted(
                f"{resource[1]} was changed since it was read (etag mismatch); read it again and retry",
                resource=resource,
                violations=[FieldViolation("etag", "does not match the current etag")],
            )

    async def _provider_row(self, s: AsyncSession, provider_id: str) -> ProviderRow:
        row = await s.get(ProviderRow, provider_id)
        if row is None:
            raise NotFound(f"providers/{provider_id} does not exist", resource=("provider", f"providers/{provider_id}"))
        return row

    # ------------------------------------------------------------- providers

    async def get_provider(self, provider_id: str) -> ProviderConfig:
        async def q(s: AsyncSession) -> ProviderConfig:
            row = await self._provider_row(s, provider_id)
            return self._provider(row, (await self._models_of(s, [row.id]))[row.id])

        return await self._read(q)

    async def list_providers(self, page: Page) -> tuple[list[ProviderConfig], int]:
        async def q(s: AsyncSession) -> tuple[list[ProviderConfig], int]:
            total = (await s.execute(select(func.count()).select_from(ProviderRow))).scalar_one()
            rows = list(
                (await s.execute(select(ProviderRow).order_by(ProviderRow.id).offset(page.offset).limit(page.size)))
                .scalars()
                .all()
            )
            models = await self._models_of(s, [r.id for r in rows])
            return [self._provider(r, models[r.id]) for r in rows], total

        return await self._read(q)

    async def create_provider(self, provider_id: str, inp: ProviderInput) -> ProviderConfig:
        v = Violations()
        template = None
        if inp.template:
            template = TEMPLATES_BY_ID.get(inp.template)
            if template is None:
                v.add("provider.template", f"unknown template; one of: {', '.join(t.id for t in TEMPLATES)}")
        api_type = inp.api_type
        if template is not None:
            if api_type is not None and api_type is not template.api_type:
                v.add("provider.api_type", f"template {template.id!r} is of API type {template.api_type.name}")
            api_type = template.api_type
        if api_type is None:
            v.add("provider.api_type", "is required (OPENAI, ANTHROPIC or MLX) unless a template is given")
        val.check_display_name(v, "provider.display_name", inp.display_name)
        base_url = inp.base_url or (template.default_base_url if template else "")
        if api_type is ApiType.MLX:
            if inp.base_url:
                v.add("provider.base_url", "must be empty for a local MLX provider")
            if inp.api_key:
                v.add("provider.api_key", "must be empty for a local MLX provider")
        elif api_type is not None:
            if not base_url:
                v.add("provider.base_url", "is required for a custom provider (http or https URL)")
            else:
                val.check_base_url(v, "provider.base_url", base_url)
        if inp.api_key and (len(inp.api_key) > 4096 or any(c.isspace() for c in inp.api_key)):
            v.add("provider.api_key", "must be at most 4096 characters without whitespace")
        if provider_id:
            val.check_id(v, "provider_id", provider_id)
        v.raise_if_any()
        assert api_type is not None
        template_id = (
            template.id
            if template
            else {
                ApiType.OPENAI: "custom-openai",
                ApiType.ANTHROPIC: "custom-anthropic",
                ApiType.MLX: "local",
            }[api_type]
        )

        async def w(s: AsyncSession) -> ProviderConfig:
            pid = provider_id
            if not pid:
                base = val.slugify(inp.display_name)
                pid, n = base, 1
                while await s.get(ProviderRow, pid) is not None:
                    n += 1
                    pid = f"{base[:59]}-{n}"
            elif await s.get(ProviderRow, pid) is not None:
                raise AlreadyExists(
                    f"providers/{pid} already exists",
                    resource=("provider", f"providers/{pid}"),
                    violations=[FieldViolation("provider_id", "already in use")],
                )
            await self._check_unique_display_name(s, inp.display_name, None)
            now = _now()
            row = ProviderRow(
                id=pid,
                display_name=inp.display_name.strip(),
                api_type=api_type.value,
                base_url=base_url.rstrip("/"),
                api_key_encrypted=self.keyring.encrypt(inp.api_key) if inp.api_key else None,
                api_key_hint=key_hint(inp.api_key) if inp.api_key else "",
                enabled=True if inp.enabled is None else inp.enabled,
                builtin=False,
                template=template_id,
                revision=1,
                create_time=now,
                update_time=now,
            )
            s.add(row)
            await s.flush()
            return self._provider(row, [])

        return await self._write(w)

    async def _check_unique_display_name(self, s: AsyncSession, name: str, except_id: str | None) -> None:
        existing = (
            await s.execute(select(ProviderRow.id).where(func.lower(ProviderRow.display_name) == name.strip().lower()))
        ).scalar_one_or_none()
        if existing is not None and existing != except_id:
            raise AlreadyExists(
                f"providers/{existing} already has the display name {name.strip()!r}",
                violations=[FieldViolation("provider.display_name", "must be unique among providers")],
            )

    async def update_provider(self, provider_id: str, changes: dict[str, Any], etag: str) -> ProviderConfig:
        v = Violations()
        if "display_name" in changes:
            val.check_display_name(v, "provider.display_name", changes["display_name"])
        key = changes.get("api_key")
        if key and (len(key) > 4096 or any(c.isspace() for c in key)):
            v.add("provider.api_key", "must be at most 4096 characters without whitespace")
        v.raise_if_any()

        async def w(s: AsyncSession) -> ProviderConfig:
            row = await self._provider_row(s, provider_id)
            resource = ("provider", f"providers/{provider_id}")
            self._check_etag(etag, _etag(row), resource)
            vv = Violations()
            if "base_url" in changes:
                new_url = changes["base_url"].rstrip("/")
                if row.api_type == ApiType.MLX.value:
                    if new_url:
                        vv.add("provider.base_url", "must be empty for a local MLX provider")
                elif row.builtin and new_url != row.base_url:
                    raise FailedPrecondition(
                        f"providers/{row.id} is built in: its base URL cannot change; "
                        "create a custom provider for another endpoint",
                        reason=Reason.BUILTIN_IMMUTABLE,
                        resource=resource,
                        violations=[FieldViolation("provider.base_url", "immutable on built-in providers")],
                    )
                else:
                    val.check_base_url(vv, "provider.base_url", new_url)
            if changes.get("api_key") and row.api_type == ApiType.MLX.value:
                vv.add("provider.api_key", "must be empty for a local MLX provider")
            vv.raise_if_any()
            if "display_name" in changes:
                await self._check_unique_display_name(s, changes["display_name"], row.id)
                row.display_name = changes["display_name"].strip()
            if "base_url" in changes and row.api_type != ApiType.MLX.value:
                row.base_url = changes["base_url"].rstrip("/")
            if "api_key" in changes:
                k = changes["api_key"]
                row.api_key_encrypted = self.keyring.encrypt(k) if k else None
                row.api_key_hint = key_hint(k) if k else ""
            if "enabled" in changes:
                row.enabled = bool(changes["enabled"])
            row.revision += 1
            row.update_time = _now()
            await s.flush()
            return self._provider(row, (await self._models_of(s, [row.id]))[row.id])

        return await self._write(w)

    async def delete_provider(self, provider_id: str, etag: str) -> None:
        async def w(s: AsyncSession) -> None:
            row = await self._provider_row(s, provider_id)
            resource = ("provider", f"providers/{provider_id}")
            self._check_etag(etag, _etag(row), resource)
            if row.builtin:
                raise FailedPrecondition(
                    f"providers/{row.id} is built in and cannot be deleted; disable it instead",
                    reason=Reason.BUILTIN_IMMUTABLE,
                    resource=resource,
                )
            users = [
                r.id for r in (await s.execute(select(RouteRow))).scalars() if provider_id in self._route_providers(r)
            ]
            if users:
                raise FailedPrecondition(
                    f"providers/{row.id} is used by {', '.join('routes/' + u for u in sorted(users))}; "
                    "change or delete those routes first",
                    reason=Reason.PROVIDER_IN_USE,
                    resource=resource,
                )
            await s.execute(delete(ProviderModelRow).where(ProviderModelRow.provider_id == provider_id))
            await s.delete(row)

        await self._write(w)

    @staticmethod
    def _route_providers(row: RouteRow) -> set[str]:
        return {row.target_provider, *(f["provider"] for f in json.loads(row.fallbacks))}

    # ------------------------------------------------------------- provider models

    async def _model_row(self, s: AsyncSession, provider_id: str, model_res_id: str) -> ProviderModelRow:
        row = await s.get(ProviderModelRow, (provider_id, model_res_id))
        if row is None:
            name = f"providers/{provider_id}/models/{model_res_id}"
            raise NotFound(f"{name} does not exist", resource=("provider_model", name))
        return row

    async def create_model(self, provider_id: str, inp: ModelInput) -> ModelConfig:
        v = Violations()
        val.check_model_id(v, "provider_model.model_id", inp.model_id)
        val.check_display_name(v, "provider_model.display_name", inp.display_name, required=False)
        if len(inp.source) > 2048:
            v.add("provider_model.source", "must be at most 2048 characters")
        v.raise_if_any()

        async def w(s: AsyncSession) -> ModelConfig:
            prow = await self._provider_row(s, provider_id)
            if inp.source and prow.api_type != ApiType.MLX.value:
                raise InvalidArgument(
                    "source applies to local MLX providers only",
                    violations=[FieldViolation("provider_model.source", "only for MLX providers")],
                )
            dup = (
                await s.execute(
                    select(ProviderModelRow.id).where(
                        ProviderModelRow.provider_id == provider_id, ProviderModelRow.model_id == inp.model_id
                    )
                )
            ).scalar_one_or_none()
            if dup is not None:
                name = f"providers/{provider_id}/models/{dup}"
                raise AlreadyExists(
                    f"{name} already registers {inp.model_id!r}",
                    resource=("provider_model", name),
                    violations=[FieldViolation("provider_model.model_id", "already registered on this provider")],
                )
            base = val.slugify(inp.model_id)
            mid, n = base, 1
            while await s.get(ProviderModelRow, (provider_id, mid)) is not None:
                n += 1
                mid = f"{base[:59]}-{n}"
            if inp.is_default:
                await self._clear_default(s, provider_id)
            now = _now()
            row = ProviderModelRow(
                provider_id=provider_id,
                id=mid,
                model_id=inp.model_id,
                display_name=inp.display_name.strip(),
                is_default=inp.is_default,
                source=inp.source,
                revision=1,
                create_time=now,
                update_time=now,
            )
            s.add(row)
            prow.update_time = now
            prow.revision += 1
            await s.flush()
            return self._model(row)

        return await self._write(w)

    @staticmethod
    async def _clear_default(s: AsyncSession, provider_id: str) -> None:
        await s.execute(
            update(ProviderModelRow)
            .where(ProviderModelRow.provider_id == provider_id, ProviderModelRow.is_default.is_(True))
            .values(is_default=False, revision=ProviderModelRow.revision + 1)
        )
        await s.flush()

    async def list_models(self, provider_id: str, page: Page) -> tuple[list[ModelConfig], int]:
        async def q(s: AsyncSession) -> tuple[list[ModelConfig], int]:
            await self._provider_row(s, provider_id)
            cond = ProviderModelRow.provider_id == provider_id
            total = (await s.execute(select(func.count()).select_from(ProviderModelRow).where(cond))).scalar_one()
            rows = (
                await s.execute(
                    select(ProviderModelRow)
                    .where(cond)
                    .order_by(ProviderModelRow.model_id, ProviderModelRow.id)
                    .offset(page.offset)
                    .limit(page.size)
                )
            ).scalars()
            return [self._model(r) for r in rows], total

        return await self._read(q)

    async def update_model(
        self, provider_id: str, model_res_id: str, changes: dict[str, Any], etag: str
    ) -> ModelConfig:
        v = Violations()
        if "display_name" in changes:
            val.check_display_name(v, "provider_model.display_name", changes["display_name"], required=False)
        v.raise_if_any()

        async def w(s: AsyncSession) -> ModelConfig:
            prow = await self._provider_row(s, provider_id)
            row = await self._model_row(s, provider_id, model_res_id)
            name = f"providers/{provider_id}/models/{model_res_id}"
            self._check_etag(etag, _etag(row), ("provider_model", name))
            if changes.get("source") and prow.api_type != ApiType.MLX.value:
                raise InvalidArgument(
                    "source applies to local MLX providers only",
                    violations=[FieldViolation("provider_model.source", "only for MLX providers")],
                )
            if changes.get("is_default") and not row.is_default:
                await self._clear_default(s, provider_id)
                await s.refresh(row)
            if "display_name" in changes:
                row.display_name = changes["display_name"].strip()
            if "is_default" in changes:
                row.is_default = bool(changes["is_default"])
            if "source" in changes:
                row.source = changes["source"]
            row.revision += 1
            row.update_time = _now()
            await s.flush()
            return self._model(row)

        return await self._write(w)

    async def delete_model(self, provider_id: str, model_res_id: str, etag: str) -> None:
        async def w(s: AsyncSession) -> None:
            await self._provider_row(s, provider_id)
            row = await self._model_row(s, provider_id, model_res_id)
            name = f"providers/{provider_id}/models/{model_res_id}"
            self._check_etag(etag, _etag(row), ("provider_model", name))
            await s.delete(row)

        await self._write(w)

    # ------------------------------------------------------------- routes

    def _validate_route(self, v: Violations, inp: RouteInput, fields: tuple[str, ...] = ROUTE_UPDATABLE) -> None:
        if "model_pattern" in fields:
            val.check_model_pattern(v, "route.model_pattern", inp.model_pattern)
        if "target" in fields:
            if not inp.target.provider:
                v.add("route.target.provider", "is required")
            if inp.target.model:
                val.check_model_id(v, "route.target.model", inp.target.model)
        if "fallbacks" in fields:
            if len(inp.fallbacks) > val.MAX_FALLBACKS:
                v.add("route.fallbacks", f"at most {val.MAX_FALLBACKS} fallbacks")
            for i, fb in enumerate(inp.fallbacks):
                if not fb.provider:
                    v.add(f"route.fallbacks[{i}].provider", "is required")
                if fb.model:
                    val.check_model_id(v, f"route.fallbacks[{i}].model", fb.model)
        if "description" in fields and len(inp.description) > 1000:
            v.add("route.description", "must be at most 1000 characters")

    async def _check_route_providers(self, s: AsyncSession, targets: list[tuple[str, RouteTarget]]) -> None:
        ids = {t.provider for _, t in targets if t.provider}
        known = (
            set((await s.execute(select(ProviderRow.id).where(ProviderRow.id.in_(ids)))).scalars()) if ids else set()
        )
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

    async def get_route(self, route_id: str) -> RouteConfig:
        async def q(s: AsyncSession) -> RouteConfig:
            row = await s.get(RouteRow, route_id)
            if row is None:
                raise NotFound(f"routes/{route_id} does not exist", resource=("route", f"routes/{route_id}"))
            return self._route(row)

        return await self._read(q)

    async def all_routes(self) -> list[RouteConfig]:
        async def q(s: AsyncSession) -> list[RouteConfig]:
            rows = (await s.execute(select(RouteRow))).scalars()
            return sorted((self._route(r) for r in rows), key=route_sort_key)

        return await self._read(q)

    async def create_route(self, route_id: str, inp: RouteInput) -> RouteConfig:
        v = Violations()
        self._validate_route(v, inp)
        if route_id:
            val.check_id(v, "route_id", route_id)
        v.raise_if_any()

        async def w(s: AsyncSession) -> RouteConfig:
            rid = route_id or f"route-{secrets.token_hex(4)}"
            if await s.get(RouteRow, rid) is not None:
                raise AlreadyExists(
                    f"routes/{rid} already exists",
                    resource=("route", f"routes/{rid}"),
                    violations=[FieldViolation("route_id", "already in use")],
                )
            await self._check_route_providers(
                s, [("route.target", inp.target)] + [(f"route.fallbacks[{i}]", f) for i, f in enumerate(inp.fallbacks)]
            )
            seq = (await s.execute(select(func.coalesce(func.max(RouteRow.seq), 0)))).scalar_one() + 1
            now = _now()
            row = RouteRow(
                id=rid,
                seq=seq,
                model_pattern=inp.model_pattern,
                priority=inp.priority,
                target_provider=inp.target.provider,
                target_model=inp.target.model,
                fallbacks=json.dumps([{"provider": f.provider, "model": f.model} for f in inp.fallbacks]),
                enabled=True if inp.enabled is None else inp.enabled,
                description=inp.description,
                revision=1,
                create_time=now,
                update_time=now,
            )
            s.add(row)
            await s.flush()
            return self._route(row)

        return await self._write(w)

    async def update_route(self, route_id: str, inp: RouteInput, fields: tuple[str, ...], etag: str) -> RouteConfig:
        v = Violations()
        self._validate_route(v, inp, fields)
        v.raise_if_any()

        async def w(s: AsyncSession) -> RouteConfig:
            row = await s.get(RouteRow, route_id)
            resource = ("route", f"routes/{route_id}")
            if row is None:
                raise NotFound(f"routes/{route_id} does not exist", resource=resource)
            self._check_etag(etag, _etag(row), resource)
            targets: list[tuple[str, RouteTarget]] = []
            if "target" in fields:
                targets.append(("route.target", inp.target))
            if "fallbacks" in fields:
                targets += [(f"route.fallbacks[{i}]", f) for i, f in enumerate(inp.fallbacks)]
            await self._check_route_providers(s, targets)
            if "model_pattern" in fields:
                row.model_pattern = inp.model_pattern
            if "priority" in fields:
                row.priority = inp.priority
            if "target" in fields:
                row.target_provider, row.target_model = inp.target.provider, inp.target.model
            if "fallbacks" in fields:
                row.fallbacks = json.dumps([{"provider": f.provider, "model": f.model} for f in inp.fallbacks])
            if "enabled" in fields:
                row.enabled = True if inp.enabled is None else inp.enabled
            if "description" in fields:
                row.description = inp.description
            row.revision += 1
            row.update_time = _now()
            await s.flush()
            return self._route(row)

        return await self._write(w)

    async def delete_route(self, route_id: str, etag: str) -> None:
        async def w(s: AsyncSession) -> None:
            row = await s.get(RouteRow, route_id)
            resource = ("route", f"routes/{route_id}")
            if row is None:
                raise NotFound(f"routes/{route_id} does not exist", resource=resource)
            self._check_etag(etag, _etag(row), resource)
            await s.delete(row)

        await self._write(w)

    # ------------------------------------------------------------- client keys

    async def create_client_key(self, scopes: set[str], description: str = "") -> tuple[ClientKey, str]:
        bad = scopes - SCOPES
        if not scopes or bad:
            raise InvalidArgument(
                f"scopes must be among {sorted(SCOPES)}",
                violations=[FieldViolation("scopes", f"unknown or missing: {sorted(bad) or 'none given'}")],
            )
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
                create_time=_now(),
            )
            s.add(row)
            await s.flush()
            return _client_key(row)

        return await self._write(w), plaintext

    async def list_client_keys(self) -> list[ClientKey]:
        async def q(s: AsyncSession) -> list[ClientKey]:
            rows = (await s.execute(select(ClientKeyRow).order_by(ClientKeyRow.create_time))).scalars()
            return [_client_key(r) for r in rows]

        return await self._read(q)

    async def revoke_client_key(self, key_id: str) -> None:
        async def w(s: AsyncSession) -> None:
            row = await s.get(ClientKeyRow, key_id)
            if row is None:
                raise NotFound(f"client key {key_id} does not exist")
            row.revoked = True

        await self._write(w)

    # ------------------------------------------------------------- snapshot

    async def load_snapshot(self) -> Snapshot:
        """Reads the whole configuration in one transaction."""

        async def q(s: AsyncSession) -> Snapshot:
            version = (await s.execute(select(ConfigVersionRow.version).where(ConfigVersionRow.id == 1))).scalar_one()
            prows = list((await s.execute(select(ProviderRow))).scalars())
            models = await self._models_of(s, [p.id for p in prows])
            providers = {p.id: self._provider(p, models[p.id]) for p in prows}
            routes = tuple(
                sorted((self._route(r) for r in (await s.execute(select(RouteRow))).scalars()), key=route_sort_key)
            )
            keys = {
                k.id: _client_key(k)
                for k in (await s.execute(select(ClientKeyRow).where(ClientKeyRow.revoked.is_(False)))).scalars()
            }
            return Snapshot(version=version, providers=providers, routes=routes, client_keys=keys)

        return await self._read(q)


def _client_key(row: ClientKeyRow) -> ClientKey:
    return ClientKey(
        id=row.id,
        key_hash=row.key_hash,
        scopes=frozenset(s for s in row.scopes.split(",") if s),
        description=row.description,
        revoked=row.revoked,
        create_time=_aware(row.create_time),
    )
