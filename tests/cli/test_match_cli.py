"""``suigang match search``: the file contract (JSON out, bad lines refused whole)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from suigang.cli import app


def write(path: Path, rows: list[object]) -> Path:
    path.write_text(
        "\n".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in rows)
        + "\n",
        encoding="utf-8",
    )
    return path


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, ["match", "search", *args])


def test_json_output_ranks_across_scripts(tmp_path: Path) -> None:
    """The English query finds the Traditional welding shop first; integer ids stay integers;
    --top cuts; a query nobody matches gets an empty list."""
    corpus = write(
        tmp_path / "c.jsonl",
        [
            {"id": "w", "text": "專門燒焊不鏽鋼支架", "name": "永興"},
            {"id": 7, "text": "CNC machining of aluminium housings"},
            {"id": "p", "text": "不锈钢抛光拉丝", "extra": 1},
        ],
    )
    queries = write(
        tmp_path / "q.jsonl",
        [
            {"qid": "q1", "query": "welded stainless steel brackets", "lang": "en"},
            {"qid": 2, "query": "铝合金 CNC"},
            {"qid": "q3", "query": "submarine"},
        ],
    )
    result = run("--corpus", str(corpus), "--queries", str(queries), "--top", "1", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"q1": ["w"], "2": [7], "q3": []}


def test_a_bad_corpus_line_names_file_and_line_and_prints_nothing(tmp_path: Path) -> None:
    """Line 3 lacks its text: exit 2, the message names c.jsonl:3, stdout stays empty."""
    corpus = write(
        tmp_path / "c.jsonl",
        [{"id": "a", "text": "welding"}, "", {"id": "b", "name": "no text"}],
    )
    queries = write(tmp_path / "q.jsonl", [{"qid": "q", "query": "welding"}])
    result = run("--corpus", str(corpus), "--queries", str(queries), "--json")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert f"error: {corpus}:3: text must be a string, got None" in result.stderr


def test_bad_query_lines_are_refused_before_any_search(tmp_path: Path) -> None:
    """Invalid JSON, a duplicate qid and an empty query each stop the run with their line."""
    corpus = write(tmp_path / "c.jsonl", [{"id": "a", "text": "welding"}])
    cases = {
        "not json": ([{"qid": "q", "query": "x"}, "{oops"], ":2: not valid JSON"),
        "duplicate": (
            [{"qid": "q", "query": "x"}, {"qid": "q", "query": "y"}],
            ":2: qid 'q' already used on line 1",
        ),
        "empty": ([{"qid": "q", "query": "  "}], ":1: query is empty"),
        "not an object": (["[1, 2]"], ":1: expected a JSON object, got list"),
    }
    for label, (rows, message) in cases.items():
        queries = write(tmp_path / f"{label}.jsonl", rows)
        result = run("--corpus", str(corpus), "--queries", str(queries), "--json")
        assert result.exit_code == 2, label
        assert result.stdout == "", label
        assert f"{queries}{message}" in result.stderr, (label, result.stderr)


def test_duplicate_ids_and_missing_files_are_errors(tmp_path: Path) -> None:
    """The id 1 and the id "1" are the same firm; a missing file is named."""
    corpus = write(tmp_path / "c.jsonl", [{"id": 1, "text": "a"}, {"id": "1", "text": "b"}])
    queries = write(tmp_path / "q.jsonl", [{"qid": "q", "query": "a"}])
    result = run("--corpus", str(corpus), "--queries", str(queries), "--json")
    assert result.exit_code == 2
    assert f"{corpus}:2: id '1' already used on line 1" in result.stderr
    result = run("--corpus", str(tmp_path / "none.jsonl"), "--queries", str(queries))
    assert result.exit_code == 2
    assert "none.jsonl: no such file" in result.stderr


def test_text_output_shows_the_reasons(tmp_path: Path) -> None:
    """Without --json each hit is listed with the query terms and the words they matched."""
    corpus = write(tmp_path / "c.jsonl", [{"id": "w", "text": "專門燒焊不鏽鋼支架"}])
    queries = write(tmp_path / "q.jsonl", [{"qid": "q1", "query": "welding"}])
    result = run("--corpus", str(corpus), "--queries", str(queries))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "q1: 1 results"
    assert lines[1].startswith("   1. w  ") and lines[1].endswith("welding → 燒焊")


def test_a_line_that_is_not_utf8_is_named(tmp_path: Path) -> None:
    """Bytes that are not UTF-8 on line 2 name line 2; a byte-order mark on line 1 is fine."""
    corpus = tmp_path / "c.jsonl"
    corpus.write_bytes(b'\xef\xbb\xbf{"id": "x", "text": "a"}\n\xff\xfe\n')
    queries = write(tmp_path / "q.jsonl", [{"qid": "q", "query": "a"}])
    result = run("--corpus", str(corpus), "--queries", str(queries), "--json")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert f"{corpus}:2: not UTF-8 text (invalid start byte)" in result.stderr
