"""Shared benchmark plumbing: processes on loopback, percentiles, a streaming gRPC client."""

from __future__ import annotations

import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
PY = sys.executable


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and its live children (the workers of `--workers N`), from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    total = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    try:
        kids = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        kids = []
    for kid in kids:
        try:
            total += cpu_seconds(int(kid))
        except OSError:
            pass
    return total


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    s = sorted(values)
    k = max(0, min(len(s) - 1, round(q / 100 * (len(s) - 1))))
    return s[k]


def wait_port(port: int, timeout: float = 30.0) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"nothing listens on {port}")


class Proc:
    def __init__(self, argv: list[str], env: dict | None = None) -> None:
        self.p = subprocess.Popen(
            argv, env={**os.environ, **(env or {})}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )

    def stop(self) -> None:
        if self.p.poll() is None:
            self.p.send_signal(signal.SIGTERM)
            try:
                self.p.wait(15)
            except subprocess.TimeoutExpired:
                self.p.kill()


def start_fake_upstream(chunks: int, batch: int, interval: float = 0.0) -> tuple[Proc, int]:
    port = free_port()
    proc = Proc(
        [
            PY,
            str(ROOT / "tests/support/fakes/serve.py"),
            "--port",
            str(port),
            "--chunks",
            str(chunks),
            "--batch",
            str(batch),
            "--interval",
            str(interval),
        ]
    )
    wait_port(port)
    return proc, port


def start_llmrouter(extra_env: dict | None = None) -> tuple[Proc, int, str]:
    port = free_port()
    data = tempfile.mkdtemp(prefix="llmrouter-bench-")
    env = {"LLMROUTER_DATA_DIR": data, "LLMROUTER_LOG_LEVEL": "WARNING", **(extra_env or {})}
    env.pop("LLMROUTER_DATABASE_URL", None)
    proc = Proc([PY, "-m", "service.cli", "serve", "--listen", f"127.0.0.1:{port}"], env)
    wait_port(port)
    return proc, port, data


async def configure(
    address: str, provider_id: str, base_url: str, route_pattern: str, *, fallback: tuple[str, str] | None = None
) -> None:
    import grpc
    from support.cloud_setup import add_provider, add_route

    class Srv:
        pass

    from llmrouter.v1 import provider_admin_service_pb2_grpc, routing_service_pb2_grpc

    async with grpc.aio.insecure_channel(address) as ch:
        srv = Srv()
        srv.providers = provider_admin_service_pb2_grpc.ProviderAdminServiceStub(ch)
        srv.routes = routing_service_pb2_grpc.RoutingServiceStub(ch)
        await add_provider(srv, provider_id, base_url)
        if fallback:
            await add_provider(srv, fallback[0], fallback[1])
            await add_route(srv, "bench", route_pattern, (provider_id, ""), (fallback[0], ""))
        else:
            await add_route(srv, "bench", route_pattern, (provider_id, ""))


def summarize(label: str, ttfts: list[float], chunks: int, seconds: float) -> dict:
    return {
        "label": label,
        "ttft_p50_ms": pct(ttfts, 50) * 1000,
        "ttft_p99_ms": pct(ttfts, 99) * 1000,
        "chunks_per_s": chunks / seconds if seconds else 0.0,
        "mean_ttft_ms": statistics.fmean(ttfts) * 1000 if ttfts else float("nan"),
    }
