from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ApiType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    API_TYPE_UNSPECIFIED: _ClassVar[ApiType]
    API_TYPE_OPENAI: _ClassVar[ApiType]
    API_TYPE_ANTHROPIC: _ClassVar[ApiType]
    API_TYPE_MLX: _ClassVar[ApiType]
API_TYPE_UNSPECIFIED: ApiType
API_TYPE_OPENAI: ApiType
API_TYPE_ANTHROPIC: ApiType
API_TYPE_MLX: ApiType

class Provider(_message.Message):
    __slots__ = ("name", "display_name", "api_type", "base_url", "api_key", "api_key_set", "api_key_hint", "enabled", "builtin", "models", "create_time", "update_time", "etag", "template", "tls_ca_certificates", "tls_client_certificate", "tls_client_key", "tls_client_key_set")
    NAME_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    API_TYPE_FIELD_NUMBER: _ClassVar[int]
    BASE_URL_FIELD_NUMBER: _ClassVar[int]
    API_KEY_FIELD_NUMBER: _ClassVar[int]
    API_KEY_SET_FIELD_NUMBER: _ClassVar[int]
    API_KEY_HINT_FIELD_NUMBER: _ClassVar[int]
    ENABLED_FIELD_NUMBER: _ClassVar[int]
    BUILTIN_FIELD_NUMBER: _ClassVar[int]
    MODELS_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    TEMPLATE_FIELD_NUMBER: _ClassVar[int]
    TLS_CA_CERTIFICATES_FIELD_NUMBER: _ClassVar[int]
    TLS_CLIENT_CERTIFICATE_FIELD_NUMBER: _ClassVar[int]
    TLS_CLIENT_KEY_FIELD_NUMBER: _ClassVar[int]
    TLS_CLIENT_KEY_SET_FIELD_NUMBER: _ClassVar[int]
    name: str
    display_name: str
    api_type: ApiType
    base_url: str
    api_key: str
    api_key_set: bool
    api_key_hint: str
    enabled: bool
    builtin: bool
    models: _containers.RepeatedCompositeFieldContainer[ProviderModel]
    create_time: _timestamp_pb2.Timestamp
    update_time: _timestamp_pb2.Timestamp
    etag: str
    template: str
    tls_ca_certificates: str
    tls_client_certificate: str
    tls_client_key: str
    tls_client_key_set: bool
    def __init__(self, name: _Optional[str] = ..., display_name: _Optional[str] = ..., api_type: _Optional[_Union[ApiType, str]] = ..., base_url: _Optional[str] = ..., api_key: _Optional[str] = ..., api_key_set: bool = ..., api_key_hint: _Optional[str] = ..., enabled: bool = ..., builtin: bool = ..., models: _Optional[_Iterable[_Union[ProviderModel, _Mapping]]] = ..., create_time: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., etag: _Optional[str] = ..., template: _Optional[str] = ..., tls_ca_certificates: _Optional[str] = ..., tls_client_certificate: _Optional[str] = ..., tls_client_key: _Optional[str] = ..., tls_client_key_set: bool = ...) -> None: ...

class ProviderModel(_message.Message):
    __slots__ = ("name", "model_id", "display_name", "is_default", "source", "create_time", "update_time", "etag", "capabilities")
    NAME_FIELD_NUMBER: _ClassVar[int]
    MODEL_ID_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    IS_DEFAULT_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    CAPABILITIES_FIELD_NUMBER: _ClassVar[int]
    name: str
    model_id: str
    display_name: str
    is_default: bool
    source: str
    create_time: _timestamp_pb2.Timestamp
    update_time: _timestamp_pb2.Timestamp
    etag: str
    capabilities: ModelCapabilities
    def __init__(self, name: _Optional[str] = ..., model_id: _Optional[str] = ..., display_name: _Optional[str] = ..., is_default: bool = ..., source: _Optional[str] = ..., create_time: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., etag: _Optional[str] = ..., capabilities: _Optional[_Union[ModelCapabilities, _Mapping]] = ...) -> None: ...

class ModelCapabilities(_message.Message):
    __slots__ = ("images", "documents", "tools", "json_schema", "reasoning")
    IMAGES_FIELD_NUMBER: _ClassVar[int]
    DOCUMENTS_FIELD_NUMBER: _ClassVar[int]
    TOOLS_FIELD_NUMBER: _ClassVar[int]
    JSON_SCHEMA_FIELD_NUMBER: _ClassVar[int]
    REASONING_FIELD_NUMBER: _ClassVar[int]
    images: bool
    documents: bool
    tools: bool
    json_schema: bool
    reasoning: bool
    def __init__(self, images: bool = ..., documents: bool = ..., tools: bool = ..., json_schema: bool = ..., reasoning: bool = ...) -> None: ...

class ProviderTemplate(_message.Message):
    __slots__ = ("id", "display_name", "api_type", "default_base_url", "requires_api_key", "seeded")
    ID_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    API_TYPE_FIELD_NUMBER: _ClassVar[int]
    DEFAULT_BASE_URL_FIELD_NUMBER: _ClassVar[int]
    REQUIRES_API_KEY_FIELD_NUMBER: _ClassVar[int]
    SEEDED_FIELD_NUMBER: _ClassVar[int]
    id: str
    display_name: str
    api_type: ApiType
    default_base_url: str
    requires_api_key: bool
    seeded: bool
    def __init__(self, id: _Optional[str] = ..., display_name: _Optional[str] = ..., api_type: _Optional[_Union[ApiType, str]] = ..., default_base_url: _Optional[str] = ..., requires_api_key: bool = ..., seeded: bool = ...) -> None: ...
