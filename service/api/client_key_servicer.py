"""ClientKeyService: client keys and their caller policy (protobuf <-> domain, thin)."""

from __future__ import annotations

import re

import grpc

from llmrouter.v1 import chat_pb2, client_key_pb2
from llmrouter.v1 import client_key_service_pb2 as pb
from llmrouter.v1 import client_key_service_pb2_grpc as pb_grpc
from service.api import convert, fieldmask, timestamps
from service.api.fieldmask import pick
from service.api.pagination import next_token, parse_page
from service.core.admin import UNSET, ClientKeyInput, ClientKeyPatch, patch_fields
from service.core.config import CallerProviderKey, ClientKey, GenerationDefaults
from service.core.config_repository import ConfigRepository

CLIENT_KEY_NAME = re.compile(r"^clientKeys/([0-9a-f]{1,32})$")
# The updatable fields: the patch fields, named as in the protobuf message.
CLIENT_KEY_UPDATABLE = patch_fields(ClientKeyPatch)


def client_key_id(value: str, field: str = "name") -> str:
    return convert.parse_name(CLIENT_KEY_NAME, value, field, "clientKeys/{client_key}")[0]


def client_key_pb(k: ClientKey) -> client_key_pb2.ClientKey:
    p = k.policy
    g = p.default_generation
    return client_key_pb2.ClientKey(
        name=f"clientKeys/{k.id}",
        description=k.description,
        scopes=sorted(k.scopes),
        expire_time=convert.timestamp(k.expire_time),
        disabled=k.disabled,
        create_time=convert.timestamp(k.create_time),
        update_time=convert.timestamp(k.update_time),
        etag=k.etag,
        default_model=p.default_model,
        override_provider=f"providers/{p.override_provider}" if p.override_provider else "",
        allowed_models=list(p.allowed_models),
        allowed_providers=list(p.allowed_providers),
        default_generation=convert.generation_defaults_pb(g),
        provider_keys=[
            client_key_pb2.CallerProviderKey(provider=f"providers/{pk.provider}", api_key_hint=pk.api_key_hint)
            for pk in p.provider_keys
        ],
        revoked=k.revoked,
    )


def _generation(g: chat_pb2.GenerationDefaults) -> GenerationDefaults:
    return convert.generation_defaults_from_pb(g)


def _provider_keys(k: client_key_pb2.ClientKey) -> tuple[CallerProviderKey, ...]:
    return tuple(
        CallerProviderKey(convert.provider_id(pk.provider, f"client_key.provider_keys[{i}].provider"), pk.api_key)
        for i, pk in enumerate(k.provider_keys)
    )


def _override(k: client_key_pb2.ClientKey) -> str:
    return convert.provider_id(k.override_provider, "client_key.override_provider") if k.override_provider else ""


def client_key_input(k: client_key_pb2.ClientKey) -> ClientKeyInput:
    return ClientKeyInput(
        scopes=frozenset(k.scopes),
        description=k.description,
        expire_time=timestamps.optional(k, "expire_time", "client_key.expire_time"),
        disabled=k.disabled,
        default_model=k.default_model,
        override_provider=_override(k),
        allowed_models=tuple(k.allowed_models),
        allowed_providers=tuple(k.allowed_providers),
        default_generation=_generation(k.default_generation),
        provider_keys=_provider_keys(k),
    )


def client_key_patch(k: client_key_pb2.ClientKey, paths: frozenset[str]) -> ClientKeyPatch:
    return ClientKeyPatch(
        description=pick(paths, "description", k.description),
        scopes=pick(paths, "scopes", frozenset(k.scopes)),
        expire_time=timestamps.optional(k, "expire_time", "client_key.expire_time")
        if "expire_time" in paths
        else UNSET,
        disabled=pick(paths, "disabled", k.disabled),
        default_model=pick(paths, "default_model", k.default_model),
        override_provider=_override(k) if "override_provider" in paths else UNSET,
        allowed_models=pick(paths, "allowed_models", tuple(k.allowed_models)),
        allowed_providers=pick(paths, "allowed_providers", tuple(k.allowed_providers)),
        default_generation=_generation(k.default_generation) if "default_generation" in paths else UNSET,
        provider_keys=_provider_keys(k) if "provider_keys" in paths else UNSET,
    )


class ClientKeyServicer(pb_grpc.ClientKeyServiceServicer):
    def __init__(self, store: ConfigRepository) -> None:
        self.store = store

    async def CreateClientKey(
        self, request: pb.CreateClientKeyRequest, context: grpc.aio.ServicerContext
    ) -> pb.CreateClientKeyResponse:
        inp = client_key_input(request.client_key)
        key, secret = await self.store.client_keys.create(inp.scopes, inp.description, inp)
        return pb.CreateClientKeyResponse(client_key=client_key_pb(key), secret=secret)

    async def GetClientKey(
        self, request: pb.GetClientKeyRequest, context: grpc.aio.ServicerContext
    ) -> pb.GetClientKeyResponse:
        key = await self.store.client_keys.get(client_key_id(request.name))
        return pb.GetClientKeyResponse(client_key=client_key_pb(key))

    async def ListClientKeys(
        self, request: pb.ListClientKeysRequest, context: grpc.aio.ServicerContext
    ) -> pb.ListClientKeysResponse:
        page = parse_page(request.page_size, request.page_token, "client-keys")
        found = await self.store.client_keys.page(page)
        return pb.ListClientKeysResponse(
            client_keys=[client_key_pb(k) for k in found.items],
            next_page_token=next_token(page, len(found.items), found.total, "client-keys"),
        )

    async def UpdateClientKey(
        self, request: pb.UpdateClientKeyRequest, context: grpc.aio.ServicerContext
    ) -> pb.UpdateClientKeyResponse:
        k = request.client_key
        kid = client_key_id(k.name, "client_key.name")
        paths = fieldmask.update_paths(request.update_mask, k, "client_key", CLIENT_KEY_UPDATABLE)
        updated = await self.store.client_keys.update(kid, client_key_patch(k, paths), k.etag)
        return pb.UpdateClientKeyResponse(client_key=client_key_pb(updated))

    async def DeleteClientKey(
        self, request: pb.DeleteClientKeyRequest, context: grpc.aio.ServicerContext
    ) -> pb.DeleteClientKeyResponse:
        await self.store.client_keys.delete(client_key_id(request.name), request.etag)
        return pb.DeleteClientKeyResponse()
