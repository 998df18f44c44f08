"""Built-in providers come with their default models, seeded once: editable, never re-created."""

from __future__ import annotations

from google.protobuf import field_mask_pb2
from support.harness import running_server

from llmrouter.v1 import provider_admin_service_pb2 as pa
from llmrouter.v1 import provider_pb2 as p

DEFAULTS = {
    "openai": "gpt-4.1-mini",
    "anthropic": "claude-sonnet-4-5",
    "deepseek": "deepseek-chat",
    "qwen": "qwen-plus",
    "glm": "glm-4.5-flash",
}


async def models_of(srv, pid: str) -> list[tuple[str, bool]]:
    got = (await srv.providers.GetProvider(pa.GetProviderRequest(name=f"providers/{pid}"))).provider
    return [(m.model_id, m.is_default) for m in got.models]


async def test_default_models_seeded_once(database):
    async with running_server(database) as srv:
        for pid, model in DEFAULTS.items():
            assert await models_of(srv, pid) == [(model, True)], pid
        await srv.providers.DeleteProviderModel(
            pa.DeleteProviderModelRequest(name="providers/openai/models/gpt-4-1-mini")
        )
        await srv.providers.UpdateProviderModel(
            pa.UpdateProviderModelRequest(
                provider_model=p.ProviderModel(
                    name="providers/anthropic/models/claude-sonnet-4-5", display_name="Ours"
                ),
                update_mask=field_mask_pb2.FieldMask(paths=["display_name"]),
            )
        )
    # A restart (or another replica starting) seeds nothing again.
    async with running_server(database) as srv:
        assert await models_of(srv, "openai") == []
        got = (await srv.providers.GetProvider(pa.GetProviderRequest(name="providers/anthropic"))).provider
        assert [(m.model_id, m.display_name) for m in got.models] == [("claude-sonnet-4-5", "Ours")]
