"""Where providers may point: link-local and cloud-metadata addresses are refused.

A provider's base_url reaching 169.254.169.254 (or any link-local address, or a metadata host
name) would let whoever manages providers read a cloud instance's credentials through the
gateway. Such hosts are refused unless listed in the `egress_allow` setting. Loopback and
private ranges (10/8, 172.16/12, 192.168/16, fc00::/7) stay allowed: self-hosted vLLM or mlx-lm
servers are normal targets. The check runs twice: on the URL at create/update (literal
addresses and known names, no DNS), and on every address a host name resolves to when a
connection is opened (so a name that later resolves to a metadata address is refused too).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from urllib.parse import urlsplit

__all__ = ["METADATA_HOSTS", "EgressPolicy", "blocked_reason"]

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

# Instance-metadata services of the clouds, by name.
METADATA_HOSTS = frozenset(
    {
        "metadata.google.internal",
        "metadata.goog",
        "metadata",
        "instance-data",
        "instance-data.ec2.internal",
        "metadata.azure.com",
        "metadata.platformequinix.com",
        "metadata.tencentyun.com",
    }
)

# Refused ranges besides link-local itself, with a word for the message.
_BLOCKED: tuple[tuple[IPNetwork, str], ...] = (
    (ipaddress.ip_network("169.254.0.0/16"), "link-local (cloud metadata)"),
    (ipaddress.ip_network("fe80::/10"), "link-local"),
    (ipaddress.ip_network("fd00:ec2::254/128"), "cloud metadata (AWS IPv6)"),
    (ipaddress.ip_network("100.100.100.200/32"), "cloud metadata (Alibaba)"),
    (ipaddress.ip_network("0.0.0.0/8"), "unspecified"),
    (ipaddress.ip_network("::/128"), "unspecified"),
)


def _embedded_v4(addr: IPAddress) -> IPAddress:
    """The IPv4 address inside an IPv4-mapped (::ffff:a.b.c.d) or NAT64 IPv6 address."""
    if isinstance(addr, ipaddress.IPv6Address):
        if addr.ipv4_mapped is not None:
            return addr.ipv4_mapped
        if addr in ipaddress.ip_network("64:ff9b::/96"):
            return ipaddress.IPv4Address(int(addr) & 0xFFFFFFFF)
    return addr


def blocked_reason(address: str | IPAddress) -> str:
    """Why `address` is refused ("" when it is allowed)."""
    addr = ipaddress.ip_address(address) if isinstance(address, str) else address
    addr = _embedded_v4(addr)
    for net, why in _BLOCKED:
        if addr.version == net.version and addr in net:
            return why
    if addr.is_link_local:
        return "link-local"
    return ""


class EgressPolicy:
    """The refusal rule with its deliberate exceptions (host names, addresses or CIDR ranges)."""

    def __init__(self, allow: Iterable[str] = ()) -> None:
        self.allowed_hosts: set[str] = set()
        self.allowed_nets: list[IPNetwork] = []
        for item in allow:
            item = item.strip().lower().strip("[]")
            if not item:
                continue
            try:
                self.allowed_nets.append(ipaddress.ip_network(item, strict=False))
            except ValueError:
                self.allowed_hosts.add(item.rstrip("."))

    @classmethod
    def from_setting(cls, value: str) -> EgressPolicy:
        return cls(value.split(","))

    def _allowed_address(self, addr: IPAddress) -> bool:
        return any(addr.version == n.version and addr in n for n in self.allowed_nets)

    def host_refusal(self, host: str) -> str:
        """Why a URL's host is refused without resolving it ("" when allowed or unknown until resolved)."""
        name = host.strip("[]").lower().rstrip(".")
        if name in self.allowed_hosts:
            return ""
        try:
            addr = ipaddress.ip_address(name.split("%", 1)[0])
        except ValueError:
            if name in METADATA_HOSTS:
                return f"{name} is a cloud metadata service"
            return ""
        if self._allowed_address(addr):
            return ""
        why = blocked_reason(addr)
        return f"{name} is a {why} address" if why else ""

    def address_refusal(self, host: str, address: str) -> str:
        """Why connecting to `address` (one that `host` resolved to) is refused ("" when allowed)."""
        name = host.strip("[]").lower().rstrip(".")
        if name in self.allowed_hosts:
            return ""
        addr = ipaddress.ip_address(address.split("%", 1)[0])
        if self._allowed_address(addr):
            return ""
        why = blocked_reason(addr)
        return f"{name} resolves to {addr}, a {why} address" if why else ""

    def url_refusal(self, url: str) -> str:
        try:
            host = urlsplit(url).hostname or ""
        except ValueError:
            return ""
        return self.host_refusal(host) if host else ""
