"""Upstream failures as domain errors (service.backends.http.errors, retry_after, redaction), table-driven.

Error bodies follow the providers' documented shapes: OpenAI
(https://platform.openai.com/docs/guides/error-codes: ``{"error": {"message", "type", "param",
"code"}}``), Anthropic (https://docs.anthropic.com/en/api/errors: ``{"type": "error", "error":
{"type", "message"}}``) and common OpenAI-compatible variants (a top-level ``message`` /
``detail``, a string ``error``, a list of errors).
"""

from __future__ import annotations

import pytest

from service.backends.http.errors import error_for, error_from_response, extract_error, timeout_error
from service.backends.http.redaction import REDACTED, redact, upstream_text
from service.backends.http.retry_after import parse_retry_after
from service.core.config import ApiType, ProviderConfig
from service.core.errors import (
    DeadlineExceeded,
    InvalidArgument,
    NotFound,
    PermissionDenied,
    Reason,
    ResourceExhausted,
    Unauthenticated,
    Unavailable,
)

KEY = "sk-live-Zq8XvT3LmN4pR7sW2yB6"
PROVIDER = ProviderConfig(
    id="p", display_name="P", api_type=ApiType.OPENAI, base_url="http://127.0.0.1:9/v1", api_key=KEY
)

CLASSIFY = [
    # (status, type, code, message, error class, reason)
    (None, "authentication_error", "", "", Unauthenticated, Reason.PROVIDER_CREDENTIAL_REJECTED),
    (None, "", "invalid_api_key", "", Unauthenticated, Reason.PROVIDER_CREDENTIAL_REJECTED),
    (None, "billing_error", "", "", PermissionDenied, Reason.PROVIDER_PERMISSION_DENIED),
    (None, "", "model_not_found", "", NotFound, Reason.UPSTREAM_MODEL_NOT_FOUND),
    (None, "rate_limit_error", "", "", ResourceExhausted, Reason.UPSTREAM_RATE_LIMITED),
    (None, "", "insufficient_quota", "", ResourceExhausted, Reason.UPSTREAM_RATE_LIMITED),
    (None, "timeout_error", "", "", DeadlineExceeded, Reason.UPSTREAM_TIMEOUT),
    (None, "request_too_large", "", "", InvalidArgument, Reason.CONTEXT_LENGTH_EXCEEDED),
    (None, "invalid_request_error", "", "bad temperature", InvalidArgument, Reason.UPSTREAM_BAD_REQUEST),
    (None, "overloaded_error", "", "", Unavailable, Reason.UPSTREAM_UNAVAILABLE),
    (None, "", "", "", Unavailable, Reason.UPSTREAM_UNAVAILABLE),
    (None, "invalid_request_error", "429", "", ResourceExhausted, Reason.UPSTREAM_RATE_LIMITED),  # status in code
    # The code wins over any status.
    (400, "invalid_request_error", "context_length_exceeded", "", InvalidArgument, Reason.CONTEXT_LENGTH_EXCEEDED),
    # The status wins over the type.
    (500, "invalid_request_error", "", "", Unavailable, Reason.UPSTREAM_UNAVAILABLE),
    (401, "", "", "", Unauthenticated, Reason.PROVIDER_CREDENTIAL_REJECTED),
    (402, "", "", "", PermissionDenied, Reason.PROVIDER_PERMISSION_DENIED),
    (403, "", "", "", PermissionDenied, Reason.PROVIDER_PERMISSION_DENIED),
    (404, "", "", "", NotFound, Reason.UPSTREAM_MODEL_NOT_FOUND),
    (408, "", "", "", DeadlineExceeded, Reason.UPSTREAM_TIMEOUT),
    (413, "", "", "", InvalidArgument, Reason.CONTEXT_LENGTH_EXCEEDED),
    (429, "", "", "", ResourceExhausted, Reason.UPSTREAM_RATE_LIMITED),
    (529, "", "", "", Unavailable, Reason.UPSTREAM_UNAVAILABLE),
    # 4xx answers: the words decide between context length, unknown model and a bad request.
    (
        400,
        "",
        "",
        "prompt is too long: 210000 tokens > 200000 maximum",
        InvalidArgument,
        Reason.CONTEXT_LENGTH_EXCEEDED,
    ),
    (400, "", "", "Please reduce the length of the messages.", InvalidArgument, Reason.CONTEXT_LENGTH_EXCEEDED),
    (422, "", "", "The model `x-1` does not exist", NotFound, Reason.UPSTREAM_MODEL_NOT_FOUND),
    (400, "not_found_error", "", "", NotFound, Reason.UPSTREAM_MODEL_NOT_FOUND),
    (400, "", "", "max_tokens must be positive", InvalidArgument, Reason.UPSTREAM_BAD_REQUEST),
]


@pytest.mark.parametrize("status, etype, code, message, exc, reason", CLASSIFY)
def test_classification(status, etype, code, message, exc, reason):
    err = error_for(PROVIDER, status=status, message=message, etype=etype, code=code)
    assert type(err) is exc and err.reason == reason
    assert err.metadata["provider"] == "p"
    assert ("upstream_status" in err.metadata) is (status is not None)


