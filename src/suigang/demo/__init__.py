"""The demo zone: a deterministic, realistic cooperation zone built into an empty database.

``build_demo(session, password=...)`` adds the zone office, Hong Kong front shops, research
institutes, service providers and zone factories with their shop floors, catalogues and a
year of orders; ``demo_present(session)`` tells a caller to reuse a database built before,
and ``demo_accounts()`` lists the accounts to show either way.
"""

from suigang.demo.build import (
    DEFAULT_SEED,
    DemoAccount,
    DemoSummary,
    build_demo,
    demo_accounts,
    demo_present,
)

__all__ = [
    "DEFAULT_SEED",
    "DemoAccount",
    "DemoSummary",
    "build_demo",
    "demo_accounts",
    "demo_present",
]
