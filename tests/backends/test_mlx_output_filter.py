"""OutputFilter: detokenized text chunks in, emitted text and tool calls out (no model).

The tool-call parsers are mlx-lm's own (`mlx_lm.tool_parsers`), the ones a tokenizer gets
for `<tool_call>` JSON markup (the tiny model's) and for pythonic `[f(x=1)]` markup.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import pytest

import service.backends.mlx  # noqa: F401  (first: OpenBLAS preload before mlx.core)
from service.backends.mlx.output_filter import Emitted, OutputFilter, Thought
from service.core.chat import ToolCallDelta

TOOL = ("<tool_call>", "</tool_call>")
PY_TOOL = ("<|tool_call_start|>", "<|tool_call_end|>")


def json_parser() -> Any:
    from mlx_lm.tool_parsers import json_tools

    assert (json_tools.tool_call_start, json_tools.tool_call_end) == TOOL
    return json_tools.parse_tool_call


def pythonic_parser() -> Any:
    from mlx_lm.tool_parsers import pythonic

    assert (pythonic.tool_call_start, pythonic.tool_call_end) == PY_TOOL
    return pythonic.parse_tool_call


@dataclass
class Case:
    id: str
    chunks: list[str]
    # What comes out, in order: text pieces as fed out, and ("call", index, name, arguments) per tool call.
    emitted: list[Any]
    stops: list[str] = field(default_factory=list)
    markup: tuple[str, str] | None = None
    parser: str = "json"
    stopped_at: int | None = None  # the chunk whose feed() returns True (no flush after it)


CASES = [
    Case("no markers: text passes through", ["Hel", "", "lo"], ["Hel", "lo"]),
    Case("stop string in one chunk", ["hello STOP more"], ["hello "], stops=["STOP"], stopped_at=0),
    Case("stop string at the very start", ["STOP now"], [], stops=["STOP"], stopped_at=0),
    Case(
        "stop string split over chunks is held back",
        ["hel", "lo ST", "O", "P!"],
        ["hel", "lo "],
        stops=["STOP"],
        stopped_at=3,
    ),
    Case(
        "a held-back tail that turns out not to stop is emitted",
        ["almost ST", "ay"],
        ["almost ", "STay"],
        stops=["STOP"],
    ),
    Case("flush emits the held-back tail", ["almost ST"], ["almost ", "ST"], stops=["STOP"]),
    Case("the earliest stop string wins", ["a STOP b END"], ["a "], stops=["END", "STOP"], stopped_at=0),
    Case("empty stop strings are ignored", ["plain text"], ["plain text"], stops=[""]),
    Case(
        "a tool call between text",
        [
            "Let me check.<tool",
            '_call>\n{"name": "get_weather", ',
            '"arguments": {"city": "Oslo"}}\n</tool_call>',
            " Done.",
        ],
        ["Let me check.", ("call", 0, "get_weather", {"city": "Oslo"}), " Done."],
        markup=TOOL,
    ),
    Case(
        "two tool calls are numbered",
        [
            '<tool_call>{"name": "a", "arguments": {}}</tool_call>',
            '<tool_call>{"name": "b", "arguments": {"n": 1}}</tool_call>',
        ],
        [("call", 0, "a", {}), ("call", 1, "b", {"n": 1})],
        markup=TOOL,
    ),
    Case(
        "arguments given as a string are kept as they are",
        ['<tool_call>{"name": "f", "arguments": "{\\"q\\": 2}"}</tool_call>'],
        [("call", 0, "f", {"q": 2})],
        markup=TOOL,
    ),
    Case(
        "markup that does not parse is emitted as text, markers included",
        ["<tool_call>not json</tool_call>after"],
        ["<tool_call>not json</tool_call>", "after"],
        markup=TOOL,
    ),
    Case(
        "a call cut off by the end of generation is parsed at flush",
        ['<tool_call>{"name": "f", "arguments": {}}'],
        [("call", 0, "f", {})],
        markup=TOOL,
    ),
    Case(
        "a cut-off call that does not parse is emitted as text at flush",
        ['<tool_call>{"name": '],
        ['<tool_call>{"name": '],
        markup=TOOL,
    ),
    Case(
        "a stop string before a tool call ends the text there",
        ['Sure. END <tool_call>{"name": "f", "arguments": {}}</tool_call>'],
        ["Sure. "],
        stops=["END"],
        markup=TOOL,
        stopped_at=0,
    ),
    Case(
        "stop strings are not looked for inside a tool call",
        ['<tool_call>{"name": "END", "arguments": {}}</tool_call>then END'],
        [("call", 0, "END", {}), "then "],
        stops=["END"],
        markup=TOOL,
        stopped_at=0,
    ),
    Case(
        "one pythonic block with two calls gives two tool calls",
        ['<|tool_call_start|>[a(x=1), b(y="two")]<|tool_call_end|>'],
        [("call", 0, "a", {"x": 1}), ("call", 1, "b", {"y": "two"})],
        markup=PY_TOOL,
        parser="pythonic",
    ),
]


def view(items: list[Emitted]) -> list[Any]:
    return [("call", x.index, x.name, json.loads(x.arguments)) if isinstance(x, ToolCallDelta) else x for x in items]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_chunks_in_deltas_and_tool_calls_out(case: Case) -> None:
    parser = None
    if case.markup is not None:
        parser = json_parser() if case.parser == "json" else pythonic_parser()
    start, end = case.markup or (None, None)
    f = OutputFilter(case.stops, tool_start=start, tool_end=end, tool_parser=parser)
    out: list[Emitted] = []
    stopped_at = None
    for i, chunk in enumerate(case.chunks):
        if f.feed(chunk, out):
            stopped_at = i
            break
    if stopped_at is None:
        f.flush(out)
    assert stopped_at == case.stopped_at
    assert view(out) == case.emitted
    calls = [x for x in out if isinstance(x, ToolCallDelta)]
    assert f.tool_calls == len(calls)
    assert all(c.id.startswith("call_") for c in calls) and len({c.id for c in calls}) == len(calls)


def test_tool_markup_without_a_parser_is_plain_text() -> None:
    f = OutputFilter([], tool_start="<tool_call>", tool_end="</tool_call>", tool_parser=None)
    out: list[Emitted] = []
    f.feed('<tool_call>{"name": "f"}</tool_call>', out)
    f.flush(out)
    assert out == ['<tool_call>{"name": "f"}</tool_call>']


def test_output_filter_holds_back_partial_stop_strings() -> None:
    f = OutputFilter(["STOP"])
    out: list = []
    assert f.feed("hello ST", out) is False
    assert out == ["hello "]
    assert f.feed("O", out) is False
    assert f.feed("P and more", out) is True
    assert "".join(out) == "hello "
    g = OutputFilter(["STOP"])
    out = []
    g.feed("almost ST", out)
    g.flush(out)
    assert "".join(out) == "almost ST"


def test_output_filter_parses_tool_calls() -> None:
    def parser(text, tools):
        return json.loads(text.strip())

    f = OutputFilter([], tool_start="<tool_call>", tool_end="</tool_call>", tool_parser=parser)
    out: list = []
    chunks = [
        "Let me check.<tool",
        '_call>\n{"name": "get_weather", ',
        '"arguments": {"city": "Oslo"}}\n</tool_call>',
        "<tool_call>not json</tool_call>",
    ]
    for c in chunks:
        assert f.feed(c, out) is False
    f.flush(out)
    texts = [x for x in out if isinstance(x, str)]
    calls = [x for x in out if isinstance(x, ToolCallDelta)]
    assert "".join(texts) == "Let me check.<tool_call>not json</tool_call>"
    assert len(calls) == 1 and calls[0].name == "get_weather" and json.loads(calls[0].arguments) == {"city": "Oslo"}
    assert calls[0].index == 0 and calls[0].id.startswith("call_")
    assert f.tool_calls == 1

    h = OutputFilter([], tool_start="<tool_call>", tool_end="</tool_call>", tool_parser=parser)
    out = []
    h.feed('<tool_call>{"name": "f", "arguments": {}}', out)  # EOS before the end marker
    h.flush(out)
    assert [x.name for x in out if isinstance(x, ToolCallDelta)] == ["f"]


# ------------------------------------------------------------------ reasoning and tool-call limits

THINK = ("<think>", "</think>")


def split(items: list[Emitted]) -> tuple[str, str]:
    """(answer text, reasoning text) of what came out."""
    return (
        "".join(x for x in items if isinstance(x, str)),
        "".join(x.text for x in items if isinstance(x, Thought)),
    )


@pytest.mark.parametrize(
    ("chunks", "reasoning", "answer", "thought"),
    [
        (["Let me ", "see.</th", "ink>Four."], True, "Four.", "Let me see."),
        (["Hi <th", "ink>hmm</think> there"], False, "Hi  there", "hmm"),
        (["no tags at all"], False, "no tags at all", ""),
        (["cut off while thinking </thi"], True, "", "cut off while thinking </thi"),
        (["<think>a</think>b<think>c</think>d"], False, "bd", "ac"),
    ],
    ids=["template-opened", "model-opened", "none", "unterminated", "two-blocks"],
)
def test_think_blocks_become_thoughts(chunks: list[str], reasoning: bool, answer: str, thought: str) -> None:
    f = OutputFilter([], think=THINK, reasoning=reasoning)
    out: list[Emitted] = []
    for c in chunks:
        assert f.feed(c, out) is False
    f.flush(out)
    assert split(out) == (answer, thought)


def test_stop_strings_and_tool_calls_apply_to_the_answer_only() -> None:
    f = OutputFilter(
        ["STOP"],
        tool_start="<tool_call>",
        tool_end="</tool_call>",
        tool_parser=json_parser(),
        think=THINK,
        reasoning=True,
    )
    out: list[Emitted] = []
    assert f.feed('maybe STOP or <tool_call>{"name": "x"}</tool_call></think>', out) is False
    assert split(out) == ("", 'maybe STOP or <tool_call>{"name": "x"}</tool_call>')
    assert f.feed("Answer STOP more", out) is True
    assert f.matched_stop == "STOP"
    assert split(out)[0] == "Answer "
    assert not any(isinstance(x, ToolCallDelta) for x in out)


def test_max_tool_calls_ends_generation_after_the_limit() -> None:
    f = OutputFilter([], tool_start=TOOL[0], tool_end=TOOL[1], tool_parser=json_parser(), max_tool_calls=1)
    out: list[Emitted] = []
    one = '<tool_call>\n{"name": "a", "arguments": {}}\n</tool_call>'
    assert f.feed("Calling " + one, out) is True
    assert f.matched_stop == ""  # not a stop string: the tool-call limit
    assert [x.name for x in out if isinstance(x, ToolCallDelta)] == ["a"]
    # Several calls in one block are cut to the limit too.
    g = OutputFilter([], tool_start=PY_TOOL[0], tool_end=PY_TOOL[1], tool_parser=pythonic_parser(), max_tool_calls=1)
    out = []
    assert g.feed("<|tool_call_start|>[a(x=1), b(y=2)]<|tool_call_end|>", out) is True
    assert [x.name for x in out if isinstance(x, ToolCallDelta)] == ["a"]
