"""The Responses API's answers: the response object (OpenAI API reference, "The response
object", https://platform.openai.com/docs/api-reference/responses/object) and its streamed
events ("Streaming events",
https://platform.openai.com/docs/api-reference/responses-streaming), from ChatService answers.

Output items: a ``reasoning`` item (the upstream's reasoning text as a ``summary_text``; a
signature, or redacted reasoning, as ``encrypted_content`` so that it can be sent back), a
``message`` item with one ``output_text`` part, and one ``function_call`` item per tool call.
A length stop is ``status: "incomplete"`` with ``incomplete_details.reason:
"max_output_tokens"`` (streamed: ``response.incomplete``); a content filter stop is
``incomplete`` with reason ``content_filter``.

Streamed: ``event: <type>`` + ``data: <json>`` frames, each with a ``sequence_number`` from 0;
``response.created`` and ``response.in_progress`` first, then per item
``response.output_item.added`` ... ``response.output_item.done``, then one terminal event:
``response.completed`` / ``response.incomplete`` on success, ``error`` followed by
``response.failed`` on a failure after the stream began (never ``response.completed``).
"""

from __future__ import annotations

import json
import time
import uuid
from json.encoder import encode_basestring as _jstr  # C-accelerated
from typing import Any

from llmrouter.v1 import chat_pb2, chat_service_pb2
from service.bridge.responses.request import REDACTED, ResponsesOptions

__all__ = ["REDACTED", "ResponsesStream", "new_id", "response_body", "response_object", "usage_dict"]


_DELTA_HEAD = b'event: response.output_text.delta\ndata: {"type":"response.output_text.delta","sequence_number":'
_DELTA_TAIL = b',"logprobs":[]}\n\n'


def _dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def new_id(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex}"


def usage_dict(u: chat_pb2.Usage) -> dict:
    return {
        "input_tokens": u.prompt_tokens,
        "input_tokens_details": {"cached_tokens": u.cached_prompt_tokens},
        "output_tokens": u.completion_tokens,
        "output_tokens_details": {"reasoning_tokens": u.reasoning_tokens},
        "total_tokens": u.total_tokens or (u.prompt_tokens + u.completion_tokens),
    }


def _status(finish: int) -> tuple[str, dict | None]:
    if finish == chat_pb2.FINISH_REASON_LENGTH:
        return "incomplete", {"reason": "max_output_tokens"}
    if finish == chat_pb2.FINISH_REASON_CONTENT_FILTER:
        return "incomplete", {"reason": "content_filter"}
    return "completed", None


def response_object(
    resp_id: str,
    created_at: int,
    opts: ResponsesOptions,
    *,
    status: str,
    output: list[dict],
    usage: dict | None = None,
    error: dict | None = None,
    incomplete: dict | None = None,
) -> dict:
    """The response object; `opts` are the request's settings it repeats."""
    return {
        "id": resp_id,
        "object": "response",
        "created_at": created_at,
        "status": status,
        "background": False,
        "error": error,
        "incomplete_details": incomplete,
        "instructions": opts.instructions,
        "max_output_tokens": opts.max_output_tokens,
        "model": opts.model,
        "output": output,
        "parallel_tool_calls": opts.parallel_tool_calls,
        "previous_response_id": opts.previous_response_id,
        "reasoning": opts.reasoning,
        "store": opts.store,
        "temperature": opts.temperature,
        "text": opts.text,
        "tool_choice": opts.tool_choice,
        "tools": opts.tools,
        "top_p": opts.top_p,
        "truncation": "disabled",
        "usage": usage,
        "user": opts.user,
        "metadata": opts.metadata,
    }


def _reasoning_item(item_id: str, text: str, signature: str = "", redacted: str = "") -> dict:
    item: dict[str, Any] = {
        "id": item_id,
        "type": "reasoning",
        "summary": [{"type": "summary_text", "text": text}] if text else [],
    }
    if redacted:
        item["encrypted_content"] = REDACTED + redacted
    elif signature:
        item["encrypted_content"] = signature
    return item


def _text_part(text: str) -> dict:
    return {"type": "output_text", "annotations": [], "logprobs": [], "text": text}


def _message_item(item_id: str, status: str, text: str | None) -> dict:
    return {
        "id": item_id,
        "type": "message",
        "status": status,
        "content": [] if text is None else [_text_part(text)],
        "role": "assistant",
    }


def _call_item(item_id: str, status: str, call_id: str, name: str, arguments: str) -> dict:
    return {
        "id": item_id,
        "type": "function_call",
        "status": status,
        "arguments": arguments,
        "call_id": call_id,
        "name": name,
    }


