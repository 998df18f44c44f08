"""AIP-158 pagination: page sizes and opaque page tokens, turned into a `PageRequest`.

A token is the offset of the next row, tagged with the listing it belongs to (base64url
JSON, unpadded): a token from another listing, one longer than `MAX_TOKEN_CHARS`, or one
whose offset is not an integer in [0, `MAX_OFFSET`] is INVALID_ARGUMENT (never a database
error: a forged offset of 2**63 would overflow the SQL integer).
"""

from __future__ import annotations

import base64
import json

from service.core.errors import FieldViolation, InvalidArgument
from service.core.paging import PageRequest

MAX_PAGE_SIZE = 1000
DEFAULT_PAGE_SIZE = 100
MAX_TOKEN_CHARS = 256
MAX_OFFSET = 2**31 - 1


def parse_page(page_size: int, page_token: str, kind: str) -> PageRequest:
    """The rows a list request asks for: page_size 0 is the default, larger ones are capped."""
    if page_size < 0:
        raise InvalidArgument(
            "page_size must not be negative", violations=[FieldViolation("page_size", "must be >= 0")]
        )
    limit = DEFAULT_PAGE_SIZE if page_size == 0 else min(page_size, MAX_PAGE_SIZE)
    if not page_token:
        return PageRequest(0, limit)
    try:
        if len(page_token) > MAX_TOKEN_CHARS or not page_token.isascii():
            raise ValueError
        data = json.loads(base64.urlsafe_b64decode(page_token.encode() + b"=" * (-len(page_token) % 4)))
        offset = data["o"]
        if data["k"] != kind or type(offset) is not int or not 0 <= offset <= MAX_OFFSET:
            raise ValueError
        return PageRequest(offset, limit)
    except (ValueError, KeyError, TypeError, RecursionError):
        raise InvalidArgument(
            "page_token is not a token from a previous response of this list",
            violations=[FieldViolation("page_token", "not a token from a previous response of this list")],
        ) from None


def next_token(page: PageRequest, returned: int, total: int, kind: str) -> str:
    """The token of the page after `returned` rows from `page`; "" when the listing is done."""
    end = page.offset + returned
    if end >= total:
        return ""
    raw = json.dumps({"k": kind, "o": end}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")
