from google.protobuf import field_mask_pb2 as _field_mask_pb2
from llmrouter.v1 import chat_pb2 as _chat_pb2
from llmrouter.v1 import route_pb2 as _route_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class MatchKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    MATCH_KIND_UNSPECIFIED: _ClassVar[MatchKind]
    MATCH_KIND_EXPLICIT_PROVIDER: _ClassVar[MatchKind]
    MATCH_KIND_ROUTE: _ClassVar[MatchKind]
    MATCH_KIND_PROVIDER_MODEL: _ClassVar[MatchKind]
    MATCH_KIND_LOCAL_MODEL: _ClassVar[MatchKind]
    MATCH_KIND_CALLER_OVERRIDE: _ClassVar[MatchKind]
MATCH_KIND_UNSPECIFIED: MatchKind
MATCH_KIND_EXPLICIT_PROVIDER: MatchKind
MATCH_KIND_ROUTE: MatchKind
MATCH_KIND_PROVIDER_MODEL: MatchKind
MATCH_KIND_LOCAL_MODEL: MatchKind
MATCH_KIND_CALLER_OVERRIDE: MatchKind

class CreateRouteRequest(_message.Message):
    __slots__ = ("route", "route_id")
    ROUTE_FIELD_NUMBER: _ClassVar[int]
    ROUTE_ID_FIELD_NUMBER: _ClassVar[int]
    route: _route_pb2.Route
    route_id: str
    def __init__(self, route: _Optional[_Union[_route_pb2.Route, _Mapping]] = ..., route_id: _Optional[str] = ...) -> None: ...

class CreateRouteResponse(_message.Message):
    __slots__ = ("route",)
    ROUTE_FIELD_NUMBER: _ClassVar[int]
    route: _route_pb2.Route
    def __init__(self, route: _Optional[_Union[_route_pb2.Route, _Mapping]] = ...) -> None: ...

class GetRouteRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class GetRouteResponse(_message.Message):
    __slots__ = ("route",)
    ROUTE_FIELD_NUMBER: _ClassVar[int]
    route: _route_pb2.Route
    def __init__(self, route: _Optional[_Union[_route_pb2.Route, _Mapping]] = ...) -> None: ...

class ListRoutesRequest(_message.Message):
    __slots__ = ("page_size", "page_token")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListRoutesResponse(_message.Message):
    __slots__ = ("routes", "next_page_token")
    ROUTES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    routes: _containers.RepeatedCompositeFieldContainer[_route_pb2.Route]
    next_page_token: str
    def __init__(self, routes: _Optional[_Iterable[_Union[_route_pb2.Route, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class UpdateRouteRequest(_message.Message):
    __slots__ = ("route", "update_mask")
    ROUTE_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    route: _route_pb2.Route
    update_mask: _field_mask_pb2.FieldMask
    def __init__(self, route: _Optional[_Union[_route_pb2.Route, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ...) -> None: ...

class UpdateRouteResponse(_message.Message):
    __slots__ = ("route",)
    ROUTE_FIELD_NUMBER: _ClassVar[int]
    route: _route_pb2.Route
    def __init__(self, route: _Optional[_Union[_route_pb2.Route, _Mapping]] = ...) -> None: ...

class DeleteRouteRequest(_message.Message):
    __slots__ = ("name", "etag")
    NAME_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    name: str
    etag: str
    def __init__(self, name: _Optional[str] = ..., etag: _Optional[str] = ...) -> None: ...

class DeleteRouteResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ResolvedTarget(_message.Message):
    __slots__ = ("provider", "model", "fallback_index", "breaker_open", "in_group")
    PROVIDER_FIELD_NUMBER: _ClassVar[int]
    MODEL_FIELD_NUMBER: _ClassVar[int]
    FALLBACK_INDEX_FIELD_NUMBER: _ClassVar[int]
    BREAKER_OPEN_FIELD_NUMBER: _ClassVar[int]
    IN_GROUP_FIELD_NUMBER: _ClassVar[int]
    provider: str
    model: str
    fallback_index: int
    breaker_open: bool
    in_group: bool
    def __init__(self, provider: _Optional[str] = ..., model: _Optional[str] = ..., fallback_index: _Optional[int] = ..., breaker_open: bool = ..., in_group: bool = ...) -> None: ...

class SkippedCandidate(_message.Message):
    __slots__ = ("name", "reason")
    NAME_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    name: str
    reason: str
    def __init__(self, name: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class ResolveRouteRequest(_message.Message):
    __slots__ = ("model", "provider", "required_capabilities", "caller")
    MODEL_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_FIELD_NUMBER: _ClassVar[int]
    REQUIRED_CAPABILITIES_FIELD_NUMBER: _ClassVar[int]
    CALLER_FIELD_NUMBER: _ClassVar[int]
    model: str
    provider: str
    required_capabilities: _containers.RepeatedScalarFieldContainer[_chat_pb2.Capability]
    caller: str
    def __init__(self, model: _Optional[str] = ..., provider: _Optional[str] = ..., required_capabilities: _Optional[_Iterable[_Union[_chat_pb2.Capability, str]]] = ..., caller: _Optional[str] = ...) -> None: ...

class ResolveRouteResponse(_message.Message):
    __slots__ = ("match_kind", "route", "targets", "skipped", "explanation", "model", "balancing")
    MATCH_KIND_FIELD_NUMBER: _ClassVar[int]
    ROUTE_FIELD_NUMBER: _ClassVar[int]
    TARGETS_FIELD_NUMBER: _ClassVar[int]
    SKIPPED_FIELD_NUMBER: _ClassVar[int]
    EXPLANATION_FIELD_NUMBER: _ClassVar[int]
    MODEL_FIELD_NUMBER: _ClassVar[int]
    BALANCING_FIELD_NUMBER: _ClassVar[int]
    match_kind: MatchKind
    route: str
    targets: _containers.RepeatedCompositeFieldContainer[ResolvedTarget]
    skipped: _containers.RepeatedCompositeFieldContainer[SkippedCandidate]
    explanation: str
    model: str
    balancing: str
    def __init__(self, match_kind: _Optional[_Union[MatchKind, str]] = ..., route: _Optional[str] = ..., targets: _Optional[_Iterable[_Union[ResolvedTarget, _Mapping]]] = ..., skipped: _Optional[_Iterable[_Union[SkippedCandidate, _Mapping]]] = ..., explanation: _Optional[str] = ..., model: _Optional[str] = ..., balancing: _Optional[str] = ...) -> None: ...
