"""ProviderAdminService over real gRPC, on SQLite and PostgreSQL."""

from __future__ import annotations

import grpc
from google.protobuf import field_mask_pb2
from support.harness import expect_error, running_server

from llmrouter.v1 import provider_admin_service_pb2 as pa
from llmrouter.v1 import provider_pb2 as p

SEEDED = {"openai", "anthropic", "together", "groq", "fireworks", "mistral", "deepseek", "qwen", "glm", "local"}


async def list_all(stub, page_size=100):
    out, token = [], ""
    while True:
        resp = await stub.ListProviders(pa.ListProvidersRequest(page_size=page_size, page_token=token))
        out += resp.providers
        token = resp.next_page_token
        if not token:
            return out


async def create(srv, **kw):
    provider_id = kw.pop("provider_id", "")
    resp = await srv.providers.CreateProvider(
        pa.CreateProviderRequest(provider=p.Provider(**kw), provider_id=provider_id)
    )
    return resp.provider


async def test_builtins_seeded_and_templates(server):
    providers = await list_all(server.providers)
    assert {x.name.split("/")[1] for x in providers} == SEEDED
    assert all(x.builtin and not x.api_key_set for x in providers)
    groq = next(x for x in providers if x.name == "providers/groq")
    assert groq.api_type == p.API_TYPE_OPENAI and groq.base_url == "https://api.groq.com/openai/v1"
    templates = (await server.providers.ListProviderTemplates(pa.ListProviderTemplatesRequest())).templates
    ids = {t.id for t in templates}
    assert ids == SEEDED | {"custom-openai", "custom-anthropic"}
    by_id = {t.id: t for t in templates}
    assert by_id["anthropic"].api_type == p.API_TYPE_ANTHROPIC
    assert by_id["local"].api_type == p.API_TYPE_MLX and not by_id["local"].requires_api_key
    assert by_id["custom-openai"].default_base_url == ""


async def test_seeding_is_idempotent_across_restarts(database):
    for _ in range(3):
        async with running_server(database) as srv:
            providers = await list_all(srv.providers)
            assert sorted(x.name for x in providers) == sorted(f"providers/{i}" for i in SEEDED)


async def test_create_get_update_delete_with_key_never_returned(server):
    key = "sk-test-0123456789abcdefWXYZ"
    created = await create(
        server, display_name="Together Prod", template="together", api_key=key, provider_id="together-prod"
    )
    assert created.name == "providers/together-prod"
    assert created.api_type == p.API_TYPE_OPENAI
    assert created.base_url == "https://api.together.xyz/v1"  # template default
    assert created.api_key == "" and created.api_key_set
    assert created.api_key_hint == "...WXYZ"
    assert created.enabled and not created.builtin and created.etag
    assert created.create_time.seconds > 0
    assert key not in str(created)

    got = (await server.providers.GetProvider(pa.GetProviderRequest(name=created.name))).provider
    assert got == created

    upd = (
        await server.providers.UpdateProvider(
            pa.UpdateProviderRequest(
                provider=p.Provider(
                    name=created.name, display_name="Together Staging", enabled=False, etag=created.etag
                ),
                update_mask=field_mask_pb2.FieldMask(paths=["display_name", "enabled"]),
            )
        )
    ).provider
    assert upd.display_name == "Together Staging" and not upd.enabled
    assert upd.api_key_set and upd.etag != created.etag
    assert upd.base_url == created.base_url

    # Stale etag: ABORTED, and nothing changes.
    err = await expect_error(
        server.providers.UpdateProvider(
            pa.UpdateProviderRequest(
                provider=p.Provider(name=created.name, display_name="Lost update", etag=created.etag),
                update_mask=field_mask_pb2.FieldMask(paths=["display_name"]),
            )
        ),
        grpc.StatusCode.ABORTED,
    )
    assert "etag" in err.fields
    again = (await server.providers.GetProvider(pa.GetProviderRequest(name=created.name))).provider
    assert again.display_name == "Together Staging"

    # Clearing the key.
    cleared = (
        await server.providers.UpdateProvider(
            pa.UpdateProviderRequest(
                provider=p.Provider(name=created.name, api_key=""),
                update_mask=field_mask_pb2.FieldMask(paths=["api_key"]),
            )
        )
    ).provider
    assert not cleared.api_key_set and cleared.api_key_hint == ""

    await expect_error(
        server.providers.DeleteProvider(pa.DeleteProviderRequest(name=created.name, etag=created.etag)),
        grpc.StatusCode.ABORTED,
    )
    await server.providers.DeleteProvider(pa.DeleteProviderRequest(name=created.name, etag=cleared.etag))
    err = await expect_error(
        server.providers.GetProvider(pa.GetProviderRequest(name=created.name)), grpc.StatusCode.NOT_FOUND
    )
    assert err.resource == ("provider", "providers/together-prod")


