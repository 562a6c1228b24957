"""``suigang match search``: rank a corpus of firm profiles for each query of a file.

Both files are JSON Lines and are read and checked whole before anything is searched, so a
bad line stops the run with its file and line number and nothing on stdout.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import typer

from suigang.cli._common import fail

match_app = typer.Typer(
    help="Find partner firms in any script (matching engine).", no_args_is_help=True
)


@dataclass(frozen=True, slots=True)
class CorpusLine:
    id: Any  # as the file wrote it (string or integer), echoed in the output
    text: str
    name: str


@dataclass(frozen=True, slots=True)
class QueryLine:
    qid: str
    query: str


def _key(value: object, field: str, where: str) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ValueError(f"{where}: {field} must be a string or an integer, got {value!r}")
    if isinstance(value, str) and not value.strip():
        raise ValueError(f"{where}: {field} is empty")
    return str(value)


def _objects(path: Path) -> list[tuple[str, dict[str, Any]]]:
    """(``file:line``, object) for every non-blank line; a line that is not an object fails."""
    if not path.is_file():
        raise ValueError(f"{path}: no such file")
    out: list[tuple[str, dict[str, Any]]] = []
    with path.open("rb") as fh:
        for number, raw in enumerate(fh, start=1):
            where = f"{path}:{number}"
            try:
                line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                raise ValueError(f"{where}: not UTF-8 text ({exc.reason})") from None
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{where}: not valid JSON ({exc.msg})") from None
            if not isinstance(obj, dict):
                raise ValueError(f"{where}: expected a JSON object, got {type(obj).__name__}")
            out.append((where, obj))
    return out


def _keyed(path: Path, field: str) -> Iterator[tuple[str, dict[str, Any], str]]:
    """(``file:line``, object, key) for every object of ``path``; ``field`` is its unique key."""
    seen: dict[str, str] = {}
    for where, obj in _objects(path):
        if field not in obj:
            raise ValueError(f"{where}: missing field '{field}'")
        key = _key(obj[field], field, where)
        if key in seen:
            raise ValueError(f"{where}: {field} {obj[field]!r} already used on {seen[key]}")
        seen[key] = "line " + where.rsplit(":", 1)[1]
        yield where, obj, key


def _text(obj: dict[str, Any], field: str, where: str) -> str:
    value = obj.get(field)
    if not isinstance(value, str):
        raise ValueError(f"{where}: {field} must be a string, got {value!r}")
    return value


def read_corpus(path: Path) -> list[CorpusLine]:
    """Profiles with ``id`` (unique), ``text`` and an optional ``name``."""
    lines: list[CorpusLine] = []
    for where, obj, _ in _keyed(path, "id"):
        text = _text(obj, "text", where)
        name = obj.get("name")
        if name is None:
            name = ""
        if not isinstance(name, str):
            raise ValueError(f"{where}: name must be a string, got {name!r}")
        lines.append(CorpusLine(obj["id"], text, name))
    return lines


def read_queries(path: Path) -> list[QueryLine]:
    """Queries with ``qid`` (unique) and ``query``; other fields are ignored."""
    from suigang.engines.matching import MAX_QUERY_CHARS

    lines: list[QueryLine] = []
    for where, obj, qid in _keyed(path, "qid"):
        query = _text(obj, "query", where)
        if not query.strip():
            raise ValueError(f"{where}: query is empty")
        if len(query) > MAX_QUERY_CHARS:
            raise ValueError(
                f"{where}: query has {len(query)} characters, at most {MAX_QUERY_CHARS} allowed"
            )
        lines.append(QueryLine(qid, query))
    return lines


def rank(
    corpus: list[CorpusLine], queries: list[QueryLine], top: int, *, explain: bool = False
) -> dict[str, list[tuple[Any, Any]]]:
    """For each qid, (corpus id as written, hit) best first."""
    from suigang.engines.matching import Profile, Query, build_index, search

    index = build_index([Profile(id=str(c.id), text=c.text, name=c.name) for c in corpus])
    original = {str(c.id): c.id for c in corpus}
    out: dict[str, list[tuple[Any, Any]]] = {}
    for q in queries:
        result = search(index, Query(q.query, top=top, explain=explain))
        out[q.qid] = [(original[h.profile_id], h) for h in result.hits]
    return out


@match_app.command("search")
def search_command(
    corpus: Annotated[Path, typer.Option("--corpus", help="JSON Lines: id, text, optional name")],
    queries: Annotated[
        Path, typer.Option("--queries", help="JSON Lines: qid, query (other fields ignored)")
    ],
    top: Annotated[int, typer.Option("--top", help="at most this many ids per query")] = 10,
    as_json: Annotated[
        bool, typer.Option("--json", help="print one JSON object {qid: [id, ...]}")
    ] = False,
) -> None:
    """Rank the corpus for every query, best first."""
    try:
        if top < 1:
            raise ValueError(f"--top must be at least 1, got {top}")
        profiles = read_corpus(corpus)
        asked = read_queries(queries)
    except ValueError as exc:
        fail(str(exc))
    ranked = rank(profiles, asked, top, explain=not as_json)
    if as_json:
        json.dump(
            {qid: [pid for pid, _ in hits] for qid, hits in ranked.items()},
            sys.stdout,
            ensure_ascii=False,
        )
        sys.stdout.write("\n")
        return
    for qid, hits in ranked.items():
        typer.echo(f"{qid}: {len(hits)} results")
        for n, (pid, hit) in enumerate(hits, start=1):
            reasons = "; ".join(
                f"{m.query_term} → {', '.join(m.profile_words)}" for m in hit.matches[:4]
            )
            typer.echo(f"  {n:>2}. {pid}  {hit.score:.3f}  {reasons}")


def register(app: typer.Typer) -> None:
    app.add_typer(match_app, name="match")
