"""InFlightLimit: no more API requests inside the app than the connection pool holds."""

from __future__ import annotations

import asyncio
from typing import Any

from suigang.api.middleware import InFlightLimit


def test_requests_beyond_the_limit_wait_their_turn() -> None:
    """Six API requests at once through a limit of 2: never more than 2 inside, all answered;
    a request outside /api/ (the UI) is not held back."""
    inside, most, order = 0, 0, []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        nonlocal inside, most
        inside += 1
        most = max(most, inside)
        await asyncio.sleep(0.01)
        order.append(scope["path"])
        inside -= 1

    limited = InFlightLimit(app, limit=2)

    async def call(path: str) -> None:
        await limited({"type": "http", "path": path}, None, None)

    async def main() -> None:
        await asyncio.gather(*(call(f"/api/v1/x{i}") for i in range(6)), call("/login"))

    asyncio.run(main())
    assert len(order) == 7  # every request got through
    assert most == 3  # two API requests and the UI's page, never a third API request
