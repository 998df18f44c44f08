"""The clients as their users install them, against one live server (a CI step: it installs
packages from the package index, which the test suite never does).

    .venv/bin/python tests/clients/live_clients.py [--python] [--node]   (both when neither is given)

--python: builds the llmrouter-client wheel, prints its size and dependencies, then for each row
  of MATRIX makes a fresh venv with the wheel and those pins and runs client_smoke.py in it
  (streamed, unary and failing calls, administration; no server package installed); then the
  README's install command in another fresh venv, and the README's Python examples in it.
--node: `npm ci` in clients/node, then its tests (`npm test`) with LLMROUTER_ADDRESS set; then
  the README's install commands (npm pack, npm install of the tarball into an empty service
  folder) and the README's Node example there.

The server is `llmrouter serve` from this checkout's .venv on a free loopback port, with a
fresh data directory, the demo model (tiny-demo) and one attempt per target (a rate limit is
the caller's to retry).
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))
from support.readme import blocks  # noqa: E402

VENV_BIN = Path(sys.executable).parent
SMOKE = Path(__file__).with_name("client_smoke.py")

# (label, pins). The oldest rows pin every dependency to the client's declared floor for that
# protobuf generation; the newest rows let pip pick the newest of the family.
MATRIX = [
    (
        "protobuf 5.26.1, oldest pins",
        ["protobuf==5.26.1", "grpcio==1.63.2", "grpcio-status==1.63.2", "googleapis-common-protos==1.63.1"],
    ),
    ("protobuf 5.x, newest", ["protobuf>=5,<6"]),
    ("protobuf 6.30.0, oldest pins", ["protobuf==6.30.0", "grpcio==1.72.1", "grpcio-status==1.72.1"]),
    ("protobuf 6.x, newest", ["protobuf>=6,<7"]),
    ("protobuf 7.34.0, oldest 7", ["protobuf==7.34.0"]),
    ("protobuf 7.x, newest", ["protobuf>=7,<8"]),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(data_dir: Path) -> tuple[subprocess.Popen, str]:
    address = f"127.0.0.1:{free_port()}"
    env = dict(
        os.environ,
        LLMROUTER_DATA_DIR=str(data_dir),
        LLMROUTER_MAX_ATTEMPTS_PER_TARGET="1",
        LLMROUTER_LOG_LEVEL="WARNING",
    )
    proc = subprocess.Popen([str(VENV_BIN / "llmrouter"), "serve", "--listen", address], env=env)
    deadline = time.monotonic() + 60
    with grpc.insecure_channel(address) as channel:
        health = health_pb2_grpc.HealthStub(channel)
        while True:
            try:
                status = health.Check(health_pb2.HealthCheckRequest(service=""), timeout=1).status
                if status == health_pb2.HealthCheckResponse.SERVING:
                    return proc, address
            except grpc.RpcError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                raise SystemExit(f"the server did not start (exit status {proc.poll()})")
            time.sleep(0.2)


def build_wheel(out: Path) -> Path:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(out),
            str(ROOT / "clients" / "python"),
        ],
        check=True,
    )
    shutil.rmtree(ROOT / "clients" / "python" / "build", ignore_errors=True)
    (wheel,) = out.glob("llmrouter_client-*.whl")
    with zipfile.ZipFile(wheel) as z:
        meta = next(n for n in z.namelist() if n.endswith(".dist-info/METADATA"))
        requires = [
            line.split(":", 1)[1].strip()
            for line in z.read(meta).decode().splitlines()
            if line.startswith("Requires-Dist:")
        ]
    print(f"== client wheel {wheel.name}: {wheel.stat().st_size} bytes; depends on: {', '.join(requires)}")
    return wheel


def run_row(label: str, pins: list[str], wheel: Path, address: str, work: Path) -> tuple[str, int, str]:
    venv = work / label.replace(" ", "_").replace(",", "")
    log = []
    steps = [
        [sys.executable, "-m", "venv", str(venv)],
        [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check", str(wheel), *pins],
        [str(venv / "bin" / "python"), "-m", "pip", "list", "--disable-pip-version-check"],
        # A version-compatibility warning (protobuf: UserWarning, grpc stubs: RuntimeWarning) fails the row.
        [str(venv / "bin" / "python"), "-W", "error::UserWarning", "-W", "error::RuntimeWarning", str(SMOKE), address],
    ]
    for step in steps:
        out = subprocess.run(step, capture_output=True, text=True, cwd=work, timeout=300)
        text = out.stdout + out.stderr
        if "list" in step:  # keep the versions that matter
            text = "".join(
                line + "\n"
                for line in text.splitlines()
                if line.split(" ")[0] in ("grpcio", "grpcio-status", "protobuf", "googleapis-common-protos")
            )
        log.append(text)
        if out.returncode != 0:
            return label, out.returncode, "".join(log)
    return label, 0, "".join(log)


def python_matrix(address: str, work: Path) -> bool:
    wheel = build_wheel(work / "dist")
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda row: run_row(*row, wheel, address, work), MATRIX))
    failed = 0
    for label, rc, log in results:
        print(f"== {label}: {'passed' if rc == 0 else f'FAILED (exit status {rc})'}")
        print("\n".join("   " + line for line in log.strip().splitlines() if "WARNING: Location" not in line))
        failed += rc != 0
    print(f"{len(results) - failed} passed, {failed} failed")
    return failed == 0


def run_readme(commands: str, env: dict[str, str], **paths: str) -> None:
    """The README's shell lines as written, the documented placeholders replaced by real paths."""
    for line in filter(str.strip, commands.splitlines()):
        for placeholder, real in paths.items():
            line = line.replace(placeholder, real)
        print(f"$ {line}")
        subprocess.run(["bash", "-ec", line], cwd=ROOT, env=env, check=True)


