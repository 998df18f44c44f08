"""Domain errors. The core raises these; one gRPC interceptor maps them to statuses.

Nothing here imports grpc: `ErrorKind` values carry the names of the gRPC status codes
so the mapping in `service.api.errors` is a lookup, and the REST bridge maps the same
kinds to HTTP statuses.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

DOMAIN = "llmrouter.dev"


class ErrorKind(enum.Enum):
    INVALID_ARGUMENT = "INVALID_ARGUMENT"
    NOT_FOUND = "NOT_FOUND"
    ALREADY_EXISTS = "ALREADY_EXISTS"
    FAILED_PRECONDITION = "FAILED_PRECONDITION"
    ABORTED = "ABORTED"
    PERMISSION_DENIED = "PERMISSION_DENIED"
    UNAUTHENTICATED = "UNAUTHENTICATED"
    RESOURCE_EXHAUSTED = "RESOURCE_EXHAUSTED"
    UNAVAILABLE = "UNAVAILABLE"
    DEADLINE_EXCEEDED = "DEADLINE_EXCEEDED"
    UNIMPLEMENTED = "UNIMPLEMENTED"
    CANCELLED = "CANCELLED"
    INTERNAL = "INTERNAL"


@dataclass(frozen=True)
class FieldViolation:
    """One bad field of a request: `field` is a dotted path, e.g. `provider.base_url`."""

    field: str
    description: str


class RouterError(Exception):
    """Base of every domain error.

    kind: the status class.
    reason: a stable UPPER_SNAKE code for google.rpc.ErrorInfo.reason.
    message: safe to show to the caller (never contains secrets).
    violations: field details (google.rpc.BadRequest).
    retry_after: seconds (google.rpc.RetryInfo).
    resource: (type, name) of the resource concerned (google.rpc.ResourceInfo).
    metadata: extra ErrorInfo metadata (strings).
    """

    kind: ErrorKind = ErrorKind.INTERNAL
    default_reason = "INTERNAL"

    def __init__(
        self,
        message: str,
        *,
        reason: str | None = None,
        violations: list[FieldViolation] | tuple[FieldViolation, ...] = (),
        retry_after: float | None = None,
        resource: tuple[str, str] | None = None,
        metadata: dict[str, str] | None = None,
        kind: ErrorKind | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        if kind is not None:
            self.kind = kind
        self.reason = reason or self.default_reason
        self.violations = tuple(violations)
        self.retry_after = retry_after
        self.resource = resource
        self.metadata = dict(metadata or {})

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"{type(self).__name__}({self.kind.value}, {self.reason}, {self.message!r})"


class InvalidArgument(RouterError):
    kind = ErrorKind.INVALID_ARGUMENT
    default_reason = "INVALID_ARGUMENT"


class NotFound(RouterError):
    kind = ErrorKind.NOT_FOUND
    default_reason = "NOT_FOUND"


class AlreadyExists(RouterError):
    kind = ErrorKind.ALREADY_EXISTS
    default_reason = "ALREADY_EXISTS"


class FailedPrecondition(RouterError):
    kind = ErrorKind.FAILED_PRECONDITION
    default_reason = "FAILED_PRECONDITION"


class Aborted(RouterError):
    kind = ErrorKind.ABORTED
    default_reason = "ETAG_MISMATCH"


class PermissionDenied(RouterError):
    kind = ErrorKind.PERMISSION_DENIED
    default_reason = "PERMISSION_DENIED"


class Unauthenticated(RouterError):
    kind = ErrorKind.UNAUTHENTICATED
    default_reason = "UNAUTHENTICATED"


class ResourceExhausted(RouterError):
    kind = ErrorKind.RESOURCE_EXHAUSTED
    default_reason = "RESOURCE_EXHAUSTED"


class Unavailable(RouterError):
    kind = ErrorKind.UNAVAILABLE
    default_reason = "UNAVAILABLE"


class DeadlineExceeded(RouterError):
    kind = ErrorKind.DEADLINE_EXCEEDED
    default_reason = "DEADLINE_EXCEEDED"


class Unimplemented(RouterError):
    kind = ErrorKind.UNIMPLEMENTED
    default_reason = "UNIMPLEMENTED"


class Cancelled(RouterError):
    kind = ErrorKind.CANCELLED
    default_reason = "CANCELLED"


# Reasons shared by backends and the router (ErrorInfo.reason values).
class Reason:
    # Upstream rejected our stored provider credential (not the caller's fault).
    PROVIDER_CREDENTIAL_REJECTED = "PROVIDER_CREDENTIAL_REJECTED"
    PROVIDER_PERMISSION_DENIED = "PROVIDER_PERMISSION_DENIED"
    UPSTREAM_MODEL_NOT_FOUND = "UPSTREAM_MODEL_NOT_FOUND"
    UPSTREAM_BAD_REQUEST = "UPSTREAM_BAD_REQUEST"
    CONTEXT_LENGTH_EXCEEDED = "CONTEXT_LENGTH_EXCEEDED"
    UPSTREAM_RATE_LIMITED = "UPSTREAM_RATE_LIMITED"
    UPSTREAM_UNAVAILABLE = "UPSTREAM_UNAVAILABLE"
    UPSTREAM_TIMEOUT = "UPSTREAM_TIMEOUT"
    UPSTREAM_STREAM_TRUNCATED = "UPSTREAM_STREAM_TRUNCATED"
    UPSTREAM_PROTOCOL_ERROR = "UPSTREAM_PROTOCOL_ERROR"
    UPSTREAM_CONTENT_FILTERED = "UPSTREAM_CONTENT_FILTERED"
    LOCAL_QUEUE_FULL = "LOCAL_QUEUE_FULL"
    MODEL_LOAD_FAILED = "MODEL_LOAD_FAILED"
    NO_CHAT_TEMPLATE = "NO_CHAT_TEMPLATE"
    NO_ROUTE = "NO_ROUTE"
    PROVIDER_DISABLED = "PROVIDER_DISABLED"
    PROVIDER_KEY_MISSING = "PROVIDER_KEY_MISSING"
    DATABASE_UNAVAILABLE = "DATABASE_UNAVAILABLE"


@dataclass
class Violations:
    """Collects field violations, then raises one InvalidArgument naming them all."""

    items: list[FieldViolation] = field(default_factory=list)

    def add(self, field_path: str, description: str) -> None:
        self.items.append(FieldViolation(field_path, description))

    def __bool__(self) -> bool:
        return bool(self.items)

    def raise_if_any(self, message: str | None = None) -> None:
        if self.items:
            first = self.items[0]
            text = message or f"invalid request: {first.field}: {first.description}"
            if len(self.items) > 1 and message is None:
                text += f" (and {len(self.items) - 1} more)"
            raise InvalidArgument(text, violations=self.items)
