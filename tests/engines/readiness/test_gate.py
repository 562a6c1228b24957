"""The baton pass: gate passes and refusals with their reasons, the checklist, stalled batons."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from importlib import resources

import pytest

from suigang.engines.readiness import (
    FILES,
    Evidence,
    EvidenceKind,
    GateStatus,
    Lack,
    ProjectState,
    RelayConfig,
    Scale,
    check_gate,
    check_stall,
    checklist,
    default_config,
    load_config,
)

CONFIG = default_config()
TRL, MRL = Scale.TRL, Scale.MRL


def ev(scale: Scale, level: int, *threads: str, ref: str = "doc") -> Evidence:
    return Evidence(scale, level, EvidenceKind.DOCUMENT, ref, threads)


def test_leg_2_passes_with_trl_6_and_mrl_6_evidenced() -> None:
    """Prototype shown on both scales with evidence: the baton may pass to the pilot leg."""
    decision = check_gate(CONFIG, ProjectState(2, 6, 6, (ev(TRL, 6), ev(MRL, 6))))
    assert (decision.status, decision.from_leg, decision.to_leg, decision.reasons) == (
        GateStatus.PASS, 2, 3, (),
    )  # fmt: skip
    assert decision.passed


def test_missing_evidence_is_named() -> None:
    """TRL 6 evidenced, MRL 6 claimed without evidence: refused, 'MRL 6 has no evidence'."""
    decision = check_gate(CONFIG, ProjectState(2, 6, 6, (ev(TRL, 6), ev(MRL, 5))))
    assert decision.status is GateStatus.REFUSED
    assert decision.reasons == ("MRL 6 has no evidence",)
    assert decision.shortfalls[0].lack is Lack.NO_EVIDENCE


def test_every_criterion_that_fails_is_listed() -> None:
    """TRL 5 claimed and no MRL at all: both criteria fail, each with its reason."""
    decision = check_gate(CONFIG, ProjectState(2, 5, None, (ev(TRL, 5),)))
    assert decision.reasons == (
        "TRL 5 is claimed; the gate needs TRL 6",
        "no MRL is claimed; the gate needs MRL 6",
    )
    assert [s.lack for s in decision.shortfalls] == [Lack.LEVEL_TOO_LOW, Lack.NOT_CLAIMED]


def test_evidence_of_a_higher_claimed_level_shows_the_lower_one() -> None:
    """Claimed TRL 7 with evidence at 7 meets 'TRL 6 with evidence'."""
    decision = check_gate(CONFIG, ProjectState(2, 7, 6, (ev(TRL, 7), ev(MRL, 6))))
    assert decision.status is GateStatus.PASS


def test_evidence_above_the_claim_does_not_count() -> None:
    """Evidence filed at MRL 7 while MRL 6 is claimed does not evidence MRL 6."""
    decision = check_gate(CONFIG, ProjectState(2, 6, 6, (ev(TRL, 6), ev(MRL, 7))))
    assert decision.reasons == ("MRL 6 has no evidence",)


def test_pilot_lot_evidences_mrl_8() -> None:
    """Leg 3's gate is MRL 8 alone; a pilot lot linked as platform data passes it."""
    lot = Evidence(MRL, 8, EvidenceKind.PLATFORM_DATA, "lot:L-0042", ("E", "F"))
    assert check_gate(CONFIG, ProjectState(3, 7, 8, (lot,))).status is GateStatus.PASS
    refused = check_gate(CONFIG, ProjectState(3, 8, 7, (lot,)))
    assert refused.reasons == ("MRL 7 is claimed; the gate needs MRL 8",)


def thread_config() -> RelayConfig:
    data = resources.files("suigang.engines.readiness") / "data"
    mapping, trl, mrl, threads = ((data / f).read_text(encoding="utf-8") for f in FILES)
    mapping = mapping.replace(
        "{scale: MRL, level: 8, evidence: true}", "{scale: MRL, level: 8, threads: [E, F]}"
    )
    return load_config(mapping, trl, mrl, threads)