def readme_python(address: str, work: Path) -> bool:
    venv = work / "readme-venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    env = dict(os.environ, PATH=f"{venv / 'bin'}:{os.environ['PATH']}", VIRTUAL_ENV=str(venv))
    (install,) = blocks("client-install:python")
    run_readme(install, env, **{"/path/to/llmrouter": str(ROOT)})
    ok = True
    for example in blocks("client-example:python"):
        out = subprocess.run(
            [str(venv / "bin" / "python"), "-c", example.replace("127.0.0.1:50051", address)],
            cwd=work,
            capture_output=True,
            text=True,
            timeout=120,
        )
        print(out.stdout + out.stderr)
        ok = ok and out.returncode == 0
    print(f"== README Python examples in a client-only venv: {'passed' if ok else 'FAILED'}")
    return ok


def readme_node(address: str, work: Path) -> bool:
    service = work / "your-service"
    service.mkdir()
    (install,) = blocks("client-install:node")
    run_readme(install, dict(os.environ), **{"/path/to/llmrouter": str(ROOT), "/path/to/your-service": str(service)})
    (ROOT / "clients" / "node" / "llmrouter-client-0.1.0.tgz").unlink(missing_ok=True)
    (example,) = blocks("client-example:node")
    (service / "example.mjs").write_text(example.replace("127.0.0.1:50051", address))
    out = subprocess.run(["node", "example.mjs"], cwd=service, capture_output=True, text=True, timeout=120)
    print(out.stdout + out.stderr)
    ok = out.returncode == 0 and "NOT_FOUND NO_ROUTE" in out.stdout and "providers/local" in out.stdout
    print(f"== README Node example in a service folder: {'passed' if ok else 'FAILED'}")
    return ok


def node_tests(address: str) -> bool:
    node = ROOT / "clients" / "node"
    npm = shutil.which("npm") or "npm"
    subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=node, check=True)
    out = subprocess.run([npm, "test"], cwd=node, env=dict(os.environ, LLMROUTER_ADDRESS=address))
    return out.returncode == 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--python", action="store_true", help="the protobuf matrix of the Python client")
    parser.add_argument("--node", action="store_true", help="the Node package's tests")
    args = parser.parse_args()
    both = not (args.python or args.node)
    with tempfile.TemporaryDirectory(prefix="llmrouter-clients-") as tmp:
        work = Path(tmp)
        proc, address = start_server(work / "data")
        try:
            ok = True
            if args.python or both:
                ok = python_matrix(address, work) and ok
                ok = readme_python(address, work) and ok
            if args.node or both:
                ok = node_tests(address) and ok
                ok = readme_node(address, work) and ok
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
