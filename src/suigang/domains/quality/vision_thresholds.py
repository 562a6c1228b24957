"""A vision model version's threshold set from what a line can live with: a target
false-alarm rate on good parts or a target escape rate of defects, chosen on the held-out
scores the version was judged on (an uploaded version has only its fit's held-out good
scores), with the false alarms and escapes it gives shown before it is set. Audited."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.orm import Session

from suigang.domains.common import commit_once
from suigang.domains.identity.permissions import Actor, can
from suigang.domains.identity.service import audit
from suigang.domains.quality.models import VisionModelVersion
from suigang.domains.quality.vision_models import version_for_write, vision_engine
from suigang.errors import InvalidInput, NotFound

#: The threshold targets a line may set (the engine's ``ThresholdTarget`` values).
THRESHOLD_TARGETS = ("false_alarm_rate", "escape_rate")


def _held_scores(version: VisionModelVersion) -> tuple[list[float], list[float]]:
    """The good and defective held-out scores the version was judged on (an uploaded version
    has only its fit's held-out good scores)."""
    f = version.figures
    candidate = f.get("candidate_scores") or {}
    good = candidate.get("good") or f.get("held_scores") or []
    return [float(s) for s in good], [float(s) for s in candidate.get("defect") or []]


def threshold_preview(
    session: Session, *, actor: Actor, version_id: uuid.UUID, target: str, rate: float
) -> Any:
    """What a threshold for ``target`` at ``rate`` would be for this version, with the false
    alarms and escapes it gives on the held-out scores (the engine's ``ThresholdChoice``)."""
    version = session.get(VisionModelVersion, version_id)
    if version is None or not can(actor, "inspection_plan:read", version):
        raise NotFound(f"model version {version_id} not found")
    if target not in THRESHOLD_TARGETS:
        raise InvalidInput(f"target {target!r} is not one of {', '.join(THRESHOLD_TARGETS)}")
    good, defect = _held_scores(version)
    try:
        return vision_engine().choose_threshold(good, defect, target=target, rate=rate)
    except ValueError as exc:
        raise InvalidInput(f"version {version.number}: {exc}") from None


def set_threshold(
    session: Session, *, actor: Actor, version_id: uuid.UUID, target: str, rate: float
) -> VisionModelVersion:
    """Set the version's threshold from a target false-alarm or escape rate (audited)."""
    choice = threshold_preview(
        session, actor=actor, version_id=version_id, target=target, rate=rate
    )
    version, product = version_for_write(session, actor, version_id)
    before = version.threshold
    version.threshold = float(choice.threshold)
    version.threshold_rule = f"{target} {rate:.4g}"
    audit(
        session,
        actor,
        "vision_model.threshold",
        "vision_model_version",
        version.id,
        product=product.code,
        version=version.number,
        before=before,
        after=version.threshold,
        rule=version.threshold_rule,
        false_alarms=f"{choice.false_alarms}/{choice.n_good}",
        escapes=f"{choice.escapes}/{choice.n_defect}",
    )
    commit_once(session)
    return version
