"""ISO 22400-2 time elements and KPIs from machine states."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from suigang.engines.oee import (
    Flag,
    ItemState,
    OeeInput,
    OperationMode,
    Period,
    Quantities,
    StateInterval,
    TimeElement,
    TimeElements,
    classify,
    compute,
    compute_kpis,
)

T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
EX, NE, OOS, NA = (
    ItemState.EXECUTING,
    ItemState.NOT_EXECUTING,
    ItemState.OUT_OF_SERVICE,
    ItemState.NOT_AVAILABLE,
)
PROC, SETUP, NONE = OperationMode.PROCESSING, OperationMode.SETUP, OperationMode.NONE


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def iv(a: float, b: float, state: ItemState, mode: OperationMode = NONE, **counts: int):
    return StateInterval(at(a), at(b), state, mode, **counts)


def worked_example() -> OeeInput:
    """POT 480, PDOT 30 (12:00-12:30), APT 360, AUST 30, ADET 40, ADOT 20 minutes."""
    return OeeInput(
        start=at(0),
        end=at(480),
        intervals=(
            iv(0, 30, EX, SETUP),
            iv(30, 210, EX, PROC, produced=300, scrap=10, rework=5),
            iv(210, 230, NE),
            iv(230, 240, EX, PROC, produced=20),
            iv(240, 270, NE),  # inside the planned downtime: belongs to PDOT
            iv(270, 310, OOS, PROC),
            iv(310, 480, EX, PROC, produced=320, scrap=10, rework=7),
        ),
        pru_s=30.0,
        planned_down=(Period(at(240), at(270)),),
    )


def test_worked_example_reproduces_the_issue_figures() -> None:
    """The issue's check: A 0.800, E 0.889, QR 0.950, OEE 0.6756, NEE 0.7319, SR 0.0769, TE 0.9."""
    result = compute(worked_example())
    e, k = result.elements, result.kpis
    assert (e.pot, e.pdot, e.pbt) == (28800.0, 1800.0, 27000.0)
    assert (e.apt, e.aust, e.adet, e.adot, e.unknown) == (21600.0, 1800.0, 2400.0, 1200.0, 0.0)
    assert (e.aupt, e.aubt, e.aoet) == (23400.0, 25800.0, 27000.0)
    assert result.quantities == Quantities(produced=640, scrap=20, rework=12)
    assert result.quantities.good == 608
    assert round(k.availability, 3) == 0.800
    assert round(k.effectiveness, 3) == 0.889
    assert round(k.quality_ratio, 3) == 0.950
    assert round(k.oee, 4) == 0.6756
    assert round(k.nee, 4) == 0.7319
    assert round(k.setup_rate, 4) == 0.0769
    assert round(k.technical_efficiency, 3) == 0.900
    # UE = 360/430, AE = 430/450, throughput = 640 parts / 450 min, one failure of 40 min.
    assert k.utilization_efficiency == pytest.approx(360 / 430)
    assert k.allocation_efficiency == pytest.approx(430 / 450)
    assert k.throughput_rate == pytest.approx(640 / 27000)
    assert (k.scrap_ratio, k.rework_ratio) == (20 / 640, 12 / 640)
    assert result.failures == 1
    assert (k.mtbf, k.mttr) == (23400.0, 2400.0)
    assert result.flags == ()


def test_zero_denominators_are_undefined_not_zero() -> None:
    """An idle machine with no parts has no quality ratio, effectiveness or MTBF: None, not 0."""
    result = compute(OeeInput(at(0), at(60), (iv(0, 60, NE),), pru_s=30.0))
    k = result.kpis
    assert k.availability == 0.0  # PBT is 3600 s, APT 0: defined and zero
    assert k.effectiveness is None and k.quality_ratio is None and k.oee is None
    assert k.setup_rate is None and k.technical_efficiency is None
    assert k.utilization_efficiency is None and k.scrap_ratio is None
    assert k.mtbf is None and k.mttr is None
    assert k.throughput_rate == 0.0


def test_all_planned_down_leaves_availability_undefined() -> None:
    """PBT = 0 when the calendar plans the whole window down, so availability is undefined."""
    data = OeeInput(
        at(0), at(60), (iv(0, 60, EX, PROC, produced=5),), 30.0, (Period(at(0), at(60)),)
    )
    result = compute(data)
    assert result.elements.pbt == 0.0 and result.elements.apt == 0.0
    assert result.kpis.availability is None and result.kpis.allocation_efficiency is None


def test_effectiveness_above_one_is_flagged_not_clamped() -> None:
    """130 parts at a planned 30 s each in 60 min of production is E = 65/60, reported as is."""
    result = compute(OeeInput(at(0), at(60), (iv(0, 60, EX, PROC, produced=130),), 30.0))
    assert result.kpis.effectiveness == pytest.approx(130 * 30 / 3600)
    assert result.flags == (Flag.EFFECTIVENESS_ABOVE_ONE,)


