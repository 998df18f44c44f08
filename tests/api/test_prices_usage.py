"""Prices and costs through the real gRPC server: PriceService, each call's cost in the
request log, usage grouped by caller key, provider, model, route and period, unpriced
models reported as unpriced (never as free), and cost budgets."""

from __future__ import annotations

from datetime import UTC, datetime

import grpc
import pytest
from support.cloud_setup import add_provider, add_route, collect, stream_request
from support.fakes.openai_replies import openai_stream
from support.fakes.server import FakeUpstream
from support.harness import expect_error

from llmrouter.v1 import limit_pb2 as lp
from llmrouter.v1 import limit_service_pb2 as ls
from llmrouter.v1 import limit_service_pb2_grpc as ls_grpc
from llmrouter.v1 import price_pb2 as pp
from llmrouter.v1 import price_service_pb2 as ps
from llmrouter.v1 import price_service_pb2_grpc as ps_grpc
from llmrouter.v1 import request_log_service_pb2 as rl
from llmrouter.v1 import request_log_service_pb2_grpc as rl_grpc


@pytest.fixture
async def up():
    async with FakeUpstream.start() as fake:
        # prompt 12 (4 of them read from the cache), completion 3
        fake.route("/v1/chat/completions", lambda rec: openai_stream(["ok"], usage=(12, 3, 4)), method="POST")
        yield fake


@pytest.fixture
async def priced(server, up):
    await add_provider(server, "oai", up.openai_base_url)
    await add_route(server, "gpt", "gpt-*", ("oai", ""))
    prices = ps_grpc.PriceServiceStub(server.channel)
    await prices.CreatePrice(
        ps.CreatePriceRequest(
            price_id="oai-gpt-4o",
            price=pp.Price(
                provider="providers/oai",
                model="gpt-4o",
                input_micros_per_mtok=2_000_000,
                output_micros_per_mtok=8_000_000,
                cache_read_micros_per_mtok=500_000,
            ),
        )
    )
    return server


# 8 plain x 2.00 + 4 cached x 0.50 + 3 out x 8.00 per million = 42 micro-dollars = 42,000 nanos
COST_NANOS = 42_000


async def test_seeded_prices_and_crud(server):
    prices = ps_grpc.PriceServiceStub(server.channel)
    listed = (await prices.ListPrices(ps.ListPricesRequest(page_size=100))).prices
    gpt4o = next(p for p in listed if p.name == "prices/openai-gpt-4o")
    assert (gpt4o.provider, gpt4o.model, gpt4o.input_micros_per_mtok, gpt4o.output_micros_per_mtok) == (
        "providers/openai",
        "gpt-4o",
        2_500_000,
        10_000_000,
    )
    assert gpt4o.currency == "USD" and gpt4o.effective_time.seconds > 0
    bad = await expect_error(
        prices.CreatePrice(ps.CreatePriceRequest(price=pp.Price(provider="providers/oai", currency="usd"))),
        grpc.StatusCode.INVALID_ARGUMENT,
    )
    assert {"price.model", "price.currency"} <= set(bad.fields)
    await prices.DeletePrice(ps.DeletePriceRequest(name="prices/openai-gpt-4o"))
    await expect_error(prices.GetPrice(ps.GetPriceRequest(name="prices/openai-gpt-4o")), grpc.StatusCode.NOT_FOUND)


async def test_cost_in_the_log_and_unpriced_reported_apart(priced):
    await collect(priced.chat.StreamChat(stream_request("gpt-4o")))
    await collect(priced.chat.StreamChat(stream_request("gpt-unpriced")))
    logs = rl_grpc.RequestLogServiceStub(priced.channel)
    entries = {e.model: e for e in (await logs.ListRequestLogs(rl.ListRequestLogsRequest())).entries}
    assert entries["gpt-4o"].HasField("cost_nanos") and entries["gpt-4o"].cost_nanos == COST_NANOS
    assert entries["gpt-4o"].currency == "USD"
    assert not entries["gpt-unpriced"].HasField("cost_nanos") and entries["gpt-unpriced"].currency == ""

    totals = {t.model: t for t in (await logs.GetUsageSummary(rl.GetUsageSummaryRequest())).totals}
    assert (totals["gpt-4o"].cost_nanos, totals["gpt-4o"].currency, totals["gpt-4o"].unpriced_requests) == (
        COST_NANOS,
        "USD",
        0,
    )
    assert (totals["gpt-unpriced"].unpriced_requests, totals["gpt-unpriced"].currency) == (1, "")

    # By route and period: one total for today, the unpriced call counted apart, not as free.
    by = await logs.GetUsageSummary(
        rl.GetUsageSummaryRequest(
            group_by=[rl.USAGE_GROUP_ROUTE, rl.USAGE_GROUP_CALLER_KEY], period=rl.USAGE_PERIOD_DAY
        )
    )
    assert len(by.totals) == 1
    t = by.totals[0]
    today = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    assert t.route == "routes/gpt" and t.caller_key == "" and t.provider == "" and t.model == ""
    assert t.period_start.ToDatetime(tzinfo=UTC) == today
    assert (t.requests, t.cost_nanos, t.currency, t.unpriced_requests) == (2, COST_NANOS, "USD", 1)
    assert t.prompt_tokens == 24 and t.completion_tokens == 6

    await expect_error(
        logs.GetUsageSummary(rl.GetUsageSummaryRequest(group_by=[rl.USAGE_GROUP_UNSPECIFIED])),
        grpc.StatusCode.INVALID_ARGUMENT,
    )


async def test_cost_budget_refuses_once_spent(priced):
    limits = ls_grpc.LimitServiceStub(priced.channel)
    await limits.CreateLimit(
        ls.CreateLimitRequest(limit_id="budget", limit=lp.Limit(subject="*", cost_budget_micros=40))
    )
    await collect(priced.chat.StreamChat(stream_request("gpt-4o")))  # costs 42 micro-dollars
    await priced.server.components.router.limits.drain()  # the settlement runs in the background
    with pytest.raises(grpc.aio.AioRpcError) as got:
        await collect(priced.chat.StreamChat(stream_request("gpt-4o")))
    assert got.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
    assert "cost" in got.value.details() and "limits/budget" in got.value.details()
