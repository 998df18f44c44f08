"""The Anthropic side of the bridge without a server: Messages requests to the contract (what each
block becomes, which field an error names) and StreamChat messages to SSE events, one at a time.

Wire format: Anthropic API reference, Messages (https://docs.anthropic.com/en/api/messages) and
"Streaming Messages" (https://docs.anthropic.com/en/docs/build-with-claude/streaming: thinking
blocks stream thinking_delta then one signature_delta before their content_block_stop; a
redacted_thinking block comes whole in its content_block_start).
"""

from __future__ import annotations

import json

import pytest

from llmrouter.v1 import chat_pb2, chat_service_pb2
from service.bridge.anthropic_format import MessagesOptions, MessageStream, messages_request
from service.bridge.errors import BridgeError

HI = [{"role": "user", "content": "hi"}]


def parse(**doc):
    doc.setdefault("model", "claude-test")
    doc.setdefault("max_tokens", 4000)
    doc.setdefault("messages", HI)
    return messages_request(doc, "rid")


def refused(**doc) -> str:
    with pytest.raises(BridgeError) as ei:
        parse(**doc)
    assert ei.value.status == 400
    return ei.value.param or ""


def frames(raw: bytes) -> list[tuple[str, dict]]:
    out = []
    for frame in raw.decode().split("\n\n")[:-1]:
        name, data = frame.split("\n")
        out.append((name.removeprefix("event: "), json.loads(data.removeprefix("data: "))))
    return out


# ----------------------------------------------------------------------------- requests


def test_text_blocks_stay_the_text_shorthand_with_the_last_blocks_hint():
    req, _ = parse(
        system=[{"type": "text", "text": "A"}, {"type": "text", "text": "B", "cache_control": {"type": "ephemeral"}}],
        messages=[{"role": "user", "content": [{"type": "text", "text": "q1"}, {"type": "text", "text": "q2"}]}],
    )
    system, user = req.messages
    assert system.content == "A\nB" and not system.parts
    assert system.cache_control == chat_pb2.CacheControl(type=chat_pb2.CACHE_TYPE_EPHEMERAL)
    assert user.content == "q1\nq2" and not user.HasField("cache_control")


def test_a_hint_before_the_last_block_makes_parts():
    req, _ = parse(
        messages=[
            {
                "role": "user",
                "content": [
                    {"type": "text", "text": "doc", "cache_control": {"type": "ephemeral", "ttl": "1h"}},
                    {"type": "text", "text": "question"},
                ],
            }
        ]
    )
    (user,) = req.messages
    assert user.content == "" and [p.text for p in user.parts] == ["doc", "question"]
    assert user.parts[0].cache_control.ttl.seconds == 3600 and not user.parts[1].HasField("cache_control")


def test_images_documents_and_tool_results():
    req, opts = parse(
        messages=[
            {"role": "user", "content": "go"},
            {"role": "assistant", "content": [{"type": "tool_use", "id": "t1", "name": "f", "input": {}}]},
            {
                "role": "user",
                "content": [
                    {
                        "type": "tool_result",
                        "tool_use_id": "t1",
                        "content": [{"type": "text", "text": "r"}],
                        "is_error": True,
                    },
                    {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "iVBORw=="}},
                    {"type": "document", "source": {"type": "url", "url": "https://example.com/a.pdf"}, "title": "A"},
                ],
            },
        ]
    )
    tool, user = req.messages[2:]
    assert tool.role == chat_pb2.ROLE_TOOL and tool.content == "r" and tool.is_error
    assert user.parts[0].image == chat_pb2.ImagePart(data=b"\x89PNG", media_type="image/png")
    assert user.parts[1].document == chat_pb2.DocumentPart(
        url="https://example.com/a.pdf", media_type="application/pdf", title="A"
    )
    # errors the server finds name the Anthropic block
    assert opts.field_map("messages[3].parts[1].document.url") == "messages[2].content[2].source.url"
    assert opts.field_map("messages[3].parts[0].image.data") == "messages[2].content[1].source.data"
    assert opts.field_map("messages[2].tool_call_id") == "messages[2].content[0].tool_use_id"


