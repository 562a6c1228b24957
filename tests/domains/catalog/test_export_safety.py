"""Exports are safe to open (SQLite and PostgreSQL): a CSV cell never runs as a formula in a
spreadsheet, and control characters no longer break the Excel export."""

from __future__ import annotations

import csv
import io

import openpyxl
from sqlalchemy.orm import Session

from suigang.domains.catalog.machines import create_machine
from suigang.domains.catalog.schemas import MachineCreate
from suigang.domains.catalog.service import export_machines, import_machines
from tests.domains.catalog.catalog_helpers import Zone

NAMES = {
    "F1": '=HYPERLINK("http://evil.example","click")',
    "F2": "+SUM(1,2)",
    "F3": "-2+3",
    "F4": "@cmd",
    "C1": "Mill\x01with a control character",
}


def _machines(session: Session, zone: Zone) -> None:
    for code, name in NAMES.items():
        create_machine(
            session, actor=zone.admin, data=MachineCreate(code=code, name=name, kind="robot_cell")
        )


def test_csv_export_neutralises_formulas_and_reads_back(session: Session, zone: Zone) -> None:
    """Cells starting with = + - @ get a leading apostrophe (a spreadsheet shows it as text);
    importing the export restores the names exactly."""
    _machines(session, zone)
    data = export_machines(session, actor=zone.admin, fmt="csv")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    names = {r[0]: r[1] for r in rows[1:]}
    assert names["F1"] == "'" + NAMES["F1"]
    assert names["F2"] == "'+SUM(1,2)"
    assert names["F3"] == "'-2+3"
    assert names["F4"] == "'@cmd"
    report = import_machines(session, actor=zone.admin, filename="back.csv", content=data)
    assert (report.created, report.updated, report.unchanged) == (0, 0, len(NAMES))


def test_xlsx_export_holds_control_characters_as_replacement(session: Session, zone: Zone) -> None:
    """A name holding U+0001 (which XML cannot carry) exports, shown as U+FFFD; formulas are
    text cells, never formulas."""
    _machines(session, zone)
    data = export_machines(session, actor=zone.admin, fmt="xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    cells = {row[0].value: row[1] for row in sheet.iter_rows(min_row=2)}
    assert cells["C1"].value == "Mill\ufffdwith a control character"
    assert cells["F1"].data_type == "s" and cells["F1"].value == NAMES["F1"]
