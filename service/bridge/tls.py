"""HTTPS for the REST bridge: uvicorn's TLS arguments from the server's TLS settings, and a
watcher that loads renewed files into the live SSL context (new connections get them; open
ones keep theirs)."""

from __future__ import annotations

import asyncio
import logging
import ssl
from typing import Any

from service.tls import CertFiles, ServerTls

__all__ = ["RELOAD_INTERVAL_S", "uvicorn_ssl_args", "watch_cert_files"]

log = logging.getLogger(__name__)

RELOAD_INTERVAL_S = 1.0  # how often the bridge looks at its TLS files (stats only)


def uvicorn_ssl_args(tls: ServerTls) -> dict[str, Any]:
    args: dict[str, Any] = {"ssl_certfile": tls.cert_file, "ssl_keyfile": tls.key_file}
    if tls.mtls:
        args.update(ssl_ca_certs=tls.client_ca_file, ssl_cert_reqs=ssl.CERT_REQUIRED)
    return args


async def watch_cert_files(ctx: ssl.SSLContext, files: CertFiles, interval: float = RELOAD_INTERVAL_S) -> None:
    """Runs until cancelled: renewed certificate files go into `ctx`. Client CAs are added (an
    SSL context cannot forget a CA: removing one needs a restart)."""
    while True:
        await asyncio.sleep(interval)
        material = files.reload_if_changed()
        if material is None:
            continue
        try:
            ctx.load_cert_chain(files.tls.cert_file, files.tls.key_file)
            if files.tls.client_ca_file:
                ctx.load_verify_locations(cadata=material.client_ca.decode())
        except (OSError, ssl.SSLError, ValueError) as exc:
            log.warning("the bridge could not load its renewed TLS files: %s", exc)
