"""Status lifecycles and optimistic versions, shared by every domain."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import TypeVar

from suigang.errors import Conflict

S = TypeVar("S", bound=StrEnum)


def transition(
    kind: str,
    ident: object,
    current: S,
    target: S,
    allowed: Mapping[S, frozenset[S]],
    why: str = "",
) -> S:
    """Return ``target`` if ``current -> target`` is allowed, else raise ``Conflict``.

    The message says from which state to which, what is allowed next, and why if given.
    """
    nexts = allowed.get(current, frozenset())
    if target not in nexts:
        options = ", ".join(sorted(s.value for s in nexts)) or "nothing (final state)"
        reason = f": {why}" if why else ""
        raise Conflict(
            f"{kind} {ident} is {current.value} and cannot become {target.value}{reason}; "
            f"allowed next: {options}"
        )
    return target


def check_version(kind: str, ident: object, sent: int | None, current: int) -> None:
    """Refuse a change made from a stale copy (lost-update protection)."""
    if sent is not None and sent != current:
        raise Conflict(
            f"{kind} {ident} was changed by someone else: you sent version {sent}, "
            f"the current version is {current}; reload and try again"
        )
