"""Products with routings and BOMs: creation, validation, versions, tenancy."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest
from pydantic import ValidationError
from sqlalchemy.orm import Session

from suigang.domains.catalog.models import BomLine, Product, RoutingStep
from suigang.domains.catalog.schemas import (
    MachineCreate,
    ProductCreate,
    ProductRead,
    ProductUpdate,
    RoutingStepIn,
)
from suigang.domains.catalog.service import (
    create_machine,
    create_product,
    create_work_center,
    get_product,
    list_products,
    update_product,
)
from suigang.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from tests.domains.catalog.catalog_helpers import Zone, count


def _floor(session: Session, zone: Zone) -> None:
    create_work_center(session, actor=zone.admin, code="MILL", name="Milling")
    create_work_center(session, actor=zone.admin, code="QC", name="Inspection")
    for code, kind in (
        ("CNC-01", "cnc_machining_center"),
        ("CNC-02", "cnc_machining_center"),
        ("CMM-01", "cmm_station"),
    ):
        create_machine(
            session,
            actor=zone.admin,
            data=MachineCreate(code=code, name=code, kind=kind, work_center_code="MILL"),
        )
    create_machine(
        session,
        actor=zone.other_admin,
        data=MachineCreate(code="NS-CNC", name="NS", kind="cnc_lathe"),
    )


def _housing(**kw: object) -> ProductCreate:
    values: dict[str, object] = {
        "code": "HSG-100",
        "name": "Aluminium housing",
        "description": "Milled 6061 housing",
        "steps": [
            {
                "seq": 10,
                "name": "Rough mill",
                "work_center_code": "MILL",
                "machine_codes": ["CNC-02", "CNC-01"],
                "setup_s": 1800,
                "run_s_per_unit": "240.5",
            },
            {"seq": 20, "name": "Inspect", "machine_codes": ["CMM-01"], "run_s_per_unit": "90"},
        ],
        "bom": [
            {"component_code": "BAR-6061", "quantity": "1.25"},
            {"component_code": "SCREW-M3", "quantity": "4"},
        ],
    }
    return ProductCreate.model_validate(values | kw)


def test_create_product(session: Session, zone: Zone) -> None:
    """The routing keeps its steps in order with eligible machines; the BOM its quantities."""
    _floor(session, zone)
    p = create_product(session, actor=zone.member, data=_housing())
    read = ProductRead.model_validate(p)
    assert (read.code, read.unit, read.version) == ("HSG-100", "pcs", 1)
    assert [
        (s.seq, s.work_center_code, s.machine_codes, s.setup_s, s.run_s_per_unit)
        for s in read.steps
    ] == [
        (10, "MILL", ["CNC-01", "CNC-02"], 1800, Decimal("240.5")),
        (20, None, ["CMM-01"], 0, Decimal("90")),
    ]
    assert [(b.component_code, b.quantity, b.component_product_id) for b in read.bom] == [
        ("BAR-6061", Decimal("1.25"), None),
        ("SCREW-M3", Decimal("4"), None),
    ]
    # a product made later under a BOM code becomes that line's component
    bar = create_product(
        session,
        actor=zone.admin,
        data=ProductCreate(
            code="BAR-6061",
            name="Cut bar",
            steps=[
                RoutingStepIn(
                    seq=1, name="Saw", work_center_code="MILL", run_s_per_unit=Decimal("30")
                )
            ],
        ),
    )
    assert [b.component_product_id for b in p.bom if b.component_code == "BAR-6061"] == [bar.id]


def test_product_schema_validation() -> None:
    """Repeated seqs, negative setup, zero run time and self-reference are refused."""
    steps = _housing().model_dump()["steps"]
    with pytest.raises(ValidationError, match="step 10 appears twice"):
        _housing(steps=[steps[0], steps[0]])
    with pytest.raises(ValidationError, match="greater than or equal to 0"):
        _housing(steps=[steps[0] | {"setup_s": -1}])
    with pytest.raises(ValidationError, match="run_s_per_unit 0 must be greater than 0"):
        _housing(steps=[steps[0] | {"run_s_per_unit": "0"}])
    with pytest.raises(ValidationError, match=r"run_s_per_unit 1\.2345 has more than 3 decimal"):
        _housing(steps=[steps[0] | {"run_s_per_unit": "1.2345"}])
    with pytest.raises(ValidationError, match="step 10 names neither a work center nor a machine"):
        _housing(steps=[steps[0] | {"work_center_code": None, "machine_codes": []}])
    with pytest.raises(ValidationError, match="product HSG-100 cannot be a component of itself"):
        _housing(bom=[{"component_code": "HSG-100", "quantity": "1"}])
    with pytest.raises(ValidationError, match="quantity -1 must be greater than 0"):
        _housing(bom=[{"component_code": "X", "quantity": "-1"}])


def test_create_product_checks_the_shop_floor(session: Session, zone: Zone) -> None:
    """Machines and work centers must be this factory's; nothing is stored otherwise."""
    _floor(session, zone)
    steps = _housing().model_dump()["steps"]
    bad = [
        steps[0] | {"machine_codes": ["CNC-01", "NS-CNC", "X-9"]},
        steps[1] | {"work_center_code": "PAINT"},
    ]
    with pytest.raises(InvalidInput) as err:
        create_product(session, actor=zone.admin, data=_housing(steps=bad))
    # NS-CNC exists, but at another factory: to this one it is unknown
    assert err.value.message == (
        "step 10: machines NS-CNC, X-9 are not machines of this factory; "
        "step 20: work center PAINT is not a work center of this factory"
    )
    session.rollback()
    assert count(session, Product) == 0
    create_product(session, actor=zone.admin, data=_housing())
    with pytest.raises(Conflict, match=r"^product HSG-100 exists already$"):
        create_product(session, actor=zone.admin, data=_housing())
    for actor in (zone.api_key, zone.shop, zone.zone):
        with pytest.raises(PermissionDenied):
            create_product(session, actor=actor, data=_housing(code="P2"))


