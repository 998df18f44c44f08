"""Reading a `google.protobuf.Timestamp` from a request: the range the type defines
(0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z) and nanos in [0, 999999999], else
INVALID_ARGUMENT naming the field. Every servicer reads incoming timestamps through here, so
no out-of-range value reaches `ToDatetime` (which raises) or the database."""

from __future__ import annotations

from datetime import UTC, datetime

from google.protobuf.message import Message
from google.protobuf.timestamp_pb2 import Timestamp

from service.core.errors import FieldViolation, InvalidArgument

MIN_SECONDS = -62135596800
MAX_SECONDS = 253402300799


def to_datetime(ts: Timestamp, field: str) -> datetime:
    """The timestamp as an aware UTC datetime, or INVALID_ARGUMENT naming `field`."""
    if not MIN_SECONDS <= ts.seconds <= MAX_SECONDS or not 0 <= ts.nanos <= 999_999_999:
        raise InvalidArgument(
            f"invalid request: {field}: outside 0001-01-01 to 9999-12-31 or nanos outside [0, 999999999]",
            violations=[
                FieldViolation(field, "must be a valid timestamp (0001-01-01 to 9999-12-31, nanos 0-999999999)")
            ],
        )
    return ts.ToDatetime(tzinfo=UTC)


def optional(msg: Message, name: str, field: str) -> datetime | None:
    """`msg.name` as a datetime when it is set, else None; `field` is its path in the request."""
    if not msg.HasField(name):
        return None
    return to_datetime(getattr(msg, name), field)
