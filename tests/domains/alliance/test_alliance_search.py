"""Alliance profiles, membership and partner search on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from suigang.domains.alliance import service
from suigang.domains.alliance.schemas import ProfileUpdate
from suigang.domains.identity.models import AuditEvent
from suigang.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from tests.domains.alliance.alliance_world import alliance_world


def test_welding_query_in_english_and_traditional_finds_the_welding_shop_first(session) -> None:  # type: ignore[no-untyped-def]
    """gz1 writes 燒焊 不鏽鋼 支架 (Hong Kong trade words); both queries reach it through the
    dictionary, and the reason names the profile's own words."""
    w = alliance_world(session)
    en = service.search_partners(session, actor=w.actor("hk1"), q="welded stainless steel brackets")
    assert [h.name for h in en.hits][:1] == ["gz1 Ltd"]
    reasons = {(m.query_term, tuple(m.profile_words)) for m in en.hits[0].matches}
    assert ("welded", ("燒焊",)) in reasons  # the English word crossed to the HK trade word
    assert en.hits[0].can_quote is True  # a factory: the front shop may send it an RFQ
    assert en.hits[0].certifications == ["ISO 9001:2015"]
    zh = service.search_partners(session, actor=w.actor("hk1m"), q="燒焊 不鏽鋼 支架")
    assert zh.hits[0].name == "gz1 Ltd"
    assert en.members == 3  # gz1, gz2 and sp joined


def test_filters_and_refusals(session) -> None:  # type: ignore[no-untyped-def]
    w = alliance_world(session)
    hk = w.actor("hk1")
    # only gz1 holds ISO 9001: the CNC query's natural answer gz2 is filtered out
    certified = service.search_partners(session, actor=hk, q="CNC 加工", certification="ISO 9001")
    assert [h.name for h in certified.hits] == ["gz1 Ltd"]
    # sp is the only member in Hong Kong
    local = service.search_partners(session, actor=hk, q="testing lab", region="hong_kong")
    assert [h.name for h in local.hits] == ["sp Lab"]
    with pytest.raises(InvalidInput, match="q: the search needs some words"):
        service.search_partners(session, actor=hk, q="   ")
    with pytest.raises(InvalidInput, match="501 characters, at most 500"):
        service.search_partners(session, actor=hk, q="a" * 501)


def test_the_index_is_rebuilt_when_a_profile_or_membership_changes(session) -> None:  # type: ignore[no-untyped-def]
    w = alliance_world(session)
    first = service.member_index(session)
    assert service.member_index(session) is first  # nothing changed: the cached index
    service.update_profile(
        session, actor=w.actor("gz2"), data=ProfileUpdate(description="吹塑 blow moulding")
    )
    hits = service.search_partners(session, actor=w.actor("hk1"), q="blow moulding").hits
    assert [h.name for h in hits] == ["gz2 Ltd"]  # the new words are searched at once
    service.set_membership(session, actor=w.actor("gz2"), member=False)
    assert service.search_partners(session, actor=w.actor("hk1"), q="blow moulding").hits == []
    actions = session.scalars(
        select(AuditEvent.action)
        .where(AuditEvent.subject_id == str(w.firms["gz2"].id))
        .order_by(AuditEvent.id)
    ).all()
    assert actions == [
        "alliance.profile_updated", "alliance.joined", "alliance.profile_updated", "alliance.left"
    ]  # fmt: skip


def test_profiles_belong_to_their_firm(session) -> None:  # type: ignore[no-untyped-def]
    w = alliance_world(session)
    with pytest.raises(PermissionDenied):  # members read, admins write
        service.update_profile(session, actor=w.actor("gz1m"), data=ProfileUpdate())
    with pytest.raises(InvalidInput, match="zone office, which has no alliance profile"):
        service.set_membership(session, actor=w.actor("zone"), member=True)
    with pytest.raises(Conflict, match="already a member"):
        service.set_membership(session, actor=w.actor("gz1"), member=True)
    # made, written and joined: version 3; a change read at version 1 was made meanwhile
    with pytest.raises(Conflict, match="version 3, not 1"):
        service.update_profile(session, actor=w.actor("gz1"), data=ProfileUpdate(version=1))
    # a member's profile is public; a firm that has not joined is not found by others
    view = service.get_profile(session, actor=w.actor("hk1"), enterprise_id=w.firms["gz1"].id)
    assert view.machines == ["CNC machining centre"]  # kept current from its catalogue
    assert [(c.standard, c.valid) for c in view.certifications] == [("ISO 9001:2015", True)]
    with pytest.raises(NotFound):
        service.get_profile(session, actor=w.actor("gz1"), enterprise_id=w.firms["hk2"].id)
    own = service.get_profile(session, actor=w.actor("hk2"))
    assert (own.member, own.version) == (False, 0)  # never written: empty, not a member
