"""TLS and mTLS on real loopback connections: the gRPC server (with and without a client
certificate, certificates renewed without a restart), the REST bridge over HTTPS with the
official openai SDK. Certificates come from a private CA made for each test."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import ssl
from pathlib import Path

import grpc
import httpx
import openai
import pytest
from cryptography import x509
from support.bridge_env import setup_routes
from support.certs import CertAuthority, Issued
from support.fakes.anthropic_replies import anthropic_message
from support.fakes.openai_replies import openai_completion
from support.fakes.server import FakeUpstream
from support.harness import Database, RunningServer

from llmrouter.v1 import chat_service_pb2 as c
from service.api import auth
from service.app import build_server
from service.core.config import Snapshot
from service.core.errors import PermissionDenied
from service.settings import StartupError


@pytest.fixture
def pki(tmp_path: Path):
    ca = CertAuthority.create(tmp_path / "ca")
    server = ca.issue(tmp_path / "server", "localhost", server=True)
    client = ca.issue(tmp_path / "client", "svc-a", server=False)
    return ca, server, client


def channel_creds(ca: Path, client: Issued | None = None) -> grpc.ChannelCredentials:
    cert, key = client.pem() if client is not None else (None, None)
    return grpc.ssl_channel_credentials(root_certificates=ca.read_bytes(), private_key=key, certificate_chain=cert)


@contextlib.asynccontextmanager
async def tls_server(database: Database, creds: grpc.ChannelCredentials, **overrides):
    settings = database.settings(**overrides)
    server = build_server(settings)
    await server.start()
    channel = grpc.aio.secure_channel(f"localhost:{server.port}", creds)
    try:
        yield RunningServer(server, channel, settings)
    finally:
        await channel.close()
        await server.stop(grace=1.0)


async def list_models(target: str, creds: grpc.ChannelCredentials) -> c.ListModelsResponse:
    async with grpc.aio.secure_channel(target, creds) as ch:
        return await c_stub(ch).ListModels(c.ListModelsRequest(), timeout=5)


def c_stub(ch):
    from llmrouter.v1 import chat_service_pb2_grpc

    return chat_service_pb2_grpc.ChatServiceStub(ch)


def tls_settings(server: Issued, ca: CertAuthority | None = None) -> dict[str, str]:
    out = {"tls_cert_file": str(server.cert), "tls_key_file": str(server.key)}
    if ca is not None:
        out["tls_client_ca_file"] = str(ca.cert)
    return out


async def test_grpc_over_tls_serves_a_client_that_trusts_the_ca(database, pki, caplog):
    ca, server, _ = pki
    caplog.set_level(logging.INFO, logger="service.app")
    async with tls_server(database, channel_creds(ca.cert), **tls_settings(server)) as srv:
        got = await srv.chat.ListModels(c.ListModelsRequest(), timeout=5)
        assert got is not None
        # a plaintext client gets nothing from a TLS port
        async with grpc.aio.insecure_channel(f"127.0.0.1:{srv.server.port}") as plain:
            with pytest.raises(grpc.aio.AioRpcError) as err:
                await c_stub(plain).ListModels(c.ListModelsRequest(), timeout=3)
            assert err.value.code() == grpc.StatusCode.UNAVAILABLE
        # a client that does not trust the CA refuses the server
        other = CertAuthority.create(Path(str(server.cert)).parent.parent / "other-ca", "another CA")
        with pytest.raises(grpc.aio.AioRpcError) as err:
            await list_models(f"localhost:{srv.server.port}", channel_creds(other.cert))
        assert err.value.code() == grpc.StatusCode.UNAVAILABLE
    serving = [r for r in caplog.records if r.getMessage() == "llmrouter serving"]
    assert serving and serving[0].tls == "tls" and serving[0].protection == "none: loopback callers only"


async def test_mtls_refuses_a_client_without_a_certificate(database, pki, caplog):
    ca, server, client = pki
    caplog.set_level(logging.INFO, logger="service.app")
    async with tls_server(database, channel_creds(ca.cert, client), **tls_settings(server, ca)) as srv:
        assert await srv.chat.ListModels(c.ListModelsRequest(), timeout=5) is not None
        target = f"localhost:{srv.server.port}"
        with pytest.raises(grpc.aio.AioRpcError) as err:
            await list_models(target, channel_creds(ca.cert))  # no client certificate
        assert err.value.code() == grpc.StatusCode.UNAVAILABLE
        # a certificate from another CA is refused too
        other = CertAuthority.create(Path(str(client.cert)).parent.parent / "rogue-ca", "rogue CA")
        rogue = other.issue(Path(str(client.cert)).parent.parent / "rogue", "svc-x", server=False)
        with pytest.raises(grpc.aio.AioRpcError) as err:
            await list_models(target, channel_creds(ca.cert, rogue))
        assert err.value.code() == grpc.StatusCode.UNAVAILABLE
    serving = [r for r in caplog.records if r.getMessage() == "llmrouter serving"]
    assert serving and serving[0].tls == "mtls" and serving[0].protection == "mTLS"


async def test_renewed_certificate_is_served_without_a_restart(database, pki, tmp_path):
    ca, server, _ = pki
    async with tls_server(database, channel_creds(ca.cert), **tls_settings(server)) as srv:
        target = f"localhost:{srv.server.port}"
        assert await list_models(target, channel_creds(ca.cert)) is not None
        # renewal: a new CA issues a certificate written over the same files
        new_ca = CertAuthority.create(tmp_path / "new-ca", "new CA")
        renewed = new_ca.issue(Path(str(server.cert)).parent, "localhost", server=True)
        assert renewed.cert == server.cert
        assert await list_models(target, channel_creds(new_ca.cert)) is not None
        presented = x509.load_pem_x509_certificate(
            (await asyncio.to_thread(ssl.get_server_certificate, ("127.0.0.1", srv.server.port))).encode()
        )
        assert presented.serial_number == renewed.serial
        with pytest.raises(grpc.aio.AioRpcError):
            await list_models(target, channel_creds(ca.cert))  # the old CA no longer vouches for the server


async def test_half_written_renewal_keeps_the_previous_certificate(database, pki, tmp_path):
    ca, server, _ = pki
    async with tls_server(database, channel_creds(ca.cert), **tls_settings(server)) as srv:
        target = f"localhost:{srv.server.port}"
        other = ca.issue(tmp_path / "next", "localhost", server=True)
        server.cert.write_bytes(other.cert.read_bytes())  # the new certificate, the old key: not a pair
        assert await list_models(target, channel_creds(ca.cert)) is not None
        presented = x509.load_pem_x509_certificate(
            (await asyncio.to_thread(ssl.get_server_certificate, ("127.0.0.1", srv.server.port))).encode()
        )
        assert presented.serial_number == server.serial


async def test_incomplete_tls_settings_stop_start_up(tmp_path, pki):
    _, server, _ = pki
    db = Database("sqlite", "", tmp_path / "data")
    for bad in ({"tls_cert_file": str(server.cert)}, {"tls_client_ca_file": str(server.cert)}):
        srv = build_server(db.settings(**bad))
        with pytest.raises(StartupError, match="LLMROUTER_TLS_"):
            await srv.start()
    srv = build_server(db.settings(tls_cert_file=str(server.cert), tls_key_file=str(tmp_path / "missing.pem")))
    with pytest.raises(StartupError, match=r"missing\.pem"):
        await srv.start()
    srv = build_server(db.settings(upstream_ca_bundle=str(tmp_path / "no-bundle.pem")))
    with pytest.raises(StartupError, match=r"no-bundle\.pem"):
        await srv.start()


def test_protected_mode_serves_a_verified_client_certificate_from_the_network():
    empty = Snapshot(version=1)
    method = "/llmrouter.v1.ChatService/ListModels"
    assert auth.check(empty, method, (), "ipv4:10.1.2.3:5555", lambda: [b"svc-a"]) == ""
    with pytest.raises(PermissionDenied, match="mTLS"):
        auth.check(empty, method, (), "ipv4:10.1.2.3:5555", lambda: None)


def _client_ssl(ca: CertAuthority, client: Issued | None = None) -> ssl.SSLContext:
    ctx = ssl.create_default_context(cafile=str(ca.cert))
    if client is not None:
        ctx.load_cert_chain(str(client.cert), str(client.key))
    return ctx


async def test_bridge_over_https_with_the_openai_and_anthropic_sdks_and_mtls(tmp_path, pki):
    ca, server, client = pki
    db = Database("sqlite", "", tmp_path / "data")
    async with (
        FakeUpstream.start() as up,
        tls_server(
            db,
            channel_creds(ca.cert, client),
            http="127.0.0.1:0",
            max_attempts_per_target=1,
            **tls_settings(server, ca),
        ) as srv,
    ):
        await setup_routes(srv, up)
        bridge = srv.server._bridge
        assert bridge is not None and bridge.url.startswith("https://127.0.0.1:")
        up.script(openai_completion("hello over TLS"))
        async with httpx.AsyncClient(verify=_client_ssl(ca, client)) as http:
            sdk = openai.AsyncOpenAI(base_url=f"{bridge.url}/v1", api_key="unused", http_client=http, max_retries=0)
            answer = await sdk.chat.completions.create(model="gpt-test", messages=[{"role": "user", "content": "hi"}])
        assert answer.choices[0].message.content == "hello over TLS"
        # the Anthropic SDK too, through the same HTTPS listener
        import anthropic

        up.script(anthropic_message("hello from claude over TLS"))
        claude = anthropic.AsyncAnthropic(
            base_url=bridge.url,
            api_key="unused",
            http_client=anthropic.DefaultAsyncHttpxClient(verify=_client_ssl(ca, client)),
            max_retries=0,
        )
        async with claude:
            msg = await claude.messages.create(
                model="claude-test", max_tokens=16, messages=[{"role": "user", "content": "hi"}]
            )
        assert msg.content[0].text == "hello from claude over TLS"
        # without a client certificate the bridge refuses the handshake
        async with httpx.AsyncClient(verify=_client_ssl(ca)) as http:
            sdk = openai.AsyncOpenAI(base_url=f"{bridge.url}/v1", api_key="unused", http_client=http, max_retries=0)
            with pytest.raises(openai.APIConnectionError):
                await sdk.models.list()


async def test_bridge_picks_up_a_renewed_certificate(tmp_path, pki):
    ca, server, _ = pki
    db = Database("sqlite", "", tmp_path / "data")
    async with tls_server(db, channel_creds(ca.cert), http="127.0.0.1:0", **tls_settings(server)) as srv:
        bridge = srv.server._bridge
        assert bridge is not None
        async with httpx.AsyncClient(verify=_client_ssl(ca)) as http:
            assert (await http.get(f"{bridge.url}/v1/models")).status_code == 200
        renewed = ca.issue(Path(str(server.cert)).parent, "localhost", server=True)
        for _ in range(50):  # the bridge looks at its files every second
            pem = await asyncio.to_thread(ssl.get_server_certificate, ("127.0.0.1", bridge.port))
            if x509.load_pem_x509_certificate(pem.encode()).serial_number == renewed.serial:
                break
            await asyncio.sleep(0.1)
        else:
            pytest.fail("the bridge still serves the previous certificate")


async def test_mtls_counts_as_protection_for_a_non_loopback_bind(database, pki, caplog):
    ca, server, client = pki
    # TLS alone protects nothing: without a client key the server still refuses to start
    plain_tls = build_server(database.settings(listen="0.0.0.0:0", **tls_settings(server)))
    with pytest.raises(StartupError, match="LLMROUTER_TLS_CLIENT_CA_FILE"):
        await plain_tls.start()
    caplog.set_level(logging.INFO, logger="service.app")
    async with tls_server(
        database, channel_creds(ca.cert, client), listen="0.0.0.0:0", **tls_settings(server, ca)
    ) as srv:
        assert await srv.chat.ListModels(c.ListModelsRequest(), timeout=5) is not None
    serving = [r for r in caplog.records if r.getMessage() == "llmrouter serving"]
    assert serving and serving[-1].protection == "mTLS"
