"""``suigang maturity``: score a GB/T 39116 self-assessment from a table of answers."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from suigang.cli._common import fail

maturity_app = typer.Typer(
    help="Digital-maturity self-assessment (GB/T 39116 model, GB/T 39117-style scoring).",
    no_args_is_help=True,
)


def read_text(path: Path, encoding: str) -> str:
    """The file's text: ``auto`` reads UTF-8 (with or without BOM), else GB18030 (Excel on
    a mainland-Chinese Windows); any other value names the encoding (``big5`` for Excel on
    a Hong Kong Windows)."""
    if not path.is_file():
        raise ValueError(f"{path}: no such file")
    data = path.read_bytes()
    if encoding != "auto":
        try:
            return data.decode(encoding)
        except LookupError:
            raise ValueError(f"--encoding {encoding!r} is not a known encoding") from None
        except UnicodeDecodeError as exc:
            raise ValueError(f"{path}: not {encoding} text (byte {exc.start})") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise ValueError(
            f"{path}: neither UTF-8 nor GB18030 text (byte {exc.start}); "
            "save it as CSV UTF-8 or name the encoding with --encoding"
        ) from None


@maturity_app.command("score")
def score_command(
    answers: Annotated[Path, typer.Argument(help="CSV: subdomain,level,requirement,answer")],
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
    enterprise_type: Annotated[
        str | None, typer.Option("--enterprise-type", help="row key of the weight table")
    ] = None,
    weights: Annotated[
        Path | None,
        typer.Option("--weights", help="CSV: enterprise_type,level,parent,child,weight"),
    ] = None,
    detail: Annotated[
        bool, typer.Option("--detail", help="add node scores, tailoring and gaps to the JSON")
    ] = False,
    encoding: Annotated[
        str, typer.Option("--encoding", help="text encoding of the CSV files (auto: UTF-8/GB18030)")
    ] = "auto",
) -> None:
    """Level scores, the total S and the maturity level; equal weights unless --weights."""
    from suigang.engines.analytics.maturity import (
        MaturityInput,
        WeightTable,
        read_answers,
        read_weights,
        result_to_dict,
        score,
    )

    try:
        text = read_text(answers, encoding)
        rows = read_answers(io.StringIO(text, newline=""), name=str(answers))
        if not rows:
            raise ValueError(f"{answers}: no answer rows")
        table = WeightTable()
        if weights is not None:
            wtext = io.StringIO(read_text(weights, encoding), newline="")
            table = read_weights(wtext, name=str(weights))
        if enterprise_type is not None and not enterprise_type.strip():
            raise ValueError("--enterprise-type is empty")
        result = score(MaturityInput(rows, enterprise_type, table))
    except ValueError as exc:
        fail(str(exc))
        return
    doc = result_to_dict(result, detail=detail)
    if as_json:
        json.dump(doc, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return
    from rich.console import Console
    from rich.table import Table

    table_out = Table(title=f"{answers.name}: S = {doc['score']:.4f}, level {doc['level']}")
    table_out.add_column("level")
    table_out.add_column("score")
    table_out.add_column("counted")
    for lv in result.levels:
        shown = "nothing to score" if lv.score is None else f"{float(lv.score):.4f}"
        table_out.add_row(str(lv.level), shown, "yes" if lv.counted else "no")
    Console().print(table_out)


@maturity_app.command("model")
def model_command(
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    """The sub-domains an answer file may name: codes and names in three languages."""
    from suigang.engines.analytics.maturity import load_model

    model = load_model()
    rows = [
        {"element": e.code, "domain": d.code, "subdomain": s.code, "zh-Hans": s.name.zh_hans,
         "zh-Hant": s.name.zh_hant, "en": s.name.en}
        for e in model.elements for d in e.domains for s in d.subdomains
    ]  # fmt: skip
    if as_json:
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=model.standard)
    for col in ("element", "domain", "subdomain", "zh-Hans", "zh-Hant", "en"):
        table.add_column(col)
    for row in rows:
        table.add_row(*row.values())
    Console().print(table)


def register(app: typer.Typer) -> None:
    """Add ``suigang maturity``."""
    app.add_typer(maturity_app, name="maturity")
