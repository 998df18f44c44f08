"""TLS material from files, shared by the gRPC server and the REST bridge (and the upstream
clients' trust): reading and checking PEM files, and noticing when they change on disk so that
renewed certificates are picked up without a restart.
"""

from __future__ import annotations

import logging
import os
import ssl
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import serialization

__all__ = ["CertFiles", "Material", "ServerTls", "TlsError", "upstream_ssl_context"]

log = logging.getLogger(__name__)


class TlsError(Exception):
    """TLS files that cannot be used; the message names the file and says why."""


@dataclass(frozen=True)
class ServerTls:
    """The server's TLS settings: certificate chain and key; with client_ca_file, mTLS (clients must
    present a certificate issued by one of those CAs)."""

    cert_file: str
    key_file: str
    client_ca_file: str = ""

    @property
    def mtls(self) -> bool:
        return bool(self.client_ca_file)

    @classmethod
    def from_settings(cls, settings: object) -> ServerTls | None:
        """None when TLS is off; TlsError for an incomplete configuration."""
        cert = str(getattr(settings, "tls_cert_file", "") or "")
        key = str(getattr(settings, "tls_key_file", "") or "")
        ca = str(getattr(settings, "tls_client_ca_file", "") or "")
        if not cert and not key:
            if ca:
                raise TlsError("LLMROUTER_TLS_CLIENT_CA_FILE needs LLMROUTER_TLS_CERT_FILE and LLMROUTER_TLS_KEY_FILE")
            return None
        if not cert or not key:
            raise TlsError("TLS needs both LLMROUTER_TLS_CERT_FILE and LLMROUTER_TLS_KEY_FILE")
        return cls(cert, key, ca)


@dataclass(frozen=True)
class Material:
    """PEM bytes read from the files: certificate chain, private key, client CAs (b"" without mTLS)."""

    cert: bytes
    key: bytes
    client_ca: bytes


def _read(path: str, what: str) -> bytes:
    try:
        data = open(path, "rb").read()  # noqa: SIM115 - small files
    except OSError as exc:
        raise TlsError(f"cannot read the TLS {what} {path}: {exc.strerror or exc}") from None
    if b"-----BEGIN" not in data:
        raise TlsError(f"the TLS {what} {path} is not PEM")
    return data


def check_pair(cert: bytes, key: bytes, where: str = "") -> None:
    """TlsError unless `key` is the private key of the first certificate in `cert`."""
    try:
        leaf = x509.load_pem_x509_certificates(cert)[0]
        private = serialization.load_pem_private_key(key, password=None)
    except (ValueError, TypeError, IndexError) as exc:
        raise TlsError(f"unusable TLS certificate or key{where}: {exc}") from None
    fmt = serialization.PublicFormat.SubjectPublicKeyInfo
    if leaf.public_key().public_bytes(serialization.Encoding.PEM, fmt) != private.public_key().public_bytes(
        serialization.Encoding.PEM, fmt
    ):
        raise TlsError(f"the TLS key does not belong to the certificate{where}")


def check_cas(pem: bytes, where: str = "") -> None:
    try:
        if not x509.load_pem_x509_certificates(pem):
            raise ValueError("no certificate")
    except ValueError as exc:
        raise TlsError(f"unusable CA certificates{where}: {exc}") from None


class CertFiles:
    """The server's TLS files, re-read when they change (size, mtime or inode differ).

    A renewal writes the key and the certificate one after the other: a pair that does not match
    (yet) is not taken; the previous material keeps serving until the pair is whole again."""

    def __init__(self, tls: ServerTls) -> None:
        self.tls = tls
        self._paths = [p for p in (tls.cert_file, tls.key_file, tls.client_ca_file) if p]
        self._stamp = self._stat()
        self.current = self._load()

    def _stat(self) -> tuple[tuple[int, int, int], ...]:
        out = []
        for p in self._paths:
            try:
                st = os.stat(p)
                out.append((st.st_mtime_ns, st.st_size, st.st_ino))
            except OSError:
                out.append((0, 0, 0))
        return tuple(out)

    def _load(self) -> Material:
        cert = _read(self.tls.cert_file, "certificate")
        key = _read(self.tls.key_file, "key")
        check_pair(cert, key, f" ({self.tls.cert_file}, {self.tls.key_file})")
        ca = b""
        if self.tls.client_ca_file:
            ca = _read(self.tls.client_ca_file, "client CA file")
            check_cas(ca, f" ({self.tls.client_ca_file})")
        return Material(cert, key, ca)

    def reload_if_changed(self) -> Material | None:
        """The new material when the files changed and are usable; None otherwise (cheap: stats only)."""
        stamp = self._stat()
        if stamp == self._stamp:
            return None
        try:
            material = self._load()
        except TlsError as exc:
            log.warning("TLS files changed but cannot be used yet; still serving the previous ones: %s", exc)
            return None
        self._stamp = stamp
        self.current = material
        log.info("TLS certificate reloaded", extra={"cert_file": self.tls.cert_file})
        return material


def upstream_ssl_context(
    ca_bundle_file: str = "",
    ca_pem: str = "",
    client_cert_pem: str = "",
    client_key_pem: str = "",
) -> ssl.SSLContext:
    """The trust for upstream HTTPS: the system's CAs (certifi's where httpx takes them), plus a
    global bundle file and a provider's own CAs; and a provider's client certificate (mTLS)."""
    try:
        import certifi

        ctx = ssl.create_default_context(cafile=certifi.where())
    except ImportError:  # pragma: no cover - httpx depends on certifi
        ctx = ssl.create_default_context()
    ctx.set_alpn_protocols(["h2", "http/1.1"])
    if ca_bundle_file:
        try:
            ctx.load_verify_locations(cafile=ca_bundle_file)
        except (OSError, ssl.SSLError) as exc:
            raise TlsError(f"cannot load the upstream CA bundle {ca_bundle_file}: {exc}") from None
    if ca_pem:
        check_cas(ca_pem.encode(), " (tls_ca_certificates)")
        ctx.load_verify_locations(cadata=ca_pem)
    if client_cert_pem or client_key_pem:
        check_pair(client_cert_pem.encode(), client_key_pem.encode(), " (tls_client_certificate, tls_client_key)")
        _load_chain_from_memory(ctx, client_cert_pem, client_key_pem)
    return ctx


def _load_chain_from_memory(ctx: ssl.SSLContext, cert_pem: str, key_pem: str) -> None:
    """ssl loads certificate chains from files only: a private temporary file, removed at once."""
    import tempfile

    fd, path = tempfile.mkstemp(prefix="llmrouter-client-", suffix=".pem")
    try:
        with os.fdopen(fd, "w") as fh:  # mkstemp: mode 0600
            fh.write(key_pem.rstrip() + "\n" + cert_pem.rstrip() + "\n")
        ctx.load_cert_chain(path)
    finally:
        os.unlink(path)
