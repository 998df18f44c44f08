"""Content inputs beyond text: the media types accepted, `data:` URLs, and the size limits.

Every entrance (gRPC, and the REST bridge before it) reads images and documents through these,
so that a backend only ever sees bytes with an accepted media type, or an https URL.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass

IMAGE_MEDIA_TYPES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp"})
DOCUMENT_MEDIA_TYPES = frozenset({"application/pdf"})

MiB = 1024 * 1024


@dataclass(frozen=True)
class ContentLimits:
    """Largest inputs one request may carry, in bytes (decoded, for `data:` URLs).

    The defaults fit inside the gRPC server's 32 MiB message limit, so that a request within
    them is answered with a field path, never cut by the transport."""

    image_bytes: int = 20 * MiB  # one image
    document_bytes: int = 30 * MiB  # one document
    request_bytes: int = 30 * MiB  # all images and documents of a request together


class DataUrlError(ValueError):
    """A `data:` URL that is not `data:<media type>;base64,<data>`."""


def parse_data_url(url: str) -> tuple[str, bytes]:
    """(media type, bytes) of a base64 `data:` URL (RFC 2397); raises `DataUrlError`."""
    head, sep, payload = url.partition(",")
    if not sep or not head[:5].lower() == "data:":
        raise DataUrlError("must look like data:<media type>;base64,<data>")
    params = head[5:].split(";")
    media_type = params[0].strip().lower()
    if "base64" not in (p.strip().lower() for p in params[1:]):
        raise DataUrlError("only base64 data: URLs are accepted (data:<media type>;base64,<data>)")
    try:
        data = base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError):
        raise DataUrlError("the data after 'base64,' is not valid base64") from None
    return media_type, data


def data_url_size(url: str) -> int:
    """The decoded size of a base64 `data:` URL, without decoding it (for limits)."""
    payload = url.partition(",")[2]
    n = len(payload)
    return n * 3 // 4 - payload[-2:].count("=")


def data_url(media_type: str, data: bytes) -> str:
    """`data:<media type>;base64,<data>`."""
    return f"data:{media_type};base64,{base64.b64encode(data).decode('ascii')}"
