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
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Generic, TypeVar

from service.core.breaker import Breakers
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
)
from service.core.config import Snapshot
from service.core.errors import CallTrail, DeadlineExceeded, ErrorKind, Reason, RouterError
from service.core.policy import Action, classify, counts_against_target, retry_delay
from service.core.ports import Backend, BackendSource
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
    ) -> None:
        self._snapshot = snapshot
        self.backends = backends
        self.max_attempts = max(1, max_attempts_per_target)
        self.backoff_base_s = backoff_base_s
        self.backoff_max_s = backoff_max_s
        self.breakers = breakers or Breakers()
        self.telemetry: Telemetry = telemetry or NO_TELEMETRY

    # ------------------------------------------------------------ reads

    def resolve(self, model: str, provider_id: str = "", needs: frozenset[Capability] = frozenset()) -> Resolution:
        return resolve(self._snapshot(), model, provider_id, needs)

    def plan(self, model: str, provider_id: str = "", needs: frozenset[Capability] = frozenset()) -> Plan:
        res = self.resolve(model, provider_id, needs)
        return Plan(res, tuple(self.breakers.is_open(t.provider.id, t.model) for t in res.targets))

    def models(self) -> list[ModelEntry]:
        """Every model a caller can ask for."""
        return catalog(self._snapshot())

    # ------------------------------------------------------------ serving

    async def stream(self, request: ChatRequest, deadline: float | None) -> AsyncIterator[StreamEvent]:
        """Yields ServedBy once (at the commit point), the deltas, then one Summary."""
        call = self.telemetry.call("chat", request.model, True)
        try:
            res = self._resolved(request.model, request.provider, request.required_capabilities())
        except BaseException as exc:
            call.end(None, exc)
            raise

        async def open_stream(backend: Backend, target: Target) -> tuple[AsyncIterator[Delta | Finish], Delta | Finish]:
            agen = backend.stream(request, target.model, deadline)
            try:
                async for first in agen:
                    return agen, first
            except BaseException:
                await agen.aclose()  # type: ignore[attr-defined]
                raise
            await agen.aclose()  # type: ignore[attr-defined]
            raise _truncated(target)

        try:
            served = await self._serve(res, deadline, request.request_id, open_stream, self.max_attempts, call)
        except BaseException as exc:
            call.end(None, exc)
            raise
        agen, ev = served.value
        target, sb = served.target, served.served_by
        pid, model = target.provider.id, target.model
        usage = None
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
            try:
                await agen.aclose()  # type: ignore[attr-defined]
            finally:
                served.lease.__exit__(None, None, None)
                call.end(usage, failure)

    async def complete(self, request: ChatRequest, deadline: float | None) -> tuple[Completion, Summary]:
        """Unary chat: the backend's non-streaming path, with the same retry/fallback rules."""
        observer = self.telemetry.call("chat", request.model, False)

        async def call(backend: Backend, target: Target) -> Completion:
            return await backend.complete(request, target.model, deadline)

        try:
            res = self._resolved(request.model, request.provider, request.required_capabilities())
            served = await self._serve(res, deadline, request.request_id, call, self.max_attempts, observer)
        except BaseException as exc:
            observer.end(None, exc)
            raise
        served.lease.__exit__(None, None, None)
        self.breakers.success(served.target.provider.id, served.target.model)
        c = served.value
        observer.end(c.usage, None)
        return c, Summary(c.finish_reason, c.usage, served.served_by, request.request_id, c.stop_sequence)

    async def embed(self, request: EmbedRequest, deadline: float | None) -> tuple[Embeddings, ServedBy]:
        """Embeddings: each target once, in order (a backend without embeddings answers
        UNIMPLEMENTED and the next one is tried)."""
        observer = self.telemetry.call("embeddings", request.model, False)

        async def call(backend: Backend, target: Target) -> Embeddings:
            return await backend.embed(request, target.model, deadline)

        try:
            res = self._resolved(request.model, request.provider)
            served = await self._serve(res, deadline, request.request_id, call, 1, observer)
        except BaseException as exc:
            observer.end(None, exc)
            raise
        served.lease.__exit__(None, None, None)
        self.breakers.success(served.target.provider.id, served.target.model)
        observer.end(served.value.usage, None)
        return served.value, served.served_by

    # ------------------------------------------------------------ the attempt loop

    def _resolved(self, model: str, provider_id: str, needs: frozenset[Capability] = frozenset()) -> Resolution:
        res = self.resolve(model, provider_id, needs)
        if not res.targets:
            raise no_target_error(model, res)
        return res

    def _order(self, targets: tuple[Target, ...]) -> list[Target]:
        """Targets to try: open breakers skipped, unless every one is open (then the first)."""
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
    ) -> _Served[T]:
        """Runs `attempt` over the targets until one commits; raises the last failure."""
        last: RouterError | None = None
        attempts = 0
        for target in self._order(res.targets):
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
                try:
                    lease = self.backends.get(target.provider)
                    value = await attempt(lease.__enter__(), target)
                except RouterError as err:
                    observed.end(err)
                    if lease is not None:
                        lease.__exit__(None, None, None)
                    last = err
                    self._record_failure(err, target)
                    err.trail = CallTrail(res.route, attempts)
                    if await self._retry_same_target(err, target, n, per_target, deadline, request_id, call):
                        continue
                    break
                except BaseException as exc:
                    observed.end(exc)
                    if lease is not None:
                        lease.__exit__(None, None, None)
                    self.breakers.release(pid, model)
                    raise
                observed.end(None)
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


def _truncated(target: Target) -> RouterError:
    # A backend that ends without Finish is broken.
    return RouterError(
        f"provider {target.provider.id!r} ended the stream without finishing",
        kind=ErrorKind.UNAVAILABLE,
        reason=Reason.UPSTREAM_STREAM_TRUNCATED,
    )
