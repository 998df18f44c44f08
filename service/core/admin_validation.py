"""Validation of admin writes: the rules an input or a patch must meet, checked in core.

`check_*` functions raise `InvalidArgument` naming every bad field (or, for rules about a
stored resource, the error that rule calls for). The repositories call them before they
write; checks that need the database (existence, uniqueness) stay in the repositories.
"""

from __future__ import annotations

from collections.abc import Set
from dataclasses import dataclass

from service.core import validation as val
from service.core.admin import (
    CLIENT_KEY_SCOPES,
    UNSET,
    ModelInput,
    ModelPatch,
    ProviderInput,
    ProviderPatch,
    RouteInput,
    RoutePatch,
)
from service.core.config import TEMPLATES, TEMPLATES_BY_ID, ApiType, RouteTarget
from service.core.errors import FailedPrecondition, FieldViolation, InvalidArgument, Reason, Violations

MAX_API_KEY = 4096
MAX_SOURCE = 2048
MAX_ROUTE_DESCRIPTION = 1000

# The template a provider created without one records, by API type.
_CUSTOM_TEMPLATE = {ApiType.OPENAI: "custom-openai", ApiType.ANTHROPIC: "custom-anthropic", ApiType.MLX: "local"}


# ------------------------------------------------------------------ providers


@dataclass(frozen=True)
class NewProvider:
    """A valid `ProviderInput` with its defaults applied: what a new provider row holds."""

    display_name: str
    api_type: ApiType
    base_url: str
    api_key: str
    enabled: bool
    template: str
    tls_ca_certificates: str = ""
    tls_client_certificate: str = ""
    tls_client_key: str = ""


def _check_api_key(v: Violations, key: str) -> None:
    if key and (len(key) > MAX_API_KEY or any(c.isspace() for c in key)):
        v.add("provider.api_key", f"must be at most {MAX_API_KEY} characters without whitespace")


MAX_PEM = 64 * 1024  # characters of one PEM field


def _check_tls(v: Violations, ca: str, cert: str, key: str, mlx: bool) -> None:
    """Sizes and pairing; that the PEM parses is checked where the certificates are read."""
    for name, value in (("tls_ca_certificates", ca), ("tls_client_certificate", cert), ("tls_client_key", key)):
        if len(value) > MAX_PEM:
            v.add(f"provider.{name}", f"must be at most {MAX_PEM} characters")
        elif value and mlx:
            v.add(f"provider.{name}", "must be empty for a local MLX provider")
        elif value and "-----BEGIN" not in value:
            v.add(f"provider.{name}", "must be PEM (-----BEGIN ...)")
    if bool(cert) != bool(key):
        missing = "tls_client_key" if cert else "tls_client_certificate"
        v.add(f"provider.{missing}", "is required with " + ("tls_client_certificate" if cert else "tls_client_key"))


def check_new_provider(provider_id: str, inp: ProviderInput) -> NewProvider:
    """The provider to create from `inp` (its template supplies the API type and base URL).
    An empty provider_id is allowed: the repository derives one."""
    v = Violations()
    template = None
    if inp.template:
        template = TEMPLATES_BY_ID.get(inp.template)
        if template is None:
            v.add("provider.template", f"unknown template; one of: {', '.join(t.id for t in TEMPLATES)}")
    api_type = inp.api_type
    if template is not None:
        if api_type is not None and api_type is not template.api_type:
            v.add("provider.api_type", f"template {template.id!r} is of API type {template.api_type.name}")
        api_type = template.api_type
    if api_type is None:
        v.add("provider.api_type", "is required (OPENAI, ANTHROPIC or MLX) unless a template is given")
    val.check_display_name(v, "provider.display_name", inp.display_name)
    base_url = inp.base_url or (template.default_base_url if template else "")
    if api_type is ApiType.MLX:
        if inp.base_url:
            v.add("provider.base_url", "must be empty for a local MLX provider")
        if inp.api_key:
            v.add("provider.api_key", "must be empty for a local MLX provider")
    elif api_type is not None:
        if not base_url:
            v.add("provider.base_url", "is required for a custom provider (http or https URL)")
        else:
            val.check_base_url(v, "provider.base_url", base_url)
    _check_api_key(v, inp.api_key)
    _check_tls(v, inp.tls_ca_certificates, inp.tls_client_certificate, inp.tls_client_key, api_type is ApiType.MLX)
    if provider_id:
        val.check_id(v, "provider_id", provider_id)
    v.raise_if_any()
    assert api_type is not None
    return NewProvider(
        display_name=inp.display_name.strip(),
        api_type=api_type,
        base_url=base_url.rstrip("/"),
        api_key=inp.api_key,
        enabled=True if inp.enabled is None else inp.enabled,
        template=template.id if template else _CUSTOM_TEMPLATE[api_type],
        tls_ca_certificates=inp.tls_ca_certificates,
        tls_client_certificate=inp.tls_client_certificate,
        tls_client_key=inp.tls_client_key,
    )


