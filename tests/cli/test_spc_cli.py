"""``suigang spc``: JSON and table output on the reference data, and exit code 2 on bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from suigang.cli import app
from tests.conftest import shared_path

runner = CliRunner()


def spc(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["spc", *args])
    return result.exit_code, result.stdout, result.stderr


def data(name: str) -> str:
    return str(shared_path("datasets", "spc", f"{name}.csv"))


def write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "in.csv"
    path.write_text(text)
    return str(path)


def test_chart_json_xbar_r() -> None:
    """Piston rings: qcc's Xbar limits, constant limits as numbers, zero-based WE1 at 36–38."""
    code, out, _ = spc(
        "chart", data("pistonrings"), "--chart", "xbar-r", "--value", "diameter",
        "--subgroup", "sample", "--phase1", "25", "--json",
    )  # fmt: skip
    assert code == 0
    doc = json.loads(out)
    assert doc["lcl"] == pytest.approx(73.98805, rel=1e-6)
    assert doc["ucl"] == pytest.approx(74.0143, rel=1e-6)
    assert [p["name"] for p in doc["panels"]] == ["xbar", "r"]
    we1 = [v["point"] for v in doc["panels"][0]["violations"] if v["rule"] == "WE1"]
    assert we1 == [36, 37, 38]
    assert doc["panels"][0]["violations"][0] == {"point": 34, "rule": "WE2"}


def test_chart_json_u_per_point_limits() -> None:
    """Dyed cloth: variable sizes give per-point lists; roll 1's UCL is 2.5550."""
    code, out, _ = spc(
        "chart", data("dyedcloth"), "--chart", "u", "--value", "x", "--size", "size", "--json"
    )
    doc = json.loads(out)
    assert code == 0
    assert isinstance(doc["ucl"], list) and len(doc["ucl"]) == 10
    assert doc["ucl"][0] == pytest.approx(2.5550, abs=1e-4)
    assert doc["center"] == pytest.approx(153 / 107.5)
    assert doc["violations"] == []


def test_chart_cusum_known_parameters_and_plot(tmp_path: Path) -> None:
    """CUSUM with --target/--sigma/--k/--h; --plot writes a PNG."""
    png = tmp_path / "c.png"
    code, out, _ = spc(
        "chart", data("pistonrings"), "--chart", "cusum", "--value", "diameter",
        "--subgroup", "sample", "--target", "74.001176", "--sigma", "0.009785",
        "--k", "0.5", "--h", "5", "--json", "--plot", str(png),
    )  # fmt: skip
    assert code == 0
    doc = json.loads(out)
    assert doc["ucl"] == 5.0 and doc["lcl"] == -5.0
    assert [v["point"] for v in doc["violations"]] == [36, 37, 38, 39]
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_chart_ewma_lambda_width() -> None:
    """NIST example through the CLI: λ 0.3, L 3, asymptotic limits 47.4116/52.5884."""
    code, out, _ = spc(
        "chart", data("nist_ewma_example"), "--chart", "ewma", "--value", "x", "--target", "50",
        "--sigma", "2.0539", "--lambda", "0.3", "--width", "3", "--asymptotic", "--json",
    )  # fmt: skip
    doc = json.loads(out)
    assert code == 0
    assert (doc["lcl"], doc["ucl"]) == (
        pytest.approx(47.41157, abs=1e-5),
        pytest.approx(52.58843, abs=1e-5),
    )


def test_chart_table_output() -> None:
    """The human output is a table listing each violation with its rule."""
    code, out, _ = spc(
        "chart", data("viscosity"), "--chart", "imr", "--value", "viscosity", "--phase1", "20"
    )
    assert code == 0
    assert "Violations" in out and "WE1" in out and "35.96" in out


