from google.protobuf import timestamp_pb2 as _timestamp_pb2
from llmrouter.v1 import chat_pb2 as _chat_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ClientKey(_message.Message):
    __slots__ = ("name", "description", "scopes", "expire_time", "disabled", "create_time", "update_time", "etag", "default_model", "override_provider", "allowed_models", "allowed_providers", "default_generation", "provider_keys", "revoked")
    NAME_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    SCOPES_FIELD_NUMBER: _ClassVar[int]
    EXPIRE_TIME_FIELD_NUMBER: _ClassVar[int]
    DISABLED_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    DEFAULT_MODEL_FIELD_NUMBER: _ClassVar[int]
    OVERRIDE_PROVIDER_FIELD_NUMBER: _ClassVar[int]
    ALLOWED_MODELS_FIELD_NUMBER: _ClassVar[int]
    ALLOWED_PROVIDERS_FIELD_NUMBER: _ClassVar[int]
    DEFAULT_GENERATION_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_KEYS_FIELD_NUMBER: _ClassVar[int]
    REVOKED_FIELD_NUMBER: _ClassVar[int]
    name: str
    description: str
    scopes: _containers.RepeatedScalarFieldContainer[str]
    expire_time: _timestamp_pb2.Timestamp
    disabled: bool
    create_time: _timestamp_pb2.Timestamp
    update_time: _timestamp_pb2.Timestamp
    etag: str
    default_model: str
    override_provider: str
    allowed_models: _containers.RepeatedScalarFieldContainer[str]
    allowed_providers: _containers.RepeatedScalarFieldContainer[str]
    default_generation: _chat_pb2.GenerationDefaults
    provider_keys: _containers.RepeatedCompositeFieldContainer[CallerProviderKey]
    revoked: bool
    def __init__(self, name: _Optional[str] = ..., description: _Optional[str] = ..., scopes: _Optional[_Iterable[str]] = ..., expire_time: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., disabled: bool = ..., create_time: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., etag: _Optional[str] = ..., default_model: _Optional[str] = ..., override_provider: _Optional[str] = ..., allowed_models: _Optional[_Iterable[str]] = ..., allowed_providers: _Optional[_Iterable[str]] = ..., default_generation: _Optional[_Union[_chat_pb2.GenerationDefaults, _Mapping]] = ..., provider_keys: _Optional[_Iterable[_Union[CallerProviderKey, _Mapping]]] = ..., revoked: bool = ...) -> None: ...

class CallerProviderKey(_message.Message):
    __slots__ = ("provider", "api_key", "api_key_hint")
    PROVIDER_FIELD_NUMBER: _ClassVar[int]
    API_KEY_FIELD_NUMBER: _ClassVar[int]
    API_KEY_HINT_FIELD_NUMBER: _ClassVar[int]
    provider: str
    api_key: str
    api_key_hint: str
    def __init__(self, provider: _Optional[str] = ..., api_key: _Optional[str] = ..., api_key_hint: _Optional[str] = ...) -> None: ...
