"""Spreadsheet import/export of machines and products, CSV and XLSX, all or nothing."""

from __future__ import annotations

import io

import openpyxl
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from suigang.domains.catalog.io import ImportRejected
from suigang.domains.catalog.models import Machine, Product
from suigang.domains.catalog.schemas import ImportReport, MachineCreate, RowError
from suigang.domains.catalog.service import (
    create_machine,
    create_work_center,
    export_machines,
    export_products,
    import_machines,
    import_products,
)
from suigang.domains.events.models import OutboxEvent
from suigang.domains.identity.models import AuditEvent
from suigang.errors import InvalidInput, PermissionDenied
from tests.domains.catalog.catalog_helpers import Zone, count

MACHINES_CSV = (
    "code,name,kind,status,work_center_code,capabilities,"
    "sparkplug_group,sparkplug_node,sparkplug_device,opcua_endpoint\r\n"
    "CMM-01,三坐标测量机,cmm_station,maintenance,QC,,,,,opc.tcp://10.0.0.5:4840\r\n"
    "CNC-01,五轴加工中心,cnc_machining_center,in_service,MILL,cnc_milling;5_axis,"
    "gz,mill,cnc01,\r\n"
    'CNC-02,"Lathe, twin spindle",cnc_lathe,in_service,MILL,cnc_turning,,,,\r\n'
)

PRODUCTS_CSV = (
    "product_code,product_name,unit,description,bom,step_seq,step_name,"
    "work_center_code,machine_codes,setup_s,run_s_per_unit\r\n"
    "BAR-6061,Cut bar,pcs,,,10,Saw,MILL,,0,30\r\n"
    'HSG-100,铝外壳,pcs,"Milled, anodised",BAR-6061=1.25; SCREW-M3=4,10,Rough mill,MILL,'
    "CNC-01;CNC-02,1800,240.5\r\n"
    'HSG-100,铝外壳,pcs,"Milled, anodised",BAR-6061=1.25; SCREW-M3=4,20,Inspect,,'
    "CMM-01,0,90.125\r\n"
    "KIT-1,Spare kit,set,,HSG-100=2,,,,,,\r\n"
)


def _floor(session: Session, zone: Zone, actor_name: str = "admin") -> None:
    actor = getattr(zone, actor_name)
    create_work_center(session, actor=actor, code="MILL", name="Milling")
    create_work_center(session, actor=actor, code="QC", name="Inspection")


