"""AnthropicBackend and the 2026 chat surface, against a real loopback fake upstream that records
what reached it: image and document blocks, tool results with parts and is_error, extended
thinking (budgets, the API's rules, thinking and redacted_thinking back on assistant turns),
cache_control, structured output (native and by an answer tool), parallel tool use, the matched
stop sequence, cache and reasoning tokens, and the prompt's token count before the output.

Request shapes follow the Anthropic API reference (https://docs.anthropic.com/en/api/messages),
vision (https://docs.anthropic.com/en/docs/build-with-claude/vision), PDF support
(https://docs.anthropic.com/en/docs/build-with-claude/pdf-support), extended thinking
(https://docs.anthropic.com/en/docs/build-with-claude/extended-thinking), prompt caching
(https://docs.anthropic.com/en/docs/build-with-claude/prompt-caching) and structured outputs
(https://docs.anthropic.com/en/docs/build-with-claude/structured-outputs).
"""

from __future__ import annotations

import base64
import json

import pytest
from support.cloud_backends import ANTHROPIC, texts
from support.fakes.anthropic_replies import anthropic_blocks_stream, anthropic_message, anthropic_stream
from support.fakes.wire import fixture_reply

from service.core.chat import (
    CacheControl,
    ChatRequest,
    Delta,
    DocumentPart,
    Finish,
    FinishReason,
    GenerationConfig,
    ImagePart,
    Message,
    ReasoningBlock,
    ReasoningConfig,
    ReasoningEffort,
    ResponseFormat,
    ResponseFormatType,
    Role,
    TextPart,
    Tool,
    ToolCall,
    ToolChoice,
    ToolChoiceMode,
    Usage,
    accumulate,
)
from service.core.errors import InvalidArgument

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
B64_PNG = base64.b64encode(PNG).decode()
B64_PDF = base64.b64encode(PDF).decode()
WEATHER = Tool("get_weather", "Current weather", {"type": "object", "properties": {"city": {"type": "string"}}})
SCHEMA = {
    "type": "object",
    "properties": {"city": {"type": "string"}, "celsius": {"type": "integer"}},
    "required": ["city", "celsius"],
    "additionalProperties": False,
}


@pytest.fixture
def api():
    return ANTHROPIC


def req(*messages: Message, **kw) -> ChatRequest:
    return ChatRequest(model="claude-test", messages=messages, **kw)


async def sent(up, backend, request: ChatRequest, reply=None) -> dict:
    """The JSON body that reached the fake upstream for one stream of `request`."""
    up.script(reply or anthropic_stream(["ok"]))
    await ANTHROPIC.collect(backend, request)
    return up.last.json()


async def refused(backend, request: ChatRequest) -> InvalidArgument:
    with pytest.raises(InvalidArgument) as ei:
        await ANTHROPIC.collect(backend, request)
    return ei.value


# ----------------------------------------------------------------------------- images and documents


