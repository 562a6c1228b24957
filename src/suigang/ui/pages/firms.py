"""``/firms``: the zone's directory of firms — name in the reader's script, kind, region —
filtered by part of a name (in any script) and by kind."""

from __future__ import annotations

from urllib.parse import urlencode

from nicegui import ui

from suigang.domains.identity.models import EnterpriseKind
from suigang.domains.identity.service import list_enterprises
from suigang.ui.context import PageContext
from suigang.ui.frame import add_navigation, data_table, pager
from suigang.ui.guard import guarded_page
from suigang.ui.i18n import LABELS, LANGS, add_labels, t

LIMIT = 20

_LABELS: dict[str, tuple[str, str, str]] = {
    "firms.nav": ("企业名录", "企業名錄", "Firms"),
    "firms.title": ("合作区企业名录", "合作區企業名錄", "Firms of the zone"),
    "firms.name_filter": ("名称包含", "名稱包含", "Name contains"),
    "firms.all_kinds": ("全部类型", "全部類型", "All kinds"),
    "firms.search": ("筛选", "篩選", "Filter"),
    "firms.none": ("没有符合条件的企业", "沒有符合條件的企業", "No firm matches"),
    "firms.name": ("名称", "名稱", "Name"),
    "firms.kind": ("类型", "類型", "Kind"),
    "firms.region": ("地区", "地區", "Region"),
}
# the test harness may import this module again; the same labels again are fine
add_labels({k: v for k, v in _LABELS.items() if LABELS.get(k) != dict(zip(LANGS, v, strict=True))})
for _kind in EnterpriseKind:
    add_navigation(_kind, "/firms", "firms.nav", "domain")


def register() -> None:
    @guarded_page("/firms", title="firms.title")
    def firms_page(ctx: PageContext, name: str = "", kind: str = "", firms: int = 0) -> None:
        chosen = kind if kind in {k.value for k in EnterpriseKind} else ""
        with ui.row().classes("items-center gap-3"):
            needle = ui.input(t("firms.name_filter"), value=name).props("outlined dense")
            needle.classes("w-72").mark("firm-name-filter")
            kinds = ui.select(
                {"": t("firms.all_kinds")}
                | {k.value: t(f"kind.{k.value}") for k in EnterpriseKind},
                value=chosen,
            ).props("outlined dense")
            kinds.classes("w-56").mark("firm-kind-filter")

            def apply() -> None:
                query = {k: v for k, v in (("name", needle.value), ("kind", kinds.value)) if v}
                ui.navigate.to(f"/firms?{urlencode(query)}" if query else "/firms")

            needle.on("keydown.enter", apply)
            ui.button(t("firms.search"), icon="search", on_click=apply).props(
                "color=teal-8 no-caps"
            ).mark("firm-filter")
        offset = max(0, firms)
        rows, total = list_enterprises(
            ctx.session,
            actor=ctx.actor,
            kind=chosen or None,
            name=name or None,
            offset=offset,
            limit=LIMIT,
        )
        extra = urlencode({k: v for k, v in (("name", name), ("kind", chosen)) if v})
        pager("firms", offset, len(rows), total, LIMIT, extra=extra)
        data_table(
            [t("firms.name"), t("firms.kind"), t("firms.region")],
            [
                (f.name(ctx.lang), t(f"kind.{f.kind.value}"), t(f"region.{f.region.value}"))
                for f in rows
            ],
            empty_key="firms.none",
        )