def test_capability_json() -> None:
    """All 200 values: R̄/d2 by default with subgroups, Cp = 0.1/(6σ), an interval per index."""
    code, out, _ = spc(
        "capability", data("pistonrings"), "--value", "diameter", "--subgroup", "sample",
        "--lsl", "73.95", "--usl", "74.05", "--json",
    )  # fmt: skip
    doc = json.loads(out)
    assert code == 0
    assert doc["n"] == 200 and doc["sigma_method"] == "rbar"
    assert doc["cp"] == pytest.approx(0.1 / (6 * doc["sigma_within"]))
    assert len(doc["ci"]["cpk"]) == 2


def test_capability_phase1_values(tmp_path: Path) -> None:
    """On the 125 phase I values the CLI gives qcc's Cp 1.703 and Cpk 1.663."""
    lines = Path(data("pistonrings")).read_text().splitlines()[:126]
    path = write(tmp_path, "\n".join(lines) + "\n")
    code, out, _ = spc(
        "capability", path, "--value", "diameter", "--subgroup", "sample",
        "--lsl", "73.95", "--usl", "74.05", "--json",
    )  # fmt: skip
    doc = json.loads(out)
    assert code == 0
    assert (doc["cp"], doc["cpk"]) == pytest.approx((1.703, 1.663), abs=5e-4)


def test_capability_reports_every_qcc_index(tmp_path: Path) -> None:
    """qcc 3.0's test data, specs 9.9–10.1, target 10.02, table d2: Ppm 1.305161 and the
    intervals qcc gives for Cpl (one-sided z) and Cpm (χ² with qcc's degrees of freedom)."""
    rows = ((10.00, 10.02, 9.98, 10.01), (10.03, 9.99, 10.01, 10.00), (9.97, 10.04, 10.02, 9.99))
    text = "g,x\n" + "".join(f"{i},{v}\n" for i, row in enumerate(rows) for v in row)
    code, out, _ = spc(
        "capability", write(tmp_path, text), "--value", "x", "--subgroup", "g",
        "--lsl", "9.9", "--usl", "10.1", "--target", "10.02", "--constants", "table", "--json",
    )  # fmt: skip
    doc = json.loads(out)
    assert code == 0
    assert doc["ppm"] == pytest.approx(1.305161, abs=1e-6)
    assert sorted(doc["ci"]) == sorted(
        ["cp", "cpl", "cpu", "cpk", "cpm", "pp", "ppl", "ppu", "ppk", "ppm"]
    )  # an interval for every index qcc reports
    assert doc["ci"]["cpl"] == pytest.approx([0.911657, 1.970943], abs=1e-6)
    assert doc["ci"]["cpm"] == pytest.approx([0.650542, 1.686689], abs=1e-6)
    assert doc["ci"]["ppm"] == pytest.approx([0.712493, 1.899988], abs=1e-6)


def test_gauge_json() -> None:
    """Bearing study: GRR %study var 11.97, %tolerance 15.90, ndc 11."""
    code, out, _ = spc(
        "gauge", data("gauge_rr_bearing_dm_long"), "--part", "part", "--operator", "operator",
        "--value", "dm_um", "--tolerance", "15", "--json",
    )  # fmt: skip
    doc = json.loads(out)
    assert code == 0
    grr = doc["components"]["total_grr"]
    assert grr["pct_study_var"] == pytest.approx(11.97, abs=5e-3)
    assert grr["pct_tolerance"] == pytest.approx(15.90, abs=5e-3)
    assert doc["ndc"] == 11 and doc["interaction_pooled"] is True