def response_body(resp: chat_service_pb2.ChatResponse, resp_id: str, opts: ResponsesOptions) -> dict:
    """The response object of a unary Chat answer."""
    s = resp.summary
    m = resp.message
    status, incomplete = _status(s.finish_reason)
    item_status = "incomplete" if status == "incomplete" else "completed"
    output: list[dict] = []
    blocks = list(m.reasoning)
    if blocks:
        for b in blocks:
            output.append(_reasoning_item(new_id("rs"), b.text, b.signature, b.redacted_data))
    elif resp.reasoning:
        output.append(_reasoning_item(new_id("rs"), resp.reasoning))
    if m.content or not m.tool_calls:
        output.append(_message_item(new_id("msg"), item_status, m.content))
    for tc in m.tool_calls:
        output.append(_call_item(new_id("fc"), "completed", tc.id, tc.name, tc.arguments))
    return response_object(
        resp_id,
        int(time.time()),
        opts,
        status=status,
        output=output,
        usage=usage_dict(s.usage),
        incomplete=incomplete,
    )


class _Item:
    __slots__ = ("call_id", "id", "index", "kind", "name", "parts", "redacted", "signature")

    def __init__(self, kind: str, item_id: str, index: int) -> None:
        self.kind, self.id, self.index = kind, item_id, index
        self.parts: list[str] = []
        self.call_id = self.name = self.signature = self.redacted = ""


