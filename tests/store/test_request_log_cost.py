"""The request log keeps each call's cost: NULL for unpriced calls (never 0), and entries
spooled by the previous version (without cost fields) still replay."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from service.core.request_log import RequestLogEntry
from service.store.request_log import decode, encode, row_values


def entry(**kw) -> RequestLogEntry:
    base = dict(
        create_time=datetime(2026, 12, 2, 7, 0, tzinfo=UTC),
        request_id="r1",
        caller_key_id="k1",
        method="StreamChat",
        requested_model="gpt-4o",
        route="gpt",
        provider="oai",
        model="gpt-4o",
        attempts=1,
        fallback_index=0,
        prompt_tokens=12,
        completion_tokens=3,
        cached_prompt_tokens=4,
        ttft_ms=5,
        duration_ms=9,
        status="OK",
    )
    base.update(kw)
    return RequestLogEntry(**base)


def test_cost_round_trips_through_the_spool():
    priced = entry(cost_nanos=42_000, currency="USD")
    assert decode(encode(priced)) == priced
    unpriced = entry()
    assert decode(encode(unpriced)).cost_nanos is None
    assert row_values("uid", unpriced)["cost_nanos"] is None  # unpriced stays NULL, not 0
    assert row_values("uid", priced)["cost_nanos"] == 42_000


def test_an_entry_spooled_before_costs_existed_still_decodes():
    old = json.loads(encode(entry()))[:-2]  # the fields of the previous version
    got = decode(json.dumps(old))
    assert got.request_id == "r1" and got.cost_nanos is None and got.currency == ""
