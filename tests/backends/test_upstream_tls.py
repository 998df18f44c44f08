"""Upstream HTTPS on loopback with a private CA: HTTP/2 where the upstream offers it (hypercorn)
and HTTP/1.1 where it does not, the global CA bundle and a provider's own CAs, and a provider's
client certificate for an upstream that requires one (mTLS)."""

from __future__ import annotations

import ssl
from pathlib import Path

import grpc
import pytest
from google.protobuf import field_mask_pb2
from support.certs import CertAuthority
from support.cloud_setup import OPENAI_KEY, add_route, collect, stream_request
from support.fakes.h2 import H2Upstream
from support.fakes.openai_replies import openai_stream
from support.fakes.server import FakeUpstream
from support.harness import Database, expect_error, running_server

from llmrouter.v1 import provider_admin_service_pb2 as pa
from llmrouter.v1 import provider_pb2 as p
from service.backends.http.client import make_client
from service.backends.http.timeouts import HttpTimeouts
from service.tls import upstream_ssl_context


@pytest.fixture
def pki(tmp_path: Path):
    ca = CertAuthority.create(tmp_path / "ca")
    return ca, ca.issue(tmp_path / "upstream", "localhost", server=True)


def h1_context(ca: CertAuthority, cert: Path, key: Path, require_client: bool = False) -> ssl.SSLContext:
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(str(cert), str(key))
    ctx.set_alpn_protocols(["http/1.1"])
    if require_client:
        ctx.verify_mode = ssl.CERT_REQUIRED
        ctx.load_verify_locations(cafile=str(ca.cert))
    return ctx


async def test_the_upstream_client_speaks_http2_to_a_tls_upstream_that_offers_it(pki):
    ca, leaf = pki
    async with H2Upstream.start(leaf.cert, leaf.key) as up:
        client = make_client(HttpTimeouts(), verify=upstream_ssl_context(str(ca.cert)))
        try:
            r = await client.get(f"{up.openai_base_url}/models")
        finally:
            await client.aclose()
    assert r.status_code == 200 and r.http_version == "HTTP/2"
    assert up.served == [("/v1/models", "2")]


async def test_the_upstream_client_speaks_http1_where_http2_is_not_offered(pki):
    ca, leaf = pki
    async with FakeUpstream.start(ssl=h1_context(ca, leaf.cert, leaf.key)) as up:
        up.route("/v1/models", openai_stream(["x"]))
        client = make_client(HttpTimeouts(), verify=upstream_ssl_context(str(ca.cert)))
        try:
            async with client.stream("GET", f"https://localhost:{up.port}/v1/models") as r:
                version = r.http_version
        finally:
            await client.aclose()
    assert version == "HTTP/1.1"


async def test_chat_over_http2_with_the_global_ca_bundle(tmp_path, pki):
    ca, leaf = pki
    db = Database("sqlite", "", tmp_path / "data")
    async with (
        H2Upstream.start(leaf.cert, leaf.key, text="Hello over h2") as up,
        running_server(db, upstream_ca_bundle=str(ca.cert), max_attempts_per_target=1) as srv,
    ):
        await srv.providers.CreateProvider(
            pa.CreateProviderRequest(
                provider_id="h2",
                provider=p.Provider(
                    display_name="h2", template="custom-openai", base_url=up.openai_base_url, api_key=OPENAI_KEY
                ),
            )
        )
        await add_route(srv, "all", "*", ("h2", ""))
        text, _, _, summary, _ = await collect(srv.chat.StreamChat(stream_request("gpt-test")))
        assert text == "Hello over h2" and summary is not None
        assert up.served and all(version == "2" for _, version in up.served)


async def test_an_untrusted_upstream_certificate_is_refused(tmp_path, pki):
    _, leaf = pki
    db = Database("sqlite", "", tmp_path / "data")
    async with H2Upstream.start(leaf.cert, leaf.key) as up, running_server(db, max_attempts_per_target=1) as srv:
        await srv.providers.CreateProvider(
            pa.CreateProviderRequest(
                provider_id="untrusted",
                provider=p.Provider(
                    display_name="u", template="custom-openai", base_url=up.openai_base_url, api_key=OPENAI_KEY
                ),
            )
        )
        await add_route(srv, "all", "*", ("untrusted", ""))
        err = await expect_error(collect(srv.chat.StreamChat(stream_request("gpt-test"))), grpc.StatusCode.UNAVAILABLE)
        assert "certificate" in err.message.lower()
        assert up.served == []


