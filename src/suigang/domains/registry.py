"""The domains' parts that are found, not listed: tables and event subscribers.

``load_all_models`` imports each domain's ``models`` (for migrations and test set-up);
``register_subscribers`` calls each domain's ``subscribers.register()`` — the one place that
wires event handlers, called by the web app, by every command that delivers events and by
the tests that deliver them.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType

from sqlalchemy import MetaData

import suigang.domains
from suigang.db import Base


def load_all_models() -> MetaData:
    """Import ``models`` of each domain package and return the complete metadata."""
    _each_domain_module("models")
    return Base.metadata


def register_subscribers() -> None:
    """Subscribe every domain's event handlers to the outbox (idempotent)."""
    for module in _each_domain_module("subscribers"):
        module.register()


def _each_domain_module(name: str) -> list[ModuleType]:
    """Import ``suigang.domains.<domain>.<name>`` of every domain that has one."""
    found = []
    for info in pkgutil.iter_modules(suigang.domains.__path__):
        if info.ispkg:
            path = f"suigang.domains.{info.name}.{name}"
            try:
                found.append(importlib.import_module(path))
            except ModuleNotFoundError as exc:
                if exc.name != path:
                    raise
    return found
