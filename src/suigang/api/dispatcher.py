"""Deliver outbox events while the server runs.

A write use case only adds its events to the outbox (``events.service.emit``); this loop
hands them to their subscribers (planning repairs a plan when a machine goes out of
service, places a new order's work, calls webhooks) a moment later, in a worker thread so
the web server's event loop never waits on it. With PostgreSQL several servers may run it:
each event is claimed by one of them.
"""

from __future__ import annotations

import asyncio
import logging

from sqlalchemy.orm import Session, sessionmaker

from suigang.domains.events.service import deliver_all

log = logging.getLogger(__name__)


async def run_dispatcher(sessions: sessionmaker[Session], interval_s: float) -> None:
    """Deliver pending events every ``interval_s`` seconds until cancelled."""
    while True:
        try:
            delivered = await asyncio.to_thread(deliver_all, sessions)
            if delivered:
                log.info("delivered %d outbox events", delivered)
        except Exception:  # a broken handler or a lost database must not stop the server
            log.exception("delivering outbox events failed; trying again")
        await asyncio.sleep(interval_s)
