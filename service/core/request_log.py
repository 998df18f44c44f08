"""The request log as core sees it: one entry per chat or embedding call, usage totals, and the
two ports the API uses, a writer that never blocks the call and a reader for operators.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from service.core.paging import Page, PageRequest


@dataclass(frozen=True)
class RequestLogEntry:
    create_time: datetime
    request_id: str
    caller_key_id: str
    method: str
    requested_model: str
    route: str
    provider: str
    model: str
    attempts: int
    fallback_index: int
    prompt_tokens: int
    completion_tokens: int
    cached_prompt_tokens: int
    ttft_ms: int
    duration_ms: int
    status: str
    error_reason: str = ""
    id: int = 0  # assigned by the store
    cost_nanos: int | None = None  # billionths of `currency`; None: unpriced
    currency: str = ""


class UsageGroup(enum.StrEnum):
    CALLER_KEY = "caller_key_id"
    PROVIDER = "provider"
    MODEL = "model"
    ROUTE = "route"


class UsagePeriod(enum.StrEnum):
    NONE = ""
    DAY = "day"
    MONTH = "month"


@dataclass(frozen=True)
class UsageTotal:
    """Calls, tokens and cost of one group (by default a (provider, upstream model) pair),
    over a time window or one period of it. Unpriced calls are counted apart, never as free."""

    provider: str
    model: str
    requests: int
    errors: int
    prompt_tokens: int
    completion_tokens: int
    cached_prompt_tokens: int
    caller_key_id: str = ""
    route: str = ""
    period_start: datetime | None = None
    cost_nanos: int = 0
    currency: str = ""
    unpriced_requests: int = 0


def now() -> datetime:
    """The time stamp of a new entry (aware, UTC)."""
    return datetime.now(UTC)


class RequestLogWriter(Protocol):
    """Takes entries off the hot path: `record` never blocks and never raises."""

    def record(self, entry: RequestLogEntry) -> None: ...

    async def flush(self) -> None:
        """Writes everything recorded so far (an operator listing the log expects the last call in it)."""
        ...


class RequestLogReader(Protocol):
    async def list(
        self,
        page: PageRequest,
        *,
        provider: str = "",
        requested_model: str = "",
        status: str = "",
        request_id: str = "",
        start_time: datetime | None = None,
    ) -> Page[RequestLogEntry]:
        """Entries matching every given filter, newest first."""
        ...

    async def usage(
        self,
        start: datetime | None,
        end: datetime | None,
        group_by: tuple[UsageGroup, ...] = (UsageGroup.PROVIDER, UsageGroup.MODEL),
        period: UsagePeriod = UsagePeriod.NONE,
    ) -> tuple[UsageTotal, ...]:
        """Totals per group (and period) of the calls in [start, end), ordered by period and group."""
        ...
