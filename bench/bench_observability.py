"""What metrics and tracing cost on the relay path: StreamChat with them off and on.

    .venv/bin/python bench/bench_observability.py [--chunks 200] [--singles 30] [--streams 16] [--rounds 3]

Processes on loopback: the fake OpenAI upstream, `llmrouter serve` (started once per mode),
this client, and, for tracing, an OTLP/HTTP collector thread here that accepts every export.
Modes: `off` (LLMROUTER_METRICS_ENABLED=false, no OTEL_* variable), `metrics` (the default),
`metrics+traces` (OTEL_EXPORTER_OTLP_ENDPOINT set: one call span and one attempt span per
stream, batched to the collector). Figures: TTFT p50 of sequential single streams, chunks/s of
N concurrent streams, and the server's CPU per stream (utime+stime from /proc). Prints
figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import grpc
from common import ROOT, configure, pct, start_fake_upstream, start_llmrouter

TOKEN = "tok "
TICK = os.sysconf("SC_CLK_TCK")


def cpu_s(pid: int) -> float:
    """utime + stime of a process, seconds."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


class _Collector(BaseHTTPRequestHandler):
    exports = 0

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("content-length") or 0))
        type(self).exports += 1
        self.send_response(200)
        self.send_header("content-type", "application/x-protobuf")
        self.send_header("content-length", "0")
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


async def one_stream(stub, chunks: int) -> tuple[float, int]:
    from llmrouter.v1 import chat_pb2, chat_service_pb2

    req = chat_service_pb2.StreamChatRequest(
        model="bench-model",
        messages=[chat_pb2.Message(role=chat_pb2.ROLE_USER, content="go")],
        generation=chat_pb2.GenerationConfig(max_tokens=chunks),
    )
    t0 = time.perf_counter()
    ttft = None
    chars = 0
    async for msg in stub.StreamChat(
        req, metadata=(("traceparent", f"00-{os.urandom(16).hex()}-{os.urandom(8).hex()}-01"),)
    ):
        if msg.HasField("delta") and msg.delta.text:
            if ttft is None:
                ttft = time.perf_counter() - t0
            chars += len(msg.delta.text)
    return ttft or 0.0, chars // len(TOKEN)


def per_call_us(n: int) -> dict[str, float]:
    """In-process: microseconds one call costs the telemetry (call + one attempt + commit + end)."""
    sys.path.insert(0, str(ROOT))
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

    from service.core.chat import ServedBy, Usage
    from service.core.config import ApiType, ProviderConfig
    from service.core.resolution import Target
    from service.core.telemetry import NO_TELEMETRY
    from service.observability import Observability

    target = Target(ProviderConfig(id="p", display_name="P", api_type=ApiType.OPENAI, base_url=""), "gpt-4o", 0)
    served, usage = ServedBy("p", "gpt-4o", 1, 0, "r"), Usage(12, 200)

    class _Drop(InMemorySpanExporter):
        def export(self, spans):  # keep nothing: measure the spans, not a growing list
            return super().export(())

    out = {}
    for name, telemetry in (
        ("off", NO_TELEMETRY),
        ("metrics", Observability(environ={}).telemetry),
        ("metrics+traces", Observability(environ={}, span_exporter=_Drop()).telemetry),
    ):
        t0 = time.perf_counter()
        for _ in range(n):
            call = telemetry.call("chat", "gpt-4o", True)
            call.attempt(target, 1, "r").end(None)
            call.committed(served)
            call.end(usage, None)
        out[name] = (time.perf_counter() - t0) / n * 1e6
    return out


