"""Server-sent events (SSE) decoding, per the WHATWG HTML "event stream" interpretation rules.

Used by the cloud adapters on the raw bytes of an HTTP response (`httpx.Response.aiter_raw()`),
with its own frame splitting (faster than line iteration):

* line endings: CRLF, LF and lone CR are all line terminators, also when a CRLF pair is split
  across two network reads;
* a line starting with ``:`` is a comment (keep-alive), ignored;
* ``field: value`` / ``field:value`` (one leading space of the value is dropped) / ``field``
  (a line without colon is a field with an empty value);
* ``data`` lines append to the data buffer (several ``data`` lines join with ``\\n``), ``event``
  sets the type of the event being built, ``id`` the last event id (ignored when it contains
  NUL), ``retry`` is parsed when all digits; other fields are ignored;
* a blank line dispatches the event; an event whose data buffer is empty is not dispatched;
  the event type defaults to ``"message"``;
* a UTF-8 byte order mark at the very start of the stream is dropped; text is decoded as UTF-8
  (invalid bytes replaced) per whole event, so multi-byte characters may be split anywhere.

One deliberate leniency, at end of stream only (`SSEDecoder.end`): an event whose lines are all
complete (each ended by a line terminator) but which lacks the final blank line is dispatched,
since some servers end with ``data: [DONE]\\n``. A partial last line (a stream cut in the
middle of a line) is always dropped. Call ``end(strict=True)`` for the specification's
behaviour (drop any undispatched event).

Decoding works on batches: `SSEDecoder.feed` returns the events completed by one network read,
which lets an adapter coalesce what arrived together.
"""

from __future__ import annotations

from collections.abc import AsyncIterable, AsyncIterator
from typing import NamedTuple

__all__ = ["DEFAULT_MAX_EVENT_BYTES", "SSEDecoder", "SSEEvent", "SSEEventTooLarge", "aiter_sse", "aiter_sse_batches"]

_BOM = b"\xef\xbb\xbf"
_new_event = tuple.__new__
DEFAULT_MAX_EVENT_BYTES = 1 << 20  # 1 MiB: an event (its lines before the blank line)


class SSEEvent(NamedTuple):
    """One dispatched event. `data` has its lines joined by ``\\n`` (no trailing newline)."""

    event: str = "message"
    data: str = ""
    id: str = ""
    retry: int | None = None


class SSEEventTooLarge(ValueError):
    """An event (or a line) grew past the decoder's `max_event_bytes` before its blank line."""


