"""Rows to domain values and back: the one place that knows how a column holds a field.

Timestamps come back timezone-aware (SQLite drops the zone); route fallbacks are a JSON
list; provider keys are decrypted with the key ring; etags are computed from the row.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from datetime import UTC, datetime

from service.core.config import (
    ApiType,
    ClientKey,
    ModelCapabilities,
    ModelConfig,
    ProviderConfig,
    RouteConfig,
    RouteTarget,
)
from service.core.request_log import RequestLogEntry
from service.store.keyring import KeyRing
from service.store.models import ClientKeyRow, ProviderModelRow, ProviderRow, RequestLogRow, RouteRow


def now() -> datetime:
    return datetime.now(UTC)


def aware(dt: datetime) -> datetime:
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt


def etag(row: ProviderRow | ProviderModelRow | RouteRow) -> str:
    """Opaque version tag of a row: changes with every revision, and differs for a
    resource deleted and created again under the same name."""
    if isinstance(row, ProviderModelRow):
        kind, ident = "model", f"{row.provider_id}/{row.id}"
    elif isinstance(row, ProviderRow):
        kind, ident = "provider", row.id
    else:
        kind, ident = "route", row.id
    stamp = aware(row.create_time).isoformat() if row.create_time else ""
    return hashlib.sha256(f"{kind}:{ident}:{row.revision}:{stamp}".encode()).hexdigest()[:20]


def provider(row: ProviderRow, models: list[ProviderModelRow], keyring: KeyRing) -> ProviderConfig:
    api_key = keyring.decrypt(row.api_key_encrypted) if row.api_key_encrypted else ""
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
        tls_ca_certificates=row.tls_ca_certificates or "",
        tls_client_certificate=row.tls_client_certificate or "",
        tls_client_key=keyring.decrypt(row.tls_client_key_encrypted) if row.tls_client_key_encrypted else "",
        models=tuple(model(m) for m in sorted(models, key=lambda m: m.model_id)),
        create_time=aware(row.create_time),
        update_time=aware(row.update_time),
        etag=etag(row),
    )


def model(row: ProviderModelRow) -> ModelConfig:
    return ModelConfig(
        id=row.id,
        provider_id=row.provider_id,
        model_id=row.model_id,
        display_name=row.display_name,
        is_default=row.is_default,
        source=row.source,
        capabilities=capabilities(row.capabilities),
        create_time=aware(row.create_time),
        update_time=aware(row.update_time),
        etag=etag(row),
    )


_CAPABILITY_FIELDS = tuple(f.name for f in dataclasses.fields(ModelCapabilities))


def capabilities(text: str) -> ModelCapabilities:
    """Declared capabilities from their JSON column (unknown keys and non-booleans ignored)."""
    try:
        data = json.loads(text or "{}")
    except ValueError:
        return ModelCapabilities()
    if not isinstance(data, dict):
        return ModelCapabilities()
    return ModelCapabilities(**{k: v for k, v in data.items() if k in _CAPABILITY_FIELDS and isinstance(v, bool)})


def capabilities_json(caps: ModelCapabilities) -> str:
    return json.dumps({k: v for k, v in dataclasses.asdict(caps).items() if v is not None}, sort_keys=True)


def fallbacks_json(fallbacks: tuple[RouteTarget, ...]) -> str:
    return json.dumps([{"provider": f.provider, "model": f.model} for f in fallbacks])


def fallbacks_of(row: RouteRow) -> tuple[RouteTarget, ...]:
    return tuple(RouteTarget(f["provider"], f.get("model", "")) for f in json.loads(row.fallbacks))


def route(row: RouteRow) -> RouteConfig:
    return RouteConfig(
        id=row.id,
        model_pattern=row.model_pattern,
        priority=row.priority,
        target=RouteTarget(row.target_provider, row.target_model),
        fallbacks=fallbacks_of(row),
        enabled=row.enabled,
        description=row.description,
        seq=row.seq,
        create_time=aware(row.create_time),
        update_time=aware(row.update_time),
        etag=etag(row),
    )


def client_key(row: ClientKeyRow) -> ClientKey:
    return ClientKey(
        id=row.id,
        key_hash=row.key_hash,
        scopes=frozenset(s for s in row.scopes.split(",") if s),
        description=row.description,
        revoked=row.revoked,
        create_time=aware(row.create_time),
    )


def request_log_entry(r: RequestLogRow) -> RequestLogEntry:
    return RequestLogEntry(
        id=r.id,
        create_time=aware(r.create_time),
        request_id=r.request_id,
        caller_key_id=r.caller_key_id,
        method=r.method,
        requested_model=r.requested_model,
        route=r.route,
        provider=r.provider,
        model=r.model,
        attempts=r.attempts,
        fallback_index=r.fallback_index,
        prompt_tokens=r.prompt_tokens,
        completion_tokens=r.completion_tokens,
        cached_prompt_tokens=r.cached_prompt_tokens,
        ttft_ms=r.ttft_ms,
        duration_ms=r.duration_ms,
        status=r.status,
        error_reason=r.error_reason,
    )
