"""Crossed gauge R&R on the JASP and bearing studies (EXPECTED.md §9–10)."""

from __future__ import annotations

import pytest

from suigang.engines.spc import GaugeResult, GaugeSpec, analyze_gauge
from tests.engines.spc.spc_csv import rows


def jasp(**kw: object) -> GaugeResult:
    parts, operators, values = [], [], []
    for r in rows("gauge_rr_jasp_wide"):
        for rep in ("1", "2", "3"):
            parts.append(r["Part"])
            operators.append(r["Operator"])
            values.append(float(r[rep]))
    return analyze_gauge(GaugeSpec(tuple(parts), tuple(operators), tuple(values), **kw))  # type: ignore[arg-type]


def bearing(**kw: object) -> GaugeResult:
    data = rows("gauge_rr_bearing_dm_long")
    spec = GaugeSpec(
        tuple(r["part"] for r in data),
        tuple(r["operator"] for r in data),
        tuple(float(r["dm_um"]) for r in data),
        **kw,  # type: ignore[arg-type]
    )
    return analyze_gauge(spec)


def test_jasp_anova_table() -> None:
    """JASP's SS/df/MS, and F with random-effects denominators (part, operator over P×O)."""
    g = jasp()
    table = {row.source: row for row in g.anova}
    expected = {
        "part": (9, 243.49204822914, 27.05467202546),
        "operator": (2, 1.73723995180771, 0.868619975903856),
        "part_x_operator": (18, 9.8159364055257, 0.545329800306983),
        "repeatability": (60, 56.2907923855305, 0.938179873092175),
    }
    for source, (df, ss, ms) in expected.items():
        assert table[source].df == df
        assert (table[source].ss, table[source].ms) == pytest.approx((ss, ms), rel=1e-10)
    assert table["total"].ss == pytest.approx(311.336016972003, rel=1e-10)
    assert table["part"].f == pytest.approx(49.6116, rel=1e-5)
    assert table["part"].p == pytest.approx(7.05e-11, rel=1e-2)
    assert table["operator"].f == pytest.approx(1.59283, rel=1e-5)
    assert table["operator"].p == pytest.approx(0.2307, abs=1e-4)
    assert table["part_x_operator"].f == pytest.approx(0.581263589155473, rel=1e-10)
    assert table["part_x_operator"].p == pytest.approx(0.899320321555707, rel=1e-9)


def test_jasp_interaction_pooled() -> None:
    """p(P×O) 0.899 > 0.05: pooled error df 78, MS 0.84752; F 31.92208 and 1.024894."""
    g = jasp()
    assert g.interaction_pooled
    assert g.reduced_anova is not None
    table = {row.source: row for row in g.reduced_anova}
    assert table["repeatability"].df == 78
    assert table["repeatability"].ms == pytest.approx(0.8475221639879, rel=1e-10)
    assert table["part"].f == pytest.approx(31.9220820115876, rel=1e-10)
    assert table["operator"].f == pytest.approx(1.02489352233183, rel=1e-10)


@pytest.mark.parametrize(
    ("name", "variance", "contribution", "sd", "study", "pct_sv", "pct_tol"),
    [
        ("total_grr", 0.848225424385098, 22.558, 0.920991544144189, 5.52594926486514, 47.496, 36.840),  # noqa: E501
        ("repeatability", 0.8475221639879, 22.540, 0.920609669723222, 5.52365801833933, 47.476, 36.824),  # noqa: E501
        ("reproducibility", 0.000703260397198535, 0.0187, 0.0265190572456589, 0.159114343473954, 1.368, 1.061),  # noqa: E501
        ("part", 2.91190554016356, 77.442, 1.7064306432327, 10.2385838593962, 88.001, 68.257),
        ("total", 3.76013096454866, 100.0, 1.93910571257698, 11.6346342754619, 100.0, 77.564),
    ],
)  # fmt: skip
def test_jasp_components(
    name: str,
    variance: float,
    contribution: float,
    sd: float,
    study: float,
    pct_sv: float,
    pct_tol: float,
) -> None:
    """JASP's variance components table (interaction removed, 6σ, tolerance 15)."""
    c = jasp(tolerance=15.0).component(name)
    assert (c.variance, c.sd, c.study_var) == pytest.approx((variance, sd, study), rel=1e-9)
    assert c.pct_contribution == pytest.approx(contribution, abs=6e-4)
    assert c.pct_study_var == pytest.approx(pct_sv, abs=6e-4)
    assert c.pct_tolerance == pytest.approx(pct_tol, abs=6e-4)


