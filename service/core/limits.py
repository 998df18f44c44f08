"""Rate limits and budgets: the resource, the `Limiter` port, and admission/settlement.

A `Limit` applies to a subject (`clientKeys/{id}`, or `*` for all calls
together) and caps any of: requests per minute, tokens per minute, concurrent streams,
and a token or cost budget per UTC day or month. Each capped dimension is one integer
counter in a window:

- requests/minute: +1 per call in the current minute's window;
- tokens/minute and token budgets: `max_tokens` (or a default) reserved at admission,
  settled with the real usage (prompt + completion) when the call ends;
- concurrent streams: +1 at admission, -1 when the call ends (a safety expiry cleans up
  after a process that died mid-call);
- cost budgets: micro-units of the price's currency added at settlement; admission is
  refused once the budget is spent.

`LimitGate` turns a call into counters and asks a `Limiter` (the port: in-process here,
Redis in `service.limits`) to add them all-or-nothing. Nothing here does I/O; nothing here
imports grpc, SQL or redis.
"""

from __future__ import annotations

import asyncio
import enum
import logging
import math
import re
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Protocol

from service.core.errors import QuotaViolation, Reason, ResourceExhausted, Unavailable, Violations
from service.core.paging import Page, PageRequest

log = logging.getLogger(__name__)

EVERYONE = "*"
# A concurrency counter outlives a crashed process by at most this long.
CONCURRENCY_TTL_S = 3600.0


class BudgetPeriod(enum.StrEnum):
    DAY = "day"
    MONTH = "month"


class Dimension(enum.StrEnum):
    """What a counter caps: the field names of `Limit` (and of the protobuf message)."""

    REQUESTS_PER_MINUTE = "requests_per_minute"
    TOKENS_PER_MINUTE = "tokens_per_minute"
    CONCURRENT_STREAMS = "concurrent_streams"
    TOKEN_BUDGET = "token_budget"
    COST_BUDGET = "cost_budget_micros"


@dataclass(frozen=True)
class Limit:
    """`limits/{id}`. A 0 in a dimension means no cap on it."""

    id: str
    subject: str  # clientKeys/{id} | *
    requests_per_minute: int = 0
    tokens_per_minute: int = 0
    concurrent_streams: int = 0
    token_budget: int = 0  # tokens per budget_period
    cost_budget_micros: int = 0  # millionths of a currency unit per budget_period
    budget_period: BudgetPeriod = BudgetPeriod.DAY
    enabled: bool = True
    description: str = ""
    create_time: datetime | None = None
    update_time: datetime | None = None
    etag: str = ""


def subjects_of(caller_key_id: str, caller_id: str = "") -> tuple[str, ...]:
    """The limit subjects one call counts against."""
    out = [EVERYONE]
    if caller_key_id:
        out.append(f"clientKeys/{caller_key_id}")
    if caller_id:
        out.append(f"callers/{caller_id}")
    return tuple(out)


def index_limits(limits: Sequence[Limit]) -> dict[str, tuple[Limit, ...]]:
    """Enabled limits by subject (built once per snapshot)."""
    by: dict[str, list[Limit]] = {}
    for lim in limits:
        if lim.enabled:
            by.setdefault(lim.subject, []).append(lim)
    return {k: tuple(v) for k, v in by.items()}


# ------------------------------------------------------------------ the port


@dataclass(frozen=True)
class Counter:
    """One counter to add to: `amount` must fit under `cap` (amount 0: refused once at the cap)."""

    key: str
    amount: int
    cap: int
    ttl_s: float  # the window's remaining life (the counter expires with it)


@dataclass(frozen=True)
class CounterState:
    value: int  # after the call (on success) or as found (on refusal)
    reset_s: float  # seconds until the window ends


@dataclass(frozen=True)
class Verdict:
    """`refused` is the index of the first counter that did not fit, or -1 when all were added."""

    refused: int
    states: tuple[CounterState, ...]


class LimiterUnavailable(Exception):
    """The limiter's store did not answer in time (or at all)."""


class Limiter(Protocol):
    async def acquire(self, counters: Sequence[Counter]) -> Verdict:
        """Adds every counter's amount, or none when any would pass its cap (atomically)."""
        ...

    async def adjust(self, changes: Sequence[tuple[str, int]]) -> None:
        """Adds (possibly negative) amounts to counters that still exist; never below 0."""
        ...

    async def close(self) -> None: ...


