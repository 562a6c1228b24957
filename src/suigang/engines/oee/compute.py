"""ISO 22400-2 time elements and KPIs from state intervals, the calendar and counts."""

from __future__ import annotations

from datetime import datetime

from suigang.engines.oee.model import (
    Flag,
    ItemState,
    Kpis,
    OeeInput,
    OeeResult,
    Period,
    Quantities,
    TimeElement,
    TimeElements,
    classify,
)

#: Tolerance for "effectiveness above one": floating-point noise is not a finding.
_EPS = 1e-9


def _ratio(numerator: float, denominator: float) -> float | None:
    """``numerator / denominator``, or ``None`` (undefined) when the denominator is zero."""
    if denominator <= 0:
        return None
    return numerator / denominator


def _merge(periods: list[tuple[datetime, datetime]]) -> list[tuple[datetime, datetime]]:
    merged: list[tuple[datetime, datetime]] = []
    for start, end in sorted(periods):
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _overlap(start: datetime, end: datetime, spans: list[tuple[datetime, datetime]]) -> float:
    total = 0.0
    for s, e in spans:
        lo, hi = max(start, s), min(end, e)
        if hi > lo:
            total += (hi - lo).total_seconds()
    return total


def planned_down_in(window: Period, planned_down: tuple[Period, ...]) -> float:
    """Seconds of planned downtime inside the window (overlapping entries count once)."""
    spans = _merge([(max(p.start, window.start), min(p.end, window.end)) for p in planned_down])
    return sum((e - s).total_seconds() for s, e in spans)


def compute_kpis(
    elements: TimeElements, quantities: Quantities, *, pru_s: float | None, failures: int
) -> Kpis:
    """The ISO 22400-2 KPIs of given time elements (seconds) and quantities.

    availability = APT/PBT; effectiveness = PRU·PQ/APT; quality ratio = GQ/PQ;
    OEE = A·E·QR; NEE = AUPT/PBT·E·QR; setup rate = AUST/AUPT;
    technical efficiency = APT/(APT+ADET); utilization efficiency = APT/AUBT;
    allocation efficiency = AUBT/PBT; throughput rate = PQ/AOET;
    scrap ratio = SQ/PQ; rework ratio = RQ/PQ; MTBF = AUPT/failures; MTTR = ADET/failures.
    """
    pq = quantities.produced
    availability = _ratio(elements.apt, elements.pbt)
    effectiveness = None if pru_s is None else _ratio(pru_s * pq, elements.apt)
    quality_ratio = _ratio(quantities.good, pq)
    oee = nee = None
    if availability is not None and effectiveness is not None and quality_ratio is not None:
        oee = availability * effectiveness * quality_ratio
    processing_share = _ratio(elements.aupt, elements.pbt)
    if processing_share is not None and effectiveness is not None and quality_ratio is not None:
        nee = processing_share * effectiveness * quality_ratio
    return Kpis(
        availability=availability,
        effectiveness=effectiveness,
        quality_ratio=quality_ratio,
        oee=oee,
        nee=nee,
        setup_rate=_ratio(elements.aust, elements.aupt),
        technical_efficiency=_ratio(elements.apt, elements.apt + elements.adet),
        utilization_efficiency=_ratio(elements.apt, elements.aubt),
        allocation_efficiency=_ratio(elements.aubt, elements.pbt),
        throughput_rate=_ratio(pq, elements.aoet),
        scrap_ratio=_ratio(quantities.scrap, pq),
        rework_ratio=_ratio(quantities.rework, pq),
        mtbf=_ratio(elements.aupt, failures),
        mttr=_ratio(elements.adet, failures),
    )


def compute(data: OeeInput) -> OeeResult:
    """Time elements and KPIs of one machine over the window of ``data``.

    State time inside planned downtime belongs to PDOT, not to the machine's elements.
    Counts are dated by the end of their interval and count when that end lies in
    ``(start, end]``. A failure is an entry into ``OutOfService`` inside the planned busy
    time (a stretch continuing from before the window counts once).
    """
    window = Period(data.start, data.end)
    pdot = planned_down_in(window, data.planned_down)
    down = _merge([(p.start, p.end) for p in data.planned_down])
    seconds = dict.fromkeys(TimeElement, 0.0)
    produced = scrap = rework = 0
    failures = 0
    previous: ItemState | None = None
    previous_end: datetime | None = None
    for interval in data.intervals:
        start, end = max(interval.start, data.start), min(interval.end, data.end)
        if data.start < interval.end <= data.end:
            produced += interval.produced
            scrap += interval.scrap
            rework += interval.rework
        if end <= start:
            continue
        busy = (end - start).total_seconds() - _overlap(start, end, down)
        seconds[classify(interval.item_state, interval.operation_mode)] += busy
        contiguous = previous_end is not None and previous_end == interval.start
        if (
            interval.item_state is ItemState.OUT_OF_SERVICE
            and busy > 0
            and not (contiguous and previous is ItemState.OUT_OF_SERVICE)
        ):
            failures += 1
        previous, previous_end = interval.item_state, interval.end
    reported = sum(seconds[e] for e in TimeElement if e is not TimeElement.UNKNOWN)
    pbt = (data.end - data.start).total_seconds() - pdot
    gap = pbt - sum(seconds.values())
    elements = TimeElements(
        pot=(data.end - data.start).total_seconds(),
        pdot=pdot,
        apt=seconds[TimeElement.APT],
        aust=seconds[TimeElement.AUST],
        adet=seconds[TimeElement.ADET],
        adot=seconds[TimeElement.ADOT],
        unknown=max(0.0, pbt - reported),
    )
    quantities = data.quantities or Quantities(produced=produced, scrap=scrap, rework=rework)
    kpis = compute_kpis(elements, quantities, pru_s=data.pru_s, failures=failures)
    flags: list[Flag] = []
    if kpis.effectiveness is not None and kpis.effectiveness > 1 + _EPS:
        flags.append(Flag.EFFECTIVENESS_ABOVE_ONE)
    if gap > 1e-6:
        flags.append(Flag.STATES_INCOMPLETE)
    return OeeResult(
        elements=elements,
        quantities=quantities,
        failures=failures,
        kpis=kpis,
        flags=tuple(flags),
    )
