"""The bridge's error bodies: each domain error kind, as the server sends it over gRPC (status and
google.rpc details), mapped to the HTTP status and the Anthropic error type a client expects
(Anthropic API docs, Errors: https://docs.anthropic.com/en/api/errors). Capacity alone is
overloaded_error; every other server-side failure is api_error.
"""

from __future__ import annotations

import grpc
import pytest
from grpc_status import rpc_status

from service.api.errors import to_rpc_status
from service.bridge.errors import BridgeError, from_rpc_error
from service.core.errors import (
    Cancelled,
    DeadlineExceeded,
    FailedPrecondition,
    InvalidArgument,
    NotFound,
    PermissionDenied,
    Reason,
    ResourceExhausted,
    RouterError,
    Unauthenticated,
    Unavailable,
    Unimplemented,
)


def rpc_error(err: RouterError) -> grpc.aio.AioRpcError:
    """The failed call a client of our server sees for `err` (as the interceptor sends it)."""
    status = rpc_status.to_status(to_rpc_status(err))
    return grpc.aio.AioRpcError(
        status.code, grpc.aio.Metadata(), grpc.aio.Metadata(*status.trailing_metadata), status.details
    )


def upstream(status: int | None, etype: str) -> dict[str, str]:
    meta = {"provider": "providers/anthropic", "upstream_error_type": etype}
    if status is not None:
        meta["upstream_status"] = str(status)
    return meta


CASES = [
    # (id, domain error, HTTP status, Anthropic type)
    ("bad request", InvalidArgument("bad"), 400, "invalid_request_error"),
    ("capability", InvalidArgument("no images", reason=Reason.CAPABILITY_UNSUPPORTED), 400, "invalid_request_error"),
    ("context length", InvalidArgument("long", reason=Reason.CONTEXT_LENGTH_EXCEEDED), 400, "invalid_request_error"),
    ("precondition", FailedPrecondition("no backend", reason=Reason.BACKEND_UNAVAILABLE), 400, "invalid_request_error"),
    ("content too large", InvalidArgument("big", reason=Reason.CONTENT_TOO_LARGE), 400, "invalid_request_error"),
    ("caller key", Unauthenticated("who?", reason=Reason.BAD_CREDENTIALS), 401, "authentication_error"),
    ("caller scope", PermissionDenied("no", reason=Reason.MISSING_SCOPE), 403, "permission_error"),
    ("no route", NotFound("none", reason=Reason.NO_ROUTE), 404, "not_found_error"),
    ("upstream model", NotFound("gone", reason=Reason.UPSTREAM_MODEL_NOT_FOUND), 404, "not_found_error"),
    ("rate limited", ResourceExhausted("slow", reason=Reason.UPSTREAM_RATE_LIMITED), 429, "rate_limit_error"),
    # capacity: overloaded_error
    ("local queue full", ResourceExhausted("full", reason=Reason.LOCAL_QUEUE_FULL), 429, "overloaded_error"),
    (
        "upstream 529",
        Unavailable("busy", reason=Reason.UPSTREAM_UNAVAILABLE, metadata=upstream(529, "overloaded_error")),
        503,
        "overloaded_error",
    ),
    (
        "in-stream overloaded_error",
        Unavailable("busy", reason=Reason.UPSTREAM_UNAVAILABLE, metadata=upstream(None, "overloaded_error")),
        503,
        "overloaded_error",
    ),
    # every other server-side failure: api_error
    (
        "upstream 500",
        Unavailable("boom", reason=Reason.UPSTREAM_UNAVAILABLE, metadata=upstream(500, "api_error")),
        503,
        "api_error",
    ),
    ("unreachable provider", Unavailable("down", reason=Reason.UPSTREAM_UNAVAILABLE), 503, "api_error"),
    ("truncated stream", Unavailable("cut", reason=Reason.UPSTREAM_STREAM_TRUNCATED), 503, "api_error"),
    ("protocol error", Unavailable("garbled", reason=Reason.UPSTREAM_PROTOCOL_ERROR), 503, "api_error"),
    ("provider key rejected", Unauthenticated("x", reason=Reason.PROVIDER_CREDENTIAL_REJECTED), 502, "api_error"),
    ("provider permission", PermissionDenied("x", reason=Reason.PROVIDER_PERMISSION_DENIED), 502, "api_error"),
    ("unimplemented", Unimplemented("no"), 501, "api_error"),
    ("cancelled", Cancelled("gone"), 503, "api_error"),
    ("internal", RouterError("oops"), 500, "api_error"),
    ("timeout", DeadlineExceeded("slow", reason=Reason.UPSTREAM_TIMEOUT), 504, "timeout_error"),
]


@pytest.mark.parametrize("err, status, etype", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_anthropic_error_types(err, status, etype):
    e = from_rpc_error(rpc_error(err))
    assert e.status == status
    body = e.anthropic_body()
    assert body["type"] == "error" and body["error"]["type"] == etype and body["error"]["message"]


@pytest.mark.parametrize(
    "e, etype",
    [
        (BridgeError(413, "too large", code="request_too_large"), "request_too_large"),
        (BridgeError(405, "method not allowed"), "invalid_request_error"),
        (BridgeError(502, "the stream ended without a result", code="stream_truncated"), "api_error"),
        (BridgeError(500, "internal error", code="internal_error"), "api_error"),
    ],
)
def test_the_bridges_own_errors(e, etype):
    assert e.anthropic_body()["error"]["type"] == etype


def test_openai_bodies_unchanged_by_capacity():
    e = from_rpc_error(rpc_error(ResourceExhausted("full", reason=Reason.LOCAL_QUEUE_FULL)))
    assert e.openai_body()["error"]["type"] == "rate_limit_error"
