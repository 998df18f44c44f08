"""Stored Responses API responses (conversation state for `previous_response_id`): the record
and the port core owns. The SQL repository in `service.store.responses` implements it; the
REST bridge receives it from the composition root (the bridge never imports the store).

A record belongs to one owner (the client key that created it, "" without keys): every read
and delete names the owner, so a key never sees another key's responses.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol


@dataclass(frozen=True)
class StoredResponse:
    id: str
    owner: str
    create_time: datetime
    # The response object as it was returned (JSON).
    response: dict[str, Any]
    # This request's input items (GET /v1/responses/{id}/input_items).
    input_items: list[dict[str, Any]]
    # Every item of the conversation up to and including this response's output: what a
    # request with `previous_response_id` continues (instructions are not carried over).
    conversation: list[dict[str, Any]]


class ResponseStore(Protocol):
    async def save(self, record: StoredResponse) -> None: ...

    async def get(self, response_id: str, owner: str) -> StoredResponse | None: ...

    async def delete(self, response_id: str, owner: str) -> bool: ...

    async def prune(self, older_than: datetime) -> int:
        """Deletes the responses created before `older_than`; returns how many."""
        ...
