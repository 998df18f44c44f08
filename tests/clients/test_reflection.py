"""Server reflection as callers use it: grpcurl describes every symbol, both protocols answer.

grpcurl 1.8.6 speaks grpc.reflection.v1alpha; `buf curl --reflect-protocol` picks v1 or v1alpha;
a raw client checks each request kind on both protocol paths.
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

import grpc
import pytest
from google.protobuf import descriptor_pb2, descriptor_pool
from grpc_reflection.v1alpha import reflection_pb2 as pb
from support.harness import Database, running_server

BIN = Path(sys.executable).parent
PROTOCOLS = {
    "grpc-v1": "grpc.reflection.v1.ServerReflection",
    "grpc-v1alpha": "grpc.reflection.v1alpha.ServerReflection",
}


async def run(*argv: str) -> tuple[int, str, str]:
    proc = await asyncio.create_subprocess_exec(*argv, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await proc.communicate()
    return proc.returncode or 0, out.decode(), err.decode()


async def grpcurl(address: str, *args: str) -> str:
    rc, out, err = await run(str(BIN / "grpcurl"), "-plaintext", address, *args)
    assert rc == 0, f"grpcurl {' '.join(args)}\n{err}"
    return out


def symbols_of(files) -> dict[str, tuple[str, bool]]:
    """Every message, field, oneof, enum, enum value, service and method the files declare:
    name -> (file, is a type, service or value: not a field or oneof)."""
    out: dict[str, tuple[str, bool]] = {}

    def enum(e, file):
        out[e.full_name] = (file, True)
        out.update({f"{e.full_name}.{v.name}": (file, True) for v in e.values})

    def message(m, file):
        out[m.full_name] = (file, True)
        out.update({f.full_name: (file, False) for f in m.fields})
        out.update({o.full_name: (file, False) for o in m.oneofs})
        for nested in m.nested_types:
            if not nested.GetOptions().map_entry:  # map entries are synthetic, not declared
                message(nested, file)
        for e in m.enum_types:
            enum(e, file)

    for fd in files:
        for m in fd.message_types_by_name.values():
            message(m, fd.name)
        for e in fd.enum_types_by_name.values():
            enum(e, fd.name)
        for svc in fd.services_by_name.values():
            out[svc.full_name] = (fd.name, True)
            out.update({method.full_name: (fd.name, True) for method in svc.methods})
    return out


def served_files(services: list[str]):
    """The files of the listed services (from this process's pool) and all they import."""
    pool = descriptor_pool.Default()
    todo = [pool.FindFileContainingSymbol(s) for s in services if s != PROTOCOLS["grpc-v1"]]
    seen: dict[str, object] = {}
    while todo:
        fd = todo.pop()
        if fd.name not in seen:
            seen[fd.name] = fd
            todo += list(fd.dependencies)
    return list(seen.values())


@pytest.fixture
async def srv(tmp_path):
    async with running_server(Database("sqlite", "", tmp_path / "data")) as s:
        yield s


async def test_grpcurl_describes_every_symbol_it_lists(srv):
    services = (await grpcurl(srv.address, "list")).split()
    assert {
        "llmrouter.v1.ChatService",
        "llmrouter.v1.ProviderAdminService",
        "llmrouter.v1.RoutingService",
        "llmrouter.v1.RequestLogService",
        "llmrouter.v1.LimitService",
        "grpc.health.v1.Health",
        *PROTOCOLS.values(),
    } <= set(services)
    methods = [m for s in services for m in (await grpcurl(srv.address, "list", s)).split()]
    assert "llmrouter.v1.ChatService.StreamChat" in methods and "grpc.health.v1.Health.Watch" in methods
    declared = symbols_of(served_files(services))
    assert "llmrouter.v1.Role.ROLE_USER" in declared and "llmrouter.v1.ChatService.Embed" in declared
    # Every service, method, message, enum and enum value; fields and oneofs by example (the raw
    # test below asks for every one of them).
    some_members = [
        "llmrouter.v1.Message.role",
        "llmrouter.v1.StreamChatResponse.event",
        "llmrouter.v1.StreamChatRequest.metadata",
        "grpc.health.v1.HealthCheckResponse.status",
    ]
    symbols = sorted({*services, *methods, *(n for n, (_, whole) in declared.items() if whole), *some_members})
    limit = asyncio.Semaphore(4)

    async def describe(symbol: str) -> str:
        async with limit:
            return await grpcurl(srv.address, "describe", symbol)  # one symbol a run

    outputs = await asyncio.gather(*(describe(s) for s in symbols))
    for symbol, out in zip(symbols, outputs, strict=True):
        assert out.startswith(f"{symbol} is a"), out
    described = await grpcurl(srv.address, "describe", "llmrouter.v1.ChatService.StreamChat")
    assert "rpc StreamChat ( .llmrouter.v1.StreamChatRequest ) returns ( stream .llmrouter.v1.StreamChatResponse )" in (
        described
    )
    v1 = await grpcurl(srv.address, "describe", "grpc.reflection.v1.ServerReflection")
    assert "stream .grpc.reflection.v1.ServerReflectionRequest" in v1


@pytest.mark.parametrize("protocol", sorted(PROTOCOLS))
async def test_buf_curl_lists_and_calls_through_each_protocol(srv, protocol):
    base = [str(BIN / "buf"), "curl", "--http2-prior-knowledge", "--protocol", "grpc", "--reflect-protocol", protocol]
    rc, out, err = await run(*base, "--list-methods", f"http://{srv.address}")
    assert rc == 0, err
    assert {"llmrouter.v1.ChatService/StreamChat", "llmrouter.v1.RoutingService/ResolveRoute"} <= set(out.split())
    rc, out, err = await run(
        *base, "-d", "{}", f"http://{srv.address}/llmrouter.v1.ProviderAdminService/ListProviderTemplates"
    )
    assert rc == 0, err
    assert "openai" in {t["id"] for t in json.loads(out)["templates"]}


async def ask(channel: grpc.aio.Channel, service: str, *requests: pb.ServerReflectionRequest):
    call = channel.stream_stream(
        f"/{service}/ServerReflectionInfo",
        request_serializer=pb.ServerReflectionRequest.SerializeToString,
        response_deserializer=pb.ServerReflectionResponse.FromString,
    )
    return [r async for r in call(iter(requests))]


def files(resp: pb.ServerReflectionResponse) -> list[descriptor_pb2.FileDescriptorProto]:
    assert resp.WhichOneof("message_response") == "file_descriptor_response", resp
    return [
        descriptor_pb2.FileDescriptorProto.FromString(b) for b in resp.file_descriptor_response.file_descriptor_proto
    ]


@pytest.mark.parametrize("service", sorted(PROTOCOLS.values()))
async def test_each_request_kind_on_both_protocols(srv, service):
    R = pb.ServerReflectionRequest
    by_method, by_value, by_file, unknown, extensions, listing = await ask(
        srv.channel,
        service,
        R(file_containing_symbol="llmrouter.v1.ChatService.StreamChat"),
        R(file_containing_symbol="llmrouter.v1.FinishReason.FINISH_REASON_LENGTH"),
        R(file_by_filename="llmrouter/v1/chat.proto"),
        R(file_containing_symbol="llmrouter.v1.NoSuchThing"),
        R(all_extension_numbers_of_type="llmrouter.v1.Message"),
        R(list_services=""),
    )
    first, *deps = files(by_method)
    assert first.name == "llmrouter/v1/chat_service.proto"
    assert "StreamChat" in [m.name for m in first.service[0].method]
    assert {d.name for d in deps} >= {"llmrouter/v1/chat.proto", "google/protobuf/struct.proto"}
    assert files(by_value)[0].name == "llmrouter/v1/chat.proto"
    # The file, then the files it imports (what the descriptor itself declares).
    from llmrouter.v1 import chat_pb2

    declared = [d.name for d in chat_pb2.DESCRIPTOR.dependencies]
    assert "google/protobuf/struct.proto" in declared
    assert [f.name for f in files(by_file)] == ["llmrouter/v1/chat.proto", *declared]
    assert unknown.error_response.error_code == grpc.StatusCode.NOT_FOUND.value[0]
    assert "llmrouter.v1.NoSuchThing" in unknown.error_response.error_message
    assert extensions.all_extension_numbers_response.base_type_name == "llmrouter.v1.Message"
    assert list(extensions.all_extension_numbers_response.extension_number) == []
    assert set(PROTOCOLS.values()) <= {s.name for s in listing.list_services_response.service}


async def test_every_declared_symbol_points_to_its_file(srv):
    names = [
        s.name
        for s in (await ask(srv.channel, PROTOCOLS["grpc-v1"], pb.ServerReflectionRequest(list_services="")))[
            0
        ].list_services_response.service
    ]
    declared = symbols_of(served_files(names))
    answers = await ask(
        srv.channel, PROTOCOLS["grpc-v1"], *(pb.ServerReflectionRequest(file_containing_symbol=n) for n in declared)
    )
    assert [files(a)[0].name for a in answers] == [file for file, _ in declared.values()]
