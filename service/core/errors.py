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


class Reason(enum.StrEnum):
    """Every `google.rpc.ErrorInfo.reason` the server sends: one stable UPPER_SNAKE code each.

    Members compare equal to their string values, so clients and the bridges match on text.
    """

    # Generic reasons, one per status class (the default of each error type).
    INVALID_ARGUMENT = "INVALID_ARGUMENT"
    NOT_FOUND = "NOT_FOUND"
    ALREADY_EXISTS = "ALREADY_EXISTS"
    FAILED_PRECONDITION = "FAILED_PRECONDITION"
    PERMISSION_DENIED = "PERMISSION_DENIED"
    UNAUTHENTICATED = "UNAUTHENTICATED"
    RESOURCE_EXHAUSTED = "RESOURCE_EXHAUSTED"
    UNAVAILABLE = "UNAVAILABLE"
    DEADLINE_EXCEEDED = "DEADLINE_EXCEEDED"
    UNIMPLEMENTED = "UNIMPLEMENTED"
    CANCELLED = "CANCELLED"
    INTERNAL = "INTERNAL"
    # Admin writes.
    ETAG_MISMATCH = "ETAG_MISMATCH"
    CONCURRENT_UPDATE = "CONCURRENT_UPDATE"
    BUILTIN_IMMUTABLE = "BUILTIN_IMMUTABLE"
    PROVIDER_IN_USE = "PROVIDER_IN_USE"
    PROVIDER_HAS_MODELS = "PROVIDER_HAS_MODELS"
    UNKNOWN_PROVIDER = "UNKNOWN_PROVIDER"
    NOT_LOCAL = "NOT_LOCAL"
    DATABASE_UNAVAILABLE = "DATABASE_UNAVAILABLE"
    # The server itself: it is shutting down (new calls refused, calls still running at the
    # end of the grace period ended).
    SHUTTING_DOWN = "SHUTTING_DOWN"
    # Callers and credentials.
    PROTECTED_MODE = "PROTECTED_MODE"
    MISSING_CREDENTIALS = "MISSING_CREDENTIALS"
    BAD_CREDENTIALS = "BAD_CREDENTIALS"
    MISSING_SCOPE = "MISSING_SCOPE"
    # The caller's policy (its client key) does not allow the model or the provider.
    MODEL_NOT_ALLOWED = "MODEL_NOT_ALLOWED"
    PROVIDER_NOT_ALLOWED = "PROVIDER_NOT_ALLOWED"
    # The request names no model and neither the caller nor any usable provider has a default.
    NO_DEFAULT_MODEL = "NO_DEFAULT_MODEL"
    CALLER_CANCELLED = "CALLER_CANCELLED"
    # Chat inputs: an image or document (or all of them together) over the size limits.
    CONTENT_TOO_LARGE = "CONTENT_TOO_LARGE"
    # Routing.
    NO_ROUTE = "NO_ROUTE"
    PROVIDER_DISABLED = "PROVIDER_DISABLED"
    PROVIDER_KEY_MISSING = "PROVIDER_KEY_MISSING"
    BACKEND_UNAVAILABLE = "BACKEND_UNAVAILABLE"
    EMBEDDINGS_UNSUPPORTED = "EMBEDDINGS_UNSUPPORTED"
    CAPABILITY_UNSUPPORTED = "CAPABILITY_UNSUPPORTED"
    # Upstream providers. PROVIDER_CREDENTIAL_REJECTED: the upstream rejected our stored
    # provider key (not the caller's fault).
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
    # Local models.
    LOCAL_QUEUE_FULL = "LOCAL_QUEUE_FULL"
    MODEL_LOAD_FAILED = "MODEL_LOAD_FAILED"
    NO_CHAT_TEMPLATE = "NO_CHAT_TEMPLATE"
    # Rate limits and budgets: a limit is reached (RESOURCE_EXHAUSTED, with RetryInfo and
    # QuotaFailure), or the shared limiter (Redis) does not answer and fail-closed is set.
    LIMIT_EXCEEDED = "LIMIT_EXCEEDED"
    LIMITER_UNAVAILABLE = "LIMITER_UNAVAILABLE"


