"""What the REST bridge adds over calling gRPC StreamChat directly.

Three processes, as in production: the fake OpenAI upstream (tests/support/fakes, its
stand-alone mode: prebuilt streams of --chunks text chunks), the llmrouter server with the
bridge in-process (`llmrouter serve --http ...`), and this driver, which streams the same
requests through both doors and prints (never asserts):

* TTFT (request sent -> first text delta received) p50/p99, direct and through the bridge,
  and the difference at p50 ("added TTFT");
* deltas/s (gRPC messages, or SSE chunk frames: the bridge writes one frame per message)
  and upstream chunks/s (tokens: the backend coalesces upstream chunks that arrive together);

* server CPU (the server process's user+system time, /proc) per stream and per delta;

at 1 and 64 concurrent streams. The HTTP client is a minimal raw keep-alive HTTP/1.1 client
(frames counted, not parsed): Python HTTP clients cost more CPU than the path measured, and
the client shares the machine's cores with the server. The gRPC door uses grpc.aio.

Two upstream modes: bursts (default: --batch frames per write, as fast as possible; the
server coalesces what arrives together, so a 1000-chunk stream is a few deltas) and paced
(--interval S between frames: one delta per chunk, the per-delta worst case).

    .venv/bin/python bench/bench_bridge.py                       # 1000-chunk streams, bursts of 16
    .venv/bin/python bench/bench_bridge.py --interval 0.00001    # paced: one delta per chunk
    .venv/bin/python bench/bench_bridge.py --chunks 200 --requests 50 --rounds 2
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import grpc

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from common import free_port

from llmrouter.v1 import chat_pb2, chat_service_pb2, chat_service_pb2_grpc
from llmrouter.v1 import provider_admin_service_pb2 as pa
from llmrouter.v1 import provider_admin_service_pb2_grpc as pa_grpc
from llmrouter.v1 import provider_pb2 as p
from llmrouter.v1 import route_pb2 as r
from llmrouter.v1 import routing_service_pb2 as rs
from llmrouter.v1 import routing_service_pb2_grpc as rs_grpc

MODEL = "bench-model"


async def serve_upstream(port: int, chunks: int, batch: int, interval: float) -> None:
    """The fake upstream (public API of tests/support/fakes); `interval` > 0 paces the frames
    so each upstream chunk reaches the server alone (one delta per chunk, the worst case)."""
    sys.path.insert(0, str(ROOT / "tests"))
    from support.fakes.openai_replies import openai_models, openai_text_stream
    from support.fakes.server import FakeUpstream

    def chat(rec):
        n = int(rec.json().get("max_tokens") or chunks)
        return openai_text_stream(n, batch=1 if interval else batch, interval=interval)

    async with FakeUpstream.start(port=port) as up:
        up.route("/v1/chat/completions", chat)
        up.route("/v1/models", openai_models([MODEL]))
        await asyncio.Future()


async def wait_port(port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            _, w = await asyncio.open_connection("127.0.0.1", port)
            w.close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            await asyncio.sleep(0.1)


def pct(values: list[float], q: float) -> float:
    s = sorted(values)
    if not s:
        return float("nan")
    k = min(len(s) - 1, max(0, round(q / 100 * (len(s) - 1))))
    return s[k]


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (Linux /proc), for server CPU per delta."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return float("nan")


class Result:
    def __init__(self) -> None:
        self.ttft: list[float] = []
        self.deltas = 0
        self.wall = 0.0
        self.server_cpu = 0.0

    def add(self, ttft: float, deltas: int) -> None:
        self.ttft.append(ttft)
        self.deltas += deltas


async def direct_one(stub, chunks: int, res: Result) -> None:
    req = chat_service_pb2.StreamChatRequest(
        model=MODEL,
        messages=[chat_pb2.Message(role=chat_pb2.ROLE_USER, content="hi")],
        generation=chat_pb2.GenerationConfig(max_tokens=chunks),
    )
    t0 = time.perf_counter()
    ttft = None
    n = 0
    ok = False
    async for msg in stub.StreamChat(req, timeout=120):
        if msg.HasField("delta"):
            if ttft is None:
                ttft = time.perf_counter() - t0
            n += 1
        else:
            ok = True
    assert ok and ttft is not None
    res.add(ttft, n)


class RawHTTP:
    """A minimal keep-alive HTTP/1.1 client (pooled connections, chunked bodies): Python HTTP
    clients cost more CPU per request than the server path being measured, and the client
    shares this machine's cores with the server."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.idle: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = []

    async def close(self) -> None:
        for _, w in self.idle:
            w.close()

    async def post_stream(self, path: str, body: bytes):
        """Yields (time, chunk bytes) of the response body; asserts a 200."""
        request = (
            b"POST %b HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: %d\r\n\r\n%b"
            % (path.encode(), len(body), body)
        )
        while True:
            reused = bool(self.idle)
            conn = self.idle.pop() if reused else await asyncio.open_connection("127.0.0.1", self.port)
            reader, writer = conn
            try:
                writer.write(request)
                head = await reader.readuntil(b"\r\n\r\n")
                break
            except (asyncio.IncompleteReadError, ConnectionError):
                writer.close()
                if not reused:  # a fresh connection failed: a real error
                    raise
        assert head.startswith(b"HTTP/1.1 200"), head[:200]
        assert b"transfer-encoding: chunked" in head.lower()
        while True:
            size = int((await reader.readuntil(b"\r\n"))[:-2], 16)
            if size == 0:
                await reader.readexactly(2)
                break
            yield await reader.readexactly(size + 2)
        self.idle.append(conn)


