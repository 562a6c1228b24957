"""The chain as its readers see it: a firm its direct suppliers and customers; the zone
office the graph by segment (no firm's individual orders) and the local-supplier gaps, each
with the alliance members that could fill it; project admission whether a product fills a
gap (``chain_fit``)."""

from __future__ import annotations

import uuid
from collections import Counter, defaultdict
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from suigang.domains.alliance.graph import (
    Edge,
    in_zone,
    link_edges,
    order_edges,
    segments_of,
)
from suigang.domains.alliance.schemas import (
    ChainEdge,
    ChainFit,
    FirmChain,
    GapCandidate,
    SegmentEdge,
    SegmentNode,
    SupplierGap,
    ZoneChain,
)
from suigang.domains.alliance.search import member_index, place
from suigang.domains.alliance.segments import SEGMENT_NAMES, Segment
from suigang.domains.catalog.capabilities import fold
from suigang.domains.common import owned_by
from suigang.domains.identity.models import Enterprise, EnterpriseKind, Region
from suigang.domains.identity.permissions import Actor
from suigang.domains.identity.service import require
from suigang.engines.matching import Filters, MatchKind, Profile, Query, build_index, search

CANDIDATES = 3
HONG_KONG, ELSEWHERE, UNASSIGNED = "hong_kong", "elsewhere", "unassigned"


def firm_chain(session: Session, *, actor: Actor, lang: str | None = None) -> FirmChain:
    """The actor's firm's direct suppliers (upstream) and customers (downstream)."""
    mine = actor.enterprise_id
    require(actor, "alliance_chain:read", owned_by(mine))
    language = lang or actor.language
    edges = order_edges(session, segments_of(session), mine) + link_edges(session, mine)
    ids = {i for e in edges for i in (e.supplier_id, e.customer_id) if i is not None}
    firms = {f.id: f for f in session.scalars(select(Enterprise).where(Enterprise.id.in_(ids)))}

    def edge(e: Edge, partner_id: uuid.UUID | None) -> ChainEdge:
        partner = firms.get(partner_id) if partner_id else None
        region = partner.region if partner else e.supplier_region
        return ChainEdge(
            partner_id=partner_id,
            partner_name=partner.name(language) if partner else e.supplier_name,
            partner_kind=partner.kind.value if partner else "", partner_region=region, item=e.item,
            kind=e.kind, source=e.source, segment=e.segment, orders=e.orders,
            value_cny=e.value_cny, link_id=e.link.id if e.link else None,
            declared_by_me=bool(e.link and e.link.declared_by == mine),
        )  # fmt: skip

    up = [edge(e, e.supplier_id) for e in edges if e.customer_id == mine]
    down = [edge(e, e.customer_id) for e in edges if e.supplier_id == mine]
    key = lambda c: (-c.value_cny, c.partner_name, c.item)  # noqa: E731
    return FirmChain(
        enterprise_id=mine, upstream=sorted(up, key=key), downstream=sorted(down, key=key)
    )


def _node(region: Region, segment: Segment | None, customer: bool) -> str:
    if in_zone(region):
        return segment.value if segment else UNASSIGNED
    if customer and region is Region.HONG_KONG:
        return HONG_KONG
    return ELSEWHERE


def _item_key(item: str) -> str:
    return " ".join(fold(item).split())


def _gaps(session: Session, edges: list[Edge], lang: str, candidates: bool) -> list[SupplierGap]:
    groups: dict[str, list[Edge]] = defaultdict(list)
    for e in edges:
        if in_zone(e.customer_region):
            groups[_item_key(e.item)].append(e)
    open_groups = [g for g in groups.values() if not any(in_zone(e.supplier_region) for e in g)]
    # the index is built only when there is a gap to find suppliers for
    members = member_index(session) if candidates and open_groups else None
    out = []
    for group in open_groups:
        found: list[GapCandidate] = []
        if members is not None and len(members.firms):
            suppliers = {str(e.supplier_id) for e in group if e.supplier_id}
            hits = search(
                members.index, Query(group[0].item, top=CANDIDATES + len(suppliers),
                                     filters=Filters(regions=(place("zone"),))),
            ).hits  # fmt: skip
            for h in hits:
                if h.profile_id in suppliers or len(found) >= CANDIDATES:
                    continue
                firm = members.firms[h.profile_id]
                found.append(
                    GapCandidate(
                        enterprise_id=firm.id,
                        name=firm.name(lang),
                        region=firm.region,
                        score=round(h.score, 4),
                        reasons=[
                            f"{m.query_term} → {'、'.join(m.profile_words)}" for m in h.matches
                        ],
                    )
                )
        segs = Counter(e.segment for e in group if e.segment)
        out.append(
            SupplierGap(
                item=group[0].item,
                kind=group[0].kind,
                segment=segs.most_common(1)[0][0] if segs else None,
                buyers=len({e.customer_id for e in group}),
                links=len(group),
                value_cny=sum((e.value_cny for e in group), Decimal(0)),
                supplier_regions=sorted({e.supplier_region for e in group}),
                candidates=found,
            )
        )
    return sorted(out, key=lambda g: (-g.value_cny, -g.buyers, g.item))