class ResponsesStream:
    """Encodes StreamChat messages as Responses streaming events (see the module docstring).

    A text delta is one prebuilt prefix, one C-level string escape and one suffix."""

    def __init__(self, resp_id: str, opts: ResponsesOptions, created_at: int | None = None) -> None:
        self.resp_id = resp_id
        self.opts = opts
        self.created_at = int(time.time()) if created_at is None else created_at
        self.seq = 0
        self.output: list[dict | None] = []  # finished items, in output order (None: still open)
        self._text: _Item | None = None  # the open message item
        self._text_pre = b""
        self._reasoning: _Item | None = None  # the open reasoning item
        self._calls: dict[int, _Item] = {}  # open function calls by tool-call index
        self.final: dict | None = None  # the response object of the terminal event

    # -------------------------------------------------------------- framing

    def _event(self, etype: str, fields: dict) -> bytes:
        seq = self.seq
        self.seq = seq + 1
        body = {"type": etype, "sequence_number": seq, **fields}
        return b"event: " + etype.encode() + b"\ndata: " + _dumps(body).encode() + b"\n\n"

    def snapshot(self, status: str, **kw) -> dict:
        items = [i for i in self.output if i is not None]
        return response_object(self.resp_id, self.created_at, self.opts, status=status, output=items, **kw)

    def opening(self, first: chat_service_pb2.StreamChatResponse) -> bytes:
        r = self.snapshot("in_progress")
        return self._event("response.created", {"response": r}) + self._event("response.in_progress", {"response": r})

    # -------------------------------------------------------------- items

    def _open(self, kind: str, prefix: str, added: dict) -> tuple[_Item, bytes]:
        item = _Item(kind, new_id(prefix), len(self.output))
        self.output.append(None)
        added["id"] = item.id
        return item, self._event("response.output_item.added", {"output_index": item.index, "item": added})

    def _open_text(self) -> bytes:
        out = self._close_reasoning()
        item, ev = self._open("message", "msg", _message_item("", "in_progress", None))
        ev += self._event(
            "response.content_part.added",
            {"item_id": item.id, "output_index": item.index, "content_index": 0, "part": _text_part("")},
        )
        self._text = item
        self._text_pre = (
            '"item_id":%s,"output_index":%d,"content_index":0,"delta":' % (_jstr(item.id), item.index)
        ).encode()
        return out + ev

    def _close_text(self, status: str = "completed") -> bytes:
        item = self._text
        if item is None:
            return b""
        self._text = None
        text = "".join(item.parts)
        where = {"item_id": item.id, "output_index": item.index, "content_index": 0}
        out = self._event("response.output_text.done", {**where, "text": text, "logprobs": []})
        out += self._event("response.content_part.done", {**where, "part": _text_part(text)})
        done = _message_item(item.id, status, text)
        self.output[item.index] = done
        return out + self._event("response.output_item.done", {"output_index": item.index, "item": done})

    def _open_reasoning(self) -> bytes:
        out = self._close_text()
        item, ev = self._open("reasoning", "rs", _reasoning_item("", ""))
        self._reasoning = item
        return out + ev

    def _reasoning_part_added(self, item: _Item) -> bytes:
        return self._event(
            "response.reasoning_summary_part.added",
            {
                "item_id": item.id,
                "output_index": item.index,
                "summary_index": 0,
                "part": {"type": "summary_text", "text": ""},
            },
        )

    def _close_reasoning(self) -> bytes:
        item = self._reasoning
        if item is None:
            return b""
        self._reasoning = None
        text = "".join(item.parts)
        out = b""
        if item.parts:
            where = {"item_id": item.id, "output_index": item.index, "summary_index": 0}
            out += self._event("response.reasoning_summary_text.done", {**where, "text": text})
            out += self._event(
                "response.reasoning_summary_part.done", {**where, "part": {"type": "summary_text", "text": text}}
            )
        done = _reasoning_item(item.id, text, item.signature, item.redacted)
        self.output[item.index] = done
        return out + self._event("response.output_item.done", {"output_index": item.index, "item": done})

    def _close_calls(self) -> bytes:
        out = b""
        for item in self._calls.values():
            args = "".join(item.parts)
            out += self._event(
                "response.function_call_arguments.done",
                {"item_id": item.id, "output_index": item.index, "name": item.name, "arguments": args},
            )
            done = _call_item(item.id, "completed", item.call_id, item.name, args)
            self.output[item.index] = done
            out += self._event("response.output_item.done", {"output_index": item.index, "item": done})
        self._calls.clear()
        return out

    # -------------------------------------------------------------- deltas

    def delta(self, d: chat_pb2.ChatDelta) -> bytes:
        text = d.text
        item = self._text
        if (
            item is not None
            and text
            and not (d.tool_calls or d.reasoning or d.reasoning_signature or d.redacted_reasoning)
        ):  # the common case: more text of the open message
            item.parts.append(text)
            seq = self.seq
            self.seq = seq + 1
            return _DELTA_HEAD + str(seq).encode() + b"," + self._text_pre + _jstr(text).encode() + _DELTA_TAIL
        return self._delta(d)

    def _delta(self, d: chat_pb2.ChatDelta) -> bytes:
        out = b""
        if d.reasoning or d.reasoning_signature or d.redacted_reasoning:
            if d.redacted_reasoning:  # a block of its own
                out += self._close_reasoning() + self._open_reasoning()
                assert self._reasoning is not None
                self._reasoning.redacted = d.redacted_reasoning
                out += self._close_reasoning()
            if d.reasoning:
                if self._reasoning is None:
                    out += self._open_reasoning()
                item = self._reasoning
                assert item is not None
                if not item.parts:
                    out += self._reasoning_part_added(item)
                item.parts.append(d.reasoning)
                out += self._event(
                    "response.reasoning_summary_text.delta",
                    {"item_id": item.id, "output_index": item.index, "summary_index": 0, "delta": d.reasoning},
                )
            if d.reasoning_signature:
                if self._reasoning is None:
                    out += self._open_reasoning()
                assert self._reasoning is not None
                self._reasoning.signature = d.reasoning_signature
                out += self._close_reasoning()  # a signature ends its block
        text = d.text
        if text:
            if self._text is None:
                out += self._open_text()
            assert self._text is not None
            self._text.parts.append(text)
            seq = self.seq
            self.seq = seq + 1
            out += _DELTA_HEAD + str(seq).encode() + b"," + self._text_pre + _jstr(text).encode() + _DELTA_TAIL
        for tc in d.tool_calls:
            item = self._calls.get(tc.index)
            if item is None:
                out += self._close_text() + self._close_reasoning()
                item, ev = self._open("function_call", "fc", _call_item("", "in_progress", tc.id, tc.name, ""))
                item.call_id, item.name = tc.id, tc.name
                self._calls[tc.index] = item
                out += ev
            if tc.arguments:
                item.parts.append(tc.arguments)
                out += self._event(
                    "response.function_call_arguments.delta",
                    {"item_id": item.id, "output_index": item.index, "delta": tc.arguments},
                )
        return out

    def closing(self, s: chat_pb2.ChatSummary) -> bytes:
        status, incomplete = _status(s.finish_reason)
        out = self._close_reasoning() + self._close_text("incomplete" if incomplete else "completed")
        out += self._close_calls()
        self.final = self.snapshot(status, usage=usage_dict(s.usage), incomplete=incomplete)
        etype = "response.incomplete" if incomplete else "response.completed"
        return out + self._event(etype, {"response": self.final})

    def error(self, body: dict) -> bytes:
        """A failure after the stream began: an ``error`` event, then ``response.failed``
        with the output so far (open items are left out: they never finished)."""
        e = body.get("error") or {}
        code = e.get("code") or e.get("type") or "server_error"
        out = self._event("error", {"code": code, "message": e.get("message", ""), "param": e.get("param")})
        self._text = self._reasoning = None
        self._calls.clear()
        self.final = self.snapshot("failed", error={"code": code, "message": e.get("message", "")})
        return out + self._event("response.failed", {"response": self.final})

    @staticmethod
    def stream_error(body: dict) -> bytes:
        """An error event without the stream's state (the bridge's last-resort guard)."""
        e = body.get("error") or {}
        fields = {"code": e.get("code") or "server_error", "message": e.get("message", ""), "param": e.get("param")}
        return b"event: error\ndata: " + _dumps({"type": "error", "sequence_number": 0, **fields}).encode() + b"\n\n"
