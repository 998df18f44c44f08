"""What TLS and mTLS cost on the gRPC port: a new connection (handshake and the first call) and
steady unary calls on one connection, plaintext against TLS against mTLS.

    .venv/bin/python bench/bench_tls.py [--connections 50] [--calls 2000]

The server is `llmrouter serve` in its own process (SQLite in a temporary directory, a private
CA made for the run); this process is the client. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from pathlib import Path

import grpc
from common import PY, Proc, free_port, pct, wait_port
from support.certs import CertAuthority

from llmrouter.v1 import chat_service_pb2 as c
from llmrouter.v1 import chat_service_pb2_grpc as cg


def creds(ca: Path, client=None) -> grpc.ChannelCredentials:
    cert, key = client.pem() if client is not None else (None, None)
    return grpc.ssl_channel_credentials(ca.read_bytes(), private_key=key, certificate_chain=cert)


async def measure(target: str, cred: grpc.ChannelCredentials | None, connections: int, calls: int) -> dict:
    def channel() -> grpc.aio.Channel:
        opts = [("grpc.use_local_subchannel_pool", 1)]  # a fresh connection per channel
        return grpc.aio.secure_channel(target, cred, opts) if cred else grpc.aio.insecure_channel(target, opts)

    first: list[float] = []
    for _ in range(connections):
        t0 = time.perf_counter()
        async with channel() as ch:
            await cg.ChatServiceStub(ch).ListModels(c.ListModelsRequest(page_size=1), timeout=10)
        first.append((time.perf_counter() - t0) * 1000)
    async with channel() as ch:
        stub = cg.ChatServiceStub(ch)
        await stub.ListModels(c.ListModelsRequest(page_size=1), timeout=10)
        t0 = time.perf_counter()
        for _ in range(calls):
            await stub.ListModels(c.ListModelsRequest(page_size=1), timeout=10)
        rate = calls / (time.perf_counter() - t0)
    return {"connect_p50_ms": pct(first, 50), "connect_p90_ms": pct(first, 90), "unary_per_s": rate}


async def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--connections", type=int, default=50)
    ap.add_argument("--calls", type=int, default=2000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        ca = CertAuthority.create(root / "ca")
        server = ca.issue(root / "server", "localhost", server=True)
        client = ca.issue(root / "client", "bench", server=False)
        modes = {
            "plaintext": ({}, None),
            "tls": ({"LLMROUTER_TLS_CERT_FILE": str(server.cert), "LLMROUTER_TLS_KEY_FILE": str(server.key)}, "ca"),
            "mtls": (
                {
                    "LLMROUTER_TLS_CERT_FILE": str(server.cert),
                    "LLMROUTER_TLS_KEY_FILE": str(server.key),
                    "LLMROUTER_TLS_CLIENT_CA_FILE": str(ca.cert),
                },
                "client",
            ),
        }
        for name, (env, kind) in modes.items():
            port = free_port()
            proc = Proc(
                [PY, "-m", "service.cli", "serve", "--listen", f"127.0.0.1:{port}", "--data-dir", str(root / name)],
                env={**env, "LLMROUTER_DEMO_MODEL": "false", "LLMROUTER_LOG_LEVEL": "WARNING"},
            )
            try:
                wait_port(port)
                await asyncio.sleep(0.5)
                cred = None if kind is None else creds(ca.cert, client if kind == "client" else None)
                r = await measure(f"localhost:{port}", cred, args.connections, args.calls)
            finally:
                proc.stop()
            print(
                f"{name:9s}  new connection + first call p50 {r['connect_p50_ms']:.2f} ms, "
                f"p90 {r['connect_p90_ms']:.2f} ms;  unary on one connection {r['unary_per_s']:,.0f}/s"
            )


if __name__ == "__main__":
    asyncio.run(main())
