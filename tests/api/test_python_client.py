"""The hand-written Python client (llmrouter.client) against the real server."""

from __future__ import annotations

import asyncio
import contextlib
import datetime
import ipaddress
import ssl
import time

import grpc
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from support.cloud_setup import add_provider, add_route
from support.fakes.openai_replies import openai_completion, openai_embeddings, openai_error, openai_stream
from support.fakes.server import FakeUpstream
from support.harness import Database, running_server

from llmrouter.client import Client, LLMRouterError


@pytest.fixture
async def env(server):
    async with FakeUpstream.start() as up:
        await add_provider(server, "oai", up.openai_base_url)
        await add_route(server, "gpt", "gpt-*", ("oai", ""))
        async with Client(server.address) as llm:
            yield llm, up


async def test_stream_text_and_chat(env):
    llm, up = env
    up.script(openai_stream(["Hel", "lo"]), openai_completion("Hi there"))
    text = "".join(
        [
            t
            async for t in llm.stream_text(
                "gpt-4o", [{"role": "system", "content": "Be brief"}, {"role": "user", "content": "Hi"}], max_tokens=5
            )
        ]
    )
    assert text == "Hello"
    assert up.requests[0].json()["messages"][0] == {"role": "system", "content": "Be brief"}
    assert up.requests[0].json()["max_tokens"] == 5
    reply = await llm.chat("gpt-4o", [{"role": "user", "content": "Hi"}], temperature=0.1)
    assert reply.message.content == "Hi there" and reply.summary.served_by.provider == "providers/oai"
    assert {m.id for m in await llm.list_models()} >= {"gpt-*"}


async def test_errors_carry_their_details(env):
    llm, up = env
    with pytest.raises(LLMRouterError) as info:
        await llm.chat("nothing-routes-here", [{"role": "user", "content": "Hi"}])
    assert info.value.code == grpc.StatusCode.NOT_FOUND and info.value.reason == "NO_ROUTE"
    with pytest.raises(LLMRouterError) as info:
        await llm.chat("gpt-4o", [])
    assert "messages" in info.value.field_violations
    up.route("/v1/chat/completions", openai_error(429, "slow down", headers={"Retry-After": "7"}))
    with pytest.raises(LLMRouterError) as info:
        async for _ in llm.stream_chat("gpt-4o", [{"role": "user", "content": "Hi"}], timeout=3):
            pass
    assert info.value.code == grpc.StatusCode.RESOURCE_EXHAUSTED and info.value.retry_after == pytest.approx(7, abs=0.5)
    with pytest.raises(ValueError, match="unknown role"):
        await llm.chat("gpt-4o", [{"role": "wizard", "content": "x"}])


async def test_leaving_a_stream_early_stops_the_upstream(env):
    llm, up = env
    import math

    up.script(openai_stream(["a", "b", "c"], delays={3: math.inf}))
    async for msg in llm.stream_chat("gpt-4o", [{"role": "user", "content": "Hi"}]):
        assert msg.delta.text
        break
    assert await up.requests[0].wait_disconnected(2.0)


async def test_embeddings_and_administration(env):
    llm, up = env
    up.route("/v1/embeddings", openai_embeddings([[0.5, 0.25], [1.0, 0.0]]))
    await llm.create_route("emb", "emb-*", "oai")
    emb = await llm.embed("emb-small", ["a", "b"], dimensions=2)
    assert [list(e.values) for e in emb.embeddings] == [[0.5, 0.25], [1.0, 0.0]]
    assert up.last.json()["input"] == ["a", "b"] and up.last.json()["dimensions"] == 2

    made = await llm.create_provider("team", template="custom-openai", base_url=up.openai_base_url)
    assert made.name == "providers/team" and not made.api_key_set
    assert "providers/team" in {p.name for p in await llm.list_providers()}
    keyed = await llm.update_provider("team", api_key="sk-team-0123456789", etag=made.etag)
    assert keyed.api_key_set and keyed.api_key_hint.endswith("6789") and keyed.base_url == up.openai_base_url
    with pytest.raises(LLMRouterError) as info:
        await llm.update_provider("providers/team", display_name="stale", etag=made.etag)
    assert info.value.code == grpc.StatusCode.ABORTED and info.value.reason == "ETAG_MISMATCH"
    model = await llm.add_provider_model("team", "team-model", is_default=True)
    assert model.name == "providers/team/models/team-model"
    assert [m.model_id for m in await llm.list_provider_models("team")] == ["team-model"]
    route = await llm.create_route("t", "team-*", ("team", "team-model"), fallbacks=["oai"], priority=5)
    resolved = await llm.resolve_route("team-x")
    assert resolved.route == route.name == "routes/t"
    assert [(t.provider, t.model) for t in resolved.targets] == [
        ("providers/team", "team-model"),
        ("providers/oai", "team-x"),
    ]
    assert "routes/t" in {r.name for r in await llm.list_routes()}
    await llm.delete_route("t")
    with pytest.raises(LLMRouterError) as info:
        await llm.delete_provider("team")  # it still has a model
    assert info.value.code == grpc.StatusCode.FAILED_PRECONDITION and info.value.reason == "PROVIDER_HAS_MODELS"
    await llm.delete_provider("team", force=True)
    with pytest.raises(LLMRouterError) as info:
        await llm.get_provider("team")
    assert info.value.code == grpc.StatusCode.NOT_FOUND and info.value.resource == ("provider", "providers/team")


