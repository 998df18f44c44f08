"""Listen addresses: HOST:PORT parsing and the loopback check (gRPC server and REST bridge)."""

from __future__ import annotations

import ipaddress


def split_host_port(listen: str) -> tuple[str, int]:
    """("127.0.0.1", 50051) from "127.0.0.1:50051" ("[::1]:1" gives "::1"); ValueError otherwise."""
    host, sep, port = listen.rpartition(":")
    if not sep or not port.isdigit():
        raise ValueError(f"address {listen!r} must be HOST:PORT, e.g. 127.0.0.1:50051")
    return host.strip("[]"), int(port)


def is_loopback_host(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
