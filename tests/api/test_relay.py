"""Unit tests of the relay's coalescing (the gRPC-level behaviour is covered in test_chat_cloud)."""

from __future__ import annotations

import asyncio

from service.api.relay import coalesce, relay
from service.core.chat import Delta, Finish, ToolCallDelta


def test_adjacent_deltas_of_one_kind_merge_in_order():
    tc = ToolCallDelta(0, "c1", "f", '{"a"')
    tc2 = ToolCallDelta(0, "", "", ":1}")
    fin = Finish()
    events = [
        Delta(text="a"),
        Delta(text="b"),
        Delta(reasoning="r1"),
        Delta(reasoning="r2"),
        Delta(text="c"),
        Delta(tool_calls=(tc,)),
        Delta(tool_calls=(tc2,)),
        fin,
    ]
    assert coalesce(events) == [
        Delta(text="ab"),
        Delta(reasoning="r1r2"),
        Delta(text="c"),
        Delta(tool_calls=(tc, tc2)),
        fin,
    ]
    mixed = Delta(text="x", reasoning="y")
    assert coalesce([Delta(text="a"), mixed, Delta(text="b")]) == [Delta(text="a"), mixed, Delta(text="b")]


async def test_relay_closes_its_source_when_the_reader_stops():
    closed = asyncio.Event()

    async def source():
        try:
            for i in range(10_000):
                yield Delta(text=str(i % 10))
                await asyncio.sleep(0)
        finally:
            closed.set()

    batches = relay(source())
    got = ""
    async for events in batches:
        got += "".join(e.text for e in events)
        if len(got) > 50:
            break
    await batches.aclose()
    await asyncio.wait_for(closed.wait(), 1)
    assert got.startswith("0123456789")


async def test_relay_passes_errors_after_the_events_before_them():
    async def source():
        yield Delta(text="partial")
        raise RuntimeError("upstream broke")

    got = []
    try:
        async for events in relay(source()):
            got += events
    except RuntimeError as exc:
        assert str(exc) == "upstream broke"
    else:
        raise AssertionError("the error was swallowed")
    assert got == [Delta(text="partial")]
