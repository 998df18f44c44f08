from google.protobuf import timestamp_pb2 as _timestamp_pb2
from llmrouter.v1 import request_log_pb2 as _request_log_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class UsageGroup(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    USAGE_GROUP_UNSPECIFIED: _ClassVar[UsageGroup]
    USAGE_GROUP_CALLER_KEY: _ClassVar[UsageGroup]
    USAGE_GROUP_PROVIDER: _ClassVar[UsageGroup]
    USAGE_GROUP_MODEL: _ClassVar[UsageGroup]
    USAGE_GROUP_ROUTE: _ClassVar[UsageGroup]

class UsagePeriod(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    USAGE_PERIOD_UNSPECIFIED: _ClassVar[UsagePeriod]
    USAGE_PERIOD_DAY: _ClassVar[UsagePeriod]
    USAGE_PERIOD_MONTH: _ClassVar[UsagePeriod]
USAGE_GROUP_UNSPECIFIED: UsageGroup
USAGE_GROUP_CALLER_KEY: UsageGroup
USAGE_GROUP_PROVIDER: UsageGroup
USAGE_GROUP_MODEL: UsageGroup
USAGE_GROUP_ROUTE: UsageGroup
USAGE_PERIOD_UNSPECIFIED: UsagePeriod
USAGE_PERIOD_DAY: UsagePeriod
USAGE_PERIOD_MONTH: UsagePeriod

class ListRequestLogsRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "provider", "requested_model", "status", "request_id", "start_time")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_FIELD_NUMBER: _ClassVar[int]
    REQUESTED_MODEL_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    provider: str
    requested_model: str
    status: str
    request_id: str
    start_time: _timestamp_pb2.Timestamp
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., provider: _Optional[str] = ..., requested_model: _Optional[str] = ..., status: _Optional[str] = ..., request_id: _Optional[str] = ..., start_time: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListRequestLogsResponse(_message.Message):
    __slots__ = ("entries", "next_page_token")
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    entries: _containers.RepeatedCompositeFieldContainer[_request_log_pb2.RequestLogEntry]
    next_page_token: str
    def __init__(self, entries: _Optional[_Iterable[_Union[_request_log_pb2.RequestLogEntry, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetUsageSummaryRequest(_message.Message):
    __slots__ = ("start_time", "end_time", "group_by", "period")
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    GROUP_BY_FIELD_NUMBER: _ClassVar[int]
    PERIOD_FIELD_NUMBER: _ClassVar[int]
    start_time: _timestamp_pb2.Timestamp
    end_time: _timestamp_pb2.Timestamp
    group_by: _containers.RepeatedScalarFieldContainer[UsageGroup]
    period: UsagePeriod
    def __init__(self, start_time: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., end_time: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., group_by: _Optional[_Iterable[_Union[UsageGroup, str]]] = ..., period: _Optional[_Union[UsagePeriod, str]] = ...) -> None: ...

class GetUsageSummaryResponse(_message.Message):
    __slots__ = ("totals",)
    TOTALS_FIELD_NUMBER: _ClassVar[int]
    totals: _containers.RepeatedCompositeFieldContainer[_request_log_pb2.UsageTotal]
    def __init__(self, totals: _Optional[_Iterable[_Union[_request_log_pb2.UsageTotal, _Mapping]]] = ...) -> None: ...
