"""Pure validation of admin inputs: ids, URLs, model patterns, names.

Each function adds FieldViolations to a `Violations` collector under the given field path.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from service.core.errors import Violations

ID_RE = re.compile(r"^[a-z][a-z0-9-]{0,62}$")
MODEL_ID_MAX = 256
DISPLAY_NAME_MAX = 200
MAX_FALLBACKS = 8

# Control characters: C0 (NUL included), DEL and C1. No identifier, name, URL, filter, token or
# metadata string may hold one (they are stored, logged and compared); prose that is stored
# (a route's description) may hold tab and line breaks.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_PROSE_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def control_problem(value: str, *, prose: bool = False) -> str | None:
    """Why `value` cannot be stored or logged as it is (a control character), or None."""
    m = (_PROSE_CONTROL if prose else _CONTROL).search(value)
    if m is None:
        return None
    what = "tab or line breaks" if prose else "none"
    return f"must not contain control characters ({what} allowed); found U+{ord(m.group()):04X} at {m.start()}"


def check_id(v: Violations, path: str, value: str) -> None:
    if not ID_RE.fullmatch(value) or value.endswith("-"):
        v.add(path, "must be 1-63 lowercase letters, digits or '-', start with a letter and not end with '-'")


def slugify(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    if not slug or not slug[0].isalpha():
        slug = "p-" + slug if slug else "p"
    return slug[:63].rstrip("-")


def check_display_name(v: Violations, path: str, value: str, required: bool = True) -> None:
    if not value.strip():
        if required:
            v.add(path, "is required")
        return
    if len(value) > DISPLAY_NAME_MAX:
        v.add(path, f"must be at most {DISPLAY_NAME_MAX} characters")
    if any(ord(c) < 32 for c in value):
        v.add(path, "must not contain control characters")


def check_base_url(v: Violations, path: str, value: str) -> None:
    if len(value) > 2048:
        v.add(path, "must be at most 2048 characters")
        return
    try:
        parts = urlsplit(value)
    except ValueError:
        v.add(path, "is not a valid URL")
        return
    if parts.scheme not in ("http", "https"):
        v.add(path, "must be an http or https URL")
        return
    if not parts.hostname:
        v.add(path, "must name a host")
        return
    try:
        _ = parts.port
    except ValueError:
        v.add(path, "has an invalid port")
        return
    if parts.username or parts.password:
        v.add(path, "must not embed credentials; set api_key instead")
    if parts.query or parts.fragment:
        v.add(path, "must not have a query or fragment")
    if any(c.isspace() for c in value):
        v.add(path, "must not contain whitespace")


def check_model_id(v: Violations, path: str, value: str) -> None:
    if not value:
        v.add(path, "is required")
    elif len(value) > MODEL_ID_MAX:
        v.add(path, f"must be at most {MODEL_ID_MAX} characters")
    elif any(c.isspace() or ord(c) < 32 for c in value):
        v.add(path, "must not contain whitespace or control characters")


def pattern_problem(pattern: str) -> str | None:
    """Why a model pattern can never match a model name, or None when it is usable.

    Globs use fnmatch syntax: `*`, `?`, `[abc]`, `[a-z]`, `[!x]`.
    """
    if not pattern:
        return "is required"
    if len(pattern) > MODEL_ID_MAX:
        return f"must be at most {MODEL_ID_MAX} characters"
    if any(c.isspace() or ord(c) < 32 for c in pattern):
        return "must not contain whitespace (model names never do)"
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "]":
            return f"has an unmatched ']' at position {i}"
        if c == "[":
            j = i + 1
            negate = j < n and pattern[j] in "!^"
            if negate:
                j += 1
            start = j
            if j < n and pattern[j] == "]":
                j += 1  # a leading ']' is a literal member
            while j < n and pattern[j] != "]":
                j += 1
            if j >= n:
                return f"has an unclosed '[' at position {i}"
            body = pattern[start:j]
            if not body:
                return f"has an empty character class at position {i}"
            k = 0
            while k < len(body):
                if k + 2 < len(body) and body[k + 1] == "-":
                    if body[k] > body[k + 2]:
                        return f"has an empty range '{body[k]}-{body[k + 2]}' at position {i}"
                    k += 3
                else:
                    k += 1
            i = j + 1
            continue
        i += 1
    return None


def check_model_pattern(v: Violations, path: str, value: str) -> None:
    problem = pattern_problem(value)
    if problem:
        v.add(path, problem)