def test_read_products_per_factory(session: Session, zone: Zone) -> None:
    """Lists and reads show the own factory's products; other firms get NotFound."""
    _floor(session, zone)
    p = create_product(session, actor=zone.admin, data=_housing())
    create_product(session, actor=zone.admin, data=_housing(code="A-1", bom=[]))
    rows, total = list_products(session, actor=zone.member)
    assert ([r.code for r in rows], total) == (["A-1", "HSG-100"], 2)
    assert list_products(session, actor=zone.other_admin) == ([], 0)
    assert list_products(session, actor=zone.shop) == ([], 0)
    assert get_product(session, actor=zone.member, product_id=p.id).code == "HSG-100"
    for actor in (zone.other_admin, zone.shop, zone.zone, zone.api_key):
        with pytest.raises(NotFound, match=f"^product {p.id} not found$"):
            get_product(session, actor=actor, product_id=p.id)


def test_update_product_routing(session: Session, zone: Zone) -> None:
    """A routing-only change bumps the version; steps that keep their seq keep their id."""
    _floor(session, zone)
    p = create_product(session, actor=zone.admin, data=_housing())
    first_step_id = p.steps[0].id
    steps = _housing().model_dump()["steps"]
    out = update_product(
        session,
        actor=zone.member,
        product_id=p.id,
        data=ProductUpdate.model_validate(
            {
                "version": 1,
                "steps": [
                    steps[0] | {"run_s_per_unit": "200"},
                    {
                        "seq": 30,
                        "name": "Deburr",
                        "work_center_code": "QC",
                        "run_s_per_unit": "15.125",
                    },
                ],
            }
        ),
    )
    assert out.version == 2
    assert [(s.seq, s.run_s_per_unit) for s in out.steps] == [
        (10, Decimal("200")),
        (30, Decimal("15.125")),
    ]
    assert out.steps[0].id == first_step_id
    assert count(session, RoutingStep) == 2
    # BOM replaced, name kept
    update_product(
        session,
        actor=zone.admin,
        product_id=p.id,
        data=ProductUpdate.model_validate(
            {"version": 2, "bom": [{"component_code": "PLATE", "quantity": "2"}]}
        ),
    )
    assert (out.name, [b.component_code for b in out.bom], out.version) == (
        "Aluminium housing",
        ["PLATE"],
        3,
    )
    assert count(session, BomLine) == 1
    # nothing changed: no write, same version
    update_product(
        session,
        actor=zone.admin,
        product_id=p.id,
        data=ProductUpdate(version=3, name="Aluminium housing"),
    )
    assert out.version == 3