def test_thinking_blocks_become_reasoning():
    req, opts = parse(
        messages=[
            {"role": "user", "content": "q"},
            {
                "role": "assistant",
                "content": [
                    {"type": "thinking", "thinking": "hmm", "signature": "sig"},
                    {"type": "redacted_thinking", "data": "opaque"},
                    {"type": "text", "text": "a"},
                ],
            },
        ]
    )
    assistant = req.messages[1]
    assert list(assistant.reasoning) == [
        chat_pb2.ReasoningBlock(text="hmm", signature="sig"),
        chat_pb2.ReasoningBlock(redacted_data="opaque"),
    ]
    assert assistant.content == "a"
    assert opts.field_map("messages[1].reasoning[1].redacted_data") == "messages[1].content[1].data"


@pytest.mark.parametrize(
    "doc, param",
    [
        ({"thinking": {"type": "enabled", "budget_tokens": 1023}}, "thinking.budget_tokens"),
        ({"thinking": {"type": "enabled", "budget_tokens": 4000}}, "thinking.budget_tokens"),
        (
            {
                "messages": [
                    {
                        "role": "user",
                        "content": [
                            {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "@@"}}
                        ],
                    }
                ]
            },
            "messages[0].content[0].source.data",
        ),
        (
            {
                "messages": [
                    {
                        "role": "user",
                        "content": [
                            {"type": "document", "source": {"type": "text", "media_type": "text/plain", "data": "x"}}
                        ],
                    }
                ]
            },
            "messages[0].content[0].source.type",
        ),
        (
            {
                "messages": [
                    {
                        "role": "user",
                        "content": [
                            {
                                "type": "document",
                                "source": {"type": "url", "url": "https://e.com/a.pdf"},
                                "citations": {"enabled": True},
                            }
                        ],
                    }
                ]
            },
            "messages[0].content[0].citations",
        ),
        (
            {
                "messages": [
                    {"role": "user", "content": "q"},
                    {
                        "role": "assistant",
                        "content": [
                            {"type": "text", "text": "a", "cache_control": {"type": "ephemeral"}},
                            {"type": "tool_use", "id": "t", "name": "f", "input": {}},
                        ],
                    },
                ]
            },
            "messages[1].content[0].cache_control",
        ),
        (
            {
                "messages": [
                    {"role": "user", "content": "q"},
                    {"role": "assistant", "content": [{"type": "thinking", "thinking": "x"}]},
                ]
            },
            "messages[1].content[0].signature",
        ),
        ({"output_config": {"format": {"type": "json_object"}}}, "output_config.format.type"),
        (
            {"tools": [{"name": "f", "input_schema": {}, "cache_control": {"type": "ephemeral", "ttl": 60}}]},
            "tools[0].cache_control.ttl",
        ),
    ],
)
def test_refusals_name_the_field(doc, param):
    assert refused(**doc) == param


def test_thinking_output_config_and_parallel_tool_use():
    req, opts = parse(
        thinking={"type": "enabled", "budget_tokens": 2048},
        output_config={"format": {"type": "json_schema", "schema": {"type": "object"}}},
        tools=[{"name": "f", "input_schema": {"type": "object"}}],
        tool_choice={"type": "auto", "disable_parallel_tool_use": True},
    )
    g = req.generation
    assert g.reasoning == chat_pb2.ReasoningConfig(budget_tokens=2048)
    assert g.response_format.type == chat_pb2.RESPONSE_FORMAT_TYPE_JSON_SCHEMA and g.response_format.json_schema.strict
    assert req.tool_choice.HasField("parallel_tool_calls") and not req.tool_choice.parallel_tool_calls
    assert opts.field_map("generation.reasoning.budget_tokens") == "thinking.budget_tokens"
    assert opts.field_map("tool_choice.parallel_tool_calls") == "tool_choice.disable_parallel_tool_use"
    req, _ = parse(thinking={"type": "disabled"})
    assert not req.generation.HasField("reasoning")


# ----------------------------------------------------------------------------- the stream encoder


def delta(**kw) -> chat_service_pb2.StreamChatResponse:
    return chat_service_pb2.StreamChatResponse(delta=chat_pb2.ChatDelta(**kw))


