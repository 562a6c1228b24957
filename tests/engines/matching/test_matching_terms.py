"""The shipped term dictionary and the TSV format's checks."""

from __future__ import annotations

import pytest

from suigang.engines.matching import TermDictionary, shipped_terms


def test_shipped_dictionary_has_300_entries_in_three_scripts() -> None:
    """Every entry names its concept in English, Simplified and Traditional (the format
    refuses one that does not), and there are at least 300 of them."""
    terms = shipped_terms().terms
    assert len(terms) >= 300
    assert all(t.english and t.simplified and t.traditional for t in terms)


def test_hong_kong_trade_words_from_the_brief_are_entries() -> None:
    """燒焊/焊接/welding, 噴油/喷涂/spray painting, 批鋒/去毛刺/deburring, 打磨/抛光/polishing,
    吹塑/blow moulding are each one concept."""
    by_id = {t.id: t for t in shipped_terms().terms}
    assert "燒焊" in by_id["welding"].hong_kong and "焊接" in by_id["welding"].simplified
    assert "噴油" in by_id["spray_painting"].hong_kong
    assert "喷涂" in by_id["spray_painting"].simplified
    assert "批鋒" in by_id["deburring"].hong_kong and "去毛刺" in by_id["deburring"].simplified
    assert {"抛光", "打磨"} <= set(by_id["polishing"].simplified)
    assert {"blow moulding", "blow molding"} <= set(by_id["blow_molding"].english)
    assert "吹塑" in by_id["blow_molding"].simplified


def test_every_group_names_its_source() -> None:
    """Each entry belongs to a group whose header says where its terms come from."""
    assert all(t.group for t in shipped_terms().terms)


def test_bad_lines_are_refused_with_their_line_number() -> None:
    """A short line, a missing script, an unknown parent and a cycle each name the problem."""
    good = "welding\t\tprocess\twelding\t焊接\t焊接\t燒焊"
    with pytest.raises(ValueError, match=r"t:2: expected 6 or 7 tab-separated cells, got 3"):
        TermDictionary.parse(f"{good}\na\tb\tc", name="t")
    with pytest.raises(ValueError, match=r"t:1: term x: no simplified form"):
        TermDictionary.parse("x\t\tprocess\tx\t\t乂", name="t")
    with pytest.raises(ValueError, match=r"t: term a: parent 'zz' is not an entry"):
        TermDictionary.parse("a\tzz\tprocess\ta\t甲\t甲", name="t")
    with pytest.raises(ValueError, match="parents form a cycle"):
        TermDictionary.parse("a\tb\tprocess\ta\t甲\t甲\nb\ta\tprocess\tb\t乙\t乙", name="t")


def test_an_entry_may_have_two_broader_entries() -> None:
    """A CNC lathe shop is a turning shop and a CNC shop: 数控车床 counts for both; a query
    searches the broader entries two levels up."""
    from suigang.engines.matching.terms import lexicon

    lex = lexicon()
    assert lex.ancestors["cnc_turning"] == ("turning", "machining", "cnc_machining")
    assert lex.query_broader["cnc_turning"] == (("turning", 1), ("cnc_machining", 1))
    # two levels up, never through a category: 5-axis → CNC milling → milling, CNC machining
    assert lex.query_broader["five_axis"] == (
        ("cnc_milling", 1),
        ("milling", 2),
        ("cnc_machining", 2),
    )
    assert lex.query_broader["plating"] == ()  # surface treatment is too broad to search
