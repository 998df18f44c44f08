from google.protobuf import field_mask_pb2 as _field_mask_pb2
from llmrouter.v1 import client_key_pb2 as _client_key_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class CreateClientKeyRequest(_message.Message):
    __slots__ = ("client_key",)
    CLIENT_KEY_FIELD_NUMBER: _ClassVar[int]
    client_key: _client_key_pb2.ClientKey
    def __init__(self, client_key: _Optional[_Union[_client_key_pb2.ClientKey, _Mapping]] = ...) -> None: ...

class CreateClientKeyResponse(_message.Message):
    __slots__ = ("client_key", "secret")
    CLIENT_KEY_FIELD_NUMBER: _ClassVar[int]
    SECRET_FIELD_NUMBER: _ClassVar[int]
    client_key: _client_key_pb2.ClientKey
    secret: str
    def __init__(self, client_key: _Optional[_Union[_client_key_pb2.ClientKey, _Mapping]] = ..., secret: _Optional[str] = ...) -> None: ...

class GetClientKeyRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class GetClientKeyResponse(_message.Message):
    __slots__ = ("client_key",)
    CLIENT_KEY_FIELD_NUMBER: _ClassVar[int]
    client_key: _client_key_pb2.ClientKey
    def __init__(self, client_key: _Optional[_Union[_client_key_pb2.ClientKey, _Mapping]] = ...) -> None: ...

class ListClientKeysRequest(_message.Message):
    __slots__ = ("page_size", "page_token")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListClientKeysResponse(_message.Message):
    __slots__ = ("client_keys", "next_page_token")
    CLIENT_KEYS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    client_keys: _containers.RepeatedCompositeFieldContainer[_client_key_pb2.ClientKey]
    next_page_token: str
    def __init__(self, client_keys: _Optional[_Iterable[_Union[_client_key_pb2.ClientKey, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class UpdateClientKeyRequest(_message.Message):
    __slots__ = ("client_key", "update_mask")
    CLIENT_KEY_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    client_key: _client_key_pb2.ClientKey
    update_mask: _field_mask_pb2.FieldMask
    def __init__(self, client_key: _Optional[_Union[_client_key_pb2.ClientKey, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ...) -> None: ...

class UpdateClientKeyResponse(_message.Message):
    __slots__ = ("client_key",)
    CLIENT_KEY_FIELD_NUMBER: _ClassVar[int]
    client_key: _client_key_pb2.ClientKey
    def __init__(self, client_key: _Optional[_Union[_client_key_pb2.ClientKey, _Mapping]] = ...) -> None: ...

class DeleteClientKeyRequest(_message.Message):
    __slots__ = ("name", "etag")
    NAME_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    name: str
    etag: str
    def __init__(self, name: _Optional[str] = ..., etag: _Optional[str] = ...) -> None: ...

class DeleteClientKeyResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...
