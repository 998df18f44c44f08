"""Which capabilities a target's model has: what is declared on the model, else the
default of its provider's API type. Cloud APIs are assumed capable (the provider answers
when it is not); local MLX models read text only unless declared otherwise."""

from __future__ import annotations

from service.core.chat import Capability
from service.core.config import ApiType, ModelCapabilities, ProviderConfig

_DEFAULTS: dict[ApiType, frozenset[Capability]] = {
    ApiType.OPENAI: frozenset(Capability),
    ApiType.ANTHROPIC: frozenset(Capability),
    ApiType.MLX: frozenset({Capability.TOOLS, Capability.JSON_SCHEMA, Capability.REASONING}),
}

DESCRIPTIONS: dict[Capability, str] = {
    Capability.IMAGES: "image input",
    Capability.DOCUMENTS: "document input",
    Capability.TOOLS: "tool calling",
    Capability.JSON_SCHEMA: "JSON Schema answers",
    Capability.REASONING: "reasoning",
}


def _declared(caps: ModelCapabilities, cap: Capability) -> bool | None:
    value: bool | None = getattr(caps, cap.value)
    return value


def supports(provider: ProviderConfig, model: str, cap: Capability) -> bool:
    m = provider.model(model)
    if m is not None:
        declared = _declared(m.capabilities, cap)
        if declared is not None:
            return declared
    return cap in _DEFAULTS[provider.api_type]


def missing(provider: ProviderConfig, model: str, needs: frozenset[Capability]) -> list[Capability]:
    """The needed capabilities the target lacks, in a stable order."""
    return [c for c in Capability if c in needs and not supports(provider, model, c)]
