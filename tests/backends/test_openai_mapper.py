"""The OpenAI event mapper, one chat.completion.chunk at a time (no server, no loop).

Inputs follow the documented wire format: OpenAI API reference, "The chat completion chunk
object" (https://platform.openai.com/docs/api-reference/chat-streaming) and streamed function
calls (https://platform.openai.com/docs/guides/function-calling); reasoning as DeepSeek sends it
(``reasoning_content``, https://api-docs.deepseek.com/guides/reasoning_model) and as OpenRouter
sends it (``reasoning``, https://openrouter.ai/docs/use-cases/reasoning-tokens); in-stream errors
as an ``error`` object (https://platform.openai.com/docs/guides/error-codes). Whole streams come
from tests/fixtures/wire/openai, each citing its source.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from support.fakes.wire import fixture_reply, load_fixture

from service.backends.http.events import TEXT_BREAK
from service.backends.http.sse import SSEDecoder, SSEEvent
from service.backends.openai.mapper import OpenAIStreamMapper, map_completion
from service.core.chat import (
    Delta,
    Finish,
    FinishReason,
    ReasoningBlock,
    TokenLogprob,
    ToolCall,
    ToolCallDelta,
    TopLogprob,
    Usage,
    accumulate,
)
from service.core.config import ApiType, ProviderConfig
from service.core.errors import (
    InvalidArgument,
    Reason,
    ResourceExhausted,
    RouterError,
    Unauthenticated,
    Unavailable,
)

PROVIDER = ProviderConfig(
    id="groq", display_name="Groq", api_type=ApiType.OPENAI, base_url="http://127.0.0.1:9/v1", api_key="sk-test-key"
)


def event(data: Any) -> SSEEvent:
    return SSEEvent(data=data if isinstance(data, str) else json.dumps(data))


def chunk(delta: dict[str, Any] | None = None, finish_reason: str | None = None, **extra: Any) -> dict[str, Any]:
    """A chat.completion.chunk with one choice."""
    return {
        "id": "chatcmpl-123",
        "object": "chat.completion.chunk",
        "created": 1694268190,
        "model": "gpt-4o-mini",
        "choices": [{"index": 0, "delta": delta or {}, "logprobs": None, "finish_reason": finish_reason}],
        **extra,
    }


def fixture_events(name: str) -> list[SSEEvent]:
    decoder = SSEDecoder()
    return decoder.feed(load_fixture(name)) + decoder.end()


# ----------------------------------------------------------------------------- one chunk, what it adds

ONE_CHUNK = [
    ("role only", chunk({"role": "assistant", "content": "", "refusal": None}), None),
    ("content", chunk({"content": "Hello"}), "Hello"),
    ("refusal", chunk({"content": None, "refusal": "I can't help with that."}), "I can't help with that."),
    ("content wins over refusal", chunk({"content": "Hi", "refusal": "no"}), "Hi"),
    ("reasoning_content (DeepSeek)", chunk({"reasoning_content": "Okay, 9.11"}), Delta(reasoning="Okay, 9.11")),
    ("reasoning (OpenRouter)", chunk({"reasoning": "Thinking"}), Delta(reasoning="Thinking")),
    (
        "reasoning and content in one chunk",
        chunk({"reasoning_content": "so", "content": "9.8"}),
        Delta(text="9.8", reasoning="so"),
    ),
    (
        "tool call start",
        chunk(
            {
                "role": "assistant",
                "content": None,
                "tool_calls": [
                    {
                        "index": 0,
                        "id": "call_abc",
                        "type": "function",
                        "function": {"name": "get_weather", "arguments": ""},
                    }
                ],
            }
        ),
        Delta(tool_calls=(ToolCallDelta(index=0, id="call_abc", name="get_weather"),)),
    ),
    (
        "tool call arguments fragment",
        chunk({"tool_calls": [{"index": 0, "function": {"arguments": '{"lo'}}]}),
        Delta(tool_calls=(ToolCallDelta(index=0, arguments='{"lo'),)),
    ),
    (
        "two calls in one chunk",
        chunk(
            {
                "tool_calls": [
                    {"index": 0, "id": "call_a", "function": {"name": "f", "arguments": "{}"}},
                    {"index": 1, "id": "call_b", "function": {"name": "g", "arguments": "{}"}},
                ]
            }
        ),
        Delta(
            tool_calls=(
                ToolCallDelta(index=0, id="call_a", name="f", arguments="{}"),
                ToolCallDelta(index=1, id="call_b", name="g", arguments="{}"),
            )
        ),
    ),
    (
        "tool call with content beside it",
        chunk({"content": "Checking.", "tool_calls": [{"index": 0, "id": "call_a", "function": {"name": "f"}}]}),
        Delta(text="Checking.", tool_calls=(ToolCallDelta(index=0, id="call_a", name="f"),)),
    ),
    # A tool-call entry carrying nothing still ends the run of text before it.
    ("empty tool call entry", chunk({"tool_calls": [{"index": 0, "function": {"arguments": ""}}]}), TEXT_BREAK),
    ("finish chunk", chunk({}, finish_reason="stop"), None),
    (
        "usage chunk",
        {"id": "chatcmpl-123", "choices": [], "usage": {"prompt_tokens": 9, "completion_tokens": 2}},
        None,
    ),
    ("no choices at all", {"id": "chatcmpl-123", "object": "chat.completion.chunk"}, None),
    (
        "content with its log probabilities",
        {
            **chunk({"content": "Hi"}),
            "choices": [
                {
                    "index": 0,
                    "delta": {"content": "Hi"},
                    "logprobs": {
                        "content": [
                            {
                                "token": "Hi",
                                "logprob": -0.5,
                                "bytes": [72, 105],
                                "top_logprobs": [{"token": "Hello", "logprob": -1.25, "bytes": None}],
                            }
                        ],
                        "refusal": None,
                    },
                    "finish_reason": None,
                }
            ],
        },
        Delta(text="Hi", logprobs=(TokenLogprob("Hi", -0.5, b"Hi", (TopLogprob("Hello", -1.25),)),)),
    ),
    (
        "empty logprobs beside the role",
        {
            **chunk(),
            "choices": [{"index": 0, "delta": {"role": "assistant", "content": ""}, "logprobs": {"content": []}}],
        },
        None,
    ),
]


@pytest.mark.parametrize("data, expected", [row[1:] for row in ONE_CHUNK], ids=[row[0] for row in ONE_CHUNK])
def test_one_chunk(data, expected):
    m = OpenAIStreamMapper(PROVIDER)
    out = m.map(event(data))
    if expected is TEXT_BREAK:
        assert out is TEXT_BREAK
    else:
        assert out == expected
    assert not m.ended and m.error is None


@pytest.mark.parametrize(
    "wire, ours",
    [
        ("stop", FinishReason.STOP),
        ("length", FinishReason.LENGTH),
        ("tool_calls", FinishReason.TOOL_CALLS),
        ("function_call", FinishReason.TOOL_CALLS),
        ("content_filter", FinishReason.CONTENT_FILTER),
        ("eos", FinishReason.STOP),
        ("end_turn", FinishReason.STOP),
        ("stop_sequence", FinishReason.STOP_SEQUENCE),
        ("something_new", FinishReason.UNSPECIFIED),
    ],
)
def test_finish_reason(wire, ours):
    m = OpenAIStreamMapper(PROVIDER)
    assert m.map(event(chunk({}, finish_reason=wire))) is None
    assert m.finish().finish_reason is ours


@pytest.mark.parametrize(
    "usage, ours",
    [
        (
            {"prompt_tokens": 1219, "completion_tokens": 5, "prompt_tokens_details": {"cached_tokens": 1024}},
            (1219, 5, 1024),
        ),
        # DeepSeek: https://api-docs.deepseek.com/api/create-chat-completion (prompt_cache_hit_tokens)
        ({"prompt_tokens": 13, "completion_tokens": 25, "prompt_cache_hit_tokens": 8}, (13, 25, 8)),
        ({"prompt_tokens": 3, "completion_tokens": 1, "prompt_tokens_details": None}, (3, 1, 0)),
        (
            {"prompt_tokens": 50, "completion_tokens": 300, "completion_tokens_details": {"reasoning_tokens": 256}},
            (50, 300, 0, 256),
        ),
    ],
)
def test_usage_chunk(usage, ours):
    m = OpenAIStreamMapper(PROVIDER)
    assert m.map(event({"id": "chatcmpl-123", "choices": [], "usage": usage})) is None
    u = m.finish().usage
    assert (u.prompt_tokens, u.completion_tokens, u.cached_prompt_tokens, u.reasoning_tokens)[: len(ours)] == ours
    assert u.cache_write_tokens == 0  # OpenAI-type providers report no cache writes


def test_stop_sequence_named_by_vllm():
    """vLLM names the matched stop string in ``stop_reason`` (its OpenAI-compatible server's
    extension); the mapper reports it only when it is one of the caller's stop sequences."""
    m = OpenAIStreamMapper(PROVIDER, stops=("END", "###"))
    m.map(event({**chunk(), "choices": [{"index": 0, "delta": {}, "finish_reason": "stop", "stop_reason": "###"}]}))
    assert m.finish() == Finish(FinishReason.STOP_SEQUENCE, Usage(), "###")
    m = OpenAIStreamMapper(PROVIDER, stops=("END",))
    m.map(event({**chunk(), "choices": [{"index": 0, "delta": {}, "finish_reason": "stop", "stop_reason": 128001}]}))
    assert m.finish() == Finish(FinishReason.STOP)  # an EOS token id, not a stop sequence


