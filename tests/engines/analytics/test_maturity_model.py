"""The shipped maturity model and rules: agreement with the reference, lookups, readers."""

from __future__ import annotations

import io
from fractions import Fraction as F

import opencc
import pytest
import yaml

from suigang.engines.analytics.maturity import (
    Answer,
    load_demo_requirements,
    load_model,
    load_rules,
    read_answers,
    read_weights,
)
from tests.conftest import shared_path


def reference(name: str) -> dict:
    return yaml.safe_load(shared_path("reference", "maturity", name).read_text(encoding="utf-8"))


def test_structure_agrees_with_reference_model() -> None:
    """Levels, elements, domains and the 20 sub-domains: same codes and names as the reference."""
    ref = reference("cmmm_gbt39116.yaml")
    model = load_model()
    assert model.standard == ref["standard"]["id"]
    assert [(lv.number, lv.code, lv.name.zh_hans, lv.name.en, lv.theme.zh_hans)
            for lv in model.levels] == [
        (r["level"], r["code"], r["name_zh"], r["name_en"], r["theme_zh"]) for r in ref["levels"]
    ]  # fmt: skip

    def tree_of_model() -> list:
        return [
            (e.code, e.name.zh_hans, e.name.en, [
                (d.code, d.name.zh_hans, d.name.en,
                 [(s.code, s.name.zh_hans, s.name.en) for s in d.subdomains])
                for d in e.domains
            ])
            for e in model.elements
        ]  # fmt: skip

    def tree_of_reference() -> list:
        return [
            (e["id"], e["name_zh"], e["name_en"], [
                (d["id"], d["name_zh"], d["name_en"],
                 [(s["id"], s["name_zh"], s["name_en"]) for s in d["subdomains"]])
                for d in e["domains"]
            ])
            for e in ref["elements"]
        ]  # fmt: skip

    assert tree_of_model() == tree_of_reference()
    counts = ref["counts"]
    assert (len(model.elements), len(model.domains()), len(model.subdomains())) == (
        counts["elements"],
        counts["domains"],
        counts["subdomains"],
    )


def test_rules_agree_with_reference_scoring() -> None:
    """Answer scale (labels and scores), the 0.8 gate and the level bands as in the reference."""
    ref = reference("cmmm_gbt39117_scoring.yaml")
    rules = load_rules()
    scale = [(s["label_zh"], F(str(s["score"]))) for s in ref["requirement_scoring"]["scale"]]
    ours = [(rules.labels[a].zh_hans, rules.scores[a]) for a in list(Answer)[:4]]
    assert ours == scale
    assert [rules.labels[a].en.lower() for a in list(Answer)[:4]] == [
        s["label_en"] for s in ref["requirement_scoring"]["scale"]
    ]
    assert rules.gate == F("0.8")  # "level L+1 counts only if level_score(L) >= 0.8"
    assert [(b.level, b.lower) for b in rules.bands] == [
        (b["level"], F(str(b["min"]))) for b in ref["level_determination"]["bands"]
    ]
    assert rules.bands[0].name.zh_hans == ref["level_determination"]["bands"][0]["name_zh"]


def test_traditional_names_are_the_simplified_in_traditional_characters() -> None:
    """Every zh-Hant name is OpenCC's Simplified-to-Traditional form of the zh-Hans one."""
    to_hant = opencc.OpenCC("s2t")
    model = load_model()
    names = [lv.name for lv in model.levels] + [lv.theme for lv in model.levels]
    names += [e.name for e in model.elements] + [d.name for d in model.domains()]
    names += [s.name for s in model.subdomains()]
    assert [n.zh_hant for n in names] == [to_hant.convert(n.zh_hans) for n in names]


@pytest.mark.parametrize(
    ("typed", "code"),
    [("M2.2", "M2.2"), ("m2.2", "M2.2"), ("Ｍ２．２", "M2.2"), ("计划与调度", "M2.2"),
     ("計劃與調度", "M2.2"), ("planning and scheduling", "M2.2"), ("Planning & Scheduling", "M2.2"),
     ("M2.2 计划与调度", "M2.2"), ("M2.2: Planning and scheduling", "M2.2"), ("P1", "P1"),
     ("计划与调度（M2.2）", "M2.2"), ("Planning and scheduling [m2.2]", "M2.2"),
     ("M2.2 - 計劃與調度", "M2.2"), ("M2.2 采购", None), ("M2.2 M2.3", None),
     ("组织战略", "P1"), ("Information security", "T3"), ("資訊安全", "T3"), ("網路", "R2"),
     ("客戶服務", "M5.1"), ("product service", "M5.2")],
)  # fmt: skip
def test_subdomain_forms_a_person_types(typed: str, code: str | None) -> None:
    """Codes in any case or width, names in three scripts, code with name (if they agree)."""
    assert load_model().find_subdomain(typed) == code