def test_rate_limit_and_unavailable_keep_retry_after():
    assert error_for(PROVIDER, status=429, message="", retry_after=2.5).retry_after == 2.5
    assert error_for(PROVIDER, status=503, message="", retry_after=4.0).retry_after == 4.0
    assert error_for(PROVIDER, status=400, message="", retry_after=4.0).retry_after is None


@pytest.mark.parametrize(
    "body, parsed",
    [
        (b'{"error": {"message": "m", "type": "t", "param": null, "code": "c"}}', ("m", "t", "c")),
        (
            b'{"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}',
            ("Overloaded", "overloaded_error", ""),
        ),
        (b'{"error": {"message": "m", "status": "RESOURCE_EXHAUSTED"}}', ("m", "", "RESOURCE_EXHAUSTED")),
        (b'{"error": {"message": "m", "code": 429}}', ("m", "", "429")),
        (b'{"error": "no such model", "type": "not_found"}', ("no such model", "not_found", "")),
        (
            b'{"object": "error", "message": "m", "type": "BadRequestError", "code": 400}',
            ("m", "BadRequestError", "400"),
        ),
        (b'{"detail": "Not Found"}', ("Not Found", "", "")),
        (
            b'{"detail": [{"loc": ["body"], "msg": "field required"}]}',
            ('[{"loc": ["body"], "msg": "field required"}]', "", ""),
        ),
        (b'[{"error": {"message": "m", "code": 503}}]', ("m", "", "503")),
        (b"upstream connect error", ("upstream connect error", "", "")),
        (b"  ", ("", "", "")),
        ("{}", ("{}", "", "")),
    ],
)
def test_extract_error(body, parsed):
    assert extract_error(body) == parsed


def test_error_from_response_reads_body_and_headers():
    err = error_from_response(
        PROVIDER, 429, b'{"error": {"message": "slow", "type": "rate_limit_error"}}', {"retry-after": "3"}
    )
    assert isinstance(err, ResourceExhausted) and err.retry_after == 3.0
    assert err.metadata["upstream_error_type"] == "rate_limit_error" and err.metadata["upstream_message"] == "slow"


@pytest.mark.parametrize(
    "phase, seconds, words",
    [
        ("connect", 5.0, "could not connect to provider 'p' within 5s"),
        ("headers", 60.0, "provider 'p' sent no response headers within 60s"),
        ("first_token", 0.5, "provider 'p' sent no token within 0.5s"),
        ("idle", 2.0, "provider 'p' stalled: its stream sent nothing for 2s"),
        ("deadline", None, "the request deadline expired while waiting for provider 'p'"),
        ("upstream", None, "provider 'p' timed out"),
    ],
)
def test_timeout_errors(phase, seconds, words):
    err = timeout_error(PROVIDER, phase, seconds)
    assert isinstance(err, DeadlineExceeded) and err.reason == Reason.UPSTREAM_TIMEOUT
    assert words in err.message and err.metadata == {"provider": "p", "timeout": phase}


# ----------------------------------------------------------------------------- Retry-After (RFC 9110 §10.2.3)


@pytest.mark.parametrize(
    "headers, seconds",
    [
        ({"retry-after": "20"}, 20.0),
        ({"retry-after": " 1.5 "}, 1.5),
        ({"retry-after": "-1"}, None),
        ({"retry-after-ms": "1500", "retry-after": "9"}, 1.5),
        ({"retry-after-ms": "soon", "retry-after": "9"}, 9.0),
        ({"retry-after-ms": "-5", "retry-after": "9"}, 9.0),
        ({"retry-after": "Wed, 21 Oct 2015 07:28:30 GMT"}, 30.0),  # now = 07:28:00
        ({"retry-after": "Wed, 21 Oct 2015 07:27:00 GMT"}, 0.0),  # in the past: no wait
        ({"retry-after": "whenever"}, None),
        ({}, None),
    ],
)
def test_parse_retry_after(headers, seconds):
    now = 1445412480.0  # Wed, 21 Oct 2015 07:28:00 GMT
    assert parse_retry_after(headers, now=now) == seconds


# ----------------------------------------------------------------------------- redaction


@pytest.mark.parametrize(
    "text, expected",
    [
        (f"bad key {KEY}", f"bad key {REDACTED}"),
        (f"key ...{KEY[-10:]} rejected", f"key ...{REDACTED} rejected"),  # a long enough piece
        (f"Bearer {KEY[:12]}***", f"Bearer {REDACTED}***"),
        ("sk-live- is its prefix", f"{REDACTED} is its prefix"),  # any 8 characters of the key go
        ("sk-live is shorter", "sk-live is shorter"),
        ("nothing secret here", "nothing secret here"),
        ("", ""),
    ],
)
def test_redact(text, expected):
    assert redact(text, KEY) == expected


def test_upstream_text_collapses_bounds_and_redacts():
    text = upstream_text("line one\n\n   line two " + KEY + " " + "x" * 1000, KEY, limit=40)
    assert text.startswith("line one line two " + REDACTED) and len(text) == 40 and text.endswith("…")