def test_usage_on_the_finish_chunk():
    """DeepSeek sends usage on the chunk with finish_reason (chat_stream_reasoning.sse)."""
    m = OpenAIStreamMapper(PROVIDER)
    m.map(event(chunk({}, finish_reason="length", usage={"prompt_tokens": 13, "completion_tokens": 25})))
    assert m.finish() == Finish(FinishReason.LENGTH, Usage(prompt_tokens=13, completion_tokens=25))


def test_done_ends_the_stream():
    m = OpenAIStreamMapper(PROVIDER)
    assert m.map(event("[DONE]")) is None
    assert m.ended and m.error is None
    assert m.finish() == Finish()  # no finish chunk, no usage chunk: nothing known


def test_nothing_known_before_any_chunk():
    m = OpenAIStreamMapper(PROVIDER)
    assert not m.ended and m.error is None and m.finish() == Finish()


# ----------------------------------------------------------------------------- in-stream errors


@pytest.mark.parametrize(
    "error, exc, reason",
    [
        (
            {"message": "The server had an error", "type": "server_error", "param": None, "code": None},
            Unavailable,
            Reason.UPSTREAM_UNAVAILABLE,
        ),
        (
            {"message": "slow down", "type": "rate_limit_error", "code": "rate_limit_exceeded"},
            ResourceExhausted,
            Reason.UPSTREAM_RATE_LIMITED,
        ),
        ({"message": "bad key", "type": "invalid_request_error", "code": 401}, Unauthenticated, None),
        ({"message": "too long", "code": "context_length_exceeded"}, InvalidArgument, Reason.CONTEXT_LENGTH_EXCEEDED),
        ("a plain string", Unavailable, Reason.UPSTREAM_UNAVAILABLE),
    ],
)
def test_error_chunk_ends_the_stream_with_its_error(error, exc, reason):
    m = OpenAIStreamMapper(PROVIDER)
    assert m.map(event({"error": error})) is None
    assert m.ended and isinstance(m.error, exc)
    if reason is not None:
        assert m.error.reason == reason
    assert m.error.metadata["provider"] == "groq"


