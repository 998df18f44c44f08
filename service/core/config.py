"""Configuration domain types: providers, their models, routes, and the templates catalogue.

These are immutable values; the store builds them from rows and the router reads them
from a snapshot. `api_key` here is plaintext in memory only (decrypted by the store).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from service.core.resolution import RoutingTable


class ApiType(str, enum.Enum):
    OPENAI = "openai"
    ANTHROPIC = "anthropic"
    MLX = "mlx"


@dataclass(frozen=True)
class ProviderTemplate:
    id: str
    display_name: str
    api_type: ApiType
    default_base_url: str
    requires_api_key: bool = True
    seeded: bool = True


# The built-in catalogue. Seeded templates become built-in providers on first start.
TEMPLATES: tuple[ProviderTemplate, ...] = (
    ProviderTemplate("openai", "OpenAI", ApiType.OPENAI, "https://api.openai.com/v1"),
    ProviderTemplate("anthropic", "Anthropic", ApiType.ANTHROPIC, "https://api.anthropic.com"),
    ProviderTemplate("together", "Together AI", ApiType.OPENAI, "https://api.together.xyz/v1"),
    ProviderTemplate("groq", "Groq", ApiType.OPENAI, "https://api.groq.com/openai/v1"),
    ProviderTemplate("fireworks", "Fireworks AI", ApiType.OPENAI, "https://api.fireworks.ai/inference/v1"),
    ProviderTemplate("mistral", "Mistral AI", ApiType.OPENAI, "https://api.mistral.ai/v1"),
    ProviderTemplate("deepseek", "DeepSeek", ApiType.OPENAI, "https://api.deepseek.com/v1"),
    ProviderTemplate(
        "qwen", "Qwen (DashScope)", ApiType.OPENAI, "https://dashscope-intl.aliyuncs.com/compatible-mode/v1"
    ),
    ProviderTemplate("glm", "GLM (Zhipu AI)", ApiType.OPENAI, "https://open.bigmodel.cn/api/paas/v4"),
    ProviderTemplate("custom-openai", "Custom OpenAI-compatible", ApiType.OPENAI, "", seeded=False),
    ProviderTemplate("custom-anthropic", "Custom Anthropic-compatible", ApiType.ANTHROPIC, "", seeded=False),
    ProviderTemplate("local", "Local MLX", ApiType.MLX, "", requires_api_key=False),
)

TEMPLATES_BY_ID = {t.id: t for t in TEMPLATES}


@dataclass(frozen=True)
class ModelCapabilities:
    """What a model accepts, as declared; None takes the API type's default (`supports`)."""

    images: bool | None = None
    documents: bool | None = None
    tools: bool | None = None
    json_schema: bool | None = None
    reasoning: bool | None = None


@dataclass(frozen=True)
class ModelConfig:
    id: str  # resource id under the provider
    provider_id: str
    model_id: str  # what callers ask for / what is sent upstream
    display_name: str = ""
    is_default: bool = False
    source: str = ""  # MLX: directory or HF id
    capabilities: ModelCapabilities = ModelCapabilities()
    create_time: datetime | None = None
    update_time: datetime | None = None
    etag: str = ""


@dataclass(frozen=True)
class ProviderConfig:
    id: str
    display_name: str
    api_type: ApiType
    base_url: str
    api_key: str = ""  # plaintext, memory only
    api_key_hint: str = ""  # e.g. "...wxyz": safe to show
    enabled: bool = True
    builtin: bool = False
    template: str = ""
    models: tuple[ModelConfig, ...] = ()
    # Upstream TLS (PEM): CAs trusted beside the system's, and a client certificate with its key
    # (the key plaintext in memory only, encrypted at rest).
    tls_ca_certificates: str = ""
    tls_client_certificate: str = ""
    tls_client_key: str = ""
    create_time: datetime | None = None
    update_time: datetime | None = None
    etag: str = ""

    @property
    def has_key(self) -> bool:
        return bool(self.api_key)

    @property
    def requires_key(self) -> bool:
        return self.api_type is not ApiType.MLX

    @property
    def usable(self) -> bool:
        """Enabled, and holding a key where the API needs one."""
        return self.enabled and (self.has_key or not self.requires_key)

    def default_model(self) -> ModelConfig | None:
        for m in self.models:
            if m.is_default:
                return m
        return self.models[0] if self.models else None

    def model(self, model_id: str) -> ModelConfig | None:
        for m in self.models:
            if m.model_id == model_id:
                return m
        return None


@dataclass(frozen=True)
class RouteTarget:
    provider: str  # provider id
    model: str = ""  # upstream override; "" keeps the requested name


@dataclass(frozen=True)
class RouteConfig:
    id: str
    model_pattern: str
    priority: int = 0
    target: RouteTarget = RouteTarget("")
    fallbacks: tuple[RouteTarget, ...] = ()
    enabled: bool = True
    description: str = ""
    seq: int = 0  # creation order, for deterministic ties
    create_time: datetime | None = None
    update_time: datetime | None = None
    etag: str = ""

    @property
    def is_glob(self) -> bool:
        return any(c in self.model_pattern for c in "*?[")

    def targets(self) -> tuple[RouteTarget, ...]:
        return (self.target, *self.fallbacks)


@dataclass(frozen=True)
class ClientKey:
    """A caller credential: only the SHA-256 of the key is kept."""

    id: str
    key_hash: str
    scopes: frozenset[str]
    description: str = ""
    revoked: bool = False
    create_time: datetime | None = None


@dataclass(frozen=True)
class Snapshot:
    """The immutable routing state the hot path reads. Swapped whole after each commit."""

    version: int
    providers: dict[str, ProviderConfig] = field(default_factory=dict)
    routes: tuple[RouteConfig, ...] = ()  # in evaluation order
    client_keys: dict[str, ClientKey] = field(default_factory=dict)  # active keys by id

    @cached_property
    def routing(self) -> RoutingTable:
        """The routing table compiled from this snapshot (built once, on first use)."""
        from service.core.resolution import RoutingTable

        return RoutingTable(self)
