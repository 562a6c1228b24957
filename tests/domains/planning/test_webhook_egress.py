"""Webhooks reach public addresses only: refused at registration and, after resolving the
name again, at delivery, unless the zone administrator allow-lists the host (SQLite and
PostgreSQL)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from suigang.domains.events.service import dispatch_pending, subscribe, unsubscribe
from suigang.domains.planning import notify
from suigang.domains.planning.egress import EgressRefused
from suigang.errors import PermissionDenied
from tests.world import World, build_world

PUBLIC = "93.184.215.14"  # a globally routable address (no name: no DNS needed)


class _Receiver(BaseHTTPRequestHandler):
    calls: list[str] = []
    redirect_to: str | None = None

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        _Receiver.calls.append(self.path)
        if _Receiver.redirect_to and self.path == "/hook":
            self.send_response(307)
            self.send_header("Location", _Receiver.redirect_to)
        else:
            self.send_response(204)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def receiver() -> Iterator[int]:
    """A webhook receiver on 127.0.0.1; yields its port."""
    _Receiver.calls, _Receiver.redirect_to = [], None
    server = HTTPServer(("127.0.0.1", 0), _Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_port
    server.shutdown()


@pytest.fixture
def world(session) -> Iterator[World]:  # type: ignore[no-untyped-def]
    subscribe(notify.WEBHOOK_DELIVERY, notify.deliver)
    yield build_world(session)
    unsubscribe(notify.WEBHOOK_DELIVERY, notify.deliver)
    notify.RESOLVER[0] = notify.egress.system_resolver


def register(session, w: World, url: str):  # type: ignore[no-untyped-def]
    return notify.register_webhook(
        session, actor=w.actor("hk1"), url=url, kinds=[notify.FORECAST_SLIPPED]
    )


def fire(session, w: World) -> int:  # type: ignore[no-untyped-def]
    """One forecast slip for hk1; returns how many outbox events were delivered."""
    notify.notify(
        session,
        enterprise_id=w.firms["hk1"].id,
        kind=notify.FORECAST_SLIPPED,
        subject_id="o1",
        message="slipped",
        data={},
    )
    session.commit()
    return dispatch_pending(session)


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("http://127.0.0.1:8080/hook", "loopback"),
        ("http://localhost/hook", "loopback"),
        ("http://2130706433/hook", "loopback"),  # 127.0.0.1 written as one number
        ("http://0x7f.1/hook", "loopback"),  # ... and in hex
        ("http://[::1]/hook", "loopback"),
        ("http://[::ffff:127.0.0.1]/hook", "loopback"),  # IPv4 inside IPv6
        ("http://10.1.2.3/hook", "private"),
        ("http://172.16.5.4/hook", "private"),
        ("https://192.168.1.1/hook", "private"),
        ("http://169.254.169.254/latest/meta-data/", "link-local"),  # cloud metadata
        ("http://[fd00:ec2::254]/", "private"),  # cloud metadata over IPv6
        ("http://0.0.0.0/hook", "unspecified"),
        ("http://100.64.0.1/hook", "not globally routable"),  # carrier-grade NAT
        ("http://no-such-host.invalid/hook", "does not resolve"),
    ],
)
def test_internal_addresses_are_refused_at_registration(session, world, url, why) -> None:  # type: ignore[no-untyped-def]
    """Each of these leads inside (or nowhere): 422 naming why, nothing stored."""
    with pytest.raises(EgressRefused, match=why):
        register(session, world, url)
    assert notify.list_webhooks(session, actor=world.actor("hk1")) == []


def test_a_public_address_registers(session, world) -> None:  # type: ignore[no-untyped-def]
    """A globally routable address is accepted as it was."""
    hook = register(session, world, f"https://{PUBLIC}/hook")
    assert hook.url == f"https://{PUBLIC}/hook"


def test_allow_list_opens_a_host_and_delivery_checks_again(session, world, receiver) -> None:  # type: ignore[no-untyped-def]
    """Allowed by the zone admin, loopback registers and is called; once the host leaves the
    allow-list the next call is not made (the check is repeated at delivery)."""
    zone = world.actor("zone")
    with pytest.raises(PermissionDenied):  # only the zone office decides
        notify.allow_webhook_host(session, actor=world.actor("hk1"), host="127.0.0.1")
    notify.allow_webhook_host(session, actor=zone, host="127.0.0.1")
    register(session, world, f"http://127.0.0.1:{receiver}/hook")
    assert fire(session, world) == 1
    assert _Receiver.calls == ["/hook"]
    notify.disallow_webhook_host(session, actor=zone, host="127.0.0.1")
    fire(session, world)
    assert _Receiver.calls == ["/hook"]  # not called again


def test_a_name_that_turns_internal_after_registration_is_not_called(
    session, world, receiver
) -> None:  # type: ignore[no-untyped-def]
    """DNS rebinding: the name answered a public address at registration and answers
    loopback at delivery; the receiver on loopback is never called."""
    answers = iter([[PUBLIC], ["127.0.0.1"]])
    notify.RESOLVER[0] = lambda host, port: next(answers)
    register(session, world, f"http://hooks.example:{receiver}/hook")
    fire(session, world)
    assert _Receiver.calls == []


def test_redirects_are_not_followed(session, world, receiver) -> None:  # type: ignore[no-untyped-def]
    """A receiver answering 307 to another place is a failed call (retried later), and the
    place it points to is never called."""
    notify.allow_webhook_host(session, actor=world.actor("zone"), host="127.0.0.1")
    _Receiver.redirect_to = f"http://127.0.0.1:{receiver}/elsewhere"
    register(session, world, f"http://127.0.0.1:{receiver}/hook")
    assert fire(session, world) == 0  # not delivered: left for a retry
    assert _Receiver.calls == ["/hook"]
