"""Sites, work centers and machines: use cases, tenancy, versions, status events."""

from __future__ import annotations

import uuid

import pytest
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from suigang.domains.catalog.models import Machine, MachineStatus, Site, WorkCenter
from suigang.domains.catalog.schemas import MachineCreate, MachineRead, MachineUpdate
from suigang.domains.catalog.service import (
    create_machine,
    create_site,
    create_work_center,
    get_machine,
    list_machines,
    list_work_centers,
    set_machine_status,
    update_machine,
)
from suigang.domains.events.models import OutboxEvent
from suigang.domains.identity.models import AuditEvent
from suigang.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from tests.domains.catalog.catalog_helpers import Zone, count


def _shop_floor(session: Session, zone: Zone) -> None:
    create_site(session, actor=zone.admin, code="S1", name="Science City plant")
    create_work_center(session, actor=zone.admin, code="MILL", name="Milling", site_code="S1")
    create_work_center(session, actor=zone.admin, code="SMT", name="SMT hall")


def _machine(code: str, **kw: object) -> MachineCreate:
    values: dict[str, object] = {"code": code, "name": f"Machine {code}", "kind": "cnc_lathe"}
    return MachineCreate(**(values | kw))


def test_sites_and_work_centers(session: Session, zone: Zone) -> None:
    """A factory admin builds its shop floor; the list shows only its own work centers."""
    _shop_floor(session, zone)
    create_work_center(session, actor=zone.other_admin, code="WELD", name="Welding")
    assert [wc.code for wc in list_work_centers(session, actor=zone.member)] == ["MILL", "SMT"]
    mill = list_work_centers(session, actor=zone.admin)[0]
    site = session.scalar(select(Site).where(Site.code == "S1"))
    assert site is not None and mill.site_id == site.id
    # the zone office and front shops do not see a factory's shop floor
    assert list_work_centers(session, actor=zone.zone) == []
    assert list_work_centers(session, actor=zone.shop) == []
    assert count(session, AuditEvent, action="work_center.created") == 3


def test_site_and_work_center_errors(session: Session, zone: Zone) -> None:
    """Duplicates, unknown sites and writes by non-admins are refused with clear messages."""
    _shop_floor(session, zone)
    with pytest.raises(Conflict, match=r"^site S1 exists already$"):
        create_site(session, actor=zone.admin, code="S1", name="again")
    with pytest.raises(Conflict, match=r"^work center MILL exists already$"):
        create_work_center(session, actor=zone.admin, code="MILL", name="again")
    with pytest.raises(InvalidInput, match=r"^site_code 'S9' is not a site of this factory$"):
        create_work_center(session, actor=zone.admin, code="X", name="X", site_code="S9")
    with pytest.raises(InvalidInput, match=r"^code 'A B' must not contain blanks"):
        create_site(session, actor=zone.admin, code="A B", name="x")
    with pytest.raises(PermissionDenied, match=r"^member@gz.example may not machine write$"):
        create_site(session, actor=zone.member, code="S2", name="x")
    with pytest.raises(PermissionDenied):
        create_work_center(session, actor=zone.shop, code="W", name="x")
    # another factory may reuse the same codes: they are per firm
    create_site(session, actor=zone.other_admin, code="S1", name="Yonghe plant")
    assert count(session, Site) == 2
    assert count(session, WorkCenter) == 2


def test_create_machine(session: Session, zone: Zone) -> None:
    """The new machine belongs to the admin's factory, in its work center, audited once."""
    _shop_floor(session, zone)
    m = create_machine(
        session,
        actor=zone.admin,
        data=_machine(
            "CNC-01",
            kind="cnc_machining_center",
            work_center_code="MILL",
            capabilities=["cnc_milling", "5_axis"],
            sparkplug_group="gz",
            sparkplug_node="mill",
            sparkplug_device="cnc01",
        ),
    )
    read = MachineRead.model_validate(m)
    assert read.enterprise_id == zone.factory.id
    assert read.work_center_code == "MILL"
    assert read.status == "in_service"
    assert read.capabilities == ["cnc_milling", "5_axis"]
    assert read.version == 1
    assert m.sparkplug_address == "gz/mill/cnc01"
    audits = session.scalars(select(AuditEvent).where(AuditEvent.action == "machine.created"))
    assert [(a.actor_label, a.subject_id) for a in audits] == [("admin@gz.example", str(m.id))]


