"""gRPC server reflection on both protocols, grpc.reflection.v1 and v1alpha, naming every symbol.

grpcio-reflection serves only v1alpha, and finds a symbol's file through the descriptor pool,
which knows no methods, fields or enum values (grpc/grpc#34743): `grpcurl describe
llmrouter.v1.ChatService.StreamChat` fails against it. This servicer indexes the files it serves
itself: every package-level name, message, field, oneof, enum, enum value (both as
`pkg.Enum.VALUE`, the name grpcurl asks for, and as protobuf scopes it, `pkg.VALUE`), service,
method and extension points to the file that declares it.

The two protocols are the same messages in two packages (grpc/reflection/v1/reflection.proto was
copied from v1alpha and renamed): one implementation serves both, with the v1alpha message
classes on the wire. The v1 file descriptor, for clients that describe the reflection service
itself, is the v1alpha one renamed.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable

import grpc
from google.protobuf import descriptor_pb2, descriptor_pool
from google.protobuf.descriptor import FileDescriptor
from grpc_reflection.v1alpha import reflection_pb2 as pb

V1ALPHA = pb.DESCRIPTOR.services_by_name["ServerReflection"].full_name  # grpc.reflection.v1alpha.ServerReflection
V1 = "grpc.reflection.v1.ServerReflection"
SERVICE_NAME = V1
_METHOD = "ServerReflectionInfo"


def _v1_file() -> descriptor_pb2.FileDescriptorProto:
    """grpc/reflection/v1/reflection.proto: the v1alpha file under the v1 package and options."""
    fd = descriptor_pb2.FileDescriptorProto()
    pb.DESCRIPTOR.CopyToProto(fd)
    old, new = f".{fd.package}.", ".grpc.reflection.v1."
    fd.name, fd.package = "grpc/reflection/v1/reflection.proto", "grpc.reflection.v1"
    for message in fd.message_type:
        for f in message.field:
            f.type_name = f.type_name.replace(old, new, 1)
    for service in fd.service:
        for m in service.method:
            m.input_type, m.output_type = m.input_type.replace(old, new, 1), m.output_type.replace(old, new, 1)
    fd.options.Clear()
    fd.options.go_package = "google.golang.org/grpc/reflection/grpc_reflection_v1"
    fd.options.java_multiple_files = True
    fd.options.java_package = "io.grpc.reflection.v1"
    fd.options.java_outer_classname = "ServerReflectionProto"
    return fd


class SymbolIndex:
    """The served files (serialized, with their transitive dependencies) and every symbol in them."""

    def __init__(self, files: Iterable[descriptor_pb2.FileDescriptorProto]) -> None:
        self._protos: dict[str, descriptor_pb2.FileDescriptorProto] = {}
        self._bytes: dict[str, bytes] = {}
        self.symbols: dict[str, str] = {}  # full name -> file name
        self.extensions: dict[tuple[str, int], str] = {}  # (extended message, field number) -> file name
        for fd in files:
            if fd.name in self._protos:
                continue
            self._protos[fd.name] = fd
            self._bytes[fd.name] = fd.SerializeToString(deterministic=True)
            self._index(fd)

    def _index(self, fd: descriptor_pb2.FileDescriptorProto) -> None:
        file = fd.name

        def add(*parts: str) -> None:
            self.symbols.setdefault(".".join(p for p in (fd.package, *parts) if p), file)

        def extension(scope: tuple[str, ...], x: descriptor_pb2.FieldDescriptorProto) -> None:
            add(*scope, x.name)
            self.extensions.setdefault((x.extendee.lstrip("."), x.number), file)

        def enum(scope: tuple[str, ...], e: descriptor_pb2.EnumDescriptorProto) -> None:
            add(*scope, e.name)
            for v in e.value:
                add(*scope, e.name, v.name)
                add(*scope, v.name)

        def message(scope: tuple[str, ...], m: descriptor_pb2.DescriptorProto) -> None:
            here = (*scope, m.name)
            add(*here)
            for f in m.field:
                add(*here, f.name)
            for o in m.oneof_decl:
                add(*here, o.name)
            for x in m.extension:
                extension(here, x)
            for nested in m.nested_type:
                message(here, nested)
            for e in m.enum_type:
                enum(here, e)

        for m in fd.message_type:
            message((), m)
        for e in fd.enum_type:
            enum((), e)
        for x in fd.extension:
            extension((), x)
        for s in fd.service:
            add(s.name)
            for method in s.method:
                add(s.name, method.name)

    def file_with_dependencies(self, name: str) -> list[bytes] | None:
        """The file first, then every file it imports, directly or not (None: not served)."""
        if name not in self._protos:
            return None
        order, todo = [], [name]
        while todo:
            current = todo.pop(0)
            if current in order:
                continue
            order.append(current)
            todo += [d for d in self._protos[current].dependency if d in self._protos]
        return [self._bytes[n] for n in order]

    def extension_numbers(self, message: str) -> list[int] | None:
        if message not in self.symbols:
            return None
        return sorted(n for (extended, n) in self.extensions if extended == message)


def _closure(roots: Iterable[FileDescriptor]) -> list[descriptor_pb2.FileDescriptorProto]:
    out: list[descriptor_pb2.FileDescriptorProto] = []
    seen: set[str] = set()
    todo = list(roots)
    while todo:
        fd = todo.pop(0)
        if fd.name in seen:
            continue
        seen.add(fd.name)
        proto = descriptor_pb2.FileDescriptorProto()
        fd.CopyToProto(proto)
        out.append(proto)
        todo += list(fd.dependencies)
    return out


class ReflectionServicer:
    """ServerReflectionInfo for one index, on either protocol."""

    def __init__(self, service_names: Iterable[str], index: SymbolIndex) -> None:
        self._services = tuple(sorted(set(service_names)))
        self._index = index

    async def info(
        self, requests: AsyncIterator[pb.ServerReflectionRequest], context: grpc.aio.ServicerContext
    ) -> AsyncIterator[pb.ServerReflectionResponse]:
        async for request in requests:
            yield self.answer(request)

    def answer(self, request: pb.ServerReflectionRequest) -> pb.ServerReflectionResponse:
        kind = request.WhichOneof("message_request")
        index = self._index
        files: list[bytes] | None = None
        if kind == "file_by_filename":
            files = index.file_with_dependencies(request.file_by_filename)
            missing = f"file {request.file_by_filename!r} not found"
        elif kind == "file_containing_symbol":
            symbol = request.file_containing_symbol.lstrip(".")
            file = index.symbols.get(symbol)
            files = index.file_with_dependencies(file) if file else None
            missing = f"symbol {symbol!r} not found"
        elif kind == "file_containing_extension":
            ext = request.file_containing_extension
            file = index.extensions.get((ext.containing_type.lstrip("."), ext.extension_number))
            files = index.file_with_dependencies(file) if file else None
            missing = f"no extension {ext.extension_number} of {ext.containing_type!r}"
        elif kind == "all_extension_numbers_of_type":
            name = request.all_extension_numbers_of_type.lstrip(".")
            numbers = index.extension_numbers(name)
            if numbers is not None:
                return pb.ServerReflectionResponse(
                    valid_host=request.host,
                    original_request=request,
                    all_extension_numbers_response=pb.ExtensionNumberResponse(
                        base_type_name=name, extension_number=numbers
                    ),
                )
            missing = f"type {name!r} not found"
        elif kind == "list_services":
            return pb.ServerReflectionResponse(
                valid_host=request.host,
                original_request=request,
                list_services_response=pb.ListServiceResponse(
                    service=[pb.ServiceResponse(name=s) for s in self._services]
                ),
            )
        else:
            return _error(request, grpc.StatusCode.INVALID_ARGUMENT, "no message_request set")
        if files is None:
            return _error(request, grpc.StatusCode.NOT_FOUND, missing)
        return pb.ServerReflectionResponse(
            valid_host=request.host,
            original_request=request,
            file_descriptor_response=pb.FileDescriptorResponse(file_descriptor_proto=files),
        )


def _error(request: pb.ServerReflectionRequest, code: grpc.StatusCode, message: str) -> pb.ServerReflectionResponse:
    return pb.ServerReflectionResponse(
        valid_host=request.host,
        original_request=request,
        error_response=pb.ErrorResponse(error_code=code.value[0], error_message=message),
    )


def enable_server_reflection(
    service_names: Iterable[str], server: grpc.aio.Server, pool: descriptor_pool.DescriptorPool | None = None
) -> ReflectionServicer:
    """Serves reflection of `service_names` (their files and every file they import, from `pool`,
    the default pool unless given) on both protocols; both reflection services are listed too."""
    pool = pool or descriptor_pool.Default()
    names = {*service_names, V1, V1ALPHA}
    roots = [pool.FindFileContainingSymbol(n) for n in sorted(names - {V1})]
    servicer = ReflectionServicer(names, SymbolIndex([*_closure(roots), _v1_file()]))
    handler = grpc.stream_stream_rpc_method_handler(
        servicer.info,
        request_deserializer=pb.ServerReflectionRequest.FromString,
        response_serializer=pb.ServerReflectionResponse.SerializeToString,
    )
    server.add_generic_rpc_handlers(
        [grpc.method_handlers_generic_handler(service, {_METHOD: handler}) for service in (V1, V1ALPHA)]
    )
    return servicer
