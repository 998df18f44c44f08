"""Update masks (AIP-134), one meaning for every Update RPC.

- No mask, or a mask without paths: the updatable fields that are populated in the request's
  resource: a scalar that differs from its default, a message or `optional` field that is
  present, a list that is not empty. Fields that cannot be updated are ignored (a resource
  read with Get can be sent back as it is).
- `*`, alone: full replacement. Every updatable field takes the request's value; unset ones
  take their defaults.
- Otherwise the named fields, top-level names of the resource. A path that names no field of
  the resource, or a field that cannot be updated, is INVALID_ARGUMENT with a BadRequest
  violation on `update_mask.paths`.

The servicers turn the chosen fields into a typed patch (`service.core.admin`) with `pick`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from google.protobuf.field_mask_pb2 import FieldMask
from google.protobuf.message import Message

from service.core.admin import UNSET, Unset
from service.core.errors import FieldViolation, InvalidArgument

FULL_REPLACEMENT = "*"
T = TypeVar("T")


def populated(message: Message, name: str) -> bool:
    """Whether the request sets a field (proto3 presence: present, non-empty or not the default)."""
    field = message.DESCRIPTOR.fields_by_name[name]
    value = getattr(message, name)
    if field.is_repeated:
        return len(value) > 0
    if field.has_presence:
        return bool(message.HasField(name))
    return bool(value != field.default_value)


def _problem(path: str, message: Message, resource: str, updatable: Sequence[str]) -> str | None:
    if path in updatable:
        return None
    fields = message.DESCRIPTOR.fields_by_name
    if path == FULL_REPLACEMENT:
        return f"{FULL_REPLACEMENT!r} (full replacement) must be the only path"
    if path in fields:
        return f"{path!r} is not updatable on {resource}"
    head = path.split(".", 1)[0]
    if "." in path and head in updatable:
        return f"{path!r}: the mask names whole fields of {resource}; use {head!r}"
    return f"{path!r} is not a field of {resource}"


def update_paths(mask: FieldMask, message: Message, resource: str, updatable: Sequence[str]) -> frozenset[str]:
    """The fields of `message` that an Update request with `mask` changes (see the module doc).

    `resource` is the name of the request field that holds `message` (`provider`, ...);
    `updatable` are the fields of that message an update may change. An absent mask reads
    as an empty one.
    """
    paths = list(mask.paths)
    if not paths:
        return frozenset(f for f in updatable if populated(message, f))
    if paths == [FULL_REPLACEMENT]:
        return frozenset(updatable)
    problems = [(p, d) for p in dict.fromkeys(paths) if (d := _problem(p, message, resource, updatable)) is not None]
    if problems:
        raise InvalidArgument(
            f"update_mask names fields that cannot be updated: {', '.join(p for p, _ in problems)}; "
            f"updatable: {', '.join(updatable)}",
            violations=[FieldViolation("update_mask.paths", d) for _, d in problems],
        )
    return frozenset(paths)


def pick(paths: frozenset[str], name: str, value: T) -> T | Unset:
    """`value` when the update changes field `name`, else UNSET (the stored value stays)."""
    return value if name in paths else UNSET
