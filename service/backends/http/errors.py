"""Upstream failures as domain errors: each answer classified into one `RouterError` with a `Reason`.

Sources: an HTTP error status with its body (`error_from_response`), an error object inside a
stream or a 200 body (`error_for`), a transport failure (`error_from_transport`), a phase timeout
(`timeout_error`), a stream that ended early (`truncated_error`) and an answer that could not be
understood (`protocol_error`). Messages and metadata carry upstream text only through
`upstream_text` (redacted, collapsed, bounded).

Classification looks at the HTTP status first, then at the error's ``type`` / ``code`` (OpenAI:
https://platform.openai.com/docs/guides/error-codes ; Anthropic:
https://docs.anthropic.com/en/api/errors) and, for 4xx answers, at the message text (context
length, unknown model), since compatible providers word these differently.
"""

from __future__ import annotations

import json
import re
from typing import Any

import httpx

from service.backends.http.redaction import upstream_text
from service.backends.http.retry_after import parse_retry_after
from service.core.config import ProviderConfig
from service.core.errors import (
    DeadlineExceeded,
    InvalidArgument,
    NotFound,
    PermissionDenied,
    Reason,
    ResourceExhausted,
    RouterError,
    Unauthenticated,
    Unavailable,
)

__all__ = [
    "error_for",
    "error_from_response",
    "error_from_transport",
    "extract_error",
    "protocol_error",
    "timeout_error",
    "truncated_error",
]

_CTX_RE = re.compile(
    r"context[_ ]length|context window|maximum context|prompt is too long|too many (?:input |prompt )?tokens"
    r"|input is too long|reduce the length of the (?:messages|prompt|input)",
    re.IGNORECASE,
)
_MODEL_MISSING_RE = re.compile(
    r"\bmodel\b[^\n]{0,200}?(?:not found|does not exist|do not exist|doesn't exist|not exist)", re.IGNORECASE
)

_AUTH, _PERM, _NOT_FOUND, _CTX, _BAD, _TIMEOUT, _RATE, _UNAVAIL = range(8)

_TYPE_CLASS = {
    "authentication_error": _AUTH,
    "invalid_api_key": _AUTH,
    "unauthorized": _AUTH,
    "permission_error": _PERM,
    "permission_denied": _PERM,
    "billing_error": _PERM,
    "not_found_error": _NOT_FOUND,
    "model_not_found": _NOT_FOUND,
    "rate_limit_error": _RATE,
    "rate_limit_exceeded": _RATE,
    "insufficient_quota": _RATE,
    "timeout_error": _TIMEOUT,
    "context_length_exceeded": _CTX,
    "invalid_request_error": _BAD,
    "invalid_request": _BAD,
    "bad_request": _BAD,
    "request_too_large": _CTX,
}


def _classify(status: int | None, etype: str, code: str, message: str) -> int:
    if code == "context_length_exceeded" or etype == "context_length_exceeded":
        return _CTX
    if status is None:
        for c in (code, etype):
            if c.isdigit():
                status = int(c)
                break
    if status is None:
        cls = _TYPE_CLASS.get(code, _TYPE_CLASS.get(etype, _UNAVAIL))
        if cls != _BAD:
            return cls
        status = 400
    if status == 401:
        return _AUTH
    if status in (402, 403):
        return _PERM
    if status == 404:
        return _NOT_FOUND
    if status == 408:
        return _TIMEOUT
    if status == 413:
        return _CTX
    if status == 429:
        return _RATE
    if 400 <= status < 500:
        if _CTX_RE.search(message):
            return _CTX
        if code == "model_not_found" or etype == "not_found_error" or _MODEL_MISSING_RE.search(message):
            return _NOT_FOUND
        return _BAD
    return _UNAVAIL


def error_for(
    provider: ProviderConfig,
    *,
    status: int | None,
    message: str,
    etype: str = "",
    code: str = "",
    retry_after: float | None = None,
) -> RouterError:
    """The domain error for an upstream error answer (HTTP status, or an in-stream error)."""
    secret = provider.api_key
    msg = upstream_text(message or "", secret)
    etype = upstream_text(str(etype or ""), secret, 64)
    code = upstream_text(str(code or ""), secret, 64)
    pid = provider.id
    meta = {"provider": pid, "upstream_message": msg}
    if status is not None:
        meta["upstream_status"] = str(status)
        where = f"HTTP {status}"
    else:
        where = f"in-stream error {etype or code or 'error'}"
    if etype:
        meta["upstream_error_type"] = etype
    if code:
        meta["upstream_error_code"] = code
    tail = f" ({where}): {msg}" if msg else f" ({where})"
    cls = _classify(status, etype, code, msg)
    if cls == _AUTH:
        return Unauthenticated(
            f"provider {pid!r} rejected its API key{tail}", reason=Reason.PROVIDER_CREDENTIAL_REJECTED, metadata=meta
        )
    if cls == _PERM:
        return PermissionDenied(
            f"provider {pid!r} refused access with its API key{tail}",
            reason=Reason.PROVIDER_PERMISSION_DENIED,
            metadata=meta,
        )
    if cls == _NOT_FOUND:
        return NotFound(
            f"provider {pid!r} does not know the model{tail}", reason=Reason.UPSTREAM_MODEL_NOT_FOUND, metadata=meta
        )
    if cls == _CTX:
        return InvalidArgument(
            f"provider {pid!r} says the prompt exceeds the model's context length{tail}",
            reason=Reason.CONTEXT_LENGTH_EXCEEDED,
            metadata=meta,
        )
    if cls == _BAD:
        return InvalidArgument(
            f"provider {pid!r} rejected the request{tail}", reason=Reason.UPSTREAM_BAD_REQUEST, metadata=meta
        )
    if cls == _TIMEOUT:
        meta["timeout"] = "upstream"
        return DeadlineExceeded(f"provider {pid!r} timed out{tail}", reason=Reason.UPSTREAM_TIMEOUT, metadata=meta)
    if cls == _RATE:
        return ResourceExhausted(
            f"provider {pid!r} is rate limiting requests{tail}",
            reason=Reason.UPSTREAM_RATE_LIMITED,
            retry_after=retry_after,
            metadata=meta,
        )
    return Unavailable(
        f"provider {pid!r} is unavailable{tail}",
        reason=Reason.UPSTREAM_UNAVAILABLE,
        retry_after=retry_after,
        metadata=meta,
    )


