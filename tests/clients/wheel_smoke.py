"""The server as an operator installs it: both wheels built, installed (not editable) into a
fresh venv, and started from an empty directory to SERVING (a CI step: it installs packages
from the package index, which the test suite never does).

    .venv/bin/python tests/clients/wheel_smoke.py [--keep]

Checks, in the fresh venv, run from a temporary directory far from this checkout:
`llmrouter --version`; `llmrouter migrate` on a fresh SQLite file (the migrations are package
data); `llmrouter serve` answers the standard health check with SERVING; on Linux its start-up
log says OpenBLAS serves local models (cmeel-openblas is a default dependency there); a plain
SIGTERM stops it with status 0. Prints both wheel sizes.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Checked by the venv's own Python (grpcio and grpcio-health-checking are server dependencies).
HEALTH = """
import sys, time, grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc
deadline = time.monotonic() + float(sys.argv[2])
with grpc.insecure_channel(sys.argv[1]) as ch:
    stub = health_pb2_grpc.HealthStub(ch)
    while time.monotonic() < deadline:
        try:
            if stub.Check(health_pb2.HealthCheckRequest(), timeout=1).status == health_pb2.HealthCheckResponse.SERVING:
                print("SERVING")
                sys.exit(0)
        except grpc.RpcError:
            pass
        time.sleep(0.3)
sys.exit("not SERVING in time")
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build_wheels(out: Path) -> tuple[Path, Path]:
    for source in (ROOT / "clients" / "python", ROOT):
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
                str(source),
            ],
            check=True,
        )
    shutil.rmtree(ROOT / "clients" / "python" / "build", ignore_errors=True)
    shutil.rmtree(ROOT / "build", ignore_errors=True)
    (client,) = out.glob("llmrouter_client-*.whl")
    (server,) = out.glob("llmrouter-*.whl")
    return server, client


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="llmrouter-wheel-"))
    proc: subprocess.Popen[bytes] | None = None
    try:
        server, client = build_wheels(work / "dist")
        print(f"server wheel {server.name}: {server.stat().st_size / 1024:.0f} KiB")
        print(f"client wheel {client.name}: {client.stat().st_size / 1024:.0f} KiB")
        venv = work / "venv"
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        py, exe = venv / "bin" / "python", venv / "bin" / "llmrouter"
        subprocess.run(
            [str(py), "-m", "pip", "install", "-q", "--disable-pip-version-check", str(client), str(server)], check=True
        )
        # Far from the checkout: nothing may come from it (the current directory is on sys.path
        # for `python -c`, and the old bug was a path relative to the source tree).
        run_dir = work / "elsewhere"
        run_dir.mkdir()
        env = {
            "PATH": f"{venv / 'bin'}:/usr/bin:/bin",
            "HOME": str(work / "home"),
            "LLMROUTER_DATA_DIR": str(work / "data"),
        }
        version = subprocess.run([str(exe), "--version"], cwd=run_dir, env=env, capture_output=True, text=True)
        print(f"llmrouter --version: {version.stdout.strip()}")
        assert version.returncode == 0 and version.stdout.startswith("llmrouter "), version
        migrated = subprocess.run([str(exe), "migrate"], cwd=run_dir, env=env, capture_output=True, text=True)
        assert migrated.returncode == 0 and "up to date" in migrated.stdout, migrated
        print("llmrouter migrate: database is up to date")

        address = f"127.0.0.1:{free_port()}"
        log_path = work / "serve.log"
        with log_path.open("wb") as log_file:
            proc = subprocess.Popen(
                [str(exe), "serve", "--listen", address], cwd=run_dir, env=env, stdout=log_file, stderr=log_file
            )
            health = subprocess.run([str(py), "-c", HEALTH, address, "120"], cwd=run_dir, env=env)
            log_text = log_path.read_text(errors="replace")
            if health.returncode != 0:
                print(log_text[-4000:])
                raise SystemExit(f"FAILED: the installed server did not reach SERVING (exit {proc.poll()})")
            print(f"llmrouter serve from {run_dir}: SERVING on {address}")
            serving = next((line for line in log_text.splitlines() if "llmrouter serving" in line), "")
            print(f"start-up log: {serving.strip()}")
            if sys.platform.startswith("linux"):
                assert '"blas": "openblas' in serving, f"the installed server does not use OpenBLAS: {serving!r}"
            proc.send_signal(signal.SIGTERM)
            rc = proc.wait(timeout=30)
            proc = None
            assert rc == 0, f"SIGTERM: exit status {rc}"
            print("SIGTERM: stopped with status 0")
        print("== wheel smoke: passed")
        return 0
    finally:
        if proc is not None and proc.poll() is None:
            proc.kill()
            proc.wait()
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    os.umask(0o022)
    sys.exit(main())