async def test_short_keys_show_fewer_characters(server):
    created = await create(
        server, display_name="Shorty", template="custom-openai", base_url="http://127.0.0.1:9/v1", api_key="abcdef"
    )
    assert created.api_key_hint == "...ef"
    tiny = await create(
        server, display_name="Tiny", template="custom-openai", base_url="http://127.0.0.1:9/v1", api_key="ab"
    )
    assert tiny.api_key_hint == "..."


async def test_several_providers_of_one_api_type(server):
    a = await create(server, display_name="Groq EU", template="groq", api_key="gsk-1111")
    b = await create(server, display_name="My vLLM", api_type=p.API_TYPE_OPENAI, base_url="http://127.0.0.1:8000/v1")
    assert a.name == "providers/groq-eu" and b.name == "providers/my-vllm"
    assert b.template == "custom-openai"
    # Same display-name slug twice gets a distinct id.
    c = await create(server, display_name="My VLLM!", api_type=p.API_TYPE_OPENAI, base_url="http://127.0.0.1:8001/v1")
    assert c.name == "providers/my-vllm-2"


async def test_validation_errors_name_the_field(server):
    cases = [
        (
            dict(display_name="", api_type=p.API_TYPE_OPENAI, base_url="http://x.example/v1"),
            "provider.display_name",
            grpc.StatusCode.INVALID_ARGUMENT,
        ),
        (
            dict(display_name="No type", base_url="http://x.example/v1"),
            "provider.api_type",
            grpc.StatusCode.INVALID_ARGUMENT,
        ),
        (
            dict(display_name="Enum 99", api_type=99, base_url="http://x.example/v1"),
            "provider.api_type",
            grpc.StatusCode.INVALID_ARGUMENT,
        ),
        (
            dict(display_name="FTP", api_type=p.API_TYPE_OPENAI, base_url="ftp://x.example"),
            "provider.base_url",
            grpc.StatusCode.INVALID_ARGUMENT,
        ),
        (
            dict(display_name="No host", api_type=p.API_TYPE_OPENAI, base_url="http://"),
            "provider.base_url",
            grpc.StatusCode.INVALID_ARGUMENT,
        ),
        (
            dict(display_name="Creds", api_type=p.API_TYPE_OPENAI, base_url="https://u:pw@x.example"),
            "provider.base_url",
            grpc.StatusCode.INVALID_ARGUMENT,
        ),
        (
            dict(display_name="Custom no url", template="custom-anthropic"),
            "provider.base_url",
            grpc.StatusCode.INVALID_ARGUMENT,
        ),
        (dict(display_name="Bad template", template="nope"), "provider.template", grpc.StatusCode.INVALID_ARGUMENT),
        (
            dict(display_name="Mismatch", template="anthropic", api_type=p.API_TYPE_OPENAI),
            "provider.api_type",
            grpc.StatusCode.INVALID_ARGUMENT,
        ),
        (
            dict(display_name="Local key", api_type=p.API_TYPE_MLX, api_key="sk-x"),
            "provider.api_key",
            grpc.StatusCode.INVALID_ARGUMENT,
        ),
        (dict(display_name="Groq", template="groq"), "provider.display_name", grpc.StatusCode.ALREADY_EXISTS),
        (dict(display_name="groq", template="groq"), "provider.display_name", grpc.StatusCode.ALREADY_EXISTS),
    ]
    before = await list_all(server.providers)
    for kw, field, code in cases:
        err = await expect_error(
            server.providers.CreateProvider(pa.CreateProviderRequest(provider=p.Provider(**kw))), code
        )
        assert field in err.fields, (kw, err)
        assert err.domain == "llmrouter.dev"
    err = await expect_error(
        server.providers.CreateProvider(
            pa.CreateProviderRequest(provider=p.Provider(display_name="Bad id", template="groq"), provider_id="Bad_ID")
        ),
        grpc.StatusCode.INVALID_ARGUMENT,
    )
    assert "provider_id" in err.fields
    await expect_error(
        server.providers.CreateProvider(
            pa.CreateProviderRequest(provider=p.Provider(display_name="Dup id", template="groq"), provider_id="groq")
        ),
        grpc.StatusCode.ALREADY_EXISTS,
    )
    assert await list_all(server.providers) == before  # nothing stored


