from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class RequestLogEntry(_message.Message):
    __slots__ = ("name", "create_time", "request_id", "caller_key_id", "method", "requested_model", "route", "provider", "model", "attempts", "fallback_index", "prompt_tokens", "completion_tokens", "cached_prompt_tokens", "ttft_ms", "duration_ms", "status", "error_reason", "cost_nanos", "currency")
    NAME_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    CALLER_KEY_ID_FIELD_NUMBER: _ClassVar[int]
    METHOD_FIELD_NUMBER: _ClassVar[int]
    REQUESTED_MODEL_FIELD_NUMBER: _ClassVar[int]
    ROUTE_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_FIELD_NUMBER: _ClassVar[int]
    MODEL_FIELD_NUMBER: _ClassVar[int]
    ATTEMPTS_FIELD_NUMBER: _ClassVar[int]
    FALLBACK_INDEX_FIELD_NUMBER: _ClassVar[int]
    PROMPT_TOKENS_FIELD_NUMBER: _ClassVar[int]
    COMPLETION_TOKENS_FIELD_NUMBER: _ClassVar[int]
    CACHED_PROMPT_TOKENS_FIELD_NUMBER: _ClassVar[int]
    TTFT_MS_FIELD_NUMBER: _ClassVar[int]
    DURATION_MS_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    ERROR_REASON_FIELD_NUMBER: _ClassVar[int]
    COST_NANOS_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_FIELD_NUMBER: _ClassVar[int]
    name: str
    create_time: _timestamp_pb2.Timestamp
    request_id: str
    caller_key_id: str
    method: str
    requested_model: str
    route: str
    provider: str
    model: str
    attempts: int
    fallback_index: int
    prompt_tokens: int
    completion_tokens: int
    cached_prompt_tokens: int
    ttft_ms: int
    duration_ms: int
    status: str
    error_reason: str
    cost_nanos: int
    currency: str
    def __init__(self, name: _Optional[str] = ..., create_time: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., request_id: _Optional[str] = ..., caller_key_id: _Optional[str] = ..., method: _Optional[str] = ..., requested_model: _Optional[str] = ..., route: _Optional[str] = ..., provider: _Optional[str] = ..., model: _Optional[str] = ..., attempts: _Optional[int] = ..., fallback_index: _Optional[int] = ..., prompt_tokens: _Optional[int] = ..., completion_tokens: _Optional[int] = ..., cached_prompt_tokens: _Optional[int] = ..., ttft_ms: _Optional[int] = ..., duration_ms: _Optional[int] = ..., status: _Optional[str] = ..., error_reason: _Optional[str] = ..., cost_nanos: _Optional[int] = ..., currency: _Optional[str] = ...) -> None: ...

class UsageTotal(_message.Message):
    __slots__ = ("provider", "model", "requests", "errors", "prompt_tokens", "completion_tokens", "cached_prompt_tokens", "caller_key", "route", "period_start", "cost_nanos", "currency", "unpriced_requests")
    PROVIDER_FIELD_NUMBER: _ClassVar[int]
    MODEL_FIELD_NUMBER: _ClassVar[int]
    REQUESTS_FIELD_NUMBER: _ClassVar[int]
    ERRORS_FIELD_NUMBER: _ClassVar[int]
    PROMPT_TOKENS_FIELD_NUMBER: _ClassVar[int]
    COMPLETION_TOKENS_FIELD_NUMBER: _ClassVar[int]
    CACHED_PROMPT_TOKENS_FIELD_NUMBER: _ClassVar[int]
    CALLER_KEY_FIELD_NUMBER: _ClassVar[int]
    ROUTE_FIELD_NUMBER: _ClassVar[int]
    PERIOD_START_FIELD_NUMBER: _ClassVar[int]
    COST_NANOS_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_FIELD_NUMBER: _ClassVar[int]
    UNPRICED_REQUESTS_FIELD_NUMBER: _ClassVar[int]
    provider: str
    model: str
    requests: int
    errors: int
    prompt_tokens: int
    completion_tokens: int
    cached_prompt_tokens: int
    caller_key: str
    route: str
    period_start: _timestamp_pb2.Timestamp
    cost_nanos: int
    currency: str
    unpriced_requests: int
    def __init__(self, provider: _Optional[str] = ..., model: _Optional[str] = ..., requests: _Optional[int] = ..., errors: _Optional[int] = ..., prompt_tokens: _Optional[int] = ..., completion_tokens: _Optional[int] = ..., cached_prompt_tokens: _Optional[int] = ..., caller_key: _Optional[str] = ..., route: _Optional[str] = ..., period_start: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., cost_nanos: _Optional[int] = ..., currency: _Optional[str] = ..., unpriced_requests: _Optional[int] = ...) -> None: ...
