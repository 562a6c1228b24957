"""``suigang maturity score``: exact JSON, English and Chinese files alike, bad lines refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from suigang.cli import app

runner = CliRunner()

# Level 1: P1 (fully, mostly) 0.9; P2 n/a (tailored); T1 fully 1; M2.2 (fully, mostly) 0.9;
#          M2.4 n/a; R absent -> (0.9 + 1 + 0.9) / 3 = 14/15
# Level 2: P1 mostly 0.8; T1 partially 0.5; R1 fully 1; M2.2 (partially, not met) 0.25 and
#          M2.3 fully 1 -> M2 0.625; M4 mostly 0.8 -> M 0.7125;
#          (0.8 + 0.5 + 1 + 0.7125) / 4 = 241/320 = 0.753125 < 0.8: counted, the sum stops
# Level 3: P1 fully 1, reported but not counted.  S = 14/15 + 241/320 = 1619/960 -> level 1
ENGLISH = """subdomain,level,requirement,answer
P1,1,a,fully
Organization strategy,1,b,Mostly Met
P2,1,a,na
P2,1,b,not applicable
T1,1,a,FULLY
M2.2,1,a,fully met
planning and scheduling,1,b,mostly
Equipment management,1,a,N/A
P1,2,a,mostly
Data,2,a,partially
R1,2,a,fully
M2.2,2,a,partially
M2.2,2,b,not met
Production operation,2,a,fully
Sales,2,a,mostly
P1,3,a,fully
"""
CHINESE = """subdomain,level,requirement,answer
组织战略,一级,a,全部满足
組織戰略,1,b,大部分滿足
人员技能,1,a,不适用
人員技能,1,b,不適用
数据,1,a,全部满足
计划与调度,1,a,全部滿足
計劃與調度,1,b,大部分满足
设备管理,1,a,不适用
组织战略,二级,a,大部分满足
數據,2,a,部分满足
装备,2,a,全部满足
M2.2 计划与调度,2,a,部分滿足
计划与调度,2,b,不满足
生产作业,2,a,全部满足
銷售,2,a,大部分滿足
组织战略,3,a,全部满足
"""
EXPECTED = {
    "level_scores": {"1": 14 / 15, "2": 0.753125, "3": 1.0, "4": None, "5": None},
    "score": 1619 / 960,
    "level": 1,
}


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["maturity", *args])
    return result.exit_code, result.stdout, result.stderr


def write(tmp_path: Path, text: str, name: str = "answers.csv", encoding: str = "utf-8") -> str:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return str(path)


def test_english_answers_score_exactly(tmp_path: Path) -> None:
    """The hand-computed figures above, to the last digit of the float."""
    code, out, _ = run("score", write(tmp_path, ENGLISH), "--json")
    assert code == 0
    assert json.loads(out) == EXPECTED


def test_chinese_answers_give_the_identical_result(tmp_path: Path) -> None:
    """The same answers in Chinese names and words (both scripts) print the same JSON."""
    english = run("score", write(tmp_path, ENGLISH, "en.csv"), "--json")[1]
    chinese = run("score", write(tmp_path, CHINESE, "zh.csv"), "--json")[1]
    assert chinese == english


def test_gb18030_file_from_excel_reads_the_same(tmp_path: Path) -> None:
    """A Chinese file saved as GB18030 (mainland Excel) is decoded and scores the same."""
    code, out, _ = run("score", write(tmp_path, CHINESE, encoding="gb18030"), "--json")
    assert code == 0
    assert json.loads(out) == EXPECTED


def test_detail_lists_tailoring_and_gaps(tmp_path: Path) -> None:
    """--detail: level 2 counted and is next; T1 'partially' is its largest gap
    (0.5 short * 1/4, T's weight among four elements, T1 being T's only domain = 1/8),
    M2.2's 'not met' weighs 1/4 (M) * 1/2 (M2 beside M4) * 1/2 (M2.2 beside M2.3) / 2."""
    code, out, _ = run("score", write(tmp_path, ENGLISH), "--json", "--detail")
    doc = json.loads(out)
    assert code == 0
    assert doc["counted_levels"] == [1, 2] and doc["next_level"] == 2
    assert doc["levels"][0]["tailored"][:4] == ["P2", "T2", "T3", "R1"]
    assert doc["gaps"][0] == {
        "subdomain": "T1",
        "level": 2,
        "requirement": "a",
        "answer": "partially",
        "score": 0.5,
        "impact": 0.125,
    }
    not_met = next(g for g in doc["gaps"] if g["answer"] == "not_met")
    assert (not_met["subdomain"], not_met["impact"]) == ("M2.2", 1 / 32)


