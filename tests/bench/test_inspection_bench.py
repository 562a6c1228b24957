"""The fit/test split of ``suigang bench inspection`` (the run itself needs the shared data)."""

import pytest

from suigang.bench.inspection import split_good


def test_interleaved_split_tests_every_third_image() -> None:
    # indices 2 and 5 are the ones with index % 3 == 2: tested; the rest fit
    assert split_good(7, split="interleaved", seed=0, fit_fraction=0.5) == ([0, 1, 3, 4, 6], [2, 5])


def test_random_split_is_seeded_and_covers_every_image_once() -> None:
    fit, test = split_good(10, split="random", seed=3, fit_fraction=0.3)
    # round(0.3 * 10) = 3 images fit, the other 7 are tested, none twice
    assert (len(fit), len(test), sorted(fit + test)) == (3, 7, list(range(10)))
    # the same seed gives the same split
    assert split_good(10, split="random", seed=3, fit_fraction=0.3) == (fit, test)


def test_grouped_split_keeps_each_group_on_one_side() -> None:
    groups = [0, 1, 0, 2, 2, 3, 4, 5, 5]
    # groups 2 and 5 (number % 3 == 2) are tested whole: images 3, 4, 7 and 8
    assert split_good(9, split="grouped", seed=0, fit_fraction=0.5, groups=groups) == (
        [0, 1, 2, 5, 6],
        [3, 4, 7, 8],
    )


@pytest.mark.parametrize(
    ("split", "fraction", "groups", "message"),
    [
        ("halves", 0.5, None, "split must be one of interleaved, random, grouped"),
        ("random", 1.0, None, "fit_fraction must be in"),
        ("grouped", 0.5, None, "needs a group for each of the 10 images"),
        ("grouped", 0.5, [0, 1], "needs a group for each of the 10 images"),
    ],
)
def test_bad_split_is_named(
    split: str, fraction: float, groups: list[int] | None, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        split_good(10, split=split, seed=0, fit_fraction=fraction, groups=groups)
