"""Provider URLs: link-local and cloud-metadata hosts refused at create and update (nothing is
connected: the URL is checked as written), loopback and private ranges accepted, and the
deliberate exception through LLMROUTER_EGRESS_ALLOW."""

from __future__ import annotations

import grpc
from google.protobuf import field_mask_pb2
from support.harness import expect_error, running_server

from llmrouter.v1 import provider_admin_service_pb2 as pa
from llmrouter.v1 import provider_pb2 as p


def create(srv, pid: str, base_url: str):
    return srv.providers.CreateProvider(
        pa.CreateProviderRequest(
            provider=p.Provider(display_name=pid, template="custom-openai", base_url=base_url, api_key="sk-x"),
            provider_id=pid,
        )
    )


async def test_metadata_hosts_are_refused_naming_base_url(server):
    for i, url in enumerate(
        ("http://169.254.169.254/v1", "http://metadata.google.internal/v1", "http://[fd00:ec2::254]/v1")
    ):
        err = await expect_error(create(server, f"meta-{i}", url), grpc.StatusCode.INVALID_ARGUMENT)
        assert "provider.base_url" in err.fields
        assert "LLMROUTER_EGRESS_ALLOW" in err.fields["provider.base_url"]
    listed = await server.providers.ListProviders(pa.ListProvidersRequest())
    assert not [x for x in listed.providers if x.name.startswith("providers/meta-")]


async def test_loopback_and_private_hosts_are_normal_targets(server):
    for i, url in enumerate(("http://127.0.0.1:8000/v1", "http://10.0.0.7:8000/v1", "http://192.168.1.9/v1")):
        created = (await create(server, f"self-hosted-{i}", url)).provider
        assert created.base_url == url


async def test_update_to_a_metadata_address_is_refused(server):
    created = (await create(server, "moving", "http://127.0.0.1:8000/v1")).provider
    req = pa.UpdateProviderRequest(
        provider=p.Provider(name=created.name, base_url="http://169.254.169.254/latest"),
        update_mask=field_mask_pb2.FieldMask(paths=["base_url"]),
    )
    err = await expect_error(server.providers.UpdateProvider(req), grpc.StatusCode.INVALID_ARGUMENT)
    assert "provider.base_url" in err.fields
    got = (await server.providers.GetProvider(pa.GetProviderRequest(name=created.name))).provider
    assert got.base_url == "http://127.0.0.1:8000/v1"


async def test_a_deliberate_exception_is_accepted(database):
    async with running_server(database, egress_allow="169.254.10.0/24") as srv:
        created = (await create(srv, "allowed", "http://169.254.10.5:8000/v1")).provider
        assert created.base_url == "http://169.254.10.5:8000/v1"
        await expect_error(create(srv, "still-refused", "http://169.254.169.254/v1"), grpc.StatusCode.INVALID_ARGUMENT)


async def test_verify_failure_text_is_short_and_redacted(tmp_path):
    from support.fakes.openai_replies import openai_error
    from support.fakes.server import FakeUpstream, JSONReply
    from support.harness import Database

    key = "sk-live-0123456789abcdefghij"
    async with FakeUpstream.start() as up, running_server(Database("sqlite", "", tmp_path / "data")) as srv:
        await srv.providers.CreateProvider(
            pa.CreateProviderRequest(
                provider=p.Provider(
                    display_name="echo", template="custom-openai", base_url=up.openai_base_url, api_key=key
                ),
                provider_id="echo",
            )
        )
        up.script(openai_error(401, f"Incorrect API key provided: {key}. " + "details " * 400))
        res = await srv.providers.VerifyProvider(pa.VerifyProviderRequest(name="providers/echo", model="m"))
        assert not res.ok and res.failure_kind == pa.VERIFY_FAILURE_KIND_BAD_KEY
        assert "Incorrect API key" in res.message
        assert len(res.message) <= 300
        assert key not in res.message and key[-12:] not in res.message

        # Discover: an answer that is not a model list is echoed short and redacted too
        up.script(JSONReply(f"<html>proxy says: your key {key} " + "x" * 5000 + "</html>"))
        err = await expect_error(
            srv.providers.DiscoverProviderModels(pa.DiscoverProviderModelsRequest(name="providers/echo")),
            grpc.StatusCode.UNAVAILABLE,
        )
        assert "proxy says" in err.message and len(err.message) <= 400
        assert key not in err.message and key[-12:] not in err.message
