"""The request log loses nothing: across a database outage, a full disk, a read-only database,
and whatever values reach it. Entries that the database cannot take wait in the local spool
(or, when the spool's own disk is full, in memory) and are written in order, exactly once,
when it can; usage totals then match the calls that were made.

Real PostgreSQL through a TCP proxy the test cuts and blackholes, real SQLite on a tiny
filesystem, chat calls over real gRPC to a fake upstream on loopback.
"""

from __future__ import annotations

import asyncio
import os
import stat
import time
from datetime import UTC, datetime

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import func, select
from support.cloud_setup import add_provider, add_route
from support.db_faults import set_read_only, through_proxy
from support.fakes.openai_replies import openai_stream
from support.fakes.server import FakeUpstream
from support.harness import Database, create_pg_database, drop_pg_database, running_server
from support.small_fs import small_fs
from support.traffic import Traffic, logged_request_ids

from llmrouter.v1 import request_log_service_pb2 as rl
from llmrouter.v1 import request_log_service_pb2_grpc
from service.core.errors import Unavailable
from service.core.request_log import RequestLogEntry
from service.store import db as store_db
from service.store.models import RequestLogRow
from service.store.request_log import RequestLogReader, RequestLogWriter, encode
from service.store.spool import Spool

SETTINGS = dict(
    database_connect_timeout_s=1.0,
    database_command_timeout_s=1.5,
    config_poll_interval_s=0.5,
    max_attempts_per_target=1,
)


async def chat_setup(srv, up: FakeUpstream) -> None:
    await add_provider(srv, "fp", up.openai_base_url)
    await add_route(srv, "all", "m-*", ("fp", ""))
    up.route("/v1/chat/completions", lambda req: openai_stream(["ok"], usage=(10, 5, 0)))


async def assert_all_logged_once(srv, traffic: Traffic, before: int = 0) -> None:
    """Every call is in the log exactly once, in the order the calls ended, and usage totals match."""
    logs = request_log_service_pb2_grpc.RequestLogServiceStub(srv.channel)
    ids = await logged_request_ids(logs)
    ours = [i for i in ids if i.startswith(traffic.prefix)]
    lost = set(traffic.made) - set(ours)
    print(
        f"calls {len(traffic.made)}, logged {len(set(ours))}, lost {len(lost)}, duplicates {len(ours) - len(set(ours))}"
    )
    assert not lost, f"{len(lost)} of {len(traffic.made)} entries lost"
    assert len(ours) == len(set(ours)), "an entry was written twice"
    # In order: the database's ids follow the order in which the calls were logged.
    async with srv.server.components.store.engine.connect() as conn:
        by_id = (
            (
                await conn.execute(
                    select(RequestLogRow.request_id)
                    .where(RequestLogRow.request_id.like(f"{traffic.prefix}-%"))
                    .order_by(RequestLogRow.id)
                )
            )
            .scalars()
            .all()
        )
    assert list(by_id) == traffic.made, "entries were written out of order"
    totals = (await logs.GetUsageSummary(rl.GetUsageSummaryRequest())).totals
    t = next(x for x in totals if x.provider == "providers/fp")
    n = len(traffic.made) + before
    assert (t.requests, t.errors, t.prompt_tokens, t.completion_tokens) == (n, 0, 10 * n, 5 * n)


@pytest.fixture
async def pg_database(tmp_path):
    db = await create_pg_database(tmp_path)
    try:
        yield db
    finally:
        await drop_pg_database(db)