@dataclass(frozen=True)
class QuotaViolation:
    """One limit a call ran into (google.rpc.QuotaFailure): the limit's resource name and
    the dimension (e.g. `requests_per_minute`)."""

    subject: str
    dimension: str
    description: str


@dataclass(frozen=True)
class CallTrail:
    """How far a failed call got: the route that matched, the attempts made and, when it
    failed after the commit point, the target that was serving (for the request log)."""

    route: str = ""
    attempts: int = 0
    provider: str = ""
    model: str = ""
    fallback_index: int = 0


class RouterError(Exception):
    """Base of every domain error.

    kind: the status class.
    reason: a stable UPPER_SNAKE code for google.rpc.ErrorInfo.reason.
    message: safe to show to the caller (never contains secrets).
    violations: field details (google.rpc.BadRequest).
    retry_after: seconds (google.rpc.RetryInfo).
    resource: (type, name) of the resource concerned (google.rpc.ResourceInfo).
    metadata: extra ErrorInfo metadata (strings).
    quota: the limits a call ran into (google.rpc.QuotaFailure).
    trail: how far the call got (set by the router when it gives up).
    """

    kind: ErrorKind = ErrorKind.INTERNAL
    default_reason: Reason = Reason.INTERNAL

    def __init__(
        self,
        message: str,
        *,
        reason: Reason | None = None,
        violations: list[FieldViolation] | tuple[FieldViolation, ...] = (),
        retry_after: float | None = None,
        resource: tuple[str, str] | None = None,
        metadata: dict[str, str] | None = None,
        kind: ErrorKind | None = None,
        quota: tuple[QuotaViolation, ...] = (),
    ) -> None:
        super().__init__(message)
        self.message = message
        if kind is not None:
            self.kind = kind
        self.reason: Reason = reason or self.default_reason
        self.violations = tuple(violations)
        self.retry_after = retry_after
        self.resource = resource
        self.metadata = dict(metadata or {})
        self.quota = quota
        self.trail = CallTrail()

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"{type(self).__name__}({self.kind.value}, {self.reason}, {self.message!r})"


class InvalidArgument(RouterError):
    kind = ErrorKind.INVALID_ARGUMENT
    default_reason = Reason.INVALID_ARGUMENT


class NotFound(RouterError):
    kind = ErrorKind.NOT_FOUND
    default_reason = Reason.NOT_FOUND


class AlreadyExists(RouterError):
    kind = ErrorKind.ALREADY_EXISTS
    default_reason = Reason.ALREADY_EXISTS


class FailedPrecondition(RouterError):
    kind = ErrorKind.FAILED_PRECONDITION
    default_reason = Reason.FAILED_PRECONDITION


class Aborted(RouterError):
    kind = ErrorKind.ABORTED
    default_reason = Reason.ETAG_MISMATCH


class PermissionDenied(RouterError):
    kind = ErrorKind.PERMISSION_DENIED
    default_reason = Reason.PERMISSION_DENIED


class Unauthenticated(RouterError):
    kind = ErrorKind.UNAUTHENTICATED
    default_reason = Reason.UNAUTHENTICATED


class ResourceExhausted(RouterError):
    kind = ErrorKind.RESOURCE_EXHAUSTED
    default_reason = Reason.RESOURCE_EXHAUSTED


class Unavailable(RouterError):
    kind = ErrorKind.UNAVAILABLE
    default_reason = Reason.UNAVAILABLE


class DeadlineExceeded(RouterError):
    kind = ErrorKind.DEADLINE_EXCEEDED
    default_reason = Reason.DEADLINE_EXCEEDED


class Unimplemented(RouterError):
    kind = ErrorKind.UNIMPLEMENTED
    default_reason = Reason.UNIMPLEMENTED


class Cancelled(RouterError):
    kind = ErrorKind.CANCELLED
    default_reason = Reason.CANCELLED


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
