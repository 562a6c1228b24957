"""The chain pages: a firm's direct suppliers and customers (graph and tables), and the zone
office's chain by segment (graph), supply between segments and the local-supplier gaps
(tables), each downloadable as Excel."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from nicegui import ui

from suigang.domains.alliance import service
from suigang.domains.alliance.schemas import ChainEdge, SupplierGap, ZoneChain
from suigang.ui.context import PageContext, fmt_money, run_action
from suigang.ui.frame import Link, data_table, section
from suigang.ui.i18n import t

TEAL, GREY, ORANGE = "#0f766e", "#94a3b8", "#c2410c"


def _cny(value: Decimal) -> str:
    return fmt_money(value, "CNY")


def download_button(kind: str) -> None:
    def download() -> None:
        if kind == "zone":
            body = run_action(lambda s, a: service.export_zone_chain(s, actor=a))
        else:
            body = run_action(lambda s, a: service.export_firm_chain(s, actor=a))
        if body is not None:
            ui.download(body, f"{kind}-chain.xlsx")

    ui.button(t("alliance.export"), icon="download", on_click=download).props(
        "outline color=teal-8 no-caps"
    ).mark("alliance-export")


def edge_rows(edges: list[ChainEdge]) -> list[tuple[Any, ...]]:
    return [
        (
            Link(e.partner_name, f"/alliance/firms/{e.partner_id}")
            if e.partner_id else e.partner_name,
            t(f"region.{e.partner_region.value}"), e.item, t(f"alliance.link_kind.{e.kind.value}"),
            t(f"alliance.source.{e.source.value}"), e.orders or "—", _cny(e.value_cny),
        )
        for e in edges
    ]  # fmt: skip


def firm_graph(ctx: PageContext, up: list[ChainEdge], down: list[ChainEdge]) -> dict[str, Any]:
    me = ctx.user.enterprise.name(ctx.lang)
    nodes: dict[str, dict[str, Any]] = {
        me: {"name": me, "x": 300, "y": 150, "symbolSize": 56, "itemStyle": {"color": TEAL}}
    }
    links = []
    for side, edges, x in (("up", up, 0), ("down", down, 600)):
        for i, e in enumerate(edges):
            name = e.partner_name
            if name not in nodes:
                step = 300 / max(1, len(edges) - 1) if len(edges) > 1 else 0
                nodes[name] = {
                    "name": name, "x": x, "y": (i * step) if len(edges) > 1 else 150,
                    "symbolSize": 34,
                    "itemStyle": {"color": GREY if e.partner_id is None else ORANGE},
                }  # fmt: skip
            source, target = (name, me) if side == "up" else (me, name)
            links.append(
                {
                    "source": source,
                    "target": target,
                    "label": {"show": True, "formatter": e.item[:24]},
                }
            )
    return {
        "tooltip": {},
        "series": [
            {
                "type": "graph", "layout": "none", "roam": True, "edgeSymbol": ["none", "arrow"],
                "edgeSymbolSize": 9, "label": {"show": True, "position": "bottom", "fontSize": 11},
                "lineStyle": {"width": 2, "curveness": 0.1}, "edgeLabel": {"fontSize": 10},
                "data": list(nodes.values()), "links": links,
            }
        ],
    }  # fmt: skip


def firm_chain_body(ctx: PageContext) -> None:
    chain = service.firm_chain(ctx.session, actor=ctx.actor, lang=ctx.lang)
    download_button("firm")
    with section("alliance.graph").mark("alliance-graph"):
        if not (chain.upstream or chain.downstream):
            ui.label(t("alliance.chain_none")).classes("text-grey-7 italic")
        else:
            ui.echart(firm_graph(ctx, chain.upstream, chain.downstream)).classes(
                "w-full h-96"
            ).mark("chain-graph")
    headers = [
        t("alliance.firm"), t("alliance.region"), t("alliance.item"), t("alliance.kind"),
        t("alliance.source"), t("alliance.orders"), t("alliance.value_cny"),
    ]  # fmt: skip
    for key, edges in (
        ("alliance.upstream", chain.upstream),
        ("alliance.downstream", chain.downstream),
    ):
        with section(key).mark(key.replace(".", "-")):
            data_table(headers, edge_rows(edges), empty_key="alliance.chain_none")


def node_name(node: str) -> str:
    return t(f"alliance.node.{node}")


def zone_graph(chain: ZoneChain) -> dict[str, Any]:
    top = max((e.value_cny for e in chain.edges), default=Decimal(1)) or Decimal(1)
    return {
        "tooltip": {},
        "series": [
            {
                "type": "graph", "layout": "circular", "roam": True,
                "circular": {"rotateLabel": False}, "edgeSymbol": ["none", "arrow"],
                "edgeSymbolSize": 10, "label": {"show": True, "position": "right"},
                "data": [
                    {"name": node_name(n.id), "value": n.firms,
                     "symbolSize": 24 + 6 * min(n.firms, 10),
                     "itemStyle": {"color": TEAL if n.firms else GREY}}
                    for n in chain.nodes
                ],
                "links": [
                    {"source": node_name(e.source), "target": node_name(e.target),
                     "value": float(e.value_cny),
                     "lineStyle": {"width": 1 + 7 * float(e.value_cny / top), "curveness": 0.2}}
                    for e in chain.edges
                ],
            }
        ],
    }  # fmt: skip


def gap_rows(gaps: list[SupplierGap]) -> list[tuple[Any, ...]]:
    return [
        (
            g.item, t(f"alliance.link_kind.{g.kind.value}"),
            t(f"alliance.segment.{g.segment.value}") if g.segment else "—", g.buyers,
            _cny(g.value_cny), "、".join(t(f"region.{r.value}") for r in g.supplier_regions),
            "; ".join(f"{c.name} ({', '.join(c.reasons[:2])})" for c in g.candidates)
            or t("alliance.candidates_none"),
        )
        for g in gaps
    ]  # fmt: skip


def zone_chain_body(ctx: PageContext) -> None:
    chain = service.zone_chain(ctx.session, actor=ctx.actor, lang=ctx.lang)
    download_button("zone")
    with section("alliance.graph").mark("alliance-graph"):
        ui.label(t("alliance.zone_links_hint")).classes("text-xs text-grey-7")
        ui.echart(zone_graph(chain)).classes("w-full h-[28rem]").mark("zone-graph")
    with section("alliance.gaps").mark("alliance-gaps"):
        ui.label(t("alliance.gaps_hint")).classes("text-xs text-grey-7")
        data_table(
            [t("alliance.item"), t("alliance.kind"), t("alliance.segment"), t("alliance.buyers"),
             t("alliance.value_cny"), t("alliance.bought_from"), t("alliance.candidates")],
            gap_rows(chain.gaps),
            empty_key="alliance.gaps_none",
        )  # fmt: skip
    with section("alliance.zone_links").mark("alliance-zone-links"):
        data_table(
            [t("alliance.supplier"), t("alliance.customer"), t("alliance.links_count"),
             t("alliance.value_cny")],
            [(node_name(e.source), node_name(e.target), e.links, _cny(e.value_cny))
             for e in chain.edges],
            empty_key="alliance.chain_none",
        )  # fmt: skip
        data_table(
            [t("alliance.segment"), t("alliance.firms")],
            [(node_name(n.id), n.firms) for n in chain.nodes if n.firms],
            empty_key="alliance.chain_none",
        )
