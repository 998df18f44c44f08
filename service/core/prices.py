"""Prices of provider models and the cost of a call.

A `Price` (`prices/{price}`) holds what one provider charges for one model (the name sent
upstream, as `ServedBy.model` reports it), per million tokens, in millionths of its currency:
input, output, cache read and cache write (unset: the input price), in force from its
`effective_time`. The price of a call is the newest one in force when it was made. A model
without one is *unpriced*: its cost is None, never 0.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from service.core.chat import Usage
from service.core.errors import Violations
from service.core.paging import Page, PageRequest


@dataclass(frozen=True)
class Price:
    id: str
    provider: str  # provider id
    model: str  # the model name sent upstream
    input_micros_per_mtok: int = 0
    output_micros_per_mtok: int = 0
    cache_read_micros_per_mtok: int | None = None  # None: the input price
    cache_write_micros_per_mtok: int | None = None  # None: the input price
    currency: str = "USD"
    effective_time: datetime | None = None  # None: always
    source: str = ""
    create_time: datetime | None = None
    update_time: datetime | None = None
    etag: str = ""


@dataclass(frozen=True)
class Cost:
    nanos: int  # billionths of `currency`
    currency: str

    @property
    def micros(self) -> int:
        """Millionths, rounded up (what budgets count)."""
        return -(-self.nanos // 1000)


def cost_of(price: Price, usage: Usage) -> Cost:
    """The cost of `usage` at `price`: prompt tokens read from or written to the cache at
    their prices (when set), the rest of the prompt at the input price, completion tokens
    (reasoning included) at the output price."""
    cached = max(0, usage.cached_prompt_tokens)
    written = max(0, usage.cache_write_tokens)
    plain = max(0, usage.prompt_tokens - cached - written)
    read_p = (
        price.input_micros_per_mtok if price.cache_read_micros_per_mtok is None else price.cache_read_micros_per_mtok
    )
    write_p = (
        price.input_micros_per_mtok if price.cache_write_micros_per_mtok is None else price.cache_write_micros_per_mtok
    )
    total = (
        plain * price.input_micros_per_mtok
        + cached * read_p
        + written * write_p
        + max(0, usage.completion_tokens) * price.output_micros_per_mtok
    )
    # micros per million tokens x tokens = millionths x 1e-6 = nanos x 1e-3
    return Cost(-(-total // 1000), price.currency)


def index_prices(prices: Sequence[Price]) -> dict[tuple[str, str], tuple[Price, ...]]:
    """Prices by (provider, model), newest effective time first."""
    by: dict[tuple[str, str], list[Price]] = {}
    for p in prices:
        by.setdefault((p.provider, p.model), []).append(p)
    return {
        k: tuple(
            sorted(v, key=lambda p: p.effective_time.timestamp() if p.effective_time else float("-inf"), reverse=True)
        )
        for k, v in by.items()
    }


def price_in_force(
    by: Mapping[tuple[str, str], tuple[Price, ...]], provider: str, model: str, at: datetime
) -> Price | None:
    for p in by.get((provider, model), ()):
        if p.effective_time is None or p.effective_time <= at:
            return p
    return None


PRICE_FIELDS = (
    "provider",
    "model",
    "input_micros_per_mtok",
    "output_micros_per_mtok",
    "cache_read_micros_per_mtok",
    "cache_write_micros_per_mtok",
    "currency",
    "effective_time",
    "source",
)
_ID_RE = re.compile(r"[a-z][a-z0-9-]{0,62}")
_CURRENCY_RE = re.compile(r"[A-Z]{3}")


def check_price(p: Price, prefix: str = "price") -> None:
    v = Violations()
    if p.id and not _ID_RE.fullmatch(p.id):
        v.add("price_id", "must be lowercase letters, digits and '-', starting with a letter, at most 63 characters")
    if not p.provider:
        v.add(f"{prefix}.provider", "is required: providers/{provider}")
    if not p.model:
        v.add(f"{prefix}.model", "is required: the model name sent upstream")
    elif len(p.model) > 256:
        v.add(f"{prefix}.model", "at most 256 characters")
    for name in PRICE_FIELDS[2:6]:
        value = getattr(p, name)
        if value is not None and not 0 <= value <= 10**12:
            v.add(f"{prefix}.{name}", "must be between 0 and 10^12")
    if not _CURRENCY_RE.fullmatch(p.currency):
        v.add(f"{prefix}.currency", "must be an ISO 4217 code such as USD")
    if len(p.source) > 1000:
        v.add(f"{prefix}.source", "at most 1000 characters")
    v.raise_if_any()


class PriceRepository(Protocol):
    async def get(self, price_id: str) -> Price: ...

    async def list(self, page: PageRequest) -> Page[Price]: ...

    async def create(self, price_id: str, p: Price) -> Price: ...

    async def update(self, price_id: str, changes: Mapping[str, object], etag: str) -> Price: ...

    async def delete(self, price_id: str, etag: str) -> None: ...
