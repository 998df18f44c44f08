"""How long an upstream asks us to wait: ``retry-after-ms``, else ``Retry-After`` (RFC 9110 §10.2.3:
delay-seconds or an HTTP-date)."""

from __future__ import annotations

import email.utils
from datetime import UTC, datetime

import httpx

__all__ = ["parse_retry_after"]


def parse_retry_after(headers: httpx.Headers | dict[str, str], *, now: float | None = None) -> float | None:
    """Seconds to wait from `retry-after-ms`, or `Retry-After` (seconds or an HTTP-date)."""
    get = headers.get
    ms = get("retry-after-ms")
    if ms:
        try:
            v = float(ms) / 1000.0
            if v >= 0:
                return v
        except ValueError:
            pass
    ra = get("retry-after")
    if not ra:
        return None
    ra = ra.strip()
    try:
        v = float(ra)
        return v if v >= 0 else None
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(ra)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    ref = datetime.now(UTC).timestamp() if now is None else now
    return max(0.0, when.timestamp() - ref)
