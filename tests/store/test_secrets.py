"""Provider API keys: encrypted at rest, never in the database, logs, responses or errors."""

from __future__ import annotations

import logging
import os
import stat

import grpc
import pytest
from cryptography.fernet import Fernet
from google.protobuf import field_mask_pb2
from support.harness import Database, expect_error, running_server

from llmrouter.v1 import provider_admin_service_pb2 as pa
from llmrouter.v1 import provider_pb2 as p
from service.app import StartupError, build_server

SECRET = "sk-PLAINTEXT-never-stored-7f3a9c1e5b2d"


async def db_text(database: Database) -> str:
    """Everything the database holds, as text."""
    if database.kind == "sqlite":
        chunks = []
        for f in database.data_dir.iterdir():
            if f.name.startswith("llmrouter.db"):
                chunks.append(f.read_bytes().decode("latin-1"))
        return "\n".join(chunks)
    import asyncpg

    conn = await asyncpg.connect(database.url.replace("postgresql+asyncpg", "postgresql"))
    try:
        tables = [r["tablename"] for r in await conn.fetch("SELECT tablename FROM pg_tables WHERE schemaname='public'")]
        out = []
        for t in tables:
            out += [r[0] for r in await conn.fetch(f'SELECT row_to_json(x)::text FROM "{t}" x')]
        return "\n".join(out)
    finally:
        await conn.close()


async def test_plaintext_key_never_in_db_logs_responses_or_errors(database, caplog):
    caplog.set_level(logging.DEBUG)
    responses = []
    async with running_server(database, log_level="DEBUG") as srv:
        created = (
            await srv.providers.CreateProvider(
                pa.CreateProviderRequest(
                    provider=p.Provider(
                        display_name="Secret Co",
                        template="custom-openai",
                        base_url="http://127.0.0.1:9/v1",
                        api_key=SECRET,
                    )
                )
            )
        ).provider
        responses.append(str(created))
        responses.append(str(await srv.providers.ListProviders(pa.ListProvidersRequest())))
        responses.append(str(await srv.providers.GetProvider(pa.GetProviderRequest(name=created.name))))
        responses.append(
            str(
                await srv.providers.UpdateProvider(
                    pa.UpdateProviderRequest(
                        provider=p.Provider(name=created.name, api_key=SECRET + "2"),
                        update_mask=field_mask_pb2.FieldMask(paths=["api_key"]),
                    )
                )
            )
        )
        # Errors on requests that carry the key.
        for req in (
            pa.CreateProviderRequest(
                provider=p.Provider(
                    display_name="Secret Co", template="custom-openai", base_url="http://127.0.0.1:9/v1", api_key=SECRET
                )
            ),
            pa.CreateProviderRequest(
                provider=p.Provider(
                    display_name="Bad url", template="custom-openai", base_url="ftp://x", api_key=SECRET
                )
            ),
            pa.CreateProviderRequest(
                provider=p.Provider(
                    display_name="Spaces",
                    template="custom-openai",
                    base_url="http://127.0.0.1:9/v1",
                    api_key=SECRET + " x",
                )
            ),
        ):
            try:
                await srv.providers.CreateProvider(req)
            except grpc.aio.AioRpcError as err:
                responses.append(err.details() + repr(err.trailing_metadata()))
        err = await expect_error(
            srv.providers.UpdateProvider(
                pa.UpdateProviderRequest(
                    provider=p.Provider(name="providers/openai", base_url="https://evil.example", api_key=SECRET),
                )
            ),
            grpc.StatusCode.FAILED_PRECONDITION,
        )
        responses.append(err.message + repr(err.metadata))
        stored = await db_text(database)
    assert "Secret Co" in stored  # the dump does hold the rows
    assert SECRET not in stored and SECRET[-12:] not in stored
    assert all(SECRET not in r and SECRET[3:20] not in r for r in responses)
    assert SECRET not in caplog.text
    assert "...stored-7f3a9c1e5b2d"[-7:] not in "".join(responses)  # hint shows 4 characters at most
    assert created.api_key_hint == "...5b2d"


async def test_key_file_generated_once_beside_the_database(tmp_path):
    db = Database("sqlite", "", tmp_path / "data")
    async with running_server(db):
        pass
    key_file = tmp_path / "data" / "encryption.key"
    assert key_file.exists() and (tmp_path / "data" / "llmrouter.db").exists()
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(tmp_path / "data").st_mode) == 0o700  # the data directory is private
    first = key_file.read_bytes()
    Fernet(first.strip())  # a valid key
    async with running_server(db):
        pass
    assert key_file.read_bytes() == first


async def test_wrong_key_is_a_clear_startup_error(database):
    async with running_server(database) as srv:
        await srv.providers.CreateProvider(
            pa.CreateProviderRequest(
                provider=p.Provider(
                    display_name="Keyed", template="custom-openai", base_url="http://127.0.0.1:9/v1", api_key=SECRET
                )
            )
        )
    if database.kind == "sqlite":
        (database.data_dir / "encryption.key").write_bytes(Fernet.generate_key())
        settings = database.settings()
    else:
        settings = database.settings(encryption_key=Fernet.generate_key().decode())
    server = build_server(settings)
    with pytest.raises(StartupError, match="does not match"):
        await server.start()


async def test_invalid_or_missing_key_settings(database):
    server = build_server(database.settings(encryption_key="not-a-fernet-key"))
    with pytest.raises(StartupError, match="not a valid Fernet key"):
        await server.start()
    if database.kind == "postgres":
        server = build_server(database.settings(encryption_key=""))
        with pytest.raises(StartupError, match="LLMROUTER_ENCRYPTION_KEY is required"):
            await server.start()


async def test_key_rotation_keeps_old_secrets_readable(database):
    old = database.encryption_key or None
    if database.kind == "sqlite":
        async with running_server(database) as srv:
            await srv.providers.UpdateProvider(
                pa.UpdateProviderRequest(provider=p.Provider(name="providers/openai", api_key=SECRET))
            )
        old = (database.data_dir / "encryption.key").read_text().strip()
    else:
        async with running_server(database) as srv:
            await srv.providers.UpdateProvider(
                pa.UpdateProviderRequest(provider=p.Provider(name="providers/openai", api_key=SECRET))
            )
    new = Fernet.generate_key().decode()
    async with running_server(database, encryption_key=f"{new},{old}") as srv:
        got = (await srv.providers.GetProvider(pa.GetProviderRequest(name="providers/openai"))).provider
        assert got.api_key_set and got.api_key_hint == "...5b2d"
        snap = srv.server.components.live.snapshot
        assert snap.providers["openai"].api_key == SECRET
