"""`llmrouter secrets rotate`: every stored secret and the key check re-encrypted under the
newest key while a replica serves; interrupted and run again, it finishes with nothing lost;
afterwards the server starts with the new key alone. SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from support.harness import running_server

from llmrouter.v1 import provider_admin_service_pb2 as pa
from llmrouter.v1 import provider_pb2 as p
from service.app import build_server
from service.settings import StartupError
from service.store.bootstrap import open_store
from service.store.rotation import rotate_secrets

ROOT = Path(__file__).resolve().parents[2]
SECRETS = {f"p{i}": f"sk-secret-{i}-{'x' * 20}" for i in range(5)}


class Interrupted(Exception):
    pass


def cli(settings, *args: str, key: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, LLMROUTER_ENCRYPTION_KEY=key, LLMROUTER_LOG_FORMAT="text")
    cmd = [sys.executable, "-m", "service.cli", *args, "--data-dir", settings.data_dir]
    if settings.database_url:
        cmd += ["--database-url", settings.database_url]
    return subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)


async def test_rotation_retires_the_old_key(database, tmp_path):
    from support.certs import CertAuthority

    ca = CertAuthority.create(tmp_path / "ca")
    client = ca.issue(tmp_path / "client", "gateway", server=False)
    cert_pem, key_pem = (x.decode() for x in client.pem())
    old = database.encryption_key or Fernet.generate_key().decode()
    new = Fernet.generate_key().decode()
    db_old = dataclasses.replace(database, encryption_key=old)
    async with running_server(db_old) as srv:
        for pid, secret in SECRETS.items():
            await srv.providers.CreateProvider(
                pa.CreateProviderRequest(
                    provider=p.Provider(
                        display_name=pid, template="custom-openai", base_url="http://127.0.0.1:9/v1", api_key=secret
                    ),
                    provider_id=pid,
                )
            )
        await srv.providers.CreateProvider(
            pa.CreateProviderRequest(
                provider=p.Provider(
                    display_name="with-cert",
                    template="custom-openai",
                    base_url="https://127.0.0.1:9/v1",
                    tls_client_certificate=cert_pem,
                    tls_client_key=key_pem,
                ),
                provider_id="with-cert",
            )
        )

    # the new key alone cannot read what the old one wrote
    with pytest.raises(StartupError):
        await build_server(dataclasses.replace(database, encryption_key=new).settings()).start()

    both = dataclasses.replace(database, encryption_key=f"{new},{old}")
    async with running_server(both) as replica:  # a replica serves with NEW,OLD throughout
        store = await open_store(both.settings())
        try:
            seen: list[int] = []

            def stop_after_first_batch(column: str, n: int) -> None:
                seen.append(n)
                raise Interrupted

            with pytest.raises(Interrupted):
                await rotate_secrets(store.engine, store.keyring, batch_size=2, on_batch=stop_after_first_batch)
            assert seen == [2]
        finally:
            await store.engine.dispose()

        # run again, as an operator would: it finishes what is left
        done = cli(both.settings(), "secrets", "rotate", "--batch-size", "2", key=f"{new},{old}")
        assert done.returncode == 0, done.stderr
        assert "providers.api_key_encrypted: 3 re-encrypted, 2 already under the newest key" in done.stdout
        assert "providers.tls_client_key_encrypted: 1 re-encrypted, 0 already under the newest key" in done.stdout
        assert "key check: re-encrypted" in done.stdout

        # the replica still decrypts everything it reloads
        snap = await replica.server.components.live.reload()
        assert {pid: snap.providers[pid].api_key for pid in SECRETS} == SECRETS

    # a third run has nothing left to do
    again = cli(both.settings(), "secrets", "rotate", key=f"{new},{old}")
    assert again.returncode == 0, again.stderr
    assert "re-encrypted 0 secret(s); 6 already under the newest key" in again.stdout

    # the new key alone now serves every secret intact
    async with running_server(dataclasses.replace(database, encryption_key=new)) as srv:
        snap = srv.server.components.live.snapshot
        assert {pid: snap.providers[pid].api_key for pid in SECRETS} == SECRETS
        assert snap.providers["with-cert"].tls_client_key == key_pem
        got = (await srv.providers.GetProvider(pa.GetProviderRequest(name="providers/p0"))).provider
        assert got.api_key_set and got.api_key == ""


async def test_rotation_without_the_old_key_is_one_clear_line(database):
    old = database.encryption_key or Fernet.generate_key().decode()
    db_old = dataclasses.replace(database, encryption_key=old)
    async with running_server(db_old) as srv:
        await srv.providers.CreateProvider(
            pa.CreateProviderRequest(
                provider=p.Provider(
                    display_name="one", template="custom-openai", base_url="http://127.0.0.1:9/v1", api_key="sk-1"
                ),
                provider_id="one",
            )
        )
    out = cli(db_old.settings(), "secrets", "rotate", key=Fernet.generate_key().decode())
    assert out.returncode != 0
    assert "Traceback" not in out.stderr
    assert "llmrouter:" in out.stderr
