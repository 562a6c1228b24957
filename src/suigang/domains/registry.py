"""Load every domain's tables onto ``Base.metadata`` (for migrations and test set-up)."""

from __future__ import annotations

import importlib
import pkgutil

from sqlalchemy import MetaData

import suigang.domains
from suigang.db import Base


def load_all_models() -> MetaData:
    """Import ``models`` of each domain package and return the complete metadata."""
    for info in pkgutil.iter_modules(suigang.domains.__path__):
        if info.ispkg:
            try:
                importlib.import_module(f"suigang.domains.{info.name}.models")
            except ModuleNotFoundError as exc:
                if exc.name != f"suigang.domains.{info.name}.models":
                    raise
    return Base.metadata
