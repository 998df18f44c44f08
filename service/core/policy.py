"""Error policy: what a failed attempt means for the call and for the target's breaker."""

from __future__ import annotations

import enum
import random

from service.core.errors import ErrorKind, Reason, RouterError


class Action(enum.Enum):
    END = "end"  # the caller's error: stop at once
    RETRY = "retry"  # same target again (after backoff)
    NEXT = "next"  # the next target


def classify(err: RouterError) -> Action:
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
    """Whether the failure says something about the target's health (feeds its breaker)."""
    return err.kind in (
        ErrorKind.UNAVAILABLE,
        ErrorKind.DEADLINE_EXCEEDED,
        ErrorKind.RESOURCE_EXHAUSTED,
        ErrorKind.UNAUTHENTICATED,
        ErrorKind.PERMISSION_DENIED,
    )


def retry_delay(err: RouterError, attempt: int, base_s: float, max_s: float) -> float:
    """Seconds to wait before retrying the same target: the upstream's Retry-After when it
    gave one, else exponential backoff with jitter."""
    if err.retry_after is not None:
        return err.retry_after
    delay = min(max_s, base_s * (2 ** (attempt - 1)))
    return random.uniform(delay / 2, delay)
