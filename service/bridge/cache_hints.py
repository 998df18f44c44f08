"""Prompt-caching hints as the Anthropic Messages API writes them (``cache_control``,
https://docs.anthropic.com/en/docs/build-with-claude/prompt-caching): ``{"type": "ephemeral"}``
with an optional ``ttl`` of ``"5m"`` or ``"1h"``. Both bridges read them: Anthropic's
/v1/messages on blocks, system text and tools; /v1/chat/completions on content parts and
tools, the convention LiteLLM uses for Claude behind the OpenAI API."""

from __future__ import annotations

from google.protobuf import duration_pb2

from llmrouter.v1 import chat_pb2
from service.bridge.common import as_dict
from service.bridge.errors import bad_request

_TTL = {"5m": 300, "1h": 3600}


def cache_control(obj: dict, param: str) -> chat_pb2.CacheControl | None:
    """The contract's cache hint for a block's ``cache_control`` (None when absent)."""
    value = obj.get("cache_control")
    if value is None:
        return None
    cc = as_dict(value, param)
    if cc.get("type") != "ephemeral":
        raise bad_request(f"{param}.type", "must be 'ephemeral'")
    out = chat_pb2.CacheControl(type=chat_pb2.CACHE_TYPE_EPHEMERAL)
    ttl = cc.get("ttl")
    if ttl is not None:
        if ttl not in _TTL:
            raise bad_request(f"{param}.ttl", "must be '5m' or '1h'")
        out.ttl.CopyFrom(duration_pb2.Duration(seconds=_TTL[ttl]))
    return out
