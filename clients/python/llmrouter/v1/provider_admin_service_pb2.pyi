from google.protobuf import field_mask_pb2 as _field_mask_pb2
from llmrouter.v1 import provider_pb2 as _provider_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class VerifyFailureKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    VERIFY_FAILURE_KIND_UNSPECIFIED: _ClassVar[VerifyFailureKind]
    VERIFY_FAILURE_KIND_BAD_KEY: _ClassVar[VerifyFailureKind]
    VERIFY_FAILURE_KIND_UNKNOWN_MODEL: _ClassVar[VerifyFailureKind]
    VERIFY_FAILURE_KIND_UNREACHABLE: _ClassVar[VerifyFailureKind]
    VERIFY_FAILURE_KIND_RATE_LIMITED: _ClassVar[VerifyFailureKind]
    VERIFY_FAILURE_KIND_OTHER: _ClassVar[VerifyFailureKind]
    VERIFY_FAILURE_KIND_NO_KEY: _ClassVar[VerifyFailureKind]
VERIFY_FAILURE_KIND_UNSPECIFIED: VerifyFailureKind
VERIFY_FAILURE_KIND_BAD_KEY: VerifyFailureKind
VERIFY_FAILURE_KIND_UNKNOWN_MODEL: VerifyFailureKind
VERIFY_FAILURE_KIND_UNREACHABLE: VerifyFailureKind
VERIFY_FAILURE_KIND_RATE_LIMITED: VerifyFailureKind
VERIFY_FAILURE_KIND_OTHER: VerifyFailureKind
VERIFY_FAILURE_KIND_NO_KEY: VerifyFailureKind

class CreateProviderRequest(_message.Message):
    __slots__ = ("provider", "provider_id")
    PROVIDER_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_ID_FIELD_NUMBER: _ClassVar[int]
    provider: _provider_pb2.Provider
    provider_id: str
    def __init__(self, provider: _Optional[_Union[_provider_pb2.Provider, _Mapping]] = ..., provider_id: _Optional[str] = ...) -> None: ...

class CreateProviderResponse(_message.Message):
    __slots__ = ("provider",)
    PROVIDER_FIELD_NUMBER: _ClassVar[int]
    provider: _provider_pb2.Provider
    def __init__(self, provider: _Optional[_Union[_provider_pb2.Provider, _Mapping]] = ...) -> None: ...

class GetProviderRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class GetProviderResponse(_message.Message):
    __slots__ = ("provider",)
    PROVIDER_FIELD_NUMBER: _ClassVar[int]
    provider: _provider_pb2.Provider
    def __init__(self, provider: _Optional[_Union[_provider_pb2.Provider, _Mapping]] = ...) -> None: ...

