"""The live machine board of ``/machines``: one tile per machine, built once and updated in
place every 2 s, so that a button a person is about to click, or a dialog they are typing
a reason into, stays where it is (rebuilding the tiles every 2 s swallowed clicks that
landed during a rebuild and closed the dialogs). The board is rebuilt only when a machine
comes or goes or changes its registry status, which changes what its tile offers."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from nicegui import ui

from suigang.domains.catalog.models import Machine, MachineStatus
from suigang.domains.catalog.service import set_machine_status
from suigang.domains.equipment.service import machine_board
from suigang.ui.context import PageContext, fmt_datetime, page_context, run_action
from suigang.ui.frame import status_chip
from suigang.ui.i18n import t
from suigang.ui.pages import _machines_data as data


def state_text(item_state: str, operation_mode: str) -> str:
    """``Executing · Processing`` in the viewer's language (the mode only while executing)."""
    text = t(f"machines.state.{item_state}")
    if item_state in ("Executing", "NotExecuting") and operation_mode:
        text += " · " + t(f"machines.mode.{operation_mode}")
    return text


def _lamp_style(colour: str) -> str:
    return f"background:{data.LIGHTS[colour]};box-shadow:0 0 6px {data.LIGHTS[colour]}"


def light(colour: str, marker: str, size: str = "w-4 h-4") -> ui.element:
    """One lamp of the stack light, in ``colour``."""
    lamp = ui.element("div").classes(f"{size} rounded-full shrink-0 light-{colour}")
    return lamp.style(_lamp_style(colour)).mark(marker)


@dataclass
class Tile:
    """The parts of a machine's tile that change while the page is open."""

    card: ui.card
    lamp: ui.element
    colour: str
    state: ui.label | None = None
    since: ui.label | None = None
    work: ui.label | None = None
    oee: ui.label | None = None

    def show(self, colour: str, texts: dict[str, str]) -> None:
        if colour != self.colour:
            self.lamp.classes(remove=f"light-{self.colour}", add=f"light-{colour}")
            self.lamp.style(replace=_lamp_style(colour))
            self.card.style(replace=f"border-top:6px solid {data.LIGHTS[colour]}")
            self.colour = colour
        for name, text in texts.items():
            label = getattr(self, name)
            if label is not None and label.text != text:
                label.set_text(text)


