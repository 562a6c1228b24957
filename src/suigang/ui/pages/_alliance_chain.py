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


ROW, GAP = 44, 320  # pixels between two partners of one side, and between the columns


def firm_graph(ctx: PageContext, up: list[ChainEdge], down: list[ChainEdge]) -> dict[str, Any]:
    """Suppliers on the left, the firm in the middle, customers on the right. Coordinates are
    pixels and the series box has the data's size: a graph view stretches to its box."""
    me = ctx.user.enterprise.name(ctx.lang)
    rows = max(len(up), len(down), 1)
    centre_x = GAP if up else 0
    centre_y = (rows - 1) * ROW / 2 if rows > 1 else ROW / 2
    nodes: dict[str, dict[str, Any]] = {
        me: {"name": me, "x": centre_x, "y": centre_y, "symbolSize": 48,
             "itemStyle": {"color": TEAL}, "label": {"position": "bottom"}}
    }  # fmt: skip
    links = []
    labelled = rows <= 6  # edge labels only where they do not pile up
    for side, edges, x in (("up", up, 0), ("down", down, centre_x + GAP)):
        offset = (rows - len(edges)) * ROW / 2
        for i, e in enumerate(edges):
            name = e.partner_name
            nodes.setdefault(name, {
                "name": name, "x": x, "y": offset + i * ROW, "symbolSize": 20,
                "itemStyle": {"color": GREY if e.partner_id is None else ORANGE},
                "label": {"position": "left" if side == "up" else "right"},
            })  # fmt: skip
            source, target = (name, me) if side == "up" else (me, name)
            links.append({
                "source": source, "target": target, "value": f"{e.item} · {_cny(e.value_cny)}",
                "label": {"show": labelled, "formatter": e.item[:30]},
            })  # fmt: skip
    xs = [n["x"] for n in nodes.values()]
    ys = [n["y"] for n in nodes.values()]
    return {
        "tooltip": {"formatter": "{c}"},
        "series": [
            {
                "type": "graph", "layout": "none", "roam": True, "edgeSymbol": ["none", "arrow"],
                "edgeSymbolSize": 8, "label": {"show": True, "fontSize": 11},
                "lineStyle": {"width": 1.5, "curveness": 0.05}, "edgeLabel": {"fontSize": 10},
                "data": list(nodes.values()), "links": links, "left": "center", "top": 40,
                "width": max(xs) - min(xs), "height": max(ys) - min(ys),
            }
        ],
    }  # fmt: skip


def graph_height(up: list[ChainEdge], down: list[ChainEdge]) -> int:
    return ROW * max(len(up), len(down), 1) + 110


def firm_chain_body(ctx: PageContext) -> None:
    chain = service.firm_chain(ctx.session, actor=ctx.actor, lang=ctx.lang)
    download_button("firm")
    with section("alliance.graph").mark("alliance-graph"):
        if not (chain.upstream or chain.downstream):
            ui.label(t("alliance.chain_none")).classes("text-grey-7 italic")
        else:
            chart = ui.echart(firm_graph(ctx, chain.upstream, chain.downstream))
            chart.classes("w-full").style(
                f"height: {graph_height(chain.upstream, chain.downstream)}px"
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
            "; ".join(f"{c.name} ({c.reasons[0]})" if c.reasons else c.name for c in g.candidates)
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