async def bridge_one(http: RawHTTP, chunks: int, res: Result) -> None:
    body = json.dumps(
        {"model": MODEL, "messages": [{"role": "user", "content": "hi"}], "max_tokens": chunks, "stream": True}
    ).encode()
    t0 = time.perf_counter()
    ttft = None
    frames = 0
    tail = b""
    async for raw in http.post_stream("/v1/chat/completions", body):
        if ttft is None and b'"delta":{"content":' in raw:
            ttft = time.perf_counter() - t0
        frames += raw.count(b"\n\n")
        tail = (tail + raw)[-32:]
    assert ttft is not None and tail.endswith(b"data: [DONE]\n\n\r\n"), tail
    res.add(ttft, frames - 3)  # minus the role frame, the finish frame and [DONE]


async def run_level(one, client, chunks: int, concurrency: int, total: int) -> Result:
    res = Result()
    t0 = time.perf_counter()
    sem = asyncio.Semaphore(concurrency)

    async def task() -> None:
        async with sem:
            await one(client, chunks, res)

    await asyncio.gather(*(task() for _ in range(total)))
    res.wall = time.perf_counter() - t0
    return res


def report(concurrency: int, chunks: int, direct: Result, bridge: Result) -> None:
    print(
        f"\n== {concurrency} concurrent stream(s), {chunks} upstream chunks each, {len(direct.ttft)} streams per door =="
    )
    print(
        f"{'':8} {'TTFT p50':>10} {'TTFT p99':>10} {'deltas/s':>10} {'chunks/s':>10} {'deltas/stream':>14}"
        f" {'server CPU/stream':>18} {'CPU/delta':>10}"
    )
    for name, res in (("gRPC", direct), ("bridge", bridge)):
        n = len(res.ttft)
        print(
            f"{name:8} {pct(res.ttft, 50) * 1e3:8.2f}ms {pct(res.ttft, 99) * 1e3:8.2f}ms "
            f"{res.deltas / res.wall:10.0f} {n * chunks / res.wall:10.0f} {res.deltas / max(1, n):14.1f}"
            f" {res.server_cpu / max(1, n) * 1e3:16.2f}ms {res.server_cpu / max(1, res.deltas) * 1e6:8.1f}us"
        )
    added50 = (pct(bridge.ttft, 50) - pct(direct.ttft, 50)) * 1e3
    added99 = (pct(bridge.ttft, 99) - pct(direct.ttft, 99)) * 1e3
    print(
        f"added by the bridge: TTFT p50 {added50:+.2f} ms, p99 {added99:+.2f} ms; "
        f"wall time {100 * (bridge.wall / direct.wall - 1):+.0f}%; server CPU per stream "
        f"{(bridge.server_cpu / max(1, len(bridge.ttft)) - direct.server_cpu / max(1, len(direct.ttft))) * 1e3:+.2f} ms"
    )


