"""Caller authentication: client API keys (SHA-256 hashed) with scopes `chat` and `admin`.

Keys travel as `authorization: Bearer <key>` metadata. While no client key exists the
server is in protected mode: only loopback peers and peers with a verified client
certificate (mTLS) are served. Health checks and
reflection are always open. The `admin` scope includes `chat`.
"""

from __future__ import annotations

import contextvars
import hashlib
import hmac
from collections.abc import Callable

from service.core.config import Snapshot
from service.core.errors import PermissionDenied, Reason, Unauthenticated

# The id of the client key of the current call ("" in protected mode).
caller_key_id: contextvars.ContextVar[str] = contextvars.ContextVar("caller_key_id", default="")

ADMIN_SERVICES = (
    "/llmrouter.v1.ProviderAdminService/",
    "/llmrouter.v1.RoutingService/",
    "/llmrouter.v1.RequestLogService/",
)
CHAT_SERVICES = ("/llmrouter.v1.ChatService/",)


def required_scope(method: str) -> str | None:
    if method.startswith(ADMIN_SERVICES):
        return "admin"
    if method.startswith(CHAT_SERVICES):
        return "chat"
    return None  # health, reflection


def is_loopback_peer(peer: str) -> bool:
    # grpc peers look like "ipv4:127.0.0.1:5555", "ipv6:[::1]:5555", "unix:/path".
    if peer.startswith("ipv4:"):
        return peer[5:].startswith("127.")
    if peer.startswith("ipv6:"):
        host = peer[5:].rsplit(":", 1)[0].strip("[]")
        return host in ("::1", "0:0:0:0:0:0:0:1") or host.startswith("::ffff:127.")
    return peer.startswith("unix:")


def check(
    snapshot: Snapshot,
    method: str,
    metadata: tuple,
    peer: str,
    peer_identities: Callable[[], object] | None = None,
) -> str:
    """Returns the caller's key id ("" in protected mode) or raises a domain error.

    peer_identities: the call's `context.peer_identities` (not None once the peer presented a
    client certificate that the server's client CA verified, i.e. mTLS)."""
    scope = required_scope(method)
    if scope is None:
        return ""
    keys = snapshot.client_keys
    token = ""
    for k, v in metadata or ():
        if k == "authorization":
            token = v
            break
    if not keys:
        if is_loopback_peer(peer) or (peer_identities is not None and peer_identities()):
            return ""
        raise PermissionDenied(
            "protected mode: no client key exists yet, so only loopback callers and callers with a "
            "verified client certificate (mTLS) are served; create one with `llmrouter keys create --scope admin`",
            reason=Reason.PROTECTED_MODE,
        )
    if not token:
        raise Unauthenticated(
            "missing credentials: send `authorization: Bearer <client key>` metadata", reason=Reason.MISSING_CREDENTIALS
        )
    scheme, _, secret = token.partition(" ")
    if scheme.lower() != "bearer" or not secret.startswith("llmr_"):
        raise Unauthenticated(
            "malformed authorization metadata: expected `Bearer llmr_...`", reason=Reason.BAD_CREDENTIALS
        )
    key_id = secret[5:].split("_", 1)[0]
    key = keys.get(key_id)
    digest = hashlib.sha256(secret.encode()).hexdigest()
    if key is None or not hmac.compare_digest(key.key_hash, digest):
        raise Unauthenticated("invalid or revoked client key", reason=Reason.BAD_CREDENTIALS)
    if scope not in key.scopes and not (scope == "chat" and "admin" in key.scopes):
        raise PermissionDenied(
            f"this client key lacks the {scope!r} scope",
            reason=Reason.MISSING_SCOPE,
            metadata={"required_scope": scope},
        )
    return key.id
