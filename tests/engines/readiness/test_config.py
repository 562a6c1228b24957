"""The relay configuration: the shipped copy, its agreement with the reference set, bad configs."""

from __future__ import annotations

import re
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

from suigang.engines.readiness import (
    FILES,
    ConfigError,
    GateOrigin,
    Region,
    RelayConfig,
    Scale,
    default_config,
    load_config,
    load_config_dir,
)
from tests.conftest import shared_path


def shipped_texts() -> list[str]:
    data = resources.files("suigang.engines.readiness") / "data"
    return [(data / f).read_text(encoding="utf-8") for f in FILES]


def with_mapping(mapping: str) -> RelayConfig:
    _, trl, mrl, threads = shipped_texts()
    return load_config(mapping, trl, mrl, threads)


def gates(config: RelayConfig) -> list[list[str] | None]:
    return [[c.text for c in leg.gate.criteria] if leg.gate else None for leg in config.legs]


def test_shipped_configuration() -> None:
    """Five legs HK → zone → zone → zone → HK, their ranges and gates as the proposal states."""
    config = default_config()
    assert [(leg.number, leg.region, leg.trl.text, leg.mrl.text) for leg in config.legs] == [
        (1, Region.HK, "TRL 1–3", "MRL 1–3"),
        (2, Region.ZONE, "TRL 4–6", "MRL 4–6"),
        (3, Region.ZONE, "TRL 7–8", "MRL 7–9"),
        (4, Region.ZONE, "TRL 8–9", "MRL 9–10"),
        (5, Region.HK, "TRL 8–9", "MRL 8–10"),
    ]
    assert gates(config) == [
        ["TRL 3", "MRL 3"], ["TRL 6", "MRL 6"], ["MRL 8"], ["TRL 8", "MRL 9"], None,
    ]  # fmt: skip
    assert config.legs[1].gate is not None
    assert config.legs[1].gate.description == (
        "TRL6 + MRL6 (prototype in relevant / production-relevant environment)"
    )  # the proposal's own wording is kept as the description
    assert (config.status, config.stalled_after_days, config.legs[4].parallel_with) == (
        "proposal",
        90,
        (3, 4),
    )


def test_shipped_names_in_three_scripts() -> None:
    """Every leg, level and thread has a Simplified and a Traditional Chinese name."""
    config = default_config()
    named = [*config.legs, *config.trl_levels, *config.mrl_levels]
    assert all(x.name_zh_hans and x.name_zh_hant for x in named)
    assert all(t.name_zh_hans and t.name_zh_hant for t in config.threads)
    assert config.level(Scale.MRL, 8).name_zh_hant == "試產線能力已驗證，可開始小批量初始生產"
    assert config.thread("F").name_zh_hant == "品質管理"  # the Hong Kong term


def test_shipped_copy_agrees_with_the_reference_set() -> None:
    """Legs, ranges, wording, gates, level names and threads equal those of ../shared."""
    ref = load_config_dir(shared_path("reference", "readiness"))
    ours = default_config()

    def legs(c: RelayConfig) -> list[tuple[object, ...]]:
        return [
            (leg.number, leg.name, leg.owner, leg.trl, leg.mrl, leg.next, leg.gate_out,
             leg.typical_support, leg.note)
            for leg in c.legs
        ]  # fmt: skip

    assert legs(ours) == legs(ref)
    assert gates(ours) == gates(ref)  # structured gates = the levels gate_out names or derives
    assert [lv.name for lv in ours.trl_levels] == [lv.name for lv in ref.trl_levels]
    assert [(lv.name, lv.assessed_at_trl) for lv in ours.mrl_levels] == [
        (lv.name, lv.assessed_at_trl) for lv in ref.mrl_levels
    ]
    assert [(t.id, t.name, t.sub_threads) for t in ours.threads] == [
        (t.id, t.name, t.sub_threads) for t in ref.threads
    ]
    assert (ours.status, ours.source_basis) == (ref.status, ref.source_basis)


def test_reference_gates_come_from_text_and_ranges() -> None:
    """The reference YAML has gate_out on legs 2 and 3 only; legs 1 and 4 derive theirs."""
    ref = load_config_dir(shared_path("reference", "readiness"))
    assert [leg.gate.origin if leg.gate else None for leg in ref.legs] == [
        GateOrigin.RANGES, GateOrigin.TEXT, GateOrigin.TEXT, GateOrigin.RANGES, None,
    ]  # fmt: skip
    assert ref.stalled_after_days == 90  # not configured there: the product's default


