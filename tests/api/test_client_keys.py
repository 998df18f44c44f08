"""ClientKeyService and the caller policy, through the real gRPC server and fake upstreams."""

from __future__ import annotations

import asyncio
import math
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import grpc
import pytest
from google.protobuf import field_mask_pb2
from google.protobuf.timestamp_pb2 import Timestamp
from support.cloud_setup import OPENAI_KEY, add_provider, add_route, collect, stream_request, user
from support.fakes.openai_replies import openai_stream
from support.fakes.server import FakeUpstream
from support.harness import expect_error

from llmrouter.v1 import chat_pb2, client_key_service_pb2_grpc, request_log_service_pb2_grpc
from llmrouter.v1 import chat_service_pb2 as cs
from llmrouter.v1 import client_key_pb2 as ck
from llmrouter.v1 import client_key_service_pb2 as cks
from llmrouter.v1 import provider_admin_service_pb2 as pa
from llmrouter.v1 import provider_pb2 as p
from llmrouter.v1 import request_log_service_pb2 as rls
from llmrouter.v1 import routing_service_pb2 as rs

CHAT = "/v1/chat/completions"


def bearer(secret: str) -> list[tuple[str, str]]:
    return [("authorization", f"Bearer {secret}")]


def mask(*paths: str) -> field_mask_pb2.FieldMask:
    return field_mask_pb2.FieldMask(paths=list(paths))


def ts(dt: datetime) -> Timestamp:
    t = Timestamp()
    t.FromDatetime(dt)
    return t


@pytest.fixture
async def up():
    async with FakeUpstream.start() as fake:
        fake.route(CHAT, lambda rec: openai_stream(["ok"]))
        yield fake


@pytest.fixture
def keys(server):
    return client_key_service_pb2_grpc.ClientKeyServiceStub(server.channel)


async def create(keys, md=None, **fields) -> tuple[ck.ClientKey, str]:
    resp = await keys.CreateClientKey(cks.CreateClientKeyRequest(client_key=ck.ClientKey(**fields)), metadata=md)
    return resp.client_key, resp.secret


async def test_client_key_lifecycle(server, keys, up):
    await add_provider(server, "oai", up.openai_base_url)
    await add_route(server, "all", "*", ("oai", ""))
    # Protected mode (no key yet): a loopback caller creates the first admin key over gRPC.
    admin, admin_secret = await create(keys, scopes=["admin"], description="ops")
    assert admin.name.startswith("clientKeys/") and admin_secret.startswith(f"llmr_{admin.name.split('/')[1]}_")
    md = bearer(admin_secret)
    chat, chat_secret = await create(keys, md, scopes=["chat"], description="svc-a")
    # The secret is returned once: never by Get or List.
    got = (await keys.GetClientKey(cks.GetClientKeyRequest(name=chat.name), metadata=md)).client_key
    assert got.description == "svc-a" and list(got.scopes) == ["chat"] and chat_secret not in str(got)
    page1 = await keys.ListClientKeys(cks.ListClientKeysRequest(page_size=1), metadata=md)
    assert [k.name for k in page1.client_keys] == [admin.name] and page1.next_page_token
    page2 = await keys.ListClientKeys(
        cks.ListClientKeysRequest(page_size=1, page_token=page1.next_page_token), metadata=md
    )
    assert [k.name for k in page2.client_keys] == [chat.name] and not page2.next_page_token
    # A chat key cannot administer keys.
    await expect_error(
        keys.ListClientKeys(cks.ListClientKeysRequest(), metadata=bearer(chat_secret)),
        grpc.StatusCode.PERMISSION_DENIED,
    )
    # Bad input names the field.
    err = await expect_error(create(keys, md, scopes=["root"]), grpc.StatusCode.INVALID_ARGUMENT)
    assert "client_key.scopes" in err.fields

    async def chat_ok(secret: str) -> None:
        text, *_ = await collect(server.chat.StreamChat(stream_request("gpt-x"), metadata=bearer(secret)))
        assert text == "ok"

    await chat_ok(chat_secret)
    # Disabled: refused; enabled again: served.
    upd = await keys.UpdateClientKey(
        cks.UpdateClientKeyRequest(
            client_key=ck.ClientKey(name=chat.name, disabled=True), update_mask=mask("disabled")
        ),
        metadata=md,
    )
    assert upd.client_key.disabled and upd.client_key.etag != chat.etag
    err = await expect_error(
        collect(server.chat.StreamChat(stream_request("gpt-x"), metadata=bearer(chat_secret))),
        grpc.StatusCode.UNAUTHENTICATED,
    )
    assert "disabled" in err.message
    await keys.UpdateClientKey(
        cks.UpdateClientKeyRequest(
            client_key=ck.ClientKey(name=chat.name, disabled=False), update_mask=mask("disabled")
        ),
        metadata=md,
    )
    await chat_ok(chat_secret)
    # Expired: refused.
    await keys.UpdateClientKey(
        cks.UpdateClientKeyRequest(
            client_key=ck.ClientKey(name=chat.name, expire_time=ts(datetime.now(UTC) - timedelta(seconds=1))),
            update_mask=mask("expire_time"),
        ),
        metadata=md,
    )
    err = await expect_error(
        collect(server.chat.StreamChat(stream_request("gpt-x"), metadata=bearer(chat_secret))),
        grpc.StatusCode.UNAUTHENTICATED,
    )
    assert "expired" in err.message
    # A stale etag is refused; delete: the key is refused from then on.
    await expect_error(
        keys.DeleteClientKey(cks.DeleteClientKeyRequest(name=chat.name, etag=chat.etag), metadata=md),
        grpc.StatusCode.ABORTED,
    )
    await keys.DeleteClientKey(cks.DeleteClientKeyRequest(name=chat.name), metadata=md)
    await expect_error(
        keys.GetClientKey(cks.GetClientKeyRequest(name=chat.name), metadata=md), grpc.StatusCode.NOT_FOUND
    )
    await expect_error(
        collect(server.chat.StreamChat(stream_request("gpt-x"), metadata=bearer(chat_secret))),
        grpc.StatusCode.UNAUTHENTICATED,
    )
    # The request log names callers by key id, never by secret.
    logs = request_log_service_pb2_grpc.RequestLogServiceStub(server.channel)
    entries = (await logs.ListRequestLogs(rls.ListRequestLogsRequest(), metadata=md)).entries
    ok = [e for e in entries if e.status == "OK"]
    assert ok and {e.caller_key_id for e in ok} == {chat.name.split("/")[1]}
    assert chat_secret not in str(entries)


