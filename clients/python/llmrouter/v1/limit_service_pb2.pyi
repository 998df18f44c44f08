from google.protobuf import field_mask_pb2 as _field_mask_pb2
from llmrouter.v1 import limit_pb2 as _limit_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class CreateLimitRequest(_message.Message):
    __slots__ = ("limit", "limit_id")
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    LIMIT_ID_FIELD_NUMBER: _ClassVar[int]
    limit: _limit_pb2.Limit
    limit_id: str
    def __init__(self, limit: _Optional[_Union[_limit_pb2.Limit, _Mapping]] = ..., limit_id: _Optional[str] = ...) -> None: ...

class CreateLimitResponse(_message.Message):
    __slots__ = ("limit",)
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    limit: _limit_pb2.Limit
    def __init__(self, limit: _Optional[_Union[_limit_pb2.Limit, _Mapping]] = ...) -> None: ...

class GetLimitRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class GetLimitResponse(_message.Message):
    __slots__ = ("limit",)
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    limit: _limit_pb2.Limit
    def __init__(self, limit: _Optional[_Union[_limit_pb2.Limit, _Mapping]] = ...) -> None: ...

class ListLimitsRequest(_message.Message):
    __slots__ = ("page_size", "page_token")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListLimitsResponse(_message.Message):
    __slots__ = ("limits", "next_page_token")
    LIMITS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    limits: _containers.RepeatedCompositeFieldContainer[_limit_pb2.Limit]
    next_page_token: str
    def __init__(self, limits: _Optional[_Iterable[_Union[_limit_pb2.Limit, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class UpdateLimitRequest(_message.Message):
    __slots__ = ("limit", "update_mask")
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    limit: _limit_pb2.Limit
    update_mask: _field_mask_pb2.FieldMask
    def __init__(self, limit: _Optional[_Union[_limit_pb2.Limit, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ...) -> None: ...

class UpdateLimitResponse(_message.Message):
    __slots__ = ("limit",)
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    limit: _limit_pb2.Limit
    def __init__(self, limit: _Optional[_Union[_limit_pb2.Limit, _Mapping]] = ...) -> None: ...

class DeleteLimitRequest(_message.Message):
    __slots__ = ("name", "etag")
    NAME_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    name: str
    etag: str
    def __init__(self, name: _Optional[str] = ..., etag: _Optional[str] = ...) -> None: ...

class DeleteLimitResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...
