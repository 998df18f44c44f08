"""The transport loop of a cloud stream: frames in, domain events out, through an event mapper.

Each adapter supplies an `EventMapper`: a small state object, one per stream, that maps ONE
upstream event (an `SSEEvent`) to what it adds to the answer and keeps the per-stream state
(tool-call indexes, usage, finish reason, whether the terminal event came). The loop owns what
the adapters share:

* reading: `UpstreamStream.read_batch()` returns the events completed by one network read;
* coalescing: text fragments of one batch go out as one `Delta`; any other delta first flushes
  the text gathered before it, so order is kept;
* the first-token timeout: disarmed (`got_token`) when a non-text delta goes out, or when a
  batch's text goes out at the end of its batch (text flushed early, before another delta, a
  `TEXT_BREAK` or an error, does not disarm it);
* endings: an in-stream error event is raised once the text before it went out; a body that
  ends before the terminal event is a truncation, never a success; after the terminal event
  the body is drained (so the connection returns to the pool) and one `Finish` follows;
* closing: the HTTP response is closed on every exit (a cancelled caller stops the upstream).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Final, Protocol

from service.backends.http.errors import protocol_error, truncated_error
from service.backends.http.sse import SSEEvent
from service.backends.http.stream import UpstreamStream
from service.core.chat import Delta, Finish
from service.core.errors import RouterError

__all__ = ["TEXT_BREAK", "EventMapper", "read_events"]

_SHAPE_ERRORS = (AttributeError, TypeError, KeyError, IndexError, ValueError, RecursionError)

TEXT_BREAK: Final = Delta()
"""What a mapper returns for an event that adds nothing but ends the run of text before it
(the text gathered so far goes out before any text that follows)."""


class EventMapper(Protocol):
    """Maps one upstream event at a time; one instance per stream."""

    ended: bool
    """The terminal event, or an in-stream error event, was seen: the loop reads no further."""
    error: RouterError | None
    """The in-stream error event's domain error; the loop raises it."""
    terminal: str
    """What a complete stream ends with, for the truncation message (``data: [DONE]``)."""
    unit: str
    """What one event is called in protocol-error messages (``chunk``, ``event``)."""

    def map(self, event: SSEEvent) -> str | Delta | None:
        """What `event` adds: a text fragment, another delta (or `TEXT_BREAK`), or nothing.

        Raises `RouterError` (UPSTREAM_PROTOCOL_ERROR) for an event it cannot understand.
        """
        ...

    def finish(self) -> Finish:
        """The stream's `Finish` (finish reason and usage), once the terminal event came."""
        ...


async def read_events(
    open_stream: Callable[[], Awaitable[UpstreamStream]], mapper: EventMapper
) -> AsyncIterator[Delta | Finish]:
    """Opens the stream (on first iteration) and yields its deltas, then exactly one `Finish`."""
    up = await open_stream()
    provider = up.provider
    map_event = mapper.map
    first = True
    try:
        try:
            while not mapper.ended:
                batch = await up.read_batch()
                if batch is None:
                    break
                texts: list[str] = []
                for ev in batch:
                    out = map_event(ev)
                    if out is not None:
                        if isinstance(out, str):
                            texts.append(out)
                        else:
                            # A non-text delta: flush the text gathered so far first, keeping order.
                            if texts:
                                yield Delta(text="".join(texts))
                                texts = []
                            if out is not TEXT_BREAK:
                                if first:
                                    up.got_token()
                                    first = False
                                yield out
                    if mapper.ended:
                        break
                if mapper.error is not None:
                    if texts:
                        yield Delta(text="".join(texts))
                    raise mapper.error
                if texts:
                    if first:
                        up.got_token()
                        first = False
                    yield Delta(text="".join(texts))
        except (AttributeError, TypeError, KeyError, IndexError, ValueError, RecursionError) as exc:
            raise protocol_error(provider, f"unexpected stream {mapper.unit} shape: {exc!r}") from None
        if not mapper.ended:
            raise truncated_error(provider, mapper.terminal)
        await up.drain()
        try:
            finish = mapper.finish()
        except (AttributeError, TypeError, KeyError, IndexError, ValueError) as exc:
            raise protocol_error(provider, f"unexpected stream {mapper.unit} shape: {exc!r}") from None
    finally:
        await up.aclose()
    yield finish
