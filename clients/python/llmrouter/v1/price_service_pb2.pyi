from google.protobuf import field_mask_pb2 as _field_mask_pb2
from llmrouter.v1 import price_pb2 as _price_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class CreatePriceRequest(_message.Message):
    __slots__ = ("price", "price_id")
    PRICE_FIELD_NUMBER: _ClassVar[int]
    PRICE_ID_FIELD_NUMBER: _ClassVar[int]
    price: _price_pb2.Price
    price_id: str
    def __init__(self, price: _Optional[_Union[_price_pb2.Price, _Mapping]] = ..., price_id: _Optional[str] = ...) -> None: ...

class CreatePriceResponse(_message.Message):
    __slots__ = ("price",)
    PRICE_FIELD_NUMBER: _ClassVar[int]
    price: _price_pb2.Price
    def __init__(self, price: _Optional[_Union[_price_pb2.Price, _Mapping]] = ...) -> None: ...

class GetPriceRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class GetPriceResponse(_message.Message):
    __slots__ = ("price",)
    PRICE_FIELD_NUMBER: _ClassVar[int]
    price: _price_pb2.Price
    def __init__(self, price: _Optional[_Union[_price_pb2.Price, _Mapping]] = ...) -> None: ...

class ListPricesRequest(_message.Message):
    __slots__ = ("page_size", "page_token")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListPricesResponse(_message.Message):
    __slots__ = ("prices", "next_page_token")
    PRICES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    prices: _containers.RepeatedCompositeFieldContainer[_price_pb2.Price]
    next_page_token: str
    def __init__(self, prices: _Optional[_Iterable[_Union[_price_pb2.Price, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class UpdatePriceRequest(_message.Message):
    __slots__ = ("price", "update_mask")
    PRICE_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    price: _price_pb2.Price
    update_mask: _field_mask_pb2.FieldMask
    def __init__(self, price: _Optional[_Union[_price_pb2.Price, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ...) -> None: ...

class UpdatePriceResponse(_message.Message):
    __slots__ = ("price",)
    PRICE_FIELD_NUMBER: _ClassVar[int]
    price: _price_pb2.Price
    def __init__(self, price: _Optional[_Union[_price_pb2.Price, _Mapping]] = ...) -> None: ...

class DeletePriceRequest(_message.Message):
    __slots__ = ("name", "etag")
    NAME_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    name: str
    etag: str
    def __init__(self, name: _Optional[str] = ..., etag: _Optional[str] = ...) -> None: ...

class DeletePriceResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...
