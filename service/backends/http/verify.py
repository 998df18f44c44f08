"""Connectivity check of a cloud provider: a 1-token completion, or the model list."""

from __future__ import annotations

import re
import time

from service.backends.http.redaction import upstream_text
from service.core.chat import ChatRequest, GenerationConfig, Message, Role
from service.core.config import ProviderConfig
from service.core.errors import (
    DeadlineExceeded,
    NotFound,
    PermissionDenied,
    Reason,
    ResourceExhausted,
    RouterError,
    Unauthenticated,
    Unavailable,
)
from service.core.ports import Backend, VerifyFailure, VerifyResult

__all__ = ["VERIFY_PROMPT", "run_verify"]

VERIFY_PROMPT = "ping"
# Characters of failure text a verification answers with: enough to act on, short enough for a
# status line; whitespace collapsed and the provider's key removed.
VERIFY_MESSAGE_LIMIT = 300
_TOKEN_LIMIT_RE = re.compile(r"max_(?:completion_)?tokens|max_output_tokens|output limit", re.IGNORECASE)


def _verify_failure(err: RouterError) -> VerifyFailure:
    if isinstance(err, (Unauthenticated, PermissionDenied)):
        return VerifyFailure.BAD_KEY
    if isinstance(err, NotFound):
        return VerifyFailure.UNKNOWN_MODEL
    if isinstance(err, ResourceExhausted):
        return VerifyFailure.RATE_LIMITED
    if isinstance(err, (Unavailable, DeadlineExceeded)) and err.reason != Reason.UPSTREAM_PROTOCOL_ERROR:
        return VerifyFailure.UNREACHABLE
    return VerifyFailure.OTHER


async def run_verify(backend: Backend, model: str | None, deadline: float | None) -> VerifyResult:
    """A 1-token completion against `model` (or the provider's default model); with no model
    known, the model list. Never raises for upstream failures."""
    provider: ProviderConfig = backend.provider
    if not model:
        default = provider.default_model()
        model = default.model_id if default else ""
    t0 = time.monotonic()
    try:
        if model:
            request = ChatRequest(
                model=model,
                messages=(Message(Role.USER, VERIFY_PROMPT),),
                generation=GenerationConfig(max_tokens=1),
            )
            await backend.complete(request, model, deadline)
        else:
            await backend.list_models(deadline)
    except RouterError as err:
        latency = int((time.monotonic() - t0) * 1000)
        if (
            model
            and err.reason == Reason.UPSTREAM_BAD_REQUEST
            and _TOKEN_LIMIT_RE.search(err.metadata.get("upstream_message", ""))
        ):
            # Some reasoning models refuse a 1-token answer ("max_tokens was reached"): the key
            # and the model were accepted, which is what verification asks.
            return VerifyResult(ok=True, latency_ms=latency, model=model)
        return VerifyResult(
            ok=False,
            latency_ms=latency,
            failure=_verify_failure(err),
            message=upstream_text(err.message, provider.api_key, VERIFY_MESSAGE_LIMIT),
            model=model,
        )
    return VerifyResult(ok=True, latency_ms=int((time.monotonic() - t0) * 1000), model=model)
