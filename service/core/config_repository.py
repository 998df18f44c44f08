"""The configuration repository: the port through which admin RPCs read and write providers,
their models, routes and client keys, and through which a routing snapshot is loaded.

Domain values in, domain values out. Every write is validated (`service.core.admin_validation`)
and committed as one new configuration version; failures are `RouterError`s (NOT_FOUND,
ALREADY_EXISTS, ABORTED on an etag mismatch, FAILED_PRECONDITION, UNAVAILABLE when the
database is away). An empty `etag` argument skips the etag check.
"""

from __future__ import annotations

from collections.abc import Set
from typing import Protocol

from service.core.admin import (
    ClientKeyInput,
    ClientKeyPatch,
    ModelInput,
    ModelPatch,
    ProviderInput,
    ProviderPatch,
    RouteInput,
    RoutePatch,
)
from service.core.config import ClientKey, ModelConfig, ProviderConfig, RouteConfig, Snapshot
from service.core.paging import Page, PageRequest


class ProviderRepository(Protocol):
    async def get(self, provider_id: str) -> ProviderConfig: ...

    async def list(self, page: PageRequest) -> Page[ProviderConfig]:
        """Providers ordered by id."""
        ...

    async def create(self, provider_id: str, inp: ProviderInput) -> ProviderConfig:
        """An empty provider_id derives one from the display name."""
        ...

    async def update(self, provider_id: str, patch: ProviderPatch, etag: str) -> ProviderConfig: ...

    async def delete(self, provider_id: str, etag: str, force: bool = False) -> None:
        """Refused for built-in providers and providers that routes name; a provider that
        still has models only with `force` (which deletes them too)."""
        ...


class ProviderModelRepository(Protocol):
    async def list(self, provider_id: str, page: PageRequest) -> Page[ModelConfig]:
        """The provider's models ordered by model id."""
        ...

    async def create(self, provider_id: str, inp: ModelInput) -> ModelConfig:
        """The resource id is derived from the model id."""
        ...

    async def update(self, provider_id: str, model: str, patch: ModelPatch, etag: str) -> ModelConfig:
        """`model` is the resource id under the provider (not the model id)."""
        ...

    async def delete(self, provider_id: str, model: str, etag: str) -> None: ...


class RouteRepository(Protocol):
    async def get(self, route_id: str) -> RouteConfig: ...

    async def list(self, page: PageRequest) -> Page[RouteConfig]:
        """Routes in evaluation order."""
        ...

    async def create(self, route_id: str, inp: RouteInput) -> RouteConfig:
        """An empty route_id gets a generated one."""
        ...

    async def update(self, route_id: str, patch: RoutePatch, etag: str) -> RouteConfig: ...

    async def delete(self, route_id: str, etag: str) -> None: ...


class ClientKeyRepository(Protocol):
    async def create(
        self, scopes: Set[str], description: str = "", inp: ClientKeyInput | None = None
    ) -> tuple[ClientKey, str]:
        """The new key and its plaintext (shown once; only its hash is kept). With `inp`,
        the whole key and its caller policy come from it."""
        ...

    async def get(self, key_id: str) -> ClientKey: ...

    async def list(self, page: PageRequest | None = None) -> tuple[ClientKey, ...]:
        """Every key, revoked ones included, oldest first."""
        ...

    async def page(self, page: PageRequest) -> Page[ClientKey]:
        """One page of the keys, oldest first."""
        ...

    async def update(self, key_id: str, patch: ClientKeyPatch, etag: str = "") -> ClientKey: ...

    async def delete(self, key_id: str, etag: str = "") -> None: ...

    async def revoke(self, key_id: str) -> None: ...


class ConfigRepository(Protocol):
    @property
    def providers(self) -> ProviderRepository: ...

    @property
    def models(self) -> ProviderModelRepository: ...

    @property
    def routes(self) -> RouteRepository: ...

    @property
    def client_keys(self) -> ClientKeyRepository: ...

    async def load_snapshot(self) -> Snapshot:
        """The whole configuration, read in one transaction."""
        ...