def test_message_start_carries_the_usage_of_the_first_delta():
    enc = MessageStream("rid", MessagesOptions(model="claude-test", stream=True))
    first = delta(
        text="Hi",
        usage=chat_pb2.Usage(
            prompt_tokens=2320, completion_tokens=1, cached_prompt_tokens=2000, cache_write_tokens=300
        ),
    )
    ((name, data),) = frames(enc.opening(first))
    assert name == "message_start"
    assert data["message"]["usage"] == {
        "input_tokens": 20,
        "cache_creation_input_tokens": 300,
        "cache_read_input_tokens": 2000,
        "output_tokens": 1,
    }
    # without early usage (an OpenAI-type upstream): zeros, as before
    ((_, data),) = frames(MessageStream("rid", MessagesOptions(model="m", stream=True)).opening(delta(text="x")))
    assert data["message"]["usage"]["input_tokens"] == 0


def test_message_start_of_an_empty_answer_takes_the_summarys_prompt_count():
    enc = MessageStream("rid", MessagesOptions(model="m", stream=True))
    summary = chat_service_pb2.StreamChatResponse(
        summary=chat_pb2.ChatSummary(usage=chat_pb2.Usage(prompt_tokens=9, completion_tokens=4))
    )
    ((_, data),) = frames(enc.opening(summary))
    assert data["message"]["usage"]["input_tokens"] == 9 and data["message"]["usage"]["output_tokens"] == 0


def test_thinking_blocks_signatures_and_redacted_blocks_event_by_event():
    enc = MessageStream("rid", MessagesOptions(model="m", stream=True))
    steps = [
        (
            chat_pb2.ChatDelta(reasoning="a"),
            [("content_block_start", 0, "thinking"), ("content_block_delta", 0, "thinking_delta")],
        ),
        (chat_pb2.ChatDelta(reasoning="b"), [("content_block_delta", 0, "thinking_delta")]),
        (
            chat_pb2.ChatDelta(reasoning_signature="s1"),
            [("content_block_delta", 0, "signature_delta"), ("content_block_stop", 0, None)],
        ),
        # reasoning after a signature is a new block
        (
            chat_pb2.ChatDelta(reasoning="c"),
            [("content_block_start", 1, "thinking"), ("content_block_delta", 1, "thinking_delta")],
        ),
        (
            chat_pb2.ChatDelta(reasoning_signature="s2"),
            [("content_block_delta", 1, "signature_delta"), ("content_block_stop", 1, None)],
        ),
        (
            chat_pb2.ChatDelta(redacted_reasoning="opaque"),
            [("content_block_start", 2, "redacted_thinking"), ("content_block_stop", 2, None)],
        ),
        (chat_pb2.ChatDelta(text="t"), [("content_block_start", 3, "text"), ("content_block_delta", 3, "text_delta")]),
    ]
    for d, expected in steps:
        got = frames(enc.delta(d))
        kinds = [(n, e["index"], (e.get("content_block") or e.get("delta") or {}).get("type")) for n, e in got]
        assert kinds == expected, d
    out = frames(
        enc.closing(chat_pb2.ChatSummary(finish_reason=chat_pb2.FINISH_REASON_STOP_SEQUENCE, stop_sequence="END"))
    )
    assert [n for n, _ in out] == ["content_block_stop", "message_delta", "message_stop"]
    assert out[1][1]["delta"] == {"stop_reason": "stop_sequence", "stop_sequence": "END"}


def test_redacted_block_data_and_signature_values():
    enc = MessageStream("rid", MessagesOptions(model="m", stream=True))
    got = frames(
        enc.delta(chat_pb2.ChatDelta(redacted_reasoning="EmwK"))
        + enc.delta(chat_pb2.ChatDelta(reasoning_signature="sig"))
    )
    assert got[0][1]["content_block"] == {"type": "redacted_thinking", "data": "EmwK"}
    # a signature with no reasoning before it (thinking whose text the upstream omitted) opens its block
    assert got[2][1]["content_block"] == {"type": "thinking", "thinking": "", "signature": ""}
    assert got[3][1]["delta"] == {"type": "signature_delta", "signature": "sig"}
