"""A lot's quality certificate: issued from the stored quality data, reissued (a new row)
only when that data changed."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections import Counter, defaultdict
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from suigang.db import utcnow
from suigang.domains.catalog.models import Product
from suigang.domains.common import commit_once
from suigang.domains.identity.models import Enterprise
from suigang.domains.identity.permissions import Actor
from suigang.domains.identity.service import audit
from suigang.domains.numbering import next_number
from suigang.domains.quality.access import LotScope, lot_scope
from suigang.domains.quality.charts import (
    ATTRIBUTE_CHARTS,
    capability_read,
    compute_chart,
    effective,
    out_of_spec,
)
from suigang.domains.quality.measurements import lot_alarms, lot_measurements
from suigang.domains.quality.models import Certificate, Measurement, VisualInspection
from suigang.domains.quality.plans import plan_for_product
from suigang.domains.quality.views import lot_characteristics, visual_stats
from suigang.errors import Conflict

PANEL_SYMBOLS = {"xbar": "X̄", "r": "R", "s": "S", "i": "I", "mr": "MR", "cusum+": "C⁺"}
PANEL_SYMBOLS |= {"cusum-": "C⁻", "ewma": "EWMA", "p": "p", "np": "np", "c": "c", "u": "u"}


def missing_inspections(session: Session, scope: LotScope) -> list[str]:
    """What the lot's inspection plan requires that is not recorded yet: a full subgroup
    (the plan's sample size; one count on an attribute chart) of each characteristic, and a
    visual inspection when the plan has a vision model. Raises Conflict without a plan."""
    plan = plan_for_product(session, scope.order.product_id)
    if plan is None:
        raise Conflict(
            f"lot {scope.lot.number}: its product has no inspection plan, so no certificate "
            "can be issued",
            code="certificate_no_plan",
            lot=scope.lot.number,
        )
    by_char: dict[uuid.UUID, list[Measurement]] = defaultdict(list)
    for m in effective(lot_measurements(session, scope.lot.id)):
        by_char[m.characteristic_id].append(m)
    missing = []
    for char in plan.characteristics:
        needed = 1 if char.chart in ATTRIBUTE_CHARTS else char.sample_size
        sizes = Counter(m.subgroup for m in by_char.get(char.id, []))
        if not any(n >= needed for n in sizes.values()):
            missing.append(f"{char.name} ×{needed}")
    if plan.vision_model and visual_stats(session, scope.lot.id).inspected == 0:
        missing.append("visual")
    return missing


def _fingerprint(session: Session, scope: LotScope) -> str:
    """A hash of everything the certificate shows, to reissue only after a change."""
    measurements = sorted(
        (str(m.id), str(m.characteristic_id), m.subgroup, m.value)
        for m in effective(lot_measurements(session, scope.lot.id))
    )
    chars = sorted(
        (str(c.id), c.lsl, c.usl, c.chart.value, c.frozen_mean, c.frozen_sigma)
        for c in lot_characteristics(session, scope)
    )
    visual = sorted(
        (str(v.id), v.final_verdict.value)
        for v in session.scalars(
            select(VisualInspection).where(VisualInspection.lot_id == scope.lot.id)
        )
    )
    alarms = sorted(
        (str(a.id), a.disposition.id if a.disposition else None)
        for a in lot_alarms(session, scope.lot.id)
    )
    blob = json.dumps([measurements, chars, visual, alarms, scope.lot.quantity], default=str)
    return hashlib.sha256(blob.encode()).hexdigest()


def _name(session: Session, enterprise_id: uuid.UUID) -> str:
    ent = session.get(Enterprise, enterprise_id)
    if ent is None:  # pragma: no cover - a foreign key
        return str(enterprise_id)
    return ent.name_en if ent.name_en == ent.name_zh_hant else f"{ent.name_en} {ent.name_zh_hant}"


def _render(
    session: Session, scope: LotScope, number: str, issued_at: datetime
) -> tuple[bytes, bool, dict[str, object]]:
    from suigang.domains.quality.chart_text import chart_text
    from suigang.engines.spc import render_chart_png
    from suigang.reports import (
        AlarmLine,
        CapabilityFigure,
        CertificateData,
        CertificateVerdict,
        ChartImage,
        VisualInspectionStats,
        render_certificate,
    )

    by_char: dict[uuid.UUID, list[Measurement]] = defaultdict(list)
    for m in lot_measurements(session, scope.lot.id):
        by_char[m.characteristic_id].append(m)
    words, fonts, files = chart_text(("zh-Hans", "zh-Hant", "en"))
    figures, charts, outside = [], [], 0
    summary: dict[str, object] = {}
    for char in lot_characteristics(session, scope):
        rows = effective(by_char.get(char.id, []))
        outside += out_of_spec(char, rows)
        cap = capability_read(char, rows)
        if cap.status == "ok" and cap.mean is not None and cap.cpk is not None:
            figures.append(
                CapabilityFigure(
                    characteristic=f"{char.name} ({char.unit})" if char.unit else char.name,
                    lsl=char.lsl,
                    usl=char.usl,
                    n=cap.n,
                    mean=cap.mean,
                    cp=cap.cp,
                    cpk=cap.cpk,
                    pp=cap.pp,
                    ppk=cap.ppk,
                )
            )
            summary[char.name] = {"n": cap.n, "cpk": cap.cpk, "ppk": cap.ppk}
        charted = compute_chart(char, rows)
        if charted.result is not None:
            # one certificate for both parties: its charts speak the three languages
            png = render_chart_png(
                charted.result,
                title=char.name,
                dpi=80,
                text=words,
                fonts=fonts,
                font_files=files,
            )
            charts.append(ChartImage(caption=f"{char.name} — {char.chart.value}", png=png))
    stats = visual_stats(session, scope.lot.id)
    names = {c.id: c.name for c in lot_characteristics(session, scope)}
    alarms = tuple(
        AlarmLine(
            characteristic=names.get(a.characteristic_id, "?"),
            chart=PANEL_SYMBOLS.get(a.panel, a.panel),
            subgroup=a.subgroup,
            rule=a.rule,
            value=a.value,
            fired_at=a.fired_at,
            disposition=None if a.disposition is None else a.disposition.decision.value,
            reason="" if a.disposition is None else a.disposition.reason,
            decided_by="" if a.disposition is None else a.disposition.decided_by,
        )
        for a in lot_alarms(session, scope.lot.id)
    )
    # an out-of-control signal is settled only by a person's recorded disposition
    if outside or stats.failed or any(a.disposition == "reject" for a in alarms):
        verdict = CertificateVerdict.REJECTED
    elif any(a.disposition is None for a in alarms):
        verdict = CertificateVerdict.PENDING
    else:
        verdict = CertificateVerdict.ACCEPTED
    product = session.get(Product, scope.order.product_id)
    data = CertificateData(
        certificate_no=number,
        lot=scope.lot.number,
        product=f"{product.code} {product.name}" if product else str(scope.order.product_id),
        customer=_name(session, scope.order.buyer_id),
        supplier=_name(session, scope.order.factory_id),
        issued_at=issued_at,
        verdict=verdict,
        alarms=alarms,
        quantity=scope.lot.quantity,
        capability=tuple(figures),
        charts=tuple(charts),
        visual=VisualInspectionStats(
            inspected=stats.inspected,
            passed=stats.passed,
            failed=stats.failed,
            overruled=stats.overruled,
        ),
    )
    summary["out_of_spec"] = outside
    summary["visual"] = stats.model_dump()
    summary["verdict"] = verdict.value
    summary["open_alarms"] = sum(a.disposition is None for a in alarms)
    return render_certificate(data), verdict is CertificateVerdict.ACCEPTED, summary


def lot_certificate(session: Session, *, actor: Actor, lot_id: uuid.UUID) -> Certificate:
    """The lot's certificate for the factory or the buyer; issued (and stored) on first
    request and again whenever the quality data it shows has changed since. A lot without
    the inspections its plan requires gets none (Conflict)."""
    scope = lot_scope(session, actor=actor, lot_id=lot_id, permission="certificate:read")
    missing = missing_inspections(session, scope)
    if missing:
        raise Conflict(
            f"lot {scope.lot.number} lacks inspections its plan requires "
            f"({', '.join(missing)}); no certificate yet",
            code="certificate_missing",
            lot=scope.lot.number,
            missing=", ".join(missing),
        )
    fingerprint = _fingerprint(session, scope)
    latest = session.scalars(
        select(Certificate)
        .where(Certificate.lot_id == scope.lot.id)
        .order_by(Certificate.issued_at.desc())
        .limit(1)
    ).first()
    if latest is not None and latest.fingerprint == fingerprint:
        return latest
    issued = (
        select(func.count())
        .select_from(Certificate)
        .where(Certificate.lot_id == scope.lot.id)
        .scalar_subquery()
    )
    seq = next_number(session, f"certificate:{scope.lot.id}", floor=issued)
    number = f"QC-{scope.lot.number}-{seq:02d}"
    issued_at = utcnow()
    pdf, accepted, summary = _render(session, scope, number, issued_at)
    cert = Certificate(
        number=number,
        lot_id=scope.lot.id,
        pdf=pdf,
        sha256=hashlib.sha256(pdf).hexdigest(),
        fingerprint=fingerprint,
        accepted=accepted,
        figures=summary,
        issued_at=issued_at,
        issued_by=actor.label,
    )
    session.add(cert)
    session.flush()
    audit(
        session,
        actor,
        "certificate.issued",
        "lot",
        scope.lot.id,
        number=number,
        sha256=cert.sha256,
        supersedes=latest.number if latest else None,
    )
    commit_once(session)
    return cert
