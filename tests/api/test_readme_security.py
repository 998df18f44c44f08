"""The README's TLS, key-rotation and provider-URL commands, run as written (ports, and the
certs/ folder, pointed at this test's own)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from cryptography.fernet import Fernet
from support.certs import CertAuthority
from support.harness import Database, free_port, running_server

from llmrouter.v1 import provider_admin_service_pb2 as pa
from llmrouter.v1 import provider_pb2 as p
from service.store.bootstrap import open_store

ROOT = Path(__file__).resolve().parents[2]


def block(name: str) -> str:
    text = (ROOT / "README.md").read_text()
    found = re.search(rf"<!-- {name}:start -->\s*```sh\n(.*?)```\s*<!-- {name}:end -->", text, re.S)
    assert found, f"README lost its {name} markers"
    return found.group(1)


def run(script: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    full = dict(
        os.environ,
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",  # grpcurl ships in the venv
        LLMROUTER_DATA_DIR=str(tmp_path / "data"),
        LLMROUTER_DEMO_MODEL="false",
        LLMROUTER_LOG_FORMAT="json",
        **env,
    )
    full.pop("LLMROUTER_DATABASE_URL", None)
    return subprocess.run(["bash", "-e", "-c", script], cwd=ROOT, env=full, capture_output=True, text=True, timeout=120)


def test_readme_tls_commands(tmp_path):
    certs = tmp_path / "certs"
    ca = CertAuthority.create(certs / "ca-dir")
    server = ca.issue(certs / "server-dir", "localhost", server=True)
    client = ca.issue(certs / "client-dir", "ops", server=False)
    shutil.copy(ca.cert, certs / "ca.pem")
    shutil.copy(server.cert, certs / "server.pem")
    shutil.copy(server.key, certs / "server-key.pem")
    shutil.copy(client.cert, certs / "client.pem")
    shutil.copy(client.key, certs / "client-key.pem")
    grpc_port, http_port = free_port(), free_port()
    script = (
        block("tls").replace("certs/", f"{certs}/").replace(":50051", f":{grpc_port}").replace(":8080", f":{http_port}")
    )
    out = run(script, tmp_path)
    assert out.returncode == 0, out.stderr[-3000:]
    assert '"status": "SERVING"' in out.stdout
    assert '"object":"list"' in out.stdout.replace(" ", "")  # the bridge's model list over HTTPS
    serving = [json.loads(line) for line in out.stderr.splitlines() if '"llmrouter serving"' in line]
    assert serving and serving[0]["tls"] == "mtls" and serving[0]["protection"] == "mTLS"


async def test_readme_rotation_commands(tmp_path):
    old = Fernet.generate_key().decode()
    db = Database("sqlite", "", tmp_path / "data", encryption_key=old)
    async with running_server(db) as srv:
        await srv.providers.CreateProvider(
            pa.CreateProviderRequest(
                provider_id="oai",
                provider=p.Provider(
                    display_name="oai", template="custom-openai", base_url="http://127.0.0.1:9/v1", api_key="sk-keep"
                ),
            )
        )
    out = run(block("rotation"), tmp_path, OLD=old)
    assert out.returncode == 0, out.stderr[-3000:]
    assert "providers.api_key_encrypted: 1 re-encrypted" in out.stdout
    assert "re-encrypted 0 secret(s); 1 already under the newest key" in out.stdout  # the second run, new key alone
    # the old key alone no longer opens the database: the key check moved to the new key
    store = None
    try:
        store = await open_store(db.settings())
        raise AssertionError("the old key still opens the database")
    except Exception as exc:
        assert "key" in str(exc)
    finally:
        if store is not None:
            await store.engine.dispose()


def test_readme_provider_url_commands(tmp_path):
    port = free_port()
    out = run(block("egress").replace(":50051", f":{port}"), tmp_path)
    assert out.returncode == 0, out.stderr[-3000:]
    assert "refused, as it should be" in out.stdout
    assert "InvalidArgument" in out.stderr and "provider.base_url" in out.stderr
    assert '"name": "providers/lab"' in out.stdout
