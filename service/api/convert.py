"""Protobuf <-> domain translation of resource names, providers and routes (chat requests and
answers: `service.api.chat_convert`)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from google.protobuf import timestamp_pb2

from llmrouter.v1 import chat_pb2, provider_pb2, route_pb2
from service.core import chat as d
from service.core.config import (
    ApiType,
    ModelCapabilities,
    ModelConfig,
    ProviderConfig,
    ProviderTemplate,
    RouteConfig,
    RouteTarget,
)
from service.core.errors import FieldViolation, InvalidArgument

# ------------------------------------------------------------------ resource names

_ID = r"[a-z][a-z0-9-]{0,62}"
PROVIDER_NAME = re.compile(rf"^providers/({_ID})$")
MODEL_NAME = re.compile(rf"^providers/({_ID})/models/({_ID})$")
ROUTE_NAME = re.compile(rf"^routes/({_ID})$")


def parse_name(pattern: re.Pattern, value: str, field: str, shape: str) -> tuple[str, ...]:
    m = pattern.fullmatch(value or "")
    if not m:
        what = "is required" if not value else f"must look like {shape}"
        raise InvalidArgument(f"{field} {what}", violations=[FieldViolation(field, what)])
    return m.groups()


def provider_id(value: str, field: str = "name") -> str:
    return parse_name(PROVIDER_NAME, value, field, "providers/{provider}")[0]


def route_id(value: str, field: str = "name") -> str:
    return parse_name(ROUTE_NAME, value, field, "routes/{route}")[0]


def model_name(value: str, field: str = "name") -> tuple[str, str]:
    p, m = parse_name(MODEL_NAME, value, field, "providers/{provider}/models/{model}")
    return p, m


def timestamp(dt) -> timestamp_pb2.Timestamp | None:
    if dt is None:
        return None
    t = timestamp_pb2.Timestamp()
    t.FromDatetime(dt)
    return t


# ------------------------------------------------------------------ providers

API_TYPE_TO_PB = {
    ApiType.OPENAI: provider_pb2.API_TYPE_OPENAI,
    ApiType.ANTHROPIC: provider_pb2.API_TYPE_ANTHROPIC,
    ApiType.MLX: provider_pb2.API_TYPE_MLX,
}
API_TYPE_FROM_PB = {v: k for k, v in API_TYPE_TO_PB.items()}


def provider_pb(p: ProviderConfig) -> provider_pb2.Provider:
    return provider_pb2.Provider(
        name=f"providers/{p.id}",
        display_name=p.display_name,
        api_type=API_TYPE_TO_PB[p.api_type],
        base_url=p.base_url,
        api_key_set=p.has_key,
        api_key_hint=p.api_key_hint if p.has_key else "",
        enabled=p.enabled,
        builtin=p.builtin,
        models=[model_pb(m) for m in p.models],
        create_time=timestamp(p.create_time),
        update_time=timestamp(p.update_time),
        etag=p.etag,
        template=p.template,
        tls_ca_certificates=p.tls_ca_certificates,
        tls_client_certificate=p.tls_client_certificate,
        tls_client_key_set=bool(p.tls_client_key),
    )


def model_pb(m: ModelConfig) -> provider_pb2.ProviderModel:
    return provider_pb2.ProviderModel(
        name=f"providers/{m.provider_id}/models/{m.id}",
        model_id=m.model_id,
        display_name=m.display_name,
        is_default=m.is_default,
        source=m.source,
        capabilities=capabilities_pb(m.capabilities),
        create_time=timestamp(m.create_time),
        update_time=timestamp(m.update_time),
        etag=m.etag,
    )


_CAPABILITY_FIELDS = ("images", "documents", "tools", "json_schema", "reasoning")


def capabilities_pb(c: ModelCapabilities) -> provider_pb2.ModelCapabilities:
    return provider_pb2.ModelCapabilities(**{f: v for f in _CAPABILITY_FIELDS if (v := getattr(c, f)) is not None})


def capabilities_from_pb(pb: provider_pb2.ModelCapabilities) -> ModelCapabilities:
    return ModelCapabilities(**{f: getattr(pb, f) for f in _CAPABILITY_FIELDS if pb.HasField(f)})


_CAPABILITY_FROM_PB: dict[int, d.Capability] = {
    chat_pb2.CAPABILITY_IMAGES: d.Capability.IMAGES,
    chat_pb2.CAPABILITY_DOCUMENTS: d.Capability.DOCUMENTS,
    chat_pb2.CAPABILITY_TOOLS: d.Capability.TOOLS,
    chat_pb2.CAPABILITY_JSON_SCHEMA: d.Capability.JSON_SCHEMA,
    chat_pb2.CAPABILITY_REASONING: d.Capability.REASONING,
}


def capabilities_needed(values: Iterable[int], field: str) -> frozenset[d.Capability]:
    out: set[d.Capability] = set()
    for i, value in enumerate(values):
        cap = _CAPABILITY_FROM_PB.get(value)
        if cap is None:
            raise InvalidArgument(
                f"{field}[{i}]: unknown capability {value}",
                violations=[FieldViolation(f"{field}[{i}]", "must be a CAPABILITY_* value other than UNSPECIFIED")],
            )
        out.add(cap)
    return frozenset(out)


def template_pb(t: ProviderTemplate) -> provider_pb2.ProviderTemplate:
    return provider_pb2.ProviderTemplate(
        id=t.id,
        display_name=t.display_name,
        api_type=API_TYPE_TO_PB[t.api_type],
        default_base_url=t.default_base_url,
        requires_api_key=t.requires_api_key,
        seeded=t.seeded,
    )


# ------------------------------------------------------------------ routes


def target_from_pb(t: route_pb2.RouteTarget, field: str) -> RouteTarget:
    pid = ""
    if t.provider:
        m = PROVIDER_NAME.fullmatch(t.provider)
        if not m:
            raise InvalidArgument(
                f"{field}.provider must look like providers/{{provider}}",
                violations=[FieldViolation(f"{field}.provider", "must look like providers/{provider}")],
            )
        pid = m.group(1)
    return RouteTarget(pid, t.model)


def route_pb(r: RouteConfig) -> route_pb2.Route:
    return route_pb2.Route(
        name=f"routes/{r.id}",
        model_pattern=r.model_pattern,
        priority=r.priority,
        target=route_pb2.RouteTarget(provider=f"providers/{r.target.provider}", model=r.target.model),
        fallbacks=[route_pb2.RouteTarget(provider=f"providers/{f.provider}", model=f.model) for f in r.fallbacks],
        enabled=r.enabled,
        description=r.description,
        create_time=timestamp(r.create_time),
        update_time=timestamp(r.update_time),
        etag=r.etag,
    )
