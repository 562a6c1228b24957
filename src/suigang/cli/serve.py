"""``suigang demo`` and ``suigang serve``: run the platform."""

from __future__ import annotations

from pathlib import Path

import typer

from suigang.cli._common import fail

#: Seconds an idle client connection stays open: longer than a reverse proxy's or client's own
#: idle timeout (60 s for nginx's upstream connections), so the server never closes a
#: connection at the moment the other side sends on it (uvicorn's 5 s reset a request in
#: about 5,000 under ``suigang bench load``).
KEEP_ALIVE_S = 75


def _serve(settings, host: str, port: int, telemetry_group: str | None = None) -> None:  # type: ignore[no-untyped-def]
    import uvicorn

    from suigang.api.app import create_app

    app = create_app(settings, ui=True, deliver_events=True)
    if telemetry_group:
        _with_demo_telemetry(app, settings, telemetry_group)
    uvicorn.run(app, host=host, port=port, log_level="warning", timeout_keep_alive=KEEP_ALIVE_S)


def _with_demo_telemetry(app, settings, group: str) -> None:  # type: ignore[no-untyped-def]
    """Start the embedded broker, the ingest and the simulated registered machines of
    ``group`` with the app, and stop them with it."""
    import logging

    from nicegui import app as nicegui_app

    from suigang.telemetry.demo import registered_machines, start_demo_telemetry

    log = logging.getLogger("suigang.demo")
    running: list = []  # type: ignore[type-arg]

    async def start() -> None:
        sessions = app.state.session_factory
        with sessions() as session:
            machines = registered_machines(session, group=group)
        if not machines:
            log.warning("no registered machine in Sparkplug group %s to simulate", group)
            return
        # a day of history the first time, so the board and OEE pages have shifts to show
        running.append(
            await start_demo_telemetry(settings, sessions, machines=machines, history_hours=24)
        )

    async def stop() -> None:
        while running:
            await running.pop().stop()

    nicegui_app.on_startup(start)
    nicegui_app.on_shutdown(stop)


def demo(
    host: str = typer.Option("127.0.0.1", help="address to listen on"),
    port: int = typer.Option(8000, help="port to listen on"),
    data_dir: Path | None = typer.Option(None, help="where the demo database lives"),
    seed: int = typer.Option(2035, help="seed of the demo zone"),
    no_telemetry: bool = typer.Option(
        False,
        "--no-telemetry",
        help="do not start the embedded broker, the ingest and the simulated demo machines",
    ),
) -> None:
    """Build (or reuse) the demo zone in an embedded database and serve it."""
    from rich.console import Console

    from suigang.config import Settings
    from suigang.db import make_engine, make_session_factory
    from suigang.demo import build_demo, demo_accounts, demo_present
    from suigang.demo.firms import DEMO_FACTORY
    from suigang.demo.secret import demo_secret_key
    from suigang.migrations import upgrade

    console = Console()
    overrides = {"data_dir": data_dir} if data_dir else {}
    settings = Settings(**overrides)
    if settings.secret_key is None:  # a random key of this data directory, never a default
        settings = settings.model_copy(update={"secret_key": demo_secret_key(settings.data_dir)})
    url = settings.resolved_database_url()
    console.print(f"database: {url}")
    upgrade(url)
    engine = make_engine(settings)
    factory = make_session_factory(engine)
    with factory() as session:
        if demo_present(session):
            console.print("reusing the demo zone already in this database")
        else:
            with console.status("building the demo zone…") as status:
                summary = build_demo(
                    session,
                    password=settings.demo_password,
                    seed=seed,
                    progress=lambda msg: status.update(f"building the demo zone: {msg}"),
                    models_dir=settings.data_dir / "vision-models",
                )
            console.print(
                f"built {summary.firms} firms, {summary.machines} machines, "
                f"{summary.products} products, {summary.orders} orders, "
                f"{summary.work_orders} work orders, {summary.relay_projects} relay projects, "
                f"{summary.alliance_members} alliance members, {summary.supply_links} supply "
                "links; "
                f"standards crosswalk: {summary.crosswalk_rows} rows ({summary.crosswalk_from}); "
                f"{summary.admission_applications} admission applications, "
                f"{summary.support_schemes} support schemes"
            )
    engine.dispose()
    shown_host = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    console.print(f"\n[bold]Suigang is at http://{shown_host}:{port}[/bold]\n")
    console.print(f"demo accounts (password: {settings.demo_password}):")
    for account in demo_accounts():
        console.print(f"  {account.email:34} {account.role:10} {account.firm}", soft_wrap=True)
    if not no_telemetry:
        console.print(
            f"\nlive machines: {DEMO_FACTORY}'s machines publish Sparkplug B to the embedded "
            f"broker on 127.0.0.1:{settings.embedded_mqtt_port}"
        )
    _serve(settings, host, port, None if no_telemetry else DEMO_FACTORY)


def serve(
    host: str = typer.Option("127.0.0.1", help="address to listen on"),
    port: int = typer.Option(8000, help="port to listen on"),
    workers: int = typer.Option(
        1, min=1, help="API processes (more than 1: PostgreSQL, and the UI on --ui-port)"
    ),
    ui_port: int | None = typer.Option(
        None, help="with --workers > 1: the web UI's own process listens here (default port+1)"
    ),
) -> None:
    """Serve the platform on the configured database (run `suigang db upgrade` first).

    With ``--workers N`` the REST API runs in N processes on PORT and the web UI (NiceGUI
    keeps each browser's state in its process) in one process of its own on UI_PORT; a
    reverse proxy sends /api/ to PORT and the rest to UI_PORT (docs/operations.md).
    """
    from suigang.api.app import SchemaBehind, check_schema
    from suigang.config import MissingSecretKey, get_settings

    settings = get_settings()
    try:
        settings.signing_key()
        check_schema(settings)
        if workers == 1:
            _serve(settings, host, port)
            return
        url = settings.resolved_database_url()
        if not url.startswith("postgresql"):
            typer.echo(
                f"error: --workers {workers} needs PostgreSQL (SUIGANG_DATABASE_URL): on "
                f"{url.split(':')[0]} several processes could deliver one event twice",
                err=True,
            )
            raise typer.Exit(2)
        _serve_workers(host, port, workers, ui_port or port + 1)
    except (SchemaBehind, MissingSecretKey) as exc:
        fail(str(exc))


def _serve_workers(host: str, port: int, workers: int, ui_port: int) -> None:
    import subprocess
    import sys

    import uvicorn

    ui = subprocess.Popen(
        [sys.executable, "-m", "suigang", "serve", "--host", host, "--port", str(ui_port)]
    )
    typer.echo(f"API: {workers} processes on {host}:{port}; web UI: one process on {ui_port}")
    try:
        uvicorn.run(
            "suigang.api.asgi:create_api",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_level="warning",
            timeout_keep_alive=KEEP_ALIVE_S,
        )
    finally:
        ui.terminate()
        ui.wait(10)


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)
    app.command("serve")(serve)