class Mode:
    """One server and what was measured on it."""

    def __init__(self, name: str, env: dict) -> None:
        self.name, self.env = name, env
        self.ttfts: list[float] = []
        self.chunks = 0
        self.seconds = 0.0
        self.cpu = 0.0
        self.streams = 0
        self.router = None
        self.stub = None
        self.channel = None

    async def start(self, up_port: int) -> None:
        self.router, port, _ = start_llmrouter(self.env)
        await configure(f"127.0.0.1:{port}", "bench", f"http://127.0.0.1:{up_port}/v1", "bench-*")
        from llmrouter.v1 import chat_service_pb2_grpc

        self.channel = grpc.aio.insecure_channel(f"127.0.0.1:{port}")
        self.stub = chat_service_pb2_grpc.ChatServiceStub(self.channel)

    async def round(self, args) -> None:
        """Sequential single streams (TTFT), then concurrent streams (chunks/s); server CPU over both."""
        c0 = cpu_s(self.router.p.pid)
        for _ in range(args.singles):
            self.ttfts.append((await one_stream(self.stub, args.chunks))[0])
        t0 = time.perf_counter()
        results = await asyncio.gather(*(one_stream(self.stub, args.chunks) for _ in range(args.streams)))
        self.seconds += time.perf_counter() - t0
        self.chunks += sum(r[1] for r in results)
        self.cpu += cpu_s(self.router.p.pid) - c0
        self.streams += args.singles + args.streams

    async def stop(self) -> None:
        if self.channel is not None:
            await self.channel.close()
        if self.router is not None:
            self.router.stop()

    def row(self) -> dict:
        return {
            "mode": self.name,
            "ttft_p50_ms": pct(self.ttfts, 50) * 1000,
            "chunks_per_s": self.chunks / self.seconds if self.seconds else 0.0,
            "cpu_ms_per_stream": self.cpu * 1000 / max(1, self.streams),
        }


async def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--chunks", type=int, default=200)
    ap.add_argument("--singles", type=int, default=30, help="sequential single streams (TTFT)")
    ap.add_argument("--streams", type=int, default=16, help="concurrent streams (chunks/s)")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--batch", type=int, default=1, help="upstream SSE frames per TCP write")
    ap.add_argument("--calls", type=int, default=20000, help="calls of the in-process per-call measurement")
    args = ap.parse_args()

    collector = ThreadingHTTPServer(("127.0.0.1", 0), _Collector)
    threading.Thread(target=collector.serve_forever, daemon=True).start()
    endpoint = f"http://127.0.0.1:{collector.server_port}"
    clean = {k: "" for k in os.environ if k.startswith("OTEL_")}
    modes = [
        ("off", {**clean, "LLMROUTER_METRICS_ENABLED": "false"}),
        ("metrics", {**clean, "LLMROUTER_METRICS_ENABLED": "true"}),
        ("metrics+traces", {**clean, "OTEL_EXPORTER_OTLP_ENDPOINT": endpoint}),
    ]
    micro = per_call_us(args.calls)
    print(f"# in-process, per call ({args.calls} calls): " + ", ".join(f"{k} {v:.1f} us" for k, v in micro.items()))
    up, up_port = start_fake_upstream(args.chunks, args.batch)
    servers = [Mode(name, env) for name, env in modes]
    try:
        for m in servers:
            await m.start(up_port)
            await asyncio.gather(*(one_stream(m.stub, args.chunks) for _ in range(8)))  # warm-up
        for _ in range(args.rounds):  # modes interleaved, so that drift on a shared machine hits all alike
            for m in servers:
                await m.round(args)
        print(
            f"# {args.chunks}-chunk streams ({args.batch} SSE frame(s) per upstream write), {args.rounds} rounds per "
            f"mode, interleaved: {args.singles} sequential streams (TTFT) and {args.streams} concurrent (chunks/s)"
        )
        print(f"{'mode':>15} {'TTFT p50 ms':>12} {'chunks/s':>10} {'CPU ms/stream':>14}")
        rows = [m.row() for m in servers]
        for row in rows:
            print(
                f"{row['mode']:>15} {row['ttft_p50_ms']:>12.2f} {row['chunks_per_s']:>10.0f}"
                f" {row['cpu_ms_per_stream']:>14.2f}"
            )
        base = rows[0]
        for row in rows[1:]:
            print(
                f"# {row['mode']}: TTFT {row['ttft_p50_ms'] - base['ttft_p50_ms']:+.2f} ms, chunks/s "
                f"{(row['chunks_per_s'] / base['chunks_per_s'] - 1) * 100:+.1f} %, CPU/stream "
                f"{row['cpu_ms_per_stream'] - base['cpu_ms_per_stream']:+.2f} ms"
            )
        print(f"# OTLP exports received so far: {_Collector.exports}")
    finally:
        for m in servers:
            await m.stop()
        up.stop()
        collector.shutdown()


if __name__ == "__main__":
    asyncio.run(main())
