"""Upstream text made safe to show: the provider's key (and any long piece of it) removed."""

from __future__ import annotations

__all__ = ["MAX_UPSTREAM_MESSAGE", "REDACTED", "redact", "upstream_text"]

MAX_UPSTREAM_MESSAGE = 512  # characters of upstream error text kept in messages and metadata
REDACTED = "[REDACTED]"


def redact(text: str, secret: str, *, min_len: int = 8) -> str:
    """Removes `secret` and every substring of it at least `min_len` long from `text`."""
    if not text or not secret:
        return text
    if secret in text:
        text = text.replace(secret, REDACTED)
    k = min(min_len, len(secret))
    n = len(text)
    if n < k:
        return text
    grams = {secret[i : i + k] for i in range(len(secret) - k + 1)}
    spans: list[list[int]] = []
    for i in range(n - k + 1):
        if text[i : i + k] in grams:
            if spans and i <= spans[-1][1]:
                spans[-1][1] = i + k
            else:
                spans.append([i, i + k])
    if not spans:
        return text
    out: list[str] = []
    pos = 0
    for a, b in spans:
        out.append(text[pos:a])
        out.append(REDACTED)
        pos = b
    out.append(text[pos:])
    return "".join(out)


def upstream_text(text: str, secret: str, limit: int = MAX_UPSTREAM_MESSAGE) -> str:
    """Upstream text made safe to show: redacted, whitespace-collapsed, at most `limit` chars."""
    text = " ".join(text[: limit * 8].split())
    text = redact(text, secret)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return text