async def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--chunks", type=int, default=1000, help="upstream text chunks per stream")
    ap.add_argument("--batch", type=int, default=16, help="upstream frames per HTTP write (fake upstream)")
    ap.add_argument("--requests", type=int, default=100, help="streams per door at concurrency 1")
    ap.add_argument("--rounds", type=int, default=3, help="rounds of 64 concurrent streams per door")
    ap.add_argument("--concurrency", type=int, default=64)
    ap.add_argument(
        "--interval",
        type=float,
        default=0.0,
        help="seconds between upstream frames (0: bursts of --batch frames; >0: one delta per chunk)",
    )
    ap.add_argument("--serve-upstream", type=int, metavar="PORT", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.serve_upstream:
        await serve_upstream(args.serve_upstream, args.chunks, args.batch, args.interval)
        return

    tmp = Path(tempfile.mkdtemp(prefix="bench-bridge-"))
    up_port, grpc_port, http_port = free_port(), free_port(), free_port()
    env = dict(os.environ, LLMROUTER_CONFIG_POLL_INTERVAL_S="0.2", LLMROUTER_LOG_LEVEL="WARNING")
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                __file__,
                "--serve-upstream",
                str(up_port),
                "--chunks",
                str(args.chunks),
                "--batch",
                str(args.batch),
                "--interval",
                str(args.interval),
            ]
        ),
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "service.cli",
                "serve",
                "--listen",
                f"127.0.0.1:{grpc_port}",
                "--http",
                f"127.0.0.1:{http_port}",
                "--data-dir",
                str(tmp / "data"),
                "--log-level",
                "WARNING",
            ],
            cwd=ROOT,
            env=env,
            stderr=subprocess.DEVNULL,
        ),
    ]
    try:
        await wait_port(up_port)
        await wait_port(http_port)
        channel = grpc.aio.insecure_channel(f"127.0.0.1:{grpc_port}")
        admin = pa_grpc.ProviderAdminServiceStub(channel)
        routes = rs_grpc.RoutingServiceStub(channel)
        await admin.CreateProvider(
            pa.CreateProviderRequest(
                provider_id="bench",
                provider=p.Provider(
                    display_name="Bench",
                    template="custom-openai",
                    base_url=f"http://127.0.0.1:{up_port}/v1",
                    api_key="sk-bench-0000",
                ),
            )
        )
        await routes.CreateRoute(
            rs.CreateRouteRequest(
                route_id="bench", route=r.Route(model_pattern=MODEL, target=r.RouteTarget(provider="providers/bench"))
            )
        )
        stub = chat_service_pb2_grpc.ChatServiceStub(channel)
        http = RawHTTP(http_port)
        for _ in range(100):  # until the route is live on the server
            try:
                await direct_one(stub, 4, Result())
                break
            except grpc.aio.AioRpcError:
                await asyncio.sleep(0.1)
        for _ in range(10):  # warm-up: connections, channels, code paths
            await direct_one(stub, args.chunks, Result())
            await bridge_one(http, args.chunks, Result())
        await asyncio.gather(*(bridge_one(http, 16, Result()) for _ in range(args.concurrency)))

        # concurrency 1: alternate the doors request by request (same conditions for both)
        d1, b1 = Result(), Result()
        spid = procs[1].pid
        for _ in range(args.requests):
            for one, client, res in ((direct_one, stub, d1), (bridge_one, http, b1)):
                t, c = time.perf_counter(), cpu_seconds(spid)
                await one(client, args.chunks, res)
                res.wall += time.perf_counter() - t
                res.server_cpu += cpu_seconds(spid) - c
        report(1, args.chunks, d1, b1)

        # concurrency 64: alternate the doors round by round
        dN, bN = Result(), Result()
        for _ in range(args.rounds):
            for one, client, dst in ((direct_one, stub, dN), (bridge_one, http, bN)):
                c = cpu_seconds(spid)
                src = await run_level(one, client, args.chunks, args.concurrency, args.concurrency)
                dst.server_cpu += cpu_seconds(spid) - c
                dst.ttft += src.ttft
                dst.deltas += src.deltas
                dst.wall += src.wall
        report(args.concurrency, args.chunks, dN, bN)
        await http.close()
        await channel.close()
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()


if __name__ == "__main__":
    asyncio.run(main())
