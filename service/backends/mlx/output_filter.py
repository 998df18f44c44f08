"""Reasoning, stop strings and tool-call markup, applied to generated text as it streams.

The engine thread feeds each detokenized segment through one `OutputFilter` per request;
what comes out is safe to send (text, `Thought`s: the text between the chat template's
think tags, and `ToolCallDelta`s parsed from the model's tool-call markup). No MLX here:
the filter works on strings only.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from service.core.chat import ToolCallDelta

# mlx-lm's tokenizer `tool_parser(text, tools)`: one call or a list of calls, each a dict
# with "name" and "arguments" (a dict or a JSON string). Raises on markup it cannot parse.
ToolParser = Callable[[str, Any], Any]


@dataclass(frozen=True, slots=True)
class Thought:
    """Reasoning text: what the model wrote between the think tags."""

    text: str


# What `feed` and `flush` append: text that is safe to emit, reasoning, or one parsed tool call.
Emitted = str | Thought | ToolCallDelta


class OutputFilter:
    """Reasoning, stop strings and tool-call markup, applied to detokenized text as it streams.

    `feed(text, out)` appends safe text (str), reasoning (`Thought`) and parsed
    `ToolCallDelta`s to `out`; it holds back any tail that could begin a marker (a stop
    string, the tool-call start marker, a think tag). Returns True when generation should
    end: a stop string matched (`matched_stop` names it; the text before it was emitted, the
    stop string itself is dropped), or `max_tool_calls` calls were emitted.
    `flush(out)` emits what is held back at the end.

    Reasoning: with `think` = (start tag, end tag), text between the tags goes out as
    `Thought`s (the tags themselves are dropped); `reasoning=True` starts inside a think
    block (the chat template opened it in the prompt). Stop strings and tool-call markup
    apply to the answer only, not to reasoning.

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
        think: tuple[str, str] | None = None,
        reasoning: bool = False,
        max_tool_calls: int | None = None,
    ) -> None:
        self.stops = [s for s in stops if s]
        self.tool_start = tool_start if (tool_start and tool_end and tool_parser) else None
        self.tool_end = tool_end
        self.tool_parser = tool_parser
        self.tools = list(tools or [])
        self.think_start: str | None = think[0] if think and think[0] and think[1] else None
        self.think_end: str | None = think[1] if self.think_start and think else None
        self.max_tool_calls = max_tool_calls
        self._markers = self.stops + [m for m in (self.tool_start, self.think_start) if m]
        self._hold = max((len(m) for m in [*self._markers, self.think_end or ""]), default=1) - 1
        self._buf = ""
        self._in_tool = False
        self.reasoning = bool(reasoning and self.think_end)  # inside a think block now
        self.tool_calls = 0  # tool calls emitted so far (the next call's index)
        self.matched_stop = ""  # the stop string that ended generation

    def feed(self, text: str, out: list[Emitted]) -> bool:
        if not self._markers and not self.reasoning:
            if text:
                out.append(text)
            return False
        self._buf += text
        while True:
            if self.reasoning:
                assert self.think_end is not None
                i = self._buf.find(self.think_end)
                if i < 0:
                    keep = self._partial_tail(self._buf, [self.think_end])
                    cut = len(self._buf) - keep
                    if cut > 0:
                        out.append(Thought(self._buf[:cut]))
                        self._buf = self._buf[cut:]
                    return False
                if i > 0:
                    out.append(Thought(self._buf[:i]))
                self._buf = self._buf[i + len(self.think_end) :]
                self.reasoning = False
                continue
            if self._in_tool:
                assert self.tool_end is not None
                i = self._buf.find(self.tool_end)
                if i < 0:
                    return False
                self._emit_tool(self._buf[:i], out)
                self._buf = self._buf[i + len(self.tool_end) :]
                self._in_tool = False
                if self.max_tool_calls is not None and self.tool_calls >= self.max_tool_calls:
                    self._buf = ""
                    return True
                continue
            best: tuple[int, str] | None = None
            for m in self._markers:
                i = self._buf.find(m)
                if i >= 0 and (best is None or i < best[0]):
                    best = (i, m)
            if best is None:
                keep = self._partial_tail(self._buf, self._markers)
                cut = len(self._buf) - keep
                if cut > 0:
                    out.append(self._buf[:cut])
                    self._buf = self._buf[cut:]
                return False
            i, marker = best
            if i > 0:
                out.append(self._buf[:i])
            if marker == self.think_start and marker not in self.stops:
                self._buf = self._buf[i + len(marker) :]
                self.reasoning = True
                continue
            if marker != self.tool_start or marker in self.stops:
                self._buf = ""
                self.matched_stop = marker
                return True
            self._buf = self._buf[i + len(marker) :]
            self._in_tool = True

    def flush(self, out: list[Emitted]) -> None:
        if self._in_tool:
            if not self._emit_tool(self._buf, out, raw_on_error=False):
                out.append(f"{self.tool_start}{self._buf}")
        elif self.reasoning and self._buf:
            out.append(Thought(self._buf))
        elif self._buf:
            out.append(self._buf)
        self._buf = ""
        self._in_tool = False

    def _partial_tail(self, buf: str, markers: Sequence[str]) -> int:
        for k in range(min(self._hold, len(buf)), 0, -1):
            tail = buf[-k:]
            if any(m.startswith(tail) for m in markers):
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
        if self.max_tool_calls is not None:
            items = items[: max(0, self.max_tool_calls - self.tool_calls)]
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
