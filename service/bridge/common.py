"""Shared request-reading helpers: JSON parsing and typed field access that names the field.

Every helper raises `BridgeError` (400) naming the offending field, so no request input can
reach the protobuf layer with a value it would reject with an exception (ints beyond int32,
floats beyond float32, lone surrogates, JSON nested deeper than protobuf decodes).
"""

from __future__ import annotations

import base64
import binascii
import json
import math
from typing import Any

from google.protobuf import struct_pb2

from service.bridge.errors import BridgeError, bad_request
from service.core.content import DataUrlError, parse_data_url

INT32_MAX = 2**31 - 1
INT64_MAX = 2**63 - 1
FLOAT32_MAX = 3.4028234663852886e38
# JSON objects nest two protobuf levels per level in a Struct; upb decodes 100 levels.
MAX_SCHEMA_DEPTH = 32


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def parse_json_object(body: bytes) -> dict[str, Any]:
    if not body:
        raise bad_request(None, "the request body is empty; send a JSON object")
    try:
        doc = json.loads(body, parse_constant=_no_constants)
    except RecursionError:
        raise bad_request(None, "the JSON body is nested too deeply") from None
    except (ValueError, UnicodeDecodeError) as exc:
        detail = str(exc)
        if len(detail) > 200:
            detail = detail[:200] + "..."
        raise BridgeError(400, f"invalid JSON body: {detail}", code="invalid_json") from None
    if not isinstance(doc, dict):
        raise bad_request(None, "the JSON body must be an object")
    return doc


def type_name(v: Any) -> str:
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "a boolean"
    if isinstance(v, (int, float)):
        return "a number"
    if isinstance(v, str):
        return "a string"
    if isinstance(v, list):
        return "an array"
    if isinstance(v, dict):
        return "an object"
    return type(v).__name__


def valid_text(value: str, param: str) -> str:
    """A string that encodes as UTF-8 (JSON allows lone surrogate escapes; protobuf does not)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise bad_request(param, "must be valid Unicode text (a lone surrogate escape was found)") from None
    return value


def req_str(obj: dict, key: str, param: str, *, allow_empty: bool = True) -> str:
    v = obj.get(key)
    if not isinstance(v, str):
        raise bad_request(param, "is required" if v is None else f"must be a string, not {type_name(v)}")
    if not allow_empty and not v:
        raise bad_request(param, "must not be empty")
    return valid_text(v, param)


def opt_str(obj: dict, key: str, param: str) -> str | None:
    v = obj.get(key)
    if v is None:
        return None
    if not isinstance(v, str):
        raise bad_request(param, f"must be a string, not {type_name(v)}")
    return valid_text(v, param)


def opt_bool(obj: dict, key: str, param: str) -> bool | None:
    v = obj.get(key)
    if v is None:
        return None
    if not isinstance(v, bool):
        raise bad_request(param, f"must be a boolean, not {type_name(v)}")
    return v


def opt_int(obj: dict, key: str, param: str, lo: int, hi: int) -> int | None:
    v = obj.get(key)
    if v is None:
        return None
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    if isinstance(v, bool) or not isinstance(v, int):
        raise bad_request(param, f"must be an integer, not {type_name(v)}")
    if not lo <= v <= hi:
        raise bad_request(param, f"must be between {lo} and {hi}")
    return v


def opt_float(obj: dict, key: str, param: str, lo: float, hi: float) -> float | None:
    v = obj.get(key)
    if v is None:
        return None
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise bad_request(param, f"must be a number, not {type_name(v)}")
    try:
        f = float(v)
    except OverflowError:
        f = math.inf
    if not (math.isfinite(f) and lo <= f <= hi):
        raise bad_request(param, f"must be between {lo:g} and {hi:g}")
    return f


def opt_dict(obj: dict, key: str, param: str) -> dict | None:
    v = obj.get(key)
    if v is None:
        return None
    if not isinstance(v, dict):
        raise bad_request(param, f"must be an object, not {type_name(v)}")
    return v


def opt_list(obj: dict, key: str, param: str) -> list | None:
    v = obj.get(key)
    if v is None:
        return None
    if not isinstance(v, list):
        raise bad_request(param, f"must be an array, not {type_name(v)}")
    return v


def as_dict(v: Any, param: str) -> dict:
    if not isinstance(v, dict):
        raise bad_request(param, f"must be an object, not {type_name(v)}")
    return v


def string_map(v: Any, param: str) -> dict[str, str]:
    d = as_dict(v, param)
    out: dict[str, str] = {}
    for k, val in d.items():
        valid_text(k, param)
        if not isinstance(val, str):
            raise bad_request(f"{param}.{k}", f"must be a string, not {type_name(val)}")
        out[k] = valid_text(val, f"{param}.{k}")
    return out


def _check_json_value(v: Any, param: str, depth: int) -> None:
    if depth > MAX_SCHEMA_DEPTH:
        raise bad_request(param, f"is nested more than {MAX_SCHEMA_DEPTH} levels deep")
    if isinstance(v, dict):
        for k, x in v.items():
            valid_text(k, param)
            _check_json_value(x, param, depth + 1)
    elif isinstance(v, list):
        for x in v:
            _check_json_value(x, param, depth + 1)
    elif isinstance(v, str):
        valid_text(v, param)


def to_struct(v: Any, param: str) -> struct_pb2.Struct:
    d = as_dict(v, param)
    _check_json_value(d, param, 1)
    s = struct_pb2.Struct()
    try:
        s.update(d)
    except (ValueError, TypeError, OverflowError):
        raise bad_request(param, "is not a JSON object protobuf can represent") from None
    return s


def base64_data(value: str, param: str, accepted: frozenset[str], *, default: str) -> tuple[str, bytes]:
    """(media type, bytes) of a base64 ``data:`` URL, or of bare base64 (then `default`)."""
    if value[:5].lower() == "data:":
        try:
            media_type, data = parse_data_url(value)
        except DataUrlError as exc:
            raise bad_request(param, str(exc)) from None
        if media_type not in accepted:
            raise bad_request(param, f"the media type must be {' or '.join(sorted(accepted))}, not {media_type[:64]!r}")
        return media_type, data
    try:
        return default, base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise bad_request(param, "must be base64 data or a data: URL") from None
