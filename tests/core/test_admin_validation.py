"""Table-driven tests of the rules of admin writes (service.core.admin_validation)."""

from __future__ import annotations

import pytest

from service.core.admin import UNSET, ModelInput, ModelPatch, ProviderInput, ProviderPatch, RouteInput, RoutePatch
from service.core.admin_validation import (
    NewProvider,
    check_model_input,
    check_model_patch,
    check_model_source,
    check_new_provider,
    check_provider_patch,
    check_provider_patch_fits,
    check_route_input,
    check_route_patch,
    check_scopes,
)
from service.core.config import ApiType, RouteTarget
from service.core.errors import ErrorKind, FailedPrecondition, InvalidArgument, Reason


def fields_of(call) -> list[str]:
    with pytest.raises(InvalidArgument) as err:
        call()
    return [v.field for v in err.value.violations]


# ------------------------------------------------------------------ new providers


@pytest.mark.parametrize(
    ("provider_id", "inp", "expected"),
    [
        (
            "together-prod",
            ProviderInput(display_name=" Together Prod ", template="together", api_key="sk-1"),
            NewProvider("Together Prod", ApiType.OPENAI, "https://api.together.xyz/v1", "sk-1", True, "together"),
        ),
        (
            "",
            ProviderInput(display_name="vLLM", api_type=ApiType.OPENAI, base_url="http://127.0.0.1:8000/v1//"),
            NewProvider("vLLM", ApiType.OPENAI, "http://127.0.0.1:8000/v1", "", True, "custom-openai"),
        ),
        (
            "",
            ProviderInput(
                display_name="Proxy", api_type=ApiType.ANTHROPIC, base_url="https://x.example", enabled=False
            ),
            NewProvider("Proxy", ApiType.ANTHROPIC, "https://x.example", "", False, "custom-anthropic"),
        ),
        (
            "gpu-box",
            ProviderInput(display_name="GPU box", api_type=ApiType.MLX),
            NewProvider("GPU box", ApiType.MLX, "", "", True, "local"),
        ),
        (
            "",
            ProviderInput(display_name="Groq EU", template="groq", base_url="https://eu.example/openai/v1"),
            NewProvider("Groq EU", ApiType.OPENAI, "https://eu.example/openai/v1", "", True, "groq"),
        ),
        (
            "",
            ProviderInput(display_name="Same type", template="anthropic", api_type=ApiType.ANTHROPIC),
            NewProvider("Same type", ApiType.ANTHROPIC, "https://api.anthropic.com", "", True, "anthropic"),
        ),
    ],
)
def test_new_provider_defaults(provider_id, inp, expected):
    assert check_new_provider(provider_id, inp) == expected


@pytest.mark.parametrize(
    ("provider_id", "inp", "fields"),
    [
        (
            "",
            ProviderInput(display_name="", api_type=ApiType.OPENAI, base_url="http://x.example"),
            ["provider.display_name"],
        ),
        ("", ProviderInput(display_name="No type", base_url="http://x.example"), ["provider.api_type"]),
        ("", ProviderInput(display_name="T", template="nope"), ["provider.template", "provider.api_type"]),
        ("", ProviderInput(display_name="T", template="anthropic", api_type=ApiType.OPENAI), ["provider.api_type"]),
        ("", ProviderInput(display_name="T", template="custom-openai"), ["provider.base_url"]),
        ("", ProviderInput(display_name="T", api_type=ApiType.OPENAI, base_url="ftp://x"), ["provider.base_url"]),
        (
            "",
            ProviderInput(display_name="T", api_type=ApiType.MLX, base_url="http://x.example", api_key="k"),
            ["provider.base_url", "provider.api_key"],
        ),
        ("", ProviderInput(display_name="T", template="groq", api_key="has space"), ["provider.api_key"]),
        ("", ProviderInput(display_name="T", template="groq", api_key="k" * 4097), ["provider.api_key"]),
        ("Bad_ID", ProviderInput(display_name="T", template="groq"), ["provider_id"]),
        # Every problem at once, in field order.
        (
            "-x",
            ProviderInput(display_name="", template="nope", api_key="a b"),
            ["provider.template", "provider.api_type", "provider.display_name", "provider.api_key", "provider_id"],
        ),
    ],
)
def test_new_provider_refusals_name_the_fields(provider_id, inp, fields):
    assert fields_of(lambda: check_new_provider(provider_id, inp)) == fields


