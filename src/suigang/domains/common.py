"""What every domain shares: the columns most tables have, a resource to ask ``can`` about, the
one commit, a checked flush, a page of a query, a mapping edited as YAML on a page and an Excel
workbook.

Status lifecycles and optimistic versions are in ``lifecycle.py`` beside this module.
"""

from __future__ import annotations

import io
import re
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any, TypeVar

import yaml
from sqlalchemy import ForeignKey, Select, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import MappedColumn, Session, mapped_column
from sqlalchemy.orm.exc import StaleDataError

from suigang.db import UUIDString
from suigang.errors import Conflict, InvalidInput

T = TypeVar("T")
E = TypeVar("E", bound=StrEnum)

MAX_PAGE = 500
NOBODY = uuid.UUID(int=0)
CLASH = "the change clashes with a record stored meanwhile; reload and try again"
#: Characters an .xlsx cannot hold (XML 1.0 control characters).
XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
#: A sheet of a workbook: its title, its header and its rows.
Sheet = tuple[str, Sequence[str], Iterable[Sequence[Any]]]

#: The primary key of a table: a UUID the application makes.
PrimaryKey = Annotated[uuid.UUID, mapped_column(UUIDString, primary_key=True, default=uuid.uuid4)]
#: The firm that owns a row; the row goes when the firm does.
OwnerFirm = Annotated[
    uuid.UUID,
    mapped_column(UUIDString, ForeignKey("enterprise.id", ondelete="CASCADE"), index=True),
]
#: A firm a business record names (a buyer, a factory, a holder); it stays while the record does.
NamedFirm = Annotated[
    uuid.UUID,
    mapped_column(UUIDString, ForeignKey("enterprise.id", ondelete="RESTRICT"), index=True),
]


def part_of(target: str) -> MappedColumn[Any]:
    """The indexed foreign key of a row that is part of the row ``target`` (``"table.id"``)
    names: deleting that row deletes this one."""
    return mapped_column(UUIDString, ForeignKey(target, ondelete="CASCADE"), index=True)


@dataclass(frozen=True, slots=True)
class Ref:
    """A resource as ``can`` sees it: the firm that owns it and the firms it is addressed to.

    Use it to ask about a kind of resource before one exists (may the actor list its own
    firm's plans?) or for a resource that is no table row (a firm, a factory's calendar).
    """

    owner_enterprise_id: uuid.UUID
    addressed_enterprise_ids: tuple[uuid.UUID, ...] = ()


class FirmOwned:
    """A table row owned by the firm in its ``enterprise_id`` and addressed to no other firm:
    a resource for ``can`` as it is."""

    enterprise_id: Any

    @property
    def owner_enterprise_id(self) -> uuid.UUID:
        return self.enterprise_id  # type: ignore[no-any-return]

    @property
    def addressed_enterprise_ids(self) -> tuple[uuid.UUID, ...]:
        return ()


class FactoryOwned(FirmOwned):
    """A row of a factory's own, which names its firm ``factory_id``."""

    factory_id: Any

    @property
    def owner_enterprise_id(self) -> uuid.UUID:
        return self.factory_id  # type: ignore[no-any-return]


def owned_by(enterprise_id: uuid.UUID) -> Ref:
    """A resource of ``enterprise_id`` (its own orders, machines, plans...)."""
    return Ref(enterprise_id)


def addressed_to(enterprise_id: uuid.UUID) -> Ref:
    """A resource of another firm addressed to ``enterprise_id`` (an RFQ sent to it...)."""
    return Ref(NOBODY, (enterprise_id,))


def in_language(lang: str, zh_hans: str, zh_hant: str, en: str) -> str:
    """Of a text in three scripts, the one in ``lang`` (``zh-Hans``, ``zh-Hant``), else English."""
    return {"zh-Hans": zh_hans, "zh-Hant": zh_hant}.get(lang, en)


def choice(enum: type[E], value: str, field: str) -> E:
    """``value`` as a member of ``enum``; ``InvalidInput`` naming ``field`` and the choices."""
    try:
        return enum(value)
    except ValueError:
        raise InvalidInput(f"{field} {value!r} is not one of {', '.join(enum)}") from None


def commit_once(session: Session, *, clash: str = CLASH) -> None:
    """The one commit of a write use case; a lost race with another writer (a unique number
    taken meanwhile, a stale version) becomes a ``Conflict`` saying ``clash``. The database's
    own error text never reaches the caller."""
    try:
        session.commit()
    except (IntegrityError, StaleDataError) as exc:
        session.rollback()
        raise Conflict(clash) from exc


def flush_checked(session: Session, what: str) -> None:
    """Flush inside a use case, turning a lost race on ``what`` into a ``Conflict``."""
    try:
        session.flush()
    except IntegrityError:
        raise Conflict(f"{what} clashes with a record stored meanwhile; reload and retry") from None
    except StaleDataError:
        raise Conflict(f"{what} was changed by someone else meanwhile; reload and retry") from None


def check_page(offset: int, limit: int) -> None:
    """Refuse a negative offset or a page size outside 1..MAX_PAGE."""
    if offset < 0:
        raise InvalidInput(f"offset {offset} must not be negative")
    if not 1 <= limit <= MAX_PAGE:
        raise InvalidInput(f"limit {limit} must be between 1 and {MAX_PAGE}")


def count_rows(session: Session, query: Select[*tuple[Any, ...]]) -> int:
    """How many rows ``query`` returns."""
    return session.scalar(select(func.count()).select_from(query.subquery())) or 0


def page(
    session: Session, query: Select[T], *order_by: Any, offset: int, limit: int
) -> tuple[list[T], int]:
    """Rows ``offset`` .. ``offset + limit`` of ``query`` in ``order_by`` order, and the total."""
    check_page(offset, limit)
    total = count_rows(session, query)
    rows = session.scalars(query.order_by(*order_by).offset(offset).limit(limit))
    return list(rows), total


def yaml_text(data: dict[str, Any]) -> str:
    """``data`` as YAML to edit on a page: keys in their order, any script as it is."""
    return str(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100))


def mapping_from_yaml(text: str, *, what: str, expected: str) -> dict[str, Any]:
    """A mapping written as YAML (or JSON) on a page; ``InvalidInput`` naming ``what`` and the
    line, or saying what was ``expected`` when the text is no mapping."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark is not None else ""
        raise InvalidInput(f"{what}: {where}not readable YAML") from None
    if not isinstance(data, dict):
        raise InvalidInput(f"{what}: expected {expected}")
    return data


def xlsx_workbook(sheets: Sequence[Sheet], *, decimal: Callable[[Decimal], Any]) -> bytes:
    """An XLSX with one sheet per ``(title, header, rows)``; a Decimal is written as
    ``decimal`` makes it, a text cell stays text (one starting with "=" is no formula) and the
    control characters XML cannot carry become U+FFFD."""
    from openpyxl import Workbook

    def value(v: Any) -> Any:
        if isinstance(v, Decimal):
            return decimal(v)
        if isinstance(v, str):
            return XML_ILLEGAL.sub("\ufffd", v)
        return v

    book = Workbook()
    for i, (title, header, rows) in enumerate(sheets):
        sheet = book.active if i == 0 else book.create_sheet(title)
        assert sheet is not None  # a new workbook always has one sheet
        sheet.title = title
        sheet.append(list(header))
        for row in rows:
            sheet.append([value(v) for v in row])
        for line in sheet.iter_rows(min_row=2):
            for cell in line:
                if isinstance(cell.value, str):
                    cell.data_type = "s"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