def _all_edges(session: Session) -> list[Edge]:
    return order_edges(session, segments_of(session)) + link_edges(session)


def local_supplier_gaps(
    session: Session, *, actor: Actor, lang: str | None = None
) -> list[SupplierGap]:
    """Components and services zone firms buy with no supplier inside the zone, by volume,
    each with up to three zone members of the alliance that could supply it."""
    require(actor, "alliance_chain:zone")
    return _gaps(session, _all_edges(session), lang or actor.language, candidates=True)


def zone_chain(session: Session, *, actor: Actor, lang: str | None = None) -> ZoneChain:
    """The zone office's view: zone firms by segment, supply between segments (and with Hong
    Kong and elsewhere) summed over firms, and the local-supplier gaps."""
    require(actor, "alliance_chain:zone")
    segments = segments_of(session)
    edges = order_edges(session, segments) + link_edges(session)
    firms = session.execute(
        select(Enterprise.id, Enterprise.region).where(
            Enterprise.kind != EnterpriseKind.ZONE_OFFICE
        )
    ).all()
    counts: Counter[str] = Counter(
        _node(region, segments.get(fid), False) for fid, region in firms if in_zone(region)
    )
    pairs: dict[tuple[str, str], tuple[int, Decimal]] = {}
    for e in edges:
        if not (in_zone(e.customer_region) or in_zone(e.supplier_region)):
            continue
        supplier_segment = segments.get(e.supplier_id) if e.supplier_id else e.segment
        source = _node(e.supplier_region, supplier_segment or e.segment, False)
        target = _node(e.customer_region, segments.get(e.customer_id), True)
        n, v = pairs.get((source, target), (0, Decimal(0)))
        pairs[(source, target)] = (n + max(e.orders, 1), v + e.value_cny)
    used = {n for pair in pairs for n in pair}
    order = [s.value for s in SEGMENT_NAMES] + [UNASSIGNED, HONG_KONG, ELSEWHERE]
    nodes = [SegmentNode(id=n, firms=counts.get(n, 0)) for n in order if n in used or counts.get(n)]
    return ZoneChain(
        nodes=nodes,
        edges=[
            SegmentEdge(source=s, target=t, links=n, value_cny=v)
            for (s, t), (n, v) in sorted(pairs.items(), key=lambda kv: (-kv[1][1], kv[0]))
        ],
        gaps=_gaps(session, edges, lang or actor.language, candidates=True),
    )


def chain_fit(session: Session, what_it_makes: str) -> ChainFit:
    """Whether ``what_it_makes`` (any script) fills one of the zone's local-supplier gaps:
    the gaps it matches by dictionary term or word, and why. For project admission."""
    gaps = _gaps(session, _all_edges(session), "en", candidates=False)
    text = what_it_makes.strip()
    if not gaps or not text:
        return ChainFit(fits=False, gaps=[], reasons=[])
    index = build_index([Profile(id=str(i), text=g.item) for i, g in enumerate(gaps)])
    result = search(index, Query(text[:500], top=len(gaps)))
    filled, reasons = [], []
    for hit in result.hits:
        strong = [m for m in hit.matches if m.kind in (MatchKind.TERM, MatchKind.WORD)]
        if strong:
            filled.append(gaps[int(hit.profile_id)].item)
            reasons += [f"{m.query_term} → {'、'.join(m.profile_words)}" for m in strong]
    return ChainFit(fits=bool(filled), gaps=filled, reasons=list(dict.fromkeys(reasons)))