def test_update_product_refusals(session: Session, zone: Zone) -> None:
    """Stale versions, self-reference, other firms and outsiders change nothing."""
    _floor(session, zone)
    p = create_product(session, actor=zone.admin, data=_housing())
    update_product(
        session, actor=zone.admin, product_id=p.id, data=ProductUpdate(version=1, name="Housing v2")
    )
    with pytest.raises(Conflict) as err:
        update_product(
            session,
            actor=zone.member,
            product_id=p.id,
            data=ProductUpdate(version=1, name="Housing v1 edit"),
        )
    assert err.value.message == (
        "product HSG-100 was changed by someone else: you sent version 1, "
        "the current version is 2; reload and try again"
    )
    # the schema cannot know the stored code; the use case checks it
    with pytest.raises(InvalidInput, match=r"^product HSG-100 cannot be a component of itself$"):
        update_product(
            session,
            actor=zone.admin,
            product_id=p.id,
            data=ProductUpdate.model_validate(
                {"version": 2, "bom": [{"component_code": "HSG-100", "quantity": 1}]}
            ),
        )
    with pytest.raises(NotFound):
        update_product(
            session,
            actor=zone.other_admin,
            product_id=p.id,
            data=ProductUpdate(version=2, name="x"),
        )
    with pytest.raises(NotFound):
        update_product(
            session,
            actor=zone.shop,
            product_id=uuid.uuid4(),
            data=ProductUpdate(version=2, name="x"),
        )
    session.rollback()
    stored = session.get(Product, p.id)
    assert stored is not None and (stored.name, stored.version) == ("Housing v2", 2)


def test_renamed_component_relinks(session: Session, zone: Zone) -> None:
    """Renaming a component product unlinks lines naming the old code, links the new ones."""
    _floor(session, zone)
    housing = create_product(session, actor=zone.admin, data=_housing())
    bar = create_product(
        session,
        actor=zone.admin,
        data=ProductCreate(
            code="BAR-6061",
            name="Cut bar",
            steps=[RoutingStepIn(seq=1, name="Saw", work_center_code="MILL", run_s_per_unit=1)],
        ),
    )
    kit = create_product(
        session,
        actor=zone.admin,
        data=ProductCreate.model_validate(
            {"code": "KIT", "name": "Kit", "bom": [{"component_code": "BAR-7075", "quantity": 1}]}
        ),
    )
    # created after the housing, the bar is still linked as the housing's component
    assert [
        line.component_product_id for line in housing.bom if line.component_code == "BAR-6061"
    ] == [bar.id]
    assert [line.component_product_id for line in kit.bom] == [None]
    update_product(
        session, actor=zone.admin, product_id=bar.id, data=ProductUpdate(version=1, code="BAR-7075")
    )
    links = {
        (p.code, line.component_code): line.component_product_id
        for p in (housing, kit)
        for line in p.bom
    }
    assert links == {
        ("HSG-100", "BAR-6061"): None,  # the old code names no product any more
        ("HSG-100", "SCREW-M3"): None,
        ("KIT", "BAR-7075"): bar.id,
    }