def test_weights_file_and_enterprise_type(tmp_path: Path) -> None:
    """Elements P 3 and T 1 for 'process' at level 1: (3*0.9 + 1*1 + 1*0.9) / 5 = 0.92;
    level 2 keeps equal weights: S = 0.92 + 0.753125 = 1.673125."""
    weights = write(
        tmp_path,
        "enterprise_type,level,parent,child,weight\n"
        "process,1,,P,3\nprocess,1,,T,1\nprocess,1,,R,1\nprocess,1,,M,1\n",
        "weights.csv",
    )
    answers = write(tmp_path, ENGLISH)
    code, out, _ = run(
        "score", answers, "--json", "--weights", weights, "--enterprise-type", "process"
    )
    assert code == 0
    doc = json.loads(out)
    assert doc["level_scores"]["1"] == pytest.approx(0.92, abs=1e-15)
    assert doc["score"] == pytest.approx(1.673125, abs=1e-15)
    code, out, err = run("score", answers, "--weights", weights, "--enterprise-type", "retail")
    assert (code, out) == (2, "")
    assert "enterprise type 'retail' has no weights" in err


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("P1,1,a,fully\nZ9,1,a,fully\n", "line 3: unknown sub-domain 'Z9'"),
        ("P1,1,a,fully\nP1,2,a,sort of\n", "line 3: unknown answer 'sort of'"),
        ("P1,1,a,fully\nP1,level six,a,fully\n", "line 3: level 'level six' is not a level"),
    ],
)
def test_bad_line_is_named_and_nothing_is_printed(tmp_path: Path, body: str, message: str) -> None:
    """Exit code 2, the line on stderr, stdout empty: nothing half-read is reported."""
    path = write(tmp_path, "subdomain,level,requirement,answer\n" + body)
    code, out, err = run("score", path, "--json")
    assert (code, out) == (2, "")
    assert f"error: {path} {message}" in err


def test_missing_column_and_empty_file(tmp_path: Path) -> None:
    """No answer column: refused on line 1; a header without rows: no answer rows."""
    path = write(tmp_path, "subdomain,level,requirement\nP1,1,a\n")
    code, out, err = run("score", path, "--json")
    assert (code, out) == (2, "") and "line 1: missing column(s) answer" in err
    path = write(tmp_path, "subdomain,level,requirement,answer\n", "empty.csv")
    code, out, err = run("score", path, "--json")
    assert (code, out) == (2, "") and "no answer rows" in err


def test_model_lists_twenty_subdomains() -> None:
    """``maturity model --json`` names the 20 sub-domains a file may use."""
    code, out, _ = run("model", "--json")
    rows = json.loads(out)
    assert code == 0 and len(rows) == 20
    assert rows[10] == {
        "element": "M",
        "domain": "M2",
        "subdomain": "M2.2",
        "zh-Hans": "计划与调度",
        "zh-Hant": "計劃與調度",
        "en": "Planning and scheduling",
    }


def test_random_assessment_scores_alike_in_every_language(tmp_path: Path) -> None:
    """A seeded random assessment (all 20 sub-domains, 5 levels, n/a and gaps) written with
    codes and English words, with Simplified names and words, and with Traditional ones,
    prints the same JSON three times."""
    import random

    from suigang.engines.analytics.maturity import load_model, load_rules

    model, rules = load_model(), load_rules()
    rng = random.Random(20350)
    rows = []
    for s in model.subdomains():
        for level in range(1, 6):
            if rng.random() < 0.15:
                continue  # not in the file at all: tailored out at this level
            for r in range(rng.randint(1, 4)):
                rows.append((s, level, f"{level}.{r + 1}", rng.choice(list(rules.labels))))
    files = []
    for lang, pick in (
        ("en", lambda s, a: (s.code, rules.labels[a].en)),
        ("hans", lambda s, a: (s.name.zh_hans, rules.labels[a].zh_hans)),
        ("hant", lambda s, a: (s.name.zh_hant, rules.labels[a].zh_hant)),
    ):
        lines = ["subdomain,level,requirement,answer"]
        lines += [",".join((pick(s, a)[0], str(lv), req, pick(s, a)[1])) for s, lv, req, a in rows]
        files.append(write(tmp_path, "\n".join(lines) + "\n", f"{lang}.csv"))
    outputs = [run("score", f, "--json") for f in files]
    assert [o[0] for o in outputs] == [0, 0, 0]
    assert outputs[0][1] == outputs[1][1] == outputs[2][1]
    assert len(rows) > 150  # the file is a full assessment, not a toy
