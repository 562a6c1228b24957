"""Property tests of the parsers that read what others send: Sparkplug B payloads, CSV and
Excel imports of the catalogue, CSV measurements. Whatever arrives, the parser returns what
fits the store or refuses it with a domain error; it never raises anything else."""

from __future__ import annotations

import contextlib
import io
import re
from datetime import UTC, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from suigang.config import Limits
from suigang.domains.catalog.io import MACHINE_COLUMNS, MACHINE_REQUIRED, read_table
from suigang.domains.equipment.readings import reading_problem
from suigang.domains.quality.csvio import parse_measurements_csv
from suigang.errors import InvalidInput
from suigang.telemetry import sparkplug_b_pb2 as pb
from suigang.telemetry.processor import SparkplugProcessor
from suigang.telemetry.sparkplug import MetricSpec, build_payload

NOW = datetime(2026, 12, 1, tzinfo=UTC)
IDS = st.one_of(
    st.sampled_from(["g", "node", "dev"]),
    st.text(min_size=1, max_size=80).filter(lambda t: "/" not in t and "+" not in t),
)
KINDS = st.sampled_from(["NBIRTH", "DBIRTH", "NDATA", "DDATA", "DDEATH", "NDEATH", "XDATA"])
TYPES = st.sampled_from(
    [
        pb.Int8,
        pb.Int32,
        pb.Int64,
        pb.UInt32,
        pb.UInt64,
        pb.Float,
        pb.Double,
        pb.Boolean,
        pb.String,
        pb.Bytes,
    ]
)
VALUES = st.one_of(
    st.integers(-(2**63), 2**64 - 1),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.text(max_size=30),
    st.binary(max_size=30),
    st.none(),
)
NAMES = st.one_of(
    st.sampled_from(
        [
            "Production/PartsProduced",
            "Machinery/ItemState",
            "Process/Temperature",
            "bdSeq",
            "Machinery/OperationMode",
        ]
    ),
    st.text(max_size=150),
)


@st.composite
def metrics(draw: st.DrawFn) -> MetricSpec:
    kind = draw(TYPES)
    value = draw(VALUES)
    try:  # the value as the wire carries it for the type (or as garbage for another)
        return MetricSpec(
            draw(st.none() | NAMES),
            draw(st.none() | st.integers(0, 2**64 - 1)),
            kind,
            value,
            draw(st.none() | st.datetimes(timezones=st.just(UTC))),
        )
    except (TypeError, ValueError, OverflowError):
        return MetricSpec("x", None, pb.Int32, 1)


@st.composite
def messages(draw: st.DrawFn) -> tuple[str, bytes]:
    kind = draw(KINDS)
    device = f"/{draw(IDS)}" if kind.startswith("D") else ""
    topic = f"spBv1.0/{draw(IDS)}/{kind}/{draw(IDS)}{device}"
    if draw(st.booleans()):
        return topic, draw(st.binary(max_size=200))
    specs = draw(st.lists(metrics(), max_size=6))
    try:
        payload = build_payload(
            specs,
            timestamp=draw(st.none() | st.datetimes(timezones=st.just(UTC))),
            seq=draw(st.none() | st.integers(0, 2**64 - 1)),
        )
    except (TypeError, ValueError, OverflowError):
        payload = b""
    return topic, payload


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(stream=st.lists(messages(), min_size=1, max_size=8))
def test_sparkplug_processing_never_raises_and_yields_only_storable_readings(stream) -> None:  # type: ignore[no-untyped-def]
    """Any sequence of topics and payloads: no exception, every reading fits the store, and
    a message whose data was dropped says why (its dead-letter reason)."""
    processor = SparkplugProcessor()
    for topic, payload in stream:
        out = processor.handle(topic, payload, NOW)
        assert all(reading_problem(r) is None for r in out.readings)
        assert all(
            reason.split(":")[0] in {"bad_topic", "malformed", "wrong_type", "unfit"}
            for reason in out.rejected
        )


SMALL = Limits(max_rows=50, max_columns=12, max_upload_bytes=20_000)
CELLS = st.one_of(st.text(max_size=12), st.sampled_from(["code", "name", "kind", "robot_cell"]))


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    content=st.one_of(
        st.binary(max_size=600),
        st.lists(st.lists(CELLS, max_size=14), max_size=60).map(
            lambda rows: "\n".join(",".join(r) for r in rows).encode()
        ),
    )
)
def test_catalogue_csv_reads_or_is_refused(content: bytes) -> None:
    """Arbitrary bytes as a machines CSV: rows, or InvalidInput (never another error)."""
    try:
        rows = read_table(
            "m.csv", content, columns=MACHINE_COLUMNS, required=MACHINE_REQUIRED, limits=SMALL
        )
    except InvalidInput:
        return
    assert len(rows) <= SMALL.max_rows


_XML_SAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    grid=st.lists(
        st.lists(
            st.one_of(CELLS, st.integers(), st.floats(allow_nan=False), st.none()), max_size=14
        ),
        max_size=20,
    )
)
def test_catalogue_xlsx_reads_or_is_refused(grid) -> None:  # type: ignore[no-untyped-def]
    """Any small workbook: rows, or InvalidInput."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in grid:
        sheet.append([_XML_SAFE.sub("", c) if isinstance(c, str) else c for c in row])
    out = io.BytesIO()
    book.save(out)
    with contextlib.suppress(InvalidInput):
        read_table(
            "m.xlsx",
            out.getvalue(),
            columns=MACHINE_COLUMNS,
            required=MACHINE_REQUIRED,
            limits=SMALL,
        )


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    content=st.one_of(
        st.binary(max_size=400),
        st.lists(
            st.lists(
                st.one_of(
                    st.text(max_size=10),
                    st.sampled_from(
                        [
                            "characteristic",
                            "subgroup",
                            "value",
                            "taken_at",
                            "1",
                            "nan",
                            "inf",
                            "1e400",
                            "2026-01-01T00:00:00Z",
                            "wall",
                        ]
                    ),
                ),
                max_size=6,
            ),
            max_size=40,
        ).map(lambda rows: "\n".join(",".join(r) for r in rows).encode()),
    )
)
def test_measurement_csv_reads_or_is_refused(content: bytes) -> None:
    """Arbitrary bytes as a measurements CSV: finite values, or InvalidInput."""
    try:
        rows = parse_measurements_csv("v.csv", content, limits=SMALL)
    except InvalidInput:
        return
    assert all(row.value == row.value and abs(row.value) != float("inf") for _, row in rows)
