"""The router: resolves a request's model to ordered targets and serves it with retries,
fallbacks, circuit breakers and a commit point.

Resolution order:
  1. an explicit provider in the request (with the requested model);
  2. the first enabled route whose pattern matches (routes are kept in evaluation order:
     priority desc, exact before glob, then creation order): its target, then its fallbacks;
  3. cloud providers whose model list holds the model (enabled, with a key), by id;
  4. local MLX providers that have the model.

The commit point: until the first content delta reached the caller, a failure moves on
(retry the same target, then the next one); after it, the call ends with the error.
Nothing here imports grpc; the hot path reads only the in-memory snapshot.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field, replace
from fnmatch import fnmatchcase

from service.core.breaker import Breakers
from service.core.chat import (
    ChatRequest,
    Completion,
    Delta,
    Embeddings,
    EmbedRequest,
    Finish,
    ServedBy,
    Summary,
)
from service.core.config import ApiType, ProviderConfig, RouteConfig, Snapshot
from service.core.errors import (
    DeadlineExceeded,
    ErrorKind,
    FailedPrecondition,
    NotFound,
    Reason,
    RouterError,
)
from service.core.registry import BackendRegistry

log = logging.getLogger(__name__)


class MatchKind:
    NONE = "none"
    EXPLICIT_PROVIDER = "explicit_provider"
    ROUTE = "route"
    PROVIDER_MODEL = "provider_model"
    LOCAL_MODEL = "local_model"


@dataclass(frozen=True)
class Target:
    provider: ProviderConfig
    model: str  # the upstream model name
    fallback_index: int


@dataclass(frozen=True)
class Skipped:
    name: str  # routes/{id} or providers/{id}
    reason: str


@dataclass(frozen=True)
class Resolution:
    match_kind: str
    route: str  # route id or ""
    targets: tuple[Target, ...]
    skipped: tuple[Skipped, ...] = ()
    explanation: str = ""


def _unusable_reason(p: ProviderConfig) -> str | None:
    if not p.enabled:
        return "provider is disabled"
    if p.requires_key and not p.has_key:
        return "provider has no API key"
    return None


def resolve(snapshot: Snapshot, model: str, provider_id: str = "") -> Resolution:
    """Pure resolution over a snapshot (shared by ResolveRoute and serving)."""
    skipped: list[Skipped] = []
    if provider_id:
        p = snapshot.providers.get(provider_id)
        if p is None:
            raise NotFound(
                f"providers/{provider_id} does not exist",
                resource=("provider", f"providers/{provider_id}"),
            )
        why = _unusable_reason(p)
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
        )

    for route in snapshot.routes:
        if not fnmatchcase(model, route.model_pattern):
            continue
        name = f"routes/{route.id}"
        if not route.enabled:
            skipped.append(Skipped(name, "route is disabled"))
            continue
        targets, route_skips = _route_targets(snapshot, route, model)
        skipped.extend(route_skips)
        if targets:
            return Resolution(
                MatchKind.ROUTE,
                route.id,
                targets,
                tuple(skipped),
                f"{name} matches {model!r} with pattern {route.model_pattern!r} (priority {route.priority})",
            )
        skipped.append(Skipped(name, "no usable target"))

    cloud: list[Target] = []
    local: list[Target] = []
    for pid in sorted(snapshot.providers):
        p = snapshot.providers[pid]
        if p.model(model) is None:
            continue
        why = _unusable_reason(p)
        if why:
            skipped.append(Skipped(f"providers/{pid}", why))
            continue
        (local if p.api_type is ApiType.MLX else cloud).append(Target(p, model, 0))
    if cloud:
        targets = tuple(replace(t, fallback_index=i) for i, t in enumerate(cloud + local))
        names = ", ".join(f"providers/{t.provider.id}" for t in cloud)
        return Resolution(MatchKind.PROVIDER_MODEL, "", targets, tuple(skipped), f"{names} list {model!r}")
    if local:
        targets = tuple(replace(t, fallback_index=i) for i, t in enumerate(local))
        return Resolution(
            MatchKind.LOCAL_MODEL,
            "",
            targets,
            tuple(skipped),
            f"local provider providers/{local[0].provider.id} has {model!r}",
        )
    return Resolution(MatchKind.NONE, "", (), tuple(skipped), f"nothing serves {model!r}")


def _route_targets(snapshot: Snapshot, route: RouteConfig, model: str) -> tuple[tuple[Target, ...], list[Skipped]]:
    out: list[Target] = []
    skips: list[Skipped] = []
    for t in route.targets():
        p = snapshot.providers.get(t.provider)
        if p is None:
            skips.append(Skipped(f"providers/{t.provider}", "provider no longer exists"))
            continue
        why = _unusable_reason(p)
        if why:
            skips.append(Skipped(f"providers/{p.id}", why))
            continue
        out.append(Target(p, t.model or model, len(out)))
    return tuple(out), skips


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


# ---------------------------------------------------------------- failure classes


class Action:
    END = "end"  # the caller's error: stop at once
    RETRY = "retry"  # same target again (after backoff)
    NEXT = "next"  # the next target


def classify(err: RouterError) -> str:
    if err.reason == Reason.CONTEXT_LENGTH_EXCEEDED:
        return Action.NEXT
    if err.kind is ErrorKind.INVALID_ARGUMENT:
        return Action.END
    if err.kind in (ErrorKind.UNAVAILABLE, ErrorKind.DEADLINE_EXCEEDED):
        return Action.RETRY
    if err.kind is ErrorKind.RESOURCE_EXHAUSTED:
        return Action.RETRY if err.reason == Reason.UPSTREAM_RATE_LIMITED else Action.NEXT
    if err.kind is ErrorKind.CANCELLED:
        return Action.END
    return Action.NEXT  # bad key, permission, unknown model, failed precondition, unimplemented...


def counts_against_target(err: RouterError) -> bool:
    return err.kind in (
        ErrorKind.UNAVAILABLE,
        ErrorKind.DEADLINE_EXCEEDED,
        ErrorKind.RESOURCE_EXHAUSTED,
        ErrorKind.UNAUTHENTICATED,
        ErrorKind.PERMISSION_DENIED,
    )


@dataclass
class CallRecord:
    """What happened during one call (for the request log and the summary)."""

    attempts: int = 0
    fallback_index: int = 0
    route: str = ""
    provider: str = ""
    model: str = ""
    ttft_s: float | None = None
    errors: list[str] = field(default_factory=list)


class Router:
    def __init__(
        self,
        snapshot: Callable[[], Snapshot],
        backends: BackendRegistry,
        *,
        max_attempts_per_target: int = 2,
        backoff_base_s: float = 0.05,
        backoff_max_s: float = 2.0,
        breakers: Breakers | None = None,
    ) -> None:
        self._snapshot = snapshot
        self.backends = backends
        self.max_attempts = max(1, max_attempts_per_target)
        self.backoff_base_s = backoff_base_s
        self.backoff_max_s = backoff_max_s
        self.breakers = breakers or Breakers()

    def resolve(self, model: str, provider_id: str = "") -> Resolution:
        return resolve(self._snapshot(), model, provider_id)

    def _plan(self, model: str, provider_id: str) -> Resolution:
        res = self.resolve(model, provider_id)
        if not res.targets:
            raise no_route_error(model, res)
        return res

    def _order(self, targets: tuple[Target, ...]) -> list[Target]:
        """Targets to try: open breakers skipped, unless every one is open (then the first)."""
        usable = [t for t in targets if not self.breakers.is_open(t.provider.id, t.model)]
        return usable or [targets[0]]

    async def _wait_before_retry(self, err: RouterError, attempt: int, deadline: float | None) -> bool:
        """Sleeps before retrying the same target; False when the wait would pass the deadline."""
        if err.retry_after is not None:
            delay = err.retry_after
        else:
            delay = min(self.backoff_max_s, self.backoff_base_s * (2 ** (attempt - 1)))
            delay = random.uniform(delay / 2, delay)  # jitter
        if deadline is not None and time.monotonic() + delay >= deadline:
            return False
        if delay > 0:
            await asyncio.sleep(delay)
        return True

    @staticmethod
    def _check_deadline(deadline: float | None, last: RouterError | None) -> None:
        if deadline is not None and time.monotonic() >= deadline:
            raise last or DeadlineExceeded(
                "the call's deadline passed before an answer", reason=Reason.UPSTREAM_TIMEOUT
            )

    def _record_failure(self, err: RouterError, target: Target, rec: CallRecord) -> None:
        rec.errors.append(f"{target.provider.id}/{target.model}: {err.reason}")
        if counts_against_target(err):
            self.breakers.failure(target.provider.id, target.model)
        else:
            self.breakers.release(target.provider.id, target.model)

    async def _retry_same_target(
        self, err: RouterError, target: Target, attempt: int, deadline: float | None, request_id: str
    ) -> bool:
        """After a failure before the commit point: True to retry the same target, False to
        move to the next one; raises err when it ends the call (the caller's own error)."""
        action = classify(err)
        log.info(
            "attempt failed",
            extra={
                "provider": target.provider.id,
                "model": target.model,
                "reason": err.reason,
                "action": action,
                "request_id": request_id,
            },
        )
        if action == Action.END:
            raise err
        return (
            action == Action.RETRY
            and attempt < self.max_attempts
            and await self._wait_before_retry(err, attempt, deadline)
        )

    @staticmethod
    def _give_up(last: RouterError | None, rec: CallRecord) -> RouterError:
        assert last is not None
        last.metadata["attempts"] = str(rec.attempts)
        return last

    def _served(self, target: Target, rec: CallRecord) -> None:
        rec.fallback_index, rec.provider, rec.model = target.fallback_index, target.provider.id, target.model

    async def stream(
        self, request: ChatRequest, deadline: float | None, record: CallRecord | None = None
    ) -> AsyncIterator[Delta | Summary]:
        rec = record if record is not None else CallRecord()
        res = self._plan(request.model, request.provider)
        rec.route = res.route
        started = time.monotonic()
        last: RouterError | None = None
        for target in self._order(res.targets):
            pid, model = target.provider.id, target.model
            for attempt in range(1, self.max_attempts + 1):
                self._check_deadline(deadline, last)
                rec.attempts += 1
                committed = False
                self.breakers.acquire(pid, model)
                with self.backends.get(target.provider) as backend:
                    agen = backend.stream(request, model, deadline)
                    try:
                        async for ev in agen:
                            if isinstance(ev, Finish):
                                self.breakers.success(pid, model)
                                self._served(target, rec)
                                yield Summary(
                                    finish_reason=ev.finish_reason,
                                    usage=ev.usage,
                                    served_by=ServedBy(pid, model, rec.attempts, target.fallback_index, res.route),
                                    request_id=request.request_id,
                                )
                                return
                            if not committed:
                                committed = True
                                rec.ttft_s = time.monotonic() - started
                                self._served(target, rec)
                            yield ev
                        raise RouterError(  # a backend that ends without Finish is broken
                            f"provider {pid!r} ended the stream without finishing",
                            kind=ErrorKind.UNAVAILABLE,
                            reason=Reason.UPSTREAM_STREAM_TRUNCATED,
                        )
                    except RouterError as err:
                        last = err
                        self._record_failure(err, target, rec)
                        if committed:  # past the commit point: never switch silently
                            err.metadata.setdefault("provider", pid)
                            raise
                        if await self._retry_same_target(err, target, attempt, deadline, request.request_id):
                            continue
                        break
                    finally:
                        await agen.aclose()  # type: ignore[attr-defined]
        raise self._give_up(last, rec)

    async def complete(
        self, request: ChatRequest, deadline: float | None, record: CallRecord | None = None
    ) -> tuple[Completion, Summary]:
        """Unary chat: the backend's non-streaming path, with the same retry/fallback rules."""
        rec = record if record is not None else CallRecord()
        res = self._plan(request.model, request.provider)
        rec.route = res.route
        last: RouterError | None = None
        started = time.monotonic()
        for target in self._order(res.targets):
            pid, model = target.provider.id, target.model
            for attempt in range(1, self.max_attempts + 1):
                self._check_deadline(deadline, last)
                rec.attempts += 1
                self.breakers.acquire(pid, model)
                try:
                    with self.backends.get(target.provider) as backend:
                        completion = await backend.complete(request, model, deadline)
                except RouterError as err:
                    last = err
                    self._record_failure(err, target, rec)
                    if await self._retry_same_target(err, target, attempt, deadline, request.request_id):
                        continue
                    break
                self.breakers.success(pid, model)
                rec.ttft_s = time.monotonic() - started
                self._served(target, rec)
                summary = Summary(
                    finish_reason=completion.finish_reason,
                    usage=completion.usage,
                    served_by=ServedBy(pid, model, rec.attempts, target.fallback_index, res.route),
                    request_id=request.request_id,
                )
                return completion, summary
        raise self._give_up(last, rec)

    async def embed(
        self, request: EmbedRequest, deadline: float | None, record: CallRecord | None = None
    ) -> tuple[Embeddings, ServedBy]:
        """Embeddings: each target once, in order (a backend without embeddings answers
        UNIMPLEMENTED and the next one is tried)."""
        rec = record if record is not None else CallRecord()
        res = self._plan(request.model, request.provider)
        rec.route = res.route
        last: RouterError | None = None
        for target in self._order(res.targets):
            self._check_deadline(deadline, last)
            rec.attempts += 1
            try:
                with self.backends.get(target.provider) as backend:
                    out = await backend.embed(request, target.model, deadline)
            except RouterError as err:
                last = err
                self._record_failure(err, target, rec)
                if classify(err) == Action.END:
                    raise
                continue
            self._served(target, rec)
            return out, ServedBy(target.provider.id, target.model, rec.attempts, target.fallback_index, res.route)
        raise self._give_up(last, rec)
