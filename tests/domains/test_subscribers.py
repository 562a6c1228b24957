"""Event subscribers are wired in one place, never as a side effect of importing a router."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def _run(code: str) -> str:
    out = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, check=True
    )
    return out.stdout.strip()


def test_importing_every_api_router_subscribes_nothing() -> None:
    """A worker that imports the API without building the app must not find handlers wired
    by accident, nor one that builds it miss them: importing routers leaves the table empty."""
    code = """
        import importlib, pkgutil
        import suigang.api.routers
        from suigang.domains.events import service
        for info in pkgutil.iter_modules(suigang.api.routers.__path__):
            importlib.import_module(f"suigang.api.routers.{info.name}")
        print(sum(len(v) for v in service._subscribers.values()))
    """
    assert _run(code) == "0"


def test_register_subscribers_wires_every_domain_handler() -> None:
    """Planning subscribes four kinds (order placed, machine out of / back in service, webhook
    delivery); registering twice adds nothing."""
    code = """
        from suigang.domains.events import service
        from suigang.domains.registry import register_subscribers
        register_subscribers(); register_subscribers()
        print(sorted(k for k, v in service._subscribers.items() if v))
    """
    assert _run(code) == (
        "['machine.back_in_service', 'machine.out_of_service', 'order.placed', 'webhook.delivery']"
    )
