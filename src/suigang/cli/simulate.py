"""``suigang simulate`` (Sparkplug B machines) and ``suigang ingest`` (Sparkplug B → database)."""

from __future__ import annotations

from typing import Annotated

import typer

from suigang.cli._common import fail


def simulate(
    machines: Annotated[int, typer.Option("--machines", help="number of machines")] = 10,
    rate: Annotated[float, typer.Option("--rate", help="messages per second per machine")] = 1.0,
    broker: Annotated[str | None, typer.Option("--broker", help="mqtt://host:port")] = None,
    seed: Annotated[int, typer.Option("--seed", help="random seed (same seed, same run)")] = 1,
    duration: Annotated[
        float | None, typer.Option("--duration", help="seconds; default: until Ctrl-C")
    ] = None,
    speedup: Annotated[
        float, typer.Option("--speedup", help="simulated seconds per real second")
    ] = 1.0,
    group: Annotated[str, typer.Option("--group", help="Sparkplug group id")] = "suigang-demo",
) -> None:
    """Publish realistic Sparkplug B traffic for N simulated machines (10 per edge node)."""
    from suigang.config import get_settings
    from suigang.telemetry.mqtt import configured_broker_url, parse_broker_url
    from suigang.telemetry.publisher import run_simulation

    if machines < 1:
        fail(f"--machines must be at least 1, got {machines}")
    if rate <= 0:
        fail(f"--rate must be positive, got {rate}")
    if speedup <= 0:
        fail(f"--speedup must be positive, got {speedup}")
    if duration is not None and duration <= 0:
        fail(f"--duration must be positive, got {duration}")
    url = broker or configured_broker_url(get_settings())
    try:
        parse_broker_url(url)
    except ValueError as exc:
        fail(str(exc))
    try:
        sent = run_simulation(
            url,
            machines=machines,
            rate_hz=rate,
            seed=seed,
            duration_s=duration,
            speedup=speedup,
            group=group,
        )
    except (ConnectionError, OSError) as exc:
        fail(f"cannot publish to {url}: {exc}")
        return
    except KeyboardInterrupt:
        return
    typer.echo(f"published {sent} messages")


def ingest(
    broker: Annotated[str | None, typer.Option("--broker", help="mqtt://host:port")] = None,
    client_id: Annotated[
        str, typer.Option("--client-id", help="fixed id: the session survives restarts")
    ] = "suigang-ingest",
    topic: Annotated[
        list[str] | None,
        typer.Option("--topic", help="subscription, may be $share/...; repeatable"),
    ] = None,
    database: Annotated[
        str | None, typer.Option("--database", help="SQLAlchemy URL (default: settings)")
    ] = None,
    host_id: Annotated[
        str | None,
        typer.Option("--host-id", help="publish Sparkplug host STATE under this id"),
    ] = None,
    create_tables: Annotated[
        bool, typer.Option("--create-tables", help="create the equipment tables first")
    ] = False,
) -> None:
    """Receive Sparkplug B (QoS 1, persistent session) and store states and counts."""
    import logging
    import signal
    import threading

    from suigang.config import get_settings
    from suigang.db import make_engine, make_session_factory
    from suigang.domains.registry import load_all_models
    from suigang.telemetry.ingest import IngestConfig, SparkplugIngest
    from suigang.telemetry.mqtt import configured_broker_url, parse_broker_url

    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    settings = get_settings()
    url = broker or configured_broker_url(settings)
    try:
        parse_broker_url(url)
    except ValueError as exc:
        fail(str(exc))
    engine = make_engine(settings, url=database)
    if create_tables:
        load_all_models().create_all(engine)
    config = IngestConfig(
        broker_url=url,
        client_id=client_id,
        topics=tuple(topic or ("spBv1.0/#",)),
        host_id=host_id,
    )
    worker = SparkplugIngest(config, make_session_factory(engine))
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    worker.start()
    try:
        done.wait()
    except KeyboardInterrupt:
        pass
    finally:
        worker.stop()


def register(app: typer.Typer) -> None:
    """Add ``suigang simulate`` and ``suigang ingest``."""
    app.command("simulate")(simulate)
    app.command("ingest")(ingest)
