"""Caller policy: what a client key's policy changes about a request, before the router serves it.

For a request made with a client key (`ChatRequest.caller_key_id`), in this order:
  - no model named: the caller's `default_model`, else the `is_default` model of the first
    usable provider (enabled cloud providers with a key by id, then local ones);
  - the model must match one of `allowed_models` (globs; none: all), else PERMISSION_DENIED
    (reason MODEL_NOT_ALLOWED) naming the model;
  - an explicit provider must match `allowed_providers`, else PERMISSION_DENIED (reason
    PROVIDER_NOT_ALLOWED) naming it; without one, the caller's `override_provider` serves
    (when it can), before routes; every other target whose provider is not allowed is skipped;
  - the caller's own provider keys replace the providers' stored keys (a provider with no
    key of its own becomes usable for that caller), in a view of the snapshot built once
    per snapshot and caller;
  - `default_generation` fills the generation settings the request leaves unset; then, per
    target, the model's own `default_generation` fills what is still unset (before the
    adapters' built-in defaults).
Everything here reads the in-memory snapshot: no I/O.
"""

from __future__ import annotations

import re
from dataclasses import replace
from fnmatch import translate
from functools import lru_cache
from typing import TypeVar

from service.core.chat import Capability, ChatRequest
from service.core.config import ApiType, CallerPolicy, ClientKey, GenerationDefaults, ProviderConfig, Snapshot
from service.core.errors import FailedPrecondition, FieldViolation, NotFound, PermissionDenied, Reason, RouterError
from service.core.resolution import MatchKind, Resolution, Skipped, renumber, unusable_reason

NO_POLICY = CallerPolicy()
_CACHE_MAX = 4096


@lru_cache(maxsize=1024)
def _glob(pattern: str) -> re.Pattern[str]:
    return re.compile(translate(pattern))


def matches_any(globs: tuple[str, ...], value: str) -> bool:
    """True when `globs` is empty (no restriction) or one of them matches `value`."""
    return not globs or any(_glob(g).match(value) is not None for g in globs)


T = TypeVar("T")


def evolve(obj: T, **changes: object) -> T:
    """A copy of a frozen dataclass instance with some fields changed, without running
    `__init__` again (`dataclasses.replace` costs several microseconds per call; this path
    runs per request). Only for plain dataclasses whose fields need no re-validation."""
    new = object.__new__(type(obj))
    new.__dict__.update(obj.__dict__)
    new.__dict__.update(changes)
    return new


def caller_of(snapshot: Snapshot, caller_key_id: str) -> ClientKey | None:
    return snapshot.client_keys.get(caller_key_id) if caller_key_id else None


def view(snapshot: Snapshot, key: ClientKey | None) -> Snapshot:
    """The snapshot as this caller sees it: its own provider keys in place of the stored ones."""
    if key is None or not key.policy.provider_keys:
        return snapshot
    v = snapshot.views.get(key.id)
    if v is None:
        providers = dict(snapshot.providers)
        for own in key.policy.provider_keys:
            p = providers.get(own.provider)
            if p is not None and own.api_key:
                providers[p.id] = replace(p, api_key=own.api_key, key_owner=key.id)
        v = replace(snapshot, providers=providers, views={})
        snapshot.views[key.id] = v
    return v


def default_model(snapshot: Snapshot, policy: CallerPolicy) -> str:
    """The model of a request that names none (see the module doc)."""
    if policy.default_model:
        return policy.default_model
    ordered: list[ProviderConfig] = sorted(
        (p for p in snapshot.providers.values() if p.usable and matches_any(policy.allowed_providers, p.id)),
        key=lambda p: (p.api_type is ApiType.MLX, p.id),
    )
    for p in ordered:
        for m in p.models:
            if m.is_default:
                return m.model_id
    raise FailedPrecondition(
        "the request names no model, and there is no default: set `model`, give the client key a "
        "default_model (ClientKeyService.UpdateClientKey), or mark a model is_default on an enabled "
        "provider with an API key",
        reason=Reason.NO_DEFAULT_MODEL,
        violations=[
            FieldViolation(
                "model",
                "is required here: no default model is configured (a client key's default_model, "
                "or an is_default model on an enabled provider with a key)",
            )
        ],
    )


def check_model(policy: CallerPolicy, model: str) -> None:
    if not matches_any(policy.allowed_models, model):
        raise PermissionDenied(
            f"this client key may not use model {model!r} (allowed: {', '.join(policy.allowed_models)})",
            reason=Reason.MODEL_NOT_ALLOWED,
            metadata={"model": model},
            violations=[FieldViolation("model", f"{model!r} is not among this client key's allowed_models")],
        )


