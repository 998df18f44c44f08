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
    from service.core.limits import Limit
    from service.core.prices import Price
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
    # The model seeded (once: never re-created after an operator deletes it) as the built-in
    # provider's `is_default` model.
    default_model: str = ""


# The built-in catalogue. Seeded templates become built-in providers on first start.
TEMPLATES: tuple[ProviderTemplate, ...] = (
    ProviderTemplate("openai", "OpenAI", ApiType.OPENAI, "https://api.openai.com/v1", default_model="gpt-4.1-mini"),
    ProviderTemplate(
        "anthropic", "Anthropic", ApiType.ANTHROPIC, "https://api.anthropic.com", default_model="claude-sonnet-4-5"
    ),
    ProviderTemplate("together", "Together AI", ApiType.OPENAI, "https://api.together.xyz/v1"),
    ProviderTemplate("groq", "Groq", ApiType.OPENAI, "https://api.groq.com/openai/v1"),
    ProviderTemplate("fireworks", "Fireworks AI", ApiType.OPENAI, "https://api.fireworks.ai/inference/v1"),
    ProviderTemplate("mistral", "Mistral AI", ApiType.OPENAI, "https://api.mistral.ai/v1"),
    ProviderTemplate(
        "deepseek", "DeepSeek", ApiType.OPENAI, "https://api.deepseek.com/v1", default_model="deepseek-chat"
    ),
    ProviderTemplate(
        "qwen",
        "Qwen (DashScope)",
        ApiType.OPENAI,
        "https://dashscope-intl.aliyuncs.com/compatible-mode/v1",
        default_model="qwen-plus",
    ),
    ProviderTemplate(
        "glm", "GLM (Zhipu AI)", ApiType.OPENAI, "https://open.bigmodel.cn/api/paas/v4", default_model="glm-4.5-flash"
    ),
    ProviderTemplate("custom-openai", "Custom OpenAI-compatible", ApiType.OPENAI, "", seeded=False),
    ProviderTemplate("custom-anthropic", "Custom Anthropic-compatible", ApiType.ANTHROPIC, "", seeded=False),
    ProviderTemplate("local", "Local MLX", ApiType.MLX, "", requires_api_key=False),
)

TEMPLATES_BY_ID = {t.id: t for t in TEMPLATES}


@dataclass(frozen=True)
class GenerationDefaults:
    """Generation settings used when a request sets none of its own (None: not set)."""

    max_tokens: int | None = None
    temperature: float | None = None
    top_p: float | None = None

    @property
    def empty(self) -> bool:
        return self.max_tokens is None and self.temperature is None and self.top_p is None


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
    # Used when neither the request nor its caller's policy sets them.
    default_generation: GenerationDefaults | None = None


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
    # "" when `api_key` is the provider's stored key; else the id of the client key whose own
    # provider key (bring your own key) it is, for the request being served.
    key_owner: str = ""

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
        return self.model_index.get(model_id)

    @cached_property
    def model_index(self) -> dict[str, ModelConfig]:
        """The models by model id (the first of each), built on first use."""
        out: dict[str, ModelConfig] = {}
        for m in self.models:
            out.setdefault(m.model_id, m)
        return out


@dataclass(frozen=True)
class RouteTarget:
    provider: str  # provider id
    model: str = ""  # upstream override; "" keeps the requested name
    weight: int = 1  # share of traffic within a deployment group (weighted strategy)


class BalanceStrategy(str, enum.Enum):
    """How a route's deployment group orders its members per request (service.core.balancing)."""

    ORDERED = "ordered"
    WEIGHTED = "weighted"
    LEAST_IN_FLIGHT = "least_in_flight"
    LOWEST_LATENCY = "lowest_latency"


