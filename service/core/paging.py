"""Listings in pages: which rows a caller asked for (offset and limit) and how many there are.

Page tokens and page-size bounds are the API's business (`service.api.pagination`); the
repositories take a `PageRequest` and answer a `Page` with the total count.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class PageRequest:
    """Rows `offset` to `offset + limit` of a listing in its defined order."""

    offset: int
    limit: int


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a listing and the number of rows the whole listing has."""

    items: tuple[T, ...]
    total: int