# ------------------------------------------------------------------ provider patches


@pytest.mark.parametrize(
    ("patch", "fields"),
    [
        (ProviderPatch(), []),
        (ProviderPatch(display_name="New name", api_key="", enabled=False, base_url="anything"), []),
        (ProviderPatch(display_name=""), ["provider.display_name"]),
        (ProviderPatch(display_name="x" * 201), ["provider.display_name"]),
        (ProviderPatch(api_key="two words"), ["provider.api_key"]),
        (ProviderPatch(display_name=" ", api_key="k" * 4097), ["provider.display_name", "provider.api_key"]),
    ],
)
def test_provider_patch(patch, fields):
    if fields:
        assert fields_of(lambda: check_provider_patch(patch)) == fields
    else:
        check_provider_patch(patch)


STORED = dict(provider_id="p", api_type=ApiType.OPENAI, builtin=False, base_url="https://a.example/v1")
BUILTIN = dict(provider_id="openai", api_type=ApiType.OPENAI, builtin=True, base_url="https://api.openai.com/v1")
LOCAL = dict(provider_id="local", api_type=ApiType.MLX, builtin=True, base_url="")


@pytest.mark.parametrize(
    ("patch", "stored", "fields"),
    [
        (ProviderPatch(base_url="https://b.example/v1"), STORED, []),
        (ProviderPatch(base_url="gopher://b"), STORED, ["provider.base_url"]),
        (ProviderPatch(base_url=""), STORED, ["provider.base_url"]),
        (ProviderPatch(base_url="https://api.openai.com/v1/"), BUILTIN, []),  # the same URL is no change
        (ProviderPatch(api_key="sk-new", enabled=False), BUILTIN, []),
        (ProviderPatch(base_url=""), LOCAL, []),
        (ProviderPatch(base_url="http://127.0.0.1:1"), LOCAL, ["provider.base_url"]),
        (ProviderPatch(api_key="sk-x"), LOCAL, ["provider.api_key"]),
        (ProviderPatch(api_key=""), LOCAL, []),
    ],
)
def test_provider_patch_fits_the_stored_provider(patch, stored, fields):
    if fields:
        assert fields_of(lambda: check_provider_patch_fits(patch, **stored)) == fields
    else:
        check_provider_patch_fits(patch, **stored)


def test_builtin_base_url_is_a_failed_precondition():
    with pytest.raises(FailedPrecondition) as err:
        check_provider_patch_fits(ProviderPatch(base_url="https://proxy.example/v1"), **BUILTIN)
    assert err.value.kind is ErrorKind.FAILED_PRECONDITION and err.value.reason is Reason.BUILTIN_IMMUTABLE
    assert err.value.resource == ("provider", "providers/openai")
    assert [v.field for v in err.value.violations] == ["provider.base_url"]


# ------------------------------------------------------------------ models


@pytest.mark.parametrize(
    ("inp", "fields"),
    [
        (ModelInput(model_id="gpt-4o"), []),
        (ModelInput(model_id="tiny", display_name="Tiny", is_default=True, source="/models/tiny"), []),
        (ModelInput(model_id=""), ["provider_model.model_id"]),
        (ModelInput(model_id="a b"), ["provider_model.model_id"]),
        (ModelInput(model_id="m", display_name="\n"), []),  # blank is allowed, not required
        (ModelInput(model_id="m", display_name="bad\tname"), ["provider_model.display_name"]),
        (ModelInput(model_id="m", source="s" * 2049), ["provider_model.source"]),
        (
            ModelInput(model_id="", display_name="x" * 201, source="s" * 2049),
            ["provider_model.model_id", "provider_model.display_name", "provider_model.source"],
        ),
    ],
)
def test_model_input(inp, fields):
    if fields:
        assert fields_of(lambda: check_model_input(inp)) == fields
    else:
        check_model_input(inp)


