"""Constants and helpers shared by the demo tests and their fixtures."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.orm import Session, sessionmaker

from suigang.demo import DemoSummary, build_demo

PASSWORD = "demo-pass-2035"
# a fixed moment, so that the built history is the same on every run of the tests
NOW = datetime(2026, 11, 28, 15, 30, tzinfo=UTC)

Built = tuple[DemoSummary, sessionmaker[Session]]


def build(factory: sessionmaker[Session], **kwargs: object) -> DemoSummary:
    with factory() as session:
        return build_demo(session, password=PASSWORD, now=NOW, **kwargs)  # type: ignore[arg-type]
