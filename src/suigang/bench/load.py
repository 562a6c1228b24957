"""``suigang bench load``: a running server under 200 concurrent users (locust, headless).

Front shops (4 in 10 users) list RFQs, factories and orders and send RFQs; factories (3 in
10) list RFQs, work orders and plans, quote the RFQs sent during the run and plan; machine
keys (3 in 10) post measurements. Each user waits 1-3 s between requests (think time).
Reported per endpoint group: requests, errors, p50/p95/p99 (ms), against the targets
(0 errors; p95 <= 300 ms for reads, <= 800 ms for writes), with the load average.

Needs the demo zone on the server's database (``suigang demo`` once, then ``suigang serve``
with the same ``SUIGANG_DATABASE_URL``): the set-up signs in as demo accounts, makes an API
key for the demo factory and reads up to 50 of its measured lots from the database.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Annotated, Any

import typer

READ_P95_MS, WRITE_P95_MS = 300, 800
FRONT_SHOPS = ("hk.design@demo.suigang", "hk.brand@demo.suigang")
FACTORY = "gz.precision@demo.suigang"
#: Lots (with a characteristic each) the machine keys measure, the least measured first: a
#: lot is charted whole on every post, so one lot measured by all would only grow.
LOTS = 50


def _token(client: Any, email: str, password: str) -> str:
    r = client.post("/api/v1/auth/token", data={"username": email, "password": password})
    r.raise_for_status()
    return str(r.json()["access_token"])


def set_up(url: str, password: str) -> dict[str, Any]:
    """Tokens, the demo factory's id, a product, an API key and a lot to measure."""
    import httpx
    from sqlalchemy import func, select

    from suigang.config import get_settings
    from suigang.db import make_engine, make_session_factory
    from suigang.domains.orders.models import Lot, Order
    from suigang.domains.quality.models import Characteristic, Measurement

    with httpx.Client(base_url=url, timeout=30) as client:
        shops = [_token(client, e, password) for e in FRONT_SHOPS]
        factory = _token(client, FACTORY, password)
        auth = {"Authorization": f"Bearer {factory}"}
        factory_id = client.get("/api/v1/me", headers=auth).json()["enterprise_id"]
        product_id = client.get("/api/v1/products?limit=1", headers=auth).json()["items"][0]["id"]
        r = client.post("/api/v1/api-keys", headers=auth, json={"name": "bench load"})
        r.raise_for_status()
        api_key = r.json()["key"]
    engine = make_engine(get_settings())
    try:
        with make_session_factory(engine)() as s:
            pairs = s.execute(
                select(Measurement.lot_id, Characteristic, func.max(Measurement.subgroup))
                .join(Characteristic, Characteristic.id == Measurement.characteristic_id)
                .join(Lot, Lot.id == Measurement.lot_id)
                .join(Order, Order.id == Lot.order_id)
                .where(Order.factory_id == factory_id)
                .group_by(Measurement.lot_id, Characteristic.id)
                .order_by(func.count())
                .limit(LOTS)
            ).all()
            if not pairs:
                raise typer.BadParameter("the database holds no measured lot of the demo factory")
    finally:
        engine.dispose()
    return {
        "front_shop_tokens": shops,
        "factory_token": factory,
        "factory_id": factory_id,
        "product_id": product_id,
        "api_key": api_key,
        "first_subgroup": max(int(last or 0) for _, _, last in pairs) + 1,
        "measure": [_measure(lot_id, ch) for lot_id, ch, _ in pairs],
    }


def _measure(lot_id: Any, ch: Any) -> dict[str, Any]:
    mean = ch.target if ch.target is not None else ((ch.lsl or 0) + (ch.usl or 1)) / 2
    sigma = ((ch.usl or mean + 1) - (ch.lsl or mean - 1)) / 12
    return {
        "lot_id": str(lot_id),
        "characteristic_id": str(ch.id),
        "sample_size": ch.sample_size,
        "mean": mean,
        "sigma": sigma,
    }


