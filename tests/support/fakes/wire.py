"""Wire fixtures (``tests/fixtures/wire/``, each citing the provider documentation it follows)
and SSE frames, as replies of the fake upstream.

* ``fixture_reply("openai/chat_stream_text.sse", **kw)`` loads ``tests/fixtures/wire/...``:
  ``.sse`` files become an `SSEReply` (their leading ``:`` comment lines are valid SSE and are
  sent too), ``.json`` files hold ``{"_source", "status", "headers", "body"}`` (a `JSONReply`);
* ``sse(data, event=None)``: one SSE frame;
* ``load_fixture(name)``, ``split_frames(raw)``: the raw bytes, cut into frames.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from support.fakes.server import JSONReply, SSEReply

__all__ = ["FIXTURES", "fixture_reply", "load_fixture", "split_frames", "sse"]

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "wire"


def load_fixture(name: str) -> bytes:
    """Bytes of ``tests/fixtures/wire/<name>`` (e.g. ``"openai/chat_stream_text.sse"``)."""
    return (FIXTURES / name).read_bytes()


def split_frames(raw: bytes) -> list[bytes]:
    """Splits an SSE body into frames at blank lines (LF or CRLF), each keeping its terminator."""
    frames: list[bytes] = []
    pos = 0
    n = len(raw)
    while pos < n:
        a = raw.find(b"\n\n", pos)
        b = raw.find(b"\r\n\r\n", pos)
        cands = [(a, 2), (b, 4)]
        cands = [(i, k) for i, k in cands if i >= 0]
        if not cands:
            frames.append(raw[pos:])
            break
        i, k = min(cands)
        frames.append(raw[pos : i + k])
        pos = i + k
    return frames


def fixture_reply(name: str, **kw: Any) -> JSONReply | SSEReply:
    """A reply replaying a wire fixture; keyword arguments go to the reply class."""
    raw = load_fixture(name)
    if name.endswith(".json"):
        doc = json.loads(raw)
        return JSONReply(doc.get("body"), status=doc.get("status", 200), headers=doc.get("headers"), **kw)
    return SSEReply(split_frames(raw), **kw)


def sse(data: Any, event: str | None = None) -> bytes:
    """One SSE frame; `data` dicts/lists become JSON, multi-line strings several data lines."""
    text = data if isinstance(data, str) else json.dumps(data, separators=(",", ":"))
    head = f"event: {event}\n" if event else ""
    return (head + "".join(f"data: {line}\n" for line in text.split("\n")) + "\n").encode()