async def test_deleted_key_ends_open_stream(server, keys, up):
    await add_provider(server, "oai", up.openai_base_url, api_key=OPENAI_KEY)
    await add_route(server, "all", "*", ("oai", ""))
    _, admin_secret = await create(keys, scopes=["admin"])
    md = bearer(admin_secret)
    chat, chat_secret = await create(keys, md, scopes=["chat"])
    up.script(openai_stream(["a"] * 3 + ["never"], delays={4: math.inf}))
    call = server.chat.StreamChat(stream_request("gpt-x"), metadata=bearer(chat_secret))
    first = await call.read()
    assert first.HasField("delta")
    await keys.DeleteClientKey(cks.DeleteClientKeyRequest(name=chat.name), metadata=md)

    async def rest() -> None:
        while await call.read() is not grpc.aio.EOF:
            pass

    err = await expect_error(asyncio.wait_for(rest(), 5.0), grpc.StatusCode.UNAUTHENTICATED)
    assert err.reason == "BAD_CREDENTIALS" and err.metadata.get("client_key") == chat.name
    # The upstream request was cancelled with it.
    assert await up.last.wait_disconnected(5.0)


async def test_caller_policy(server, keys, up):
    async with FakeUpstream.start() as other:
        other.route(CHAT, lambda rec: openai_stream(["other"]))
        await add_provider(server, "oai", up.openai_base_url)
        await add_provider(server, "alt", other.openai_base_url)
        # A provider with no stored key: usable only with a caller's own key.
        await server.providers.CreateProvider(
            pa.CreateProviderRequest(
                provider_id="byok",
                provider=p.Provider(display_name="BYOK only", template="custom-openai", base_url=other.openai_base_url),
            )
        )
        await add_route(server, "gpt", "gpt-*", ("oai", ""))
        _, admin_secret = await create(keys, scopes=["admin"])
        md = bearer(admin_secret)
        caller, secret = await create(
            keys,
            md,
            scopes=["chat"],
            default_model="gpt-default",
            allowed_models=["gpt-*", "own-*"],
            allowed_providers=["oai", "byok"],
            default_generation=chat_pb2.GenerationDefaults(max_tokens=77, temperature=0.5),
            provider_keys=[ck.CallerProviderKey(provider="providers/byok", api_key="sk-caller-own-key-12345")],
        )
        # The caller's own key is never returned: only its hint.
        assert [(k.provider, k.api_key, k.api_key_hint) for k in caller.provider_keys] == [
            ("providers/byok", "", "...2345")
        ]
        cmd = bearer(secret)

        # No model: the caller's default model, with its default generation settings.
        text, _, _, summary, _ = await collect(
            server.chat.StreamChat(cs.StreamChatRequest(messages=[user("Hi")]), metadata=cmd)
        )
        assert text == "ok" and summary.served_by.model == "gpt-default"
        body = up.last.json()
        assert body["model"] == "gpt-default" and body["max_tokens"] == 77 and body["temperature"] == 0.5
        # The request's own settings win over the defaults.
        await collect(
            server.chat.StreamChat(
                stream_request("gpt-4o", generation=chat_pb2.GenerationConfig(max_tokens=5)), metadata=cmd
            )
        )
        assert up.last.json()["max_tokens"] == 5
        # A model outside allowed_models: PERMISSION_DENIED naming it.
        err = await expect_error(
            collect(server.chat.StreamChat(stream_request("claude-x"), metadata=cmd)), grpc.StatusCode.PERMISSION_DENIED
        )
        assert err.reason == "MODEL_NOT_ALLOWED" and err.metadata["model"] == "claude-x"
        # An explicit provider outside allowed_providers: PERMISSION_DENIED naming it.
        err = await expect_error(
            collect(server.chat.StreamChat(stream_request("gpt-4o", provider="providers/alt"), metadata=cmd)),
            grpc.StatusCode.PERMISSION_DENIED,
        )
        assert err.reason == "PROVIDER_NOT_ALLOWED" and err.metadata["provider"] == "providers/alt"
        # Bring your own key: the caller's key reaches the upstream, not the provider's (none here).
        text, *_ = await collect(
            server.chat.StreamChat(stream_request("own-model", provider="providers/byok"), metadata=cmd)
        )
        assert text == "other" and other.last.headers["authorization"] == "Bearer sk-caller-own-key-12345"
        # Without the caller's key the provider cannot serve.
        err = await expect_error(
            collect(server.chat.StreamChat(stream_request("own-model", provider="providers/byok"), metadata=md)),
            grpc.StatusCode.FAILED_PRECONDITION,
        )
        assert err.reason == "PROVIDER_KEY_MISSING"

        # The override provider serves before routes; ResolveRoute shows it for that caller.
        await keys.UpdateClientKey(
            cks.UpdateClientKeyRequest(
                client_key=ck.ClientKey(name=caller.name, override_provider="providers/byok"),
                update_mask=mask("override_provider"),
            ),
            metadata=md,
        )
        res = await server.routes.ResolveRoute(rs.ResolveRouteRequest(model="gpt-4o", caller=caller.name), metadata=md)
        assert res.match_kind == rs.MATCH_KIND_CALLER_OVERRIDE and [t.provider for t in res.targets] == [
            "providers/byok"
        ]
        text, *_ = await collect(server.chat.StreamChat(stream_request("gpt-4o"), metadata=cmd))
        assert text == "other" and other.last.headers["authorization"] == "Bearer sk-caller-own-key-12345"
        # Without a caller: the route.
        res = await server.routes.ResolveRoute(rs.ResolveRouteRequest(model="gpt-4o"), metadata=md)
        assert res.match_kind == rs.MATCH_KIND_ROUTE
        res = await server.routes.ResolveRoute(rs.ResolveRouteRequest(caller=caller.name), metadata=md)
        assert res.model == "gpt-default"
        # Updating provider_keys without a key keeps the stored one; an empty list removes it.
        upd = await keys.UpdateClientKey(
            cks.UpdateClientKeyRequest(
                client_key=ck.ClientKey(
                    name=caller.name, provider_keys=[ck.CallerProviderKey(provider="providers/byok")]
                ),
                update_mask=mask("provider_keys"),
            ),
            metadata=md,
        )
        assert upd.client_key.provider_keys[0].api_key_hint == "...2345"
        await keys.UpdateClientKey(
            cks.UpdateClientKeyRequest(
                client_key=ck.ClientKey(name=caller.name), update_mask=mask("provider_keys", "override_provider")
            ),
            metadata=md,
        )
        await expect_error(
            collect(server.chat.StreamChat(stream_request("own-model", provider="providers/byok"), metadata=cmd)),
            grpc.StatusCode.FAILED_PRECONDITION,
        )
        await expect_error(
            server.routes.ResolveRoute(rs.ResolveRouteRequest(model="x", caller="clientKeys/0000"), metadata=md),
            grpc.StatusCode.NOT_FOUND,
        )


