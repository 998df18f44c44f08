"""Relay cost of llmrouter's StreamChat (and of the REST bridge), measured from the server's own CPU time.

    .venv/bin/python bench/bench_relay.py                          # 1, 16, 64 streams; one event per write and bursts
    .venv/bin/python bench/bench_relay.py --streams 1,16 --rounds 2
    .venv/bin/python bench/bench_relay.py --server-root /work/wt-i14-base   # another checkout's server (before/after)

Processes on loopback: a mock OpenAI upstream (this script, `--serve-upstream`), `llmrouter serve --http`, a floor
server (this script, `--serve-floor`: a plain grpc.aio ChatService answering 100 deltas from memory, one message
each; with the model suffix ``-md`` it first sends the commit point's six headers of initial metadata), once an
HTTP floor (this script, `--http-floor`: the server's aiohttp stream session alone, POSTing 1-chunk streams to the
mock one by one) and this client. With `taskset` available the server and both floors are pinned to CPU 0, the mock
and the client to CPU 1 (two cores here: the gateway alone on one).

Two upstream modes, chosen per request by the model name:

* ``event``: one SSE event per write, the mock yielding to its loop between writes (what real providers do: one
  event per token). The server reads what arrived, so under load several events may share a read;
* ``burst``: 16 events per write, as fast as possible;
* ``tokens``: one event per write every 10-20 ms (50-100 tokens/s a stream, as a real model writes): with
  ``--streams 200 --workers 2`` the first-token latency under load;
* ``paced``: one event per write every 2 ms (about 500 tokens/s a stream), so that each read carries one event
  while the server keeps up: the per-chunk worst case.

Per mode and concurrency (N streams started at once, `--rounds` times; N=1 runs `--single` streams one by one):

* chunks/s: upstream text chunks relayed per second of wall time, every chunk's text verified by the client
  (gRPC: typed protobuf deltas; bridge: every SSE frame parsed as JSON);
* CPU us/chunk: the server process's user+system CPU (``/proc/<pid>/stat``) over the run, per upstream chunk;
* msgs/stream: gRPC messages (or SSE frames) per stream (the relay merges what arrived together);
* set-up CPU: server CPU per 1-chunk stream, run one by one (request conversion, routing, upstream request, first
  write, summary, request log): the whole call less its single chunk; beside it, the upstream request alone (the
  HTTP floor's CPU per request and its time to the response headers);
* added TTFT: time to the first text delta at one stream, p50/p99, minus the floor's (measured in the same run,
  interleaved stream by stream, with the same client), twice: with an upstream that writes its first token at once
  and then one every 2 ms (``first``, as real providers do: nothing else runs while the first token travels), and
  in event mode (the other 99 events follow at once: the server parses them while the first token goes out, and
  the mock's writes share the client's core).

Prints figures (and the load average, since the machine may be shared); asserts only that the texts are exact.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from common import cpu_seconds, free_port, pct, wait_port

TOKEN = "tok "
MODEL_EVENT, MODEL_BURST, MODEL_PACED = "relay-event", "relay-burst", "relay-paced"
MODEL_TOKENS = "relay-tokens"
MODEL_FIRST = "relay-first"  # the first token at once, then one every PACED_INTERVAL_S (TTFT at one stream)
PACED_INTERVAL_S = 0.002
TOKEN_INTERVAL_S = (0.010, 0.020)
BURST = 16


# ---------------------------------------------------------------- the mock upstream (its own process)


def _frames(n: int) -> list[bytes]:
    head = '{"id":"chatcmpl-b","object":"chat.completion.chunk","created":1700000000,"model":"m","choices":'
    tok = (
        "data: " + head + '[{"index":0,"delta":{"content":%s},"logprobs":null,"finish_reason":null}]}\n\n'
    ) % json.dumps(TOKEN)
    first = "data: " + head + '[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}\n\n'
    last = "data: " + head + '[{"index":0,"delta":{},"finish_reason":"stop"}]}\n\n'
    usage = (
        "data: "
        + head
        + '[],"usage":{"prompt_tokens":3,"completion_tokens":%d,"total_tokens":%d}}\n\n'
        % (
            n,
            n + 3,
        )
    )
    return [first.encode()] + [tok.encode()] * n + [last.encode(), usage.encode(), b"data: [DONE]\n\n"]


def _chunk(data: bytes) -> bytes:
    return b"%x\r\n%b\r\n" % (len(data), data)


class _MockConn(asyncio.Protocol):
    """HTTP/1.1 keep-alive, POST /v1/chat/completions (stream) and GET /v1/models; nothing else."""

    def __init__(self) -> None:
        self.buf = b""
        self.t: asyncio.Transport | None = None
        self.busy = False

    def connection_made(self, transport) -> None:  # type: ignore[no-untyped-def]
        self.t = transport

    def connection_lost(self, exc) -> None:  # type: ignore[no-untyped-def]
        self.t = None

    def data_received(self, data: bytes) -> None:
        self.buf += data
        if not self.busy:
            self._next()

    def _next(self) -> None:
        head_end = self.buf.find(b"\r\n\r\n")
        if head_end < 0:
            return
        head = self.buf[:head_end].decode("latin-1")
        length = 0
        for line in head.split("\r\n")[1:]:
            k, _, v = line.partition(":")
            if k.strip().lower() == "content-length":
                length = int(v)
        if len(self.buf) < head_end + 4 + length:
            return
        body = self.buf[head_end + 4 : head_end + 4 + length]
        self.buf = self.buf[head_end + 4 + length :]
        self.busy = True
        asyncio.get_running_loop().create_task(self._answer(head.split(" ")[1], body))

    async def _answer(self, path: str, body: bytes) -> None:
        t = self.t
        if t is None:
            return
        if path.endswith("/models"):
            data = b'{"object":"list","data":[{"id":"relay-event","object":"model"}]}'
            t.write(
                b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: %d\r\n\r\n%b" % (len(data), data)
            )
        else:
            req = json.loads(body)
            n = int(req.get("max_completion_tokens") or req.get("max_tokens") or 100)
            frames = _frames(n)
            t.write(b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n")
            if req.get("model") == MODEL_BURST:
                for i in range(0, len(frames), BURST):
                    t.write(_chunk(b"".join(frames[i : i + BURST])))
                    await asyncio.sleep(0)
            else:  # one event per write, then a pause: none (event), PACED_INTERVAL_S, or 10-20 ms (tokens)
                model = req.get("model")
                pace = random.Random(len(body))
                for i, f in enumerate(frames):
                    if self.t is None:
                        return
                    t.write(_chunk(f))
                    if model == MODEL_PACED or (model == MODEL_FIRST and i > 0):
                        await asyncio.sleep(PACED_INTERVAL_S)
                    elif model == MODEL_TOKENS:
                        await asyncio.sleep(pace.uniform(*TOKEN_INTERVAL_S))
                    else:
                        await asyncio.sleep(0)
            t.write(b"0\r\n\r\n")
        self.busy = False
        if self.buf:
            self._next()


async def serve_upstream(port: int) -> None:
    server = await asyncio.get_running_loop().create_server(_MockConn, "127.0.0.1", port)
    async with server:
        await server.serve_forever()


# ---------------------------------------------------------------- the floor: grpc.aio answering from memory


# What the relay sends as initial metadata at its commit point (service/api/chat_servicer.py), in size.
COMMIT_METADATA = (
    ("x-request-id", "0f0e0d0c-0b0a-4908-8706-050403020100"),
    ("x-llmrouter-provider", "providers/mock"),
    ("x-llmrouter-model", "relay-first"),
    ("x-llmrouter-attempts", "1"),
    ("x-llmrouter-fallback-index", "0"),
    ("x-llmrouter-route", "routes/relay"),
)


async def http_floor(port: int, n: int) -> None:
    """The upstream request alone: aiohttp (as the server's stream session: `make_stream_session`) POSTs the
    relay's streaming request to the mock n times one by one, reading each 1-chunk answer whole. Prints its own
    CPU per request (from /proc) and the time to the response headers, as JSON."""
    import aiohttp

    from service.backends.http.backend import _STREAM_HEADERS
    from service.backends.http.client import make_stream_session
    from service.backends.http.timeouts import HttpTimeouts

    body = json.dumps(
        {
            "model": MODEL_EVENT,
            "messages": [{"role": "user", "content": "go"}],
            "max_completion_tokens": 1,
            "stream": True,
            "stream_options": {"include_usage": True},
        },
        separators=(",", ":"),
    ).encode()
    url = f"http://127.0.0.1:{port}/v1/chat/completions"
    session: aiohttp.ClientSession = make_stream_session(HttpTimeouts())
    heads: list[float] = []
    try:
        for i in range(n + 50):  # the first 50 warm up
            if i == 50:
                c0 = cpu_seconds(os.getpid())
            t0 = time.perf_counter()
            response = await session.post(url, data=body, headers=_STREAM_HEADERS, allow_redirects=False, proxy=None)
            heads.append(time.perf_counter() - t0)
            await response.read()
            response.release()
        cpu = cpu_seconds(os.getpid()) - c0
    finally:
        await session.close()
    heads = heads[50:]
    print(json.dumps({"cpu_us": cpu / n * 1e6, "p50_ms": pct(heads, 50) * 1e3, "p99_ms": pct(heads, 99) * 1e3}))


async def serve_floor(port: int) -> None:
    import grpc

    from llmrouter.v1 import chat_pb2, chat_service_pb2, chat_service_pb2_grpc

    Resp = chat_service_pb2.StreamChatResponse

    class Floor(chat_service_pb2_grpc.ChatServiceServicer):
        async def StreamChat(self, request, context):  # type: ignore[no-untyped-def]
            # One message per chunk: at once, or paced as the relay's upstream (model floor-paced, floor-tokens).
            # A model ending in -md first sends initial metadata as the relay's commit point does (six headers).
            model = request.model.removesuffix("-md")
            paced = model.endswith(("paced", "first"))
            tokens = model.endswith("tokens")
            pace = random.Random(request.generation.max_tokens)
            if model != request.model:
                await context.send_initial_metadata(COMMIT_METADATA)
            for _ in range(request.generation.max_tokens or 100):
                yield Resp(delta=chat_pb2.ChatDelta(text=TOKEN))
                if paced:
                    await asyncio.sleep(PACED_INTERVAL_S)
                elif tokens:
                    await asyncio.sleep(pace.uniform(*TOKEN_INTERVAL_S))
            yield Resp(summary=chat_pb2.ChatSummary())

    server = grpc.aio.server()
    chat_service_pb2_grpc.add_ChatServiceServicer_to_server(Floor(), server)
    server.add_insecure_port(f"127.0.0.1:{port}")
    await server.start()
    await server.wait_for_termination()


# ---------------------------------------------------------------- the client


class Stats:
    def __init__(self) -> None:
        self.ttft: list[float] = []
        self.chunks = 0
        self.msgs = 0
        self.streams = 0

    def add(self, ttft: float, chunks: int, msgs: int) -> None:
        self.ttft.append(ttft)
        self.chunks += chunks
        self.msgs += msgs
        self.streams += 1


def grpc_request(model: str, n: int):  # type: ignore[no-untyped-def]
    from llmrouter.v1 import chat_pb2, chat_service_pb2

    return chat_service_pb2.StreamChatRequest(
        model=model,
        messages=[chat_pb2.Message(role=chat_pb2.ROLE_USER, content="go")],
        generation=chat_pb2.GenerationConfig(max_tokens=n),
    )


async def grpc_one(stub, model: str, n: int, st: Stats) -> None:  # type: ignore[no-untyped-def]
    req = grpc_request(model, n)
    t0 = time.perf_counter()
    ttft = 0.0
    parts: list[str] = []
    msgs = 0
    done = False
    async for msg in stub.StreamChat(req, timeout=120):
        msgs += 1
        if msg.HasField("delta"):
            if msg.delta.text:
                if not parts:
                    ttft = time.perf_counter() - t0
                parts.append(msg.delta.text)
        elif msg.HasField("summary"):
            done = True
    text = "".join(parts)
    assert done and text == TOKEN * n, f"inexact text: {len(text)} chars, summary {done}"
    st.add(ttft, n, msgs)


class RoundRobin:
    """ChatService stubs over several channels, taken in turn."""

    def __init__(self, stubs: list) -> None:  # type: ignore[type-arg]
        self.stubs = stubs
        self.i = 0

    def StreamChat(self, req, **kw):  # type: ignore[no-untyped-def]
        self.i += 1
        return self.stubs[self.i % len(self.stubs)].StreamChat(req, **kw)


class RawHTTP:
    """A minimal keep-alive HTTP/1.1 client with chunked bodies (Python HTTP clients cost more CPU than the path
    measured, and the client shares its core with the mock)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.idle: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = []

    async def post_stream(self, path: str, body: bytes):  # type: ignore[no-untyped-def]
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
                if not reused:
                    raise
        assert head.startswith(b"HTTP/1.1 200"), head[:200]
        while True:
            size = int((await reader.readuntil(b"\r\n"))[:-2], 16)
            if size == 0:
                await reader.readexactly(2)
                break
            yield (await reader.readexactly(size + 2))[:-2]
        self.idle.append(conn)

    def close(self) -> None:
        for _, w in self.idle:
            w.close()


async def bridge_one(http: RawHTTP, model: str, n: int, st: Stats) -> None:
    body = json.dumps(
        {"model": model, "messages": [{"role": "user", "content": "go"}], "max_tokens": n, "stream": True}
    ).encode()
    t0 = time.perf_counter()
    ttft = 0.0
    parts: list[str] = []
    frames = 0
    rest = b""
    done = False
    async for raw in http.post_stream("/v1/chat/completions", body):
        rest += raw
        *events, rest = rest.split(b"\n\n")
        for ev in events:
            if not ev.startswith(b"data: "):
                continue
            frames += 1
            data = ev[6:]
            if data == b"[DONE]":
                done = True
                continue
            obj = json.loads(data)
            for ch in obj.get("choices") or ():
                c = (ch.get("delta") or {}).get("content")
                if c:
                    if not parts:
                        ttft = time.perf_counter() - t0
                    parts.append(c)
    text = "".join(parts)
    assert done and text == TOKEN * n, f"inexact text through the bridge: {len(text)} chars"
    st.add(ttft, n, frames)


async def level(one, n_streams: int, rounds: int, pid: int) -> tuple[Stats, float, float]:  # type: ignore[no-untyped-def]
    """(stats, wall seconds, server CPU seconds) of `rounds` rounds of n_streams started at once."""
    st = Stats()
    wall = cpu = 0.0
    for _ in range(rounds):
        c0, t0 = cpu_seconds(pid), time.perf_counter()
        await asyncio.gather(*(one(st) for _ in range(n_streams)))
        wall += time.perf_counter() - t0
        cpu += cpu_seconds(pid) - c0
    return st, wall, cpu


def rss_and_fds(pid: int) -> tuple[int, int]:
    """(resident KiB, open fds) of a process and its live children."""
    kib = 0
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            kib = int(line.split()[1])
    fds = len(os.listdir(f"/proc/{pid}/fd"))
    try:
        kids = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        kids = []
    for kid in kids:
        k, f = rss_and_fds(int(kid))
        kib, fds = kib + k, fds + f
    return kib, fds


async def cancelled_streams(stub, pid: int, n: int) -> None:  # type: ignore[no-untyped-def]
    """n paced streams, each cancelled after its first delta, 32 at a time: the server's RSS and fds after."""

    async def one() -> None:
        call = stub.StreamChat(grpc_request(MODEL_PACED, 100), timeout=30)
        async for msg in call:
            if msg.HasField("delta") and msg.delta.text:
                break
        call.cancel()

    before = rss_and_fds(pid)
    sem = asyncio.Semaphore(32)

    async def bounded() -> None:
        async with sem:
            await one()

    marks = []
    for _ in range(4):
        await asyncio.gather(*(bounded() for _i in range(n // 4)))
        await asyncio.sleep(1.0)  # the server finishes closing what the cancelled calls opened
        marks.append(rss_and_fds(pid))
    print(
        f"cancelled streams: {n} (first delta, then cancel); server RSS {before[0] / 1024:.1f} MiB before,"
        f" after each quarter {', '.join(f'{m[0] / 1024:.1f}' for m in marks)} MiB;"
        f" open fds {before[1]} before, after each quarter {', '.join(str(m[1]) for m in marks)}"
    )


def pin(argv: list[str], cpu: int | None) -> list[str]:
    return ["taskset", "-c", str(cpu), *argv] if cpu is not None else argv


async def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--chunks", type=int, default=100, help="text chunks per stream")
    ap.add_argument("--streams", default="1,16,64", help="concurrency levels")
    ap.add_argument("--rounds", type=int, default=3, help="rounds per level (N>1)")
    ap.add_argument("--single", type=int, default=60, help="streams one by one at N=1 (and for TTFT)")
    ap.add_argument("--setup", type=int, default=100, help="1-chunk streams for the set-up CPU")
    ap.add_argument("--modes", default="event,burst,paced")
    ap.add_argument("--no-bridge", action="store_true")
    ap.add_argument("--no-pin", action="store_true", help="pin nothing (compare 1 worker with N)")
    ap.add_argument("--workers", type=int, default=1, help="server processes (serve --workers N; N > 1: not pinned)")
    ap.add_argument("--cancel", type=int, default=0, help="also: N streams cancelled after their first delta")
    ap.add_argument("--server-root", default=str(ROOT), help="checkout whose `service` package serves")
    ap.add_argument("--serve-upstream", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--serve-floor", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--http-floor", type=int, nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.http_floor:
        await http_floor(*args.http_floor)
        return
    if args.serve_upstream:
        await serve_upstream(args.serve_upstream)
        return
    if args.serve_floor:
        await serve_floor(args.serve_floor)
        return

    import grpc

    from llmrouter.v1 import chat_service_pb2_grpc
    from llmrouter.v1 import provider_admin_service_pb2 as pa
    from llmrouter.v1 import provider_admin_service_pb2_grpc as pa_grpc
    from llmrouter.v1 import provider_pb2 as p
    from llmrouter.v1 import route_pb2 as r
    from llmrouter.v1 import routing_service_pb2 as rs
    from llmrouter.v1 import routing_service_pb2_grpc as rs_grpc

    pinned = shutil.which("taskset") is not None and (os.cpu_count() or 1) >= 2
    server_cpu, side_cpu = (0, 1) if pinned else (None, None)
    if args.workers > 1 or args.no_pin:  # the workers take every core; the mock and the client share them
        server_cpu = side_cpu = None
        pinned = False
    if pinned:
        os.sched_setaffinity(0, {1})
    tmp = Path(tempfile.mkdtemp(prefix="bench-relay-"))
    up_port, grpc_port, http_port, floor_port = free_port(), free_port(), free_port(), free_port()
    server_root = Path(args.server_root).resolve()
    env = dict(
        os.environ,
        LLMROUTER_LOG_LEVEL="WARNING",
        PYTHONPATH=f"{server_root}{os.pathsep}{os.environ.get('PYTHONPATH', '')}",
    )
    env.pop("LLMROUTER_DATABASE_URL", None)
    me = [sys.executable, str(Path(__file__).resolve())]
    procs = {
        "upstream": subprocess.Popen(pin([*me, "--serve-upstream", str(up_port)], side_cpu)),
        "floor": subprocess.Popen(pin([*me, "--serve-floor", str(floor_port)], server_cpu)),
        "server": subprocess.Popen(
            pin(
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
                    *(["--workers", str(args.workers)] if args.workers > 1 else []),
                ],
                server_cpu,
            ),
            cwd=server_root,
            env=env,
            stderr=subprocess.DEVNULL,
        ),
    }
    try:
        for port in (up_port, floor_port, grpc_port, http_port):
            wait_port(port, 60.0)  # nothing else runs in this loop yet
        spid, fpid = procs["server"].pid, procs["floor"].pid
        ch = grpc.aio.insecure_channel(f"127.0.0.1:{grpc_port}")
        floor_ch = grpc.aio.insecure_channel(f"127.0.0.1:{floor_port}")
        admin = pa_grpc.ProviderAdminServiceStub(ch)
        await admin.CreateProvider(
            pa.CreateProviderRequest(
                provider_id="mock",
                provider=p.Provider(
                    display_name="Mock",
                    template="custom-openai",
                    base_url=f"http://127.0.0.1:{up_port}/v1",
                    api_key="sk-bench-0000",
                ),
            )
        )
        await rs_grpc.RoutingServiceStub(ch).CreateRoute(
            rs.CreateRouteRequest(
                route_id="relay",
                route=r.Route(model_pattern="relay-*", target=r.RouteTarget(provider="providers/mock")),
            )
        )
        # One connection per channel (a local subchannel pool): several, so that the kernel spreads
        # them over the workers of `--workers N`.
        own = [("grpc.use_local_subchannel_pool", 1)]
        extra = [grpc.aio.insecure_channel(f"127.0.0.1:{grpc_port}", options=own) for _ in range(4 * args.workers - 1)]
        stub = RoundRobin([chat_service_pb2_grpc.ChatServiceStub(c) for c in (ch, *extra)])
        floor = chat_service_pb2_grpc.ChatServiceStub(floor_ch)
        http = RawHTTP(http_port)
        for _ in range(100):  # until the route is live on the server
            try:
                await grpc_one(stub, MODEL_EVENT, 2, Stats())
                break
            except grpc.aio.AioRpcError:
                await asyncio.sleep(0.1)
        if args.workers > 1:
            # Every worker's snapshot has the route: the default config poll (2 s) has run in each. The
            # server runs on its defaults, so that its idle CPU is what a deployment's is.
            await asyncio.sleep(2.5)
        n = args.chunks
        for model in (MODEL_EVENT, MODEL_BURST):  # warm-up
            await asyncio.gather(*(grpc_one(stub, model, n, Stats()) for _ in range(16)))
            if not args.no_bridge:
                await asyncio.gather(*(bridge_one(http, model, n, Stats()) for _ in range(16)))
        await asyncio.gather(*(grpc_one(floor, "floor", n, Stats()) for _ in range(16)))

        where = "pinned to CPU 0" if pinned else "not pinned"
        print(f"# bench_relay: server {server_root} ({where}), {args.workers} worker process(es)")
        print(f"# load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        print(
            f"# {n}-chunk streams; event = one SSE event per upstream write, burst = {BURST} per write,"
            f" paced = one per write every {PACED_INTERVAL_S * 1e3:g} ms"
        )

        # The server's CPU when idle (its timers and pollers), to read the paced figures against.
        c0, f0, t0 = cpu_seconds(spid), cpu_seconds(fpid), time.perf_counter()
        await asyncio.sleep(3.0)
        idle = (cpu_seconds(spid) - c0) / (time.perf_counter() - t0)
        fidle = (cpu_seconds(fpid) - f0) / (time.perf_counter() - t0)
        print(
            f"idle CPU: server {idle * 1e3:.1f} ms per second, floor {fidle * 1e3:.1f}"
            " (included in every CPU figure below)"
        )

        # Set-up CPU: 1-chunk streams one by one.
        st = Stats()
        c0 = cpu_seconds(spid)
        for _ in range(args.setup):
            await grpc_one(stub, MODEL_EVENT, 1, st)
        setup_us = (cpu_seconds(spid) - c0) / args.setup * 1e6
        c0 = cpu_seconds(fpid)
        for _ in range(args.setup):
            await grpc_one(floor, "floor", 1, Stats())
        floor_us = (cpu_seconds(fpid) - c0) / args.setup * 1e6
        print(
            f"set-up CPU (gRPC, whole 1-chunk stream, {args.setup} one by one): {setup_us:.0f} us per stream;"
            f" floor (the same call answered from memory) {floor_us:.0f} us; added {setup_us - floor_us:.0f} us"
        )
        # The upstream request alone, in its own process on the server's core: what aiohttp costs per stream.
        out = subprocess.run(
            pin([*me, "--http-floor", str(up_port), str(max(args.setup, 100))], server_cpu),
            cwd=server_root,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        hf = json.loads(out.stdout.strip().splitlines()[-1])
        print(
            f"upstream request alone (aiohttp as the server's stream session, one by one, on the server's core):"
            f" {hf['cpu_us']:.0f} us CPU per request; response headers after p50 {hf['p50_ms']:.2f} ms"
            f" p99 {hf['p99_ms']:.2f} ms"
        )

        # TTFT at one stream: relay and floor interleaved stream by stream. Paced: the upstream writes its first
        # token at once, then one every 2 ms (as real providers do), so nothing else runs while the first token
        # travels. Event: the upstream writes the other 99 events at once, and the mock's writes share the
        # client's core, delaying the client's read of the first token (the floor has no such neighbour).
        # The paced case also runs the floor sending the commit point's initial metadata first (model suffix -md).
        for label, model, floor_model, with_metadata, chunks in (
            (
                f"paced, first token at once, then one every {PACED_INTERVAL_S * 1e3:g} ms",
                MODEL_FIRST,
                "floor-first",
                True,
                10,
            ),
            ("event mode", MODEL_EVENT, "floor", False, n),
        ):
            relay_t, floor_t, md_t = Stats(), Stats(), Stats()
            for _ in range(args.single):
                await grpc_one(stub, model, chunks, relay_t)
                await grpc_one(floor, floor_model, chunks, floor_t)
                if with_metadata:
                    await grpc_one(floor, floor_model + "-md", chunks, md_t)
            r50, r99, f50, f99 = (
                pct(relay_t.ttft, 50),
                pct(relay_t.ttft, 99),
                pct(floor_t.ttft, 50),
                pct(floor_t.ttft, 99),
            )
            print(
                f"TTFT at 1 stream ({args.single} {chunks}-chunk streams, {label}):"
                f" relay p50 {r50 * 1e3:.2f} ms p99 {r99 * 1e3:.2f} ms;"
                f" floor p50 {f50 * 1e3:.2f} ms p99 {f99 * 1e3:.2f} ms;"
                f" added p50 {(r50 - f50) * 1e3:.2f} ms p99 {(r99 - f99) * 1e3:.2f} ms"
            )
            if with_metadata:
                m50, m99 = pct(md_t.ttft, 50), pct(md_t.ttft, 99)
                print(
                    f"  the floor sending initial metadata first (as the commit point does): p50 {m50 * 1e3:.2f} ms"
                    f" p99 {m99 * 1e3:.2f} ms, {(m50 - f50) * 1e3:+.2f} ms p50 over the floor"
                )

        print(
            f"\n{'mode':>6} {'door':>7} {'streams':>7} {'chunks/s':>9} {'CPU us/chunk':>12} {'msgs/stream':>11}"
            f" {'TTFT p50 ms':>11} {'TTFT p99 ms':>11}"
        )
        for mode in args.modes.split(","):
            model = {"event": MODEL_EVENT, "burst": MODEL_BURST, "paced": MODEL_PACED, "tokens": MODEL_TOKENS}[mode]
            for conc in [int(x) for x in args.streams.split(",")]:
                doors = [("gRPC", spid, lambda s, m=model: grpc_one(stub, m, n, s))]
                if not args.no_bridge:
                    doors.append(("bridge", spid, lambda s, m=model: bridge_one(http, m, n, s)))
                if mode in ("paced", "tokens"):
                    # The floor paced the same way: what grpc.aio alone costs per message when each
                    # message goes out on its own (the loop idles between chunks).
                    doors.append(("floor", fpid, lambda s, m=f"floor-{mode}": grpc_one(floor, m, n, s)))
                for door, pid, one in doors:
                    if conc == 1:
                        stl, wall, cpu = await level(one, 1, args.single, pid)
                    else:
                        stl, wall, cpu = await level(one, conc, args.rounds, pid)
                    print(
                        f"{mode:>6} {door:>7} {conc:>7} {stl.chunks / wall:>9.0f} {cpu / stl.chunks * 1e6:>12.1f}"
                        f" {stl.msgs / stl.streams:>11.1f} {pct(stl.ttft, 50) * 1e3:>11.2f}"
                        f" {pct(stl.ttft, 99) * 1e3:>11.2f}"
                    )
        if args.cancel:
            await cancelled_streams(stub, spid, args.cancel)
        print(f"# load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        http.close()
        await ch.close()
        for c in extra:
            await c.close()
        await floor_ch.close()
    finally:
        for proc in procs.values():
            proc.terminate()
        for proc in procs.values():
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    if "--serve-floor" in sys.argv or "--http-floor" in sys.argv:
        # The floor runs on the event loop `llmrouter serve` runs on (uvloop where installed).
        try:
            import uvloop
        except ImportError:
            asyncio.run(main())
        else:
            uvloop.run(main())
    else:
        asyncio.run(main())