def test_jasp_historical_sigma() -> None:
    """Historical σ 5: %study var of GRR 18.4198, part SD 4.91444550031994."""
    g = jasp(historical_sigma=5.0)
    assert g.component("total_grr").pct_study_var == pytest.approx(18.4198, abs=1e-4)
    assert g.component("part").sd == pytest.approx(4.91444550031994, rel=1e-10)


def test_jasp_interaction_kept() -> None:
    """alpha = 1 keeps the interaction: JASP's full-model variances, GRR %contribution 24.367."""
    g = jasp(alpha=1.0)
    assert not g.interaction_pooled
    got = {c.name: c.variance for c in g.components}
    assert got["total_grr"] == pytest.approx(0.948956212278737, rel=1e-10)
    assert got["repeatability"] == pytest.approx(0.938179873092175, rel=1e-10)
    assert got["operator"] == pytest.approx(0.0107763391865624, rel=1e-10)
    assert got["part_x_operator"] == 0.0  # negative estimate truncated
    assert got["part"] == pytest.approx(2.94548246946144, rel=1e-10)
    assert got["total"] == pytest.approx(3.89443868174018, rel=1e-10)
    assert g.component("total_grr").pct_contribution == pytest.approx(24.3669573417114, rel=1e-10)


def test_jasp_ndc() -> None:
    """ndc = ⌊√2 · 1.70643/0.92099⌋ = 2 (raw 2.62)."""
    g = jasp()
    assert g.ndc == 2
    assert g.ndc_raw == pytest.approx(2.62, abs=5e-3)


def test_bearing_study() -> None:
    """Two independent computations agree: SS, pooled components, 1.434%/11.97%/15.90%, ndc 11."""
    g = bearing(tolerance=15.0)
    ss = [row.ss for row in g.anova]
    assert ss == pytest.approx([880.5556, 1.6722, 2.8278, 7.6667, 892.7222], abs=1e-4)
    inter = g.anova[2]
    assert (inter.f, inter.p) == pytest.approx((1.2295, 0.268), abs=5e-4)
    assert g.interaction_pooled
    var = {c.name: c.variance for c in g.components}
    assert var["repeatability"] == pytest.approx(0.134544, abs=1e-6)
    assert var["operator"] == pytest.approx(0.023386, abs=1e-6)
    assert var["total_grr"] == pytest.approx(0.157930, abs=1e-6)
    assert var["part"] == pytest.approx(10.856107, abs=1e-6)
    grr = g.component("total_grr")
    assert grr.pct_contribution == pytest.approx(1.434, abs=5e-4)
    assert grr.pct_study_var == pytest.approx(11.97, abs=5e-3)
    assert grr.pct_tolerance == pytest.approx(15.90, abs=5e-3)
    assert g.ndc == 11


def test_bearing_pooled_also_at_capstat_alpha() -> None:
    """p 0.268 > 0.25, so the interaction is pooled under alpha 0.25 too."""
    assert bearing(alpha=0.25).interaction_pooled


def test_bearing_full_model() -> None:
    """Kept interaction: repeatability 0.127778, P×O 0.009774, operator 0.022634, part 10.853601."""
    var = {c.name: c.variance for c in bearing(alpha=1.0).components}
    assert (var["repeatability"], var["part_x_operator"], var["operator"], var["part"]) == (
        pytest.approx((0.127778, 0.009774, 0.022634, 10.853601), abs=1e-6)
    )
