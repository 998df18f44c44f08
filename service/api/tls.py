"""gRPC server credentials from the TLS files, re-read without a restart.

grpc's dynamic server credentials ask a fetcher for a new certificate configuration at each
new connection's handshake; ours answers from `CertFiles.reload_if_changed` (file stats only
while nothing changed), so a renewed certificate serves the next connection."""

from __future__ import annotations

import logging

import grpc

from service.tls import CertFiles, Material

__all__ = ["server_credentials"]

log = logging.getLogger(__name__)


def _config(material: Material) -> grpc.ServerCertificateConfiguration:
    return grpc.ssl_server_certificate_configuration(
        [(material.key, material.cert)],
        root_certificates=material.client_ca or None,
    )


def server_credentials(files: CertFiles) -> grpc.ServerCredentials:
    """TLS credentials for `add_secure_port`; with a client CA, clients must present a
    certificate it issued (mTLS)."""

    def fetch() -> grpc.ServerCertificateConfiguration | None:
        try:
            material = files.reload_if_changed()
        except Exception:  # never break the handshake: keep serving what is loaded
            log.exception("checking the TLS files failed")
            return None
        return None if material is None else _config(material)

    return grpc.dynamic_ssl_server_credentials(
        _config(files.current),
        fetch,
        require_client_authentication=files.tls.mtls,
    )