@pytest.fixture
async def strict_env(tmp_path):
    """One attempt per target: a rate-limited upstream is the caller's to retry."""
    async with (
        running_server(Database("sqlite", "", tmp_path / "data"), max_attempts_per_target=1) as srv,
        FakeUpstream.start() as up,
    ):
        await add_provider(srv, "oai", up.openai_base_url)
        await add_route(srv, "gpt", "gpt-*", ("oai", ""))
        yield srv, up


async def test_retries_wait_as_long_as_retry_info_says(strict_env):
    srv, up = strict_env
    limited = openai_error(429, "slow down", headers={"Retry-After": "1"})
    async with Client(srv.address, retries=1) as llm:
        up.script(limited, openai_stream(["Hel", "lo"]))
        started = time.monotonic()
        assert "".join([t async for t in llm.stream_text("gpt-4o", [{"role": "user", "content": "Hi"}])]) == "Hello"
        assert time.monotonic() - started >= 0.95 and len(up.requests) == 2
        up.script(limited, openai_completion("Hi there"))
        assert (await llm.chat("gpt-4o", [{"role": "user", "content": "Hi"}])).message.content == "Hi there"
        up.script(limited, limited)
        with pytest.raises(LLMRouterError) as info:  # retries used up
            await llm.chat("gpt-4o", [{"role": "user", "content": "Hi"}])
        assert info.value.code == grpc.StatusCode.RESOURCE_EXHAUSTED and info.value.retry_after == pytest.approx(1)
    async with Client(srv.address, retries=3, timeout=0.5) as llm:
        up.script(limited)
        started = time.monotonic()
        with pytest.raises(LLMRouterError) as info:  # the wait would pass the deadline: no retry
            await llm.chat("gpt-4o", [{"role": "user", "content": "Hi"}])
        assert info.value.code == grpc.StatusCode.RESOURCE_EXHAUSTED and time.monotonic() - started < 0.5


async def test_default_deadline_ends_a_silent_stream(strict_env):
    srv, up = strict_env
    up.script(openai_stream(["never"], delays={0: 5}))
    async with Client(srv.address, timeout=0.5) as llm:
        with pytest.raises(LLMRouterError) as info:
            async for _ in llm.stream_chat("gpt-4o", [{"role": "user", "content": "Hi"}]):
                pass
    assert info.value.code == grpc.StatusCode.DEADLINE_EXCEEDED


def tls_files(tmp_path):
    """A CA and a server certificate for 127.0.0.1 it signed (PEM bytes)."""
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.datetime.now(datetime.UTC)

    def cert(subject, issuer, signer, public_key, *, ca: bool, san=None):
        b = (
            x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
            .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, issuer)]))
            .public_key(public_key)
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=1))
            .not_valid_after(now + datetime.timedelta(hours=1))
            .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        )
        if san:
            b = b.add_extension(x509.SubjectAlternativeName(san), critical=False)
        return b.sign(signer, hashes.SHA256())

    ca = cert("test CA", "test CA", key, key.public_key(), ca=True)
    server_key = ec.generate_private_key(ec.SECP256R1())
    server = cert(
        "127.0.0.1",
        "test CA",
        key,
        server_key.public_key(),
        ca=False,
        san=[x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")],
    )
    pem = serialization.Encoding.PEM
    (tmp_path / "server.pem").write_bytes(server.public_bytes(pem))
    (tmp_path / "server.key").write_bytes(
        server_key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return ca.public_bytes(pem), tmp_path / "server.pem", tmp_path / "server.key"


@contextlib.asynccontextmanager
async def tls_terminator(tmp_path, target: str):
    """TLS in front of the server, as a load balancer or sidecar terminates it (ALPN h2)."""
    ca, cert_file, key_file = tls_files(tmp_path)
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(cert_file, key_file)
    ctx.set_alpn_protocols(["h2"])
    host, port = target.rsplit(":", 1)

    async def handle(reader, writer):
        ur, uw = await asyncio.open_connection(host, int(port))

        async def pipe(r, w):
            with contextlib.suppress(Exception):
                while data := await r.read(65536):
                    w.write(data)
                    await w.drain()
            w.close()

        await asyncio.gather(pipe(reader, uw), pipe(ur, writer))

    server = await asyncio.start_server(handle, "127.0.0.1", 0, ssl=ctx)
    try:
        yield ca, f"127.0.0.1:{server.sockets[0].getsockname()[1]}"
    finally:
        server.close()


async def test_tls_channel_and_client_key(strict_env, tmp_path):
    srv, up = strict_env
    _, key = await srv.server.components.store.client_keys.create({"chat"}, "tls test")
    for _ in range(100):  # the server picks up new keys within the poll interval
        if srv.server.components.live.snapshot.client_keys:
            break
        await asyncio.sleep(0.05)
    async with tls_terminator(tmp_path, srv.address) as (ca, address):
        up.script(openai_stream(["se", "cure"]))
        async with Client(address, tls=True, root_certificates=ca, api_key=key) as llm:
            assert (
                "".join([t async for t in llm.stream_text("gpt-4o", [{"role": "user", "content": "Hi"}])]) == "secure"
            )
        async with Client(address, root_certificates=ca) as anonymous:
            with pytest.raises(LLMRouterError) as info:
                await anonymous.chat("gpt-4o", [{"role": "user", "content": "Hi"}])
        assert info.value.code == grpc.StatusCode.UNAUTHENTICATED
        async with Client(address, api_key=key) as plaintext:  # TLS port, no TLS: the call cannot connect
            with pytest.raises(LLMRouterError) as info:
                await plaintext.chat("gpt-4o", [{"role": "user", "content": "Hi"}], timeout=2)
        assert info.value.code in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED)