async def test_no_model_takes_the_first_usable_default(server, up):
    await add_provider(server, "oai", up.openai_base_url)
    await server.providers.CreateProviderModel(
        pa.CreateProviderModelRequest(
            parent="providers/oai", provider_model=p.ProviderModel(model_id="gpt-house", is_default=True)
        )
    )
    text, _, _, summary, _ = await collect(server.chat.StreamChat(cs.StreamChatRequest(messages=[user("Hi")])))
    assert text == "ok" and summary.served_by.model == "gpt-house" and summary.served_by.provider == "providers/oai"
    await asyncio.sleep(0)


async def test_model_default_generation_settings(server, keys, up):
    await add_provider(server, "oai", up.openai_base_url)
    made = (
        await server.providers.CreateProviderModel(
            pa.CreateProviderModelRequest(
                parent="providers/oai",
                provider_model=p.ProviderModel(
                    model_id="gpt-tuned",
                    default_generation=chat_pb2.GenerationDefaults(max_tokens=123, temperature=0.1),
                ),
            )
        )
    ).provider_model
    assert made.default_generation.max_tokens == 123
    await collect(server.chat.StreamChat(stream_request("gpt-tuned")))
    body = up.last.json()
    assert body["max_tokens"] == 123 and body["temperature"] == 0.1
    # The request's own settings win; then the caller's defaults; then the model's.
    await collect(
        server.chat.StreamChat(stream_request("gpt-tuned", generation=chat_pb2.GenerationConfig(max_tokens=9)))
    )
    assert up.last.json()["max_tokens"] == 9 and up.last.json()["temperature"] == 0.1
    err = await expect_error(
        server.providers.CreateProviderModel(
            pa.CreateProviderModelRequest(
                parent="providers/oai",
                provider_model=p.ProviderModel(
                    model_id="bad", default_generation=chat_pb2.GenerationDefaults(max_tokens=-1)
                ),
            )
        ),
        grpc.StatusCode.INVALID_ARGUMENT,
    )
    assert "provider_model.default_generation.max_tokens" in err.fields
    _, secret = await create(keys, scopes=["chat"], default_generation=chat_pb2.GenerationDefaults(max_tokens=50))
    await collect(server.chat.StreamChat(stream_request("gpt-tuned"), metadata=bearer(secret)))
    assert up.last.json()["max_tokens"] == 50 and up.last.json()["temperature"] == 0.1