@pytest.mark.parametrize(
    ("csv_text", "args", "message"),
    [
        ("g,x\n1,1\n1,\n", ["chart", "--chart", "imr", "--value", "x"],
         "column 'x' is missing a value in data row 2"),
        ("g,x\n1,1\n1,abc\n", ["chart", "--chart", "imr", "--value", "x"],
         "column 'x', data row 2: 'abc' is not a number"),
        ("g,x\n1,1\n1,2\n", ["chart", "--chart", "imr", "--value", "y"],
         "unknown column 'y' (columns are: g, x)"),
        ("g,x\n1,1\n1,2\n2,3\n", ["chart", "--chart", "xbar-r", "--value", "x", "--subgroup", "g"],
         "subgroup '2' has a single value"),
        ("g,x\n1,1\n1,2\n", ["chart", "--chart", "xbar-r", "--value", "x"],
         "--chart xbar-r needs --subgroup COL"),
        ("g,x\n1,1\n1,2\n", ["capability", "--value", "x", "--lsl", "5", "--usl", "4"],
         "--lsl (5) must be below --usl (4)"),
        ("g,x\n", ["chart", "--chart", "c", "--value", "x"], "no data rows"),
        ("p,o,x\n1,A,1\n1,A,2\n", ["gauge", "--part", "p", "--operator", "o", "--value", "x"],
         "at least 2 parts and 2 operators"),
    ],
)  # fmt: skip
def test_bad_input_exits_2(tmp_path: Path, csv_text: str, args: list[str], message: str) -> None:
    """Each bad input names the problem on stderr and exits with code 2, without a traceback."""
    command, *rest = args
    code, out, err = spc(command, write(tmp_path, csv_text), *rest)
    assert code == 2
    assert message in err
    assert "Traceback" not in err + out


def test_missing_file_exits_2(tmp_path: Path) -> None:
    """A file that does not exist is named."""
    code, _, err = spc("chart", str(tmp_path / "none.csv"), "--chart", "c", "--value", "x")
    assert code == 2 and "no such file" in err


def test_table_constants_option() -> None:
    """--constants table uses d2(2) = 1.128, giving qcc's viscosity σ 0.5076521."""
    code, out, _ = spc(
        "chart", data("viscosity"), "--chart", "imr", "--value", "viscosity", "--phase1", "20",
        "--constants", "table", "--json",
    )  # fmt: skip
    assert code == 0
    assert json.loads(out)["sigma"] == pytest.approx(0.5076521, rel=1e-6)


def test_exclude_and_nelson_rules() -> None:
    """Orange juice with --exclude 14,22: Montgomery's revised p̄ 0.215; Nelson ids reported."""
    code, out, _ = spc(
        "chart", data("orangejuice"), "--chart", "p", "--value", "D", "--size", "size",
        "--phase1", "30", "--exclude", "14,22", "--rules", "nelson", "--json",
    )  # fmt: skip
    doc = json.loads(out)
    assert code == 0
    assert doc["center"] == pytest.approx(0.215)
    assert doc["excluded"] == [14, 22]
    assert {"point": 40, "rule": "N1"} in doc["panels"][0]["violations"]
    assert all(v["rule"].startswith("N") for v in doc["violations"])


def test_revise_flag() -> None:
    """Circuit c chart with --revise drops samples 6 and 20 (points 5, 19): c̄ 19.66667."""
    code, out, _ = spc(
        "chart", data("circuit"), "--chart", "c", "--value", "x", "--phase1", "26",
        "--revise", "--json",
    )  # fmt: skip
    doc = json.loads(out)
    assert code == 0
    assert doc["excluded"] == [5, 19]
    assert doc["center"] == pytest.approx(19.66667, rel=1e-6)


def test_gauge_json_is_strict_when_f_is_undefined(tmp_path: Path) -> None:
    """A perfect gauge (no repeatability spread) has undefined F and infinite raw ndc: null."""
    text = "p,o,x\n1,A,1\n1,A,1\n1,B,1\n1,B,1\n2,A,5\n2,A,5\n2,B,5\n2,B,5\n"
    code, out, _ = spc(
        "gauge", write(tmp_path, text), "--part", "p", "--operator", "o", "--value", "x", "--json"
    )
    assert code == 0
    doc = json.loads(out, parse_constant=lambda c: pytest.fail(f"non-standard JSON {c}"))
    assert doc["anova"][0]["f"] is None
    assert doc["ndc_raw"] is None and doc["ndc"] is None