def test_create_machine_refusals(session: Session, zone: Zone) -> None:
    """Duplicate code, unknown work center, taken Sparkplug address, non-admin: all refused."""
    _shop_floor(session, zone)
    create_machine(
        session,
        actor=zone.admin,
        data=_machine("M1", sparkplug_group="g", sparkplug_node="n", sparkplug_device="d"),
    )
    with pytest.raises(Conflict, match=r"^machine M1 exists already$"):
        create_machine(session, actor=zone.admin, data=_machine("M1"))
    with pytest.raises(
        InvalidInput, match=r"^work_center_code 'LATHE' is not a work center of this factory$"
    ):
        create_machine(session, actor=zone.admin, data=_machine("M2", work_center_code="LATHE"))
    # another firm's work center is not this factory's
    create_work_center(session, actor=zone.other_admin, code="WELD", name="Welding")
    with pytest.raises(InvalidInput):
        create_machine(session, actor=zone.admin, data=_machine("M2", work_center_code="WELD"))
    # one Sparkplug address per machine of a firm; the refusal names the firm's own machine
    with pytest.raises(Conflict, match=r"^Sparkplug address g/n/d is used by your machine M1$"):
        create_machine(
            session,
            actor=zone.admin,
            data=_machine("M9", sparkplug_group="g", sparkplug_node="n", sparkplug_device="d"),
        )
    for actor in (zone.member, zone.api_key, zone.shop, zone.zone):
        with pytest.raises(PermissionDenied):
            create_machine(session, actor=actor, data=_machine("M3"))
    assert count(session, Machine) == 1


def test_machine_schema_validation() -> None:
    """Incomplete Sparkplug addresses, bad endpoints and kinds fail with the field named."""
    with pytest.raises(ValidationError, match="must be given together"):
        _machine("M", sparkplug_group="g")
    with pytest.raises(ValidationError, match=r"opcua_endpoint 'http://x' must start with opc.tcp"):
        _machine("M", opcua_endpoint="http://x")
    with pytest.raises(ValidationError, match="capability 'a' is listed twice"):
        _machine("M", capabilities=["a", "a"])
    with pytest.raises(ValidationError, match="kind"):
        _machine("M", kind="lathe")


def test_list_machines_is_per_factory(session: Session, zone: Zone) -> None:
    """Pages and filters cover only the actor's own factory; the zone office gets none."""
    for i in range(5):
        create_machine(session, actor=zone.admin, data=_machine(f"M{i}"))
    create_machine(session, actor=zone.admin, data=_machine("R1", kind="robot_cell"))
    create_machine(session, actor=zone.other_admin, data=_machine("OTHER"))
    rows, total = list_machines(session, actor=zone.member, offset=2, limit=3)
    # six own machines by code: M0..M4, R1; the page after two is M2, M3, M4
    assert ([m.code for m in rows], total) == (["M2", "M3", "M4"], 6)
    rows, total = list_machines(session, actor=zone.api_key, kind="robot_cell")
    assert ([m.code for m in rows], total) == (["R1"], 1)
    set_machine_status(session, actor=zone.admin, machine_id=rows[0].id, status="maintenance")
    rows, total = list_machines(session, actor=zone.admin, status="maintenance")
    assert ([m.code for m in rows], total) == (["R1"], 1)
    assert list_machines(session, actor=zone.zone) == ([], 0)
    assert list_machines(session, actor=zone.shop) == ([], 0)
    with pytest.raises(InvalidInput, match=r"^status 'broken' is not one of in_service"):
        list_machines(session, actor=zone.admin, status="broken")
    with pytest.raises(InvalidInput, match=r"^limit 0 must be between 1 and 500$"):
        list_machines(session, actor=zone.admin, limit=0)


def test_get_machine_hides_other_firms(session: Session, zone: Zone) -> None:
    """Another firm's machine id answers NotFound, exactly like an id that does not exist."""
    m = create_machine(session, actor=zone.admin, data=_machine("M1"))
    assert get_machine(session, actor=zone.api_key, machine_id=m.id).code == "M1"
    for actor in (zone.other_admin, zone.shop, zone.zone):
        with pytest.raises(NotFound, match=f"^machine {m.id} not found$"):
            get_machine(session, actor=actor, machine_id=m.id)
    missing = uuid.uuid4()
    with pytest.raises(NotFound, match=f"^machine {missing} not found$"):
        get_machine(session, actor=zone.admin, machine_id=missing)


