"""Fuzzing every RPC of every service with hypothesis, on SQLite and on PostgreSQL.

The RPCs are enumerated from the generated descriptors, so a new RPC is fuzzed without a change
here; requests are built from each method's input descriptor (every field, nested messages,
maps, repeated fields, Struct, Timestamp, FieldMask), with strings drawn from valid resource names
of the stack, arbitrary text, control characters and long strings, and numbers from the edges of
their type (NaN and infinities included).

Asserted per call: never INTERNAL or UNKNOWN, never a hang (each call has a deadline; hitting it
fails), health still SERVING afterwards, and a dump of providers, models and routes identical
before and after every call that is read-only or was refused (a successful write may change it).

One real stack (fake upstream -> production gRPC server) per database runs on its own event loop
in a background thread; hypothesis draws run in the test thread (derandomized under CI, like the
bridge fuzz).
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import math
import pkgutil
import threading

import grpc
import pytest
from google.protobuf import field_mask_pb2, struct_pb2, timestamp_pb2
from google.protobuf.descriptor import FieldDescriptor as FD
from google.protobuf.message_factory import GetMessageClass
from grpc_health.v1 import health_pb2, health_pb2_grpc
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.bridge_env import setup_routes
from support.fakes.anthropic_replies import anthropic_message, anthropic_stream
from support.fakes.openai_replies import openai_completion, openai_embeddings, openai_stream
from support.fakes.server import FakeUpstream
from support.harness import Database, create_pg_database, drop_pg_database, running_server

import llmrouter.v1
from llmrouter.v1 import provider_admin_service_pb2 as pa
from llmrouter.v1 import routing_service_pb2 as rs

EXAMPLES_PER_RPC = 15
CALL_DEADLINE_S = 15.0

# Every `*_service_pb2` module of the contract package: a new service is fuzzed too.
SERVICE_MODULES = tuple(
    importlib.import_module(f"llmrouter.v1.{mod.name}")
    for mod in pkgutil.iter_modules(llmrouter.v1.__path__)
    if mod.name.endswith("_service_pb2")
)
METHODS = [m for mod in SERVICE_MODULES for svc in mod.DESCRIPTOR.services_by_name.values() for m in svc.methods]
WRITES = ("Create", "Update", "Delete", "Discover")  # the RPCs that may change the dump when they succeed


def test_every_rpc_is_enumerated():
    assert len(METHODS) >= 25
    assert len({m.full_name for m in METHODS}) == len(METHODS)


# ------------------------------------------------------------------ the stack


class Stack:
    """Fake upstream + production server on a private event loop in a daemon thread."""

    def __init__(self, kind: str, tmp) -> None:
        self.kind = kind
        self.tmp = tmp
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name=f"grpc-fuzz-{kind}", daemon=True)
        self.stack = contextlib.AsyncExitStack()
        self.channel: grpc.aio.Channel | None = None
        self.srv = None

    def run(self, coro, timeout: float = 60.0):
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    async def _start(self) -> None:
        up = await self.stack.enter_async_context(FakeUpstream.start())

        def body(rec) -> dict:
            try:
                b = rec.json()
            except ValueError:
                return {}
            return b if isinstance(b, dict) else {}

        up.route(
            "/v1/chat/completions",
            lambda rec: openai_stream(["fuzz"]) if body(rec).get("stream") else openai_completion("fuzz"),
        )
        up.route(
            "/v1/messages",
            lambda rec: anthropic_stream(["fuzz"]) if body(rec).get("stream") else anthropic_message("fuzz"),
        )
        up.route("/v1/embeddings", lambda rec: openai_embeddings([[0.5, 0.25]] * 8))
        up.route("/v1/models", lambda rec: {"object": "list", "data": [{"id": "gpt-test", "object": "model"}]})
        if self.kind == "sqlite":
            db = Database("sqlite", "", self.tmp / "data")
        else:
            db = await create_pg_database(self.tmp)
            self.stack.push_async_callback(drop_pg_database, db)
        self.srv = await self.stack.enter_async_context(running_server(db, max_attempts_per_target=1))
        await setup_routes(self.srv, up)
        self.channel = self.srv.channel

    def start(self) -> None:
        self.thread.start()
        self.run(self._start())

    def stop(self) -> None:
        with contextlib.suppress(Exception):
            self.run(self.stack.aclose())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)

    # -- calls

    async def _call(self, method, request):
        path = f"/{method.containing_service.full_name}/{method.name}"
        out = GetMessageClass(method.output_type)
        kw = dict(request_serializer=lambda m: m.SerializeToString(), response_deserializer=out.FromString)
        if method.server_streaming:
            call = self.channel.unary_stream(path, **kw)(request, timeout=CALL_DEADLINE_S)
            async for _ in call:
                pass
            return await call.code()
        await self.channel.unary_unary(path, **kw)(request, timeout=CALL_DEADLINE_S)
        return grpc.StatusCode.OK

    async def _code(self, method, request) -> tuple[grpc.StatusCode, str]:
        try:
            return await self._call(method, request), ""
        except grpc.aio.AioRpcError as err:
            return err.code(), err.details() or ""

    async def _dump(self) -> bytes:
        srv = self.srv
        out = bytearray()
        token = ""
        while True:
            page = await srv.providers.ListProviders(pa.ListProvidersRequest(page_size=1000, page_token=token))
            for prov in page.providers:
                out += prov.SerializeToString(deterministic=True)
                models = await srv.providers.ListProviderModels(
                    pa.ListProviderModelsRequest(parent=prov.name, page_size=1000)
                )
                out += models.SerializeToString(deterministic=True)
            token = page.next_page_token
            if not token:
                break
        routes = await srv.routes.ListRoutes(rs.ListRoutesRequest(page_size=1000))
        out += routes.SerializeToString(deterministic=True)
        return bytes(out)

    async def _serving(self) -> int:
        health = health_pb2_grpc.HealthStub(self.channel)
        return (await health.Check(health_pb2.HealthCheckRequest(service=""), timeout=5)).status

    async def _probe(self, method, request):
        before = await self._dump()
        code, details = await self._code(method, request)
        after = await self._dump()
        return code, details, before, after, await self._serving()

    def probe(self, method, request):
        return self.run(self._probe(method, request), timeout=CALL_DEADLINE_S * 3)


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def stack(request, tmp_path_factory):
    s = Stack(request.param, tmp_path_factory.mktemp(f"grpc-fuzz-{request.param}"))
    s.start()
    try:
        yield s
    finally:
        s.stop()


# ------------------------------------------------------------------ request strategies

SEED_STRINGS = [
    "",
    "fake",
    "providers/fake",
    "providers/fake-anthropic",
    "providers/fake/models/gpt-test",
    "providers/fake/models/org/model-a",
    "providers/nope",
    "routes/all",
    "routes/claude",
    "routes/nope",
    "gpt-test",
    "claude-test",
    "org/model-a",
    "gpt-*",
    "[a-",
    "custom-openai",
    "custom-anthropic",
    "display name",
    'W/"etag"',
    "display_name",
    "api_key",
    "base_url",
    "model_pattern",
    "priority",
    "target",
    "fallbacks",
    "enabled",
    "OK",
    "INVALID_ARGUMENT",
    "http://127.0.0.1:9/v1",
    "https://127.0.0.1:9",
    # page tokens: forged offsets and listings
    "eyJrIjoicHJvdmlkZXJzIiwibyI6OTIyMzM3MjAzNjg1NDc3NTgwOH0",
    "eyJrIjoicm91dGVzIiwibyI6LTF9",
    "eyJrIjoicmVxdWVzdC1sb2dzIiwibyI6MX0",
    "eyJrIjoibW9kZWxzIiwibyI6MX0",
]
CONTROL = st.sampled_from(["\x00", "\x01", "\x1b", "\x7f", "\x85", "\n", "\t", "\u2028", "\ufeff"])
strings = st.one_of(
    st.sampled_from(SEED_STRINGS),
    st.sampled_from(SEED_STRINGS),
    st.text(max_size=24),
    st.tuples(st.sampled_from(SEED_STRINGS), CONTROL, st.text(max_size=4)).map("".join),
    st.sampled_from(["x" * 5000, "providers/" + "a" * 300, "é" * 300]),
)
INT_EDGES = {
    32: [0, 1, -1, 2**31 - 1, -(2**31)],
    64: [0, 1, -1, 2**63 - 1, -(2**63), 2**53 + 1],
}


def ints(bits: int, signed: bool):
    lo, hi = (-(2 ** (bits - 1)), 2 ** (bits - 1) - 1) if signed else (0, 2**bits - 1)
    edges = [x for x in INT_EDGES[bits] + [hi] if lo <= x <= hi]
    return st.one_of(st.sampled_from(edges), st.integers(lo, hi), st.integers(-3, 3).filter(lambda x: lo <= x <= hi))


floats = st.one_of(
    st.sampled_from([0.0, -0.0, 0.5, 1.0, 2.0, -1.0, math.inf, -math.inf, math.nan, 1e39, 1e-45]),
    st.floats(allow_nan=True, allow_infinity=True),
)
json_scalars = st.none() | st.booleans() | floats | strings
json_values = st.recursive(
    json_scalars,
    lambda kids: st.lists(kids, max_size=3) | st.dictionaries(strings, kids, max_size=3),
    max_leaves=8,
)


def _struct(d: dict) -> struct_pb2.Struct:
    s = struct_pb2.Struct()
    s.update(d)
    return s


structs = st.dictionaries(strings, json_values, max_size=4).map(_struct)
timestamps = st.builds(
    timestamp_pb2.Timestamp, seconds=ints(64, True), nanos=st.one_of(st.integers(0, 999_999_999), ints(32, True))
)
masks = st.builds(field_mask_pb2.FieldMask, paths=st.lists(strings, max_size=3))

_SCALARS = {
    FD.TYPE_STRING: strings,
    FD.TYPE_BYTES: st.binary(max_size=64),
    FD.TYPE_BOOL: st.booleans(),
    FD.TYPE_DOUBLE: floats,
    FD.TYPE_FLOAT: floats,
    FD.TYPE_INT32: ints(32, True),
    FD.TYPE_SINT32: ints(32, True),
    FD.TYPE_SFIXED32: ints(32, True),
    FD.TYPE_INT64: ints(64, True),
    FD.TYPE_SINT64: ints(64, True),
    FD.TYPE_SFIXED64: ints(64, True),
    FD.TYPE_UINT32: ints(32, False),
    FD.TYPE_FIXED32: ints(32, False),
    FD.TYPE_UINT64: ints(64, False),
    FD.TYPE_FIXED64: ints(64, False),
}
_WELL_KNOWN = {
    "google.protobuf.Struct": structs,
    "google.protobuf.Timestamp": timestamps,
    "google.protobuf.FieldMask": masks,
}


def _value_strategy(f, depth: int):
    if f.type == FD.TYPE_MESSAGE:
        return message_strategy(f.message_type, depth + 1)
    if f.type == FD.TYPE_ENUM:
        return st.one_of(st.sampled_from([v.number for v in f.enum_type.values]), ints(32, True))
    return _SCALARS[f.type]


_CACHE: dict[tuple[str, int], st.SearchStrategy] = {}


def message_strategy(desc, depth: int = 0) -> st.SearchStrategy:
    """Messages of type `desc`: each field set or not, with values of its type."""
    key = (desc.full_name, depth)
    if key in _CACHE:
        return _CACHE[key]
    if desc.full_name in _WELL_KNOWN:
        return _WELL_KNOWN[desc.full_name]
    cls = GetMessageClass(desc)
    plan = []
    for f in desc.fields:
        if f.type == FD.TYPE_MESSAGE and f.message_type.GetOptions().map_entry:
            k = f.message_type.fields_by_name["key"]
            v = f.message_type.fields_by_name["value"]
            plan.append((f, "map", st.dictionaries(_value_strategy(k, depth), _value_strategy(v, depth), max_size=3)))
        elif f.type == FD.TYPE_MESSAGE and depth >= 3:
            continue
        elif f.is_repeated:
            plan.append((f, "repeated", st.lists(_value_strategy(f, depth), max_size=3)))
        else:
            plan.append((f, "single", _value_strategy(f, depth)))

    @st.composite
    def build(draw):
        msg = cls()
        for f, how, strat in plan:
            if not draw(st.booleans()):
                continue
            value = draw(strat)
            target = getattr(msg, f.name) if how != "single" or f.type == FD.TYPE_MESSAGE else None
            if how == "map":
                for k, v in value.items():
                    if f.message_type.fields_by_name["value"].type == FD.TYPE_MESSAGE:
                        target[k].CopyFrom(v)
                    else:
                        target[k] = v
            elif how == "repeated":
                if f.type == FD.TYPE_MESSAGE:
                    for v in value:
                        target.add().CopyFrom(v)
                else:
                    target.extend(value)
            elif f.type == FD.TYPE_MESSAGE:
                target.CopyFrom(value)
            else:
                setattr(msg, f.name, value)
        return msg

    strat = build()
    _CACHE[key] = strat
    return strat


# ------------------------------------------------------------------ the property

NEVER = {grpc.StatusCode.INTERNAL, grpc.StatusCode.UNKNOWN, grpc.StatusCode.DEADLINE_EXCEEDED}


def _check(stack: Stack, method, request) -> None:
    code, details, before, after, serving = stack.probe(method, request)
    assert code not in NEVER, (method.full_name, code, details, request)
    assert serving == health_pb2.HealthCheckResponse.SERVING, method.full_name
    if code != grpc.StatusCode.OK or not method.name.startswith(WRITES):
        assert before == after, (method.full_name, code, "changed providers, models or routes", request)


FUZZ = settings(
    max_examples=EXAMPLES_PER_RPC,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.mark.parametrize("method", METHODS, ids=[m.full_name.removeprefix("llmrouter.v1.") for m in METHODS])
def test_fuzz_rpc(stack, method):
    @FUZZ
    @given(request=message_strategy(method.input_type))
    def fuzz(request):
        _check(stack, method, request)

    fuzz()
