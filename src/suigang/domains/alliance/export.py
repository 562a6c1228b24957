"""The chain as an Excel workbook: the zone office's segment links and gaps, or a firm's own
suppliers and customers."""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from suigang.domains.alliance.chain import firm_chain, zone_chain
from suigang.domains.alliance.schemas import ChainEdge
from suigang.domains.identity.permissions import Actor

_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
Sheet = tuple[str, Sequence[str], Iterable[Sequence[Any]]]


def _cell(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, str):
        return _XML_ILLEGAL.sub("\ufffd", value)
    return value


def workbook(sheets: Sequence[Sheet]) -> bytes:
    """An XLSX with one sheet per ``(title, header, rows)``; text cells stay text."""
    from openpyxl import Workbook

    book = Workbook()
    first = book.active
    assert first is not None  # a new workbook always has one sheet
    book.remove(first)
    for title, header, rows in sheets:
        sheet = book.create_sheet(title)
        sheet.append(list(header))
        for row in rows:
            sheet.append([_cell(v) for v in row])
        for line in sheet.iter_rows(min_row=2):
            for cell in line:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # a name starting with "=" stays text
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def export_zone_chain(session: Session, *, actor: Actor) -> bytes:
    """Segments, links between them and the local-supplier gaps (the zone office)."""
    chain = zone_chain(session, actor=actor)
    return workbook(
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
        ]
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
    return workbook(
        [
            ("Upstream", header, _edge_rows(chain.upstream)),
            ("Downstream", header, _edge_rows(chain.downstream)),
        ]
    )