def test_error_chunk_with_content_keeps_the_content():
    """The content of the chunk goes out (the loop sends it before raising the error)."""
    m = OpenAIStreamMapper(PROVIDER)
    assert m.map(event(chunk({"content": "Partial"}, error={"message": "boom", "type": "server_error"}))) == "Partial"
    assert m.ended and isinstance(m.error, Unavailable)


# ----------------------------------------------------------------------------- what it cannot understand


@pytest.mark.parametrize(
    "data, words",
    [
        ("{not json", "bad stream chunk: {not json"),
        ("[1, 2]", "bad stream chunk"),  # JSON, but not an object
        ('"text"', "bad stream chunk"),
        ({"choices": "oops"}, "unexpected stream chunk shape"),
        ({"choices": [{"delta": ["x"]}]}, "unexpected stream chunk shape"),
        (chunk({"content": 42}), "unexpected stream chunk shape"),
        (chunk({}, usage=["not", "an", "object"]), "unexpected stream chunk shape"),
    ],
)
def test_protocol_errors(data, words):
    m = OpenAIStreamMapper(PROVIDER)
    with pytest.raises(Unavailable) as ei:
        m.map(event(data))
    assert ei.value.reason == Reason.UPSTREAM_PROTOCOL_ERROR
    assert words in ei.value.message


@pytest.mark.parametrize("delta", [{"tool_calls": ["not an object"]}, {"tool_calls": [7], "reasoning": "r"}])
def test_text_before_a_broken_tool_call_entry_goes_out_first(delta):
    """The run of text ends at the chunk (TEXT_BREAK), then the stream fails."""
    m = OpenAIStreamMapper(PROVIDER)
    assert m.map(event(chunk(delta))) is TEXT_BREAK
    assert m.ended and m.error is not None and m.error.reason == Reason.UPSTREAM_PROTOCOL_ERROR


