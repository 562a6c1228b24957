"""Firm names in the viewer's script."""

from __future__ import annotations

import uuid

from suigang.domains.identity.service import get_enterprise
from suigang.errors import NotFound
from suigang.ui.context import PageContext


class FirmNames:
    """Names of firms in the viewer's script, read once per page through the directory."""

    def __init__(self, ctx: PageContext) -> None:
        self.ctx = ctx
        self.cache: dict[uuid.UUID, str] = {}

    def __call__(self, enterprise_id: uuid.UUID) -> str:
        if enterprise_id not in self.cache:
            try:
                ent = get_enterprise(
                    self.ctx.session, enterprise_id=enterprise_id, actor=self.ctx.actor
                )
                self.cache[enterprise_id] = ent.name(self.ctx.lang)
            except NotFound:
                self.cache[enterprise_id] = "—"
        return self.cache[enterprise_id]
