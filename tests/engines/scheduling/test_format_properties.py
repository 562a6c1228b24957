"""Property tests of the FJSPLIB and JSPLIB readers: any text either reads or is refused with
a ``FormatError`` naming the line (never another exception, never a huge allocation), and a
well-formed file reads back exactly what was written."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from suigang.engines.scheduling.formats import (
    MAX_MACHINES,
    FormatError,
    read_fjsplib,
    read_jsplib,
)

TOKENS = st.one_of(
    st.integers(-3, 12).map(str),
    st.sampled_from(["0", "1", "2.5", "x", "#", "1e9", "99999999999999999999", "-0", "٣"]),
    st.text(min_size=1, max_size=4).filter(lambda t: not t.isspace()),
)
LINES = st.lists(st.lists(TOKENS, max_size=8).map(" ".join), max_size=10).map("\n".join)


@settings(max_examples=300, deadline=None)
@given(text=LINES)
def test_any_text_reads_or_is_refused_with_the_line(text: str) -> None:
    """Arbitrary token soup: an instance, or a FormatError (a ValueError) naming file:line."""
    for reader in (read_fjsplib, read_jsplib):
        try:
            instance = reader("soup.txt", text=text)
        except FormatError as exc:
            assert str(exc).startswith("soup.txt:")
        except ValueError:
            pass  # a model check (e.g. an operation that fits no machine), already named
        else:
            assert 1 <= len(instance.machines) <= MAX_MACHINES


@settings(max_examples=50, deadline=None)
@given(machines=st.integers(MAX_MACHINES + 1, 10**12))
def test_a_header_asking_for_too_many_machines_is_refused_at_once(machines: int) -> None:
    """A two-line file claiming a trillion machines is refused, not allocated."""
    for reader in (read_fjsplib, read_jsplib):
        try:
            reader("big.txt", text=f"1 {machines}\n1 1 1 5\n")
        except FormatError as exc:
            assert "number of machines must be at most 100,000" in str(exc)
        else:
            raise AssertionError("accepted")


@st.composite
def fjsp_files(draw: st.DrawFn) -> tuple[str, list[list[list[tuple[int, int]]]]]:
    """An FJSPLIB text and the jobs it holds (zero-based machines)."""
    n_m = draw(st.integers(1, 5))
    jobs = []
    for _ in range(draw(st.integers(1, 4))):
        ops = []
        for _ in range(draw(st.integers(1, 4))):
            ms = draw(st.lists(st.integers(0, n_m - 1), min_size=1, max_size=n_m, unique=True))
            ops.append([(m, draw(st.integers(1, 99))) for m in ms])
        jobs.append(ops)
    lines = [f"{len(jobs)} {n_m} 1.5"]
    for ops in jobs:
        cells = [str(len(ops))]
        for modes in ops:
            cells.append(str(len(modes)))
            cells += [f"{m + 1} {d}" for m, d in modes]
        lines.append(" ".join(cells))
    return "\n".join(lines) + "\n", jobs


@settings(max_examples=100, deadline=None)
@given(case=fjsp_files())
def test_a_well_formed_fjsplib_file_reads_back_exactly(case) -> None:  # type: ignore[no-untyped-def]
    """Every job, operation and (machine, duration) mode as written, machines zero-based."""
    text, jobs = case
    instance = read_fjsplib("gen.fjs", text=text)
    got = [
        [[(m.machine, m.duration) for m in op.modes] for op in job.operations]
        for job in instance.jobs
    ]
    assert got == jobs
