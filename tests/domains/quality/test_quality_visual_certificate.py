"""Visual inspection, review and the lot certificate through the use cases, on SQLite and
PostgreSQL."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import select

from suigang.domains.identity.models import AuditEvent
from suigang.domains.quality import certificates, service, visual
from suigang.domains.quality.models import (
    Certificate,
    PlanChart,
    ReviewDecision,
    Verdict,
    VerdictSource,
    VisualInspection,
    VisualReview,
)
from suigang.domains.quality.schemas import CharacteristicCreate, MeasurementIn
from suigang.errors import InvalidInput, NotFound, PermissionDenied
from tests.domains.quality.quality_world import count, order_lot, pdf_text, plan, png
from tests.world import build_world


def test_bad_images_are_rejected_and_nothing_is_stored(session) -> None:  # type: ignore[no-untyped-def]
    """Empty, not an image, a cut PNG, and no verdict at all: each its message."""
    w = build_world(session)
    lot = order_lot(session, w)
    good = png()
    cases = [
        (b"", "a.png: the image is empty"),
        (b"GIF89a not supported", "a.png: not a PNG, JPEG, BMP or TIFF image"),
        (good[:40], "a.png: the PNG image cannot be decoded"),
    ]
    for content, message in cases:
        with pytest.raises(InvalidInput, match=message):
            visual.post_visual_inspection(
                session,
                actor=w.actor("gz1"),
                lot_id=lot.id,
                image=content,
                filename="a.png",
                verdict=Verdict.PASS,
            )
    with pytest.raises(InvalidInput, match="no vision model is registered"):
        visual.post_visual_inspection(session, actor=w.actor("gz1"), lot_id=lot.id, image=good)
    with pytest.raises(InvalidInput, match=r"contradicts score 0\.9 against threshold 0\.5"):
        visual.post_visual_inspection(
            session,
            actor=w.actor("gz1"),
            lot_id=lot.id,
            image=good,
            score=0.9,
            threshold=0.5,
            verdict=Verdict.PASS,
        )
    assert count(session, VisualInspection) == 0


def test_station_verdict_is_stored_with_the_image(session) -> None:  # type: ignore[no-untyped-def]
    """Without a product model the station's score decides: 0.7 > 0.5 fails."""
    w = build_world(session)
    lot = order_lot(session, w)
    image = png(40, 30)
    rec = visual.post_visual_inspection(
        session,
        actor=w.actor("gz1"),
        lot_id=lot.id,
        image=image,
        score=0.7,
        threshold=0.5,
        heatmap=png(40, 30, 200),
        part_ref="S/N 0001",
    )
    assert (rec.verdict, rec.source, rec.width, rec.height) == (
        Verdict.FAIL,
        VerdictSource.STATION,
        40,
        30,
    )
    assert rec.image == image and rec.image_sha256 == hashlib.sha256(image).hexdigest()
    assert rec.heatmap_png is not None and rec.image_type == "png"
    with pytest.raises(PermissionDenied):  # the buyer sees the lot but posts nothing
        visual.post_visual_inspection(
            session, actor=w.actor("hk1"), lot_id=lot.id, image=image, verdict=Verdict.PASS
        )
    with pytest.raises(NotFound):
        visual.post_visual_inspection(
            session, actor=w.actor("gz2"), lot_id=lot.id, image=image, verdict=Verdict.PASS
        )


def test_overrule_is_audited_and_changes_the_statistics(session) -> None:  # type: ignore[no-untyped-def]
    """A reviewer overrules a fail (a reason is required); the audit log keeps before/after."""
    w = build_world(session)
    lot = order_lot(session, w)
    recs = [
        visual.post_visual_inspection(
            session, actor=w.actor("gz1"), lot_id=lot.id, image=png(), verdict=v
        )
        for v in (Verdict.PASS, Verdict.FAIL, Verdict.FAIL)
    ]
    with pytest.raises(InvalidInput, match="reason: say why"):
        visual.review_visual_inspection(
            session, actor=w.actor("gz1m"), inspection_id=recs[1].id, decision="overrule"
        )
    with pytest.raises(PermissionDenied):
        visual.review_visual_inspection(
            session,
            actor=w.actor("hk1"),
            inspection_id=recs[1].id,
            decision=ReviewDecision.CONFIRM,
        )
    review = visual.review_visual_inspection(
        session,
        actor=w.actor("gz1m"),
        inspection_id=recs[1].id,
        decision=ReviewDecision.OVERRULE,
        reason="dust on the lens, part is clean",
    )
    assert review.verdict is Verdict.PASS
    visual.review_visual_inspection(
        session, actor=w.actor("gz1"), inspection_id=recs[2].id, decision=ReviewDecision.CONFIRM
    )
    event = session.scalars(
        select(AuditEvent).where(AuditEvent.action == "visual_inspection.overruled")
    ).one()
    assert (event.actor_label, event.subject_id) == ("gz1m@test.suigang", str(recs[1].id))
    assert (event.details["before"], event.details["after"]) == ("fail", "pass")
    assert event.details["reason"] == "dust on the lens, part is clean"
    # the original verdict stays stored; the review decides the final one
    session.refresh(recs[1])
    assert (recs[1].verdict, recs[1].final_verdict, recs[1].overruled) == (
        Verdict.FAIL,
        Verdict.PASS,
        True,
    )
    stats = service.visual_stats(session, lot.id)
    assert (stats.inspected, stats.passed, stats.failed, stats.overruled) == (3, 2, 1, 1)
    assert count(session, VisualReview) == 2


