"""ProviderAdminService: providers, their models, keys, verification and discovery."""

from __future__ import annotations

import time

from llmrouter.v1 import provider_admin_service_pb2 as pb
from llmrouter.v1 import provider_admin_service_pb2_grpc as pb_grpc
from llmrouter.v1 import provider_pb2
from service.api import convert
from service.api.deadlines import deadline_of
from service.core.config import TEMPLATES
from service.core.errors import FailedPrecondition, FieldViolation, InvalidArgument, NotFound, Reason
from service.core.ports import LocalModels, VerifyFailure
from service.core.registry import BackendRegistry
from service.store.repository import (
    MODEL_UPDATABLE,
    PROVIDER_UPDATABLE,
    ConfigStore,
    ModelInput,
    ProviderInput,
    next_token,
    parse_page,
)

_FAILURE_TO_PB = {
    VerifyFailure.NONE: pb.VERIFY_FAILURE_KIND_UNSPECIFIED,
    VerifyFailure.BAD_KEY: pb.VERIFY_FAILURE_KIND_BAD_KEY,
    VerifyFailure.UNKNOWN_MODEL: pb.VERIFY_FAILURE_KIND_UNKNOWN_MODEL,
    VerifyFailure.UNREACHABLE: pb.VERIFY_FAILURE_KIND_UNREACHABLE,
    VerifyFailure.RATE_LIMITED: pb.VERIFY_FAILURE_KIND_RATE_LIMITED,
    VerifyFailure.OTHER: pb.VERIFY_FAILURE_KIND_OTHER,
}


def mask_paths(mask, allowed: tuple[str, ...], prefix: str) -> list[str] | None:
    """The update_mask's paths, checked; None when the mask is empty."""
    paths = list(mask.paths) if mask is not None else []
    if not paths:
        return None
    bad = [p for p in paths if p not in allowed]
    if bad:
        raise InvalidArgument(
            f"update_mask names fields that cannot be updated: {', '.join(bad)}; updatable: {', '.join(allowed)}",
            violations=[FieldViolation("update_mask.paths", f"{p!r} is not updatable on {prefix}") for p in bad],
        )
    return paths


def api_type_of(value: int):
    if value == provider_pb2.API_TYPE_UNSPECIFIED:
        return None
    api_type = convert.API_TYPE_FROM_PB.get(value)
    if api_type is None:
        raise InvalidArgument(
            f"provider.api_type: unknown value {value}",
            violations=[
                FieldViolation("provider.api_type", "must be API_TYPE_OPENAI, API_TYPE_ANTHROPIC or API_TYPE_MLX")
            ],
        )
    return api_type


