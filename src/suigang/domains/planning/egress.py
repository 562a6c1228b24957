"""Where the platform may send a firm's webhook calls: public addresses only.

A webhook URL is a request the platform makes on a firm's behalf, from inside the zone's
network. Loopback, private, link-local (cloud metadata at 169.254.169.254 among them),
shared, multicast, reserved and unspecified addresses are refused, whether written as an
IP or reached through a name, at registration and again at delivery after resolving the name
(the call then goes to the checked address, so the name cannot change in between). A host
the zone administrator put on the allow-list (``webhook_allowed_host``) is exempt.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from suigang.errors import InvalidInput

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
#: ``(host, port) -> addresses``; replaceable for tests of names that change their answer.
Resolver = Callable[[str, int], Sequence[str]]

#: Blocks beyond what ``ipaddress`` flags (carrier-grade NAT, benchmarking, cloud metadata).
_EXTRA_BLOCKED = tuple(
    ipaddress.ip_network(n)
    for n in ("100.64.0.0/10", "198.18.0.0/15", "192.0.0.0/24", "fd00:ec2::/32")
)


class EgressRefused(InvalidInput):
    """The URL leads to an address the platform does not call."""


@dataclass(frozen=True, slots=True)
class Target:
    """A checked webhook URL: where to connect (``address``) and what to call it (``host``)."""

    scheme: str
    host: str
    port: int
    path: str
    address: str


_LABEL = re.compile(r"^(?!-)[a-z0-9_-]{1,63}(?<!-)$")


def is_host(text: str) -> bool:
    """True for an IP address or a DNS host name (lower case, no trailing dot)."""
    try:
        ipaddress.ip_address(text)
        return True
    except ValueError:
        pass
    return 0 < len(text) <= 253 and all(_LABEL.match(label) for label in text.split("."))


def system_resolver(host: str, port: int) -> list[str]:
    """Every address the system resolver gives for ``host``."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def internal_reason(address: IPAddress) -> str | None:
    """Why ``address`` is not a public one the platform may call, or None."""
    if isinstance(address, ipaddress.IPv6Address):
        mapped = address.ipv4_mapped or address.sixtofour
        if mapped is not None:
            return internal_reason(mapped)
    checks = (
        ("loopback", address.is_loopback),
        ("unspecified", address.is_unspecified),
        ("link-local (cloud metadata lives there)", address.is_link_local),
        ("multicast", address.is_multicast),
        ("private", address.is_private),
        ("reserved", address.is_reserved),
        ("not globally routable", any(address in net for net in _EXTRA_BLOCKED)),
        ("not globally routable", not address.is_global),
    )
    return next((name for name, hit in checks if hit), None)


def check_url(
    url: str, *, allowed_hosts: Collection[str], resolve: Resolver = system_resolver
) -> Target:
    """The URL as a :class:`Target`, or ``EgressRefused`` naming the address and why."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise InvalidInput(f"url {url!r} is not a valid URL ({exc})") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InvalidInput(f"url {url!r} is not an http(s) URL")
    if parts.username or parts.password:
        raise InvalidInput("url must not carry a user name or password")
    host = parts.hostname.lower().rstrip(".")
    port = port or (443 if parts.scheme == "https" else 80)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    allowed = host in {h.lower().rstrip(".") for h in allowed_hosts}
    try:
        literal: IPAddress | None = ipaddress.ip_address(host)
    except ValueError:
        literal = None
    if literal is not None:
        addresses = [str(literal)]
    else:
        try:
            addresses = list(resolve(host, port))
        except (OSError, UnicodeError) as exc:
            raise EgressRefused(f"url host {host!r} does not resolve ({exc})") from None
        if not addresses:
            raise EgressRefused(f"url host {host!r} does not resolve")
    if not allowed:
        for text in addresses:
            reason = internal_reason(ipaddress.ip_address(text.split("%")[0]))
            if reason is not None:
                raise EgressRefused(
                    f"url host {host!r} is {reason} address {text}: webhooks go to public "
                    "addresses only (the zone administrator can allow a host)"
                )
    return Target(parts.scheme, host, port, path, addresses[0])
