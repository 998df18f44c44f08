"""PriceService: what providers charge per model (`prices/{price}`)."""

from __future__ import annotations

import re

import grpc

from llmrouter.v1 import price_pb2
from llmrouter.v1 import price_service_pb2 as pb
from llmrouter.v1 import price_service_pb2_grpc as pb_grpc
from service.api import fieldmask, timestamps
from service.api.convert import parse_name, provider_id, timestamp
from service.api.pagination import next_token, parse_page
from service.core.prices import PRICE_FIELDS, Price, PriceRepository

PRICE_NAME = re.compile(r"^prices/([a-z][a-z0-9-]{0,62})$")


def price_id(value: str, field: str = "name") -> str:
    return parse_name(PRICE_NAME, value, field, "prices/{price}")[0]


def price_pb(p: Price) -> price_pb2.Price:
    return price_pb2.Price(
        name=f"prices/{p.id}",
        provider=f"providers/{p.provider}",
        model=p.model,
        input_micros_per_mtok=p.input_micros_per_mtok,
        output_micros_per_mtok=p.output_micros_per_mtok,
        cache_read_micros_per_mtok=p.cache_read_micros_per_mtok,
        cache_write_micros_per_mtok=p.cache_write_micros_per_mtok,
        currency=p.currency,
        effective_time=timestamp(p.effective_time),
        source=p.source,
        create_time=timestamp(p.create_time),
        update_time=timestamp(p.update_time),
        etag=p.etag,
    )


def _value(m: price_pb2.Price, name: str) -> object:
    if name == "provider":
        return provider_id(m.provider, "price.provider") if m.provider else ""
    if name in ("cache_read_micros_per_mtok", "cache_write_micros_per_mtok"):
        return getattr(m, name) if m.HasField(name) else None
    if name == "effective_time":
        return timestamps.optional(m, "effective_time", "price.effective_time")
    if name == "currency":
        return m.currency or "USD"
    return getattr(m, name)


def price_input(m: price_pb2.Price) -> Price:
    return Price(id="", **{name: _value(m, name) for name in PRICE_FIELDS})  # type: ignore[arg-type]


class PriceServicer(pb_grpc.PriceServiceServicer):
    def __init__(self, store: PriceRepository) -> None:
        self.store = store

    async def CreatePrice(
        self, request: pb.CreatePriceRequest, context: grpc.aio.ServicerContext
    ) -> pb.CreatePriceResponse:
        created = await self.store.create(request.price_id, price_input(request.price))
        return pb.CreatePriceResponse(price=price_pb(created))

    async def GetPrice(self, request: pb.GetPriceRequest, context: grpc.aio.ServicerContext) -> pb.GetPriceResponse:
        return pb.GetPriceResponse(price=price_pb(await self.store.get(price_id(request.name))))

    async def ListPrices(
        self, request: pb.ListPricesRequest, context: grpc.aio.ServicerContext
    ) -> pb.ListPricesResponse:
        page = parse_page(request.page_size, request.page_token, "prices")
        found = await self.store.list(page)
        return pb.ListPricesResponse(
            prices=[price_pb(x) for x in found.items],
            next_page_token=next_token(page, len(found.items), found.total, "prices"),
        )

    async def UpdatePrice(
        self, request: pb.UpdatePriceRequest, context: grpc.aio.ServicerContext
    ) -> pb.UpdatePriceResponse:
        m = request.price
        pid = price_id(m.name, "price.name")
        paths = fieldmask.update_paths(request.update_mask, m, "price", PRICE_FIELDS)
        changes = {name: _value(m, name) for name in PRICE_FIELDS if name in paths}
        updated = await self.store.update(pid, changes, m.etag)
        return pb.UpdatePriceResponse(price=price_pb(updated))

    async def DeletePrice(
        self, request: pb.DeletePriceRequest, context: grpc.aio.ServicerContext
    ) -> pb.DeletePriceResponse:
        await self.store.delete(price_id(request.name), request.etag)
        return pb.DeletePriceResponse()
