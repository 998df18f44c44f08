"""The server process: health, reflection, settings, signals, graceful shutdown, logs."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc
from support.harness import free_port, running_server

from service.settings import Settings


async def test_health_serving_after_start_then_not_serving_on_shutdown(database):
    async with running_server(database) as srv:
        health = health_pb2_grpc.HealthStub(srv.channel)
        for service in (
            "",
            "llmrouter.v1.ChatService",
            "llmrouter.v1.ProviderAdminService",
            "llmrouter.v1.RoutingService",
        ):
            resp = await health.Check(health_pb2.HealthCheckRequest(service=service))
            assert resp.status == health_pb2.HealthCheckResponse.SERVING
        watch = health.Watch(health_pb2.HealthCheckRequest(service=""))
        first = await watch.read()
        assert first.status == health_pb2.HealthCheckResponse.SERVING
        stopping = asyncio.create_task(srv.server.stop(grace=1.0))
        nxt = await asyncio.wait_for(watch.read(), 5)
        assert nxt.status == health_pb2.HealthCheckResponse.NOT_SERVING
        await stopping  # the context manager's own stop() is then a no-op


async def test_reflection_lists_every_service(server):
    stub = reflection_pb2_grpc.ServerReflectionStub(server.channel)

    async def reqs():
        yield reflection_pb2.ServerReflectionRequest(list_services="")

    async for resp in stub.ServerReflectionInfo(reqs()):
        names = {s.name for s in resp.list_services_response.service}
        break
    assert {
        "llmrouter.v1.ChatService",
        "llmrouter.v1.ProviderAdminService",
        "llmrouter.v1.RoutingService",
        "grpc.health.v1.Health",
    } <= names


def test_settings_from_environment_and_flags():
    s = Settings.from_env(
        {
            "LLMROUTER_LISTEN": "127.0.0.1:6000",
            "LLMROUTER_MAX_ATTEMPTS_PER_TARGET": "3",
            "LLMROUTER_DEMO_MODEL": "false",
            "LLMROUTER_IDLE_TIMEOUT_S": "2.5",
        },
        listen="127.0.0.1:7000",
    )
    assert (
        s.listen == "127.0.0.1:7000"
        and s.max_attempts_per_target == 3
        and not s.demo_model_enabled
        and s.idle_timeout_s == 2.5
    )
    assert Settings.from_env({}).listen == "127.0.0.1:50051"
    assert Settings.from_env({}).demo_model_enabled  # on for the embedded default
    assert not Settings.from_env({"LLMROUTER_DATABASE_URL": "postgresql+asyncpg://x/y"}).demo_model_enabled
    assert (
        Settings.from_env({"LLMROUTER_DATA_DIR": "/tmp/x"}).effective_database_url
        == "sqlite+aiosqlite:////tmp/x/llmrouter.db"
    )


async def test_serve_command_structured_logs_and_sigterm(tmp_path):
    port = free_port()
    env = dict(os.environ, LLMROUTER_DATA_DIR=str(tmp_path / "data"), LLMROUTER_LOG_FORMAT="json")
    env.pop("LLMROUTER_DATABASE_URL", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "service.cli", "serve", "--listen", f"127.0.0.1:{port}"],
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
            health = health_pb2_grpc.HealthStub(channel)
            for _ in range(200):
                try:
                    resp = await health.Check(health_pb2.HealthCheckRequest(), timeout=1)
                    if resp.status == health_pb2.HealthCheckResponse.SERVING:
                        break
                except grpc.aio.AioRpcError:
                    await asyncio.sleep(0.1)
            else:
                raise AssertionError("server never became SERVING")
        proc.send_signal(signal.SIGTERM)
        rc = await asyncio.to_thread(proc.wait, 20)
        assert rc == 0
        lines = [json.loads(line) for line in proc.stderr.read().splitlines() if line.startswith("{")]
        msgs = [entry["msg"] for entry in lines]
        assert "llmrouter serving" in msgs and "llmrouter stopped" in msgs
        serving = next(entry for entry in lines if entry["msg"] == "llmrouter serving")
        assert serving["level"] == "info" and serving["listen"] == f"127.0.0.1:{port}"
        # What start-up built is out of the garbage collector's full collections (no loop stalls).
        frozen = next(entry for entry in lines if entry["msg"] == "start-up objects frozen for the garbage collector")
        assert frozen["objects"] > 50_000, frozen
        if sys.platform.startswith("linux"):  # cmeel-openblas is a default dependency on Linux
            assert serving["blas"].startswith("openblas ("), serving["blas"]
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_serve_refuses_public_bind_without_keys(tmp_path):
    env = dict(os.environ, LLMROUTER_DATA_DIR=str(tmp_path / "data"))
    env.pop("LLMROUTER_DATABASE_URL", None)
    out = subprocess.run(
        [sys.executable, "-m", "service.cli", "serve", "--listen", "0.0.0.0:0"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 2
    assert "llmrouter keys create --scope admin" in out.stderr


def test_migrate_command(tmp_path):
    env = dict(os.environ, LLMROUTER_DATA_DIR=str(tmp_path / "data"))
    env.pop("LLMROUTER_DATABASE_URL", None)
    out = subprocess.run(
        [sys.executable, "-m", "service.cli", "migrate"], env=env, capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "data" / "llmrouter.db").exists()


async def test_embedded_sqlite_runs_in_wal_mode(tmp_path):
    import sqlite3

    from support.harness import Database

    async with running_server(Database("sqlite", "", tmp_path / "data")):
        conn = sqlite3.connect(tmp_path / "data" / "llmrouter.db")
        try:
            assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        finally:
            conn.close()


def _serve_cmd(tmp_path, name: str, *args: str) -> tuple[list[str], dict]:
    env = dict(os.environ, LLMROUTER_DATA_DIR=str(tmp_path / name), LLMROUTER_DEMO_MODEL="false")
    env.pop("LLMROUTER_DATABASE_URL", None)
    return [sys.executable, "-m", "service.cli", "serve", *args], env


async def _wait_serving(port: int) -> None:
    async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
        health = health_pb2_grpc.HealthStub(channel)
        for _ in range(300):
            try:
                if (await health.Check(health_pb2.HealthCheckRequest(), timeout=1)).status == 1:
                    return
            except grpc.aio.AioRpcError:
                await asyncio.sleep(0.1)
    raise AssertionError("server never became SERVING")


async def test_a_second_serve_on_a_held_port_is_refused(tmp_path):
    """gRPC would set SO_REUSEPORT and let the second process take part of the traffic."""
    port = free_port()
    cmd, env = _serve_cmd(tmp_path, "a", "--listen", f"127.0.0.1:{port}")
    first = subprocess.Popen(cmd, env=env, stderr=subprocess.DEVNULL)
    try:
        await _wait_serving(port)
        cmd, env = _serve_cmd(tmp_path, "b", "--listen", f"127.0.0.1:{port}")
        second = await asyncio.to_thread(subprocess.run, cmd, env=env, capture_output=True, text=True, timeout=60)
        assert second.returncode == 2
        assert f"llmrouter: cannot listen on 127.0.0.1:{port}: the address is in use" in second.stderr
        assert "Traceback" not in second.stderr
        assert first.poll() is None  # the first one serves on, alone
    finally:
        first.terminate()
        await asyncio.to_thread(first.wait, 20)


async def test_a_bridge_port_in_use_is_one_clear_line(tmp_path):
    import socket

    holder = socket.socket()
    holder.bind(("127.0.0.1", 0))
    holder.listen(1)
    http_port = holder.getsockname()[1]
    try:
        cmd, env = _serve_cmd(tmp_path, "a", "--listen", f"127.0.0.1:{free_port()}", "--http", f"127.0.0.1:{http_port}")
        env["LLMROUTER_LOG_FORMAT"] = "text"
        out = await asyncio.to_thread(subprocess.run, cmd, env=env, capture_output=True, text=True, timeout=60)
    finally:
        holder.close()
    assert out.returncode == 2
    message = f"llmrouter: cannot serve the REST bridge on 127.0.0.1:{http_port}: the address is already in use"
    assert [line for line in out.stderr.splitlines() if line.startswith("llmrouter:")] == [
        f"{message}; choose another with --http or LLMROUTER_HTTP"
    ]
    assert "Traceback" not in out.stderr and "Event loop is closed" not in out.stderr, out.stderr
    assert out.stderr.count("already in use") == 2, out.stderr  # the log line and the message, nothing else


async def test_reuse_port_is_a_deliberate_choice():
    """Off (what `serve` uses): a second server cannot bind the port. On (for a multi-process
    mode): servers that all ask for it share the port."""
    from grpc_health.v1._async import HealthServicer

    from service.api.server import build_grpc_server

    def server(reuse_port: bool):
        return build_grpc_server(
            snapshot=None,
            router=None,
            store=None,
            backends=None,
            request_log=None,
            request_log_reader=None,
            health=HealthServicer(),
            reuse_port=reuse_port,
        ).server

    shared = server(True)
    port = shared.add_insecure_port("127.0.0.1:0")
    assert server(True).add_insecure_port(f"127.0.0.1:{port}") == port
    alone = server(False)
    port2 = alone.add_insecure_port("127.0.0.1:0")
    try:
        server(False).add_insecure_port(f"127.0.0.1:{port2}")
        raise AssertionError("bound a port another server holds")
    except RuntimeError:
        pass