def test_level_forms() -> None:
    """3, 3.0, L3, level 3, 三级, 3級, 集成级, Integrated name level 3; 6, 0 and 3.5 none."""
    model = load_model()
    forms = ("3", "3.0", "L3", "Level 3", "三级", "3級", "第三级", "集成級", "Integrated", "Ｌ３")
    assert {model.find_level(t) for t in forms} == {3}
    assert [model.find_level(t) for t in ("6", "0", "3.5")] == [None, None, None]


def test_answer_words_in_english_and_both_chinese_scripts() -> None:
    """Each answer in English, Simplified and Traditional, any case or spacing, maps the same."""
    rules = load_rules()
    expected = {
        Answer.FULLY: ("fully", "Fully Met", "全部满足", "全部滿足", "完全满足"),
        Answer.MOSTLY: ("MOSTLY", "mostly met", "大部分满足", "大部分滿足"),
        Answer.PARTIALLY: ("partially", "partially  met", "部分满足", "部分滿足"),
        Answer.NOT_MET: ("not met", "NOT_MET", "Not-met", "不满足", "不滿足"),
        Answer.NOT_APPLICABLE: (
            "na",
            "N/A",
            "n.a.",
            "not applicable",
            "不适用",
            "不適用",
            "不涉及",
            " 不 适 用 ",
        ),
    }
    for answer, words in expected.items():
        assert [rules.parse_answer(w) for w in words] == [answer] * len(words)
    assert rules.parse_answer("yes") is None


def test_demo_requirements_are_summaries_for_every_cell() -> None:
    """The demo ships summaries (not the standard's text) for all 20 sub-domains x 5 levels."""
    reqs = load_demo_requirements()
    assert {r.kind for r in reqs} == {"summary"}
    assert {(r.subdomain, r.level) for r in reqs} == {
        (s.code, n) for s in load_model().subdomains() for n in range(1, 6)
    }
    assert all(r.text_zh_hans and r.text_zh_hant and r.text_en for r in reqs)


def csv_lines(text: str) -> io.StringIO:
    return io.StringIO(text, newline="")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("P1,1,a,fully\nX1,1,a,fully\n", "answers line 3: unknown sub-domain 'X1'"),
        ("P1,1,a,fully\nM5,2,a,fully\n", "answers line 3: 'M5' is a domain with several"),
        ("P1,1,a,fully\nP1,7,a,fully\n", "answers line 3: level '7' is not a level"),
        ("P1,1,a,maybe\n", "answers line 2: unknown answer 'maybe'"),
        ("P1,1,,fully\n", "answers line 2: requirement is empty"),
        ("P1,1,a,fully\n数据,1,b,na\nP1,一级,a,na\n",
         "answers line 4: requirement 'a' of P1 at level 1 is already answered on line 2"),
    ],
)  # fmt: skip
def test_read_answers_names_the_bad_line(body: str, message: str) -> None:
    """The first bad line is named with what is wrong on it."""
    with pytest.raises(ValueError) as err:
        read_answers(csv_lines("subdomain,level,requirement,answer\n" + body))
    assert str(err.value).startswith(message)


def test_read_answers_missing_column() -> None:
    """A table without the answer column is refused on line 1."""
    with pytest.raises(ValueError, match="answers line 1: missing column"):
        read_answers(csv_lines("subdomain,level,requirement\nP1,1,a\n"))


def test_read_weights_by_names_and_codes() -> None:
    """Parent blank = the level; names resolve; a child outside its parent names the line."""
    table = read_weights(csv_lines(
        "enterprise_type,level,parent,child,weight\n"
        "discrete,*,,人员,2\ndiscrete,*,,Technology,1\ndiscrete,*,,R,1\ndiscrete,*,,制造,4\n"
    ))  # fmt: skip
    assert table.weights("discrete", 3, None, ["P", "M"]) == {"P": F(2), "M": F(4)}
    with pytest.raises(ValueError, match=r"weights line 2: child 'M2\.1' is not a child of P"):
        read_weights(csv_lines("enterprise_type,level,parent,child,weight\n,,P,M2.1,1\n"))
    with pytest.raises(ValueError, match="weights line 2: weight must be positive"):
        read_weights(csv_lines("enterprise_type,level,parent,child,weight\n,,,P,0\n"))