async def test_a_provider_with_its_own_ca_and_client_certificate(database, pki, tmp_path):
    ca, leaf = pki
    client_cert = ca.issue(tmp_path / "gateway", "llmrouter", server=False)
    cert_pem, key_pem = (x.decode() for x in client_cert.pem())
    async with (
        FakeUpstream.start(ssl=h1_context(ca, leaf.cert, leaf.key, require_client=True)) as up,
        running_server(database, max_attempts_per_target=1) as srv,
    ):
        base = f"https://localhost:{up.port}/v1"
        created = (
            await srv.providers.CreateProvider(
                pa.CreateProviderRequest(
                    provider_id="mtls",
                    provider=p.Provider(
                        display_name="mtls",
                        template="custom-openai",
                        base_url=base,
                        api_key=OPENAI_KEY,
                        tls_ca_certificates=ca.cert.read_text(),
                        tls_client_certificate=cert_pem,
                        tls_client_key=key_pem,
                    ),
                )
            )
        ).provider
        assert created.tls_client_key_set and created.tls_client_key == ""
        assert created.tls_client_certificate == cert_pem
        await srv.providers.CreateProvider(
            pa.CreateProviderRequest(
                provider_id="no-cert",
                provider=p.Provider(
                    display_name="no-cert",
                    template="custom-openai",
                    base_url=base,
                    api_key=OPENAI_KEY,
                    tls_ca_certificates=ca.cert.read_text(),
                ),
            )
        )
        await add_route(srv, "with", "with-*", ("mtls", "gpt-test"))
        await add_route(srv, "without", "without-*", ("no-cert", "gpt-test"))
        up.script(openai_stream(["over ", "mTLS"]))
        text, _, _, _, _ = await collect(srv.chat.StreamChat(stream_request("with-cert")))
        assert text == "over mTLS"
        await expect_error(collect(srv.chat.StreamChat(stream_request("without-cert"))), grpc.StatusCode.UNAVAILABLE)
        # the certificate added by an update: the provider's client is rebuilt with it
        half = pa.UpdateProviderRequest(
            provider=p.Provider(name="providers/no-cert", tls_client_certificate=cert_pem),
            update_mask=field_mask_pb2.FieldMask(paths=["tls_client_certificate"]),
        )
        err = await expect_error(srv.providers.UpdateProvider(half), grpc.StatusCode.INVALID_ARGUMENT)
        assert "provider.tls_client_key" in err.fields
        whole = pa.UpdateProviderRequest(
            provider=p.Provider(name="providers/no-cert", tls_client_certificate=cert_pem, tls_client_key=key_pem),
            update_mask=field_mask_pb2.FieldMask(paths=["tls_client_certificate", "tls_client_key"]),
        )
        updated = (await srv.providers.UpdateProvider(whole)).provider
        assert updated.tls_client_key_set
        await srv.server.components.live.reload()
        up.script(openai_stream(["now ", "it works"]))
        text, _, _, _, _ = await collect(srv.chat.StreamChat(stream_request("without-cert")))
        assert text == "now it works"


async def test_unusable_tls_fields_are_refused_naming_the_field(server, pki, tmp_path):
    ca, leaf = pki
    other = ca.issue(tmp_path / "other", "x", server=False)

    def create(pid: str, **tls):
        return server.providers.CreateProvider(
            pa.CreateProviderRequest(
                provider_id=pid,
                provider=p.Provider(
                    display_name=pid, template="custom-openai", base_url="https://127.0.0.1:9/v1", api_key="k", **tls
                ),
            )
        )

    err = await expect_error(create("a", tls_ca_certificates="not a pem"), grpc.StatusCode.INVALID_ARGUMENT)
    assert "provider.tls_ca_certificates" in err.fields
    err = await expect_error(
        create("b", tls_client_certificate=leaf.cert.read_text()), grpc.StatusCode.INVALID_ARGUMENT
    )
    assert "provider.tls_client_key" in err.fields
    err = await expect_error(
        create("c", tls_client_certificate=leaf.cert.read_text(), tls_client_key=other.key.read_text()),
        grpc.StatusCode.INVALID_ARGUMENT,
    )
    assert "provider.tls_client_key" in err.fields