def test_update_machine(session: Session, zone: Zone) -> None:
    """An update with the current version applies and moves the version by one."""
    _shop_floor(session, zone)
    m = create_machine(session, actor=zone.admin, data=_machine("M1"))
    out = update_machine(
        session,
        actor=zone.admin,
        machine_id=m.id,
        data=MachineUpdate(version=1, name="Lathe 1", work_center_code="MILL", capabilities=["t"]),
    )
    assert (out.name, out.work_center.code if out.work_center else None) == ("Lathe 1", "MILL")
    assert (out.capabilities, out.version) == (["t"], 2)
    # an update that changes nothing writes nothing and keeps the version
    update_machine(
        session, actor=zone.admin, machine_id=m.id, data=MachineUpdate(version=2, name="Lathe 1")
    )
    assert out.version == 2
    assert count(session, AuditEvent, action="machine.updated") == 1
    # "" clears the work center
    update_machine(
        session,
        actor=zone.admin,
        machine_id=m.id,
        data=MachineUpdate(version=2, work_center_code=""),
    )
    assert (out.work_center_id, out.version) == (None, 3)


def test_update_machine_stale_version(session: Session, zone: Zone) -> None:
    """Two editors start from version 1; the second save is refused and changes nothing."""
    m = create_machine(session, actor=zone.admin, data=_machine("M1"))
    update_machine(
        session, actor=zone.admin, machine_id=m.id, data=MachineUpdate(version=1, name="first")
    )
    with pytest.raises(Conflict) as err:
        update_machine(
            session,
            actor=zone.admin,
            machine_id=m.id,
            data=MachineUpdate(version=1, name="second"),
        )
    assert err.value.message == (
        "machine M1 was changed by someone else: you sent version 1, "
        "the current version is 2; reload and try again"
    )
    session.rollback()
    stored = session.get(Machine, m.id)
    assert stored is not None and (stored.name, stored.version) == ("first", 2)


def test_update_machine_permissions(session: Session, zone: Zone) -> None:
    """A member may read but not write; other firms cannot even see the machine."""
    m = create_machine(session, actor=zone.admin, data=_machine("M1"))
    create_machine(session, actor=zone.admin, data=_machine("M2"))
    data = MachineUpdate(version=1, name="x")
    with pytest.raises(PermissionDenied):
        update_machine(session, actor=zone.member, machine_id=m.id, data=data)
    for actor in (zone.other_admin, zone.shop):
        with pytest.raises(NotFound):
            update_machine(session, actor=actor, machine_id=m.id, data=data)
    with pytest.raises(Conflict, match=r"^machine M2 exists already$"):
        update_machine(
            session, actor=zone.admin, machine_id=m.id, data=MachineUpdate(version=1, code="M2")
        )
    with pytest.raises(InvalidInput, match="must be given together"):
        update_machine(
            session,
            actor=zone.admin,
            machine_id=m.id,
            data=MachineUpdate(version=1, sparkplug_group="g"),
        )
    session.rollback()
    assert session.get(Machine, m.id).name == "Machine M1"  # type: ignore[union-attr]


def test_machine_status_events(session: Session, zone: Zone) -> None:
    """Leaving service and coming back each put one event in the outbox, with the reason."""
    m = create_machine(session, actor=zone.admin, data=_machine("M1"))
    set_machine_status(
        session, actor=zone.admin, machine_id=m.id, status="out_of_service", reason="spindle"
    )
    # maintenance after out-of-service: still unavailable, so planning needs no event
    set_machine_status(session, actor=zone.admin, machine_id=m.id, status="maintenance")
    # the status it already has: nothing happens
    set_machine_status(session, actor=zone.admin, machine_id=m.id, status="maintenance")
    out = set_machine_status(session, actor=zone.admin, machine_id=m.id, status="in_service")
    assert (out.status, out.version) == (MachineStatus.IN_SERVICE, 4)
    events = session.scalars(select(OutboxEvent).order_by(OutboxEvent.id)).all()
    assert [(e.kind, e.subject_id, e.enterprise_id) for e in events] == [
        ("machine.out_of_service", str(m.id), zone.factory.id),
        ("machine.back_in_service", str(m.id), zone.factory.id),
    ]
    assert events[0].payload == {
        "code": "M1",
        "status": "out_of_service",
        "previous": "in_service",
        "reason": "spindle",
    }
    assert count(session, AuditEvent, action="machine.status_changed") == 3
    with pytest.raises(InvalidInput, match=r"^status 'down' is not one of"):
        set_machine_status(session, actor=zone.admin, machine_id=m.id, status="down")
    with pytest.raises(PermissionDenied):
        set_machine_status(session, actor=zone.member, machine_id=m.id, status="maintenance")
    with pytest.raises(NotFound):
        set_machine_status(session, actor=zone.other_admin, machine_id=m.id, status="maintenance")
