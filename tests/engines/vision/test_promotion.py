"""Promotion of a retrained model: side-by-side figures and the rule, worked by hand."""

from __future__ import annotations

import pytest

from suigang.engines.vision.promotion import VersionFigures, decide

CURRENT = VersionFigures(0.90, 0.85, 2, 40, 100, 50)


def test_better_or_equal_on_every_figure_is_promoted() -> None:
    better = VersionFigures(0.93, 0.85, 2, 45, 100, 50)  # pixel equal, image higher, same FA
    c = decide(CURRENT, better)
    assert (c.promote, c.reasons) == (True, ())


def test_each_worse_figure_is_named() -> None:
    worse = VersionFigures(0.95, 0.80, 3, 48, 100, 50)  # higher image AUROC does not make up
    c = decide(CURRENT, worse)
    assert c.promote is False
    assert c.reasons == (
        "pixel_auroc 0.8 is below the current 0.85",
        "3 false alarms against the current 2",
    )


def test_tolerance_allows_noise_level_differences() -> None:
    """0.898 against 0.90 is within a tolerance of 0.003 (the noise level of a refit)."""
    close = VersionFigures(0.898, 0.85, 2, 40, 100, 50)
    assert decide(CURRENT, close).promote is False
    assert decide(CURRENT, close, tolerance=0.003).promote is True


def test_undefined_current_figure_is_not_a_bar() -> None:
    """Without masks the current pixel AUROC is undefined: only the other figures count."""
    current = VersionFigures(0.90, None, 2, 40, 100, 50)
    assert decide(current, VersionFigures(0.91, None, 1, 41, 100, 50)).promote is True


def test_compare_versions_needs_both_kinds() -> None:
    from suigang.engines.vision.promotion import compare_versions

    with pytest.raises(ValueError, match="good and defective"):
        compare_versions(None, None, [], [])  # type: ignore[arg-type]
