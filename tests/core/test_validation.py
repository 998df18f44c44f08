"""Table-driven tests of the pure validators of admin inputs (service.core.validation)."""

from __future__ import annotations

import pytest

from service.core import validation as val
from service.core.errors import Violations


def problems(check, value, *args) -> list[tuple[str, str]]:
    v = Violations()
    check(v, "f", value, *args)
    return [(x.field, x.description) for x in v.items]


# ------------------------------------------------------------------ model patterns

PATTERNS_OK = [
    "gpt-4o",
    "gpt-*",
    "claude-3-?-*",
    "llama-[23]*",
    "m[a-c]x",
    "m[!x]y",
    "m[^x]y",
    "m[]]",  # a leading ']' is a literal member
    "m[!]]",
    "*",
    "meta-llama/Llama-3-8b",
    "a" * 256,
]
PATTERNS_BAD = [
    ("", "is required"),
    ("a" * 257, "must be at most 256 characters"),
    ("gpt 4", "must not contain whitespace (model names never do)"),
    ("gpt\t4", "must not contain whitespace (model names never do)"),
    ("gpt\x014", "must not contain whitespace (model names never do)"),
    ("gpt]", "has an unmatched ']' at position 3"),
    ("gpt-[4", "has an unclosed '[' at position 4"),
    ("gpt-[", "has an unclosed '[' at position 4"),
    ("gpt-[!", "has an unclosed '[' at position 4"),
    ("gpt-[]", "has an unclosed '[' at position 4"),  # the ']' is a member: the class never closes
    ("gpt-[!]", "has an unclosed '[' at position 4"),
    ("gpt-[z-a]", "has an empty range 'z-a' at position 4"),
    ("x[ab][9-0]", "has an empty range '9-0' at position 5"),
]


@pytest.mark.parametrize("pattern", PATTERNS_OK)
def test_usable_patterns_pass(pattern):
    assert val.pattern_problem(pattern) is None
    assert problems(val.check_model_pattern, pattern) == []


@pytest.mark.parametrize(("pattern", "problem"), PATTERNS_BAD)
def test_unusable_patterns_say_why(pattern, problem):
    assert val.pattern_problem(pattern) == problem
    assert problems(val.check_model_pattern, pattern) == [("f", problem)]


# ------------------------------------------------------------------ ids

ID_RULE = "must be 1-63 lowercase letters, digits or '-', start with a letter and not end with '-'"


@pytest.mark.parametrize("value", ["a", "groq", "groq-eu-2", "a" + "b" * 62, "x1"])
def test_valid_ids(value):
    assert problems(val.check_id, value) == []


@pytest.mark.parametrize(
    "value", ["", "Bad_ID", "1abc", "-abc", "abc-", "a" * 64, "ab c", "ab.c", "über", "abc\n", "ABC"]
)
def test_invalid_ids(value):
    assert problems(val.check_id, value) == [("f", ID_RULE)]


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Together Prod", "together-prod"),
        ("My VLLM!", "my-vllm"),
        ("  spaced  ", "spaced"),
        ("Groq (team)", "groq-team"),
        ("42 things", "p-42-things"),
        ("!!!", "p"),
        ("", "p"),
        ("meta-llama/Llama-3.1-8B", "meta-llama-llama-3-1-8b"),
        ("a" * 62 + " b", "a" * 62),  # cut at 63 characters, no trailing '-'
    ],
)
def test_slugify_gives_valid_ids(text, slug):
    assert val.slugify(text) == slug
    assert problems(val.check_id, slug) == []


# ------------------------------------------------------------------ base URLs


@pytest.mark.parametrize(
    "url",
    [
        "https://api.openai.com/v1",
        "http://127.0.0.1:8000/v1",
        "http://[::1]:9/v1",
        "https://x.example",
        "http://localhost/",
    ],
)
def test_valid_base_urls(url):
    assert problems(val.check_base_url, url) == []


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("", "must be an http or https URL"),
        ("ftp://x.example", "must be an http or https URL"),
        ("gopher://x", "must be an http or https URL"),
        ("x.example/v1", "must be an http or https URL"),
        ("http://", "must name a host"),
        ("https://:443/v1", "must name a host"),
        ("http://x.example:99999/v1", "has an invalid port"),
        ("http://x.example:port/v1", "has an invalid port"),
        ("https://u:pw@x.example", "must not embed credentials; set api_key instead"),
        ("https://token@x.example", "must not embed credentials; set api_key instead"),
        ("https://x.example/v1?key=1", "must not have a query or fragment"),
        ("https://x.example/v1#top", "must not have a query or fragment"),
        ("https://x.example/v 1", "must not contain whitespace"),
        ("http://[::1/v1", "is not a valid URL"),
        ("https://x.example/" + "a" * 2048, "must be at most 2048 characters"),
    ],
)
def test_invalid_base_urls(url, problem):
    assert problems(val.check_base_url, url) == [("f", problem)]


# ------------------------------------------------------------------ display names and model ids


@pytest.mark.parametrize(
    ("value", "required", "found"),
    [
        ("Groq", True, []),
        ("Qwen (DashScope) — intl", True, []),
        ("x" * 200, True, []),
        ("", True, [("f", "is required")]),
        ("   ", True, [("f", "is required")]),
        ("", False, []),
        ("   ", False, []),
        ("x" * 201, True, [("f", "must be at most 200 characters")]),
        ("x" * 201, False, [("f", "must be at most 200 characters")]),
        ("tab\there", True, [("f", "must not contain control characters")]),
        ("new\nline", False, [("f", "must not contain control characters")]),
        ("\x00" * 201, True, [("f", "must be at most 200 characters"), ("f", "must not contain control characters")]),
    ],
)
def test_display_names(value, required, found):
    assert problems(val.check_display_name, value, required) == found


@pytest.mark.parametrize(
    ("value", "found"),
    [
        ("gpt-4o-mini", []),
        ("accounts/fireworks/models/llama", []),
        ("m" * 256, []),
        ("", [("f", "is required")]),
        ("m" * 257, [("f", "must be at most 256 characters")]),
        ("gpt 4", [("f", "must not contain whitespace or control characters")]),
        ("gpt\x1b", [("f", "must not contain whitespace or control characters")]),
    ],
)
def test_model_ids(value, found):
    assert problems(val.check_model_id, value) == found
