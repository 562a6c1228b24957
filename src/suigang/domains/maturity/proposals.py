"""Answers proposed from the firm's own data, each with its evidence and figures.

Each indicator reads a share from the domain that owns the data (through its service, never
its tables) and proposes an answer from the share: 90 % and more fully met, 60 % mostly,
30 % partially, less not met. Which requirement an indicator answers is data
(``data/indicators.csv``); an indicator with nothing to measure (no machines, no finished
operations...) proposes nothing and the firm answers itself.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from fractions import Fraction
from functools import cache
from importlib import resources
from typing import Any

from sqlalchemy.orm import Session

from suigang.domains.catalog.machines import list_machines
from suigang.domains.common import MAX_PAGE
from suigang.domains.equipment.service import machine_oee, reporting_span
from suigang.domains.evidence.links import planned_unit_seconds
from suigang.domains.identity.permissions import Actor
from suigang.domains.orders.flow import factory_order_flow
from suigang.domains.planning.service import planned_ends, scheduled_work_orders
from suigang.domains.production.models import OperationStatus, WorkOrderStatus
from suigang.domains.production.service import factory_operations, work_order_orders
from suigang.domains.quality.views import factory_capabilities
from suigang.engines.analytics.maturity import Answer

#: (lowest share, answer), highest first; below the last: not met
SHARE_BANDS: tuple[tuple[Fraction, Answer], ...] = (
    (Fraction(9, 10), Answer.FULLY),
    (Fraction(6, 10), Answer.MOSTLY),
    (Fraction(3, 10), Answer.PARTIALLY),
)
REPORTING_DAYS = 7  # a machine that reported within this many days is reporting
OEE_DAYS = 30
WINDOW_DAYS = 90  # work orders, operations and orders of the last quarter
CPK_TARGET = 1.33


def answer_for(share: Fraction) -> Answer:
    """The answer a share proposes."""
    for lowest, answer in SHARE_BANDS:
        if share >= lowest:
            return answer
    return Answer.NOT_MET


@dataclass(frozen=True, slots=True)
class Proposal:
    """A proposed answer to one requirement, with the indicator and figures behind it."""

    subdomain: str
    level: int
    requirement: str
    answer: Answer
    indicator: str
    figures: dict[str, Any] = field(default_factory=dict)

    def evidence(self, measured_at: datetime) -> dict[str, Any]:
        """The JSON kept with the answer."""
        return {
            "indicator": self.indicator,
            "figures": self.figures,
            "measured_at": measured_at.isoformat(),
        }


@dataclass(frozen=True, slots=True)
class Share:
    """``part`` of ``whole`` measured by an indicator, with further figures."""

    part: int
    whole: int
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def value(self) -> Fraction:
        return Fraction(self.part, self.whole)


@cache
def indicator_targets() -> dict[str, tuple[tuple[str, int, str], ...]]:
    """Indicator → the requirements (sub-domain, level, id) it proposes an answer to."""
    text = resources.files("suigang.domains.maturity").joinpath("data", "indicators.csv")
    out: dict[str, list[tuple[str, int, str]]] = {}
    for row in csv.DictReader(text.read_text(encoding="utf-8").splitlines()):
        out.setdefault(row["indicator"], []).append(
            (row["subdomain"], int(row["level"]), row["requirement"])
        )
    return {k: tuple(v) for k, v in out.items()}


def _pct(value: Fraction | float | None) -> float | None:
    return None if value is None else round(float(value) * 100, 1)


class _Figures:
    """The firm's data, read once per proposal run."""

    def __init__(self, session: Session, actor: Actor, now: datetime) -> None:
        self.session, self.actor, self.now = session, actor, now
        self.firm = actor.enterprise_id
        self.since = now - timedelta(days=WINDOW_DAYS)
        self._ops: list[Any] | None = None
        self._span: dict[Any, tuple[datetime, datetime]] | None = None

    def machines(self) -> list[Any]:
        rows, _ = list_machines(self.session, actor=self.actor, limit=MAX_PAGE)
        return rows

    def span(self, machines: list[Any]) -> dict[Any, tuple[datetime, datetime]]:
        if self._span is None:
            self._span = reporting_span(self.session, machine_ids=[m.id for m in machines])
        return self._span

    def operations(self) -> list[Any]:
        if self._ops is None:
            self._ops = factory_operations(self.session, factory_id=self.firm, since=self.since)
        return self._ops

    def machines_reporting(self) -> Share | None:
        machines = self.machines()
        if not machines:
            return None
        span = self.span(machines)
        recent = self.now - timedelta(days=REPORTING_DAYS)
        connected = [
            m for m in machines if m.sparkplug_node or m.sparkplug_device or m.opcua_endpoint
        ]
        reporting = [m for m in connected if m.id in span and span[m.id][1] >= recent]
        return Share(len(reporting), len(machines), {
            "machines": len(machines), "connected": len(connected),
            "reporting": len(reporting), "days": REPORTING_DAYS,
        })  # fmt: skip

    def oee_tracked(self) -> Share | None:
        machines = self.machines()
        if not machines:
            return None
        window = self.now - timedelta(days=OEE_DAYS)
        span = self.span(machines)
        tracked: list[Any] = []
        for m in machines:
            if m.id not in span or span[m.id][1] < window:
                continue  # no machine data in the window: nothing to compute OEE from
            # over the days the machine reported (a machine connected last week has no
            # data, not a month of downtime, before that)
            start = max(window, span[m.id][0])
            if start >= self.now:
                continue
            result = machine_oee(
                self.session, machine_id=m.id, start=start, end=self.now, now=self.now,
                pru_s=planned_unit_seconds(self.session, m.id),
            )[0].result  # fmt: skip
            if result.kpis.oee is not None:
                tracked.append(result.kpis)
        extra: dict[str, Any] = {"machines": len(machines), "tracked": len(tracked)}
        extra["days"] = OEE_DAYS
        if tracked:
            extra["oee_pct"] = _pct(sum(k.oee for k in tracked) / len(tracked))
            mtbf = [k.mtbf for k in tracked if k.mtbf is not None]
            mttr = [k.mttr for k in tracked if k.mttr is not None]
            extra["mtbf_h"] = round(sum(mtbf) / len(mtbf) / 3600, 1) if mtbf else None
            extra["mttr_min"] = round(sum(mttr) / len(mttr) / 60, 1) if mttr else None
        return Share(len(tracked), len(machines), extra)

    def scheduled_share(self) -> Share | None:
        wos = {
            o.work_order_id
            for o in self.operations()
            if o.work_order.status is not WorkOrderStatus.CANCELLED
        }
        if not wos:
            return None
        planned = scheduled_work_orders(self.session, factory_id=self.firm, work_order_ids=wos)
        return Share(len(planned), len(wos), {"work_orders": len(wos), "scheduled": len(planned)})

    def _done(self) -> list[Any]:
        return [o for o in self.operations() if o.status is OperationStatus.DONE]

    def actuals_recorded(self) -> Share | None:
        done = self._done()
        if not done:
            return None
        timed = [o for o in done if o.actual_start is not None and o.actual_end is not None]
        return Share(len(timed), len(done), {"finished": len(done), "with_times": len(timed)})

    def plan_adherence(self) -> Share | None:
        done = self._done()
        if not done:
            return None
        timed = {o.id: o for o in done if o.actual_start is not None and o.actual_end is not None}
        ends = planned_ends(
            self.session,
            factory_id=self.firm,
            started={k: o.actual_start for k, o in timed.items()},
        )
        on_time = [k for k, end in ends.items() if timed[k].actual_end <= end]
        extra: dict[str, Any] = {"finished": len(done), "measured": len(ends)}
        extra["on_time"] = len(on_time)
        extra["adherence_pct"] = _pct(Fraction(len(on_time), len(ends))) if ends else None
        return Share(len(ends), len(done), extra)

    def spc_charted(self) -> Share | None:
        chars = factory_capabilities(self.session, enterprise_id=self.firm)
        if not chars:
            return None
        charted = [c for c in chars if c.charted]
        return Share(len(charted), len(chars), {"critical": len(chars), "charted": len(charted)})

    def cpk_capable(self) -> Share | None:
        chars = [c for c in factory_capabilities(self.session, enterprise_id=self.firm)]
        measured = [c for c in chars if c.cpk is not None]
        if not measured:
            return None
        capable = [c for c in measured if c.cpk is not None and c.cpk >= CPK_TARGET]
        return Share(len(capable), len(measured), {
            "with_cpk": len(measured), "capable": len(capable), "cpk_target": CPK_TARGET,
            "lowest_cpk": round(min(c.cpk for c in measured if c.cpk is not None), 2),
        })  # fmt: skip

    def _flows(self) -> tuple[list[Any], set[Any]]:
        flows = factory_order_flow(self.session, factory_id=self.firm, since=self.since)
        with_wo = set(work_order_orders(self.session, factory_id=self.firm).values())
        return flows, with_wo

    def orders_linked(self) -> Share | None:
        flows, with_wo = self._flows()
        if not flows:
            return None
        linked = [f for f in flows if f.order_id in with_wo and f.lots > 0]
        return Share(len(linked), len(flows), {"orders": len(flows), "linked": len(linked)})

    def rfq_to_lots(self) -> Share | None:
        flows, with_wo = self._flows()
        if not flows:
            return None
        through = [f for f in flows if f.from_rfq and f.order_id in with_wo and f.lots > 0]
        return Share(len(through), len(flows), {
            "orders": len(flows), "from_rfq": sum(1 for f in flows if f.from_rfq),
            "rfq_to_lots": len(through),
        })  # fmt: skip


def propose(session: Session, *, actor: Actor, now: datetime) -> list[Proposal]:
    """The answers the platform can propose for the actor's firm from its own data."""
    figures = _Figures(session, actor, now)
    readers: dict[str, Callable[[], Share | None]] = {
        name: getattr(figures, name) for name in indicator_targets()
    }
    out: list[Proposal] = []
    for name, read in readers.items():
        share = read()
        if share is None or share.whole == 0:
            continue
        found = {"share_pct": _pct(share.value), **share.extra}
        for subdomain, level, requirement in indicator_targets()[name]:
            out.append(
                Proposal(subdomain, level, requirement, answer_for(share.value), name, found)
            )
    return out
