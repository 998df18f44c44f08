"""Domain errors -> gRPC statuses with rich details (used by the one interceptor).

Every status carries google.rpc.ErrorInfo (reason, domain, metadata), plus BadRequest
(field violations), RetryInfo (retry-after) and ResourceInfo where they fit. INTERNAL
never carries the exception text.
"""

from __future__ import annotations

import logging

import grpc
from google.protobuf import any_pb2, duration_pb2
from google.protobuf.message import Message
from google.rpc import code_pb2, error_details_pb2, status_pb2
from grpc_status import rpc_status

from service.core.errors import DOMAIN, ErrorKind, Reason, RouterError

log = logging.getLogger(__name__)

_CODES: dict[ErrorKind, grpc.StatusCode] = {k: getattr(grpc.StatusCode, k.value) for k in ErrorKind}

# Keep grpc-status-details-bin well under common 8 KiB header limits.
_MAX_META_VALUE = 1024


def _pack(detail: Message) -> any_pb2.Any:
    a = any_pb2.Any()
    a.Pack(detail)
    return a


def to_rpc_status(err: RouterError) -> status_pb2.Status:
    code = _CODES[err.kind]
    st = status_pb2.Status(code=code.value[0], message=err.message)
    info = error_details_pb2.ErrorInfo(reason=err.reason, domain=DOMAIN)
    for k, v in err.metadata.items():
        info.metadata[k] = str(v)[:_MAX_META_VALUE]
    st.details.append(_pack(info))
    if err.violations:
        br = error_details_pb2.BadRequest()
        for fv in err.violations:
            br.field_violations.add(field=fv.field, description=fv.description)
        st.details.append(_pack(br))
    if err.retry_after is not None:
        secs = max(0.0, err.retry_after)
        st.details.append(
            _pack(
                error_details_pb2.RetryInfo(
                    retry_delay=duration_pb2.Duration(seconds=int(secs), nanos=int((secs % 1) * 1e9))
                )
            )
        )
    if err.quota:
        qf = error_details_pb2.QuotaFailure()
        for q in err.quota:
            qf.violations.add(subject=q.subject, description=q.description, quota_metric=q.dimension)
        st.details.append(_pack(qf))
    if err.resource is not None:
        st.details.append(
            _pack(error_details_pb2.ResourceInfo(resource_type=err.resource[0], resource_name=err.resource[1]))
        )
    return st


def internal_status() -> status_pb2.Status:
    st = status_pb2.Status(code=code_pb2.INTERNAL, message="internal error; see the server log")
    st.details.append(_pack(error_details_pb2.ErrorInfo(reason=Reason.INTERNAL, domain=DOMAIN)))
    return st


async def abort_with(context: grpc.aio.ServicerContext, exc: BaseException, method: str) -> None:
    """Ends the call with the status for exc (never returns)."""
    if isinstance(exc, RouterError):
        st = to_rpc_status(exc)
        if exc.kind is ErrorKind.INTERNAL:
            log.error("internal error", extra={"method": method, "reason": exc.reason})
    else:
        log.exception("unhandled error", extra={"method": method})
        st = internal_status()
    status = rpc_status.to_status(st)
    await context.abort(status.code, status.details, status.trailing_metadata)


def is_abort(exc: BaseException) -> bool:
    # context.abort() raises grpc's own AbortError: let it through untouched.
    return type(exc).__name__ == "AbortError" or isinstance(exc, grpc.RpcError)