def check_provider_patch(patch: ProviderPatch) -> None:
    """The rules a provider patch meets whatever provider it changes."""
    v = Violations()
    if patch.display_name is not UNSET:
        val.check_display_name(v, "provider.display_name", patch.display_name)
    if patch.api_key is not UNSET:
        _check_api_key(v, patch.api_key)
    for name in ("tls_ca_certificates", "tls_client_certificate", "tls_client_key"):
        value = getattr(patch, name)
        if isinstance(value, str) and value:
            if len(value) > MAX_PEM:
                v.add(f"provider.{name}", f"must be at most {MAX_PEM} characters")
            elif "-----BEGIN" not in value:
                v.add(f"provider.{name}", "must be PEM (-----BEGIN ...)")
    v.raise_if_any()


def check_provider_patch_fits(
    patch: ProviderPatch, *, provider_id: str, api_type: ApiType, builtin: bool, base_url: str
) -> None:
    """The rules a provider patch meets given the stored provider: a local MLX provider has no
    base URL and no key; a built-in provider keeps its base URL (FAILED_PRECONDITION)."""
    v = Violations()
    if patch.base_url is not UNSET:
        new_url = patch.base_url.rstrip("/")
        if api_type is ApiType.MLX:
            if new_url:
                v.add("provider.base_url", "must be empty for a local MLX provider")
        elif builtin and new_url != base_url:
            raise FailedPrecondition(
                f"providers/{provider_id} is built in: its base URL cannot change; "
                "create a custom provider for another endpoint",
                reason=Reason.BUILTIN_IMMUTABLE,
                resource=("provider", f"providers/{provider_id}"),
                violations=[FieldViolation("provider.base_url", "immutable on built-in providers")],
            )
        else:
            val.check_base_url(v, "provider.base_url", new_url)
    if patch.api_key is not UNSET and patch.api_key and api_type is ApiType.MLX:
        v.add("provider.api_key", "must be empty for a local MLX provider")
    if api_type is ApiType.MLX:
        for name in ("tls_ca_certificates", "tls_client_certificate", "tls_client_key"):
            if getattr(patch, name) not in (UNSET, ""):
                v.add(f"provider.{name}", "must be empty for a local MLX provider")
    v.raise_if_any()


# ------------------------------------------------------------------ provider models


def check_model_input(inp: ModelInput) -> None:
    v = Violations()
    val.check_model_id(v, "provider_model.model_id", inp.model_id)
    val.check_display_name(v, "provider_model.display_name", inp.display_name, required=False)
    if len(inp.source) > MAX_SOURCE:
        v.add("provider_model.source", f"must be at most {MAX_SOURCE} characters")
    v.raise_if_any()


def check_model_patch(patch: ModelPatch) -> None:
    v = Violations()
    if patch.display_name is not UNSET:
        val.check_display_name(v, "provider_model.display_name", patch.display_name, required=False)
    v.raise_if_any()


def check_model_source(source: str, api_type: ApiType) -> None:
    """A model's source (a directory or Hugging Face id of weights) applies to local MLX providers only."""
    if source and api_type is not ApiType.MLX:
        raise InvalidArgument(
            "source applies to local MLX providers only",
            violations=[FieldViolation("provider_model.source", "only for MLX providers")],
        )


# ------------------------------------------------------------------ routes


def _check_target(v: Violations, path: str, target: RouteTarget) -> None:
    if not target.provider:
        v.add(f"{path}.provider", "is required")
    if target.model:
        val.check_model_id(v, f"{path}.model", target.model)


def _check_fallbacks(v: Violations, fallbacks: tuple[RouteTarget, ...]) -> None:
    if len(fallbacks) > val.MAX_FALLBACKS:
        v.add("route.fallbacks", f"at most {val.MAX_FALLBACKS} fallbacks")
    for i, fb in enumerate(fallbacks):
        _check_target(v, f"route.fallbacks[{i}]", fb)


def _check_description(v: Violations, description: str) -> None:
    if len(description) > MAX_ROUTE_DESCRIPTION:
        v.add("route.description", f"must be at most {MAX_ROUTE_DESCRIPTION} characters")


def check_route_input(route_id: str, inp: RouteInput) -> None:
    """An empty route_id is allowed: the repository generates one."""
    v = Violations()
    val.check_model_pattern(v, "route.model_pattern", inp.model_pattern)
    _check_target(v, "route.target", inp.target)
    _check_fallbacks(v, inp.fallbacks)
    _check_description(v, inp.description)
    if route_id:
        val.check_id(v, "route_id", route_id)
    v.raise_if_any()


def check_route_patch(patch: RoutePatch) -> None:
    v = Violations()
    if patch.model_pattern is not UNSET:
        val.check_model_pattern(v, "route.model_pattern", patch.model_pattern)
    if patch.target is not UNSET:
        _check_target(v, "route.target", patch.target)
    if patch.fallbacks is not UNSET:
        _check_fallbacks(v, patch.fallbacks)
    if patch.description is not UNSET:
        _check_description(v, patch.description)
    v.raise_if_any()


# ------------------------------------------------------------------ client keys


def check_scopes(scopes: Set[str]) -> None:
    bad = set(scopes) - CLIENT_KEY_SCOPES
    if not scopes or bad:
        raise InvalidArgument(
            f"scopes must be among {sorted(CLIENT_KEY_SCOPES)}",
            violations=[FieldViolation("scopes", f"unknown or missing: {sorted(bad) or 'none given'}")],
        )
