"""Firms' yearly statistics: the form (one segment at a time), a firm's own filings, the zone
office's import of a year (CSV, all or nothing), and the dated HKD/CNY rates it keeps."""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Sequence
from datetime import date
from decimal import Decimal, InvalidOperation

from sqlalchemy import select
from sqlalchemy.orm import Session

from suigang.config import Limits
from suigang.db import utcnow
from suigang.domains.cluster.models import ExchangeRate, StatisticsFiling
from suigang.domains.cluster.schemas import FilingCreate, ImportResult, RateCreate
from suigang.domains.common import commit_once, owned_by
from suigang.domains.identity.models import Enterprise, EnterpriseKind
from suigang.domains.identity.permissions import Actor
from suigang.domains.identity.service import audit, require
from suigang.domains.limits import check_bytes, default_limits, first
from suigang.domains.zone.segments import parse_segment
from suigang.errors import Conflict, InvalidInput

COLUMNS = ("firm", "segment", "currency", "output", "tax", "rd_spending", "employees")
MAX_AMOUNT = Decimal("9999999999999999.99")  # Numeric(18, 2)


class ImportRejected(InvalidInput):
    """A year's file with bad rows: nothing was stored; ``errors`` names each line."""

    def __init__(self, errors: Sequence[str], count: int) -> None:
        self.errors = list(errors)
        self.error_count = count
        super().__init__("the file was rejected, nothing was stored:\n" + "\n".join(errors))


def _upsert(
    session: Session, firm: Enterprise, data: FilingCreate, actor: Actor, source: str
) -> bool:
    """Store one filing, replacing the firm's filing of that year and segment; True if replaced."""
    row = session.scalar(
        select(StatisticsFiling).where(
            StatisticsFiling.enterprise_id == firm.id,
            StatisticsFiling.year == data.year,
            StatisticsFiling.segment == data.segment,
        )
    )
    replaced = row is not None
    if row is None:
        row = StatisticsFiling(id=uuid.uuid4(), enterprise_id=firm.id, year=data.year,
                               segment=data.segment)  # fmt: skip
        session.add(row)
    row.currency, row.output, row.tax = data.currency, data.output, data.tax
    row.rd_spending, row.employees, row.hk_invested = (
        data.rd_spending, data.employees, firm.hk_invested,
    )  # fmt: skip
    row.source, row.filed_by, row.filed_at = source, actor.label, utcnow()
    return replaced


def file_statistics(session: Session, *, actor: Actor, data: FilingCreate) -> StatisticsFiling:
    """The actor's firm files (or corrects) one segment of a year's statistics."""
    require(actor, "statistics:file", owned_by(actor.enterprise_id))
    firm = session.get(Enterprise, actor.enterprise_id)
    assert firm is not None
    if data.year > date.today().year:
        raise InvalidInput(f"year {data.year} has not begun: file a year that has")
    replaced = _upsert(session, firm, data, actor, "form")
    session.flush()
    audit(session, actor, "statistics.filed", "statistics_filing", f"{data.year}/{data.segment}",
          replaced=replaced, output=data.output, currency=data.currency)  # fmt: skip
    commit_once(session)
    return _mine(session, firm.id, data)


def _mine(session: Session, firm_id: uuid.UUID, data: FilingCreate) -> StatisticsFiling:
    row = session.scalar(
        select(StatisticsFiling).where(
            StatisticsFiling.enterprise_id == firm_id,
            StatisticsFiling.year == data.year,
            StatisticsFiling.segment == data.segment,
        )
    )
    assert row is not None
    return row


def my_filings(session: Session, *, actor: Actor) -> list[StatisticsFiling]:
    """The actor's firm's filings, newest year first."""
    require(actor, "statistics:read", owned_by(actor.enterprise_id))
    return list(
        session.scalars(
            select(StatisticsFiling)
            .where(StatisticsFiling.enterprise_id == actor.enterprise_id)
            .order_by(StatisticsFiling.year.desc(), StatisticsFiling.segment)
        )
    )


def _firm_index(session: Session) -> dict[str, Enterprise]:
    index: dict[str, Enterprise] = {}
    for firm in session.scalars(
        select(Enterprise).where(Enterprise.kind != EnterpriseKind.ZONE_OFFICE)
    ):
        for key in (str(firm.id), firm.name_en, firm.name_zh_hans, firm.name_zh_hant):
            index[key.strip().lower()] = firm
    return index