async def test_image_and_document_parts_reach_the_upstream_as_blocks(up, backend):
    body = await sent(
        up,
        backend,
        req(
            Message(
                Role.USER,
                parts=(
                    TextPart("What is in these?"),
                    ImagePart(data=PNG, media_type="image/png"),
                    ImagePart(url="https://example.com/cat.jpg"),
                    ImagePart(url=f"data:image/png;base64,{B64_PNG}"),
                    DocumentPart(data=PDF, title="Report"),
                    DocumentPart(url="https://example.com/report.pdf"),
                ),
            )
        ),
    )
    assert body["messages"] == [
        {
            "role": "user",
            "content": [
                {"type": "text", "text": "What is in these?"},
                {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": B64_PNG}},
                {"type": "image", "source": {"type": "url", "url": "https://example.com/cat.jpg"}},
                {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": B64_PNG}},
                {
                    "type": "document",
                    "source": {"type": "base64", "media_type": "application/pdf", "data": B64_PDF},
                    "title": "Report",
                },
                {"type": "document", "source": {"type": "url", "url": "https://example.com/report.pdf"}},
            ],
        }
    ]


async def test_tool_results_with_parts_and_is_error(up, backend):
    body = await sent(
        up,
        backend,
        req(
            Message(Role.USER, "Screenshot both pages"),
            Message(
                Role.ASSISTANT,
                tool_calls=(ToolCall("toolu_1", "shot", '{"page": 1}'), ToolCall("toolu_2", "shot", '{"page": 2}')),
            ),
            Message(
                Role.TOOL,
                tool_call_id="toolu_1",
                parts=(TextPart("page 1:"), ImagePart(data=PNG, media_type="image/png")),
            ),
            Message(Role.TOOL, "page 2 timed out", tool_call_id="toolu_2", is_error=True),
        ),
    )
    assert body["messages"][2] == {
        "role": "user",
        "content": [
            {
                "type": "tool_result",
                "tool_use_id": "toolu_1",
                "content": [
                    {"type": "text", "text": "page 1:"},
                    {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": B64_PNG}},
                ],
            },
            {"type": "tool_result", "tool_use_id": "toolu_2", "content": "page 2 timed out", "is_error": True},
        ],
    }


@pytest.mark.parametrize(
    "part, field",
    [
        (ImagePart(data=PNG, media_type="image/bmp"), "messages[0].parts[0].image.media_type"),
        (ImagePart(url="ftp://example.com/x.png"), "messages[0].parts[0].image.url"),
        (ImagePart(url="data:image/png;base64,!!!"), "messages[0].parts[0].image.url"),
        (DocumentPart(data=b"plain", media_type="text/plain"), "messages[0].parts[0].document.media_type"),
    ],
)
async def test_parts_the_api_cannot_take_are_refused_naming_the_field(up, backend, part, field):
    err = await refused(backend, req(Message(Role.USER, parts=(part,))))
    assert [v.field for v in err.violations] == [field]
    assert up.requests == []  # nothing was sent


# ----------------------------------------------------------------------------- thinking


@pytest.mark.parametrize(
    "generation, thinking, max_tokens",
    [
        (GenerationConfig(reasoning=ReasoningConfig(budget_tokens=2000)), 2000, 2000 + 4096),
        (GenerationConfig(max_tokens=9000, reasoning=ReasoningConfig(budget_tokens=8000)), 8000, 9000),
        # an effort maps to a budget: minimal 1024, low 2048, medium 8192, high 16384 ...
        (GenerationConfig(reasoning=ReasoningConfig(effort=ReasoningEffort.MINIMAL)), 1024, 1024 + 4096),
        (GenerationConfig(reasoning=ReasoningConfig(effort=ReasoningEffort.LOW)), 2048, 2048 + 4096),
        (GenerationConfig(reasoning=ReasoningConfig(effort=ReasoningEffort.MEDIUM)), 8192, 8192 + 4096),
        (GenerationConfig(reasoning=ReasoningConfig(effort=ReasoningEffort.HIGH)), 16384, 16384 + 4096),
        # ... at most half of the caller's max_tokens, never below 1024
        (GenerationConfig(max_tokens=10000, reasoning=ReasoningConfig(effort=ReasoningEffort.HIGH)), 5000, 10000),
        (GenerationConfig(max_tokens=1500, reasoning=ReasoningConfig(effort=ReasoningEffort.LOW)), 1024, 1500),
    ],
)
async def test_thinking_budget(up, backend, generation, thinking, max_tokens):
    body = await sent(up, backend, req(Message(Role.USER, "27 * 453?"), generation=generation))
    assert body["thinking"] == {"type": "enabled", "budget_tokens": thinking}
    assert body["max_tokens"] == max_tokens


async def test_no_reasoning_no_thinking(up, backend):
    body = await sent(
        up, backend, req(Message(Role.USER, "x"), generation=GenerationConfig(reasoning=ReasoningConfig()))
    )
    assert "thinking" not in body and body["max_tokens"] == 4096


@pytest.mark.parametrize(
    "generation, tool_choice, fields",
    [
        (
            GenerationConfig(reasoning=ReasoningConfig(budget_tokens=1000)),
            ToolChoice(),
            ["generation.reasoning.budget_tokens"],
        ),
        (
            GenerationConfig(max_tokens=2000, reasoning=ReasoningConfig(budget_tokens=2000)),
            ToolChoice(),
            ["generation.reasoning.budget_tokens"],
        ),
        (
            GenerationConfig(max_tokens=1024, reasoning=ReasoningConfig(effort=ReasoningEffort.LOW)),
            ToolChoice(),
            ["generation.max_tokens"],
        ),
        (
            GenerationConfig(temperature=0.2, top_p=0.5, reasoning=ReasoningConfig(budget_tokens=2000)),
            ToolChoice(),
            ["generation.temperature", "generation.top_p"],
        ),
        (
            GenerationConfig(reasoning=ReasoningConfig(budget_tokens=2000)),
            ToolChoice(ToolChoiceMode.REQUIRED),
            ["tool_choice.mode"],
        ),
        (
            GenerationConfig(
                reasoning=ReasoningConfig(budget_tokens=2000),
                response_format=ResponseFormat(ResponseFormatType.JSON_OBJECT),
            ),
            ToolChoice(),
            ["generation.response_format.type"],
        ),
    ],
)
async def test_thinking_rules_refused_before_sending(up, backend, generation, tool_choice, fields):
    err = await refused(
        backend, req(Message(Role.USER, "x"), generation=generation, tools=(WEATHER,), tool_choice=tool_choice)
    )
    assert [v.field for v in err.violations] == fields
    assert up.requests == []


async def test_thinking_allows_temperature_1_and_top_p_095(up, backend):
    g = GenerationConfig(temperature=1.0, top_p=0.95, reasoning=ReasoningConfig(budget_tokens=2000))
    body = await sent(up, backend, req(Message(Role.USER, "x"), generation=g))
    assert body["temperature"] == 1.0 and body["top_p"] == 0.95


async def test_thinking_streamed_with_its_signature_then_a_tool_call(up, backend):
    up.script(fixture_reply("anthropic/messages_stream_thinking_tool_use.sse"))
    events = await ANTHROPIC.collect(
        backend,
        req(
            Message(Role.USER, "Weather in Paris?"),
            tools=(WEATHER,),
            generation=GenerationConfig(reasoning=ReasoningConfig(budget_tokens=2000)),
        ),
    )
    c = accumulate(events)
    assert c.reasoning_blocks == (
        ReasoningBlock(
            "The user wants the weather in Paris. I should call get_weather.",
            "EqQBCgIYAhIMtool1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds",
        ),
    )
    assert c.tool_calls == (ToolCall("toolu_01ThinkWeather", "get_weather", '{"city": "Paris"}'),)
    assert c.finish_reason is FinishReason.TOOL_CALLS
    assert c.usage == Usage(prompt_tokens=1530, completion_tokens=85, cache_write_tokens=1500, reasoning_tokens=40)


async def test_redacted_thinking_streamed(up, backend):
    up.script(fixture_reply("anthropic/messages_stream_redacted_thinking.sse"))
    c = accumulate(await ANTHROPIC.collect(backend))
    assert c.reasoning_blocks == (
        ReasoningBlock("First thoughts.", "EuYBCkQYAiJAsigA"),
        ReasoningBlock(redacted_data="EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpP"),
        ReasoningBlock("Second thoughts.", "EuYBCkQYAiJAsigB"),
    )
    assert c.text == "Done."


async def test_reasoning_goes_back_before_the_text_and_tool_use(up, backend):
    """The tool loop of extended thinking: the assistant turn's thinking blocks, unchanged and first."""
    body = await sent(
        up,
        backend,
        req(
            Message(Role.USER, "Weather in Paris?"),
            Message(
                Role.ASSISTANT,
                "Let me check.",
                tool_calls=(ToolCall("toolu_01", "get_weather", '{"city": "Paris"}'),),
                reasoning=(
                    ReasoningBlock("The user wants the weather.", "EqQBsig"),
                    ReasoningBlock(redacted_data="EmwKredacted"),
                    ReasoningBlock("a local model's <think> text, unsigned"),
                ),
            ),
            Message(Role.TOOL, "18C", tool_call_id="toolu_01"),
        ),
        reply=anthropic_stream(["It is 18C."]),
    )
    assert body["messages"][1] == {
        "role": "assistant",
        "content": [
            {"type": "thinking", "thinking": "The user wants the weather.", "signature": "EqQBsig"},
            {"type": "redacted_thinking", "data": "EmwKredacted"},
            {"type": "text", "text": "Let me check."},
            {"type": "tool_use", "id": "toolu_01", "name": "get_weather", "input": {"city": "Paris"}},
        ],
    }


async def test_unary_thinking_redacted_and_stop_sequence(up, backend):
    up.script(fixture_reply("anthropic/message_thinking_redacted.json"))
    c = await backend.complete(
        req(Message(Role.USER, "count"), generation=GenerationConfig(stop=("4",))), "claude-test", None
    )
    assert [b.redacted_data != "" for b in c.reasoning_blocks] == [False, True]
    assert c.reasoning_blocks[0].signature.startswith("WaUjzkyp")
    assert c.stop_sequence == "4" and c.finish_reason is FinishReason.STOP_SEQUENCE
    assert (c.usage.cached_prompt_tokens, c.usage.cache_write_tokens, c.usage.reasoning_tokens) == (300, 2000, 350)


# ----------------------------------------------------------------------------- cache_control


async def test_cache_control_on_system_parts_messages_and_tools(up, backend):
    hour = CacheControl(ttl_s=3600)
    body = await sent(
        up,
        backend,
        req(
            Message(Role.SYSTEM, "You are a careful assistant.", cache=hour),
            Message(Role.SYSTEM, "Today is Tuesday."),
            Message(Role.USER, parts=(TextPart("A long manual ...", cache=CacheControl()), TextPart("First question"))),
            Message(Role.ASSISTANT, "First answer"),
            Message(Role.USER, "Second question", cache=CacheControl(ttl_s=300)),
            tools=(Tool("get_weather", "Weather", {"type": "object"}, cache=hour),),
        ),
    )
    assert body["tools"] == [
        {
            "name": "get_weather",
            "description": "Weather",
            "input_schema": {"type": "object"},
            "cache_control": {"type": "ephemeral", "ttl": "1h"},
        }
    ]
    assert body["system"] == [
        {"type": "text", "text": "You are a careful assistant.", "cache_control": {"type": "ephemeral", "ttl": "1h"}},
        {"type": "text", "text": "Today is Tuesday."},
    ]
    assert body["messages"] == [
        {
            "role": "user",
            "content": [
                {"type": "text", "text": "A long manual ...", "cache_control": {"type": "ephemeral"}},
                {"type": "text", "text": "First question"},
            ],
        },
        {"role": "assistant", "content": "First answer"},
        {
            "role": "user",
            "content": [
                {"type": "text", "text": "Second question", "cache_control": {"type": "ephemeral", "ttl": "5m"}}
            ],
        },
    ]


async def test_cache_control_on_a_tool_result_and_on_an_assistant_turn(up, backend):
    body = await sent(
        up,
        backend,
        req(
            Message(Role.USER, "q"),
            Message(Role.ASSISTANT, tool_calls=(ToolCall("t1", "f", "{}"),), cache=CacheControl()),
            Message(Role.TOOL, "r1", tool_call_id="t1", cache=CacheControl()),
            tools=(Tool("f"),),
        ),
    )
    assert body["messages"][1]["content"] == [
        {"type": "tool_use", "id": "t1", "name": "f", "input": {}, "cache_control": {"type": "ephemeral"}}
    ]
    assert body["messages"][2]["content"] == [
        {"type": "tool_result", "tool_use_id": "t1", "content": "r1", "cache_control": {"type": "ephemeral"}}
    ]


@pytest.mark.parametrize(
    "messages, tools, field",
    [
        # at most 4 breakpoints
        (
            tuple(
                Message(Role.USER if i % 2 == 0 else Role.ASSISTANT, f"m{i}", cache=CacheControl()) for i in range(5)
            ),
            (),
            "messages[4].cache_control",
        ),
        # 5 minutes or 1 hour only
        ((Message(Role.USER, "x", cache=CacheControl(ttl_s=600)),), (), "messages[0].cache_control.ttl"),
        # a 1-hour breakpoint never after a 5-minute one (tools, then system, then messages)
        (
            (Message(Role.SYSTEM, "s", cache=CacheControl(ttl_s=3600)), Message(Role.USER, "x")),
            (Tool("f", cache=CacheControl()),),
            "messages[0].cache_control.ttl",
        ),
    ],
)
async def test_cache_control_limits(up, backend, messages, tools, field):
    err = await refused(backend, req(*messages, tools=tools))
    assert [v.field for v in err.violations] == [field]
    assert up.requests == []


async def test_cache_tokens_in_usage(up, backend):
    up.script(anthropic_stream(["Hi"], input_tokens=20, cache_read=1800, cache_creation=200, output_tokens=4))
    events = await ANTHROPIC.collect(backend)
    assert events[-1] == Finish(
        FinishReason.STOP,
        Usage(prompt_tokens=2020, completion_tokens=4, cached_prompt_tokens=1800, cache_write_tokens=200),
    )


async def test_the_prompt_count_comes_with_the_first_delta(up, backend):
    up.script(anthropic_stream(["Hel", "lo"], input_tokens=20, cache_read=1800, cache_creation=200))
    events = await ANTHROPIC.collect(backend)
    first = events[0]
    assert isinstance(first, Delta) and first.text == "Hel"
    assert first.usage == Usage(
        prompt_tokens=2020, completion_tokens=1, cached_prompt_tokens=1800, cache_write_tokens=200
    )
    assert all(e.usage is None for e in events[1:-1] if isinstance(e, Delta)) and texts(events) == "Hello"


# ----------------------------------------------------------------------------- structured output


async def test_strict_json_schema_is_native(up, backend):
    g = GenerationConfig(
        response_format=ResponseFormat(ResponseFormatType.JSON_SCHEMA, "weather", schema=SCHEMA, strict=True)
    )
    up.script(fixture_reply("anthropic/message_structured_output.json"))
    c = await backend.complete(req(Message(Role.USER, "Paris?"), generation=g), "claude-test", None)
    body = up.last.json()
    assert body["output_config"] == {"format": {"type": "json_schema", "schema": SCHEMA}}
    assert "tools" not in body and "tool_choice" not in body
    assert json.loads(c.text) == {"city": "Paris", "celsius": 18}
    assert "anthropic-beta" not in up.last.headers  # generally available: no beta header


async def test_non_strict_schema_by_a_forced_answer_tool_streamed_as_text(up, backend):
    g = GenerationConfig(
        response_format=ResponseFormat(ResponseFormatType.JSON_SCHEMA, "weather", "The weather", SCHEMA)
    )
    up.script(fixture_reply("anthropic/messages_stream_answer_tool.sse"))
    events = await ANTHROPIC.collect(backend, req(Message(Role.USER, "Paris?"), generation=g))
    body = up.last.json()
    assert body["tools"] == [{"name": "weather", "description": "The weather", "input_schema": SCHEMA}]
    assert body["tool_choice"] == {"type": "tool", "name": "weather"} and "output_config" not in body
    c = accumulate(events)
    assert json.loads(c.text) == {"city": "Paris", "celsius": 18}
    assert c.tool_calls == () and c.finish_reason is FinishReason.STOP


async def test_json_object_by_an_answer_tool_unary(up, backend):
    g = GenerationConfig(response_format=ResponseFormat(ResponseFormatType.JSON_OBJECT))
    up.script(
        anthropic_message(
            content=[{"type": "tool_use", "id": "toolu_1", "name": "json_answer", "input": {"a": [1, 2]}}],
            stop_reason="tool_use",
        )
    )
    c = await backend.complete(req(Message(Role.USER, "JSON please"), generation=g), "claude-test", None)
    body = up.last.json()
    assert body["tools"][0]["name"] == "json_answer" and body["tools"][0]["input_schema"] == {"type": "object"}
    assert body["tool_choice"] == {"type": "tool", "name": "json_answer"}
    assert json.loads(c.text) == {"a": [1, 2]} and c.finish_reason is FinishReason.STOP


async def test_answer_tool_beside_caller_tools(up, backend):
    """The model must call a tool: one of the caller's, or the answer tool (named apart from theirs)."""
    g = GenerationConfig(response_format=ResponseFormat(ResponseFormatType.JSON_SCHEMA, "get_weather", schema=SCHEMA))
    up.script(
        anthropic_blocks_stream(
            [{"type": "tool_use", "id": "toolu_7", "name": "get_weather", "input": {"city": "Oslo"}}],
            stop_reason="tool_use",
        )
    )
    c = accumulate(await ANTHROPIC.collect(backend, req(Message(Role.USER, "Oslo?"), tools=(WEATHER,), generation=g)))
    body = up.last.json()
    assert [t["name"] for t in body["tools"]] == ["get_weather", "json_answer"]
    assert body["tool_choice"] == {"type": "any"}
    assert c.tool_calls == (ToolCall("toolu_7", "get_weather", '{"city": "Oslo"}'),)
    assert c.finish_reason is FinishReason.TOOL_CALLS and c.text == ""


async def test_a_required_tool_call_is_the_answer(up, backend):
    g = GenerationConfig(response_format=ResponseFormat(ResponseFormatType.JSON_OBJECT))
    body = await sent(
        up,
        backend,
        req(Message(Role.USER, "x"), tools=(WEATHER,), tool_choice=ToolChoice(ToolChoiceMode.REQUIRED), generation=g),
    )
    assert [t["name"] for t in body["tools"]] == ["get_weather"] and body["tool_choice"] == {"type": "any"}


async def test_schema_with_thinking_is_native_even_when_not_strict(up, backend):
    g = GenerationConfig(
        reasoning=ReasoningConfig(budget_tokens=2000),
        response_format=ResponseFormat(ResponseFormatType.JSON_SCHEMA, "weather", schema=SCHEMA),
    )
    body = await sent(up, backend, req(Message(Role.USER, "x"), generation=g))
    assert body["output_config"] == {"format": {"type": "json_schema", "schema": SCHEMA}} and "tools" not in body
    assert body["thinking"] == {"type": "enabled", "budget_tokens": 2000}


# ----------------------------------------------------------------------------- tool use, stop sequences


@pytest.mark.parametrize(
    "choice, wire",
    [
        (ToolChoice(parallel_tool_calls=False), {"type": "auto", "disable_parallel_tool_use": True}),
        (
            ToolChoice(ToolChoiceMode.REQUIRED, parallel_tool_calls=False),
            {"type": "any", "disable_parallel_tool_use": True},
        ),
        (
            ToolChoice(ToolChoiceMode.FUNCTION, "get_weather", parallel_tool_calls=False),
            {"type": "tool", "name": "get_weather", "disable_parallel_tool_use": True},
        ),
        (ToolChoice(ToolChoiceMode.NONE, parallel_tool_calls=False), {"type": "none"}),
        (ToolChoice(parallel_tool_calls=True), None),
    ],
)
async def test_parallel_tool_calls_false(up, backend, choice, wire):
    body = await sent(up, backend, req(Message(Role.USER, "x"), tools=(WEATHER,), tool_choice=choice))
    assert body.get("tool_choice") == wire


async def test_parallel_tool_calls_false_without_tools_sends_no_tool_choice(up, backend):
    body = await sent(up, backend, req(Message(Role.USER, "x"), tool_choice=ToolChoice(parallel_tool_calls=False)))
    assert "tool_choice" not in body


async def test_matched_stop_sequence_streamed(up, backend):
    up.script(fixture_reply("anthropic/messages_stream_stop_sequence.sse"))
    events = await ANTHROPIC.collect(
        backend, req(Message(Role.USER, "count"), generation=GenerationConfig(stop=("4", "five")))
    )
    assert up.last.json()["stop_sequences"] == ["4", "five"]
    fin = events[-1]
    assert isinstance(fin, Finish) and fin.finish_reason is FinishReason.STOP_SEQUENCE and fin.stop_sequence == "4"


@pytest.mark.parametrize(
    "generation, field",
    [
        (GenerationConfig(logprobs=True), "generation.logprobs"),
        (GenerationConfig(presence_penalty=0.5), "generation.presence_penalty"),
        (GenerationConfig(frequency_penalty=-1.0), "generation.frequency_penalty"),
    ],
)
async def test_what_the_api_does_not_have_is_refused(up, backend, generation, field):
    err = await refused(backend, req(Message(Role.USER, "x"), generation=generation))
    assert [v.field for v in err.violations] == [field]


async def test_zero_penalties_change_nothing(up, backend):
    body = await sent(up, backend, req(Message(Role.USER, "x"), generation=GenerationConfig(presence_penalty=0.0)))
    assert "presence_penalty" not in body
