from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class BalanceStrategy(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    BALANCE_STRATEGY_UNSPECIFIED: _ClassVar[BalanceStrategy]
    BALANCE_STRATEGY_ORDERED: _ClassVar[BalanceStrategy]
    BALANCE_STRATEGY_WEIGHTED: _ClassVar[BalanceStrategy]
    BALANCE_STRATEGY_LEAST_IN_FLIGHT: _ClassVar[BalanceStrategy]
    BALANCE_STRATEGY_LOWEST_LATENCY: _ClassVar[BalanceStrategy]
BALANCE_STRATEGY_UNSPECIFIED: BalanceStrategy
BALANCE_STRATEGY_ORDERED: BalanceStrategy
BALANCE_STRATEGY_WEIGHTED: BalanceStrategy
BALANCE_STRATEGY_LEAST_IN_FLIGHT: BalanceStrategy
BALANCE_STRATEGY_LOWEST_LATENCY: BalanceStrategy

class RouteTarget(_message.Message):
    __slots__ = ("provider", "model")
    PROVIDER_FIELD_NUMBER: _ClassVar[int]
    MODEL_FIELD_NUMBER: _ClassVar[int]
    provider: str
    model: str
    def __init__(self, provider: _Optional[str] = ..., model: _Optional[str] = ...) -> None: ...

class Route(_message.Message):
    __slots__ = ("name", "model_pattern", "priority", "target", "fallbacks", "enabled", "description", "create_time", "update_time", "etag", "deployments", "strategy")
    NAME_FIELD_NUMBER: _ClassVar[int]
    MODEL_PATTERN_FIELD_NUMBER: _ClassVar[int]
    PRIORITY_FIELD_NUMBER: _ClassVar[int]
    TARGET_FIELD_NUMBER: _ClassVar[int]
    FALLBACKS_FIELD_NUMBER: _ClassVar[int]
    ENABLED_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    DEPLOYMENTS_FIELD_NUMBER: _ClassVar[int]
    STRATEGY_FIELD_NUMBER: _ClassVar[int]
    name: str
    model_pattern: str
    priority: int
    target: RouteTarget
    fallbacks: _containers.RepeatedCompositeFieldContainer[RouteTarget]
    enabled: bool
    description: str
    create_time: _timestamp_pb2.Timestamp
    update_time: _timestamp_pb2.Timestamp
    etag: str
    deployments: _containers.RepeatedCompositeFieldContainer[Deployment]
    strategy: BalanceStrategy
    def __init__(self, name: _Optional[str] = ..., model_pattern: _Optional[str] = ..., priority: _Optional[int] = ..., target: _Optional[_Union[RouteTarget, _Mapping]] = ..., fallbacks: _Optional[_Iterable[_Union[RouteTarget, _Mapping]]] = ..., enabled: bool = ..., description: _Optional[str] = ..., create_time: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[_timestamp_pb2.Timestamp, _Mapping]] = ..., etag: _Optional[str] = ..., deployments: _Optional[_Iterable[_Union[Deployment, _Mapping]]] = ..., strategy: _Optional[_Union[BalanceStrategy, str]] = ...) -> None: ...

class Deployment(_message.Message):
    __slots__ = ("provider", "model", "weight")
    PROVIDER_FIELD_NUMBER: _ClassVar[int]
    MODEL_FIELD_NUMBER: _ClassVar[int]
    WEIGHT_FIELD_NUMBER: _ClassVar[int]
    provider: str
    model: str
    weight: int
    def __init__(self, provider: _Optional[str] = ..., model: _Optional[str] = ..., weight: _Optional[int] = ...) -> None: ...
