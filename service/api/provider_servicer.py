"""ProviderAdminService: providers, their models, keys, verification and discovery."""

from __future__ import annotations

import time

import grpc

from llmrouter.v1 import provider_admin_service_pb2 as pb
from llmrouter.v1 import provider_admin_service_pb2_grpc as pb_grpc
from llmrouter.v1 import provider_pb2
from service.api import convert, fieldmask
from service.api.deadlines import deadline_of
from service.api.fieldmask import pick
from service.api.pagination import next_token, parse_page
from service.core.admin import ModelInput, ModelPatch, ProviderInput, ProviderPatch, patch_fields
from service.core.config import TEMPLATES, ApiType, ModelConfig
from service.core.config_repository import ConfigRepository
from service.core.egress import EgressPolicy
from service.core.errors import FailedPrecondition, FieldViolation, InvalidArgument, NotFound, Reason
from service.core.ports import LocalModels, VerifyFailure
from service.core.registry import BackendRegistry
from service.tls import TlsError, check_cas, check_pair

# The updatable fields: the patch fields, named as in the protobuf messages.
PROVIDER_UPDATABLE = patch_fields(ProviderPatch)
MODEL_UPDATABLE = patch_fields(ModelPatch)

_FAILURE_TO_PB = {
    VerifyFailure.NONE: pb.VERIFY_FAILURE_KIND_UNSPECIFIED,
    VerifyFailure.BAD_KEY: pb.VERIFY_FAILURE_KIND_BAD_KEY,
    VerifyFailure.UNKNOWN_MODEL: pb.VERIFY_FAILURE_KIND_UNKNOWN_MODEL,
    VerifyFailure.UNREACHABLE: pb.VERIFY_FAILURE_KIND_UNREACHABLE,
    VerifyFailure.RATE_LIMITED: pb.VERIFY_FAILURE_KIND_RATE_LIMITED,
    VerifyFailure.OTHER: pb.VERIFY_FAILURE_KIND_OTHER,
}


def api_type_of(value: provider_pb2.ApiType) -> ApiType | None:
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


def check_egress(egress: EgressPolicy, base_url: str) -> None:
    """INVALID_ARGUMENT naming provider.base_url for a link-local or cloud-metadata host."""
    why = egress.url_refusal(base_url) if base_url else ""
    if why:
        raise InvalidArgument(
            f"provider.base_url: refused: {why}",
            violations=[
                FieldViolation(
                    "provider.base_url",
                    f"refused: {why} (link-local and cloud-metadata addresses are refused; "
                    "list the host in LLMROUTER_EGRESS_ALLOW to allow it deliberately)",
                )
            ],
        )


def check_tls_pem(ca: str, cert: str, key: str) -> None:
    """INVALID_ARGUMENT naming the field whose PEM does not parse, or a key that is not the certificate's."""
    violations: list[FieldViolation] = []
    if ca and "-----BEGIN" in ca:
        try:
            check_cas(ca.encode())
        except TlsError as exc:
            violations.append(FieldViolation("provider.tls_ca_certificates", str(exc)))
    if cert and key and "-----BEGIN" in cert and "-----BEGIN" in key:
        try:
            check_pair(cert.encode(), key.encode())
        except TlsError as exc:
            violations.append(FieldViolation("provider.tls_client_key", str(exc)))
    if violations:
        raise InvalidArgument(f"{violations[0].field}: {violations[0].description}", violations=violations)