@pytest.mark.slow
async def test_a_60_s_postgres_outage_loses_nothing(pg_database):
    """30 s down (connections refused), then 30 s unresponsive (accepted, never answered; the
    pooled connections left half-open), with 20 calls a second throughout."""
    proxy = await through_proxy(pg_database)
    async with FakeUpstream.start() as up, running_server(pg_database, **SETTINGS) as srv:
        await chat_setup(srv, up)
        traffic = Traffic(srv.chat, "m-1", prefix="outage")
        task = asyncio.create_task(traffic.run(rate=20))
        await asyncio.sleep(2)
        await proxy.cut()
        await asyncio.sleep(30)
        await proxy.start()
        proxy.blackhole()
        await asyncio.sleep(30)
        proxy.restore()
        await asyncio.sleep(2)
        traffic.stop()
        await task
        assert traffic.ok == len(traffic.made) >= 1000, "chat kept serving throughout"
        t0 = time.monotonic()
        await assert_all_logged_once(srv, traffic)
        print(f"the log was complete {time.monotonic() - t0:.1f} s after the outage")
    await proxy.close()


async def test_postgres_read_only_loses_nothing(pg_database):
    async with FakeUpstream.start() as up, running_server(pg_database, **SETTINGS) as srv:
        await chat_setup(srv, up)
        traffic = Traffic(srv.chat, "m-1", prefix="readonly")
        task = asyncio.create_task(traffic.run(rate=20))
        await asyncio.sleep(1)
        await set_read_only(pg_database, True)
        await asyncio.sleep(5)
        await set_read_only(pg_database, False)
        await asyncio.sleep(1)
        traffic.stop()
        await task
        await assert_all_logged_once(srv, traffic)


async def test_sqlite_full_disk_loses_nothing(tmp_path):
    """Database and spool on one full disk: entries wait in memory, then arrive."""
    with small_fs(tmp_path / "disk", size_mb=16) as fs:
        async with (
            FakeUpstream.start() as up,
            running_server(Database("sqlite", "", fs.path / "data"), **SETTINGS) as srv,
        ):
            await chat_setup(srv, up)
            traffic = Traffic(srv.chat, "m-1", prefix="full")
            task = asyncio.create_task(traffic.run(rate=20))
            await asyncio.sleep(1)
            fs.fill()
            await asyncio.sleep(4)
            writer = srv.server.components.request_log
            assert writer.pending > 0, "the disk being full, entries wait"
            fs.free()
            await asyncio.sleep(1)
            traffic.stop()
            await task
            await assert_all_logged_once(srv, traffic)


async def test_sqlite_read_only_loses_nothing(tmp_path):
    """The database file read-only, the spool in the data directory elsewhere: entries wait
    in the spool (durably), then arrive."""
    with small_fs(tmp_path / "disk", size_mb=16) as fs:
        db = Database(
            "sqlite",
            f"sqlite+aiosqlite:///{fs.path / 'llmrouter.db'}",
            tmp_path / "data",
            Fernet.generate_key().decode(),
        )
        async with FakeUpstream.start() as up, running_server(db, **SETTINGS) as srv:
            await chat_setup(srv, up)
            traffic = Traffic(srv.chat, "m-1", prefix="ro")
            task = asyncio.create_task(traffic.run(rate=20))
            await asyncio.sleep(1)
            fs.immutable(True)
            try:
                await asyncio.sleep(4)
                writer = srv.server.components.request_log
                spooled, _ = await asyncio.to_thread(writer.spool.counts)
                assert spooled > 0, "the database being read-only, entries wait in the spool"
            finally:
                fs.immutable(False)
            await asyncio.sleep(1)
            traffic.stop()
            await task
            await assert_all_logged_once(srv, traffic)


# ------------------------------------------------------------------ whatever reaches the writer


def entry(request_id: str, **kw) -> RequestLogEntry:
    values = dict(
        create_time=datetime.now(UTC),
        request_id=request_id,
        caller_key_id="",
        method="StreamChat",
        requested_model="m-1",
        route="all",
        provider="fp",
        model="m-1",
        attempts=1,
        fallback_index=0,
        prompt_tokens=10,
        completion_tokens=5,
        cached_prompt_tokens=0,
        ttft_ms=3,
        duration_ms=7,
        status="OK",
    )
    values.update(kw)
    return RequestLogEntry(**values)