def read_stats(path: Path) -> list[dict[str, Any]]:
    """Locust's ``*_stats.csv`` as one row per endpoint group (the aggregate last)."""
    out = []
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            out.append(
                {
                    "group": row["Name"] if row["Name"] != "Aggregated" else "all",
                    "requests": int(row["Request Count"]),
                    "errors": int(row["Failure Count"]),
                    "p50": float(row["50%"]),
                    "p95": float(row["95%"]),
                    "p99": float(row["99%"]),
                    "rps": float(row["Requests/s"]),
                }
            )
    return out


def read_failures(path: Path) -> list[tuple[int, str, str]]:
    """Locust's ``*_failures.csv``: (occurrences, group, error) per distinct failure."""
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as fh:
        return [(int(r["Occurrences"]), r["Name"], r["Error"]) for r in csv.DictReader(fh)]


def verdict(row: dict[str, Any]) -> str:
    if row["group"] == "all":
        return ""
    limit = READ_P95_MS if row["group"].startswith("read") else WRITE_P95_MS
    return "ok" if row["errors"] == 0 and row["p95"] <= limit else f"MISSED (p95 <= {limit})"


def load(
    url: Annotated[str, typer.Option(help="the running server")] = "http://127.0.0.1:8000",
    users: Annotated[int, typer.Option(min=1, max=2000)] = 200,
    spawn_rate: Annotated[float, typer.Option(help="users started per second")] = 20.0,
    duration: Annotated[int, typer.Option(min=5, max=3600, help="seconds of load")] = 60,
    password: Annotated[str, typer.Option(help="the demo accounts' password")] = "suigang-demo",
) -> None:
    """Drive a running server with USERS concurrent users; p50/p95/p99 per endpoint group."""
    from suigang.bench._machine import machine_line

    setup = set_up(url.rstrip("/"), password)
    with tempfile.TemporaryDirectory(prefix="suigang-load-") as tmp:
        setup_file = Path(tmp) / "setup.json"
        setup_file.write_text(json.dumps(setup), encoding="utf-8")
        before = os.getloadavg()
        locustfile = Path(__file__).with_name("_locustfile.py")
        cmd = [sys.executable, "-m", "locust", "-f", str(locustfile), "--headless"]
        cmd += ["-u", str(users), "-r", str(spawn_rate), "-t", f"{duration}s", "--host", url]
        cmd += ["--csv", str(Path(tmp) / "load"), "--only-summary", "--stop-timeout", "10"]
        env = {**os.environ, "SUIGANG_LOAD_SETUP": str(setup_file)}
        subprocess.run(cmd, env=env, check=False, capture_output=True, timeout=duration + 120)
        after = os.getloadavg()
        rows = read_stats(Path(tmp) / "load_stats.csv")
        failures = read_failures(Path(tmp) / "load_failures.csv")
    typer.echo(f"machine: {machine_line()}")
    typer.echo(
        f"{users} users, spawn {spawn_rate}/s, {duration} s, think time 1-3 s; load average "
        f"before {before[0]:.2f} {before[1]:.2f} {before[2]:.2f}, "
        f"after {after[0]:.2f} {after[1]:.2f} {after[2]:.2f}"
    )
    typer.echo(
        f"{'group':24} {'requests':>8} {'errors':>6} {'req/s':>6} {'p50':>6} {'p95':>6} "
        f"{'p99':>6}  target"
    )
    for r in rows:
        typer.echo(
            f"{r['group']:24} {r['requests']:>8} {r['errors']:>6} {r['rps']:>6.1f} "
            f"{r['p50']:>6.0f} {r['p95']:>6.0f} {r['p99']:>6.0f}  {verdict(r)}"
        )
    for count, group, error in failures:
        typer.echo(f"error x{count} in {group}: {error}")


def register(app: typer.Typer) -> None:
    app.command("load")(load)
