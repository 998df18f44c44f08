"""Anthropic Messages adapter (api.anthropic.com and Anthropic-compatible providers).

Wire formats (Anthropic API reference, Messages https://docs.anthropic.com/en/api/messages and
"Streaming Messages" https://docs.anthropic.com/en/docs/build-with-claude/streaming):

* ``POST {base_url}/v1/messages`` (base_url like ``https://api.anthropic.com``; one already
  ending in ``/v1`` is accepted), headers ``x-api-key`` and ``anthropic-version: 2023-06-01``;
* streaming: named server-sent events, ``message_start`` ... ``message_stop``;
* ``GET {base_url}/v1/models``.

Rooms: `request` (the request body and headers), with `content` (system, turns, parts,
reasoning and cache hints as content blocks), `thinking` (extended thinking: budgets and the
API's rules) and `answer` (structured output: native, or a forced answer tool); `mapper` (one
event, or one unary body, to domain events, with the per-stream state); `backend`
(`AnthropicBackend`: the calls; its stream runs the shared transport loop
`service.backends.http.events.read_events`).
"""

from service.backends.anthropic.backend import AnthropicBackend

__all__ = ["AnthropicBackend"]
