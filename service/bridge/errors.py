"""Errors of the REST bridge: bad HTTP input, and gRPC statuses mapped to HTTP.

`BridgeError` is raised while reading a request (bad JSON, wrong types, oversize body).
`from_rpc_error` turns a failed gRPC call into the same shape, reading the rich details
(google.rpc.ErrorInfo, BadRequest, RetryInfo) from `grpc-status-details-bin`.

Bodies: OpenAI's ``{"error": {"message", "type", "param", "code"}}`` and Anthropic's
``{"type": "error", "error": {"type", "message"}}``, whose ``type`` follows the error kind
(`anthropic_type`): capacity is ``overloaded_error``, other server-side failures ``api_error``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass, field

import grpc

from llmrouter.client import error_from
from service.core.errors import Reason

DOMAIN = "llmrouter.dev"

# gRPC code -> HTTP status.
_HTTP_STATUS: dict[grpc.StatusCode, int] = {
    grpc.StatusCode.INVALID_ARGUMENT: 400,
    grpc.StatusCode.FAILED_PRECONDITION: 400,
    grpc.StatusCode.OUT_OF_RANGE: 400,
    grpc.StatusCode.UNAUTHENTICATED: 401,
    grpc.StatusCode.PERMISSION_DENIED: 403,
    grpc.StatusCode.NOT_FOUND: 404,
    grpc.StatusCode.ALREADY_EXISTS: 409,
    grpc.StatusCode.ABORTED: 409,
    grpc.StatusCode.RESOURCE_EXHAUSTED: 429,
    grpc.StatusCode.CANCELLED: 503,  # our client's own cancellations never get an answer
    grpc.StatusCode.UNIMPLEMENTED: 501,
    grpc.StatusCode.UNAVAILABLE: 503,
    grpc.StatusCode.DEADLINE_EXCEEDED: 504,
}

# Reasons whose status would mislead an HTTP caller: the *provider's* stored key was
# rejected upstream, not the caller's key. A 401/403 would make SDKs report "your API key
# is invalid"; it is a gateway problem, so 502.
_REASON_STATUS = {
    "PROVIDER_CREDENTIAL_REJECTED": 502,
    "PROVIDER_PERMISSION_DENIED": 502,
}

# Stable `code` values that OpenAI clients look for (e.g. context_length_exceeded).
_OPENAI_CODES = {
    "CONTEXT_LENGTH_EXCEEDED": "context_length_exceeded",
    "UPSTREAM_RATE_LIMITED": "rate_limit_exceeded",
    "LIMIT_EXCEEDED": "rate_limit_exceeded",
    "NO_ROUTE": "model_not_found",
    "UPSTREAM_MODEL_NOT_FOUND": "model_not_found",
    "MISSING_CREDENTIALS": "invalid_api_key",
    "BAD_CREDENTIALS": "invalid_api_key",
}

_GENERIC = {
    400: "invalid request",
    401: "authentication failed",
    403: "permission denied",
    404: "not found",
    429: "too many requests",
    501: "not implemented",
    502: "upstream provider error",
    503: "llmrouter is unavailable; try again later",
    504: "the request timed out",
}


def openai_type(status: int) -> str:
    if status == 401:
        return "authentication_error"
    if status == 403:
        return "permission_error"
    if status == 429:
        return "rate_limit_error"
    if status == 504:
        return "timeout_error"
    if status >= 500:
        return "server_error"
    return "invalid_request_error"


_ANTHROPIC_TYPES = {
    400: "invalid_request_error",
    401: "authentication_error",
    403: "permission_error",
    404: "not_found_error",
    413: "request_too_large",
    429: "rate_limit_error",
    504: "timeout_error",
}
_RATELIMIT_HEADER = "x-ratelimit-"

# Capacity: the only failures an Anthropic client should see as overloaded_error.
_CAPACITY_REASONS = frozenset({Reason.LOCAL_QUEUE_FULL})


def anthropic_type(status: int, overloaded: bool = False) -> str:
    """The Anthropic error type for an answer (https://docs.anthropic.com/en/api/errors):
    overloaded_error for capacity only (`overloaded`: a full local queue, an upstream 529 or
    overloaded_error), api_error for every other server-side failure (an upstream 500, a
    truncated stream, an unreachable provider), the 4xx types by status."""
    if overloaded:
        return "overloaded_error"
    return _ANTHROPIC_TYPES.get(status, "invalid_request_error" if status < 500 else "api_error")


def _is_capacity(reason: str, metadata: dict[str, str]) -> bool:
    if reason in _CAPACITY_REASONS:
        return True
    if reason != Reason.UPSTREAM_UNAVAILABLE:
        return False
    upstream = (metadata.get("upstream_error_type", "") + " " + metadata.get("upstream_error_code", "")).lower()
    return metadata.get("upstream_status") == "529" or "overloaded" in upstream


@dataclass
class BridgeError(Exception):
    """An HTTP error answer: status, a message safe to show, the OpenAI `param` and `code`."""

    status: int
    message: str
    param: str | None = None
    code: str | None = None
    retry_after: float | None = None
    headers: dict[str, str] = field(default_factory=dict)
    overloaded: bool = False  # a capacity failure (Anthropic overloaded_error)

    def __post_init__(self) -> None:
        Exception.__init__(self, self.message)

    def openai_body(self) -> dict:
        return {
            "error": {"message": self.message, "type": openai_type(self.status), "param": self.param, "code": self.code}
        }

    def anthropic_body(self) -> dict:
        return {
            "type": "error",
            "error": {"type": anthropic_type(self.status, self.overloaded), "message": self.message},
        }

    def response_headers(self) -> list[tuple[bytes, bytes]]:
        out = [(k.encode(), v.encode()) for k, v in self.headers.items()]
        if self.retry_after is not None:
            secs = max(0.0, self.retry_after)
            out.append((b"retry-after", str(math.ceil(secs)).encode()))
            out.append((b"retry-after-ms", str(int(secs * 1000)).encode()))
        return out


def bad_request(param: str | None, description: str) -> BridgeError:
    msg = f"invalid request: {param}: {description}" if param else f"invalid request: {description}"
    return BridgeError(400, msg, param=param, code="invalid_value" if param else None)


def from_rpc_error(err: grpc.aio.AioRpcError, field_map: Callable[[str], str] = lambda f: f) -> BridgeError:
    """The HTTP error for a failed gRPC call. `field_map` renames BadRequest field paths
    (gRPC contract names) to the HTTP API's names (e.g. generation.max_tokens -> max_tokens)."""
    d = error_from(err)
    status = _REASON_STATUS.get(d.reason) or _HTTP_STATUS.get(d.code, 500)
    ours = d.domain == DOMAIN  # a status our server produced (its messages are safe to show)
    param = None
    if d.violations:
        param = field_map(d.violations[0][0])
        message = f"invalid request: {param}: {d.violations[0][1]}"
        if len(d.violations) > 1:
            message += f" (and {len(d.violations) - 1} more)"
    elif ours and status != 500 and d.message:
        message = d.message
    else:
        message = _GENERIC.get(status, "internal error")
    code = _OPENAI_CODES.get(d.reason) or (d.reason.lower() if ours and d.reason else None)
    headers: dict[str, str] = {}
    if d.reason and ours:
        headers["x-llmrouter-error-reason"] = d.reason
    for key in ("attempts", "provider"):
        val = d.metadata.get(key)
        if val and val.isprintable() and val.isascii():
            headers[f"x-llmrouter-{key}"] = val
    if ours and d.reason == Reason.LIMIT_EXCEEDED:
        # OpenAI-style rate-limit headers (x-ratelimit-{limit,remaining,reset}-{requests,tokens})
        # and the limit that refused the call.
        for key, val in d.metadata.items():
            if key.startswith(_RATELIMIT_HEADER) and val.isascii() and val.isprintable():
                headers[key] = val
        if d.metadata.get("limit", "").isascii():
            headers["x-llmrouter-limit"] = d.metadata.get("limit", "")
    return BridgeError(
        status,
        message,
        param=param,
        code=code,
        retry_after=d.retry_after,
        headers=headers,
        overloaded=ours and _is_capacity(d.reason, d.metadata),
    )


def json_bytes(obj) -> bytes:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode()