class ListProvidersRequest(_message.Message):
    __slots__ = ("page_size", "page_token")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListProvidersResponse(_message.Message):
    __slots__ = ("providers", "next_page_token")
    PROVIDERS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    providers: _containers.RepeatedCompositeFieldContainer[_provider_pb2.Provider]
    next_page_token: str
    def __init__(self, providers: _Optional[_Iterable[_Union[_provider_pb2.Provider, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class UpdateProviderRequest(_message.Message):
    __slots__ = ("provider", "update_mask")
    PROVIDER_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    provider: _provider_pb2.Provider
    update_mask: _field_mask_pb2.FieldMask
    def __init__(self, provider: _Optional[_Union[_provider_pb2.Provider, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ...) -> None: ...

class UpdateProviderResponse(_message.Message):
    __slots__ = ("provider",)
    PROVIDER_FIELD_NUMBER: _ClassVar[int]
    provider: _provider_pb2.Provider
    def __init__(self, provider: _Optional[_Union[_provider_pb2.Provider, _Mapping]] = ...) -> None: ...

class DeleteProviderRequest(_message.Message):
    __slots__ = ("name", "etag", "force")
    NAME_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    FORCE_FIELD_NUMBER: _ClassVar[int]
    name: str
    etag: str
    force: bool
    def __init__(self, name: _Optional[str] = ..., etag: _Optional[str] = ..., force: bool = ...) -> None: ...

class DeleteProviderResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListProviderTemplatesRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListProviderTemplatesResponse(_message.Message):
    __slots__ = ("templates",)
    TEMPLATES_FIELD_NUMBER: _ClassVar[int]
    templates: _containers.RepeatedCompositeFieldContainer[_provider_pb2.ProviderTemplate]
    def __init__(self, templates: _Optional[_Iterable[_Union[_provider_pb2.ProviderTemplate, _Mapping]]] = ...) -> None: ...

class CreateProviderModelRequest(_message.Message):
    __slots__ = ("parent", "provider_model")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    PROVIDER_MODEL_FIELD_NUMBER: _ClassVar[int]
    parent: str
    provider_model: _provider_pb2.ProviderModel
    def __init__(self, parent: _Optional[str] = ..., provider_model: _Optional[_Union[_provider_pb2.ProviderModel, _Mapping]] = ...) -> None: ...

class CreateProviderModelResponse(_message.Message):
    __slots__ = ("provider_model",)
    PROVIDER_MODEL_FIELD_NUMBER: _ClassVar[int]
    provider_model: _provider_pb2.ProviderModel
    def __init__(self, provider_model: _Optional[_Union[_provider_pb2.ProviderModel, _Mapping]] = ...) -> None: ...

class ListProviderModelsRequest(_message.Message):
    __slots__ = ("parent", "page_size", "page_token")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    parent: str
    page_size: int
    page_token: str
    def __init__(self, parent: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListProviderModelsResponse(_message.Message):
    __slots__ = ("provider_models", "next_page_token")
    PROVIDER_MODELS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    provider_models: _containers.RepeatedCompositeFieldContainer[_provider_pb2.ProviderModel]
    next_page_token: str
    def __init__(self, provider_models: _Optional[_Iterable[_Union[_provider_pb2.ProviderModel, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class UpdateProviderModelRequest(_message.Message):
    __slots__ = ("provider_model", "update_mask")
    PROVIDER_MODEL_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    provider_model: _provider_pb2.ProviderModel
    update_mask: _field_mask_pb2.FieldMask
    def __init__(self, provider_model: _Optional[_Union[_provider_pb2.ProviderModel, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ...) -> None: ...

class UpdateProviderModelResponse(_message.Message):
    __slots__ = ("provider_model",)
    PROVIDER_MODEL_FIELD_NUMBER: _ClassVar[int]
    provider_model: _provider_pb2.ProviderModel
    def __init__(self, provider_model: _Optional[_Union[_provider_pb2.ProviderModel, _Mapping]] = ...) -> None: ...

class DeleteProviderModelRequest(_message.Message):
    __slots__ = ("name", "etag")
    NAME_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    name: str
    etag: str
    def __init__(self, name: _Optional[str] = ..., etag: _Optional[str] = ...) -> None: ...

class DeleteProviderModelResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class VerifyProviderRequest(_message.Message):
    __slots__ = ("name", "model", "api_key", "base_url")
    NAME_FIELD_NUMBER: _ClassVar[int]
    MODEL_FIELD_NUMBER: _ClassVar[int]
    API_KEY_FIELD_NUMBER: _ClassVar[int]
    BASE_URL_FIELD_NUMBER: _ClassVar[int]
    name: str
    model: str
    api_key: str
    base_url: str
    def __init__(self, name: _Optional[str] = ..., model: _Optional[str] = ..., api_key: _Optional[str] = ..., base_url: _Optional[str] = ...) -> None: ...

class VerifyProviderResponse(_message.Message):
    __slots__ = ("ok", "latency_ms", "failure_kind", "message", "model")
    OK_FIELD_NUMBER: _ClassVar[int]
    LATENCY_MS_FIELD_NUMBER: _ClassVar[int]
    FAILURE_KIND_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    MODEL_FIELD_NUMBER: _ClassVar[int]
    ok: bool
    latency_ms: int
    failure_kind: VerifyFailureKind
    message: str
    model: str
    def __init__(self, ok: bool = ..., latency_ms: _Optional[int] = ..., failure_kind: _Optional[_Union[VerifyFailureKind, str]] = ..., message: _Optional[str] = ..., model: _Optional[str] = ...) -> None: ...

class DiscoveredModel(_message.Message):
    __slots__ = ("model_id", "owned_by", "registered")
    MODEL_ID_FIELD_NUMBER: _ClassVar[int]
    OWNED_BY_FIELD_NUMBER: _ClassVar[int]
    REGISTERED_FIELD_NUMBER: _ClassVar[int]
    model_id: str
    owned_by: str
    registered: bool
    def __init__(self, model_id: _Optional[str] = ..., owned_by: _Optional[str] = ..., registered: bool = ...) -> None: ...

class DiscoverProviderModelsRequest(_message.Message):
    __slots__ = ("name", "save")
    NAME_FIELD_NUMBER: _ClassVar[int]
    SAVE_FIELD_NUMBER: _ClassVar[int]
    name: str
    save: bool
    def __init__(self, name: _Optional[str] = ..., save: bool = ...) -> None: ...

class DiscoverProviderModelsResponse(_message.Message):
    __slots__ = ("models", "saved")
    MODELS_FIELD_NUMBER: _ClassVar[int]
    SAVED_FIELD_NUMBER: _ClassVar[int]
    models: _containers.RepeatedCompositeFieldContainer[DiscoveredModel]
    saved: _containers.RepeatedCompositeFieldContainer[_provider_pb2.ProviderModel]
    def __init__(self, models: _Optional[_Iterable[_Union[DiscoveredModel, _Mapping]]] = ..., saved: _Optional[_Iterable[_Union[_provider_pb2.ProviderModel, _Mapping]]] = ...) -> None: ...

class UnloadProviderModelRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class UnloadProviderModelResponse(_message.Message):
    __slots__ = ("unloaded",)
    UNLOADED_FIELD_NUMBER: _ClassVar[int]
    unloaded: bool
    def __init__(self, unloaded: bool = ...) -> None: ...