async def test_update_validation_and_builtin_rules(server):
    err = await expect_error(
        server.providers.UpdateProvider(
            pa.UpdateProviderRequest(
                provider=p.Provider(name="providers/openai", base_url="https://proxy.example/v1"),
                update_mask=field_mask_pb2.FieldMask(paths=["base_url"]),
            )
        ),
        grpc.StatusCode.FAILED_PRECONDITION,
    )
    assert "provider.base_url" in err.fields
    err = await expect_error(
        server.providers.DeleteProvider(pa.DeleteProviderRequest(name="providers/openai")),
        grpc.StatusCode.FAILED_PRECONDITION,
    )
    assert err.reason == "BUILTIN_IMMUTABLE"
    # A built-in can still get a key and be disabled.
    upd = (
        await server.providers.UpdateProvider(
            pa.UpdateProviderRequest(
                provider=p.Provider(name="providers/openai", api_key="sk-live-abcdefgh1234", enabled=False)
            )
        )
    ).provider
    assert upd.api_key_set and not upd.enabled and upd.api_key_hint == "...1234"
    err = await expect_error(
        server.providers.UpdateProvider(
            pa.UpdateProviderRequest(
                provider=p.Provider(name="providers/openai", api_type=p.API_TYPE_ANTHROPIC),
                update_mask=field_mask_pb2.FieldMask(paths=["api_type"]),
            )
        ),
        grpc.StatusCode.INVALID_ARGUMENT,
    )
    assert "update_mask.paths" in err.fields
    err = await expect_error(
        server.providers.UpdateProvider(pa.UpdateProviderRequest(provider=p.Provider(name="nope/x", display_name="x"))),
        grpc.StatusCode.INVALID_ARGUMENT,
    )
    assert "provider.name" in err.fields
    await expect_error(
        server.providers.UpdateProvider(
            pa.UpdateProviderRequest(provider=p.Provider(name="providers/missing", display_name="x"))
        ),
        grpc.StatusCode.NOT_FOUND,
    )
    err = await expect_error(
        server.providers.UpdateProvider(
            pa.UpdateProviderRequest(
                provider=p.Provider(name="providers/groq", display_name="OpenAI"),
                update_mask=field_mask_pb2.FieldMask(paths=["display_name"]),
            )
        ),
        grpc.StatusCode.ALREADY_EXISTS,
    )
    assert "provider.display_name" in err.fields
    custom = await create(server, display_name="Custom", api_type=p.API_TYPE_OPENAI, base_url="http://127.0.0.1:1/v1")
    err = await expect_error(
        server.providers.UpdateProvider(
            pa.UpdateProviderRequest(
                provider=p.Provider(name=custom.name, base_url="gopher://x"),
                update_mask=field_mask_pb2.FieldMask(paths=["base_url"]),
            )
        ),
        grpc.StatusCode.INVALID_ARGUMENT,
    )
    assert "provider.base_url" in err.fields
    moved = (
        await server.providers.UpdateProvider(
            pa.UpdateProviderRequest(
                provider=p.Provider(name=custom.name, base_url="https://other.example/v1/"),
                update_mask=field_mask_pb2.FieldMask(paths=["base_url"]),
            )
        )
    ).provider
    assert moved.base_url == "https://other.example/v1"


async def test_pagination_past_one_page(server):
    for i in range(7):
        await create(
            server, display_name=f"Page {i}", api_type=p.API_TYPE_OPENAI, base_url=f"http://127.0.0.1:{9000 + i}/v1"
        )
    names, token, pages = [], "", 0
    while True:
        resp = await server.providers.ListProviders(pa.ListProvidersRequest(page_size=4, page_token=token))
        assert len(resp.providers) <= 4
        names += [x.name for x in resp.providers]
        pages += 1
        token = resp.next_page_token
        if not token:
            break
    assert pages == 5  # 17 providers, 4 a page
    assert len(names) == len(set(names)) == 17
    assert names == sorted(names)
    err = await expect_error(
        server.providers.ListProviders(pa.ListProvidersRequest(page_token="garbage!")), grpc.StatusCode.INVALID_ARGUMENT
    )
    assert "page_token" in err.fields
    err = await expect_error(
        server.providers.ListProviders(pa.ListProvidersRequest(page_size=-1)), grpc.StatusCode.INVALID_ARGUMENT
    )
    assert "page_size" in err.fields