def test_runs_without_the_reference_set(tmp_path: Path) -> None:
    """A fresh interpreter in an empty directory loads the shipped configuration."""
    code = (
        "from suigang.engines.readiness import default_config as d; c = d(); "
        "print(len(c.legs), len(c.trl_levels), len(c.mrl_levels), len(c.threads))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True
    ).stdout
    assert out.split() == ["5", "9", "10", "9"]


MAPPING = shipped_texts()[0]


LEG_3_GATE = "{scale: MRL, level: 8, evidence: true}"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('    gate_out: "MRL8', '    gate_ot: "MRL8',
         "relay_mapping.yaml: leg 3: unknown key(s) gate_ot"),
        ("    trl: [7, 8]", "    trl: [8, 7]", "leg 3.trl: TRL range 8–7 runs backwards"),
        ("    mrl: [9, 10]", "    mrl: [9, 11]",
         "leg 4.mrl: MRL range high must be MRL 1–10, got 11"),
        (LEG_3_GATE, "{scale: MRL, level: 9, evidence: true}",
         "leg 3: gate criteria MRL 9 disagree with gate_out 'MRL8 pilot line"),
        (LEG_3_GATE, "{scale: MRL, level: 8, threads: [X]}",
         "leg 3 gate names unknown thread(s) ['X']"),
        ("  - leg: 4", "  - leg: 6", "leg 4.leg: legs are numbered 1, 2, 3 ... in order, got 6"),
        ("stalled_after_days: 90", "stalled_after_days: 0", "stalled_after_days must be"),
        ("status: proposal", "status: [proposal", "relay_mapping.yaml line 13: not YAML"),
        ("    note: runs", "    gate:\n      criteria: [{scale: TRL, level: 9}]\n    note: runs",
         "leg 5 is the last leg and cannot have a gate"),
    ],
)  # fmt: skip
def test_bad_configuration_is_refused_where_it_is_wrong(old: str, new: str, message: str) -> None:
    """Each mistake is refused with the file, the leg or line, and what is wrong."""
    assert old in MAPPING
    with pytest.raises(ConfigError, match=re.escape(message)):
        with_mapping(MAPPING.replace(old, new, 1))


def test_gate_out_text_alone_sets_the_gate() -> None:
    """Without structured criteria, 'TRL7 + MRL7' in gate_out is the gate of leg 3."""
    text = MAPPING.replace(
        '    gate_out: "MRL8 pilot line demonstrated -> ready for low-rate production"\n'
        "    gate:\n      criteria:\n        - {scale: MRL, level: 8, evidence: true}\n",
        '    gate_out: "TRL7 + MRL7 (pilot)"\n',
    )
    config = with_mapping(text)
    assert gates(config)[2] == ["TRL 7", "MRL 7"]
    assert config.legs[2].gate is not None and config.legs[2].gate.origin is GateOrigin.TEXT
    with pytest.raises(ConfigError, match=re.escape("leg 3.gate_out: names no TRL or MRL level")):
        with_mapping(text.replace("TRL7 + MRL7 (pilot)", "pilot line shown"))


def test_all_threads_criterion() -> None:
    """threads: all asks for evidence on every one of the nine threads."""
    config = with_mapping(
        MAPPING.replace(
            "{scale: MRL, level: 8, evidence: true}", "{scale: MRL, level: 8, threads: all}"
        )
    )
    assert config.legs[2].gate is not None
    assert "".join(config.legs[2].gate.criteria[0].threads) == "ABCDEFGHI"


def test_bad_level_table_names_its_line() -> None:
    """A level that is not a number is refused with the file and line."""
    mapping, trl, mrl, threads = shipped_texts()
    with pytest.raises(ConfigError, match=re.escape("trl.csv line 4: level 'three' is not a")):
        load_config(mapping, trl.replace("\n3,", "\nthree,"), mrl, threads)
    wrong = "mrl.csv line 11: level must be MRL 1–10, got 11"
    with pytest.raises(ConfigError, match=re.escape(wrong)):
        load_config(mapping, trl, mrl.replace("\n10,", "\n11,"), threads)
    with pytest.raises(ConfigError, match=r"MRL levels must be 1–10 in order, got \[1, .*, 9, 9\]"):
        load_config(mapping, trl, mrl.replace("\n10,", "\n9,"), threads)