class InProcessLimiter:
    """Counters in this process's memory: limits hold per process (no Redis)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._values: dict[str, tuple[int, float]] = {}  # key -> (value, expires at)
        self._ops = 0

    def _get(self, key: str, now: float) -> tuple[int, float] | None:
        got = self._values.get(key)
        if got is not None and got[1] <= now:
            del self._values[key]
            return None
        return got

    async def acquire(self, counters: Sequence[Counter]) -> Verdict:
        now = self._clock()
        found = [self._get(c.key, now) for c in counters]
        for i, (c, f) in enumerate(zip(counters, found, strict=True)):
            cur = f[0] if f else 0
            if c.cap > 0 and (cur + c.amount > c.cap or (c.amount == 0 and cur >= c.cap)):
                states = tuple(
                    CounterState(f2[0] if f2 else 0, (f2[1] - now) if f2 else c2.ttl_s)
                    for c2, f2 in zip(counters, found, strict=True)
                )
                return Verdict(i, states)
        added: list[CounterState] = []
        for c, f in zip(counters, found, strict=True):
            value, expires = (f[0] + c.amount, f[1]) if f else (c.amount, now + c.ttl_s)
            self._values[c.key] = (value, expires)
            added.append(CounterState(value, expires - now))
        self._ops += 1
        if self._ops % 4096 == 0:
            self._sweep(now)
        return Verdict(-1, tuple(added))

    async def adjust(self, changes: Sequence[tuple[str, int]]) -> None:
        now = self._clock()
        for key, delta in changes:
            got = self._get(key, now)
            if got is not None:
                self._values[key] = (max(0, got[0] + delta), got[1])

    def _sweep(self, now: float) -> None:
        for key in [k for k, (_, exp) in self._values.items() if exp <= now]:
            del self._values[key]

    async def close(self) -> None:
        self._values.clear()


# ------------------------------------------------------------------ admission and settlement


@dataclass(frozen=True)
class _Slot:
    limit: Limit
    dimension: Dimension
    cap: int


@dataclass
class Admission:
    """What one admitted call holds: settle it exactly once when the call ends."""

    # tokens/minute and token-budget counters, each with what admission charged it (the
    # reservation, or the cap when the reservation is larger)
    token_keys: tuple[tuple[str, int], ...] = ()
    reserved_tokens: int = 0
    cost_keys: tuple[str, ...] = ()
    concurrency_keys: tuple[str, ...] = ()
    headers: Mapping[str, str] = field(default_factory=dict)  # x-ratelimit-* of the call
    settled: bool = False


NO_LIMITS = Admission(settled=True)


def _window(dimension: Dimension, period: BudgetPeriod, wall: float) -> tuple[str, float]:
    """The window's id and the seconds left in it (UTC minutes, days, months)."""
    if dimension in (Dimension.REQUESTS_PER_MINUTE, Dimension.TOKENS_PER_MINUTE):
        minute = int(wall // 60)
        return f"m{minute}", (minute + 1) * 60 - wall
    if dimension is Dimension.CONCURRENT_STREAMS:
        return "c", CONCURRENCY_TTL_S
    now = datetime.fromtimestamp(wall, UTC)
    if period is BudgetPeriod.DAY:
        start = now.replace(hour=0, minute=0, second=0, microsecond=0)
        end = start.timestamp() + 86400
        return f"d{start:%Y%m%d}", end - wall
    year, month = (now.year + 1, 1) if now.month == 12 else (now.year, now.month + 1)
    end = datetime(year, month, 1, tzinfo=UTC).timestamp()
    return f"M{now:%Y%m}", end - wall


_HEADER_SUFFIX = {Dimension.REQUESTS_PER_MINUTE: "requests", Dimension.TOKENS_PER_MINUTE: "tokens"}


def _reset_text(seconds: float) -> str:
    """OpenAI's x-ratelimit-reset-* form: `1s`, `6m0s`."""
    secs = max(0, math.ceil(seconds))
    if secs < 60:
        return f"{secs}s"
    return f"{secs // 60}m{secs % 60}s"


def _headers(slots: Sequence[_Slot], states: Sequence[CounterState]) -> dict[str, str]:
    """x-ratelimit-{limit,remaining,reset}-{requests,tokens}: the tightest limit of each kind."""
    best: dict[str, tuple[int, int, float]] = {}
    for slot, st in zip(slots, states, strict=True):
        suffix = _HEADER_SUFFIX.get(slot.dimension)
        if suffix is None:
            continue
        remaining = max(0, slot.cap - st.value)
        if suffix not in best or remaining < best[suffix][1]:
            best[suffix] = (slot.cap, remaining, st.reset_s)
    out: dict[str, str] = {}
    for suffix, (cap, remaining, reset) in best.items():
        out[f"x-ratelimit-limit-{suffix}"] = str(cap)
        out[f"x-ratelimit-remaining-{suffix}"] = str(remaining)
        out[f"x-ratelimit-reset-{suffix}"] = _reset_text(reset)
    return out


class LimitGate:
    """Admits calls against the limits of the live snapshot and settles them afterwards.

    fail_open: when the limiter does not answer (Redis down or slow), admit the call without
    limits (True) or refuse it with UNAVAILABLE, reason LIMITER_UNAVAILABLE (False).
    """

    def __init__(
        self,
        limiter: Limiter,
        limits: Callable[[], Mapping[str, tuple[Limit, ...]]],
        *,
        default_reserve_tokens: int = 1024,
        fail_open: bool = True,
        key_prefix: str = "llmrouter:limits:",
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        self.limiter = limiter
        self._limits = limits
        self.default_reserve_tokens = default_reserve_tokens
        self.fail_open = fail_open
        self.prefix = key_prefix
        self._wall = wall_clock
        self._tasks: set[asyncio.Task[None]] = set()
        self._last_warning = 0.0

    def applicable(self, caller_key_id: str, caller_id: str = "") -> list[Limit]:
        by = self._limits()
        if not by:
            return []
        out: list[Limit] = []
        for s in subjects_of(caller_key_id, caller_id):
            out.extend(by.get(s, ()))
        return out

    async def admit(self, caller_key_id: str, reserve_tokens: int | None, caller_id: str = "") -> Admission:
        """Adds the call to every applicable counter, or raises RESOURCE_EXHAUSTED naming the limit."""
        limits = self.applicable(caller_key_id, caller_id)
        if not limits:
            return NO_LIMITS
        reserve = self.default_reserve_tokens if reserve_tokens is None else max(0, reserve_tokens)
        wall = self._wall()
        slots: list[_Slot] = []
        counters: list[Counter] = []
        for lim in limits:
            for dim, cap, amount in (
                (Dimension.REQUESTS_PER_MINUTE, lim.requests_per_minute, 1),
                (Dimension.TOKENS_PER_MINUTE, lim.tokens_per_minute, reserve),
                (Dimension.CONCURRENT_STREAMS, lim.concurrent_streams, 1),
                (Dimension.TOKEN_BUDGET, lim.token_budget, reserve),
                (Dimension.COST_BUDGET, lim.cost_budget_micros, 0),
            ):
                if cap <= 0:
                    continue
                window, ttl = _window(dim, lim.budget_period, wall)
                key = f"{self.prefix}{lim.id}:{dim.value}:{window}"
                # A reservation larger than the cap would never fit: charge the cap.
                counters.append(Counter(key, min(amount, cap), cap, ttl))
                slots.append(_Slot(lim, dim, cap))
        if not counters:
            return NO_LIMITS
        try:
            verdict = await self.limiter.acquire(counters)
        except LimiterUnavailable as exc:
            return self._unavailable(exc)
        if verdict.refused >= 0:
            raise _exceeded(slots, verdict, counters)
        return Admission(
            token_keys=tuple(
                (c.key, c.amount)
                for c, s in zip(counters, slots, strict=True)
                if s.dimension in (Dimension.TOKENS_PER_MINUTE, Dimension.TOKEN_BUDGET)
            ),
            reserved_tokens=reserve,
            cost_keys=tuple(
                c.key for c, s in zip(counters, slots, strict=True) if s.dimension is Dimension.COST_BUDGET
            ),
            concurrency_keys=tuple(
                c.key for c, s in zip(counters, slots, strict=True) if s.dimension is Dimension.CONCURRENT_STREAMS
            ),
            headers=_headers(slots, verdict.states),
        )

    def _unavailable(self, exc: BaseException) -> Admission:
        now = time.monotonic()
        if now - self._last_warning > 10:
            self._last_warning = now
            log.warning("the limiter did not answer: %s", "admitting without limits" if self.fail_open else "refusing")
        if self.fail_open:
            return NO_LIMITS
        raise Unavailable(
            "rate limits cannot be checked now (the limiter does not answer); try again shortly",
            reason=Reason.LIMITER_UNAVAILABLE,
            retry_after=1.0,
        ) from exc

    def changes(self, adm: Admission, used_tokens: int | None, cost_micros: int | None) -> list[tuple[str, int]]:
        """The counter updates that settle a call (used_tokens None: the reservation stands)."""
        out: list[tuple[str, int]] = []
        if used_tokens is not None:
            out.extend((k, used_tokens - charged) for k, charged in adm.token_keys if used_tokens != charged)
        if cost_micros:
            out.extend((k, cost_micros) for k in adm.cost_keys)
        out.extend((k, -1) for k in adm.concurrency_keys)
        return out

    def settle(self, adm: Admission, used_tokens: int | None = None, cost_micros: int | None = None) -> None:
        """Settles a call in the background (its end never waits on the limiter); once."""
        if adm.settled:
            return
        adm.settled = True
        changes = self.changes(adm, used_tokens, cost_micros)
        if not changes:
            return
        task = asyncio.get_running_loop().create_task(self._adjust(changes))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _adjust(self, changes: list[tuple[str, int]]) -> None:
        try:
            await self.limiter.adjust(changes)
        except LimiterUnavailable:
            log.warning("the limiter did not answer a settlement; its counters expire with their windows")

    async def drain(self) -> None:
        """Waits for the settlements in flight (shutdown, tests)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)


def _exceeded(slots: Sequence[_Slot], verdict: Verdict, counters: Sequence[Counter]) -> ResourceExhausted:
    slot = slots[verdict.refused]
    st = verdict.states[verdict.refused]
    name = f"limits/{slot.limit.id}"
    dim = slot.dimension
    if dim is Dimension.CONCURRENT_STREAMS:
        retry, what = 1.0, f"{slot.cap} concurrent calls"
    elif dim is Dimension.REQUESTS_PER_MINUTE:
        retry, what = st.reset_s, f"{slot.cap} requests per minute"
    elif dim is Dimension.TOKENS_PER_MINUTE:
        retry, what = st.reset_s, f"{slot.cap} tokens per minute"
    elif dim is Dimension.TOKEN_BUDGET:
        retry, what = st.reset_s, f"a budget of {slot.cap} tokens per {slot.limit.budget_period}"
    else:
        retry, what = st.reset_s, f"a cost budget of {slot.cap} micro-units per {slot.limit.budget_period}"
    retry = max(0.001, retry)
    message = f"{name} ({slot.limit.subject}) allows {what}; used {st.value}"
    metadata = {"limit": name, "dimension": dim.value, "subject": slot.limit.subject}
    metadata.update(_headers(slots, verdict.states))
    # The header of the dimension refused says 0 remaining (a reservation may not fit with some left).
    suffix = _HEADER_SUFFIX.get(dim)
    if suffix is not None:
        metadata[f"x-ratelimit-remaining-{suffix}"] = "0"
    metadata["retry-after"] = str(max(1, math.ceil(retry)))
    err = ResourceExhausted(
        message,
        reason=Reason.LIMIT_EXCEEDED,
        retry_after=retry,
        resource=("llmrouter.dev/Limit", name),
        metadata=metadata,
        quota=(
            QuotaViolation(name, dim.value, f"{message} (window: {counters[verdict.refused].key.rsplit(':', 1)[-1]})"),
        ),
    )
    return err


# ------------------------------------------------------------------ administration

LIMIT_FIELDS = (
    "subject",
    "requests_per_minute",
    "tokens_per_minute",
    "concurrent_streams",
    "token_budget",
    "cost_budget_micros",
    "budget_period",
    "enabled",
    "description",
)
_CAPS = ("requests_per_minute", "tokens_per_minute", "concurrent_streams", "token_budget", "cost_budget_micros")
_ID_RE = re.compile(r"[a-z][a-z0-9-]{0,62}")
_SUBJECT_RE = re.compile(r"\*|clientKeys/[A-Za-z0-9][A-Za-z0-9_-]{0,62}")


def check_limit(lim: Limit, prefix: str = "limit") -> None:
    """INVALID_ARGUMENT naming each bad field of a limit to store."""
    v = Violations()
    if lim.id and not _ID_RE.fullmatch(lim.id):
        v.add("limit_id", "must be lowercase letters, digits and '-', starting with a letter, at most 63 characters")
    if not lim.subject:
        v.add(f"{prefix}.subject", "is required: clientKeys/{client_key} or *")
    elif lim.subject.startswith("callers/"):
        v.add(
            f"{prefix}.subject",
            "caller groups are not a resource of this server: a caller's policy lives on its client key; "
            "limit clientKeys/{client_key} or * (everyone)",
        )
    elif not _SUBJECT_RE.fullmatch(lim.subject):
        v.add(f"{prefix}.subject", "must be clientKeys/{client_key} or *")
    for name in _CAPS:
        value = getattr(lim, name)
        if value < 0:
            v.add(f"{prefix}.{name}", "must not be negative (0: no cap)")
        elif value > 2**53:
            v.add(f"{prefix}.{name}", "is too large")
    if not any(getattr(lim, n) > 0 for n in _CAPS):
        v.add(f"{prefix}.requests_per_minute", f"at least one of {', '.join(_CAPS)} must be set above 0")
    if len(lim.description) > 1000:
        v.add(f"{prefix}.description", "at most 1000 characters")
    v.raise_if_any()


class LimitRepository(Protocol):
    async def get(self, limit_id: str) -> Limit: ...

    async def list(self, page: PageRequest) -> Page[Limit]:
        """By id."""
        ...

    async def create(self, limit_id: str, lim: Limit) -> Limit:
        """An empty limit_id generates one."""
        ...

    async def update(self, limit_id: str, changes: Mapping[str, object], etag: str) -> Limit:
        """Sets the fields in `changes` (names of LIMIT_FIELDS)."""
        ...

    async def delete(self, limit_id: str, etag: str) -> None: ...
