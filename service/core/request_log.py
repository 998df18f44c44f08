"""The request log as core sees it: one entry per chat or embedding call, usage totals, and the
two ports the API uses, a writer that never blocks the call and a reader for operators.
"""

from __future__ import annotations

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


@dataclass(frozen=True)
class UsageTotal:
    """Calls and tokens of one (provider, upstream model) pair over a time window."""

    provider: str
    model: str
    requests: int
    errors: int
    prompt_tokens: int
    completion_tokens: int
    cached_prompt_tokens: int


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

    async def usage(self, start: datetime | None, end: datetime | None) -> tuple[UsageTotal, ...]:
        """Totals per (provider, model) of the calls in [start, end), ordered by provider and model."""
        ...
