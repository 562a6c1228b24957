"""``next_number(session, scope, floor=...)``: the next number of a scope, safe under
concurrency on SQLite and PostgreSQL.

Numbers used to be counted (``count + 1``, ``max + 1``): two requests at the same moment
counted the same rows and the second one's commit broke a unique key (a 500). Now one row
per scope holds the last number, and ``INSERT ... ON CONFLICT DO UPDATE SET value = value + 1
RETURNING value`` takes it and its lock in one statement: a concurrent caller waits for the
first one's commit and gets the next number. The first use of a scope starts after
``floor`` (the highest number already stored, for data from before the counter existed).
The row stays locked until the use case commits, so keep allocation close to the commit.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from suigang.domains.numbering.models import NumberCounter


def next_number(session: Session, scope: str, *, floor: Any = 0) -> int:
    """The next number of ``scope`` (1, 2, ...; after ``floor`` on first use).

    ``floor`` is an int or a scalar SQL expression (evaluated only when the scope is new).
    """
    table: Any = NumberCounter.__table__
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    start = floor + 1 if isinstance(floor, int) else func.coalesce(floor, 0) + 1
    stmt = (
        insert(table)
        .values(scope=scope, value=start)
        .on_conflict_do_update(index_elements=[table.c.scope], set_={"value": table.c.value + 1})
        .returning(table.c.value)
    )
    value: int = session.execute(stmt).scalar_one()
    return value
