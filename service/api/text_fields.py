"""Control characters in request strings: one check over every request message, by field class.

Every string field of every request (nested messages, repeated fields and maps included) is
an identifier, name, URL, filter, token or metadata string unless listed below: those may
hold no control character (C0 with NUL, DEL, C1), since they are stored, logged, compared or
sent as headers. A field the table does not know is checked strictly, so a new RPC or field is
covered without a change here. The interceptor runs the check before any servicer sees the
request (INVALID_ARGUMENT naming each field).

Exempt: prompt content (sent to the model, never stored: message text, image and document
URLs, tool arguments and descriptions, stop sequences, embedding inputs, a legacy completion's
prompt, JSON schemas as Struct). Prose that is stored (a route's description) and PEM text (a
provider's CA certificates, client certificate and key) may hold tab and line breaks only.
"""

from __future__ import annotations

import re
from typing import Any

from google.protobuf.descriptor import FieldDescriptor
from google.protobuf.message import Message

from service.core.errors import Violations
from service.core.validation import control_problem

_V1 = "llmrouter.v1."

# (message full name, field name) of prompt content: not checked.
_TEXT = frozenset(
    (_V1 + m, f)
    for m, f in (
        ("Message", "content"),
        ("ToolCall", "arguments"),
        ("ContentPart", "text"),
        ("DocumentPart", "title"),
        # data: URLs of up to tens of MB: content, not scanned on the chat path
        ("ImagePart", "url"),
        ("DocumentPart", "url"),
        ("ReasoningBlock", "text"),
        ("ReasoningBlock", "signature"),
        ("ReasoningBlock", "redacted_data"),
        ("GenerationConfig", "stop"),
        ("JsonSchemaFormat", "description"),
        ("Tool", "description"),
        ("EmbedRequest", "inputs"),
        # a legacy completion's raw prompt (/v1/completions)
        ("StreamChatRequest", "prompt"),
        ("ChatRequest", "prompt"),
    )
)
# Stored prose and PEM text: tab and line breaks allowed.
_PROSE = frozenset(
    {
        _V1 + "Route.description",
        _V1 + "Provider.tls_ca_certificates",
        _V1 + "Provider.tls_client_certificate",
        _V1 + "Provider.tls_client_key",
    }
)
# Messages whose strings are all content (JSON schemas, tool parameters).
_SKIP_MESSAGES = frozenset({"google.protobuf.Struct", "google.protobuf.Value", "google.protobuf.ListValue"})

MAX_REPORTED = 20


def check_request_text(request: Message) -> None:
    """Raise InvalidArgument naming every string field of `request` that holds a control character."""
    v = Violations()
    _walk(request, "", v)
    if v:
        del v.items[MAX_REPORTED:]
        v.raise_if_any()


def _check(v: Violations, path: str, value: str, prose: bool) -> None:
    problem = control_problem(value, prose=prose)
    if problem is not None:
        v.add(path, problem)


def _walk(msg: Message, path: str, v: Violations) -> None:
    desc = msg.DESCRIPTOR
    if desc.full_name in _SKIP_MESSAGES:
        return
    for field, value in msg.ListFields():
        name = f"{path}.{field.name}" if path else field.name
        if field.type == FieldDescriptor.TYPE_STRING:
            if (desc.full_name, field.name) in _TEXT:
                continue
            prose = f"{desc.full_name}.{field.name}" in _PROSE
            if field.is_repeated:
                for i, s in enumerate(value):
                    _check(v, f"{name}[{i}]", s, prose)
            else:
                _check(v, name, value, prose)
        elif field.type == FieldDescriptor.TYPE_MESSAGE:
            entry = field.message_type
            if entry.GetOptions().map_entry:
                _walk_map(entry, value, name, v)
            elif field.is_repeated:
                for i, m in enumerate(value):
                    _walk(m, f"{name}[{i}]", v)
            else:
                _walk(value, name, v)
        if len(v.items) > MAX_REPORTED:
            return


_KEY_PATH = re.compile(r"[A-Za-z0-9_-]{1,64}")


def _walk_map(entry: Any, value: Any, name: str, v: Violations) -> None:
    """A bad key is reported under the map field's own name; a bad value as `map.key` when the
    key is a plain token (else under the map field's name too)."""
    key_f = entry.fields_by_name["key"]
    value_f = entry.fields_by_name["value"]
    for k, item in value.items():
        if key_f.type == FieldDescriptor.TYPE_STRING and (problem := control_problem(k)) is not None:
            v.add(name, f"keys {problem}")
        elif value_f.type == FieldDescriptor.TYPE_STRING and (problem := control_problem(item)) is not None:
            if isinstance(k, str) and _KEY_PATH.fullmatch(k):
                v.add(f"{name}.{k}", problem)
            else:
                v.add(name, f"the value of key {k!r} {problem}")
        elif value_f.type == FieldDescriptor.TYPE_MESSAGE:
            _walk(item, f"{name}[{k!r}]", v)