def check_provider(policy: CallerPolicy, provider_id: str) -> None:
    if not matches_any(policy.allowed_providers, provider_id):
        raise PermissionDenied(
            f"this client key may not use providers/{provider_id} (allowed: {', '.join(policy.allowed_providers)})",
            reason=Reason.PROVIDER_NOT_ALLOWED,
            metadata={"provider": f"providers/{provider_id}"},
            violations=[
                FieldViolation("provider", f"providers/{provider_id} is not among this client key's allowed_providers")
            ],
        )


def resolve_for(
    snapshot: Snapshot,
    caller_key_id: str,
    model: str,
    provider_id: str = "",
    needs: frozenset[Capability] = frozenset(),
) -> Resolution:
    """Resolution for a caller: the module doc's steps, then `RoutingTable.resolve` (cached
    per snapshot and caller; a refusal is computed each time)."""
    key = caller_of(snapshot, caller_key_id)
    if key is None and model:
        return snapshot.routing.resolve(model, provider_id, needs)  # no policy: the plain table
    cache = snapshot.caller_resolutions
    ck = (caller_key_id, model, provider_id, needs)
    hit = cache.get(ck)
    if hit is not None:
        return hit  # type: ignore[return-value]
    res = _resolve_for(snapshot, key, model, provider_id, needs)
    if len(cache) >= _CACHE_MAX:
        cache.clear()
    cache[ck] = res
    return res


def _resolve_for(
    snapshot: Snapshot, key: ClientKey | None, model: str, provider_id: str, needs: frozenset[Capability]
) -> Resolution:
    policy = key.policy if key is not None else NO_POLICY
    snap = view(snapshot, key)
    if not model:
        model = default_model(snap, policy)
    check_model(policy, model)
    table = snap.routing
    if provider_id:
        check_provider(policy, provider_id)
        return table.resolve(model, provider_id, needs)
    skipped: tuple[Skipped, ...] = ()
    if policy.override_provider:
        try:
            res = table.resolve(model, policy.override_provider, needs)
            if res.targets:
                return replace(
                    res,
                    match_kind=MatchKind.CALLER_OVERRIDE,
                    explanation=f"the caller's override provider providers/{policy.override_provider}",
                )
            skipped = res.skipped
        except (NotFound, FailedPrecondition) as exc:
            p = snap.providers.get(policy.override_provider)
            why = (unusable_reason(p) if p is not None else None) or _short(exc)
            skipped = (Skipped(f"providers/{policy.override_provider}", f"override provider: {why}"),)
    res = table.resolve(model, "", needs)
    if skipped:
        res = replace(res, skipped=skipped + res.skipped)
    if policy.allowed_providers:
        res = _allowed_only(res, policy)
    return res


def _short(exc: RouterError) -> str:
    return exc.message.split(":", 1)[-1].strip()


def _allowed_only(res: Resolution, policy: CallerPolicy) -> Resolution:
    kept = [t for t in res.targets if matches_any(policy.allowed_providers, t.provider.id)]
    if len(kept) == len(res.targets):
        return res
    gone = tuple(
        Skipped(f"providers/{t.provider.id}", "not among the caller's allowed providers")
        for t in res.targets
        if not matches_any(policy.allowed_providers, t.provider.id)
    )
    return replace(res, targets=renumber(kept), skipped=res.skipped + gone)


def with_defaults(request: ChatRequest, snapshot: Snapshot) -> ChatRequest:
    """The request with the caller's default generation settings in its unset fields."""
    key = caller_of(snapshot, request.caller_key_id)
    if key is None:
        return request
    return fill_generation(request, key.policy.default_generation)


def with_model_defaults(request: ChatRequest, provider: ProviderConfig, model: str) -> ChatRequest:
    """The request with the target model's default generation settings in what is still unset."""
    if not provider.models:
        return request
    m = provider.model(model)
    if m is None or m.default_generation is None:
        return request
    return fill_generation(request, m.default_generation)


def fill_generation(request: ChatRequest, d: GenerationDefaults) -> ChatRequest:
    if d.empty:
        return request
    g = request.generation
    changes: dict[str, object] = {}
    if g.max_tokens is None and d.max_tokens is not None:
        changes["max_tokens"] = d.max_tokens
    if g.temperature is None and d.temperature is not None:
        changes["temperature"] = d.temperature
    if g.top_p is None and d.top_p is not None:
        changes["top_p"] = d.top_p
    if not changes:
        return request
    return evolve(request, generation=evolve(g, **changes))