@pytest.fixture
async def engine(database):
    url = database.url or f"sqlite+aiosqlite:///{database.data_dir / 'llmrouter.db'}"
    await store_db.migrate(url)
    eng = store_db.create_engine(url)
    try:
        yield eng
    finally:
        await eng.dispose()


async def test_bad_values_never_drop_their_batch(engine, tmp_path):
    """NUL (which PostgreSQL text refuses), lone surrogates, over-long text and out-of-range
    numbers amid good entries: every entry is stored, cleaned; none is lost."""
    writer = RequestLogWriter(engine, Spool(tmp_path / "spool.db", 1 << 20), flush_interval_s=60)
    writer.start()
    try:
        writer.record(entry("good-1"))
        writer.record(entry("nul\x00id", requested_model="model\x00with-nul", error_reason="R\x00"))
        writer.record(entry("surrogate-\ud800", model="m\udfff"))
        writer.record(entry("long-" + "x" * 500, requested_model="y" * 5000, route="r" * 300))
        writer.record(entry("big-numbers", prompt_tokens=2**40, completion_tokens=-(2**40), ttft_ms=2**70))
        writer.record(entry("good-2"))
        await writer.flush()
        reader = RequestLogReader(engine)
        from service.core.paging import PageRequest

        page = await reader.list(PageRequest(0, 100))
        by_id = {e.request_id: e for e in page.items}
        assert len(page.items) == 6 and writer.rejected == 0
        assert {"good-1", "good-2", "nul\ufffdid", "big-numbers"} <= set(by_id)
        assert by_id["nul\ufffdid"].requested_model == "model\ufffdwith-nul"
        assert any(k.startswith("surrogate-") and "\ufffd" in k for k in by_id)
        long = next(e for k, e in by_id.items() if k.startswith("long-"))
        assert len(long.request_id) == 128 and len(long.requested_model) == 256 and len(long.route) == 63
        big = by_id["big-numbers"]
        assert big.prompt_tokens == 2**31 - 1 and big.completion_tokens == -(2**31) and big.ttft_ms == 2**63 - 1
        # A filter with the same bad value finds what was stored.
        found = await reader.list(PageRequest(0, 10), request_id="nul\x00id")
        assert [e.request_id for e in found.items] == ["nul\ufffdid"]
    finally:
        await writer.stop()


async def test_an_entry_the_database_refuses_is_kept_aside(engine, tmp_path):
    """An entry the spool holds that cannot even be decoded (a damaged spool row) goes to the
    spool's `rejected` table; the entries around it are written."""
    spool = Spool(tmp_path / "spool.db", 1 << 20)
    spool.open()
    spool.append(
        [("a" * 32, encode(entry("before"))), ("b" * 32, '["not", "an entry"]'), ("c" * 32, encode(entry("after")))]
    )
    spool.close()
    writer = RequestLogWriter(engine, Spool(tmp_path / "spool.db", 1 << 20), flush_interval_s=60)
    writer.start()
    try:
        await writer.flush()
        async with engine.connect() as conn:
            ids = (await conn.execute(select(RequestLogRow.request_id).order_by(RequestLogRow.id))).scalars().all()
        assert ids == ["before", "after"]
        assert writer.rejected == 1
        assert await asyncio.to_thread(writer.spool.counts) == (0, 1)
    finally:
        await writer.stop()


async def test_a_replayed_batch_is_written_once(engine, tmp_path):
    """A batch the database committed while its removal from the spool was lost (a crash in
    between) is replayed at the next start: the database skips what it has."""
    path = tmp_path / "spool.db"
    first = RequestLogWriter(engine, Spool(path, 1 << 20), flush_interval_s=60)
    first.start()
    for i in range(5):
        first.record(entry(f"once-{i}"))
    items = list(first._memory)
    await first.flush()
    await first.stop()
    again = Spool(path, 1 << 20)  # as if the removal had not happened
    again.open()
    again.append([(uid, encode(e)) for uid, e in items])
    again.close()
    second = RequestLogWriter(engine, Spool(path, 1 << 20), flush_interval_s=60)
    second.start()
    try:
        second.record(entry("later"))
        await second.flush()
        async with engine.connect() as conn:
            ids = (await conn.execute(select(RequestLogRow.request_id).order_by(RequestLogRow.id))).scalars().all()
        assert ids == [f"once-{i}" for i in range(5)] + ["later"]
        assert await asyncio.to_thread(second.spool.counts) == (0, 0)
    finally:
        await second.stop()