@dataclass
class LiveBoard:
    """The board of one open page: builds the tiles, then keeps them current."""

    admin: bool
    oee_texts: dict[uuid.UUID, str]
    tiles: dict[uuid.UUID, Tile] = field(default_factory=dict)
    shape: tuple[tuple[uuid.UUID, MachineStatus], ...] = ()
    container: ui.element | None = None
    dialogs: ui.element | None = None

    def build(self) -> None:
        """Lay the board out (on the page being built, or again in its container)."""
        if self.container is None:
            self.container = ui.element("div").classes("w-full")
            self.dialogs = ui.element("div")  # dialogs live outside the tiles
        self.container.clear()
        self.tiles.clear()
        with self.container, page_context() as ctx:
            if ctx is None:
                return
            board = machine_board(ctx.session, actor=ctx.actor)
            machines = [b.machine for b in board]
            self.shape = tuple((m.id, m.status) for m in machines)
            if not machines:
                ui.label(t("machines.none")).classes("text-grey-7 italic")
                return
            states = {b.machine.id: b.state for b in board}
            work = data.work_by_machine(ctx.session, actor=ctx.actor)
            with (
                ui.element("div")
                .classes("w-full grid gap-3")
                .style("grid-template-columns:repeat(auto-fill,minmax(15rem,1fr))")
            ):
                for m in machines:
                    self.tiles[m.id] = self.tile(ctx, m)
            self._show(ctx, machines, states, work)

    def update(self) -> None:
        """Show the latest states, work and OEE; rebuild only when the tiles' shape changed."""
        with page_context() as ctx:
            if ctx is None:
                return
            board = machine_board(ctx.session, actor=ctx.actor)
            machines = [b.machine for b in board]
            if tuple((m.id, m.status) for m in machines) != self.shape:
                ctx.session.close()
                self.build()
                return
            states = {b.machine.id: b.state for b in board}
            work = data.work_by_machine(ctx.session, actor=ctx.actor)
            self._show(ctx, machines, states, work)

    def _show(
        self, ctx: PageContext, machines: list[Machine], states: dict[Any, Any], work: Any
    ) -> None:
        for m in machines:
            tile = self.tiles.get(m.id)
            if tile is None:
                continue
            if m.status is not MachineStatus.IN_SERVICE:
                # a machine taken out of service does no work, whatever it last reported
                tile.show(data.registry_light(m.status), {})
                continue
            state = states.get(m.id)
            item_state = state.item_state if state is not None else "NotAvailable"
            mode = state.operation_mode if state is not None else "None"
            job = work.get(str(m.id))
            if job is None:
                doing = t("machines.no_work")
            else:
                key = "machines.running" if job.running else "machines.next"
                doing = t(key, number=job.number, operation=job.operation)
            since = (
                "" if state is None else t("machines.since", time=fmt_datetime(state.start, ctx.tz))
            )
            tile.show(
                data.stack_light(item_state, mode),
                {
                    "state": state_text(item_state, mode),
                    "since": since,
                    "work": doing,
                    # "…" until the worker thread has counted the shift
                    "oee": self.oee_texts.get(m.id, "…"),
                },
            )

    def tile(self, ctx: PageContext, m: Machine) -> Tile:
        in_service = m.status is MachineStatus.IN_SERVICE
        colour = "grey" if in_service else data.registry_light(m.status)
        card = (
            ui.card()
            .classes("p-3 gap-1")
            .style(f"border-top:6px solid {data.LIGHTS[colour]}")
            .mark(f"tile-{m.code}")
        )
        with card:
            with ui.row().classes("items-center gap-2 w-full no-wrap"):
                lamp = light(colour, f"light-{m.code}")
                ui.link(m.code, f"/machines/{m.id}").classes(
                    "text-base font-semibold text-teal-900"
                ).mark(f"open-{m.code}")
                ui.space()
                status_chip(m.status.value)
            ui.label(m.name).classes("text-xs text-grey-7")
            tile = Tile(card=card, lamp=lamp, colour=colour)
            if not in_service:
                ui.label(t(f"status.{m.status.value}")).classes("text-sm font-medium").mark(
                    f"state-{m.code}"
                )
                ui.label(t("machines.no_work_while_down")).classes(
                    "text-xs text-grey-7 italic"
                ).mark(f"work-{m.code}")
            else:
                tile.state = ui.label("").classes("text-sm font-medium").mark(f"state-{m.code}")
                tile.since = ui.label("").classes("text-xs text-grey-7")
                tile.work = ui.label("").classes("text-xs").mark(f"work-{m.code}")
                with ui.row().classes("items-baseline gap-2"):
                    ui.label(t("machines.shift_oee")).classes("text-xs text-grey-7")
                    tile.oee = ui.label("…").classes("text-lg font-semibold").mark(f"oee-{m.code}")
            if self.admin:
                down = m.status is not MachineStatus.OUT_OF_SERVICE
                ui.button(
                    t("machines.take_down" if down else "machines.bring_back"),
                    icon="block" if down else "play_arrow",
                    on_click=lambda _, mid=m.id, code=m.code, d=down: self.ask_status(mid, code, d),
                ).props(f"dense flat no-caps color={'red-8' if down else 'green-8'}").mark(
                    f"{'down' if down else 'up'}-{m.code}"
                )
        return tile

    def ask_status(self, machine_id: uuid.UUID, code: str, down: bool) -> None:
        """A dialog asking for the reason, then the status change (an event planning
        consumes)."""
        assert self.dialogs is not None
        new = MachineStatus.OUT_OF_SERVICE if down else MachineStatus.IN_SERVICE
        self.dialogs.clear()  # a dialog closed before
        with self.dialogs, ui.dialog() as dialog, ui.card():
            ui.label(t("machines.dialog_down" if down else "machines.dialog_up", code=code))
            reason = ui.input(t("machines.reason")).classes("w-80").mark("reason")

            def confirm() -> None:
                text = (reason.value or "").strip()
                if down and not text:
                    ui.notify(t("machines.reason_needed"), type="warning")
                    return
                done = run_action(
                    lambda s, a: set_machine_status(
                        s, actor=a, machine_id=machine_id, status=new, reason=text
                    )
                )
                dialog.close()
                if done is not None:
                    ui.notify(
                        t("machines.status_changed", code=code, status=t(f"status.{new.value}")),
                        type="positive",
                    )
                    self.build()

            with ui.row():
                ui.button(t("machines.confirm"), on_click=confirm).props(
                    "color=teal-8 no-caps"
                ).mark("confirm-status")
                ui.button(t("machines.cancel"), on_click=dialog.close).props("flat no-caps")
        dialog.open()
