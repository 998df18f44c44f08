"""Guards on what an upstream's JSON may contain, so that a hostile answer is a protocol error.

Each raises `ValueError` (the adapters report it as UPSTREAM_PROTOCOL_ERROR), never anything
that would surface as INTERNAL later, when the answer is turned into protobuf:

* `loads`: JSON nested too deeply for the parser (a JSON bomb) and lone UTF-16 surrogates
  (``"\\ud800"``: valid JSON, but no UTF-8 string) are refused;
* `count`: token counts must be non-negative integers that fit an int64;
* `index`: an upstream's tool-call or content-block index must be a small non-negative integer,
  and one answer opens at most `MAX_PARTS` of them.
"""

from __future__ import annotations

import json
from typing import Any

__all__ = ["MAX_PARTS", "count", "index", "loads"]

MAX_PARTS = 1024  # tool calls / content blocks of one answer
_INT64 = 1 << 63
_json_loads = json.loads
_json_dumps = json.dumps


def loads(data: str | bytes) -> Any:
    """`json.loads`, refusing JSON bombs and lone surrogates (as ValueError)."""
    try:
        obj = _json_loads(data)
    except RecursionError:
        raise ValueError("JSON nested too deeply") from None
    # Only text with a \uD800-\uDFFF escape can hold a lone surrogate: check just those.
    text = data.decode("latin-1") if isinstance(data, bytes) else data
    if "\\ud" in text or "\\uD" in text:
        try:
            _json_dumps(obj, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            raise ValueError("JSON text holds a lone UTF-16 surrogate (not valid Unicode)") from None
    return obj


def count(value: Any) -> int:
    """A token count: a non-negative integer below 2^63 (None and 0 are 0)."""
    if not value:
        return 0
    if value.__class__ is not int:
        integral = isinstance(value, float) and value.is_integer()
        if integral or (isinstance(value, str) and value.isdigit() and len(value) < 20):
            value = int(value)
        else:
            raise ValueError(f"a token count is {str(value)[:40]!r}, not an integer")
    if not 0 <= value < _INT64:
        raise ValueError(f"a token count of {value} is out of range")
    return int(value)


def index(value: Any, what: str = "tool call index") -> int:
    """An upstream's part index: an integer in [0, MAX_PARTS)."""
    if value.__class__ is not int or not 0 <= value < MAX_PARTS:
        raise ValueError(f"{what} {str(value)[:40]} is not an integer in [0, {MAX_PARTS})")
    return int(value)