async def test_provider_models_one_default(server):
    parent = "providers/groq"
    a = (
        await server.providers.CreateProviderModel(
            pa.CreateProviderModelRequest(
                parent=parent, provider_model=p.ProviderModel(model_id="llama-3.1-8b-instant", is_default=True)
            )
        )
    ).provider_model
    assert a.name == "providers/groq/models/llama-3-1-8b-instant" and a.is_default
    b = (
        await server.providers.CreateProviderModel(
            pa.CreateProviderModelRequest(
                parent=parent,
                provider_model=p.ProviderModel(
                    model_id="meta-llama/Llama-4-Scout", display_name="Scout", is_default=True
                ),
            )
        )
    ).provider_model
    assert b.is_default
    models = (await server.providers.ListProviderModels(pa.ListProviderModelsRequest(parent=parent))).provider_models
    assert [m.is_default for m in models] == [False, True]
    assert [m.model_id for m in models] == ["llama-3.1-8b-instant", "meta-llama/Llama-4-Scout"]
    upd = (
        await server.providers.UpdateProviderModel(
            pa.UpdateProviderModelRequest(
                provider_model=p.ProviderModel(name=a.name, is_default=True),
                update_mask=field_mask_pb2.FieldMask(paths=["is_default"]),
            )
        )
    ).provider_model
    assert upd.is_default
    got = (await server.providers.GetProvider(pa.GetProviderRequest(name=parent))).provider
    assert [(m.model_id, m.is_default) for m in got.models] == [
        ("llama-3.1-8b-instant", True),
        ("meta-llama/Llama-4-Scout", False),
    ]

    err = await expect_error(
        server.providers.CreateProviderModel(
            pa.CreateProviderModelRequest(
                parent=parent, provider_model=p.ProviderModel(model_id="llama-3.1-8b-instant")
            )
        ),
        grpc.StatusCode.ALREADY_EXISTS,
    )
    assert "provider_model.model_id" in err.fields
    err = await expect_error(
        server.providers.CreateProviderModel(
            pa.CreateProviderModelRequest(parent=parent, provider_model=p.ProviderModel(model_id=""))
        ),
        grpc.StatusCode.INVALID_ARGUMENT,
    )
    assert "provider_model.model_id" in err.fields
    err = await expect_error(
        server.providers.CreateProviderModel(
            pa.CreateProviderModelRequest(
                parent=parent, provider_model=p.ProviderModel(model_id="x", source="/models/x")
            )
        ),
        grpc.StatusCode.INVALID_ARGUMENT,
    )
    assert "provider_model.source" in err.fields
    await expect_error(
        server.providers.CreateProviderModel(
            pa.CreateProviderModelRequest(parent="providers/none", provider_model=p.ProviderModel(model_id="x"))
        ),
        grpc.StatusCode.NOT_FOUND,
    )
    await expect_error(
        server.providers.UpdateProviderModel(
            pa.UpdateProviderModelRequest(
                provider_model=p.ProviderModel(name=b.name, display_name="x", etag=b.etag),
                update_mask=field_mask_pb2.FieldMask(paths=["display_name"]),
            )
        ),
        grpc.StatusCode.ABORTED,  # b changed when a became the default
    )
    await server.providers.DeleteProviderModel(pa.DeleteProviderModelRequest(name=b.name))
    await expect_error(
        server.providers.DeleteProviderModel(pa.DeleteProviderModelRequest(name=b.name)), grpc.StatusCode.NOT_FOUND
    )
    # Local MLX models keep a source.
    local = (
        await server.providers.CreateProviderModel(
            pa.CreateProviderModelRequest(
                parent="providers/local", provider_model=p.ProviderModel(model_id="tiny", source="/models/tiny")
            )
        )
    ).provider_model
    assert local.source == "/models/tiny"