async def flush_when_back(writer: RequestLogWriter, within_s: float = 60.0) -> None:
    """Flushes once the database takes writes again: each flush is bounded by the writer's
    timeout, and a loaded machine may need more than one to reconnect and catch up."""
    async with asyncio.timeout(within_s):
        while True:
            try:
                await writer.flush()
                return
            except Unavailable:
                await asyncio.sleep(0.2)


async def test_the_spool_is_bounded(tmp_path):
    """With the database away, the spool grows to its bound and no further; past it entries
    wait in memory (bounded too: beyond, they are dropped and counted), and when the database
    returns, every entry that was kept arrives."""
    proxy_db = await create_pg_database(tmp_path)
    proxy = await through_proxy(proxy_db)
    try:
        await store_db.migrate(proxy_db.url)
        engine = store_db.create_engine(proxy_db.url, store_db.Timeouts(0.5, 0.5))
        bound = 256 * 1024
        writer = RequestLogWriter(
            engine, Spool(tmp_path / "spool.db", bound), max_queue=500, flush_interval_s=0.05, timeout_s=1.0
        )
        writer.start()
        await proxy.cut()
        for i in range(3000):
            writer.record(entry(f"b-{i:05d}"))
            if i % 100 == 0:
                await asyncio.sleep(0.05)
        await asyncio.sleep(0.5)
        size = sum(os.path.getsize(f) for f in tmp_path.glob("spool.db*"))
        spooled, _ = await asyncio.to_thread(writer.spool.counts)
        print(
            f"spool bound {bound} B: file {size} B holding {spooled} entries; {len(writer._memory)} in memory, {writer.dropped} dropped"
        )
        assert size <= bound
        assert spooled > 0 and len(writer._memory) <= 500
        assert spooled + len(writer._memory) + writer.dropped == 3000
        kept = 3000 - writer.dropped
        await proxy.start()
        await flush_when_back(writer)
        async with engine.connect() as conn:
            n = (await conn.execute(select(func.count()).select_from(RequestLogRow))).scalar_one()
        assert n == kept
        await writer.stop()
        await engine.dispose()
    finally:
        await proxy.close()
        await drop_pg_database(proxy_db)


async def test_database_files_are_private_in_a_0755_directory(tmp_path):
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    os.chmod(data, 0o755)
    old = os.umask(0o022)
    try:
        async with FakeUpstream.start() as up, running_server(Database("sqlite", "", data), **SETTINGS) as srv:
            await chat_setup(srv, up)
            traffic = Traffic(srv.chat, "m-1")
            await traffic.one()
            async with srv.server.components.store.engine.connect() as conn:  # keeps -wal and -shm in place
                await conn.execute(select(1))
                await srv.server.components.request_log.flush()
                names = sorted(p.name for p in data.iterdir() if p.is_file())
                modes = {n: stat.S_IMODE(os.stat(data / n).st_mode) for n in names}
    finally:
        os.umask(old)
    assert {"llmrouter.db", "llmrouter.db-wal", "llmrouter.db-shm", "request-log-spool.db"} <= set(names), names
    for name in ("llmrouter.db", "llmrouter.db-wal", "llmrouter.db-shm", "request-log-spool.db", "encryption.key"):
        assert modes[name] == 0o600, f"{name}: {oct(modes[name])}"
    for name in names:
        if name.startswith("request-log-spool.db"):
            assert modes[name] == 0o600, f"{name}: {oct(modes[name])}"
    assert stat.S_IMODE(os.stat(data).st_mode) == 0o755  # the directory is the operator's
