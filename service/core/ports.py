"""The ports core owns: what the router needs from a backend, and the local-models capability.

A `Backend` is bound to one provider's configuration (base URL, key, a pooled HTTP client
or the shared MLX engine). The router calls it with the upstream model name; a backend
never retries on its own and never imports grpc. Failures are `RouterError`s with a
`Reason`. `deadline` is an absolute `time.monotonic()` value (or None): every wait inside
a backend is capped by it.

`LocalModels` is a separate capability (model lifecycle on this machine) that only the
local MLX backend has; callers test for it with `isinstance`, never by duck typing.
"""

from __future__ import annotations

import abc
import enum
import json
from collections.abc import AsyncIterator, Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from service.core.chat import (
    ChatRequest,
    Completion,
    Delta,
    DocumentPart,
    Embeddings,
    EmbedRequest,
    Finish,
    ImagePart,
    accumulate,
)
from service.core.config import ProviderConfig
from service.core.errors import Reason, RouterError, Unimplemented


class VerifyFailure(str, enum.Enum):
    NONE = "none"
    BAD_KEY = "bad_key"
    UNKNOWN_MODEL = "unknown_model"
    UNREACHABLE = "unreachable"
    RATE_LIMITED = "rate_limited"
    OTHER = "other"
    NO_KEY = "no_key"


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    latency_ms: int
    failure: VerifyFailure = VerifyFailure.NONE
    message: str = ""
    model: str = ""


@dataclass(frozen=True)
class TokenCount:
    """Input tokens of a chat request; `estimated` when the backend cannot count exactly."""

    input_tokens: int
    estimated: bool = False


# Estimates: characters per token, and the per-message / per-image overheads (the usual
# rule of thumb for English text with BPE tokenizers; images as a low-detail tile).
CHARS_PER_TOKEN = 4
MESSAGE_OVERHEAD_TOKENS = 4
IMAGE_TOKENS = 85


def estimate_tokens(request: ChatRequest) -> TokenCount:
    """An estimate of the input tokens: text length / 4, plus fixed overheads per message,
    per image and per document page guess (a document counts as 1,500 tokens)."""
    chars = 0
    extra = 3  # the reply's priming
    for m in request.messages:
        extra += MESSAGE_OVERHEAD_TOKENS
        chars += len(m.text) + len(m.name)
        for tc in m.tool_calls:
            chars += len(tc.name) + len(tc.arguments)
        for b in m.reasoning:
            chars += len(b.text)
        for p in m.parts:
            if isinstance(p, ImagePart):
                extra += IMAGE_TOKENS
            elif isinstance(p, DocumentPart):
                extra += 1500
    for t in request.tools:
        chars += len(t.name) + len(t.description) + len(json.dumps(t.parameters, separators=(",", ":")))
    return TokenCount(input_tokens=-(-chars // CHARS_PER_TOKEN) + extra, estimated=True)


@dataclass(frozen=True)
class DiscoveredModel:
    model_id: str
    owned_by: str = ""


class Backend(abc.ABC):
    """A provider's client. One instance per provider configuration."""

    def __init__(self, provider: ProviderConfig) -> None:
        self.provider = provider

    @abc.abstractmethod
    def stream(self, request: ChatRequest, model: str, deadline: float | None) -> AsyncIterator[Delta | Finish]:
        """Yields Delta events, then exactly one Finish. Raises RouterError on failure.

        Closing the iterator (aclose / cancellation) must stop the upstream work at once.
        """

    async def complete(self, request: ChatRequest, model: str, deadline: float | None) -> Completion:
        """A whole answer; backends with a non-streaming endpoint override this."""
        events: list[Delta | Finish] = []
        agen = self.stream(request, model, deadline)
        try:
            async for ev in agen:
                events.append(ev)
        finally:
            await agen.aclose()  # type: ignore[attr-defined]
        return accumulate(events)

    async def embed(self, request: EmbedRequest, model: str, deadline: float | None) -> Embeddings:
        raise Unimplemented(
            f"provider {self.provider.id!r} ({self.provider.api_type.value}) does not serve embeddings; "
            "route the embedding model to an OpenAI-type provider",
            reason=Reason.EMBEDDINGS_UNSUPPORTED,
        )

    async def count_tokens(self, request: ChatRequest, model: str, deadline: float | None) -> TokenCount:
        """Input tokens of `request` on `model`; by default an estimate (`estimate_tokens`)."""
        return estimate_tokens(request)

    async def verify(self, model: str | None, deadline: float | None) -> VerifyResult:
        raise Unimplemented(f"verification is not implemented for {self.provider.api_type.value} providers")

    async def list_models(self, deadline: float | None) -> list[DiscoveredModel]:
        raise Unimplemented(f"model discovery is not implemented for {self.provider.api_type.value} providers")

    async def aclose(self) -> None:  # noqa: B027 - optional hook, nothing to release by default
        """Releases pooled connections. Called once the backend is retired and idle."""


@runtime_checkable
class LocalModels(Protocol):
    """Model lifecycle on this machine (the local MLX backend only)."""

    async def preload(self, model_ids: Iterable[str] | None = None) -> dict[str, RouterError | None]:
        """Loads the given model ids (default: the preload setting); per model, None or the error."""
        ...

    async def unload(self, model: str) -> bool:
        """Drops a loaded model; False when it was not loaded."""
        ...


class BackendSource(Protocol):
    """Where the router gets the backend for a provider, held for the length of one attempt."""

    def get(self, provider: ProviderConfig) -> AbstractContextManager[Backend]: ...