class ProviderAdminServicer(pb_grpc.ProviderAdminServiceServicer):
    def __init__(self, store: ConfigStore, backends: BackendRegistry) -> None:
        self.store = store
        self.backends = backends

    async def CreateProvider(self, request, context):
        p = request.provider
        inp = ProviderInput(
            display_name=p.display_name,
            api_type=api_type_of(p.api_type),
            base_url=p.base_url,
            api_key=p.api_key,
            enabled=p.enabled if p.HasField("enabled") else None,
            template=p.template,
        )
        created = await self.store.create_provider(request.provider_id, inp)
        return pb.CreateProviderResponse(provider=convert.provider_pb(created))

    async def GetProvider(self, request, context):
        p = await self.store.get_provider(convert.provider_id(request.name))
        return pb.GetProviderResponse(provider=convert.provider_pb(p))

    async def ListProviders(self, request, context):
        page = parse_page(request.page_size, request.page_token, "providers")
        items, total = await self.store.list_providers(page)
        return pb.ListProvidersResponse(
            providers=[convert.provider_pb(p) for p in items],
            next_page_token=next_token(page, len(items), total, "providers"),
        )

    async def UpdateProvider(self, request, context):
        p = request.provider
        pid = convert.provider_id(p.name, "provider.name")
        paths = mask_paths(
            request.update_mask if request.HasField("update_mask") else None, PROVIDER_UPDATABLE, "provider"
        )
        if paths is None:  # every updatable field that is set
            paths = [f for f in ("display_name", "base_url", "api_key") if getattr(p, f)]
            if p.HasField("enabled"):
                paths.append("enabled")
        if p.api_type != provider_pb2.API_TYPE_UNSPECIFIED:
            current = await self.store.get_provider(pid)
            if convert.API_TYPE_FROM_PB.get(p.api_type) is not current.api_type:
                raise InvalidArgument(
                    "provider.api_type is immutable",
                    violations=[FieldViolation("provider.api_type", "immutable; create a new provider")],
                )
        changes = {}
        for f in paths:
            if f == "enabled":
                changes[f] = p.enabled if p.HasField("enabled") else False
            else:
                changes[f] = getattr(p, f)
        updated = await self.store.update_provider(pid, changes, p.etag)
        return pb.UpdateProviderResponse(provider=convert.provider_pb(updated))

    async def DeleteProvider(self, request, context):
        await self.store.delete_provider(convert.provider_id(request.name), request.etag)
        return pb.DeleteProviderResponse()

    async def ListProviderTemplates(self, request, context):
        return pb.ListProviderTemplatesResponse(templates=[convert.template_pb(t) for t in TEMPLATES])

    async def CreateProviderModel(self, request, context):
        pid = convert.provider_id(request.parent, "parent")
        m = request.provider_model
        created = await self.store.create_model(
            pid, ModelInput(model_id=m.model_id, display_name=m.display_name, is_default=m.is_default, source=m.source)
        )
        return pb.CreateProviderModelResponse(provider_model=convert.model_pb(created))

    async def ListProviderModels(self, request, context):
        pid = convert.provider_id(request.parent, "parent")
        page = parse_page(request.page_size, request.page_token, f"models:{pid}")
        items, total = await self.store.list_models(pid, page)
        return pb.ListProviderModelsResponse(
            provider_models=[convert.model_pb(m) for m in items],
            next_page_token=next_token(page, len(items), total, f"models:{pid}"),
        )

    async def UpdateProviderModel(self, request, context):
        m = request.provider_model
        pid, mid = convert.model_name(m.name, "provider_model.name")
        paths = mask_paths(
            request.update_mask if request.HasField("update_mask") else None, MODEL_UPDATABLE, "provider_model"
        )
        if paths is None:
            paths = list(MODEL_UPDATABLE)
        changes = {f: getattr(m, f) for f in paths}
        updated = await self.store.update_model(pid, mid, changes, m.etag)
        return pb.UpdateProviderModelResponse(provider_model=convert.model_pb(updated))

    async def DeleteProviderModel(self, request, context):
        pid, mid = convert.model_name(request.name)
        await self.store.delete_model(pid, mid, request.etag)
        return pb.DeleteProviderModelResponse()

    async def VerifyProvider(self, request, context):
        provider = await self.store.get_provider(convert.provider_id(request.name))
        with self.backends.get(provider) as backend:
            result = await backend.verify(request.model or None, deadline_of(context) or time.monotonic() + 30)
        return pb.VerifyProviderResponse(
            ok=result.ok,
            latency_ms=result.latency_ms,
            failure_kind=_FAILURE_TO_PB[result.failure],
            message=result.message,
            model=result.model,
        )

    async def DiscoverProviderModels(self, request, context):
        pid = convert.provider_id(request.name)
        provider = await self.store.get_provider(pid)
        with self.backends.get(provider) as backend:
            found = await backend.list_models(deadline_of(context) or time.monotonic() + 30)
        registered = {m.model_id for m in provider.models}
        saved = []
        if request.save:
            for d in found:
                if d.model_id not in registered:
                    saved.append(await self.store.create_model(pid, ModelInput(model_id=d.model_id)))
        return pb.DiscoverProviderModelsResponse(
            models=[
                pb.DiscoveredModel(model_id=d.model_id, owned_by=d.owned_by, registered=d.model_id in registered)
                for d in found
            ],
            saved=[convert.model_pb(m) for m in saved],
        )

    async def UnloadProviderModel(self, request, context):
        pid, mid = convert.model_name(request.name)
        provider = await self.store.get_provider(pid)
        model = next((m for m in provider.models if m.id == mid), None)
        if model is None:
            raise NotFound(f"{request.name} does not exist", resource=("provider_model", request.name))
        with self.backends.get(provider) as backend:
            if not isinstance(backend, LocalModels):
                raise FailedPrecondition(
                    f"providers/{pid} is not a local MLX provider: only local models are loaded in memory",
                    reason=Reason.NOT_LOCAL,
                    violations=[FieldViolation("name", "must name a model of an MLX provider")],
                )
            unloaded = await backend.unload(model.model_id)
        return pb.UnloadProviderModelResponse(unloaded=unloaded)