def cli(database, *args: str) -> str:
    env = dict(
        os.environ,
        LLMROUTER_DATA_DIR=str(database.data_dir),
        LLMROUTER_DATABASE_URL=database.url,
        LLMROUTER_ENCRYPTION_KEY=database.encryption_key,
        LLMROUTER_LOG_LEVEL="WARNING",
    )
    out = subprocess.run(
        [sys.executable, "-m", "service.cli", *args], env=env, capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


async def test_key_revoked_by_another_process_ends_open_stream(database, server, keys, up):
    """The CLI (another process, as another replica would be) revokes the key: the server sees
    the change at its next configuration check and ends the stream."""
    await add_provider(server, "oai", up.openai_base_url)
    await add_route(server, "all", "*", ("oai", ""))
    chat, secret = await create(keys, scopes=["chat"])
    up.script(openai_stream(["a", "never"], delays={2: math.inf}))
    call = server.chat.StreamChat(stream_request("gpt-x"), metadata=bearer(secret))
    assert (await call.read()).HasField("delta")
    key_id = chat.name.split("/")[1]
    await asyncio.to_thread(cli, database, "keys", "revoke", key_id)
    assert f"{key_id}\tchat\trevoked" in await asyncio.to_thread(cli, database, "keys", "list")

    async def rest() -> None:
        while await call.read() is not grpc.aio.EOF:
            pass

    # The poll interval here is 0.5 s; the wait allows for a loaded machine.
    err = await expect_error(asyncio.wait_for(rest(), 10.0), grpc.StatusCode.UNAUTHENTICATED)
    assert err.metadata.get("client_key") == chat.name


async def test_key_expiring_during_a_stream_ends_it(server, keys, up):
    await add_provider(server, "oai", up.openai_base_url)
    await add_route(server, "all", "*", ("oai", ""))
    _, admin_secret = await create(keys, scopes=["admin"])
    chat, secret = await create(
        keys, bearer(admin_secret), scopes=["chat"], expire_time=ts(datetime.now(UTC) + timedelta(seconds=2))
    )
    up.script(openai_stream(["a", "never"], delays={2: math.inf}))
    call = server.chat.StreamChat(stream_request("gpt-x"), metadata=bearer(secret))
    assert (await call.read()).HasField("delta")

    async def rest() -> None:
        while await call.read() is not grpc.aio.EOF:
            pass

    err = await expect_error(asyncio.wait_for(rest(), 10.0), grpc.StatusCode.UNAUTHENTICATED)
    assert err.metadata.get("client_key") == chat.name
