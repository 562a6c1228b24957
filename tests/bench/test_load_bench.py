"""``suigang bench load`` reading locust's CSV reports (the run itself needs a server)."""

from __future__ import annotations

from pathlib import Path

from suigang.bench.load import read_failures, read_stats, verdict


def test_stats_failures_and_verdicts_from_locust_csv(tmp_path: Path) -> None:
    """Two groups and the aggregate as locust writes them: the read misses its 300 ms p95,
    the write with an error misses too, and the error is named with its count."""
    stats = tmp_path / "load_stats.csv"
    stats.write_text(
        "Type,Name,Request Count,Failure Count,Requests/s,50%,95%,99%\n"
        "GET,read: rfqs,100,0,10.0,20,310,400\n"
        "POST,write: plan,10,1,1.0,100,700,900\n"
        ",Aggregated,110,1,11.0,25,320,800\n",
        encoding="utf-8",
    )
    failures = tmp_path / "load_failures.csv"
    failures.write_text(
        "Method,Name,Error,Occurrences\nPOST,write: plan,\"HTTPError('503 Server Error')\",1\n",
        encoding="utf-8",
    )
    rows = read_stats(stats)
    assert [(r["group"], r["requests"], r["errors"], r["p95"]) for r in rows] == [
        ("read: rfqs", 100, 0, 310.0),
        ("write: plan", 10, 1, 700.0),
        ("all", 110, 1, 320.0),
    ]
    assert [verdict(r) for r in rows] == ["MISSED (p95 <= 300)", "MISSED (p95 <= 800)", ""]
    assert read_failures(failures) == [(1, "write: plan", "HTTPError('503 Server Error')")]
    assert read_failures(tmp_path / "absent.csv") == []  # no failures file: nothing to name
