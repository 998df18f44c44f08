"""Stop strings and tool-call markup, applied to generated text as it streams.

The engine thread feeds each detokenized segment through one `OutputFilter` per request;
what comes out is safe to send (text, and `ToolCallDelta`s parsed from the model's
tool-call markup). No MLX here: the filter works on strings only.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Sequence
from typing import Any

from service.core.chat import ToolCallDelta

# mlx-lm's tokenizer `tool_parser(text, tools)`: one call or a list of calls, each a dict
# with "name" and "arguments" (a dict or a JSON string). Raises on markup it cannot parse.
ToolParser = Callable[[str, Any], Any]

# What `feed` and `flush` append: text that is safe to emit, or one parsed tool call.
Emitted = str | ToolCallDelta


class OutputFilter:
    """Stop strings and tool-call markup, applied to detokenized text as it streams.

    `feed(text, out)` appends safe text (str) and parsed `ToolCallDelta`s to `out`; it
    holds back any tail that could begin a stop string or the tool-call start marker.
    Returns True when a stop string matched (the text before it was emitted, the stop
    string itself is dropped). `flush(out)` emits what is held back at the end.

    Markup that does not parse is passed through as text, markers included; a call cut
    off by the end of generation (start marker, no end marker) is parsed if it can be.
    """

    def __init__(
        self,
        stops: Sequence[str] = (),
        *,
        tool_start: str | None = None,
        tool_end: str | None = None,
        tool_parser: ToolParser | None = None,
        tools: Sequence[dict[str, Any]] | None = None,
    ) -> None:
        self.stops = [s for s in stops if s]
        self.tool_start = tool_start if (tool_start and tool_end and tool_parser) else None
        self.tool_end = tool_end
        self.tool_parser = tool_parser
        self.tools = list(tools or [])
        self._markers = self.stops + ([self.tool_start] if self.tool_start else [])
        self._hold = max((len(m) for m in self._markers), default=1) - 1
        self._buf = ""
        self._in_tool = False
        self.tool_calls = 0  # tool calls emitted so far (the next call's index)

    def feed(self, text: str, out: list[Emitted]) -> bool:
        if not self._markers:
            if text:
                out.append(text)
            return False
        self._buf += text
        while True:
            if self._in_tool:
                assert self.tool_end is not None
                i = self._buf.find(self.tool_end)
                if i < 0:
                    return False
                self._emit_tool(self._buf[:i], out)
                self._buf = self._buf[i + len(self.tool_end) :]
                self._in_tool = False
                continue
            best: tuple[int, bool, str] | None = None
            for s in self.stops:
                i = self._buf.find(s)
                if i >= 0 and (best is None or i < best[0]):
                    best = (i, True, s)
            if self.tool_start:
                i = self._buf.find(self.tool_start)
                if i >= 0 and (best is None or i < best[0]):
                    best = (i, False, self.tool_start)
            if best is None:
                keep = self._partial_tail(self._buf)
                cut = len(self._buf) - keep
                if cut > 0:
                    out.append(self._buf[:cut])
                    self._buf = self._buf[cut:]
                return False
            i, is_stop, marker = best
            if i > 0:
                out.append(self._buf[:i])
            if is_stop:
                self._buf = ""
                return True
            self._buf = self._buf[i + len(marker) :]
            self._in_tool = True

    def flush(self, out: list[Emitted]) -> None:
        if self._in_tool:
            if not self._emit_tool(self._buf, out, raw_on_error=False):
                out.append(f"{self.tool_start}{self._buf}")
        elif self._buf:
            out.append(self._buf)
        self._buf = ""
        self._in_tool = False

    def _partial_tail(self, buf: str) -> int:
        for k in range(min(self._hold, len(buf)), 0, -1):
            tail = buf[-k:]
            if any(m.startswith(tail) for m in self._markers):
                return k
        return 0

    def _emit_tool(self, body: str, out: list[Emitted], raw_on_error: bool = True) -> bool:
        try:
            assert self.tool_parser is not None
            parsed = self.tool_parser(body, self.tools)
            calls = parsed if isinstance(parsed, list) else [parsed]
            items = []
            for call in calls:
                name = call["name"]
                args = call.get("arguments", {})
                if not isinstance(args, str):
                    args = json.dumps(args, ensure_ascii=False)
                items.append((str(name), args))
        except Exception:
            if raw_on_error:
                out.append(f"{self.tool_start}{body}{self.tool_end}")
            return False
        for name, args in items:
            out.append(
                ToolCallDelta(
                    index=self.tool_calls,
                    id=f"call_{uuid.uuid4().hex[:24]}",
                    name=name,
                    arguments=args,
                )
            )
            self.tool_calls += 1
        return True
