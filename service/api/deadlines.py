"""The call's deadline, as the absolute `time.monotonic()` value the core takes."""

from __future__ import annotations

import time

import grpc

# The call's own deadline is cut this much short, so that the router's DeadlineExceeded
# (with ErrorInfo naming the provider and the limit) reaches the caller before the
# transport's bare one.
DEADLINE_MARGIN_S = 0.03


def deadline_of(context: grpc.aio.ServicerContext) -> float | None:
    remaining = context.time_remaining()
    if remaining is None:
        return None
    return time.monotonic() + max(0.0, remaining - min(DEADLINE_MARGIN_S, remaining * 0.1))