async def test_model_pagination(server):
    for i in range(5):
        await server.providers.CreateProviderModel(
            pa.CreateProviderModelRequest(
                parent="providers/openai", provider_model=p.ProviderModel(model_id=f"gpt-{i}")
            )
        )
    seen, token = [], ""
    while True:
        resp = await server.providers.ListProviderModels(
            pa.ListProviderModelsRequest(parent="providers/openai", page_size=2, page_token=token)
        )
        seen += [m.model_id for m in resp.provider_models]
        token = resp.next_page_token
        if not token:
            break
    assert seen == [*(f"gpt-{i}" for i in range(5)), "gpt-4.1-mini"]  # with the seeded default model


async def test_restart_loses_nothing(database):
    async with running_server(database) as srv:
        created = await create(srv, display_name="Keeper", template="fireworks", api_key="fw-secret-9876")
        await srv.providers.CreateProviderModel(
            pa.CreateProviderModelRequest(
                parent=created.name,
                provider_model=p.ProviderModel(model_id="accounts/fireworks/models/llama", is_default=True),
            )
        )
        before = (await srv.providers.GetProvider(pa.GetProviderRequest(name=created.name))).provider
    async with running_server(database) as srv:
        after = (await srv.providers.GetProvider(pa.GetProviderRequest(name=created.name))).provider
        assert after == before
        assert after.api_key_hint == "...9876"


async def test_deleting_a_provider_with_models_needs_force(server):
    prov = await create(server, display_name="Has models", template="custom-openai", base_url="http://127.0.0.1:9/v1")
    await server.providers.CreateProviderModel(
        pa.CreateProviderModelRequest(parent=prov.name, provider_model=p.ProviderModel(model_id="m-1"))
    )
    err = await expect_error(
        server.providers.DeleteProvider(pa.DeleteProviderRequest(name=prov.name)), grpc.StatusCode.FAILED_PRECONDITION
    )
    assert err.reason == "PROVIDER_HAS_MODELS" and "force" in err.fields
    # Nothing was deleted.
    models = (await server.providers.ListProviderModels(pa.ListProviderModelsRequest(parent=prov.name))).provider_models
    assert [m.model_id for m in models] == ["m-1"]
    await server.providers.DeleteProvider(pa.DeleteProviderRequest(name=prov.name, force=True))
    await expect_error(server.providers.GetProvider(pa.GetProviderRequest(name=prov.name)), grpc.StatusCode.NOT_FOUND)
    # A provider without models needs no force.
    empty = await create(server, display_name="Empty", template="custom-openai", base_url="http://127.0.0.1:9/v1")
    await server.providers.DeleteProvider(pa.DeleteProviderRequest(name=empty.name))


async def test_model_capabilities_are_stored_updated_and_survive_a_restart(database):
    async with running_server(database) as srv:
        created = (
            await srv.providers.CreateProviderModel(
                pa.CreateProviderModelRequest(
                    parent="providers/local",
                    provider_model=p.ProviderModel(
                        model_id="vlm", source="/models/vlm", capabilities=p.ModelCapabilities(images=True)
                    ),
                )
            )
        ).provider_model
        caps = created.capabilities
        assert caps.HasField("images") and caps.images and not caps.HasField("documents")
        # An update that does not name capabilities keeps them; one that does replaces them.
        kept = (
            await srv.providers.UpdateProviderModel(
                pa.UpdateProviderModelRequest(provider_model=p.ProviderModel(name=created.name, display_name="VLM"))
            )
        ).provider_model
        assert kept.capabilities.images and kept.display_name == "VLM"
        changed = (
            await srv.providers.UpdateProviderModel(
                pa.UpdateProviderModelRequest(
                    provider_model=p.ProviderModel(
                        name=created.name, capabilities=p.ModelCapabilities(images=False, tools=False)
                    ),
                    update_mask=field_mask_pb2.FieldMask(paths=["capabilities"]),
                )
            )
        ).provider_model
        assert changed.capabilities.HasField("images") and not changed.capabilities.images
        assert changed.capabilities.HasField("tools") and not changed.capabilities.tools
    async with running_server(database) as srv:
        models = (
            await srv.providers.ListProviderModels(pa.ListProviderModelsRequest(parent="providers/local"))
        ).provider_models
        vlm = next(m for m in models if m.model_id == "vlm")
        assert vlm.capabilities.HasField("images") and not vlm.capabilities.images and not vlm.capabilities.tools
