"""The database in trouble: unresponsive (accepts TCP, never answers), down, read-only, out of disk.

Every admin RPC and RequestLogService call answers within the database timeouts: OK where it
needs no database (or only reads, and the database still reads), else UNAVAILABLE with
DATABASE_UNAVAILABLE and RetryInfo; never INTERNAL, never a hang. When the database returns,
service resumes at once (half-open connections are dropped and replaced). Real PostgreSQL
through a TCP proxy the test cuts and blackholes; real SQLite on a tiny filesystem.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

import grpc
import pytest
from cryptography.fernet import Fernet
from google.protobuf import field_mask_pb2
from support.cloud_setup import add_provider, add_route, collect, stream_request
from support.db_faults import set_read_only, through_proxy
from support.fakes.openai_replies import openai_models, openai_stream
from support.fakes.server import FakeUpstream
from support.harness import Database, create_pg_database, drop_pg_database, error_details, running_server
from support.small_fs import small_fs

from llmrouter.v1 import provider_admin_service_pb2 as pa
from llmrouter.v1 import provider_pb2 as p
from llmrouter.v1 import request_log_service_pb2 as rl
from llmrouter.v1 import request_log_service_pb2_grpc
from llmrouter.v1 import route_pb2 as r
from llmrouter.v1 import routing_service_pb2 as rs

CONNECT_S, COMMAND_S = 1.0, 1.5
# The longest any call may take while the database is in trouble: one bounded operation
# (connect + command timeout), plus the request log's flush before a read, plus slack for a
# shared 2-core machine.
BOUND_S = 2 * (CONNECT_S + COMMAND_S) + 1.5
FAULT_SETTINGS = dict(
    database_connect_timeout_s=CONNECT_S,
    database_command_timeout_s=COMMAND_S,
    config_poll_interval_s=0.3,
    max_attempts_per_target=1,
)

WRITES = {
    "CreateProvider",
    "UpdateProvider",
    "DeleteProvider",
    "CreateProviderModel",
    "UpdateProviderModel",
    "DeleteProviderModel",
    "CreateRoute",
    "UpdateRoute",
    "DeleteRoute",
}
# Served from memory (the routing snapshot, the templates): OK whatever the database does.
IN_MEMORY = {"ListProviderTemplates", "ResolveRoute"}


def mask(*paths: str) -> field_mask_pb2.FieldMask:
    return field_mask_pb2.FieldMask(paths=list(paths))


async def prepare(srv, up: FakeUpstream) -> dict[str, str]:
    """A provider with models, a route, and resources the calls below update or delete."""
    await add_provider(srv, "fp", up.openai_base_url)
    await add_provider(srv, "doomed", up.openai_base_url)
    m1 = (
        await srv.providers.CreateProviderModel(
            pa.CreateProviderModelRequest(parent="providers/fp", provider_model=p.ProviderModel(model_id="m1"))
        )
    ).provider_model.name
    m2 = (
        await srv.providers.CreateProviderModel(
            pa.CreateProviderModelRequest(parent="providers/fp", provider_model=p.ProviderModel(model_id="m2"))
        )
    ).provider_model.name
    await add_route(srv, "r1", "m-*", ("fp", ""))
    await add_route(srv, "r-doomed", "x-*", ("fp", ""))
    up.route("/v1/models", openai_models(["m1", "m2", "m3"]))
    up.route("/v1/chat/completions", lambda req: openai_stream(["ok"], usage=(10, 5, 0)))
    return {"m1": m1, "m2": m2}


def admin_calls(srv, names: dict[str, str]) -> dict[str, Callable[[], Awaitable[object]]]:
    P, R = srv.providers, srv.routes
    L = request_log_service_pb2_grpc.RequestLogServiceStub(srv.channel)
    return {
        "CreateProvider": lambda: P.CreateProvider(
            pa.CreateProviderRequest(
                provider_id="during",
                provider=p.Provider(display_name="During", template="custom-openai", base_url="http://127.0.0.1:9/v1"),
            )
        ),
        "GetProvider": lambda: P.GetProvider(pa.GetProviderRequest(name="providers/fp")),
        "ListProviders": lambda: P.ListProviders(pa.ListProvidersRequest()),
        "UpdateProvider": lambda: P.UpdateProvider(
            pa.UpdateProviderRequest(
                provider=p.Provider(name="providers/fp", display_name="FP two"), update_mask=mask("display_name")
            )
        ),
        "DeleteProvider": lambda: P.DeleteProvider(pa.DeleteProviderRequest(name="providers/doomed")),
        "ListProviderTemplates": lambda: P.ListProviderTemplates(pa.ListProviderTemplatesRequest()),
        "CreateProviderModel": lambda: P.CreateProviderModel(
            pa.CreateProviderModelRequest(parent="providers/fp", provider_model=p.ProviderModel(model_id="m-during"))
        ),
        "ListProviderModels": lambda: P.ListProviderModels(pa.ListProviderModelsRequest(parent="providers/fp")),
        "UpdateProviderModel": lambda: P.UpdateProviderModel(
            pa.UpdateProviderModelRequest(
                provider_model=p.ProviderModel(name=names["m1"], display_name="M one"), update_mask=mask("display_name")
            )
        ),
        "DeleteProviderModel": lambda: P.DeleteProviderModel(pa.DeleteProviderModelRequest(name=names["m2"])),
        "VerifyProvider": lambda: P.VerifyProvider(pa.VerifyProviderRequest(name="providers/fp", model="m1")),
        "DiscoverProviderModels": lambda: P.DiscoverProviderModels(
            pa.DiscoverProviderModelsRequest(name="providers/fp")
        ),
        "UnloadProviderModel": lambda: P.UnloadProviderModel(pa.UnloadProviderModelRequest(name=names["m1"])),
        "CreateRoute": lambda: R.CreateRoute(
            rs.CreateRouteRequest(
                route_id="during", route=r.Route(model_pattern="d-*", target=r.RouteTarget(provider="providers/fp"))
            )
        ),
        "GetRoute": lambda: R.GetRoute(rs.GetRouteRequest(name="routes/r1")),
        "ListRoutes": lambda: R.ListRoutes(rs.ListRoutesRequest()),
        "UpdateRoute": lambda: R.UpdateRoute(
            rs.UpdateRouteRequest(route=r.Route(name="routes/r1", priority=5), update_mask=mask("priority"))
        ),
        "DeleteRoute": lambda: R.DeleteRoute(rs.DeleteRouteRequest(name="routes/r-doomed")),
        "ResolveRoute": lambda: R.ResolveRoute(rs.ResolveRouteRequest(model="m-1")),
        "ListRequestLogs": lambda: L.ListRequestLogs(rl.ListRequestLogsRequest()),
        "GetUsageSummary": lambda: L.GetUsageSummary(rl.GetUsageSummaryRequest()),
    }


async def outcome(call: Callable[[], Awaitable[object]]) -> tuple[str, float, object]:
    """(status name, seconds, details or None) of one call, with a deadline far past the bound."""
    t0 = time.monotonic()
    try:
        await asyncio.wait_for(call(), BOUND_S * 4)
        return "OK", time.monotonic() - t0, None
    except grpc.aio.AioRpcError as err:
        return err.code().name, time.monotonic() - t0, error_details(err)
    except TimeoutError:
        return "HANG", time.monotonic() - t0, None


async def check_every_call(srv, names, *, writes_fail: bool, reads_fail: bool | None, logs_fail: bool) -> dict:
    """Runs every admin and request-log call (concurrently, as operators and scripts would) and
    checks each: bounded, OK or UNAVAILABLE with DATABASE_UNAVAILABLE and RetryInfo."""
    calls = admin_calls(srv, names)
    results = dict(zip(calls, await asyncio.gather(*(outcome(c) for c in calls.values())), strict=True))
    for name, (status, seconds, details) in results.items():
        assert seconds <= BOUND_S, f"{name} took {seconds:.1f} s (bound {BOUND_S} s)"
        assert status in ("OK", "UNAVAILABLE", "FAILED_PRECONDITION"), f"{name}: {status} {details}"
        if status == "UNAVAILABLE":
            assert details.reason == "DATABASE_UNAVAILABLE", (name, details)
            assert details.retry_delay_s is not None, f"{name}: UNAVAILABLE without RetryInfo"
        if name in IN_MEMORY:
            expected = "OK"
        elif name in WRITES:
            expected = "UNAVAILABLE" if writes_fail else "OK"
        elif name in ("ListRequestLogs", "GetUsageSummary"):
            expected = "UNAVAILABLE" if logs_fail else "OK"
        elif name == "UnloadProviderModel":  # reads the provider, which is not a local one
            expected = "UNAVAILABLE" if reads_fail else "FAILED_PRECONDITION"
        else:  # reads (DiscoverProviderModels only reads unless asked to save)
            expected = "UNAVAILABLE" if reads_fail else "OK"
        if reads_fail is None and name not in WRITES and name not in IN_MEMORY:
            continue  # reads may work or not: either answer is right
        assert status == expected, f"{name}: {status}, expected {expected} ({details})"
    return results


async def resumes(srv, within_s: float) -> float:
    """Seconds until an admin write succeeds again."""
    t0 = time.monotonic()
    while True:
        try:
            await srv.routes.CreateRoute(
                rs.CreateRouteRequest(
                    route_id="after", route=r.Route(model_pattern="a-*", target=r.RouteTarget(provider="providers/fp"))
                ),
                timeout=BOUND_S,
            )
            return time.monotonic() - t0
        except grpc.aio.AioRpcError as err:
            assert err.code() in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED), err
            assert time.monotonic() - t0 < within_s, f"no admin write succeeded within {within_s} s"
            await asyncio.sleep(0.1)


@pytest.fixture
async def pg_database(tmp_path):
    db = await create_pg_database(tmp_path)
    try:
        yield db
    finally:
        await drop_pg_database(db)


@pytest.mark.parametrize("fault", ["unresponsive", "down", "read_only"])
async def test_postgres_in_trouble_every_call_answers_in_bounded_time(pg_database, fault):
    db = pg_database
    proxy = await through_proxy(db)
    async with FakeUpstream.start() as up, running_server(db, **FAULT_SETTINGS) as srv:
        names = await prepare(srv, up)
        await collect(srv.chat.StreamChat(stream_request("m-1")))
        if fault == "unresponsive":
            proxy.blackhole()  # open connections go silent, new ones are accepted and never answered
        elif fault == "down":
            await proxy.cut()
        else:
            await set_read_only(db, True)
        # Chat keeps serving from the snapshot; its log entry waits for the database.
        text, *_ = await collect(srv.chat.StreamChat(stream_request("m-1"), timeout=10))
        assert text == "ok"
        await check_every_call(srv, names, writes_fail=True, reads_fail=fault != "read_only", logs_fail=True)
        if fault == "unresponsive":
            proxy.restore()  # the silenced connections stay half-open: the pool must replace them
        elif fault == "down":
            await proxy.start()
        else:
            await set_read_only(db, False)
        took = await resumes(srv, within_s=BOUND_S + 3)
        print(f"{fault}: an admin write succeeded {took:.2f} s after the database returned")
        logs = request_log_service_pb2_grpc.RequestLogServiceStub(srv.channel)
        listed = await logs.ListRequestLogs(rl.ListRequestLogsRequest(), timeout=BOUND_S)
        assert len(listed.entries) == 2  # the call made during the fault is there, once
    await proxy.close()


async def test_sqlite_read_only_every_call_answers(tmp_path):
    """The SQLite files made immutable (chattr +i: writes refused, root included) while the
    server runs, the spool in the data directory elsewhere: writes and the request log answer
    UNAVAILABLE in bounded time (reads may work or not), and once the files are writable
    again writes work at once and the waiting log entries arrive."""
    with small_fs(tmp_path / "disk", size_mb=16) as fs:
        db = Database(
            "sqlite",
            f"sqlite+aiosqlite:///{fs.path / 'llmrouter.db'}",
            tmp_path / "data",
            Fernet.generate_key().decode(),
        )
        async with FakeUpstream.start() as up, running_server(db, **FAULT_SETTINGS) as srv:
            names = await prepare(srv, up)
            await collect(srv.chat.StreamChat(stream_request("m-1")))
            logs = request_log_service_pb2_grpc.RequestLogServiceStub(srv.channel)
            await logs.ListRequestLogs(rl.ListRequestLogsRequest())
            fs.immutable(True)
            try:
                await collect(srv.chat.StreamChat(stream_request("m-1"), timeout=10))
                results = await check_every_call(srv, names, writes_fail=True, reads_fail=None, logs_fail=True)
                assert "incomplete" in results["ListRequestLogs"][2].message
            finally:
                fs.immutable(False)
            await resumes(srv, within_s=BOUND_S + 3)
            listed = await logs.ListRequestLogs(rl.ListRequestLogsRequest(), timeout=BOUND_S)
            assert len(listed.entries) == 2


async def test_sqlite_full_disk_every_call_answers(tmp_path):
    """The data directory's disk full (database and spool on it): writes and the request log
    UNAVAILABLE (reads too, when SQLite cannot create its WAL files), and once there is room
    again everything works and no log entry is lost."""
    with small_fs(tmp_path / "disk", size_mb=16) as fs:
        db = Database("sqlite", "", fs.path / "data")
        async with FakeUpstream.start() as up, running_server(db, **FAULT_SETTINGS) as srv:
            names = await prepare(srv, up)
            await collect(srv.chat.StreamChat(stream_request("m-1")))
            logs = request_log_service_pb2_grpc.RequestLogServiceStub(srv.channel)
            await logs.ListRequestLogs(rl.ListRequestLogsRequest())  # written: the WAL has room
            fs.fill()
            try:
                for _ in range(20):
                    await collect(srv.chat.StreamChat(stream_request("m-1"), timeout=10))
                await check_every_call(srv, names, writes_fail=True, reads_fail=None, logs_fail=True)
            finally:
                fs.free()
            await resumes(srv, within_s=BOUND_S + 3)
            listed = await logs.ListRequestLogs(rl.ListRequestLogsRequest(page_size=100))
            assert len(listed.entries) == 21
