"""``suigang plan``: plan a factory from the command line, deliver pending events."""

from __future__ import annotations

import typer

from suigang.cli._common import fail

plan_app = typer.Typer(
    help="Factory plans: make and release one, deliver pending events.", no_args_is_help=True
)


@plan_app.command("make")
def make(
    as_user: str = typer.Option(..., "--as", help="e-mail of a user of the factory to plan"),
    time_limit: float = typer.Option(0.0, help="seconds of search (0: dispatching rules)"),
    draft: bool = typer.Option(False, help="keep the plan as a draft instead of releasing it"),
) -> None:
    """Plan the factory of the user given by --as, and release the plan."""
    from sqlalchemy import select

    from suigang.config import get_settings
    from suigang.db import make_engine, make_session_factory
    from suigang.domains.identity.models import User
    from suigang.domains.identity.service import actor_for_user
    from suigang.domains.planning import service
    from suigang.errors import DomainError

    if time_limit < 0:
        fail(f"--time-limit must be >= 0, got {time_limit}")
    engine = make_engine(get_settings())
    try:
        with make_session_factory(engine)() as session:
            user = session.scalar(select(User).where(User.email == as_user, User.active))
            if user is None:
                fail(f"no active user {as_user!r}")
            assert user is not None
            actor = actor_for_user(user)
            try:
                version = service.make_plan(session, actor=actor, time_limit_s=time_limit)
                if not draft:
                    service.release_plan(
                        session, actor=actor, plan_id=version.id, version=version.version
                    )
            except DomainError as exc:
                fail(exc.message)
            obj = version.objective
            typer.echo(
                f"plan {version.number} ({version.status.value}): {obj['operations']} "
                f"operations of {obj['work_orders']} work orders, {obj['late_work_orders']} "
                f"late, makespan {obj['makespan_min']} working min"
            )
    finally:
        engine.dispose()


@plan_app.command("events")
def events() -> None:
    """Deliver pending outbox events (machine breakdowns repair plans, webhooks are called)."""
    from suigang.config import get_settings
    from suigang.db import make_engine, make_session_factory
    from suigang.domains.events.service import deliver_all
    from suigang.domains.registry import register_subscribers

    register_subscribers()
    engine = make_engine(get_settings())
    try:
        typer.echo(f"{deliver_all(make_session_factory(engine))} events delivered")
    finally:
        engine.dispose()


def register(app: typer.Typer) -> None:
    app.add_typer(plan_app, name="plan")