def _xlsx(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cells(xlsx: bytes) -> list[tuple[object, ...]]:
    book = openpyxl.load_workbook(io.BytesIO(xlsx), read_only=True)
    return list(book.worksheets[0].iter_rows(values_only=True))


def _rejected(excinfo: pytest.ExceptionInfo[ImportRejected]) -> list[str]:
    return excinfo.value.message.splitlines()


# -- machines ------------------------------------------------------------------------------


def test_import_machines_csv(session: Session, zone: Zone) -> None:
    """A UTF-8 CSV with a BOM creates every machine with its work center and capabilities."""
    _floor(session, zone)
    report = import_machines(
        session, actor=zone.admin, filename="machines.csv", content=MACHINES_CSV.encode("utf-8-sig")
    )
    assert report == ImportReport(created=3, updated=0, unchanged=0)
    rows = session.scalars(select(Machine).order_by(Machine.code)).all()
    assert [
        (m.code, m.name, m.status, m.work_center.code if m.work_center else None, m.capabilities)
        for m in rows
    ] == [
        ("CMM-01", "三坐标测量机", "maintenance", "QC", []),
        ("CNC-01", "五轴加工中心", "in_service", "MILL", ["cnc_milling", "5_axis"]),
        ("CNC-02", "Lathe, twin spindle", "in_service", "MILL", ["cnc_turning"]),
    ]
    assert (rows[0].opcua_endpoint, rows[1].sparkplug_address) == (
        "opc.tcp://10.0.0.5:4840",
        "gz/mill/cnc01",
    )
    # one audit entry per machine, each naming the file
    audits = session.scalars(select(AuditEvent).where(AuditEvent.action == "machine.created"))
    assert sorted(a.details["source"] for a in audits) == ["machines.csv"] * 3


def test_export_machines_csv_exact(session: Session, zone: Zone) -> None:
    """Export writes the documented columns, sorted by code, as UTF-8 with a BOM."""
    _floor(session, zone)
    import_machines(session, actor=zone.admin, filename="m.csv", content=MACHINES_CSV.encode())
    assert export_machines(session, actor=zone.member, fmt="csv") == MACHINES_CSV.encode(
        "utf-8-sig"
    )


def test_reimport_updates_only_what_changed(session: Session, zone: Zone) -> None:
    """Same rows leave versions alone; a changed row updates; a status change emits its event."""
    _floor(session, zone)
    import_machines(session, actor=zone.admin, filename="m.csv", content=MACHINES_CSV.encode())
    report = import_machines(
        session, actor=zone.admin, filename="m.csv", content=MACHINES_CSV.encode()
    )
    assert report == ImportReport(created=0, updated=0, unchanged=3)
    assert [m.version for m in session.scalars(select(Machine))] == [1, 1, 1]
    changed = MACHINES_CSV.replace("cnc_lathe,in_service", "cnc_lathe,out_of_service").replace(
        "五轴加工中心", "五轴加工中心 A"
    )
    changed += "SMT-01,SMT line,smt_line,,,,,,,\r\n"  # blank status: in service
    report = import_machines(session, actor=zone.admin, filename="m2.csv", content=changed.encode())
    assert report == ImportReport(created=1, updated=2, unchanged=1)  # CMM-01 as it was
    versions = {m.code: (m.version, m.status) for m in session.scalars(select(Machine))}
    assert versions == {
        "CMM-01": (1, "maintenance"),
        "CNC-01": (2, "in_service"),
        "CNC-02": (2, "out_of_service"),
        "SMT-01": (1, "in_service"),
    }
    events = session.scalars(select(OutboxEvent)).all()
    assert [(e.kind, e.payload["code"], e.payload["reason"]) for e in events] == [
        ("machine.out_of_service", "CNC-02", "import of m2.csv")
    ]


def test_import_without_optional_columns_keeps_them(session: Session, zone: Zone) -> None:
    """A file with only code, name, kind renames machines and keeps everything else."""
    _floor(session, zone)
    import_machines(session, actor=zone.admin, filename="m.csv", content=MACHINES_CSV.encode())
    small = "Code,Name,Kind\nCNC-01,Five-axis centre,cnc_machining_center\n"
    report = import_machines(session, actor=zone.admin, filename="s.csv", content=small.encode())
    assert report == ImportReport(created=0, updated=1, unchanged=0)
    m = session.scalar(select(Machine).where(Machine.code == "CNC-01"))
    assert m is not None
    assert (m.name, m.capabilities, m.sparkplug_address, m.work_center_id is not None) == (
        "Five-axis centre",
        ["cnc_milling", "5_axis"],
        "gz/mill/cnc01",
        True,
    )


BAD_MACHINES = [
    [
        "code",
        "name",
        "kind",
        "status",
        "work_center_code",
        "sparkplug_group",
        "sparkplug_node",
        "sparkplug_device",
    ],
    ["CNC-01", "renamed", "lathe", "", "", "", "", ""],
    ["", "nameless", "robot_cell", "", "", "", "", ""],
    ["A B", "blank in code", "robot_cell", "", "", "", "", ""],
    ["R1", "robot", "robot_cell", "broken", "PAINT", "", "", ""],
    [None, None, None, None, None, None, None, None],
    ["R2", "robot", "robot_cell", "", "MILL", "gz", "cell", "r2"],
    ["R2", "robot again", "robot_cell", "", "", "", "", ""],
    ["R3", "robot", "robot_cell", "", "", "gz", "cell", "r2"],
    ["R4", "robot", "robot_cell", "", "", "gz", "mill", "cnc01"],
    ["R5", "robot", "robot_cell", "", "", "gz", "", ""],
    ["CNC-02", "fine row", "cnc_lathe", "", "MILL", "", "", ""],
]

BAD_MACHINE_LINES = [
    "{name} was rejected, nothing was stored:",
    # kind is an enumeration: the message lists every accepted value
    "line 2: kind 'lathe': input should be 'robot_cell', 'cnc_machining_center', 'cnc_lathe', "
    "'smt_line', 'aoi_station', 'cmm_station', 'injection_molding', 'laser_cutter', "
    "'assembly_line' or 'additive'",
    "line 3: code must not be empty",
    "line 4: code 'A B' must not contain blanks, ';', '=' or ','",
    "line 5: status 'broken': input should be 'in_service', 'maintenance' or 'out_of_service'; "
    "work_center_code 'PAINT' is not a work center of this factory",
    # line 6 is blank and skipped; line 7 is good
    "line 8: machine R2 appears again (first on line 7)",
    "line 9: Sparkplug address gz/cell/r2 is also on line 7",
    # only this firm's own machines are named: another firm's addresses are not revealed
    "line 10: Sparkplug address gz/mill/cnc01 is used by your machine CNC-01",
    "line 11: sparkplug_group, sparkplug_node and sparkplug_device must be given together",
]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_bad_machine_rows_reject_the_file(session: Session, zone: Zone, fmt: str) -> None:
    """Every bad row is reported with its spreadsheet line; nothing at all is stored."""
    _floor(session, zone)
    import_machines(session, actor=zone.admin, filename="m.csv", content=MACHINES_CSV.encode())
    create_machine(
        session,
        actor=zone.other_admin,
        data=MachineCreate(
            code="NS-1",
            name="other firm",
            kind="robot_cell",
            sparkplug_group="ns",
            sparkplug_node="line",
            sparkplug_device="x1",
        ),
    )
    before = export_machines(session, actor=zone.admin, fmt="csv")
    audits = count(session, AuditEvent)
    if fmt == "csv":
        text = "\n".join(",".join(c or "" for c in row) for row in BAD_MACHINES)
        content = text.encode()
    else:
        content = _xlsx([list(r) for r in BAD_MACHINES])
    with pytest.raises(ImportRejected) as err:
        import_machines(session, actor=zone.admin, filename=f"bad.{fmt}", content=content)
    header = BAD_MACHINE_LINES[0].format(name=f"bad.{fmt}")
    assert _rejected(err) == [header, *BAD_MACHINE_LINES[1:]]
    assert [e.line for e in err.value.errors] == [2, 3, 4, 5, 8, 9, 10, 11]
    assert isinstance(err.value, InvalidInput) and err.value.status_code == 422
    session.rollback()
    assert export_machines(session, actor=zone.admin, fmt="csv") == before
    assert count(session, AuditEvent) == audits
    assert count(session, Machine) == 4


def test_header_and_encoding_problems(session: Session, zone: Zone) -> None:
    """Unknown or missing columns, empty files, GBK text and other formats are refused."""
    with pytest.raises(ImportRejected) as err:
        import_machines(session, actor=zone.admin, filename="m.csv", content=b"code,nme,kind,x\n")
    assert _rejected(err)[1:] == [
        "line 1: unknown column 'nme'; unknown column 'x'; missing column name"
    ]
    with pytest.raises(ImportRejected) as err:
        import_machines(session, actor=zone.admin, filename="m.csv", content=b"")
    assert _rejected(err)[1:] == ["line 1: the file is empty"]
    # Excel's default "CSV" on a Chinese Windows is GBK: say where and what to do
    gbk = "code,name,kind\nM1,Mill,cnc_lathe\nM2,数控车床,cnc_lathe\n".encode("gbk")
    with pytest.raises(ImportRejected) as err:
        import_machines(session, actor=zone.admin, filename="m.csv", content=gbk)
    assert _rejected(err)[1:] == ["line 3: not UTF-8 text; save the file as CSV UTF-8"]
    with pytest.raises(InvalidInput, match=r"^file 'm\.xls' is neither \.csv nor \.xlsx"):
        import_machines(session, actor=zone.admin, filename="m.xls", content=b"x")
    with pytest.raises(InvalidInput, match=r"^m\.xlsx is not a readable \.xlsx workbook"):
        import_machines(session, actor=zone.admin, filename="m.xlsx", content=b"not a zip")
    assert count(session, Machine) == 0


def test_machine_transfer_permissions(session: Session, zone: Zone) -> None:
    """Only a factory admin imports machines; firms without a shop floor cannot export."""
    for actor in (zone.member, zone.shop, zone.zone):
        with pytest.raises(PermissionDenied):
            import_machines(session, actor=actor, filename="m.csv", content=MACHINES_CSV.encode())
    for actor in (zone.shop, zone.zone):
        with pytest.raises(PermissionDenied):
            export_machines(session, actor=actor, fmt="csv")
    with pytest.raises(InvalidInput, match=r"^format 'pdf' is neither csv nor xlsx$"):
        export_machines(session, actor=zone.admin, fmt="pdf")


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_machines_round_trip(session: Session, zone: Zone, fmt: str) -> None:
    """Export from one factory, import into another: its export is the same table."""
    _floor(session, zone)
    _floor(session, zone, "other_admin")
    import_machines(session, actor=zone.admin, filename="m.csv", content=MACHINES_CSV.encode())
    exported = export_machines(session, actor=zone.admin, fmt=fmt)
    # the same file back into the same factory changes nothing
    again = import_machines(session, actor=zone.admin, filename=f"m.{fmt}", content=exported)
    assert again == ImportReport(unchanged=3)
    # another factory takes the file (its Sparkplug address must be its own, so drop it)
    if fmt == "csv":
        other_file = exported.replace(b"gz,mill,cnc01", b",,")
    else:
        rows = _cells(exported)
        other_file = _xlsx([[None if v in ("gz", "mill", "cnc01") else v for v in r] for r in rows])
    report = import_machines(
        session, actor=zone.other_admin, filename=f"o.{fmt}", content=other_file
    )
    assert report == ImportReport(created=3)
    theirs = export_machines(session, actor=zone.other_admin, fmt=fmt)
    if fmt == "csv":
        assert theirs == other_file
    else:
        assert _cells(theirs) == _cells(other_file)
        assert _cells(theirs)[1] == (
            "CMM-01",
            "三坐标测量机",
            "cmm_station",
            "maintenance",
            "QC",
            None,
            None,
            None,
            None,
            "opc.tcp://10.0.0.5:4840",
        )


# -- products ------------------------------------------------------------------------------


def _machines(session: Session, zone: Zone) -> None:
    _floor(session, zone)
    import_machines(session, actor=zone.admin, filename="m.csv", content=MACHINES_CSV.encode())


def test_import_products_csv(session: Session, zone: Zone) -> None:
    """One row per step builds routings; the BOM cell builds the BOM and links own products."""
    _machines(session, zone)
    report = import_products(
        session, actor=zone.member, filename="p.csv", content=PRODUCTS_CSV.encode("utf-8-sig")
    )
    assert report == ImportReport(created=3)
    products = {p.code: p for p in session.scalars(select(Product))}
    hsg = products["HSG-100"]
    assert (hsg.name, hsg.description, hsg.unit) == ("铝外壳", "Milled, anodised", "pcs")
    assert [
        (
            s.seq,
            s.name,
            s.work_center.code if s.work_center else None,
            [m.code for m in s.machines],
            s.setup_s,
            str(s.run_s_per_unit.normalize()),
        )
        for s in hsg.steps
    ] == [
        (10, "Rough mill", "MILL", ["CNC-01", "CNC-02"], 1800, "240.5"),
        (20, "Inspect", None, ["CMM-01"], 0, "90.125"),
    ]
    bom = sorted(
        (b.component_code, str(b.quantity.normalize()), b.component_product_id) for b in hsg.bom
    )
    assert bom == [("BAR-6061", "1.25", products["BAR-6061"].id), ("SCREW-M3", "4", None)]
    # KIT-1 has no routing, only a BOM pointing at HSG-100 (listed before it was created)
    kit = products["KIT-1"]
    assert (kit.unit, kit.steps, [(b.component_code, b.component_product_id) for b in kit.bom]) == (
        "set",
        [],
        [("HSG-100", hsg.id)],
    )
    assert export_products(session, actor=zone.member, fmt="csv") == PRODUCTS_CSV.encode(
        "utf-8-sig"
    )


def test_reimport_products(session: Session, zone: Zone) -> None:
    """The same file changes nothing; a changed step updates only its product, version +1."""
    _machines(session, zone)
    import_products(session, actor=zone.admin, filename="p.csv", content=PRODUCTS_CSV.encode())
    hsg = session.scalar(select(Product).where(Product.code == "HSG-100"))
    assert hsg is not None
    step_ids = [s.id for s in hsg.steps]
    report = import_products(
        session, actor=zone.admin, filename="p.csv", content=PRODUCTS_CSV.encode()
    )
    assert report == ImportReport(unchanged=3)
    changed = PRODUCTS_CSV.replace("CMM-01,0,90.125", "CMM-01,60,90.125")
    report = import_products(session, actor=zone.admin, filename="p.csv", content=changed.encode())
    assert report == ImportReport(updated=1, unchanged=2)
    assert ([s.setup_s for s in hsg.steps], hsg.version) == ([1800, 60], 2)
    assert [s.id for s in hsg.steps] == step_ids  # same seqs, same step rows


BAD_PRODUCTS = (
    "product_code,product_name,bom,step_seq,step_name,work_center_code,machine_codes,"
    "setup_s,run_s_per_unit\n"
    "HSG-100,Housing,BAR=x,10,Mill,MILL,CNC-01,-5,0\n"
    "HSG-100,Other name,,20,Mill,MILL,NOPE,,1\n"
    "HSG-100,,,20,Again,MILL,,,1\n"
    "P2,,,1,Cut,,,,1.5\n"
    "P3,P3,BAR,a,Cut,MILL,,,1\n"
    "P4,P4,,,,MILL,,,\n"
    ",,,,,,,,\n"
    "P5,P5,,1,Cut,PAINT,CNC-01;XX;YY,1.5,2\n"
    ",P6,,1,Cut,MILL,,,2\n"
    "P7,P7,,1,,MILL,,,1.2345\n"
)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_bad_product_rows_reject_the_file(session: Session, zone: Zone, fmt: str) -> None:
    """Every bad row is listed with its reasons; stored products stay exactly as they were."""
    _machines(session, zone)
    import_products(session, actor=zone.admin, filename="p.csv", content=PRODUCTS_CSV.encode())
    before = export_products(session, actor=zone.admin, fmt="csv")
    if fmt == "csv":
        content = BAD_PRODUCTS.encode()
    else:
        content = _xlsx([line.split(",") for line in BAD_PRODUCTS.splitlines()])
    with pytest.raises(ImportRejected) as err:
        import_products(session, actor=zone.admin, filename=f"bad.{fmt}", content=content)
    assert _rejected(err) == [
        f"bad.{fmt} was rejected, nothing was stored:",
        "line 2: bom quantity of BAR 'x' is not a number; "
        "step 10: setup_s -5 must not be negative; run_s_per_unit 0 must be greater than 0",
        "line 3: product_name 'Other name' differs from 'Housing' on line 2 for product HSG-100; "
        "step 20: machine NOPE is not a machine of this factory",
        "line 4: product HSG-100 has step 20 twice (first on line 3)",
        "line 5: step 1: names neither a work center nor a machine; product_name is missing",
        "line 6: bom entry 'BAR' is not component=quantity; step_seq 'a' is not a whole number",
        "line 7: step_seq is missing",
        "line 9: step 1: setup_s '1.5' is not a whole number; work center PAINT is not a work "
        "center of this factory; machines XX, YY are not machines of this factory",
        "line 10: product_code is missing",
        "line 11: step 1: step_name is missing; run_s_per_unit 1.2345 has more than 3 decimal "
        "places",
    ]
    assert err.value.errors[0] == RowError(
        line=2,
        reason="bom quantity of BAR 'x' is not a number; step 10: setup_s -5 must not be "
        "negative; run_s_per_unit 0 must be greater than 0",
    )
    session.rollback()
    assert export_products(session, actor=zone.admin, fmt="csv") == before


def test_duplicate_step_in_file(session: Session, zone: Zone) -> None:
    """A product that lists one step number twice is refused, naming both lines."""
    _machines(session, zone)
    text = PRODUCTS_CSV.replace(",20,Inspect,", ",10,Inspect,")
    with pytest.raises(ImportRejected) as err:
        import_products(session, actor=zone.admin, filename="p.csv", content=text.encode())
    assert _rejected(err)[1:] == ["line 4: product HSG-100 has step 10 twice (first on line 3)"]
    assert count(session, Product) == 0


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_products_round_trip(session: Session, zone: Zone, fmt: str) -> None:
    """Export → import into another factory with the same shop floor → the same export."""
    _machines(session, zone)
    _floor(session, zone, "other_admin")
    other_machines = MACHINES_CSV.replace("gz,mill,cnc01", ",,")
    import_machines(
        session, actor=zone.other_admin, filename="m.csv", content=other_machines.encode()
    )
    import_products(session, actor=zone.admin, filename="p.csv", content=PRODUCTS_CSV.encode())
    exported = export_products(session, actor=zone.admin, fmt=fmt)
    assert import_products(
        session, actor=zone.admin, filename=f"p.{fmt}", content=exported
    ) == ImportReport(unchanged=3)
    report = import_products(session, actor=zone.other_admin, filename=f"p.{fmt}", content=exported)
    assert report == ImportReport(created=3)
    theirs = export_products(session, actor=zone.other_admin, fmt=fmt)
    if fmt == "csv":
        assert theirs == exported
    else:
        assert _cells(theirs) == _cells(exported)
        # numbers are numbers in Excel; text stays text
        assert _cells(theirs)[3][5:] == (20, "Inspect", None, "CMM-01", 0, 90.125)


def test_product_transfer_permissions(session: Session, zone: Zone) -> None:
    """Factory users import products; an API key, a front shop and the zone office cannot."""
    for actor in (zone.api_key, zone.shop, zone.zone):
        with pytest.raises(PermissionDenied):
            import_products(session, actor=actor, filename="p.csv", content=PRODUCTS_CSV.encode())
        with pytest.raises(PermissionDenied):
            export_products(session, actor=actor, fmt="xlsx")
