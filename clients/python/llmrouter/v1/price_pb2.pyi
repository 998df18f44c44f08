from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Price(_message.Message):
    __slots__ = ("name", "provider", "model", "input_micros_per_mtok", "output_micros_per_mtok", "cache_read_micros_per_mtok", "cache_write_micros_per_mtok", "currency", "effective_time", "source", "create_time", "update_time", "etag")
    NAME_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_FIELD_NUMBER: _ClassVar[int]
    MODEL_FIELD_NUMBER: _ClassVar[int]
    INPUT_MICROS_PER_MTOK_FIELD_NUMBER: _ClassVar[int]
    OUTPUT_MICROS_PER_MTOK_FIELD_NUMBER: _ClassVar[int]
    CACHE_READ_MICROS_PER_MTOK_FIELD_NUMBER: _ClassVar[int]
    CACHE_WRITE_MICROS_PER_MTOK_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_FIELD_NUMBER: _ClassVar[int]
    EFFECTIVE_TIME_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    name: str
    provider: str
    model: str
    input_micros_per_mtok: int
    output_micros_per_mtok: int
    cache_read_micros_per_mtok: int
    cache_write_micros_per_mtok: int
    currency: str
    effective_time: _timestamp_pb2.Timestamp
    source: str
    create_time: _timestamp_pb2.Timestamp
    update_time: _timestamp_pb2.Timestamp
    etag: str
    def __init__(self, name: _Optional[str] = ..., provider: _Optional[str] = ..., model: _Optional[str] = ..., input_micros_per_mtok: _Optional[int] = ..., output_micros_per_mtok: _Optional[int] = ..., cache_read_micros_per_mtok: _Optional[int] = ..., cache_write_micros_per_mtok: _Optional[int] = ..., currency: _Optional[str] = ..., effective_time: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., source: _Optional[str] = ..., create_time: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., etag: _Optional[str] = ...) -> None: ...
