"""Which IP addresses a fetch may connect to, and resolving host names to them.

A URL is attacker-controlled input: without this check ``http://169.254.169.254/`` reads cloud
credentials and ``http://localhost:6379/`` talks to internal services (SSRF). The check runs on
the address the socket actually connects to (see `network`), so DNS rebinding, where a name
resolves to a public address for the check and a private one for the connection, cannot slip
through.
"""

from __future__ import annotations

import ipaddress
import socket
from typing import Awaitable, Callable

import anyio

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

#: Resolves ``(host, port)`` to IP address strings, in preference order. Raise `socket.gaierror`
#: (or any `OSError`) when the name does not resolve. Tests pass a stub that maps their host
#: names to 127.0.0.x without touching DNS.
Resolver = Callable[[str, int], Awaitable[list[str]]]


def parse_ip(text: str) -> IPAddress | None:
    """The address for an IP literal (brackets and IPv6 zone ids tolerated), else None."""
    candidate = text.strip("[]").split("%", 1)[0]
    try:
        address = ipaddress.ip_address(candidate)
    except ValueError:
        return None
    # ::ffff:10.0.0.1 reaches 10.0.0.1: judge the IPv4 address inside.
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def blocked_reason(address: IPAddress) -> str | None:
    """Why connecting to ``address`` is refused by default, or None when it is public."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    checks = (
        (address.is_loopback, "loopback"),
        (address.is_link_local, "link-local (cloud metadata lives at 169.254.169.254)"),
        (address.is_multicast, "multicast"),
        (address.is_unspecified, "unspecified"),
        (address.is_reserved, "reserved"),
        (address.is_private, "private"),
        # Shared address space (100.64.0.0/10), documentation and benchmarking ranges, ...
        (not address.is_global, "not globally routable"),
    )
    for hit, reason in checks:
        if hit:
            return reason
    return None


async def system_resolver(host: str, port: int) -> list[str]:
    """Resolve with the operating system's resolver (getaddrinfo), without blocking the loop."""
    infos = await anyio.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    seen: dict[str, None] = {}
    for _family, _type, _proto, _canon, sockaddr in infos:
        seen.setdefault(str(sockaddr[0]), None)
    return list(seen)


def static_resolver(mapping: dict[str, str]) -> Resolver:
    """A resolver answering from a fixed ``{host: ip}`` table (tests, benchmarks, /etc/hosts-like
    pinning). Unknown names fail like an NXDOMAIN, so nothing ever reaches real DNS."""
    table = {host.lower(): ip for host, ip in mapping.items()}

    async def resolve(host: str, port: int) -> list[str]:
        ip = table.get(host.lower().rstrip("."))
        if ip is None:
            raise socket.gaierror(socket.EAI_NONAME, f"{host} is not in the static table")
        return [ip]

    return resolve