def test_delta_made_before_a_shape_error_goes_out_first():
    m = OpenAIStreamMapper(PROVIDER)
    out = m.map(event(chunk({"reasoning_content": "r"}, usage=["broken"])))
    assert out == Delta(reasoning="r")
    assert m.ended and m.error is not None and m.error.reason == Reason.UPSTREAM_PROTOCOL_ERROR


# ----------------------------------------------------------------------------- state across chunks


def test_tool_calls_without_index_are_keyed_by_id():
    """Some compatible servers omit ``index``: a new id opens the next call, no id continues the last."""
    m = OpenAIStreamMapper(PROVIDER)
    outs = [
        m.map(event(chunk({"tool_calls": [{"id": "call_a", "function": {"name": "f", "arguments": ""}}]}))),
        m.map(event(chunk({"tool_calls": [{"function": {"arguments": "{}"}}]}))),
        m.map(event(chunk({"tool_calls": [{"id": "call_b", "function": {"name": "g", "arguments": ""}}]}))),
        m.map(event(chunk({"tool_calls": [{"function": {"arguments": "[]"}}]}))),
    ]
    assert [tc for d in outs for tc in d.tool_calls] == [
        ToolCallDelta(index=0, id="call_a", name="f"),
        ToolCallDelta(index=0, arguments="{}"),
        ToolCallDelta(index=1, id="call_b", name="g"),
        ToolCallDelta(index=1, arguments="[]"),
    ]
    assert m.tool_ids == {0: "call_a", 1: "call_b"}


def test_a_new_id_at_a_used_index_opens_a_new_call():
    """Ollama (and some compatible servers) number every streamed call 0: a fragment with a
    different id is another call, not more arguments of the first."""
    m = OpenAIStreamMapper(PROVIDER)
    outs = [m.map(ev) for ev in fixture_events("openai/chat_stream_same_index_tool_calls.sse")]
    assert [tc for d in outs if isinstance(d, Delta) for tc in d.tool_calls] == [
        ToolCallDelta(0, "call_h3llo0a1", "file_write", '{"path":'),
        ToolCallDelta(0, arguments='"a"}'),
        ToolCallDelta(1, "call_w0rld0b2", "file_write", '{"path":"b"}'),
    ]
    c = accumulate([d for d in outs if isinstance(d, Delta)] + [m.finish()])
    assert c.tool_calls == (
        ToolCall("call_h3llo0a1", "file_write", '{"path":"a"}'),
        ToolCall("call_w0rld0b2", "file_write", '{"path":"b"}'),
    )
    assert c.finish_reason is FinishReason.TOOL_CALLS


def test_the_same_id_repeated_on_every_fragment_stays_one_call():
    m = OpenAIStreamMapper(PROVIDER)
    outs = [
        m.map(
            event(chunk({"tool_calls": [{"index": 0, "id": "call_a", "function": {"name": "f", "arguments": "{"}}]}))
        ),
        m.map(event(chunk({"tool_calls": [{"index": 0, "id": "call_a", "function": {"arguments": "}"}}]}))),
        m.map(event(chunk({"tool_calls": [{"index": 1, "id": "call_b", "function": {"name": "g"}}]}))),
    ]
    assert [tc.index for d in outs for tc in d.tool_calls] == [0, 0, 1]
    assert m.tool_ids == {0: "call_a", 1: "call_b"}


def test_logprobs_fixture_event_by_event():
    m = OpenAIStreamMapper(PROVIDER)
    outs = [m.map(ev) for ev in fixture_events("openai/chat_stream_logprobs.sse")]
    deltas = [d for d in outs if isinstance(d, Delta)]
    assert [d.text for d in deltas] == ["Hello", " é"]
    assert deltas[1].logprobs == (
        TokenLogprob(
            " é", -0.25, " é".encode(), (TopLogprob(" é", -0.25, " é".encode()), TopLogprob(" e", -1.5, b" e"))
        ),
    )
    assert m.finish() == Finish(
        FinishReason.STOP, Usage(prompt_tokens=1200, completion_tokens=2, cached_prompt_tokens=1024)
    )


def test_text_fixture_event_by_event():
    m = OpenAIStreamMapper(PROVIDER)
    outs = [m.map(ev) for ev in fixture_events("openai/chat_stream_text.sse")]
    assert outs == [None, "Hello", " there", ", héllo 👋!", None, None, None]
    assert m.ended and m.error is None
    assert m.finish() == Finish(
        FinishReason.STOP, Usage(prompt_tokens=1219, completion_tokens=5, cached_prompt_tokens=1024)
    )


