"""The two distributions as built: llmrouter-client alone carries the stubs and the client, with
only the gRPC and protobuf runtimes as dependencies; the server depends on it."""

from __future__ import annotations

import email
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def build(source: Path, out: Path) -> zipfile.ZipFile:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(out), str(source)],
        check=True,
        capture_output=True,
    )
    (wheel,) = out.glob("*.whl")
    return zipfile.ZipFile(wheel)


def metadata(whl: zipfile.ZipFile) -> email.message.Message:
    name = next(n for n in whl.namelist() if n.endswith(".dist-info/METADATA"))
    return email.message_from_bytes(whl.read(name))


def test_client_wheel_holds_the_stubs_and_needs_only_grpc_and_protobuf(tmp_path):
    whl = build(ROOT / "clients" / "python", tmp_path)
    names = set(whl.namelist())
    meta = metadata(whl)
    assert meta["Name"] == "llmrouter-client"
    assert sorted(meta.get_all("Requires-Dist")) == [
        "googleapis-common-protos>=1.63.1",
        "grpcio-status>=1.63.2",
        "grpcio>=1.63.2",
        "protobuf<8,>=5.26.1",
    ]
    assert {"llmrouter/client.py", "llmrouter/errors.py", "llmrouter/py.typed", "llmrouter/v1/__init__.py"} <= names
    for proto in (ROOT / "protos" / "llmrouter" / "v1").glob("*.proto"):
        stem = proto.stem
        assert {
            f"llmrouter/v1/protobuf-5/{stem}_pb2.py",
            f"llmrouter/v1/protobuf-6/{stem}_pb2.py",
            f"llmrouter/v1/{stem}_pb2.pyi",
            f"llmrouter/v1/{stem}_pb2_grpc.py",
        } <= names, stem
    assert not [n for n in names if n.startswith("service/") or "__pycache__" in n]


def test_server_wheel_depends_on_the_client_instead_of_carrying_it(tmp_path):
    whl = build(ROOT, tmp_path)
    assert not [n for n in whl.namelist() if n.startswith("llmrouter/")]
    assert "llmrouter-client==0.1.0" in metadata(whl).get_all("Requires-Dist")
    assert "service/api/reflection.py" in whl.namelist()


def test_server_wheel_carries_its_migrations_and_openblas_on_linux(tmp_path):
    whl = build(ROOT, tmp_path)
    names = set(whl.namelist())
    versions = sorted(p.name for p in (ROOT / "service" / "migrations" / "versions").glob("*.py"))
    assert versions and {f"service/migrations/versions/{v}" for v in versions} <= names
    assert {"service/migrations/env.py", "service/migrations/script.py.mako", "service/data/tiny_corpus.txt"} <= names
    packages = {str(p.parent.relative_to(ROOT)) for p in (ROOT / "service").rglob("__init__.py")}
    assert {f"{p}/__init__.py" for p in packages} <= names, "a package of service/ is missing from the wheel"
    requires = metadata(whl).get_all("Requires-Dist")
    assert 'cmeel-openblas; sys_platform == "linux"' in requires, requires
