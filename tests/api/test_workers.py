"""`llmrouter serve --workers 2` as a user runs it: two processes serve one port, an admin change made
through one is seen by both, a killed worker is survived (and started again), and SIGTERM drains all."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from support.cloud_setup import add_provider, add_route, collect, stream_request
from support.fakes.openai_replies import openai_stream
from support.fakes.server import FakeUpstream
from support.harness import free_port

from llmrouter.v1 import chat_pb2, chat_service_pb2_grpc, provider_admin_service_pb2_grpc, routing_service_pb2_grpc

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")


class Client:
    def __init__(self, channel: grpc.aio.Channel) -> None:
        self.providers = provider_admin_service_pb2_grpc.ProviderAdminServiceStub(channel)
        self.routes = routing_service_pb2_grpc.RoutingServiceStub(channel)
        self.chat = chat_service_pb2_grpc.ChatServiceStub(channel)
        self.health = health_pb2_grpc.HealthStub(channel)


def children(pid: int) -> set[int]:
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    return {int(x) for x in out.split()}


def socket_owners(port: int, state: str, pids: set[int]) -> dict[int, int]:
    """pid -> how many of its sockets are on local port `port` in `state` ("0A" listen, "01" established)."""
    inodes: dict[str, None] = {}
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            f = line.split()
            if int(f[1].rsplit(":", 1)[1], 16) == port and f[3] == state:
                inodes[f[9]] = None
    owners: dict[int, int] = {}
    for pid in pids:
        try:
            fds = os.listdir(f"/proc/{pid}/fd")
        except OSError:
            continue
        for fd in fds:
            try:
                target = os.readlink(f"/proc/{pid}/fd/{fd}")
            except OSError:
                continue
            if target.startswith("socket:[") and target[8:-1] in inodes:
                owners[pid] = owners.get(pid, 0) + 1
    return owners


async def wait_for(predicate, what: str, timeout: float = 120.0) -> None:
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while not predicate():
        if loop.time() > end:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.1)


async def chat_ok(port: int, tries: int = 100) -> str:
    """A StreamChat on a fresh connection (the kernel picks the worker); retried while the route is unknown."""
    for _ in range(tries):
        async with grpc.aio.insecure_channel(
            f"127.0.0.1:{port}", options=[("grpc.use_local_subchannel_pool", 1)]
        ) as ch:
            try:
                text, _, _, summary, _ = await collect(Client(ch).chat.StreamChat(stream_request("gpt-4o"), timeout=10))
                assert summary is not None
                return text
            except grpc.aio.AioRpcError as err:
                if err.code() not in (grpc.StatusCode.NOT_FOUND, grpc.StatusCode.UNAVAILABLE):
                    raise
        await asyncio.sleep(0.1)
    raise AssertionError("never answered")


def start_two_workers(
    tmp_path: Path, port: int, demo_model: str, *args: str, stderr: int | None = None, **extra_env: str
) -> subprocess.Popen[bytes]:
    """`llmrouter serve --workers 2` on embedded SQLite in tmp_path, as a user starts it (args: more of its
    command line)."""
    env = dict(
        os.environ,
        LLMROUTER_DATA_DIR=str(tmp_path / "data"),
        LLMROUTER_DEMO_MODEL=demo_model,
        LLMROUTER_LOG_LEVEL="WARNING",
        LLMROUTER_CONFIG_POLL_INTERVAL_S="0.2",
        LLMROUTER_SHUTDOWN_GRACE_S="5",
    )
    env.pop("LLMROUTER_DATABASE_URL", None)
    env.pop("LLMROUTER_ENCRYPTION_KEY", None)  # the embedded key file
    env.update(extra_env)
    return subprocess.Popen(
        [sys.executable, "-m", "service.cli", "serve", "--workers", "2", "--listen", f"127.0.0.1:{port}", *args],
        env=env,
        stderr=stderr,
    )


async def test_two_workers_serve_share_config_survive_a_kill_and_drain(tmp_path):
    port = free_port()
    sup = start_two_workers(tmp_path, port, demo_model="false")
    try:
        async with FakeUpstream.start() as up:
            up.route("/v1/chat/completions", lambda rec: openai_stream(["hi ", "there"]))
            # Two processes, each listening on the port.
            await wait_for(lambda: len(socket_owners(port, "0A", children(sup.pid))) == 2, "two listening workers")
            workers = set(socket_owners(port, "0A", children(sup.pid)))
            assert sup.poll() is None and len(workers) == 2 and len(children(sup.pid)) == 3  # + the engine process
            everyone = children(sup.pid)

            # An admin change through one connection (one worker) ...
            async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as ch:
                admin = Client(ch)
                for _ in range(300):
                    st = (await admin.health.Check(health_pb2.HealthCheckRequest(), timeout=5)).status
                    if st == health_pb2.HealthCheckResponse.SERVING:
                        break
                    await asyncio.sleep(0.1)
                await add_provider(admin, "oai", up.openai_base_url)
                await add_route(admin, "gpt", "gpt-*", ("oai", ""))

            # ... is served by both: connections held open at once spread over the workers, every one answers.
            own = [("grpc.use_local_subchannel_pool", 1)]  # a connection per channel
            channels = [grpc.aio.insecure_channel(f"127.0.0.1:{port}", options=own) for _ in range(24)]
            try:
                for ch in channels:
                    await ch.channel_ready()
                owners = socket_owners(port, "01", workers)
                assert set(owners) == workers, f"connections per worker: {owners}"
                for ch in channels:
                    for _ in range(100):  # until this worker's snapshot has the route
                        try:
                            text, *_ = await collect(Client(ch).chat.StreamChat(stream_request("gpt-4o"), timeout=10))
                            break
                        except grpc.aio.AioRpcError as err:
                            assert err.code() == grpc.StatusCode.NOT_FOUND, err
                            await asyncio.sleep(0.1)
                    assert text == "hi there"
            finally:
                for ch in channels:
                    await ch.close()

            # A killed worker: the other one serves new connections, and the supervisor starts it again.
            victim = min(workers)
            os.kill(victim, signal.SIGKILL)
            for _ in range(6):
                assert await chat_ok(port) == "hi there"
            await wait_for(
                lambda: len(socket_owners(port, "0A", children(sup.pid))) == 2 and victim not in children(sup.pid),
                "the killed worker started again",
            )
            workers = set(socket_owners(port, "0A", children(sup.pid)))
            everyone = children(sup.pid)

            # SIGTERM drains every worker: a stream in flight finishes, then all exit.
            up.route("/v1/chat/completions", lambda rec: openai_stream([f"t{i} " for i in range(20)], interval=0.1))
            async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as ch:
                call = Client(ch).chat.StreamChat(stream_request("gpt-4o"), timeout=30)
                first = await call.__aiter__().__anext__()  # the stream is running on one of the workers
                assert first.delta.text
                sup.send_signal(signal.SIGTERM)
                rest, _, _, summary, _ = await collect(call)
                assert first.delta.text + rest == "".join(f"t{i} " for i in range(20)) and summary is not None
            assert await asyncio.to_thread(sup.wait, 30) == 0
            assert not any(Path(f"/proc/{pid}").exists() for pid in everyone)  # workers and the engine
    finally:
        if sup.poll() is None:
            sup.kill()
            sup.wait()


@pytest.mark.mlx
async def test_two_workers_share_one_engine_process_for_local_models(tmp_path):
    """Local models live in the supervisor's one engine process: chats on the demo model through
    connections on both workers are answered (MLX is loaded in the engine process only), a
    cancelled local stream leaves the engine serving, a killed engine is started again,
    and SIGTERM ends the workers and then the engine."""
    port = free_port()
    sup = start_two_workers(tmp_path, port, demo_model="true")
    own = [("grpc.use_local_subchannel_pool", 1)]  # a connection per channel
    channels: list[grpc.aio.Channel] = []
    try:
        await wait_for(lambda: len(socket_owners(port, "0A", children(sup.pid))) == 2, "two listening workers")
        workers = set(socket_owners(port, "0A", children(sup.pid)))
        engines = children(sup.pid) - workers
        assert len(engines) == 1  # the engine process listens on no TCP port
        engine_sockets = {
            os.readlink(f"/proc/{pid}/fd/{fd}") for pid in engines for fd in os.listdir(f"/proc/{pid}/fd")
        }
        assert any(t.startswith("socket:") for t in engine_sockets)

        channels = [grpc.aio.insecure_channel(f"127.0.0.1:{port}", options=own) for _ in range(16)]
        for ch in channels:
            await ch.channel_ready()
        assert set(socket_owners(port, "01", workers)) == workers  # both workers hold connections
        for ch in channels:
            for _ in range(300):  # until this worker's snapshot has the demo model
                try:
                    _, _, _, summary, _ = await collect(
                        Client(ch).chat.StreamChat(
                            stream_request("tiny-demo", generation=chat_pb2.GenerationConfig(max_tokens=6)),
                            timeout=60,
                        )
                    )
                    break
                except grpc.aio.AioRpcError as err:
                    assert err.code() in (grpc.StatusCode.NOT_FOUND, grpc.StatusCode.UNAVAILABLE), err
                    await asyncio.sleep(0.1)
            assert summary is not None and 0 < summary.usage.completion_tokens <= 6
            assert summary.served_by.provider == "providers/local"

        def maps_mlx(pid: int) -> bool:
            with open(f"/proc/{pid}/maps") as f:
                return "libmlx" in f.read()

        # The model is loaded once, in the engine process: the workers never even load MLX.
        assert [maps_mlx(pid) for pid in engines] == [True]
        assert [maps_mlx(pid) for pid in workers] == [False, False]

        # A long local stream cancelled after its first delta: the engine is free for the next ones.
        call = Client(channels[0]).chat.StreamChat(
            stream_request("tiny-demo", generation=chat_pb2.GenerationConfig(max_tokens=4000)), timeout=60
        )
        async for msg in call:
            if msg.HasField("delta"):
                break
        call.cancel()
        for ch in channels[:4]:
            _, _, _, summary, _ = await collect(
                Client(ch).chat.StreamChat(
                    stream_request("tiny-demo", generation=chat_pb2.GenerationConfig(max_tokens=4)), timeout=60
                )
            )
            assert summary is not None
        # The workers' local chats are the engine process's: while it is stopped, none is answered.
        (engine,) = engines
        os.kill(engine, signal.SIGSTOP)
        try:
            for ch in channels[:4]:
                with pytest.raises(grpc.aio.AioRpcError) as err:
                    await collect(
                        Client(ch).chat.StreamChat(
                            stream_request("tiny-demo", generation=chat_pb2.GenerationConfig(max_tokens=4)), timeout=1
                        )
                    )
                assert err.value.code() in (grpc.StatusCode.DEADLINE_EXCEEDED, grpc.StatusCode.UNAVAILABLE)
        finally:
            os.kill(engine, signal.SIGCONT)
        _, _, _, summary, _ = await collect(
            Client(channels[1]).chat.StreamChat(
                stream_request("tiny-demo", generation=chat_pb2.GenerationConfig(max_tokens=4)), timeout=60
            )
        )
        assert summary is not None
        assert engines <= children(sup.pid)  # the engine survived all of it

        # An engine process that dies is started again, and local chats are answered by the new one.
        os.kill(engine, signal.SIGKILL)
        await wait_for(lambda: len(children(sup.pid) - workers - engines) == 1, "a new engine process")
        for _ in range(300):
            try:
                _, _, _, summary, _ = await collect(
                    Client(channels[2]).chat.StreamChat(
                        stream_request("tiny-demo", generation=chat_pb2.GenerationConfig(max_tokens=4)), timeout=60
                    )
                )
                break
            except grpc.aio.AioRpcError as err:
                assert err.code() == grpc.StatusCode.UNAVAILABLE, err  # until the new one listens
                await asyncio.sleep(0.1)
        assert summary is not None and summary.usage.completion_tokens > 0
        everyone = children(sup.pid)
        assert workers <= everyone  # the workers kept serving
    finally:
        for ch in channels:
            await ch.close()
        if sup.poll() is None:
            sup.send_signal(signal.SIGTERM)
    assert await asyncio.to_thread(sup.wait, 60) == 0
    assert not any(Path(f"/proc/{pid}").exists() for pid in everyone)  # workers and the engine


async def test_a_first_worker_that_cannot_start_ends_the_engine_process_too(tmp_path):
    """The first worker exits before it listens (a database URL without the encryption key that
    replicas share): the supervisor exits non-zero and takes the engine process and its private
    socket directory with it."""
    port = free_port()
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    sup = start_two_workers(
        tmp_path,
        port,
        demo_model="false",
        TMPDIR=str(tmp),
        LLMROUTER_DATABASE_URL="postgresql+asyncpg://127.0.0.1:5432/test",
    )
    rc = await asyncio.to_thread(sup.wait, 120)
    assert rc != 0
    assert list(tmp.iterdir()) == []  # the engine's socket directory is gone

    def engine_processes() -> list[str]:
        found = []
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                environ = Path(f"/proc/{pid}/environ").read_bytes()
            except OSError:
                continue
            if f"LLMROUTER_ENGINE_HOST={tmp}".encode() in environ:
                found.append(pid)
        return found

    assert engine_processes() == []


@pytest.mark.parametrize("held", ["grpc", "http"])
async def test_workers_refuse_an_address_another_program_listens_on(tmp_path, held):
    """Another program already listens on the gRPC port (or the bridge's): the supervisor says so
    and exits with status 2 at once, starting nothing, instead of workers that fail and restart forever."""
    grpc_port, http_port = free_port(), free_port()
    squatter = socket.socket()
    squatter.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)  # even one that shares its port
    squatter.bind(("127.0.0.1", grpc_port if held == "grpc" else http_port))
    squatter.listen()
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    try:
        sup = start_two_workers(
            tmp_path, grpc_port, "false", "--http", f"127.0.0.1:{http_port}", stderr=subprocess.PIPE, TMPDIR=str(tmp)
        )
        try:
            _, err = await asyncio.to_thread(sup.communicate, timeout=60)
        except subprocess.TimeoutExpired:
            sup.send_signal(signal.SIGTERM)  # passed on to whatever it started
            await asyncio.to_thread(sup.wait, 60)
            raise AssertionError("the supervisor went on with the address held by another program") from None
    finally:
        squatter.close()
    port = grpc_port if held == "grpc" else http_port
    assert sup.returncode == 2
    assert f"cannot listen on 127.0.0.1:{port}: the address is in use" in err.decode()
    assert list(tmp.iterdir()) == []  # no engine process was started (its socket directory)
    assert not (tmp_path / "data").exists()  # nor a worker (it would have made the database)