def test_tool_call_fixture_event_by_event():
    m = OpenAIStreamMapper(PROVIDER)
    outs = [m.map(ev) for ev in fixture_events("openai/chat_stream_tool_calls.sse")]
    assert outs == [
        Delta(tool_calls=(ToolCallDelta(0, "call_DdmO9pD3xa9XTPNJ32zg2hcA", "get_weather"),)),
        Delta(tool_calls=(ToolCallDelta(0, arguments='{"lo'),)),
        Delta(tool_calls=(ToolCallDelta(0, arguments='cation": "Paris, France"}'),)),
        Delta(tool_calls=(ToolCallDelta(1, "call_Ab12Cd34Ef56Gh78Ij90Kl12", "get_time"),)),
        Delta(tool_calls=(ToolCallDelta(1, arguments='{"tz": "Europe/Paris"}'),)),
        None,
        None,
        None,
    ]
    assert m.finish() == Finish(FinishReason.TOOL_CALLS, Usage(prompt_tokens=82, completion_tokens=37))


def test_error_fixture_event_by_event():
    m = OpenAIStreamMapper(PROVIDER)
    outs = [m.map(ev) for ev in fixture_events("openai/chat_stream_error.sse")]
    assert outs == ["Partial", None]
    assert m.ended and isinstance(m.error, Unavailable) and "server had an error" in m.error.message


# ----------------------------------------------------------------------------- unary bodies


def test_completion_fixture():
    c = map_completion(PROVIDER, fixture_reply("openai/chat_completion.json").body)
    assert c.text == "The image shows a wooden boardwalk." and c.finish_reason is FinishReason.STOP
    assert (c.usage.prompt_tokens, c.usage.completion_tokens, c.usage.cached_prompt_tokens) == (1117, 46, 1024)


def test_completion_tool_calls_fixture():
    c = map_completion(PROVIDER, fixture_reply("openai/chat_completion_tool_calls.json").body)
    assert c.text == "" and c.finish_reason is FinishReason.TOOL_CALLS
    assert c.tool_calls == (ToolCall("call_abc123", "get_current_weather", '{\n"location": "Boston, MA"\n}'),)


def test_completion_logprobs_and_usage_details_fixture():
    c = map_completion(PROVIDER, fixture_reply("openai/chat_completion_logprobs.json").body)
    assert c.text == "Yes."
    assert c.logprobs == (
        TokenLogprob("Yes", -0.0001, b"Yes", (TopLogprob("Yes", -0.0001, b"Yes"),)),
        TokenLogprob(".", -0.02, b".", (TopLogprob(".", -0.02, b"."),)),
    )
    assert c.usage == Usage(prompt_tokens=2100, completion_tokens=210, cached_prompt_tokens=2048, reasoning_tokens=192)


def test_completion_reasoning_is_one_unsigned_block():
    body = {
        "choices": [{"message": {"content": "9.8", "reasoning_content": "compare tenths"}, "finish_reason": "stop"}]
    }
    c = map_completion(PROVIDER, body, stops=("x",))
    assert c.reasoning == "compare tenths" and c.reasoning_blocks == (ReasoningBlock(text="compare tenths"),)
    assert c.finish_reason is FinishReason.STOP and c.stop_sequence == ""
    body["choices"][0]["stop_reason"] = "x"
    c = map_completion(PROVIDER, body, stops=("x",))
    assert (c.finish_reason, c.stop_sequence) == (FinishReason.STOP_SEQUENCE, "x")


def test_completion_refusal_and_reasoning():
    body = {
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": None, "refusal": "No.", "reasoning": "r"},
                "finish_reason": "content_filter",
            }
        ]
    }
    c = map_completion(PROVIDER, body)
    assert (c.text, c.reasoning, c.finish_reason) == ("No.", "r", FinishReason.CONTENT_FILTER)
    assert c.usage == Usage()


@pytest.mark.parametrize(
    "body, exc, words",
    [
        ([{"choices": []}], Unavailable, "not a JSON object"),
        ({"choices": []}, Unavailable, "without choices"),
        ({"object": "chat.completion"}, Unavailable, "without choices"),
        ({"error": {"message": "slow down", "type": "rate_limit_error"}}, ResourceExhausted, "slow down"),
        ({"choices": ["text"]}, Unavailable, "unexpected chat completion shape"),
        (
            {"choices": [{"message": {"content": "x"}, "logprobs": {"content": [{"token": "x"}]}}]},
            Unavailable,
            "unexpected chat completion shape",
        ),
    ],
)
def test_completion_failures(body, exc, words):
    with pytest.raises(exc) as ei:
        map_completion(PROVIDER, body)
    assert isinstance(ei.value, RouterError) and words in ei.value.message
