"""SSE decoding per the WHATWG "event stream" interpretation rules (service.backends.http.sse)."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service.backends.http.sse import SSEDecoder, SSEEvent, aiter_sse, aiter_sse_batches


def decode(*chunks: bytes, strict: bool = False) -> list[SSEEvent]:
    d = SSEDecoder()
    out: list[SSEEvent] = []
    for c in chunks:
        out.extend(d.feed(c))
    out.extend(d.end(strict=strict))
    return out


def pairs(events: list[SSEEvent]) -> list[tuple[str, str]]:
    return [(e.event, e.data) for e in events]


def test_single_data_line():
    assert pairs(decode(b"data: hello\n\n")) == [("message", "hello")]


def test_multi_line_data_joined_with_newline():
    assert pairs(decode(b"data: a\ndata: b\ndata:\ndata: c\n\n")) == [("message", "a\nb\n\nc")]


def test_event_type_and_reset_after_dispatch():
    raw = b"event: ping\ndata: 1\n\ndata: 2\n\n"
    assert pairs(decode(raw)) == [("ping", "1"), ("message", "2")]


def test_value_space_rules():
    # One leading space is dropped, not two; no space is fine; no colon means an empty value.
    raw = b"data:x\n\ndata:  two\n\ndata\n\n"
    assert pairs(decode(raw)) == [("message", "x"), ("message", " two"), ("message", "")]


def test_comments_and_keepalives_are_ignored():
    raw = b": keep-alive\n\n:another\ndata: a\n: inside\ndata: b\n\n: OPENROUTER PROCESSING\n\n"
    assert pairs(decode(raw)) == [("message", "a\nb")]


def test_event_without_data_is_not_dispatched():
    raw = b"event: lonely\n\nid: 7\n\ndata: x\n\n"
    evs = decode(raw)
    assert pairs(evs) == [("message", "x")]
    assert evs[0].id == "7"  # the id persists as the last event id


def test_unknown_fields_ignored_and_retry_parsed():
    raw = b"foo: bar\nretry: 2500\ndata: x\n\nretry: soon\ndata: y\n\n"
    evs = decode(raw)
    assert pairs(evs) == [("message", "x"), ("message", "y")]
    assert evs[0].retry == 2500 and evs[1].retry is None


def test_id_with_nul_is_ignored():
    d = SSEDecoder()
    evs = d.feed(b"id: 1\ndata: a\n\nid: 2\x00\ndata: b\n\n")
    assert [e.id for e in evs] == ["1", "1"]
    assert d.last_event_id == "1"


@pytest.mark.parametrize("eol", [b"\n", b"\r\n", b"\r"])
def test_line_endings(eol: bytes):
    raw = b"event: e" + eol + b"data: 1" + eol + b"data: 2" + eol + eol + b": c" + eol + b"data: 3" + eol + eol
    assert pairs(decode(raw)) == [("e", "1\n2"), ("message", "3")]


def test_crlf_split_across_reads():
    assert pairs(decode(b"data: a\r", b"\n\r", b"\ndata: b\r\n\r\n")) == [("message", "a"), ("message", "b")]


def test_lone_cr_at_end_of_read_then_data():
    # "\r" then "d...": the CR was a line end on its own, not half of a CRLF.
    assert pairs(decode(b"data: a\r\r", b"data: b\r\r")) == [("message", "a"), ("message", "b")]


def test_blank_line_split_across_reads():
    d = SSEDecoder()
    assert d.feed(b"data: x\n") == []
    assert pairs(d.feed(b"\n")) == [("message", "x")]


def test_extra_blank_lines_between_events():
    assert pairs(decode(b"\n\n\ndata: a\n\n\n\n\ndata: b\n\n")) == [("message", "a"), ("message", "b")]


def test_bom_dropped_only_at_start():
    assert pairs(decode(b"\xef\xbb\xbfdata: a\n\n")) == [("message", "a")]
    assert pairs(decode(b"\xef", b"\xbb", b"\xbfdata: a\n\n")) == [("message", "a")]
    # A BOM later is data.
    assert pairs(decode(b"data: a\n\ndata: \xef\xbb\xbfb\n\n")) == [("message", "a"), ("message", "\ufeffb")]


def test_utf8_split_anywhere():
    raw = "data: héllo 👋 世界\n\n".encode()
    for cut in range(1, len(raw)):
        assert pairs(decode(raw[:cut], raw[cut:])) == [("message", "héllo 👋 世界")]


def test_invalid_utf8_replaced():
    assert decode(b"data: \xff\n\n")[0].data == "\ufffd"


def test_end_of_stream_leniency():
    # Complete lines without the final blank line: dispatched (servers ending with "data: [DONE]\n").
    assert pairs(decode(b"data: a\n\ndata: [DONE]\n")) == [("message", "a"), ("message", "[DONE]")]
    # ... but not in strict mode (the specification drops it).
    assert pairs(decode(b"data: a\n\ndata: [DONE]\n", strict=True)) == [("message", "a")]
    # A partial last line (stream cut mid-line) is always dropped.
    assert pairs(decode(b'data: a\n\ndata: {"cho')) == [("message", "a")]
    assert pairs(decode(b"event: x\ndata: 1\ndata: 2")) == [("x", "1")]
    # A trailing CR counts as a line end at the end of the stream.
    assert pairs(decode(b"data: z\r")) == [("message", "z")]


def test_feed_returns_batches_per_read():
    d = SSEDecoder()
    assert pairs(d.feed(b"data: 1\n\ndata: 2\n\ndata: 3")) == [("message", "1"), ("message", "2")]
    assert pairs(d.feed(b"\n\n")) == [("message", "3")]
    assert d.feed(b"") == []


def test_large_event_in_many_small_reads():
    payload = "x" * 100_000
    raw = f"data: {payload}\n\n".encode()
    d = SSEDecoder()
    out: list[SSEEvent] = []
    for i in range(0, len(raw), 997):
        out.extend(d.feed(raw[i : i + 997]))
    assert len(out) == 1 and out[0].data == payload


async def _agen(chunks):
    for c in chunks:
        yield c


async def test_async_helpers():
    chunks = [b"data: 1\n\nda", b"ta: 2\n\n", b": c\n\n", b"data: 3\n"]
    assert pairs([e async for e in aiter_sse(_agen(chunks))]) == [("message", "1"), ("message", "2"), ("message", "3")]
    batches = [b async for b in aiter_sse_batches(_agen(chunks))]
    assert [len(b) for b in batches] == [1, 1, 1]
    assert [e async for e in aiter_sse(_agen(chunks), strict=True)][-1].data == "2"


# ----------------------------------------------------------------------------- property: any split, any EOL

_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n\x00"), max_size=30)
_event = st.tuples(
    st.one_of(st.just(""), st.text(alphabet="abcdefghij_", min_size=1, max_size=8)),
    st.lists(_text, min_size=1, max_size=4),
    st.booleans(),  # comment line inside
)


@settings(max_examples=200, deadline=None)
@given(
    events=st.lists(_event, min_size=1, max_size=6),
    eol=st.sampled_from(["\n", "\r\n", "\r"]),
    seed=st.integers(0, 2**32),
)
def test_any_split_gives_the_same_events(events, eol, seed):
    parts = []
    expected = []
    for name, lines, comment in events:
        block = []
        if name:
            block.append(f"event: {name}")
        if comment:
            block.append(": note")
        block += [f"data: {line}" for line in lines]
        parts.append(eol.join(block) + eol + eol)
        expected.append((name or "message", "\n".join(lines)))
    raw = "".join(parts).encode()
    rng = random.Random(seed)
    cuts = sorted(rng.sample(range(1, len(raw)), k=min(len(raw) - 1, rng.randint(0, 12)))) if len(raw) > 1 else []
    chunks = [raw[a:b] for a, b in zip([0, *cuts], [*cuts, len(raw)], strict=True)]
    assert pairs(decode(*chunks)) == expected
    assert pairs(decode(raw)) == expected
