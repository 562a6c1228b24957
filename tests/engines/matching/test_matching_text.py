"""Text analysis: folding, stems, negation scopes, and what a text is understood to say."""

from __future__ import annotations

from suigang.engines.matching.analysis import CONCEPT, analyze
from suigang.engines.matching.terms import lexicon
from suigang.engines.matching.text import normalize, stem


def concepts(text: str) -> tuple[list[str], list[str]]:
    """(concepts said, concepts ruled out) of a text, in order of appearance."""
    occurrences = analyze(text, lexicon()).occurrences
    said = [k[2:] for k, _s, _e, neg, _c in occurrences if k.startswith(CONCEPT) and not neg]
    denied = [k[2:] for k, _s, _e, neg, _c in occurrences if k.startswith(CONCEPT) and neg]
    return said, denied


def test_traditional_and_hong_kong_forms_fold_to_simplified() -> None:
    """OpenCC hk2s: 車牀 (Hong Kong form) and 平臺 fold to 车床 and 平台; full-width letters
    become ASCII and lower case."""
    assert normalize("車牀平臺 ＣＮＣ 燒焊") == "车床平台 cnc 烧焊"


def test_simplified_text_is_returned_unchanged() -> None:
    """Text with no character any conversion entry changes takes the fast path unchanged."""
    assert normalize("不锈钢焊接 welding") == "不锈钢焊接 welding"


def test_british_and_american_spellings_share_a_stem() -> None:
    """mould/mold, anodising/anodizing and aluminium/aluminum stem alike; plating is not plate."""
    assert stem("moulding") == stem("molding") == "molding"
    assert stem("anodising") == stem("anodizing")
    assert stem("aluminium") == stem("aluminum")
    assert stem("plating") != stem("plate")


def test_hong_kong_trade_words_name_the_standard_concepts() -> None:
    """燒焊 is welding, 噴油 spray painting, 批鋒 deburring, 電腦鑼 CNC machining."""
    said, denied = concepts("燒焊、噴油、批鋒、電腦鑼")
    assert said[:3] == ["welding", "spray_painting", "deburring"]
    assert "cnc_machining" in said
    assert denied == []


def test_negation_in_three_languages_rules_out_plating() -> None:
    """English, Simplified and Cantonese negations each rule plating out, nothing else."""
    for text in ("We do not do plating.", "不做电镀", "唔做電鍍"):
        assert concepts(text) == ([], ["plating"]), text


def test_negation_stops_at_but_and_covers_a_short_list() -> None:
    """'not ... plating, painting or anodising' rules out all three; 'but' ends the scope."""
    said, denied = concepts("We do not do plating, painting or anodising, but we do polishing.")
    assert denied == ["plating", "spray_painting", "anodizing"]
    assert said == ["polishing"]


def test_words_that_start_like_negations_are_not_negations() -> None:
    """不锈钢 (stainless steel), 无铅 (lead-free) and 非标 (non-standard) are words, not cues;
    'not limited to' is not a negation either."""
    said, denied = concepts("无铅焊接，不锈钢，非标设备")
    assert denied == []
    assert said == ["chemical_compliance", "welding", "stainless_steel", "non_standard_equipment"]
    assert concepts("including but not limited to welding") == (["welding"], [])


def test_chinese_negation_ends_at_the_relative_marker() -> None:
    """In 不做电镀的抛光厂 only plating is ruled out: 的 closes the scope, polishing stays."""
    assert concepts("不做电镀的抛光厂") == (["polishing"], ["plating"])


def test_a_negation_after_what_it_denies() -> None:
    """'Plating is not offered', 「电镀、喷涂不做」, 「電鍍唔做」 and 「焊接可以，电镀不行」 deny
    what comes before the cue in the clause, and only that."""
    assert concepts("We do welding. Plating is not offered.") == (["welding"], ["plating"])
    assert concepts("电镀、喷涂不做") == ([], ["plating", "spray_painting"])
    assert concepts("電鍍唔做") == ([], ["plating"])
    assert concepts("焊接可以，电镀不行") == (["welding"], ["plating"])
    assert concepts("Welding is not a problem") == (["welding"], [])


def test_bounds_and_in_house_are_not_what_they_look_like() -> None:
    """'not exceeding' and 不超过 are bounds, not denials; 'in-house' is not a housing, and
    'anodizing not in-house' denies anodizing."""
    assert concepts("Tolerance not exceeding 0.01 mm for CNC parts") == (["cnc_machining"], [])
    assert concepts("交期不超过7天") == (["lead_time"], [])
    assert concepts("CNC machining in-house; anodizing not in-house.") == (
        ["cnc_machining"],
        ["anodizing"],
    )


def test_a_compound_also_names_the_material_inside_it() -> None:
    """铁柜 is a cabinet and iron, 硅胶按键 a keypad and silicone; but 铁氟龙 (Teflon) is not
    iron and 铜锣湾 (Causeway Bay) is not copper: materials and places stay whole."""
    assert concepts("铁柜") == (["enclosure", "carbon_steel"], [])
    assert concepts("硅胶按键") == (["switch_button", "silicone"], [])
    assert concepts("铁氟龙") == (["high_performance_plastic"], [])
    assert concepts("铜锣湾") == (["hk_other_districts"], [])
