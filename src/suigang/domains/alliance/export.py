"""The chain as an Excel workbook: the zone office's segment links and gaps, or a firm's own
suppliers and customers."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from suigang.domains.alliance.chain import firm_chain, zone_chain
from suigang.domains.alliance.schemas import ChainEdge
from suigang.domains.common import xlsx_workbook
from suigang.domains.identity.permissions import Actor


def export_zone_chain(session: Session, *, actor: Actor) -> bytes:
    """Segments, links between them and the local-supplier gaps (the zone office)."""
    chain = zone_chain(session, actor=actor)
    return xlsx_workbook(
        [
            ("Segments", ("segment", "zone firms"), [(n.id, n.firms) for n in chain.nodes]),
            (
                "Links",
                ("supplier segment", "customer segment", "links", "value CNY"),
                [(e.source, e.target, e.links, e.value_cny) for e in chain.edges],
            ),
            (
                "Gaps",
                ("item", "kind", "segment", "zone buyers", "links", "value CNY",
                 "supplier regions", "could fill it"),
                [
                    (g.item, g.kind.value, g.segment.value if g.segment else "", g.buyers,
                     g.links, g.value_cny, ", ".join(r.value for r in g.supplier_regions),
                     "; ".join(c.name for c in g.candidates))
                    for g in chain.gaps
                ],
            ),
        ],
        decimal=float,
    )  # fmt: skip


def _edge_rows(edges: list[ChainEdge]) -> list[tuple[Any, ...]]:
    return [
        (e.partner_name, e.partner_region.value, e.item, e.kind.value, e.source.value,
         e.segment.value if e.segment else "", e.orders, e.value_cny)
        for e in edges
    ]  # fmt: skip


def export_firm_chain(session: Session, *, actor: Actor) -> bytes:
    """The actor's firm's suppliers and customers."""
    chain = firm_chain(session, actor=actor)
    header = ("partner", "region", "item", "kind", "source", "segment", "orders", "value CNY")
    return xlsx_workbook(
        [
            ("Upstream", header, _edge_rows(chain.upstream)),
            ("Downstream", header, _edge_rows(chain.downstream)),
        ],
        decimal=float,
    )