def _parse_row(
    cells: dict[str, str], year: int, firms: dict[str, Enterprise]
) -> tuple[Enterprise, FilingCreate]:
    firm = firms.get(cells["firm"].strip().lower())
    if firm is None:
        raise ValueError(f"firm {cells['firm']!r} is not a firm of the zone (name or id)")
    segment = parse_segment(cells["segment"])
    currency = cells["currency"].strip().upper() or "CNY"
    if currency not in ("CNY", "HKD"):
        raise ValueError(f"currency {cells['currency']!r} is not CNY or HKD")
    amounts: dict[str, Decimal] = {}
    for name in ("output", "tax", "rd_spending"):
        text = cells[name].strip().replace(",", "") or "0"
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise ValueError(f"{name} {cells[name]!r} is not an amount") from None
        if (
            not value.is_finite()
            or value < 0
            or value > MAX_AMOUNT
            or value != value.quantize(Decimal("0.01"))
        ):
            raise ValueError(f"{name} {cells[name]!r} must be 0 or more, to the fen")
        amounts[name] = value
    text = cells["employees"].strip() or "0"
    if not text.isdigit() or int(text) > 1_000_000:
        raise ValueError(f"employees {cells['employees']!r} is not a whole number up to 1000000")
    data = FilingCreate(year=year, segment=segment, currency=currency, employees=int(text),
                        **amounts)  # fmt: skip
    return firm, data


def import_year(
    session: Session, *, actor: Actor, year: int, content: bytes, limits: Limits | None = None
) -> ImportResult:
    """The zone office imports a year's statistics (CSV with a header of ``COLUMNS``).

    All or nothing: a bad row is named by its line and nothing is stored. A row replaces
    the firm's filing of that year and segment; a firm listed twice for a segment is an error.
    """
    require(actor, "statistics:import")
    lim = limits or default_limits()
    check_bytes("the statistics file", content, lim.max_upload_bytes, "max_upload_bytes")
    if not 2000 <= year <= date.today().year:
        raise InvalidInput(f"year {year} must be 2000 to this year")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput("the file is not UTF-8 text (save the CSV as UTF-8)") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [h.strip().lower() for h in next(reader, [])]
    lacking = [c for c in COLUMNS if c not in header]
    if lacking:
        raise InvalidInput(f"line 1: the header lacks {', '.join(lacking)} (columns: "
                           f"{','.join(COLUMNS)})")  # fmt: skip
    firms = _firm_index(session)
    errors: list[str] = []
    parsed: list[tuple[Enterprise, FilingCreate]] = []
    seen: dict[tuple[uuid.UUID, str], int] = {}
    for line, raw in enumerate(reader, start=2):
        if not any(c.strip() for c in raw):
            continue
        if len(parsed) + len(errors) >= lim.max_rows:
            raise InvalidInput(f"more than {lim.max_rows} rows (SUIGANG_LIMITS__MAX_ROWS)")
        cells = dict(zip(header, [*raw, *[""] * len(header)], strict=False))
        try:
            firm, data = _parse_row(cells, year, firms)
        except ValueError as exc:
            errors.append(f"line {line}: {exc}")
            continue
        key = (firm.id, data.segment.value)
        if key in seen:
            errors.append(f"line {line}: {firm.name_en} {data.segment.value} is also on "
                          f"line {seen[key]}")  # fmt: skip
            continue
        seen[key] = line
        parsed.append((firm, data))
    if errors:
        raise ImportRejected(first(errors, lim), len(errors))
    if not parsed:
        raise InvalidInput("the file has no rows")
    replaced = sum(_upsert(session, firm, data, actor, "import") for firm, data in parsed)
    session.flush()
    audit(session, actor, "statistics.imported", "statistics_year", year, rows=len(parsed),
          replaced=replaced)  # fmt: skip
    commit_once(session)
    return ImportResult(year=year, rows=len(parsed), firms=len({f.id for f, _ in parsed}),
                        replaced=replaced)  # fmt: skip


def add_rate(session: Session, *, actor: Actor, data: RateCreate) -> ExchangeRate:
    """The zone office adds a dated HKD→CNY rate (one per day; rates are never live)."""
    require(actor, "rates:write")
    if session.get(ExchangeRate, data.effective) is not None:
        raise Conflict(f"a rate is dated {data.effective} already")
    row = ExchangeRate(effective=data.effective, cny_per_hkd=data.cny_per_hkd,
                       source=data.source.strip(), added_by=actor.label)  # fmt: skip
    session.add(row)
    session.flush()
    audit(session, actor, "rates.added", "exchange_rate", data.effective,
          cny_per_hkd=data.cny_per_hkd)  # fmt: skip
    commit_once(session)
    return row


def list_rates(session: Session, *, actor: Actor) -> list[ExchangeRate]:
    require(actor, "rates:read")
    return list(session.scalars(select(ExchangeRate).order_by(ExchangeRate.effective.desc())))


def cny_per_hkd_on(session: Session, day: date) -> Decimal | None:
    """The zone office's HKD→CNY rate in force on ``day`` (the latest dated on or before it);
    ``None`` when none is kept yet. For other areas' figures in CNY, e.g. the chain graph."""
    return session.scalar(
        select(ExchangeRate.cny_per_hkd)
        .where(ExchangeRate.effective <= day)
        .order_by(ExchangeRate.effective.desc())
        .limit(1)
    )
