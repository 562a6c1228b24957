"""Capabilities: publishing, the public directory in three scripts, finding factories."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from suigang.domains.catalog.models import Capability
from suigang.domains.catalog.schemas import CapabilityCreate, CapabilityRead
from suigang.domains.catalog.service import (
    create_capability,
    factories_with_capability,
    fold,
    search_capabilities,
)
from suigang.domains.identity.models import AuditEvent
from suigang.errors import Conflict, InvalidInput, PermissionDenied
from tests.domains.catalog.catalog_helpers import Zone, count


def _publish(session: Session, zone: Zone) -> None:
    """GZ Precision names its CNC process in Simplified, Nansha Robotics in Traditional."""
    for actor, category, code, en, hans, hant in (
        (zone.admin, "process", "cnc_milling", "CNC milling", "数控铣削", "數控銑削"),
        (zone.admin, "certification", "iso_9001", "ISO 9001", "", ""),
        (zone.admin, "material", "al_6061", "Aluminium 6061", "铝合金6061", ""),
        (zone.other_admin, "process", "cnc_turning", "CNC turning", "", "數控車削"),
        (zone.other_admin, "process", "smt", "SMT assembly", "表面贴装", "表面貼裝"),
        (zone.other_admin, "certification", "ISO_9001", "ISO 9001", "", ""),
    ):
        create_capability(
            session,
            actor=actor,
            data=CapabilityCreate(
                category=category, code=code, name_en=en, name_zh_hans=hans, name_zh_hant=hant
            ),
        )


def _codes(caps: list[Capability]) -> list[str]:
    return [c.code for c in caps]


def test_fold_matches_scripts_and_case() -> None:
    """Traditional folds to Simplified and case folds, so both scripts compare equal."""
    assert fold("數控銑削 CNC") == "数控铣削 cnc"
    assert fold("表面貼裝") == fold("表面贴装") == "表面贴装"


def test_create_capability(session: Session, zone: Zone) -> None:
    """A factory admin publishes; duplicates per category and non-admins are refused."""
    _publish(session, zone)
    assert count(session, Capability) == 6
    assert count(session, AuditEvent, action="capability.created") == 6
    data = CapabilityCreate(category="process", code="cnc_milling", name_en="again")
    with pytest.raises(Conflict, match=r"^process capability cnc_milling exists already$"):
        create_capability(session, actor=zone.admin, data=data)
    # the same code in another category is another capability
    other = CapabilityCreate(category="material", code="cnc_milling", name_en="odd but allowed")
    assert create_capability(session, actor=zone.admin, data=other).category == "material"
    for actor in (zone.member, zone.api_key, zone.shop, zone.zone):
        with pytest.raises(PermissionDenied):
            create_capability(session, actor=actor, data=data)
    assert count(session, Capability) == 7


def test_search_across_scripts(session: Session, zone: Zone) -> None:
    """數控 (Traditional) finds the Simplified 数控 name and the Traditional one alike."""
    _publish(session, zone)
    assert _codes(search_capabilities(session, actor=zone.shop, text="數控")) == [
        "cnc_milling",
        "cnc_turning",
    ]
    assert _codes(search_capabilities(session, actor=zone.shop, text="数控")) == [
        "cnc_milling",
        "cnc_turning",
    ]
    # 表面貼裝 stored in both scripts matches once, from either script
    assert _codes(search_capabilities(session, actor=zone.shop, text="表面贴装")) == ["smt"]
    # English is case-insensitive; every word must match
    assert _codes(search_capabilities(session, actor=zone.shop, text="cnc MILL")) == ["cnc_milling"]
    assert _codes(search_capabilities(session, actor=zone.shop, text="铝合金")) == ["al_6061"]
    assert search_capabilities(session, actor=zone.shop, text="welding") == []


def test_search_by_category_and_visibility(session: Session, zone: Zone) -> None:
    """The directory is public to users; a factory's API key sees its own firm only."""
    _publish(session, zone)
    certs = search_capabilities(session, actor=zone.zone, category="certification")
    # ordered by code (case-sensitive byte order puts "ISO_9001" first), then firm
    assert [(c.code, c.enterprise_id) for c in certs] == [
        ("ISO_9001", zone.other_factory.id),
        ("iso_9001", zone.factory.id),
    ]
    assert len(search_capabilities(session, actor=zone.shop)) == 6
    assert len(search_capabilities(session, actor=zone.other_admin)) == 6
    assert _codes(search_capabilities(session, actor=zone.api_key)) == [
        "al_6061",
        "cnc_milling",
        "iso_9001",
    ]
    with pytest.raises(InvalidInput, match=r"^category 'tool' is not one of process, material"):
        search_capabilities(session, actor=zone.shop, category="tool")
    read = CapabilityRead.model_validate(certs[1])
    assert (read.code, read.name_en, read.name_zh_hans) == ("iso_9001", "ISO 9001", "")


def test_factories_with_capability(session: Session, zone: Zone) -> None:
    """Only firms holding every requested code qualify; codes compare case-insensitively."""
    _publish(session, zone)
    found = factories_with_capability(session, actor=zone.shop, codes=["cnc_milling", "ISO_9001"])
    assert [f.name_en for f in found] == ["GZ Precision"]
    found = factories_with_capability(session, actor=zone.shop, codes=["iso_9001"])
    assert [f.name_en for f in found] == ["GZ Precision", "Nansha Robotics"]
    assert factories_with_capability(session, actor=zone.shop, codes=["smt", "al_6061"]) == []
    with pytest.raises(InvalidInput, match=r"^codes must name at least one capability$"):
        factories_with_capability(session, actor=zone.shop, codes=[" "])
