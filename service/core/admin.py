"""What admin writes carry: inputs that create a resource, typed patches that change one.

A patch names each field it may change. A field left `UNSET` keeps its stored value; any
other value replaces it (an empty string clears a field where that is allowed). The API
decides which fields a request sets (its update mask); the repositories apply the patch.
"""

from __future__ import annotations

import dataclasses
import enum
from dataclasses import dataclass
from datetime import datetime
from typing import Final

from service.core.config import (
    ApiType,
    BalanceStrategy,
    CallerProviderKey,
    GenerationDefaults,
    ModelCapabilities,
    RouteTarget,
)


class Unset(enum.Enum):
    """The type of `UNSET`: a patch field that is not part of the change."""

    UNSET = "UNSET"

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Final = Unset.UNSET

# Scopes a client key can carry; `admin` includes `chat`.
CLIENT_KEY_SCOPES: Final = frozenset({"chat", "admin"})


# ------------------------------------------------------------------ providers


@dataclass(frozen=True)
class ProviderInput:
    """A provider to create. Empty strings and None mean "not given" (defaults apply)."""

    display_name: str = ""
    api_type: ApiType | None = None
    base_url: str = ""
    api_key: str = ""
    enabled: bool | None = None
    template: str = ""
    tls_ca_certificates: str = ""
    tls_client_certificate: str = ""
    tls_client_key: str = ""


@dataclass(frozen=True)
class ProviderPatch:
    display_name: str | Unset = UNSET
    base_url: str | Unset = UNSET
    api_key: str | Unset = UNSET  # "" removes the stored key
    enabled: bool | Unset = UNSET
    tls_ca_certificates: str | Unset = UNSET
    tls_client_certificate: str | Unset = UNSET  # needs a key: tls_client_key, or the stored one
    tls_client_key: str | Unset = UNSET


# ------------------------------------------------------------------ provider models


@dataclass(frozen=True)
class ModelInput:
    """A model to register on a provider."""

    model_id: str = ""
    display_name: str = ""
    is_default: bool = False
    source: str = ""
    capabilities: ModelCapabilities = ModelCapabilities()
    default_generation: GenerationDefaults = GenerationDefaults()


@dataclass(frozen=True)
class ModelPatch:
    display_name: str | Unset = UNSET
    is_default: bool | Unset = UNSET
    source: str | Unset = UNSET
    capabilities: ModelCapabilities | Unset = UNSET
    default_generation: GenerationDefaults | Unset = UNSET


# ------------------------------------------------------------------ routes


@dataclass(frozen=True)
class RouteInput:
    """A routing rule to create. `enabled` None means the default (enabled)."""

    model_pattern: str = ""
    priority: int = 0
    target: RouteTarget = RouteTarget("")
    fallbacks: tuple[RouteTarget, ...] = ()
    enabled: bool | None = None
    description: str = ""
    deployments: tuple[RouteTarget, ...] = ()
    strategy: BalanceStrategy = BalanceStrategy.ORDERED


@dataclass(frozen=True)
class RoutePatch:
    model_pattern: str | Unset = UNSET
    priority: int | Unset = UNSET
    target: RouteTarget | Unset = UNSET
    fallbacks: tuple[RouteTarget, ...] | Unset = UNSET
    enabled: bool | Unset = UNSET
    description: str | Unset = UNSET
    deployments: tuple[RouteTarget, ...] | Unset = UNSET
    strategy: BalanceStrategy | Unset = UNSET


# ------------------------------------------------------------------ client keys


@dataclass(frozen=True)
class ClientKeyInput:
    """A client key to create, with its caller policy."""

    scopes: frozenset[str] = frozenset()
    description: str = ""
    expire_time: datetime | None = None
    disabled: bool = False
    default_model: str = ""
    override_provider: str = ""  # provider id
    allowed_models: tuple[str, ...] = ()
    allowed_providers: tuple[str, ...] = ()
    default_generation: GenerationDefaults = GenerationDefaults()
    provider_keys: tuple[CallerProviderKey, ...] = ()


@dataclass(frozen=True)
class ClientKeyPatch:
    description: str | Unset = UNSET
    scopes: frozenset[str] | Unset = UNSET
    expire_time: datetime | Unset | None = UNSET
    disabled: bool | Unset = UNSET
    default_model: str | Unset = UNSET
    override_provider: str | Unset = UNSET
    allowed_models: tuple[str, ...] | Unset = UNSET
    allowed_providers: tuple[str, ...] | Unset = UNSET
    default_generation: GenerationDefaults | Unset = UNSET
    # The whole list; an entry with an empty api_key keeps the stored key for its provider.
    provider_keys: tuple[CallerProviderKey, ...] | Unset = UNSET


Patch = ProviderPatch | ModelPatch | RoutePatch | ClientKeyPatch


def patch_fields(patch_type: type[Patch]) -> tuple[str, ...]:
    """The fields a patch type can change, in declaration order: the updatable fields of its resource."""
    return tuple(f.name for f in dataclasses.fields(patch_type))