class SSEDecoder:
    """Incremental SSE decoder: bytes in, whole events out.

    `max_event_bytes` bounds an event being received (its lines, before the blank line that
    dispatches it): past it `feed` raises `SSEEventTooLarge`. Bytes of an unfinished event are
    kept as a list of reads and joined once, when the event completes, so a long event costs
    linear time, never a copy of the buffer per read. `errors` is the UTF-8 decoding policy
    (``"replace"`` per the specification; ``"strict"`` raises `UnicodeDecodeError`).

    >>> d = SSEDecoder()
    >>> d.feed(b"event: ping\\r\\ndata: {}\\r\\n\\r\\ndata: a")
    [SSEEvent(event='ping', data='{}', id='', retry=None)]
    >>> d.feed(b"\\ndata: b\\n\\n")
    [SSEEvent(event='message', data='a\\nb', id='', retry=None)]
    """

    __slots__ = ("_cr", "_errors", "_last_id", "_max", "_parts", "_retry", "_size", "_started")

    def __init__(self, *, max_event_bytes: int = DEFAULT_MAX_EVENT_BYTES, errors: str = "replace") -> None:
        self._parts: list[bytes] = []  # normalised (LF only) reads of the event being received
        self._size = 0  # their total length
        self._cr = False  # the previous read ended in CR (maybe half of a CRLF)
        self._started = False  # BOM check done
        self._last_id = ""
        self._retry: int | None = None
        self._max = max_event_bytes
        self._errors = errors

    @property
    def last_event_id(self) -> str:
        return self._last_id

    @property
    def retry(self) -> int | None:
        """The last ``retry:`` value (milliseconds) the stream sent, if any."""
        return self._retry

    def _too_large(self) -> SSEEventTooLarge:
        return SSEEventTooLarge(f"an event stream event exceeded {self._max} bytes")

    def feed(self, chunk: bytes) -> list[SSEEvent]:
        """Adds bytes from the stream; returns the events they complete (maybe none)."""
        if not self._started:
            if not chunk:
                return []
            pending = b"".join(self._parts) + chunk
            if len(pending) < 3 and _BOM.startswith(pending):
                self._parts = [pending]  # too short to tell yet
                self._size = len(pending)
                return []
            chunk = pending[3:] if pending.startswith(_BOM) else pending
            self._parts = []
            self._size = 0
            self._started = True
        if self._cr:
            chunk = b"\r" + chunk
            self._cr = False
        if b"\r" in chunk:
            if chunk[-1:] == b"\r":
                chunk = chunk[:-1]
                self._cr = True
            chunk = chunk.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        if not chunk:
            return []
        parts = self._parts
        if parts:
            # A blank line inside this read, or one straddling the previous read and this one.
            if b"\n\n" not in chunk and not (chunk[:1] == b"\n" and parts[-1][-1:] == b"\n"):
                parts.append(chunk)
                self._size += len(chunk)
                if self._size > self._max:
                    raise self._too_large()
                return []
            scan = self._size - 1
            parts.append(chunk)
            buf = b"".join(parts)
        else:
            buf = chunk
            scan = 0
        end = buf.find(b"\n\n", scan)
        if end < 0:
            self._parts = [buf]
            self._size = len(buf)
            if self._size > self._max:
                raise self._too_large()
            return []
        events: list[SSEEvent] = []
        start = 0
        parse = self._parse_block
        append = events.append
        errors = self._errors
        limit = self._max
        while end >= 0:
            if end - start > limit:
                raise self._too_large()
            # Fast path: the common `data: {...}` single-line block.
            if buf.startswith(b"data: ", start) and buf.find(b"\n", start, end) < 0:
                append(
                    _new_event(SSEEvent, ("message", buf[start + 6 : end].decode("utf-8", errors), self._last_id, None))
                )
            elif end > start:
                ev = parse(buf[start:end])
                if ev is not None:
                    append(ev)
            start = end + 2
            # Extra blank lines (e.g. "\n\n\n") only dispatch empty events: skip them.
            while buf[start : start + 1] == b"\n":
                start += 1
            end = buf.find(b"\n\n", start)
        if start < len(buf):
            rest = buf[start:]
            self._parts = [rest]
            self._size = len(rest)
            if self._size > limit:
                raise self._too_large()
        else:
            self._parts = []
            self._size = 0
        return events

    def end(self, *, strict: bool = False) -> list[SSEEvent]:
        """Signals the end of the stream; returns a last event whose lines were complete.

        With ``strict=True`` it follows the specification and returns nothing.
        """
        buf = b"".join(self._parts)
        if self._cr:
            buf += b"\n"
            self._cr = False
        self._parts = []
        self._size = 0
        if strict or not buf:
            return []
        if buf[:3] == _BOM and not self._started:
            buf = buf[3:]
        cut = buf.rfind(b"\n")
        if cut < 0:
            return []  # only a partial line: drop it
        block = buf[:cut].lstrip(b"\n")
        if not block:
            return []
        ev = self._parse_block(block)
        return [ev] if ev is not None else []

    def _parse_block(self, block: bytes) -> SSEEvent | None:
        event = ""
        data: list[bytes] | None = None
        retry = None
        for line in block.split(b"\n"):
            if not line or line[:1] == b":":
                continue
            colon = line.find(b":")
            if colon < 0:
                name, value = line, b""
            else:
                name = line[:colon]
                value = line[colon + 1 :]
                if value[:1] == b" ":
                    value = value[1:]
            if name == b"data":
                if data is None:
                    data = [value]
                else:
                    data.append(value)
            elif name == b"event":
                event = value.decode("utf-8", self._errors)
            elif name == b"id":
                if b"\x00" not in value:
                    self._last_id = value.decode("utf-8", self._errors)
            elif name == b"retry" and value and value.isdigit():
                retry = self._retry = int(value)
        if data is None:
            return None
        return SSEEvent(
            event or "message",
            (b"\n".join(data) if len(data) > 1 else data[0]).decode("utf-8", self._errors),
            self._last_id,
            retry,
        )


async def aiter_sse_batches(chunks: AsyncIterable[bytes], *, strict: bool = False) -> AsyncIterator[list[SSEEvent]]:
    """Yields, per network read, the non-empty list of events it completed."""
    decoder = SSEDecoder()
    feed = decoder.feed
    async for chunk in chunks:
        events = feed(chunk)
        if events:
            yield events
    last = decoder.end(strict=strict)
    if last:
        yield last


async def aiter_sse(chunks: AsyncIterable[bytes], *, strict: bool = False) -> AsyncIterator[SSEEvent]:
    """Yields events one by one."""
    async for batch in aiter_sse_batches(chunks, strict=strict):
        for ev in batch:
            yield ev
