"""Failed calls as `LLMRouterError`, with the rich details the server attaches.

Every non-OK status from llmrouter carries a `google.rpc.Status` in the `grpc-status-details-bin`
trailer: ErrorInfo (reason, domain, metadata), plus BadRequest field violations, RetryInfo and
ResourceInfo where they fit.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import grpc
from google.protobuf.message import DecodeError
from google.rpc import error_details_pb2, status_pb2


@dataclass
class LLMRouterError(Exception):
    """A failed call, with the server's rich error details."""

    code: grpc.StatusCode
    message: str
    reason: str = ""
    domain: str = ""
    metadata: dict[str, str] = field(default_factory=dict)
    violations: list[tuple[str, str]] = field(default_factory=list)  # (field path, description), in order
    retry_after: float | None = None  # seconds, from RetryInfo: waiting this long may help
    resource: tuple[str, str] | None = None  # (type, name), from ResourceInfo

    @property
    def field_violations(self) -> dict[str, str]:
        """The BadRequest violations by field path."""
        return dict(self.violations)

    def __str__(self) -> str:
        return f"{self.code.name}: {self.message}" + (f" ({self.reason})" if self.reason else "")


def error_from(err: grpc.aio.AioRpcError | grpc.RpcError) -> LLMRouterError:
    """Reads google.rpc.Status details from a failed call's trailing metadata."""
    out = LLMRouterError(err.code(), err.details() or "")
    for key, value in err.trailing_metadata() or ():
        if key != "grpc-status-details-bin":
            continue
        try:
            details = status_pb2.Status.FromString(value).details
        except DecodeError:  # undecodable details: keep the plain status
            continue
        for detail in details:
            if detail.Is(error_details_pb2.ErrorInfo.DESCRIPTOR):
                info = error_details_pb2.ErrorInfo()
                detail.Unpack(info)
                out.reason, out.domain, out.metadata = info.reason, info.domain, dict(info.metadata)
            elif detail.Is(error_details_pb2.BadRequest.DESCRIPTOR):
                bad = error_details_pb2.BadRequest()
                detail.Unpack(bad)
                out.violations = [(v.field, v.description) for v in bad.field_violations]
            elif detail.Is(error_details_pb2.RetryInfo.DESCRIPTOR):
                retry = error_details_pb2.RetryInfo()
                detail.Unpack(retry)
                out.retry_after = retry.retry_delay.seconds + retry.retry_delay.nanos / 1e9
            elif detail.Is(error_details_pb2.ResourceInfo.DESCRIPTOR):
                res = error_details_pb2.ResourceInfo()
                detail.Unpack(res)
                out.resource = (res.resource_type, res.resource_name)
    return out
