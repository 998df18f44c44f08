"""What admin writes carry: inputs that create a resource, typed patches that change one.

A patch names each field it may change. A field left `UNSET` keeps its stored value; any
other value replaces it (an empty string clears a field where that is allowed). The API
decides which fields a request sets (its update mask); the repositories apply the patch.
"""

from __future__ import annotations

import dataclasses
import enum
from dataclasses import dataclass
from typing import Final

from service.core.config import ApiType, ModelCapabilities, RouteTarget


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


@dataclass(frozen=True)
class ModelPatch:
    display_name: str | Unset = UNSET
    is_default: bool | Unset = UNSET
    source: str | Unset = UNSET
    capabilities: ModelCapabilities | Unset = UNSET


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


@dataclass(frozen=True)
class RoutePatch:
    model_pattern: str | Unset = UNSET
    priority: int | Unset = UNSET
    target: RouteTarget | Unset = UNSET
    fallbacks: tuple[RouteTarget, ...] | Unset = UNSET
    enabled: bool | Unset = UNSET
    description: str | Unset = UNSET


Patch = ProviderPatch | ModelPatch | RoutePatch


def patch_fields(patch_type: type[Patch]) -> tuple[str, ...]:
    """The fields a patch type can change, in declaration order: the updatable fields of its resource."""
    return tuple(f.name for f in dataclasses.fields(patch_type))