def extract_error(body: bytes | str) -> tuple[str, str, str]:
    """(message, type, code) from an error body: OpenAI, Anthropic and common variants."""
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    try:
        obj = json.loads(text)
    except (ValueError, RecursionError):
        return text.strip(), "", ""
    if isinstance(obj, list) and obj and isinstance(obj[0], dict):
        obj = obj[0]
    if not isinstance(obj, dict):
        return text.strip(), "", ""
    err = obj.get("error")
    etype: Any = ""  # JSON values of any type: made strings on return
    code: Any = ""
    if isinstance(err, dict):
        msg = err.get("message")
        etype = err.get("type") or ""
        code = err.get("code") or err.get("status") or ""
    elif isinstance(err, str):
        msg = err
        etype = obj.get("type") if obj.get("type") not in (None, "error") else ""
    else:
        msg = obj.get("message") or obj.get("detail") or obj.get("msg")
        etype = obj.get("type") if obj.get("type") not in (None, "error") else ""
        code = obj.get("code") or ""
    if msg is None:
        msg = text.strip()
    elif not isinstance(msg, str):
        msg = json.dumps(msg, ensure_ascii=False)
    return msg, str(etype or ""), str(code if code is not None else "")


def error_from_response(
    provider: ProviderConfig, status: int, body: bytes, headers: httpx.Headers | dict[str, str]
) -> RouterError:
    msg, etype, code = extract_error(body)
    return error_for(
        provider, status=status, message=msg, etype=etype, code=code, retry_after=parse_retry_after(headers)
    )


def timeout_error(provider: ProviderConfig, phase: str, seconds: float | None = None) -> DeadlineExceeded:
    pid = provider.id
    secs = f" within {seconds:g}s" if seconds is not None else ""
    text = {
        "connect": f"could not connect to provider {pid!r}{secs}",
        "headers": f"provider {pid!r} sent no response headers{secs}",
        "first_token": f"provider {pid!r} sent no token{secs} of its response headers",
        "idle": f"provider {pid!r} stalled: its stream sent nothing for {seconds:g}s" if seconds else "",
        "stream": f"provider {pid!r} streamed for longer than the {seconds:g}s a stream may last" if seconds else "",
        "deadline": f"the request deadline expired while waiting for provider {pid!r}",
    }.get(phase) or f"provider {pid!r} timed out"
    return DeadlineExceeded(text, reason=Reason.UPSTREAM_TIMEOUT, metadata={"provider": pid, "timeout": phase})


def error_from_transport(provider: ProviderConfig, exc: BaseException, *, mid_stream: bool = False) -> RouterError:
    pid = provider.id
    detail = upstream_text(str(exc) or type(exc).__name__, provider.api_key)
    meta = {"provider": pid, "upstream_message": detail, "transport_error": type(exc).__name__}
    if mid_stream:
        return Unavailable(
            f"provider {pid!r} broke off its stream: {detail}",
            reason=Reason.UPSTREAM_STREAM_TRUNCATED,
            metadata=meta,
        )
    return Unavailable(f"could not reach provider {pid!r}: {detail}", reason=Reason.UPSTREAM_UNAVAILABLE, metadata=meta)


def truncated_error(provider: ProviderConfig, terminal: str) -> Unavailable:
    return Unavailable(
        f"provider {provider.id!r} ended its stream without {terminal}: the answer is incomplete",
        reason=Reason.UPSTREAM_STREAM_TRUNCATED,
        metadata={"provider": provider.id},
    )


def protocol_error(provider: ProviderConfig, what: str) -> Unavailable:
    return Unavailable(
        f"provider {provider.id!r} sent an answer that could not be understood: "
        f"{upstream_text(what, provider.api_key, 200)}",
        reason=Reason.UPSTREAM_PROTOCOL_ERROR,
        metadata={"provider": provider.id},
    )
