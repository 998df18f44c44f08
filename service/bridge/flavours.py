"""What differs between the OpenAI and the Anthropic endpoints: request parsing, the stream
encoder, the unary body and the error shapes."""

from __future__ import annotations

from service.bridge import anthropic_format as af
from service.bridge import completions as cf
from service.bridge import openai_format as of
from service.bridge.errors import BridgeError
from service.bridge.responses import format as rf
from service.bridge.responses import request as rr


class Flavour:
    """What differs between the OpenAI and the Anthropic endpoints."""

    openai = True

    @staticmethod
    def error_body(e: BridgeError) -> dict:
        return e.openai_body()

    @staticmethod
    def parse(doc: dict, request_id: str):
        return of.chat_request(doc, request_id)

    @staticmethod
    def encoder(request_id: str, opts):
        return of.ChatStream(request_id, opts.model, opts.include_usage)

    @staticmethod
    def unary_body(resp, request_id: str, opts) -> dict:
        return of.completion_body(resp, request_id, opts.model)

    @staticmethod
    def stream_error(body: dict) -> bytes:
        return of.ChatStream.error(body)


class AnthropicFlavour(Flavour):
    openai = False

    @staticmethod
    def error_body(e: BridgeError) -> dict:
        return e.anthropic_body()

    @staticmethod
    def parse(doc: dict, request_id: str):
        return af.messages_request(doc, request_id)

    @staticmethod
    def encoder(request_id: str, opts):
        return af.MessageStream(request_id, opts)

    @staticmethod
    def unary_body(resp, request_id: str, opts) -> dict:
        return af.message_body(resp, request_id, opts)

    @staticmethod
    def stream_error(body: dict) -> bytes:
        return af.MessageStream.error(body)


class ResponsesFlavour(Flavour):
    """The OpenAI Responses API: OpenAI error bodies, its own request, answer and events."""

    @staticmethod
    def parse(doc: dict, request_id: str):
        return rr.responses_request(doc, request_id)

    @staticmethod
    def encoder(request_id: str, opts):
        return rf.ResponsesStream(opts.resp_id, opts)

    @staticmethod
    def unary_body(resp, request_id: str, opts) -> dict:
        return rf.response_body(resp, opts.resp_id, opts)

    @staticmethod
    def stream_error(body: dict) -> bytes:
        return rf.ResponsesStream.stream_error(body)


class CompletionsFlavour(Flavour):
    """The legacy OpenAI Completions API: a raw prompt, `text_completion` answers."""

    @staticmethod
    def parse(doc: dict, request_id: str):
        return cf.completion_request(doc, request_id)

    @staticmethod
    def encoder(request_id: str, opts):
        return cf.CompletionStream(request_id, opts)

    @staticmethod
    def unary_body(resp, request_id: str, opts) -> dict:
        return cf.completion_body(resp, request_id, opts)


OPENAI = Flavour()
COMPLETIONS = CompletionsFlavour()
RESPONSES = ResponsesFlavour()
ANTHROPIC = AnthropicFlavour()
