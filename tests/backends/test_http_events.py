"""The transport loop shared by the cloud adapters (service.backends.http.events.read_events),
with a scripted stream and a tiny mapper: what goes out, in which order, and what it closes.

The real adapters run the same loop against a real loopback upstream in test_backend_cloud.py;
this pins the loop's own rules (coalescing, flushing, first-token disarming, endings).
"""

from __future__ import annotations

import pytest

from service.backends.http.events import TEXT_BREAK, read_events
from service.backends.http.sse import SSEEvent
from service.core.chat import Delta, Finish, FinishReason
from service.core.config import ApiType, ProviderConfig
from service.core.errors import Reason, ResourceExhausted, RouterError, Unavailable

PROVIDER = ProviderConfig(
    id="p", display_name="P", api_type=ApiType.OPENAI, base_url="http://127.0.0.1:9/v1", api_key="k"
)


class ScriptedStream:
    """Stands in for UpstreamStream: hands out the given batches, records what the loop did."""

    def __init__(self, batches: list[list[str]]) -> None:
        self.provider = PROVIDER
        self._batches = [[SSEEvent(data=d) for d in b] for b in batches]
        self.log: list[str] = []

    async def read_batch(self) -> list[SSEEvent] | None:
        self.log.append("read")
        return self._batches.pop(0) if self._batches else None

    def got_token(self) -> None:
        self.log.append("got_token")

    async def drain(self) -> None:
        self.log.append("drain")

    async def aclose(self) -> None:
        self.log.append("aclose")


class TinyMapper:
    """``t:x`` text x, ``r:x`` reasoning x, ``break``, ``end`` (terminal), ``err`` (error event),
    ``t:x+err`` (text and an error in one event), ``bad`` (not understood), ``-`` nothing."""

    terminal = "end"
    unit = "event"

    def __init__(self) -> None:
        self.ended = False
        self.error: RouterError | None = None
        self.seen: list[str] = []

    def map(self, event: SSEEvent) -> str | Delta | None:
        d = event.data
        self.seen.append(d)
        if d.endswith("+err"):
            self.error = ResourceExhausted("slow down", reason=Reason.UPSTREAM_RATE_LIMITED)
            self.ended = True
            d = d[: -len("+err")]
        if d.startswith("t:"):
            return d[2:]
        if d.startswith("r:"):
            return Delta(reasoning=d[2:])
        if d == "break":
            return TEXT_BREAK
        if d == "end":
            self.ended = True
        elif d == "err":
            self.error = ResourceExhausted("slow down", reason=Reason.UPSTREAM_RATE_LIMITED)
            self.ended = True
        elif d == "bad":
            raise KeyError("index")
        return None

    def finish(self) -> Finish:
        return Finish(finish_reason=FinishReason.STOP)


async def run(batches: list[list[str]]) -> tuple[list, ScriptedStream, TinyMapper, BaseException | None]:
    up = ScriptedStream(batches)
    mapper = TinyMapper()
    opened: list[ScriptedStream] = []

    async def open_stream():
        opened.append(up)
        return up

    gen = read_events(open_stream, mapper)
    assert opened == []  # nothing is opened before the first iteration
    events: list = []
    error = None
    try:
        async for ev in gen:
            events.append(ev)
            up.log.append(f"yield {ev}")
    except RouterError as err:
        error = err
    return events, up, mapper, error


async def test_text_of_one_batch_goes_out_as_one_delta():
    events, up, _, error = await run([["t:a", "t:b"], ["t:c", "end"]])
    assert error is None
    assert events == [Delta(text="ab"), Delta(text="c"), Finish(FinishReason.STOP)]
    assert up.log.count("got_token") == 1 and up.log.index("got_token") < up.log.index(f"yield {Delta(text='ab')}")
    assert up.log[-3:] == ["drain", "aclose", f"yield {Finish(FinishReason.STOP)}"]


async def test_other_delta_flushes_the_text_before_it():
    events, up, _, _ = await run([["t:a", "r:x", "t:b", "end"]])
    assert events[:3] == [Delta(text="a"), Delta(reasoning="x"), Delta(text="b")]
    # Disarmed by the reasoning delta, not by the text flushed before it.
    assert up.log[1:4] == [f"yield {Delta(text='a')}", "got_token", f"yield {Delta(reasoning='x')}"]


async def test_text_break_flushes_and_adds_nothing():
    events, up, _, _ = await run([["t:a", "break", "t:b", "end"]])
    assert events == [Delta(text="a"), Delta(text="b"), Finish(FinishReason.STOP)]
    assert up.log[1:3] == [f"yield {Delta(text='a')}", "got_token"]  # "a" went out before the token was seen


async def test_nothing_after_the_terminal_event_is_read():
    events, up, mapper, _ = await run([["t:a", "end", "t:late"], ["t:later"]])
    assert events == [Delta(text="a"), Finish(FinishReason.STOP)]
    assert mapper.seen == ["t:a", "end"] and up.log.count("read") == 1


async def test_error_event_after_text_of_its_batch():
    events, up, mapper, error = await run([["t:a"], ["t:b", "err", "t:never"]])
    assert events == [Delta(text="a"), Delta(text="b")]
    assert isinstance(error, ResourceExhausted)
    assert mapper.seen == ["t:a", "t:b", "err"]
    assert up.log[-1] == "aclose" and "drain" not in up.log


async def test_error_in_the_same_event_as_text():
    events, _, _, error = await run([["t:a+err"]])
    assert events == [Delta(text="a")] and isinstance(error, ResourceExhausted)


async def test_end_of_body_before_the_terminal_event_is_truncation():
    events, up, _, error = await run([["t:a"]])
    assert events == [Delta(text="a")]
    assert isinstance(error, Unavailable) and error.reason == Reason.UPSTREAM_STREAM_TRUNCATED
    assert "without end" in error.message
    assert up.log[-1] == "aclose" and "drain" not in up.log


async def test_shape_error_is_a_protocol_error_and_drops_the_batch_text():
    events, up, _, error = await run([["t:a", "bad"]])
    assert events == []
    assert isinstance(error, Unavailable) and error.reason == Reason.UPSTREAM_PROTOCOL_ERROR
    assert "unexpected stream event shape: KeyError('index')" in error.message
    assert up.log[-1] == "aclose"


async def test_closing_early_closes_the_stream():
    up = ScriptedStream([["t:a"], ["t:b", "end"]])

    async def open_stream():
        return up

    gen = read_events(open_stream, TinyMapper())
    assert await gen.__anext__() == Delta(text="a")
    await gen.aclose()
    assert up.log[-1] == "aclose"


@pytest.mark.parametrize("batches", [[], [["-"], ["-", "end"]]])
async def test_a_stream_without_content_still_finishes_or_truncates(batches):
    events, _, _, error = await run(batches)
    if batches:
        assert events == [Finish(FinishReason.STOP)] and error is None
    else:
        assert events == [] and error is not None and error.reason == Reason.UPSTREAM_STREAM_TRUNCATED
