"""The router: serves a request over the targets resolution gives, with retries,
fallbacks, circuit breakers and a commit point.

One attempt loop serves streamed chat, unary chat and embeddings: targets in order (open
breakers skipped, unless every one is open), each tried up to `max_attempts_per_target`
times (embeddings once), within the call's deadline. An attempt succeeds at its commit
point: the first event of a stream (a delta, or the finish of an empty answer), or a
whole unary answer. Until then a failure moves on (retry the same target, then the next
one); after it, the call ends with the error. Who served is one value, `ServedBy`, made
at the commit point: a stream yields it before its first delta, and failures carry a
`CallTrail` of how far they got. Nothing here imports grpc; the hot path reads only the
in-memory snapshot.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Generic, TypeVar

from service.core.balancing import Balancer
from service.core.breaker import Breakers
from service.core.callers import evolve, resolve_for, with_defaults, with_model_defaults
from service.core.catalog import ModelEntry, catalog
from service.core.chat import (
    Capability,
    ChatRequest,
    Completion,
    Delta,
    Embeddings,
    EmbedRequest,
    Finish,
    ServedBy,
    Summary,
    Usage,
)
from service.core.config import Snapshot
from service.core.errors import CallTrail, DeadlineExceeded, ErrorKind, Reason, RouterError
from service.core.limits import NO_LIMITS, Admission, LimitGate
from service.core.policy import Action, classify, counts_against_target, retry_delay
from service.core.ports import Backend, BackendSource, TokenCount
from service.core.prices import Cost, cost_of, price_in_force
from service.core.resolution import Resolution, Target, no_target_error, resolve
from service.core.telemetry import NO_TELEMETRY, CallObserver, Telemetry

log = logging.getLogger(__name__)

T = TypeVar("T")
StreamEvent = ServedBy | Delta | Summary


@dataclass(frozen=True)
class Plan:
    """A resolution plus the live breaker state of each target (what ResolveRoute shows)."""

    resolution: Resolution
    breaker_open: tuple[bool, ...]
    balancing: str = ""  # how the deployment group stands now ("" without one)


@dataclass(frozen=True)
class _Served(Generic[T]):
    """A committed attempt: its result, who served, and the backend lease still held."""

    value: T
    target: Target
    served_by: ServedBy
    lease: AbstractContextManager[Backend]


class Router:
    def __init__(
        self,
        snapshot: Callable[[], Snapshot],
        backends: BackendSource,
        *,
        max_attempts_per_target: int = 2,
        backoff_base_s: float = 0.05,
        backoff_max_s: float = 2.0,
        breakers: Breakers | None = None,
        telemetry: Telemetry | None = None,
        limits: LimitGate | None = None,
        balancer: Balancer | None = None,
    ) -> None:
        self._snapshot = snapshot
        self.limits = limits
        self.backends = backends
        self.max_attempts = max(1, max_attempts_per_target)
        self.backoff_base_s = backoff_base_s
        self.backoff_max_s = backoff_max_s
        self.breakers = breakers or Breakers()
        self.telemetry: Telemetry = telemetry or NO_TELEMETRY
        self.balancer = balancer or Balancer()

    # ------------------------------------------------------------ reads

    def snapshot(self) -> Snapshot:
        return self._snapshot()

    def resolve(
        self, model: str, provider_id: str = "", needs: frozenset[Capability] = frozenset(), caller: str = ""
    ) -> Resolution:
        """Resolution for a caller (a client key id; "" for none): its policy, then the table."""
        if caller or not model:
            return resolve_for(self._snapshot(), caller, model, provider_id, needs)
        return resolve(self._snapshot(), model, provider_id, needs)

    def plan(
        self, model: str, provider_id: str = "", needs: frozenset[Capability] = frozenset(), caller: str = ""
    ) -> Plan:
        """What serving would try, in the order it would try it now (the group balanced)."""
        res = self.resolve(model, provider_id, needs, caller)
        balancing = ""
        if res.group_size > 1:
            balancing = self.balancer.describe(res.targets, res.strategy)
            res = replace(res, targets=tuple(self.balancer.order(res.targets, res.strategy)))
        return Plan(res, tuple(self.breakers.is_open(t.provider.id, t.model) for t in res.targets), balancing)

    def cost_of(self, provider: str, model: str, usage: Usage, at: datetime | None = None) -> Cost | None:
        """What a call cost at the price in force (None: the model is unpriced)."""
        price = price_in_force(self._snapshot().prices_by_model, provider, model, at or datetime.now(UTC))
        return None if price is None else cost_of(price, usage)

    def models(self) -> list[ModelEntry]:
        """Every model a caller can ask for."""
        return catalog(self._snapshot())

    # ------------------------------------------------------------ serving

    async def stream(self, request: ChatRequest, deadline: float | None) -> AsyncIterator[StreamEvent]:
        """Yields ServedBy once (at the commit point), the deltas, then one Summary."""
        call = self.telemetry.call("chat", request.model, True)
        try:
            request, res = self._prepared(request)
        except BaseException as exc:
            call.end(None, exc)
            raise

        async def open_stream(backend: Backend, target: Target) -> tuple[AsyncIterator[Delta | Finish], Delta | Finish]:
            agen = backend.stream(with_model_defaults(request, target.provider, target.model), target.model, deadline)
            try:
                async for first in agen:
                    return agen, first
            except BaseException:
                await agen.aclose()  # type: ignore[attr-defined]
                raise
            await agen.aclose()  # type: ignore[attr-defined]
            raise _truncated(target)

        try:
            adm = await self._admit(request.caller_key_id, request.generation.max_tokens)
        except BaseException as exc:
            call.end(None, exc)
            raise
        try:
            served = await self._serve(
                res, deadline, request.request_id, open_stream, self.max_attempts, call, request.caller_key_id
            )
        except BaseException as exc:
            self._settle(adm, None, Usage())  # nothing served: the reservation is given back
            call.end(None, exc)
            raise
        agen, ev = served.value
        target, sb = served.target, served.served_by
        if adm.headers:
            sb = dataclasses.replace(sb, rate_limits=tuple(adm.headers.items()))
        pid, model = target.provider.id, target.model
        usage: Usage | None = None
        failure: BaseException | None = None
        try:
            yield sb
            if type(ev) is not Finish:
                yield ev  # type: ignore[misc]
                async for ev in agen:
                    if type(ev) is Finish:
                        break
                    yield ev  # type: ignore[misc]
                else:
                    raise _truncated(target)
            assert isinstance(ev, Finish)
            self.breakers.success(pid, model)
            usage = ev.usage
            yield Summary(ev.finish_reason, ev.usage, sb, request.request_id, ev.stop_sequence)
        except RouterError as err:  # past the commit point: never switch silently
            failure = err
            self._record_failure(err, target)
            err.trail = CallTrail(res.route, sb.attempts, pid, model, target.fallback_index)
            raise
        except BaseException as exc:
            failure = exc
            self.breakers.release(pid, model)
            raise
        finally:
            # Cut short after the commit point (usage None): the reservation stands.
            self._settle(adm, sb, usage)
            try:
                await agen.aclose()  # type: ignore[attr-defined]
            finally:
                served.lease.__exit__(None, None, None)
                call.end(usage, failure)

    async def complete(self, request: ChatRequest, deadline: float | None) -> tuple[Completion, Summary]:
        """Unary chat: the backend's non-streaming path, with the same retry/fallback rules."""
        observer = self.telemetry.call("chat", request.model, False)

        async def call(backend: Backend, target: Target) -> Completion:
            return await backend.complete(
                with_model_defaults(request, target.provider, target.model), target.model, deadline
            )

        try:
            request, res = self._prepared(request)
            adm = await self._admit(request.caller_key_id, request.generation.max_tokens)
        except BaseException as exc:
            observer.end(None, exc)
            raise
        try:
            served = await self._serve(
                res, deadline, request.request_id, call, self.max_attempts, observer, request.caller_key_id
            )
        except BaseException as exc:
            self._settle(adm, None, Usage())
            observer.end(None, exc)
            raise
        served.lease.__exit__(None, None, None)
        self.breakers.success(served.target.provider.id, served.target.model)
        c = served.value
        sb = served.served_by
        if adm.headers:
            sb = dataclasses.replace(sb, rate_limits=tuple(adm.headers.items()))
        self._settle(adm, sb, c.usage)
        observer.end(c.usage, None)
        return c, Summary(c.finish_reason, c.usage, sb, request.request_id, c.stop_sequence)

    async def embed(self, request: EmbedRequest, deadline: float | None) -> tuple[Embeddings, ServedBy]:
        """Embeddings: each target once, in order (a backend without embeddings answers
        UNIMPLEMENTED and the next one is tried)."""
        observer = self.telemetry.call("embeddings", request.model, False)

        async def call(backend: Backend, target: Target) -> Embeddings:
            return await backend.embed(request, target.model, deadline)

        try:
            res = self._resolved(request.model, request.provider, caller=request.caller_key_id)
            adm = await self._admit(request.caller_key_id, 0)
        except BaseException as exc:
            observer.end(None, exc)
            raise
        try:
            served = await self._serve(res, deadline, request.request_id, call, 1, observer, request.caller_key_id)
        except BaseException as exc:
            self._settle(adm, None, Usage())
            observer.end(None, exc)
            raise
        served.lease.__exit__(None, None, None)
        self.breakers.success(served.target.provider.id, served.target.model)
        self._settle(adm, served.served_by, served.value.usage)
        observer.end(served.value.usage, None)
        return served.value, served.served_by

    # ------------------------------------------------------------ limits

    async def _admit(self, caller_key_id: str, reserve_tokens: int | None) -> Admission:
        if self.limits is None:
            return NO_LIMITS
        return await self.limits.admit(caller_key_id, reserve_tokens)

    def _settle(self, adm: Admission, served: ServedBy | None, usage: Usage | None) -> None:
        """Settles limits once: usage None keeps the reservation (the real usage is unknown)."""
        if adm.settled or self.limits is None:
            return
        cost = None
        if served is not None and usage is not None and adm.cost_keys:
            c = self.cost_of(served.provider, served.model, usage)
            cost = None if c is None else c.micros
        self.limits.settle(adm, None if usage is None else usage.total_tokens, cost)

    async def count_tokens(self, request: ChatRequest, deadline: float | None) -> tuple[TokenCount, ServedBy]:
        """Input tokens on the target the request routes to (each target once, in order)."""
        request, res = self._prepared(request)

        async def call(backend: Backend, target: Target) -> TokenCount:
            return await backend.count_tokens(request, target.model, deadline)

        uncounted = NO_TELEMETRY.call("count_tokens", request.model, False)  # not a chat call: no metrics
        served = await self._serve(res, deadline, request.request_id, call, 1, uncounted, request.caller_key_id)
        served.lease.__exit__(None, None, None)
        self.breakers.success(served.target.provider.id, served.target.model)
        return served.value, served.served_by

    # ------------------------------------------------------------ the attempt loop

    def _prepared(self, request: ChatRequest) -> tuple[ChatRequest, Resolution]:
        """The request with the caller's policy applied (model, generation defaults) and its resolution."""
        if request.caller_key_id:
            request = with_defaults(request, self._snapshot())
        res = self._resolved(request.model, request.provider, request.required_capabilities(), request.caller_key_id)
        if not request.model:
            request = evolve(request, model=res.model)
        return request, res

    def _resolved(
        self, model: str, provider_id: str, needs: frozenset[Capability] = frozenset(), caller: str = ""
    ) -> Resolution:
        res = self.resolve(model, provider_id, needs, caller)
        if not res.targets:
            raise no_target_error(res.model or model, res)
        return res

    def _order(self, res: Resolution) -> list[Target]:
        """Targets to try: the deployment group balanced, open breakers skipped, unless every
        one is open (then the first)."""
        targets = res.targets
        if len(targets) > 1 and targets[1].in_group:
            targets = tuple(self.balancer.order(targets, res.strategy))
        usable = [t for t in targets if not self.breakers.is_open(t.provider.id, t.model)]
        return usable or [targets[0]]

    async def _serve(
        self,
        res: Resolution,
        deadline: float | None,
        request_id: str,
        attempt: Callable[[Backend, Target], Awaitable[T]],
        per_target: int,
        call: CallObserver,
        caller: str = "",
    ) -> _Served[T]:
        """Runs `attempt` over the targets until one commits; raises the last failure."""
        last: RouterError | None = None
        attempts = 0
        for target in self._order(res):
            pid, model = target.provider.id, target.model
            for n in range(1, per_target + 1):
                if deadline is not None and time.monotonic() >= deadline:
                    err = last or DeadlineExceeded(
                        "the call's deadline passed before an answer", reason=Reason.UPSTREAM_TIMEOUT
                    )
                    err.trail = CallTrail(res.route, attempts)
                    raise err
                attempts += 1
                self.breakers.acquire(pid, model)
                lease: AbstractContextManager[Backend] | None = None
                observed = call.attempt(target, attempts, res.route)
                started = time.monotonic()
                try:
                    lease = self.backends.get(target.provider)
                    if target.in_group:
                        lease = _Tracked(lease, self.balancer, target)
                    value = await attempt(lease.__enter__(), target)
                except RouterError as err:
                    observed.end(err)
                    if lease is not None:
                        lease.__exit__(None, None, None)
                    last = err
                    self._record_failure(err, target)
                    err.trail = CallTrail(res.route, attempts)
                    if await self._retry_same_target(err, target, n, per_target, deadline, request_id, call, caller):
                        continue
                    break
                except BaseException as exc:
                    observed.end(exc)
                    if lease is not None:
                        lease.__exit__(None, None, None)
                    self.breakers.release(pid, model)
                    raise
                observed.end(None)
                if target.in_group:
                    self.balancer.observe_ttft(target, time.monotonic() - started)
                served_by = ServedBy(pid, model, attempts, target.fallback_index, res.route)
                call.committed(served_by)
                return _Served(value, target, served_by, lease)
        assert last is not None
        last.metadata["attempts"] = str(attempts)
        raise last

    def _record_failure(self, err: RouterError, target: Target) -> None:
        # Who failed, as the resource name (the same form as ServedBy and the headers).
        err.metadata["provider"] = f"providers/{target.provider.id}"
        if counts_against_target(err):
            self.breakers.failure(target.provider.id, target.model)
        else:
            self.breakers.release(target.provider.id, target.model)

    async def _retry_same_target(
        self,
        err: RouterError,
        target: Target,
        attempt: int,
        per_target: int,
        deadline: float | None,
        request_id: str,
        call: CallObserver,
        caller: str = "",
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
                "action": action.value,
                "request_id": request_id,
                "caller_key_id": caller,  # the key's id, never its secret
            },
        )
        if action is Action.END:
            raise err
        if action is not Action.RETRY or attempt >= per_target:
            return False
        delay = retry_delay(err, attempt, self.backoff_base_s, self.backoff_max_s)
        if deadline is not None and time.monotonic() + delay >= deadline:
            return False
        if delay > 0:
            call.backoff(delay)
            await asyncio.sleep(delay)
        return True


class _Tracked(AbstractContextManager[Backend]):
    """A lease on a deployment-group member: counted in flight while held."""

    __slots__ = ("_balancer", "_lease", "_target")

    def __init__(self, lease: AbstractContextManager[Backend], balancer: Balancer, target: Target) -> None:
        self._lease = lease
        self._balancer = balancer
        self._target = target

    def __enter__(self) -> Backend:
        backend = self._lease.__enter__()
        self._balancer.enter(self._target)
        return backend

    def __exit__(self, *exc: object) -> None:
        self._balancer.leave(self._target)
        self._lease.__exit__(None, None, None)


def _truncated(target: Target) -> RouterError:
    # A backend that ends without Finish is broken.
    return RouterError(
        f"provider {target.provider.id!r} ended the stream without finishing",
        kind=ErrorKind.UNAVAILABLE,
        reason=Reason.UPSTREAM_STREAM_TRUNCATED,
    )
