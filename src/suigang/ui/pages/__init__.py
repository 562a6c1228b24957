"""The pages of the web UI, one module per area, each found here by itself.

A page module provides ``register()`` (which declares its ``@ui.page`` routes) and may
declare, at import time:

- its labels, with ``suigang.ui.i18n.add_labels({"area.key": (zh-Hans, zh-Hant, en), ...})``
  (a key defined twice is refused);
- its entries in the left navigation, with ``suigang.ui.frame.add_navigation(kind, path,
  label_key, icon)``.

``mount`` imports every module of this package and calls its ``register()``; the i18n tests
import them all too, so each label a page uses is checked in the three languages.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType


def page_modules() -> list[ModuleType]:
    """Every page module of this package, imported (so its labels and navigation exist)."""
    return [
        importlib.import_module(f"{__name__}.{info.name}")
        for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name)
        if not info.name.startswith("_")
    ]
