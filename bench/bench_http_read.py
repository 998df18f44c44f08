"""The read path alone: httpx's `aiter_raw()` against aiohttp's `content.iter_any()` on one SSE stream per request.

    .venv/bin/python bench/bench_http_read.py [--streams 16] [--rounds 10] [--chunks 100]

The mock upstream of bench_relay.py (its own process, one SSE event per write, pinned to CPU 1) answers; this
client (pinned to CPU 0) reads each body to its end and counts reads. Prints reads per stream and this process's
CPU per read and per stream (`getrusage`); asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import aiohttp
import httpx

HERE = Path(__file__).resolve().parent


def cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


async def via_httpx(client: httpx.AsyncClient, url: str, n: int) -> int:
    reads = 0
    async with client.stream("POST", url, json={"model": "relay-event", "max_tokens": n, "stream": True}) as resp:
        async for _ in resp.aiter_raw():
            reads += 1
    return reads


async def via_aiohttp(session: aiohttp.ClientSession, url: str, n: int) -> int:
    reads = 0
    async with session.post(url, json={"model": "relay-event", "max_tokens": n, "stream": True}) as resp:
        async for _ in resp.content.iter_any():
            reads += 1
    return reads


async def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--streams", type=int, default=16)
    ap.add_argument("--rounds", type=int, default=10)
    ap.add_argument("--chunks", type=int, default=100)
    args = ap.parse_args()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    pin = ["taskset", "-c", "1"] if shutil.which("taskset") and (os.cpu_count() or 1) >= 2 else []
    up = subprocess.Popen([*pin, sys.executable, str(HERE / "bench_relay.py"), "--serve-upstream", str(port)])
    if pin:
        os.sched_setaffinity(0, {0})
    url = f"http://127.0.0.1:{port}/v1/chat/completions"
    try:
        for _ in range(100):
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            await asyncio.sleep(0.1)
        limits = httpx.Limits(max_connections=256)
        async with httpx.AsyncClient(http2=True, limits=limits) as client, aiohttp.ClientSession() as session:
            runs = (("httpx", via_httpx, client), ("aiohttp", via_aiohttp, session)) * 2
            for name, fn, cl in runs:
                await asyncio.gather(*(fn(cl, url, args.chunks) for _ in range(args.streams)))  # warm-up
                c0, t0 = cpu(), time.perf_counter()
                reads = 0
                for _ in range(args.rounds):
                    reads += sum(await asyncio.gather(*(fn(cl, url, args.chunks) for _ in range(args.streams))))
                used, streams = cpu() - c0, args.rounds * args.streams
                print(
                    f"{name:8} {reads / streams:6.1f} reads/stream {used / reads * 1e6:7.1f} us CPU/read"
                    f" {used / streams * 1e3:6.2f} ms CPU/stream  wall {time.perf_counter() - t0:.2f} s"
                )
    finally:
        up.terminate()
        up.wait(10)


if __name__ == "__main__":
    asyncio.run(main())