def test_without_pru_speed_kpis_are_undefined() -> None:
    """No routing PRU means effectiveness, OEE and NEE cannot be computed."""
    result = compute(OeeInput(at(0), at(60), (iv(0, 60, EX, PROC, produced=10),), None))
    assert result.kpis.effectiveness is None and result.kpis.oee is None
    assert result.kpis.nee is None and result.kpis.availability == 1.0


def test_contiguous_out_of_service_is_one_failure() -> None:
    """Two adjoining OutOfService records are one breakdown; a later one is a second."""
    data = OeeInput(
        at(0),
        at(100),
        (
            iv(0, 10, OOS, PROC),
            iv(10, 20, OOS, NONE),
            iv(20, 70, EX, PROC),
            iv(70, 80, OOS),
            iv(80, 100, EX, PROC),
        ),
        30.0,
    )
    result = compute(data)
    assert result.failures == 2
    assert result.kpis.mttr == 900.0  # 30 min of ADET over 2 failures
    assert result.kpis.mtbf == 2100.0  # 70 min of AUPT over 2 failures


def test_window_clips_states_and_counts_by_interval_end() -> None:
    """Only in-window time counts; parts are dated by the end of the interval counting them."""
    data = OeeInput(
        at(30),
        at(90),
        (iv(0, 60, EX, PROC, produced=10), iv(60, 120, EX, PROC, produced=7)),
        30.0,
    )
    result = compute(data)
    assert result.elements.apt == 3600.0
    assert result.quantities.produced == 10


def test_not_available_and_gaps_are_unknown_time() -> None:
    """NotAvailable (10 min) and a 20 min hole in the states are unknown time, flagged."""
    data = OeeInput(at(0), at(60), (iv(0, 30, EX, PROC), iv(30, 40, NA)), 30.0)
    result = compute(data)
    assert result.elements.unknown == 1800.0
    assert result.kpis.availability == 0.5
    assert result.flags == (Flag.STATES_INCOMPLETE,)


@pytest.mark.parametrize(
    ("state", "mode", "element"),
    [
        (EX, PROC, TimeElement.APT),
        (EX, SETUP, TimeElement.AUST),
        (EX, NONE, TimeElement.APT),
        (EX, OperationMode.MAINTENANCE, TimeElement.ADET),
        (NE, PROC, TimeElement.ADOT),
        (NE, SETUP, TimeElement.ADOT),
        (OOS, PROC, TimeElement.ADET),
        (OOS, OperationMode.MAINTENANCE, TimeElement.ADET),
        (NA, PROC, TimeElement.UNKNOWN),
    ],
)
def test_classify_follows_annex_c2(state, mode, element) -> None:
    """State × mode → time element as OPC 40501-1 Annex C.2 maps them."""
    assert classify(state, mode) is element


def test_compute_kpis_from_minutes() -> None:
    """The KPI formulas alone reproduce the worked check from its time elements."""
    k = compute_kpis(
        TimeElements(pot=480, pdot=30, apt=360, aust=30, adet=40, adot=20),
        Quantities(produced=640, scrap=32),
        pru_s=0.5,
        failures=0,
    )
    assert round(k.oee, 4) == 0.6756 and round(k.nee, 4) == 0.7319
    assert k.mtbf is None


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: OeeInput(at(0), at(60), (iv(0, 30, NE), iv(20, 40, NE)), 30.0), "overlap"),
        (lambda: OeeInput(at(0), at(60), (), 0.0), "pru_s"),
        (lambda: Period(at(10), at(0)), "before start"),
        (lambda: Period(datetime(2026, 1, 1), at(0)), "naive"),
        (lambda: Quantities(produced=5, scrap=4, rework=2), "exceed produced"),
        (lambda: iv(0, 1, EX, PROC, produced=-1), "produced"),
        (lambda: StateInterval(at(0), at(1), "Executing", PROC), "item_state"),  # type: ignore[arg-type]
    ],
)
def test_invalid_input_names_the_field(build, message) -> None:
    """Validation at construction names the field or the problem."""
    with pytest.raises(ValueError, match=message):
        build()


def test_given_quantities_replace_the_interval_counts() -> None:
    """Counts from counter samples (quantities=) win over counts carried by the intervals."""
    data = OeeInput(
        at(0),
        at(60),
        (iv(0, 60, EX, PROC, produced=999),),
        30.0,
        quantities=Quantities(produced=100, scrap=5),
    )
    result = compute(data)
    assert result.quantities.produced == 100
    assert result.kpis.effectiveness == pytest.approx(100 * 30 / 3600)
    assert result.kpis.quality_ratio == 0.95
