"""search(): exact rankings on small constructed corpora, filters, boosts and explanations."""

from __future__ import annotations

import pytest

from suigang.engines.matching import (
    Boosts,
    Filters,
    MatchKind,
    Profile,
    Query,
    Status,
    build_index,
    search,
)

FIRMS = (
    Profile("hk-weld", "我們專門燒焊不鏽鋼支架及機架，燒氬、碰焊都做。", name="永興燒焊廠"),
    Profile("en-cnc", "CNC machining of aluminium housings; anodising in-house.", name="Apex CNC"),
    Profile("cn-plate", "电镀锌、镀镍、镀铬加工，提供盐雾测试报告。", name="新利电镀"),
    Profile(
        "en-paint", "Powder coating and spray painting of steel cabinets. We do not do plating."
    ),
    Profile("hk-polish", "不鏽鋼拋光、拉絲、批鋒處理，唔做電鍍。"),
    Profile("en-weld", "Welding shop: TIG and MIG welding of stainless steel frames and brackets."),
)


@pytest.fixture(scope="module")
def index():  # type: ignore[no-untyped-def]
    return build_index(FIRMS)


def ids(index, text: str, **kw) -> list[str]:  # type: ignore[no-untyped-def]
    return [h.profile_id for h in search(index, Query(text, **kw)).hits]


def test_english_query_finds_the_traditional_welding_shop(index) -> None:  # type: ignore[no-untyped-def]
    """'welded stainless steel brackets' reaches 燒焊 不鏽鋼 支架 through the dictionary: both
    welding shops lead; the stainless polisher follows on stainless steel alone, the painter
    on steel (the broader entry of stainless steel)."""
    expected = ["en-weld", "hk-weld", "hk-polish", "en-paint"]
    assert ids(index, "welded stainless steel brackets") == expected


def test_traditional_query_with_trade_words_finds_both_welding_shops(index) -> None:  # type: ignore[no-untyped-def]
    """「燒焊 不鏽鋼 支架」 ranks the Cantonese profile first (same words too) and the English
    welding shop second (concepts only)."""
    assert ids(index, "燒焊 不鏽鋼 支架") == ["hk-weld", "en-weld", "hk-polish", "en-paint"]


def test_hong_kong_trade_word_in_profile_matches_standard_query(index) -> None:  # type: ignore[no-untyped-def]
    """'deburring' (English) and 去毛刺 (Simplified) both reach the profile that says 批鋒."""
    assert ids(index, "deburring") == ["hk-polish"]
    assert ids(index, "去毛刺") == ["hk-polish"]


def test_firms_that_rule_plating_out_are_not_found_for_plating(index) -> None:  # type: ignore[no-untyped-def]
    """'We do not do plating' and 唔做電鍍 keep en-paint and hk-polish out of a plating search
    in every script: only the plating shop is found."""
    for text in ("plating", "電鍍", "电镀", "electroplating services"):
        assert ids(index, text) == ["cn-plate"], text


def test_a_query_that_rules_plating_out_demotes_plating_shops(index) -> None:  # type: ignore[no-untyped-def]
    """'stainless steel, no plating': the excluded concept is reported and not searched."""
    result = search(index, Query("stainless steel, no plating"))
    assert result.excluded == ("plating",)
    assert result.concepts == ("stainless_steel",)
    assert [h.profile_id for h in result.hits] == ["en-weld", "hk-polish", "hk-weld", "en-paint"]


def test_explanation_names_query_terms_and_profile_words(index) -> None:  # type: ignore[no-untyped-def]
    """The Cantonese shop's hit says which English words matched which Chinese ones."""
    hit = search(index, Query("welded stainless steel brackets")).hits[1]
    assert hit.profile_id == "hk-weld"
    by_concept = {m.concept: m for m in hit.matches if m.kind is MatchKind.TERM}
    assert by_concept["welding"].query_term == "welded"
    assert by_concept["welding"].profile_words == ("燒焊", "燒氬", "碰焊")
    assert by_concept["stainless_steel"].profile_words == ("不鏽鋼",)
    assert by_concept["bracket"].profile_words == ("支架",)


