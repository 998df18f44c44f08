"""OpenAI Chat Completions adapter (api.openai.com and every OpenAI-compatible provider).

Wire formats (OpenAI API reference, https://platform.openai.com/docs/api-reference/chat):

* ``POST {base_url}/chat/completions`` (base_url includes the version, e.g.
  ``https://api.openai.com/v1``), ``Authorization: Bearer <key>``;
* streaming: ``stream: true``, ``stream_options: {"include_usage": true}``; server-sent events
  ``data: <chat.completion.chunk>`` ... ``data: [DONE]``
  (https://platform.openai.com/docs/api-reference/chat-streaming);
* ``POST {base_url}/embeddings``, ``GET {base_url}/models``.

Rooms: `request` (the request body and headers), `mapper` (one chunk, or one unary body, to
domain events, with the per-stream state), `backend` (`OpenAIBackend`: the calls; its stream
runs the shared transport loop `service.backends.http.events.read_events`).
"""

from service.backends.openai.backend import OpenAIBackend

__all__ = ["OpenAIBackend"]