def test_threads_required_by_the_gate() -> None:
    """A gate asking for threads E and F at MRL 8 names the thread without evidence."""
    config = thread_config()
    decision = check_gate(config, ProjectState(3, 7, 8, (ev(MRL, 8, "E"), ev(MRL, 6, "F"))))
    assert decision.reasons == ("MRL 8 has no evidence for thread F (Quality Management)",)
    assert decision.shortfalls[0].missing_threads == ("F",)
    none = check_gate(config, ProjectState(3, 7, 8, (ev(MRL, 8),)))
    assert none.reasons == (
        "MRL 8 has no evidence for threads E (Process Capability & Control), "
        "F (Quality Management)",
    )


def test_last_leg_has_no_gate_and_wrong_targets_are_refused() -> None:
    """Leg 5 is the end of the relay; leg 2 passes to 3 only; leg 9 does not exist."""
    final = check_gate(CONFIG, ProjectState(5, 9, 10))
    assert (final.status, final.to_leg, final.gate) == (GateStatus.FINAL_LEG, None, None)
    with pytest.raises(ValueError, match="leg 2 passes the baton to leg 3, not to 4"):
        check_gate(CONFIG, ProjectState(2, 6, 6), to_leg=4)
    with pytest.raises(ValueError, match="leg must be 1–5, got 9"):
        check_gate(CONFIG, ProjectState(9, 6, 6))
    with pytest.raises(ValueError, match="no MRL thread 'Z'"):
        check_gate(CONFIG, ProjectState(3, 7, 8, (ev(MRL, 8, "Z"),)))


def test_claims_and_evidence_validate() -> None:
    """TRL 10 does not exist; threads are for MRL evidence only."""
    with pytest.raises(ValueError, match="trl must be 1–9, got 10"):
        ProjectState(2, 10, 6)
    with pytest.raises(ValueError, match="threads belong to MRL evidence, not to TRL"):
        Evidence(TRL, 6, threads=("E",))


def test_checklist_of_a_level() -> None:
    """MRL 8's checklist: nine threads, E and F covered by the pilot lot, the rest open."""
    lot = Evidence(MRL, 8, EvidenceKind.PLATFORM_DATA, "lot:L-0042", ("E", "F"))
    items = checklist(CONFIG, 8, [lot, ev(MRL, 7, "A")])
    assert [(i.thread.id, i.covered) for i in items] == [
        ("A", False), ("B", False), ("C", False), ("D", False), ("E", True), ("F", True),
        ("G", False), ("H", False), ("I", False),
    ]  # fmt: skip
    assert items[4].evidence == (lot,)


T0 = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)


def test_stalled_baton() -> None:
    """The shipped limit is 90 days: idle 89 days 23 hours is not stalled, 90 days is."""
    not_yet = check_stall(CONFIG, leg=2, last_moved=T0, now=T0 + timedelta(days=89, hours=23))
    assert (not_yet.stalled, not_yet.idle_days, not_yet.limit_days) == (False, 89, 90)
    stalled = check_stall(CONFIG, leg=2, last_moved=T0, now=T0 + timedelta(days=90))
    assert (stalled.stalled, stalled.idle_days) == (True, 90)


def test_stall_limit_is_configurable() -> None:
    """A call's own limit wins over a leg's, which wins over the configuration's."""
    now = T0 + timedelta(days=40)
    assert check_stall(CONFIG, leg=2, last_moved=T0, now=now, after_days=30).stalled is True
    legs = list(CONFIG.legs)
    legs[1] = replace(legs[1], stalled_after_days=45)
    config = replace(CONFIG, legs=tuple(legs), stalled_after_days=30)
    assert check_stall(config, leg=2, last_moved=T0, now=now).limit_days == 45
    assert check_stall(config, leg=3, last_moved=T0, now=now).limit_days == 30
    with pytest.raises(ValueError, match="last_moved must be a timezone-aware datetime"):
        check_stall(CONFIG, leg=2, last_moved=datetime(2026, 1, 1), now=now)
    with pytest.raises(ValueError, match="is before last_moved"):
        check_stall(CONFIG, leg=2, last_moved=now, now=T0)
