"""``suigang bench catalog``: spreadsheet import and export of a factory's catalogue.

Builds a synthetic factory (work centers, then N machines and N/5 products of 5 steps) in a
fresh database per round, and times each use case as the API and CLI call it. The peer of a
new import is the re-import of the same file (every row unchanged), and CSV is the peer of
XLSX, measured in the same round.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

PHASES = (
    "import machines csv (new)",
    "re-import machines csv (unchanged)",
    "re-import machines xlsx (unchanged)",
    "export machines csv",
    "export machines xlsx",
    "import products csv (new)",
    "re-import products csv (unchanged)",
    "export products xlsx",
)


def machines_csv(n: int, work_centers: int) -> bytes:
    rows = [
        "code,name,kind,status,work_center_code,capabilities,"
        "sparkplug_group,sparkplug_node,sparkplug_device"
    ]
    for i in range(n):
        rows.append(
            f"M{i:05d},Machine {i},cnc_lathe,in_service,WC{i % work_centers},"
            f"cnc_turning;cnc_milling,bench,node{i % 50},dev{i}"
        )
    return "\n".join(rows).encode()


def products_csv(n_products: int, n_machines: int, work_centers: int) -> bytes:
    rows = [
        "product_code,product_name,bom,step_seq,step_name,work_center_code,machine_codes,"
        "setup_s,run_s_per_unit"
    ]
    for p in range(n_products):
        for s in range(5):
            m1, m2 = (p * 5 + s) % n_machines, (p * 5 + s + 1) % n_machines
            rows.append(
                f"P{p:05d},Product {p},C{p}=2; D{p}=1.5,{(s + 1) * 10},Step {s},"
                f"WC{s % work_centers},M{m1:05d};M{m2:05d},60,12.5"
            )
    return "\n".join(rows).encode()


def one_round(url: str, n: int) -> dict[str, float]:
    """Seconds per phase on a freshly created schema at ``url``."""
    from sqlalchemy.orm import Session

    from suigang.config import Settings
    from suigang.db import make_engine
    from suigang.domains.catalog import service
    from suigang.domains.identity.permissions import Actor
    from suigang.domains.identity.service import create_enterprise
    from suigang.domains.registry import load_all_models

    engine = make_engine(Settings(), url=url)
    metadata = load_all_models()
    metadata.drop_all(engine)
    metadata.create_all(engine)
    out: dict[str, float] = {}
    try:
        with Session(engine, expire_on_commit=False) as s:
            firm = create_enterprise(
                s,
                kind="factory",
                name_en="Bench Factory",
                name_zh_hans="基准工厂",
                name_zh_hant="基準工廠",
                region="zone_west",
                actor=None,
            )
            actor = Actor(
                enterprise_id=firm.id, enterprise_kind="factory", role="admin", label="bench"
            )
            for i in range(10):
                service.create_work_center(s, actor=actor, code=f"WC{i}", name=f"Center {i}")
            m_csv = machines_csv(n, 10)
            p_csv = products_csv(max(1, n // 5), n, 10)
            holder: dict[str, bytes] = {}

            def timed(name: str, work: Callable[[], object]) -> None:
                start = time.perf_counter()
                work()
                out[name] = time.perf_counter() - start

            timed(
                PHASES[0],
                lambda: service.import_machines(s, actor=actor, filename="m.csv", content=m_csv),
            )
            timed(
                PHASES[1],
                lambda: service.import_machines(s, actor=actor, filename="m.csv", content=m_csv),
            )
            holder["xlsx"] = service.export_machines(s, actor=actor, fmt="xlsx")
            timed(
                PHASES[2],
                lambda: service.import_machines(
                    s, actor=actor, filename="m.xlsx", content=holder["xlsx"]
                ),
            )
            timed(PHASES[3], lambda: service.export_machines(s, actor=actor, fmt="csv"))
            timed(PHASES[4], lambda: service.export_machines(s, actor=actor, fmt="xlsx"))
            timed(
                PHASES[5],
                lambda: service.import_products(s, actor=actor, filename="p.csv", content=p_csv),
            )
            timed(
                PHASES[6],
                lambda: service.import_products(s, actor=actor, filename="p.csv", content=p_csv),
            )
            timed(PHASES[7], lambda: service.export_products(s, actor=actor, fmt="xlsx"))
    finally:
        metadata.drop_all(engine)
        engine.dispose()
    return out


def register(bench_app: typer.Typer) -> None:
    @bench_app.command("catalog")
    def bench_catalog(
        machines: Annotated[int, typer.Option(help="machines per file (products: a fifth)")] = 2000,
        rounds: Annotated[int, typer.Option(help="fresh databases to run; medians reported")] = 3,
        database_url: Annotated[
            str | None,
            typer.Option(help="an empty database to use (default: a temporary SQLite file)"),
        ] = None,
    ) -> None:
        """Time catalogue import/export of machines and products, CSV vs XLSX."""
        from suigang.bench._machine import machine_line

        if machines < 1 or rounds < 1:
            typer.echo("--machines and --rounds must be at least 1", err=True)
            raise typer.Exit(2)
        with tempfile.TemporaryDirectory() as tmp:
            url = database_url or f"sqlite:///{Path(tmp) / 'bench.db'}"
            runs = [one_round(url, machines) for _ in range(rounds)]
        typer.echo(machine_line())
        typer.echo(
            f"database {url.split(':', 1)[0]}, {machines} machines, "
            f"{max(1, machines // 5)} products x 5 steps, {rounds} rounds (median s)"
        )
        medians = {p: statistics.median(r[p] for r in runs) for p in PHASES}
        for phase in PHASES:
            per_row = medians[phase] / machines * 1e3  # both files have about `machines` rows
            typer.echo(f"  {phase:<38} {medians[phase]:7.3f} s  ({per_row:.3f} ms/row)")
        typer.echo(
            f"  unchanged/new machines {medians[PHASES[1]] / medians[PHASES[0]]:.2f}, "
            f"xlsx/csv re-import {medians[PHASES[2]] / medians[PHASES[1]]:.2f}, "
            f"xlsx/csv export {medians[PHASES[4]] / medians[PHASES[3]]:.2f}"
        )