def test_explanation_says_when_a_profile_rules_a_wanted_term_out() -> None:
    """A firm found on stainless steel that says 唔做電鍍 carries a note quoting its clause."""
    index = build_index([Profile("a", "不鏽鋼拋光，唔做電鍍。")])
    hit = search(index, Query("不锈钢 电镀")).hits[0]
    assert hit.notes == ("rules out 电镀: 唔做電鍍",)


def test_filters_keep_only_certified_firms_in_the_region() -> None:
    """Certification and region filters compare through the dictionary (ISO13485 = ISO 13485,
    黃埔 contains the zone's West Zone); a firm without the field is out."""
    firms = [
        Profile("a", "injection moulding", certifications=("ISO 13485",), region="zone_west"),
        Profile("b", "injection moulding", certifications=("ISO 9001",), region="zone_west"),
        Profile("c", "injection moulding", certifications=("ISO13485",), region="hong_kong"),
        Profile("d", "injection moulding"),
    ]
    index = build_index(firms)

    def kept(filters: Filters) -> list[str]:  # scores differ only by the fields' lengths
        return sorted(ids(index, "注塑", filters=filters))

    assert kept(Filters(certifications=("ISO13485",))) == ["a", "c"]
    assert kept(Filters(regions=("黃埔",))) == ["a", "b"]
    assert kept(Filters(regions=("Hong Kong",))) == ["c"]


def test_capacity_and_lead_time_filter_and_boost() -> None:
    """Equal text: a lead-time filter drops the slow and the unknown; a boost reorders."""
    firms = [
        Profile("slow", "CNC machining", lead_time_days=30, capacity=1000),
        Profile("fast", "CNC machining", lead_time_days=5, capacity=100),
        Profile("unknown", "CNC machining"),
    ]
    index = build_index(firms)
    assert ids(index, "CNC", filters=Filters(max_lead_time_days=10)) == ["fast"]
    assert ids(index, "CNC", filters=Filters(min_capacity=500)) == ["slow"]
    boosted = search(index, Query("CNC", boosts=Boosts(max_lead_time_days=7)))
    assert [h.profile_id for h in boosted.hits] == ["fast", "slow", "unknown"]
    assert boosted.hits[0].notes == ("lead time 5 <= 7 days",)


def test_structured_fields_match_queries_in_other_scripts() -> None:
    """A profile whose text is silent but whose materials list 不鏽鋼 is found for
    'stainless steel', and the explanation says it came from a field."""
    index = build_index(
        [Profile("m", "precision parts", materials=("不鏽鋼",)), Profile("n", "parts")]
    )
    hit = search(index, Query("stainless steel")).hits[0]
    assert hit.profile_id == "m"
    assert [(m.kind, m.profile_words) for m in hit.matches] == [(MatchKind.FIELD, ("不鏽鋼",))]


def test_statuses_for_no_terms_and_no_match(index) -> None:  # type: ignore[no-untyped-def]
    """Only stop words: no terms; a word no profile has: no match."""
    assert search(index, Query("the and of")).status is Status.NO_TERMS
    assert search(index, Query("submarine")).status is Status.NO_MATCH
    assert search(index, Query("welding")).status is Status.OK


def test_top_limits_and_ties_break_by_input_order() -> None:
    """Identical profiles tie; the earlier one comes first and top cuts the list."""
    index = build_index([Profile(str(i), "laser cutting") for i in range(5)])
    assert ids(index, "激光切割", top=3) == ["0", "1", "2"]


def test_bad_input_is_refused_with_the_field_named() -> None:
    """Empty queries, bad top, duplicate ids and negative lead times name what is wrong."""
    with pytest.raises(ValueError, match="query text must not be empty"):
        Query("   ")
    with pytest.raises(ValueError, match="top must be a positive integer, got 0"):
        Query("x", top=0)
    with pytest.raises(ValueError, match="profile id 'a' appears twice"):
        build_index([Profile("a", "x"), Profile("a", "y")])
    with pytest.raises(ValueError, match="lead_time_days must be finite and not negative, got -1"):
        Profile("a", "x", lead_time_days=-1)