def test_certificate_for_buyer_and_factory_only(session) -> None:  # type: ignore[no-untyped-def]
    """The buyer downloads a PDF with the lot number and the Cpk; another firm gets 404;
    unchanged data gives the same certificate, new data a new one."""
    w = build_world(session)
    lot = order_lot(session, w)
    plan(
        session,
        w,
        CharacteristicCreate(
            name="diameter", unit="mm", lsl=9, usl=15, sample_size=2, chart=PlanChart.XBAR_R
        ),
    )
    rows = [
        MeasurementIn(characteristic="diameter", subgroup=s, value=v)
        for s, pair in ((1, (10, 12)), (2, (11, 13)), (3, (12, 12)))
        for v in pair
    ]
    service.record_measurements(session, actor=w.actor("gz1"), lot_id=lot.id, rows=rows)
    visual.post_visual_inspection(
        session, actor=w.actor("gz1"), lot_id=lot.id, image=png(), verdict=Verdict.PASS
    )
    cert = certificates.lot_certificate(session, actor=w.actor("hk1m"), lot_id=lot.id)
    assert cert.pdf.startswith(b"%PDF") and cert.number == f"QC-{lot.number}-01"
    assert cert.accepted is True
    text = pdf_text(cert.pdf)
    cpk = service.lot_quality(session, actor=w.actor("gz1"), lot_id=lot.id).characteristics[0]
    # Cpk = (35/3 − 9) / (3 · 2√π/3) = 0.752 to three places, as printed
    assert f"{cpk.capability.cpk:.3f}" == "0.752"
    assert lot.number in text and "0.752" in text and "Cpk" in text
    assert "Certificate of Quality" in text and "產品品質合格證書" in text
    for other in ("hk2", "gz2", "zone"):
        with pytest.raises(NotFound):
            certificates.lot_certificate(session, actor=w.actor(other), lot_id=lot.id)
    same = certificates.lot_certificate(session, actor=w.actor("gz1"), lot_id=lot.id)
    assert same.id == cert.id
    service.record_measurements(
        session,
        actor=w.actor("gz1"),
        lot_id=lot.id,
        rows=[MeasurementIn(characteristic="diameter", subgroup=4, value=v) for v in (15.5, 14.9)],
    )
    again = certificates.lot_certificate(session, actor=w.actor("hk1"), lot_id=lot.id)
    # 15.5 is above the USL of 15: the lot is no longer accepted
    assert again.number == f"QC-{lot.number}-02" and again.accepted is False
    assert count(session, Certificate) == 2


def test_lots_with_the_latest_quality_records_come_first(session) -> None:  # type: ignore[no-untyped-def]
    """Lots a, b, c ordered in that order; a measured, then b inspected by camera: hk1's list
    is b (latest record), a (older record), c (none yet) — not c, b, a by creation."""
    w = build_world(session)
    a, b, c = (order_lot(session, w) for _ in range(3))
    plan(session, w, CharacteristicCreate(name="wall", unit="mm", lsl=9, usl=11))
    service.record_measurements(
        session,
        actor=w.actor("gz1"),
        lot_id=a.id,
        rows=[MeasurementIn(characteristic="wall", subgroup=1, value=10.0)],
    )
    visual.post_visual_inspection(
        session, actor=w.actor("gz1"), lot_id=b.id, image=png(), verdict=Verdict.PASS
    )
    lots, total = service.list_quality_lots(session, actor=w.actor("hk1"))
    assert ([s.lot.id for s in lots], total) == ([b.id, a.id, c.id], 3)
    assert [(s.measurements, s.visual.inspected) for s in lots] == [(0, 1), (1, 0), (0, 0)]