@pytest.mark.parametrize(
    ("patch", "fields"),
    [
        (ModelPatch(), []),
        (ModelPatch(display_name="", is_default=False, source=""), []),
        (ModelPatch(display_name="x" * 201), ["provider_model.display_name"]),
    ],
)
def test_model_patch(patch, fields):
    if fields:
        assert fields_of(lambda: check_model_patch(patch)) == fields
    else:
        check_model_patch(patch)


@pytest.mark.parametrize(
    ("source", "api_type", "refused"),
    [
        ("/models/tiny", ApiType.MLX, False),
        ("", ApiType.OPENAI, False),
        ("/models/tiny", ApiType.OPENAI, True),
        ("org/model", ApiType.ANTHROPIC, True),
    ],
)
def test_model_source_only_for_local_providers(source, api_type, refused):
    if refused:
        assert fields_of(lambda: check_model_source(source, api_type)) == ["provider_model.source"]
    else:
        check_model_source(source, api_type)


# ------------------------------------------------------------------ routes

T = RouteTarget


@pytest.mark.parametrize(
    ("route_id", "inp", "fields"),
    [
        ("gpt", RouteInput(model_pattern="gpt-*", target=T("openai", "gpt-4o"), fallbacks=(T("groq"),)), []),
        ("", RouteInput(model_pattern="x", target=T("openai"), fallbacks=(T("groq"),) * 8), []),
        ("", RouteInput(model_pattern="", target=T("openai")), ["route.model_pattern"]),
        ("", RouteInput(model_pattern="gpt-[4", target=T("openai")), ["route.model_pattern"]),
        ("", RouteInput(model_pattern="gpt-4"), ["route.target.provider"]),
        ("", RouteInput(model_pattern="gpt-4", target=T("openai", "bad model")), ["route.target.model"]),
        ("", RouteInput(model_pattern="x", target=T("openai"), fallbacks=(T("groq"),) * 9), ["route.fallbacks"]),
        (
            "",
            RouteInput(model_pattern="x", target=T("openai"), fallbacks=(T("groq"), T(""), T("a", "b c"))),
            ["route.fallbacks[1].provider", "route.fallbacks[2].model"],
        ),
        ("", RouteInput(model_pattern="x", target=T("openai"), description="d" * 1001), ["route.description"]),
        ("-bad", RouteInput(model_pattern="x", target=T("openai")), ["route_id"]),
        (
            "Bad",
            RouteInput(model_pattern="", description="d" * 1001),
            ["route.model_pattern", "route.target.provider", "route.description", "route_id"],
        ),
    ],
)
def test_route_input(route_id, inp, fields):
    if fields:
        assert fields_of(lambda: check_route_input(route_id, inp)) == fields
    else:
        check_route_input(route_id, inp)


@pytest.mark.parametrize(
    ("patch", "fields"),
    [
        (RoutePatch(), []),
        (RoutePatch(priority=-3, enabled=False, description=""), []),
        (RoutePatch(fallbacks=()), []),
        (RoutePatch(model_pattern=""), ["route.model_pattern"]),
        (RoutePatch(target=T("")), ["route.target.provider"]),
        (RoutePatch(fallbacks=(T(""),)), ["route.fallbacks[0].provider"]),
        (RoutePatch(description="d" * 1001), ["route.description"]),
        (RoutePatch(model_pattern=UNSET, target=UNSET, fallbacks=(T("a"),) * 9), ["route.fallbacks"]),
    ],
)
def test_route_patch_checks_only_what_it_sets(patch, fields):
    if fields:
        assert fields_of(lambda: check_route_patch(patch)) == fields
    else:
        check_route_patch(patch)


# ------------------------------------------------------------------ client keys


@pytest.mark.parametrize(
    ("scopes", "refused"),
    [
        ({"chat"}, False),
        ({"admin"}, False),
        ({"chat", "admin"}, False),
        (set(), True),
        ({"root"}, True),
        ({"chat", "x"}, True),
    ],
)
def test_client_key_scopes(scopes, refused):
    if refused:
        assert fields_of(lambda: check_scopes(scopes)) == ["scopes"]
    else:
        check_scopes(scopes)
