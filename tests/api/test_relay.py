"""Unit tests of the relay's coalescing (the gRPC-level behaviour is covered in test_chat_cloud)."""

from __future__ import annotations

import asyncio

from hypothesis import given
from hypothesis import strategies as st

from service.api.relay import coalesce, relay
from service.core.chat import Delta, Finish, TokenLogprob, ToolCallDelta, Usage, accumulate


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


def test_no_delta_field_is_lost_or_moved():
    lp = (TokenLogprob("a", -0.1),)
    events = [
        Delta(text="a", logprobs=lp),
        Delta(text="b"),
        Delta(reasoning="think"),
        Delta(reasoning_signature="sig-1"),
        Delta(reasoning="more"),
        Delta(redacted_reasoning="opaque"),
        Delta(usage=Usage(prompt_tokens=7)),
        Delta(text="c", logprobs=lp),
        Delta(text="d", logprobs=(TokenLogprob("d", -0.2),)),
    ]
    out = coalesce(events)
    assert out[:7] == events[:7]  # a signature, a redacted block, early usage: each as it came
    assert out[7:] == [Delta(text="cd", logprobs=(*lp, TokenLogprob("d", -0.2)))]  # text with its logprobs


def _deltas():
    tc = st.builds(
        ToolCallDelta, st.integers(0, 2), st.sampled_from(["", "c1"]), st.just(""), st.text("{}:1", max_size=3)
    )
    lp = st.builds(TokenLogprob, st.text("xy", min_size=1, max_size=2), st.floats(-5, 0))
    return st.builds(
        Delta,
        text=st.sampled_from(["", "a", "bc"]),
        reasoning=st.sampled_from(["", "r"]),
        tool_calls=st.lists(tc, max_size=2).map(tuple),
        reasoning_signature=st.sampled_from(["", "", "sig"]),
        redacted_reasoning=st.sampled_from(["", "", "red"]),
        logprobs=st.lists(lp, max_size=2).map(tuple),
        usage=st.sampled_from([None, None, Usage(prompt_tokens=3)]),
    )


@given(st.lists(_deltas(), max_size=12))
def test_coalescing_keeps_every_field_in_order(events):
    """What a caller folds from the deltas (text, reasoning blocks with their signatures,
    redacted blocks, logprobs, tool calls) and the early usage are the same before and after."""
    out = coalesce(list(events))
    assert accumulate(out) == accumulate(list(events))
    assert [d.usage for d in out if d.usage] == [d.usage for d in events if d.usage]
    assert len(out) <= len(events)


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