class ProviderAdminServicer(pb_grpc.ProviderAdminServiceServicer):
    def __init__(self, store: ConfigRepository, backends: BackendRegistry, egress: EgressPolicy | None = None) -> None:
        self.store = store
        self.backends = backends
        self.egress = egress or EgressPolicy()

    async def CreateProvider(
        self, request: pb.CreateProviderRequest, context: grpc.aio.ServicerContext
    ) -> pb.CreateProviderResponse:
        p = request.provider
        inp = ProviderInput(
            display_name=p.display_name,
            api_type=api_type_of(p.api_type),
            base_url=p.base_url,
            api_key=p.api_key,
            enabled=p.enabled if p.HasField("enabled") else None,
            template=p.template,
            tls_ca_certificates=p.tls_ca_certificates,
            tls_client_certificate=p.tls_client_certificate,
            tls_client_key=p.tls_client_key,
        )
        check_egress(self.egress, p.base_url)
        check_tls_pem(p.tls_ca_certificates, p.tls_client_certificate, p.tls_client_key)
        created = await self.store.providers.create(request.provider_id, inp)
        return pb.CreateProviderResponse(provider=convert.provider_pb(created))

    async def GetProvider(
        self, request: pb.GetProviderRequest, context: grpc.aio.ServicerContext
    ) -> pb.GetProviderResponse:
        p = await self.store.providers.get(convert.provider_id(request.name))
        return pb.GetProviderResponse(provider=convert.provider_pb(p))

    async def ListProviders(
        self, request: pb.ListProvidersRequest, context: grpc.aio.ServicerContext
    ) -> pb.ListProvidersResponse:
        page = parse_page(request.page_size, request.page_token, "providers")
        found = await self.store.providers.list(page)
        return pb.ListProvidersResponse(
            providers=[convert.provider_pb(p) for p in found.items],
            next_page_token=next_token(page, len(found.items), found.total, "providers"),
        )

    async def UpdateProvider(
        self, request: pb.UpdateProviderRequest, context: grpc.aio.ServicerContext
    ) -> pb.UpdateProviderResponse:
        p = request.provider
        pid = convert.provider_id(p.name, "provider.name")
        paths = fieldmask.update_paths(request.update_mask, p, "provider", PROVIDER_UPDATABLE)
        if p.api_type != provider_pb2.API_TYPE_UNSPECIFIED:
            current = await self.store.providers.get(pid)
            if convert.API_TYPE_FROM_PB.get(p.api_type) is not current.api_type:
                raise InvalidArgument(
                    "provider.api_type is immutable",
                    violations=[FieldViolation("provider.api_type", "immutable; create a new provider")],
                )
        patch = ProviderPatch(
            display_name=pick(paths, "display_name", p.display_name),
            base_url=pick(paths, "base_url", p.base_url),
            api_key=pick(paths, "api_key", p.api_key),  # "" removes the key
            enabled=pick(paths, "enabled", p.enabled if p.HasField("enabled") else True),  # default: enabled
            tls_ca_certificates=pick(paths, "tls_ca_certificates", p.tls_ca_certificates),
            tls_client_certificate=pick(paths, "tls_client_certificate", p.tls_client_certificate),
            tls_client_key=pick(paths, "tls_client_key", p.tls_client_key),
        )
        if isinstance(patch.base_url, str):
            check_egress(self.egress, patch.base_url)
        check_tls_pem(
            patch.tls_ca_certificates if isinstance(patch.tls_ca_certificates, str) else "",
            patch.tls_client_certificate if isinstance(patch.tls_client_certificate, str) else "",
            patch.tls_client_key if isinstance(patch.tls_client_key, str) else "",
        )
        updated = await self.store.providers.update(pid, patch, p.etag)
        return pb.UpdateProviderResponse(provider=convert.provider_pb(updated))

    async def DeleteProvider(
        self, request: pb.DeleteProviderRequest, context: grpc.aio.ServicerContext
    ) -> pb.DeleteProviderResponse:
        await self.store.providers.delete(convert.provider_id(request.name), request.etag, force=request.force)
        return pb.DeleteProviderResponse()

    async def ListProviderTemplates(
        self, request: pb.ListProviderTemplatesRequest, context: grpc.aio.ServicerContext
    ) -> pb.ListProviderTemplatesResponse:
        return pb.ListProviderTemplatesResponse(templates=[convert.template_pb(t) for t in TEMPLATES])

    async def CreateProviderModel(
        self, request: pb.CreateProviderModelRequest, context: grpc.aio.ServicerContext
    ) -> pb.CreateProviderModelResponse:
        pid = convert.provider_id(request.parent, "parent")
        m = request.provider_model
        created = await self.store.models.create(
            pid,
            ModelInput(
                model_id=m.model_id,
                display_name=m.display_name,
                is_default=m.is_default,
                source=m.source,
                capabilities=convert.capabilities_from_pb(m.capabilities),
            ),
        )
        return pb.CreateProviderModelResponse(provider_model=convert.model_pb(created))

    async def ListProviderModels(
        self, request: pb.ListProviderModelsRequest, context: grpc.aio.ServicerContext
    ) -> pb.ListProviderModelsResponse:
        pid = convert.provider_id(request.parent, "parent")
        page = parse_page(request.page_size, request.page_token, f"models:{pid}")
        found = await self.store.models.list(pid, page)
        return pb.ListProviderModelsResponse(
            provider_models=[convert.model_pb(m) for m in found.items],
            next_page_token=next_token(page, len(found.items), found.total, f"models:{pid}"),
        )

    async def UpdateProviderModel(
        self, request: pb.UpdateProviderModelRequest, context: grpc.aio.ServicerContext
    ) -> pb.UpdateProviderModelResponse:
        m = request.provider_model
        pid, mid = convert.model_name(m.name, "provider_model.name")
        paths = fieldmask.update_paths(request.update_mask, m, "provider_model", MODEL_UPDATABLE)
        patch = ModelPatch(
            display_name=pick(paths, "display_name", m.display_name),
            is_default=pick(paths, "is_default", m.is_default),
            source=pick(paths, "source", m.source),
            capabilities=pick(paths, "capabilities", convert.capabilities_from_pb(m.capabilities)),
        )
        updated = await self.store.models.update(pid, mid, patch, m.etag)
        return pb.UpdateProviderModelResponse(provider_model=convert.model_pb(updated))

    async def DeleteProviderModel(
        self, request: pb.DeleteProviderModelRequest, context: grpc.aio.ServicerContext
    ) -> pb.DeleteProviderModelResponse:
        pid, mid = convert.model_name(request.name)
        await self.store.models.delete(pid, mid, request.etag)
        return pb.DeleteProviderModelResponse()

    async def VerifyProvider(
        self, request: pb.VerifyProviderRequest, context: grpc.aio.ServicerContext
    ) -> pb.VerifyProviderResponse:
        provider = await self.store.providers.get(convert.provider_id(request.name))
        with self.backends.get(provider) as backend:
            result = await backend.verify(request.model or None, deadline_of(context) or time.monotonic() + 30)
        return pb.VerifyProviderResponse(
            ok=result.ok,
            latency_ms=result.latency_ms,
            failure_kind=_FAILURE_TO_PB[result.failure],
            message=result.message,
            model=result.model,
        )

    async def DiscoverProviderModels(
        self, request: pb.DiscoverProviderModelsRequest, context: grpc.aio.ServicerContext
    ) -> pb.DiscoverProviderModelsResponse:
        pid = convert.provider_id(request.name)
        provider = await self.store.providers.get(pid)
        with self.backends.get(provider) as backend:
            found = await backend.list_models(deadline_of(context) or time.monotonic() + 30)
        registered = {m.model_id for m in provider.models}
        saved: list[ModelConfig] = []
        if request.save:
            for d in found:
                if d.model_id not in registered:
                    saved.append(await self.store.models.create(pid, ModelInput(model_id=d.model_id)))
        return pb.DiscoverProviderModelsResponse(
            models=[
                pb.DiscoveredModel(model_id=d.model_id, owned_by=d.owned_by, registered=d.model_id in registered)
                for d in found
            ],
            saved=[convert.model_pb(m) for m in saved],
        )

    async def UnloadProviderModel(
        self, request: pb.UnloadProviderModelRequest, context: grpc.aio.ServicerContext
    ) -> pb.UnloadProviderModelResponse:
        pid, mid = convert.model_name(request.name)
        provider = await self.store.providers.get(pid)
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
