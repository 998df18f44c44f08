"""Resolution: which targets serve a model, in order, over a compiled routing table.

Resolution order:
  1. an explicit provider in the request (with the requested model);
  2. the caller's override provider (its client key's policy: `service.core.callers`);
  3. the first enabled route whose pattern matches (evaluation order: priority desc, exact
     before glob, then creation order): its target or its deployment group (ordered per
     request by the route's strategy: `service.core.balancing`), then its fallbacks;
  4. cloud providers whose model list holds the model (enabled, with a key), by id;
  5. local MLX providers that have the model.
A request that names no model takes the caller's default model, else the `is_default`
model of the first usable provider (`service.core.callers.default_model`).

`RoutingTable` is compiled once per snapshot: exact patterns in a dict, globs indexed by
their literal prefix and compiled to regular expressions, and providers indexed by the
models they list. Resolving a model looks up only the rules that can match it, never
scans them all. Resolution is pure: it reads the snapshot and nothing else, so
`ResolveRoute` and serving agree by construction.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, replace
from fnmatch import translate

from service.core.capabilities import DESCRIPTIONS, missing
from service.core.chat import Capability
from service.core.config import ApiType, BalanceStrategy, ProviderConfig, RouteConfig, Snapshot
from service.core.errors import FailedPrecondition, InvalidArgument, NotFound, Reason, RouterError

_GLOB_CHARS = "*?["
# Resolutions kept per table (model names come from callers: the cache is bounded).
_CACHE_MAX = 4096


class MatchKind(enum.Enum):
    NONE = "none"
    EXPLICIT_PROVIDER = "explicit_provider"
    CALLER_OVERRIDE = "caller_override"
    ROUTE = "route"
    PROVIDER_MODEL = "provider_model"
    LOCAL_MODEL = "local_model"


@dataclass(frozen=True)
class Target:
    provider: ProviderConfig
    model: str  # the upstream model name
    fallback_index: int  # 0 for the primary (every member of a deployment group), then 1, 2, ...
    weight: int = 1
    in_group: bool = False  # a member of the route's deployment group (balanced)


@dataclass(frozen=True)
class Skipped:
    name: str  # routes/{id} or providers/{id}
    reason: str


@dataclass(frozen=True)
class Resolution:
    match_kind: MatchKind
    route: str  # route id or ""
    targets: tuple[Target, ...]
    skipped: tuple[Skipped, ...] = ()
    explanation: str = ""
    # Capabilities the request needs that some candidate lacked (those candidates are in
    # `skipped`); when no target is left, the call fails naming the first of them.
    lacking: tuple[Capability, ...] = ()
    # How the deployment group (the targets with in_group) is ordered per request.
    strategy: BalanceStrategy = BalanceStrategy.ORDERED
    model: str = ""  # the model resolved (the default one when the request named none)

    @property
    def group_size(self) -> int:
        return sum(1 for t in self.targets if t.in_group)


def renumber(targets: list[Target] | tuple[Target, ...]) -> tuple[Target, ...]:
    """Fallback indexes by position: 0 for the group (or the first target), then 1, 2, ..."""
    out: list[Target] = []
    n = 0
    for t in targets:
        if t.in_group:
            out.append(t if t.fallback_index == 0 else replace(t, fallback_index=0))
            continue
        if out and n == 0:
            n = 1
        out.append(t if t.fallback_index == n else replace(t, fallback_index=n))
        n += 1
    return tuple(out)


def route_order_key(r: RouteConfig) -> tuple[int, int, int]:
    """Evaluation order: higher priority first, exact before glob, then creation order."""
    return (-r.priority, 1 if r.is_glob else 0, r.seq)


def unusable_reason(p: ProviderConfig) -> str | None:
    if not p.enabled:
        return "provider is disabled"
    if p.requires_key and not p.has_key:
        return "provider has no API key"
    return None


def _literal_prefix(pattern: str) -> str:
    for i, c in enumerate(pattern):
        if c in _GLOB_CHARS:
            return pattern[:i]
    return pattern


class _Rule:
    """A route in a table: its evaluation order and, for a glob, its regular expression
    (compiled on first use, so compiling a large table stays cheap)."""

    __slots__ = ("_regex", "order", "route")

    def __init__(self, route: RouteConfig) -> None:
        self.route = route
        self.order = route_order_key(route)
        self._regex: re.Pattern[str] | None = None

    def matches(self, model: str) -> bool:
        if self._regex is None:
            self._regex = re.compile(translate(self.route.model_pattern))
        return self._regex.match(model) is not None


class RoutingTable:
    """The routing state of one snapshot, compiled for lookups. Immutable once built."""

    def __init__(self, snapshot: Snapshot) -> None:
        self.snapshot = snapshot
        self._exact: dict[str, list[_Rule]] = {}
        self._globs: dict[str, list[_Rule]] = {}  # literal prefix -> rules
        self._prefix_lengths: tuple[int, ...] = ()
        for route in snapshot.routes:
            rule = _Rule(route)
            if route.is_glob:
                self._globs.setdefault(_literal_prefix(route.model_pattern), []).append(rule)
            else:
                self._exact.setdefault(route.model_pattern, []).append(rule)
        for rules in (*self._exact.values(), *self._globs.values()):
            rules.sort(key=lambda r: r.order)
        self._prefix_lengths = tuple(sorted({len(p) for p in self._globs}))
        cloud: dict[str, list[ProviderConfig]] = {}
        local: dict[str, list[ProviderConfig]] = {}
        for pid in sorted(snapshot.providers):
            p = snapshot.providers[pid]
            for model_id in dict.fromkeys(m.model_id for m in p.models):
                (local if p.api_type is ApiType.MLX else cloud).setdefault(model_id, []).append(p)
        self._cloud = cloud
        self._local = local
        self._cache: dict[tuple[str, str, frozenset[Capability]], Resolution] = {}

    # ------------------------------------------------------------ lookups

    def matching_routes(self, model: str) -> list[RouteConfig]:
        """Every route whose pattern matches `model`, in evaluation order (enabled or not)."""
        rules = list(self._exact.get(model, ()))
        for n in self._prefix_lengths:
            if n > len(model):
                break
            rules.extend(rule for rule in self._globs.get(model[:n], ()) if rule.matches(model))
        rules.sort(key=lambda r: r.order)
        return [r.route for r in rules]

    def resolve(self, model: str, provider_id: str = "", needs: frozenset[Capability] = frozenset()) -> Resolution:
        """The targets that serve `model`, in order, without those that lack a capability
        the request needs (cached per table)."""
        key = (model, provider_id, needs)
        hit = self._cache.get(key)
        if hit is not None:
            return hit
        res = self._resolve(model, provider_id)
        if needs and res.targets:
            res = _without_lacking(res, needs)
        if len(self._cache) >= _CACHE_MAX:
            self._cache.clear()
        self._cache[key] = res
        return res

    def _resolve(self, model: str, provider_id: str) -> Resolution:
        snapshot = self.snapshot
        if provider_id:
            return _explicit(snapshot, model, provider_id)
        skipped: list[Skipped] = []
        for route in self.matching_routes(model):
            name = f"routes/{route.id}"
            if not route.enabled:
                skipped.append(Skipped(name, "route is disabled"))
                continue
            targets, route_skips = _route_targets(snapshot, route, model)
            skipped.extend(route_skips)
            if targets:
                explain = f"{name} matches {model!r} with pattern {route.model_pattern!r} (priority {route.priority})"
                grouped = sum(1 for t in targets if t.in_group)
                if grouped:
                    explain += f"; its deployment group of {grouped} is balanced {route.strategy.value}"
                return Resolution(
                    MatchKind.ROUTE, route.id, targets, tuple(skipped), explain, strategy=route.strategy, model=model
                )
            skipped.append(Skipped(name, "no usable target"))

        listed: list[tuple[ProviderConfig, bool]] = [(p, False) for p in self._cloud.get(model, ())]
        listed += [(p, True) for p in self._local.get(model, ())]
        listed.sort(key=lambda pl: pl[0].id)
        cloud: list[Target] = []
        local: list[Target] = []
        for p, is_local in listed:
            why = unusable_reason(p)
            if why:
                skipped.append(Skipped(f"providers/{p.id}", why))
                continue
            (local if is_local else cloud).append(Target(p, model, 0))
        if cloud:
            targets = tuple(replace(t, fallback_index=i) for i, t in enumerate(cloud + local))
            names = ", ".join(f"providers/{t.provider.id}" for t in cloud)
            return Resolution(
                MatchKind.PROVIDER_MODEL, "", targets, tuple(skipped), f"{names} list {model!r}", model=model
            )
        if local:
            targets = tuple(replace(t, fallback_index=i) for i, t in enumerate(local))
            return Resolution(
                MatchKind.LOCAL_MODEL,
                "",
                targets,
                tuple(skipped),
                f"local provider providers/{local[0].provider.id} has {model!r}",
                model=model,
            )
        return Resolution(MatchKind.NONE, "", (), tuple(skipped), f"nothing serves {model!r}", model=model)


def _without_lacking(res: Resolution, needs: frozenset[Capability]) -> Resolution:
    kept: list[Target] = []
    skipped = list(res.skipped)
    lacking: list[Capability] = []
    for t in res.targets:
        gaps = missing(t.provider, t.model, needs)
        if not gaps:
            kept.append(t)
            continue
        lacking.extend(c for c in gaps if c not in lacking)
        what = ", ".join(DESCRIPTIONS[c] for c in gaps)
        skipped.append(Skipped(f"providers/{t.provider.id}", f"model {t.model!r} lacks {what}"))
    if not lacking:
        return res
    return replace(res, targets=renumber(kept), skipped=tuple(skipped), lacking=tuple(lacking))


def _explicit(snapshot: Snapshot, model: str, provider_id: str) -> Resolution:
    p = snapshot.providers.get(provider_id)
    if p is None:
        raise NotFound(
            f"providers/{provider_id} does not exist",
            resource=("provider", f"providers/{provider_id}"),
        )
    why = unusable_reason(p)
    if why:
        raise FailedPrecondition(
            f"providers/{provider_id} cannot serve: {why}",
            reason=Reason.PROVIDER_DISABLED if not p.enabled else Reason.PROVIDER_KEY_MISSING,
            resource=("provider", f"providers/{provider_id}"),
        )
    return Resolution(
        MatchKind.EXPLICIT_PROVIDER,
        "",
        (Target(p, model, 0),),
        (),
        f"the request names providers/{provider_id}",
        model=model,
    )


def _route_targets(snapshot: Snapshot, route: RouteConfig, model: str) -> tuple[tuple[Target, ...], list[Skipped]]:
    out: list[Target] = []
    skips: list[Skipped] = []
    grouped = bool(route.deployments)
    for i, t in enumerate(route.targets()):
        p = snapshot.providers.get(t.provider)
        if p is None:
            skips.append(Skipped(f"providers/{t.provider}", "provider no longer exists"))
            continue
        why = unusable_reason(p)
        if why:
            skips.append(Skipped(f"providers/{p.id}", why))
            continue
        out.append(Target(p, t.model or model, 0, t.weight, grouped and i < len(route.deployments)))
    return renumber(out), skips


def resolve(
    snapshot: Snapshot, model: str, provider_id: str = "", needs: frozenset[Capability] = frozenset()
) -> Resolution:
    """Resolution over a snapshot (its compiled table)."""
    return snapshot.routing.resolve(model, provider_id, needs)


def no_target_error(model: str, resolution: Resolution) -> RouterError:
    """Why nothing can serve: a capability every candidate lacks, or no route at all."""
    if resolution.lacking:
        cap = resolution.lacking[0]
        detail = "; ".join(f"{s.name}: {s.reason}" for s in resolution.skipped)
        return InvalidArgument(
            f"no target for model {model!r} supports {DESCRIPTIONS[cap]}, which this request needs "
            f"({detail}). Declare the capability on the model (ProviderModel.capabilities) if it has it, "
            "or route the model to one that does",
            reason=Reason.CAPABILITY_UNSUPPORTED,
            metadata={"capability": cap.value, "model": model},
        )
    return no_route_error(model, resolution)


def no_route_error(model: str, resolution: Resolution) -> NotFound:
    detail = "; ".join(f"{s.name}: {s.reason}" for s in resolution.skipped)
    msg = (
        f"no provider serves model {model!r}. Add a route (RoutingService.CreateRoute with "
        f"model_pattern {model!r} and a target provider) or register the model on a provider "
        "(ProviderAdminService.CreateProviderModel)"
    )
    if detail:
        msg += f". Skipped: {detail}"
    return NotFound(msg, reason=Reason.NO_ROUTE, resource=("model", model))
