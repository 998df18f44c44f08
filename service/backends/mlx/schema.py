"""`grammar_for(response_format)`: a request's response format as a validated llguidance grammar.

It needs no tokenizer and no mlx: MlxBackend calls it before anything reaches the engine, in
every worker, so an unsupported schema is INVALID_ARGUMENT naming
`generation.response_format.json_schema.schema`. Results are cached by schema text. Compiling a
grammar against a model's tokenizer, and decoding under it, is `constraints.py`'s part.
"""

from __future__ import annotations

import functools
import json
from typing import Any

from service.core.chat import ResponseFormat, ResponseFormatType
from service.core.errors import FieldViolation, InvalidArgument

SCHEMA_FIELD = "generation.response_format.json_schema.schema"

# How JSON is written under a constraint (llguidance JsonCompileOptions).
JSON_OPTIONS: dict[str, Any] = {"whitespace_flexible": False, "item_separator": ", ", "key_separator": ": "}

_GRAMMAR_CACHE = 256  # validated grammars kept by schema text (process-wide)


def bad_schema(description: str) -> InvalidArgument:
    """INVALID_ARGUMENT naming the schema field."""
    return InvalidArgument(
        f"invalid request: {SCHEMA_FIELD}: {description}",
        violations=[FieldViolation(SCHEMA_FIELD, description)],
    )


def llguidance_module() -> Any:
    import llguidance

    return llguidance


@functools.lru_cache(maxsize=_GRAMMAR_CACHE)
def _grammar_from_schema_text(schema_text: str) -> str:
    llg = llguidance_module()
    try:
        grammar: str = llg.LLMatcher.grammar_from_json_schema(schema_text, defaults=JSON_OPTIONS)
    except ValueError as exc:
        raise bad_schema(f"the JSON schema is not usable: {exc}") from exc
    error = llg.LLMatcher.validate_grammar(grammar)
    if error:
        first = error.strip().splitlines()[-1] if error.strip() else error
        raise bad_schema(f"local models cannot decode under this JSON schema: {first}")
    return grammar


def grammar_for(fmt: ResponseFormat | None) -> str | None:
    """The llguidance grammar of a response format (None for text). Raises InvalidArgument."""
    if fmt is None or fmt.type is ResponseFormatType.TEXT:
        return None
    if fmt.type is ResponseFormatType.JSON_OBJECT:
        schema: dict[str, Any] = {"type": "object"}
    else:
        if not fmt.schema:
            raise bad_schema("a JSON schema answer needs the schema")
        schema = fmt.schema
    try:
        text = json.dumps(
            schema, separators=(",", ":"), allow_nan=False
        )  # key order matters: properties come out in it
    except (TypeError, ValueError) as exc:
        raise bad_schema(f"the JSON schema is not JSON: {exc}") from exc
    return _grammar_from_schema_text(text)
