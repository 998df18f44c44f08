"""The two HTTP API types as the backend tests drive them: one `Api` each (OpenAI, Anthropic).

An `Api` says how to build its backend against a `FakeUpstream` and how to write, in its own
wire format, the replies that test one shared property (a text stream, an error answer, a
keep-alive, an in-stream error...). The tests parametrized over `APIS` (fixture `api` in
tests/backends/conftest.py) check that both backends behave the same where the property is
the same; each API's own tests pin `api` to one of them.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from service.backends.anthropic import AnthropicBackend
from service.backends.anthropic.request import build_messages_body
from service.backends.http.backend import HttpBackend
from service.backends.http.timeouts import HttpTimeouts
from service.backends.openai import OpenAIBackend
from service.backends.openai.request import build_chat_body
from service.core.chat import ChatRequest, Delta, Finish, Message, Role
from service.core.config import ApiType
from service.core.errors import RouterError
from support.fakes.anthropic_replies import anthropic_error, anthropic_message, anthropic_models, anthropic_stream
from support.fakes.openai_replies import openai_completion, openai_error, openai_models, openai_stream
from support.fakes.server import FakeUpstream, JSONReply, SSEReply
from support.fakes.wire import sse

__all__ = ["ANTHROPIC", "APIS", "FAST", "OPENAI", "Api", "api_id", "assert_no_secret", "texts"]

FAST = HttpTimeouts(connect_s=2.0, header_s=5.0, first_token_s=5.0, idle_s=5.0)


@dataclass(frozen=True)
class Api:
    name: str
    api_type: ApiType
    backend_cls: type[HttpBackend]
    provider_id: str
    display_name: str
    key: str
    model: str
    chat_path: str  # where chat requests arrive at the fake
    head: int  # frames that open a `stream()` reply, before any content or ping
    text_offset: int  # index of the first text frame in a `stream()` reply
    keepalive: bytes  # a frame that keeps a stream alive and carries no content
    openai_base: bool  # the provider's base_url is the fake's /v1 (OpenAI) or its root (Anthropic)
    _stream: Callable[..., SSEReply]
    _terminal_kw: str
    _error: Callable[..., JSONReply]
    _error_frame: Callable[[str, str], bytes]
    _completion: Callable[..., JSONReply]
    _models: Callable[[Sequence[str]], JSONReply]
    _build_body: Callable[..., dict[str, Any]]

    @property
    def hi(self) -> ChatRequest:
        return ChatRequest(model=self.model, messages=(Message(Role.USER, "hi"),))

    def base_url(self, up: FakeUpstream) -> str:
        return up.openai_base_url if self.openai_base else up.base_url

    def stream(self, texts: Sequence[str], *, terminal: bool = True, **kw: Any) -> SSEReply:
        """A stream of `texts`; without its terminal event (``[DONE]`` / ``message_stop``) if told."""
        return self._stream(texts, **{self._terminal_kw: terminal}, **kw)

    def error(self, status: int, message: str, **kw: Any) -> JSONReply:
        """An error answer in this API's error body (``type=``, ``headers=``, ``delay=``...)."""
        return self._error(status, message, **kw)

    def error_frame(self, message: str, etype: str) -> bytes:
        """An in-stream error event."""
        return self._error_frame(message, etype)

    def completion(self, text: str = "Hello!") -> JSONReply:
        return self._completion(text)

    def models(self, ids: Sequence[str]) -> JSONReply:
        return self._models(ids)

    def build_body(self, request: ChatRequest, model: str, *, stream: bool) -> dict[str, Any]:
        return self._build_body(request, model, stream=stream)

    async def collect(
        self, backend: HttpBackend, request: ChatRequest | None = None, *, deadline: float | None = None
    ) -> list[Delta | Finish]:
        """Every event of one stream of `request` (default: "hi"), for the request's model."""
        request = request or self.hi
        events: AsyncIterator[Delta | Finish] = backend.stream(request, request.model, deadline)
        return [ev async for ev in events]


OPENAI = Api(
    name="openai",
    api_type=ApiType.OPENAI,
    backend_cls=OpenAIBackend,
    provider_id="groq",
    display_name="Groq",
    key="sk-proj-Zq8XvT3LmN4pR7sW2yB6cD9fG1hJ5kLq",
    model="gpt-test",
    chat_path="/v1/chat/completions",
    head=1,  # the role chunk
    text_offset=1,
    keepalive=b": keep-alive\n\n",  # an SSE comment
    openai_base=True,
    _stream=openai_stream,
    _terminal_kw="done",
    _error=openai_error,
    _error_frame=lambda message, etype: sse({"error": {"message": message, "type": etype}}),
    _completion=openai_completion,
    _models=openai_models,
    _build_body=build_chat_body,
)

ANTHROPIC = Api(
    name="anthropic",
    api_type=ApiType.ANTHROPIC,
    backend_cls=AnthropicBackend,
    provider_id="anthropic",
    display_name="Anthropic",
    key="sk-ant-api03-Hq7Vb2Nc9Xz4Lm1Kp8Rt5Ws3Yd6Fg0Jh",
    model="claude-test",
    chat_path="/v1/messages",
    head=2,  # message_start, content_block_start
    text_offset=3,  # after the head and a ping
    keepalive=sse({"type": "ping"}, "ping"),
    openai_base=False,
    _stream=anthropic_stream,
    _terminal_kw="stop",
    _error=anthropic_error,
    _error_frame=lambda message, etype: sse({"type": "error", "error": {"type": etype, "message": message}}, "error"),
    _completion=anthropic_message,
    _models=anthropic_models,
    _build_body=build_messages_body,
)

APIS = (OPENAI, ANTHROPIC)


def api_id(value: object) -> str | None:
    """Test ids for parameters that include an `Api`: its name."""
    return value.name if isinstance(value, Api) else None


def texts(events: list) -> str:
    return "".join(e.text for e in events if isinstance(e, Delta))


def assert_no_secret(err: RouterError, key: str) -> None:
    """Neither the key nor any 8-character piece of it in the error's message or metadata."""
    blob = err.message + repr(err.metadata)
    assert key not in blob
    for i in range(len(key) - 8):
        assert key[i : i + 8] not in blob, key[i : i + 8]
