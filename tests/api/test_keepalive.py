"""The server's keepalive policy, over real gRPC with real clients.

Common client settings keep their streams through a 30 s silent upstream: grpcio pinging
every second (which gRPC's default server policy answers with GOAWAY ENHANCE_YOUR_CALM after
two pings), grpcio's defaults, and grpc-js, pinging every second and with its defaults (when
Node and @grpc/grpc-js are at hand). And the server finds a dead client by its own pings: the
stream ends and its upstream request is closed.
"""

from __future__ import annotations

import asyncio
import json
import math
import os
import shutil
import subprocess
import time
from pathlib import Path

import grpc
import pytest
from support.cloud_setup import add_provider, add_route, collect, stream_request
from support.fakes.openai_replies import openai_stream
from support.fakes.server import FakeUpstream
from support.harness import running_server
from support.tcp_proxy import TcpProxy

from llmrouter.v1 import chat_service_pb2_grpc

ROOT = Path(__file__).resolve().parents[2]
SILENCE_S = 30.0
PINGS_EVERY_SECOND = [
    ("grpc.keepalive_time_ms", 1000),
    ("grpc.keepalive_timeout_ms", 5000),
    ("grpc.keepalive_permit_without_calls", 1),
    ("grpc.http2.max_pings_without_data", 0),
]

NODE_CLIENT = r"""
const grpc = require('@grpc/grpc-js');
const loader = require('@grpc/proto-loader');
const [target, protoDir, options] = process.argv.slice(2);
const def = loader.loadSync('llmrouter/v1/chat_service.proto', {includeDirs: [protoDir], keepCase: true, defaults: true});
const pkg = grpc.loadPackageDefinition(def);
const client = new pkg.llmrouter.v1.ChatService(target, grpc.credentials.createInsecure(), JSON.parse(options));
const call = client.StreamChat({model: 'm-silent', messages: [{role: 'ROLE_USER', content: 'hi'}]});
let summary = null, text = '';
call.on('data', (m) => { if (m.delta) text += m.delta.text; if (m.summary) summary = m.summary; });
call.on('error', (e) => { console.log(JSON.stringify({ok: false, code: e.code, details: e.details})); process.exit(0); });
call.on('end', () => { console.log(JSON.stringify({ok: summary !== null, text})); process.exit(0); });
"""


def node_modules() -> Path | None:
    """Where @grpc/grpc-js and @grpc/proto-loader are installed (LLMROUTER_TEST_NODE_MODULES, or
    clients/node/node_modules), or None."""
    for candidate in (os.environ.get("LLMROUTER_TEST_NODE_MODULES"), ROOT / "clients" / "node" / "node_modules"):
        if (
            candidate
            and (Path(candidate) / "@grpc" / "grpc-js").is_dir()
            and (Path(candidate) / "@grpc" / "proto-loader").is_dir()
        ):
            return Path(candidate)
    return None


async def node_stream(target: str, options: dict, modules: Path, tmp_path: Path) -> dict:
    script = tmp_path / "client.js"
    script.write_text(NODE_CLIENT)
    proc = await asyncio.create_subprocess_exec(
        shutil.which("node") or "node",
        str(script),
        target,
        str(ROOT / "protos"),
        json.dumps(options),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=dict(os.environ, NODE_PATH=str(modules)),
    )
    out, err = await asyncio.wait_for(proc.communicate(), SILENCE_S + 60)
    assert proc.returncode == 0, err.decode()
    return json.loads(out.decode().strip().splitlines()[-1])


async def grpcio_stream(target: str, options: list) -> tuple[bool, str]:
    async with grpc.aio.insecure_channel(target, options=options) as ch:
        chat = chat_service_pb2_grpc.ChatServiceStub(ch)
        try:
            text, _, _, summary, _ = await collect(chat.StreamChat(stream_request("m-silent"), timeout=SILENCE_S + 60))
            return summary is not None, text
        except grpc.aio.AioRpcError as err:
            return False, f"{err.code().name}: {err.details()}"


@pytest.mark.slow
async def test_streams_survive_a_30_s_silent_upstream(tmp_path, server):
    async with FakeUpstream.start() as up:
        await add_provider(server, "fp", up.openai_base_url)
        await add_route(server, "all", "*", ("fp", ""))
        # Headers at once, then nothing for 30 s, then the answer.
        up.route("/v1/chat/completions", lambda req: openai_stream(["after the silence"], first_delay=SILENCE_S))
        clients = {
            "grpcio pinging every second": grpcio_stream(server.address, PINGS_EVERY_SECOND),
            "grpcio defaults": grpcio_stream(server.address, []),
        }
        modules = node_modules()
        if modules is not None and shutil.which("node"):
            ping_js = {
                "grpc.keepalive_time_ms": 1000,
                "grpc.keepalive_timeout_ms": 5000,
                "grpc.keepalive_permit_without_calls": 1,
            }
            clients["grpc-js pinging every second"] = node_stream(server.address, ping_js, modules, tmp_path)
            clients["grpc-js defaults"] = node_stream(server.address, {}, modules, tmp_path)
        t0 = time.monotonic()
        results = dict(zip(clients, await asyncio.gather(*clients.values()), strict=True))
        took = time.monotonic() - t0
    for name, result in results.items():
        ok, text = (result["ok"], result.get("text") or result) if isinstance(result, dict) else result
        assert ok, f"{name}: the stream did not survive the silence: {text}"
        assert text == "after the silence", (name, text)
    assert took >= SILENCE_S
    if len(results) == 2:
        print("grpc-js not at hand (set LLMROUTER_TEST_NODE_MODULES): checked grpcio only")


async def test_the_server_finds_a_dead_client_by_its_pings(database):
    """A client whose network goes silent (its connection blackholed): after keepalive_time_s
    without activity the server pings, gets no answer within keepalive_timeout_s, and closes
    the connection; the stream ends and its upstream request is closed."""
    async with (
        FakeUpstream.start() as up,
        running_server(database, keepalive_time_s=1.0, keepalive_timeout_s=1.0) as srv,
    ):
        await add_provider(srv, "fp", up.openai_base_url)
        await add_route(srv, "all", "*", ("fp", ""))
        up.route("/v1/chat/completions", lambda req: openai_stream(["never"], first_delay=math.inf))
        host, port = srv.address.rsplit(":", 1)
        proxy = TcpProxy(host, int(port))
        await proxy.start()
        try:
            async with grpc.aio.insecure_channel(f"127.0.0.1:{proxy.port}") as ch:
                chat = chat_service_pb2_grpc.ChatServiceStub(ch)
                call = chat.StreamChat(stream_request("m-dead"), timeout=60)
                reading = asyncio.create_task(collect(call))
                (req,) = await up.wait_requests(1, timeout=10)
                await asyncio.sleep(3)
                assert not req.disconnected, "a live client's silent stream stays open"
                proxy.blackhole()
                t0 = time.monotonic()
                assert await req.wait_disconnected(10), "the server never noticed the dead client"
                noticed = time.monotonic() - t0
                print(f"dead client noticed, upstream closed {noticed:.2f} s after its network went silent")
                assert noticed <= 1.0 + 1.0 + 2.0
                call.cancel()
                with pytest.raises((asyncio.CancelledError, grpc.aio.AioRpcError)):
                    await reading
        finally:
            await proxy.close()