@dataclass(frozen=True)
class RouteConfig:
    id: str
    model_pattern: str
    priority: int = 0
    target: RouteTarget = RouteTarget("")
    fallbacks: tuple[RouteTarget, ...] = ()
    enabled: bool = True
    description: str = ""
    # A group of deployments in place of `target`, balanced by `strategy`; () for one target.
    deployments: tuple[RouteTarget, ...] = ()
    strategy: BalanceStrategy = BalanceStrategy.ORDERED
    seq: int = 0  # creation order, for deterministic ties
    create_time: datetime | None = None
    update_time: datetime | None = None
    etag: str = ""

    @property
    def is_glob(self) -> bool:
        return any(c in self.model_pattern for c in "*?[")

    def primaries(self) -> tuple[RouteTarget, ...]:
        """The primary group: the deployments, or the one target."""
        return self.deployments or (self.target,)

    def targets(self) -> tuple[RouteTarget, ...]:
        return (*self.primaries(), *self.fallbacks)


@dataclass(frozen=True)
class CallerProviderKey:
    """A caller's own API key for one provider (bring your own key)."""

    provider: str  # provider id
    api_key: str = ""  # plaintext, memory only
    api_key_hint: str = ""


@dataclass(frozen=True)
class CallerPolicy:
    """What applies to every request made with one client key (service.core.callers)."""

    default_model: str = ""
    override_provider: str = ""  # provider id
    allowed_models: tuple[str, ...] = ()  # globs; () allows all
    allowed_providers: tuple[str, ...] = ()  # globs of provider ids; () allows all
    default_generation: GenerationDefaults = GenerationDefaults()
    provider_keys: tuple[CallerProviderKey, ...] = ()

    def provider_key(self, provider_id: str) -> str:
        for k in self.provider_keys:
            if k.provider == provider_id:
                return k.api_key
        return ""

    @property
    def is_empty(self) -> bool:
        return self == _NO_POLICY


_NO_POLICY = CallerPolicy()


@dataclass(frozen=True)
class ClientKey:
    """A caller credential and its policy: only the SHA-256 of the key is kept."""

    id: str
    key_hash: str
    scopes: frozenset[str]
    description: str = ""
    revoked: bool = False
    create_time: datetime | None = None
    update_time: datetime | None = None
    expire_time: datetime | None = None
    disabled: bool = False
    policy: CallerPolicy = CallerPolicy()
    etag: str = ""

    def refusal(self, now: datetime) -> str | None:
        """Why the key cannot be used now, or None."""
        if self.revoked:
            return "revoked"
        if self.disabled:
            return "disabled"
        if self.expire_time is not None and now >= self.expire_time:
            return "expired"
        return None


@dataclass(frozen=True)
class Snapshot:
    """The immutable routing state the hot path reads. Swapped whole after each commit."""

    version: int
    providers: dict[str, ProviderConfig] = field(default_factory=dict)
    routes: tuple[RouteConfig, ...] = ()  # in evaluation order
    client_keys: dict[str, ClientKey] = field(default_factory=dict)  # non-revoked keys by id
    limits: tuple[Limit, ...] = ()  # rate limits and budgets (limits/{id})
    prices: tuple[Price, ...] = ()  # prices of provider models (prices/{id})

    @cached_property
    def prices_by_model(self) -> dict[tuple[str, str], tuple[Price, ...]]:
        """Prices by (provider id, upstream model), newest first (built once, on first use)."""
        from service.core.prices import index_prices

        return index_prices(self.prices)

    @cached_property
    def limits_by_subject(self) -> dict[str, tuple[Limit, ...]]:
        """The enabled limits by subject (built once, on first use)."""
        from service.core.limits import index_limits

        return index_limits(self.limits)

    # Callers' views of this snapshot (their own provider keys in place), built on first use
    # by service.core.callers.
    views: dict[str, Snapshot] = field(default_factory=dict, compare=False, repr=False)
    # Resolutions for callers with a policy, by (caller, model, provider, needs) (bounded).
    caller_resolutions: dict[tuple[object, ...], object] = field(default_factory=dict, compare=False, repr=False)

    @cached_property
    def routing(self) -> RoutingTable:
        """The routing table compiled from this snapshot (built once, on first use)."""
        from service.core.resolution import RoutingTable

        return RoutingTable(self)
