"""Walk docs/permissions.md cell by cell against ``can``: the document is the contract."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from suigang.domains.identity.permissions import ACTOR_KEYS, RULES, Actor, Relation, can

DOC = Path(__file__).resolve().parents[3] / "docs" / "permissions.md"
ME, THEM, THIRD = (uuid.UUID(int=i) for i in (1, 2, 3))


class Resource:
    def __init__(self, owner: uuid.UUID, addressed: tuple[uuid.UUID, ...] = ()) -> None:
        self.owner_enterprise_id = owner
        self.addressed_enterprise_ids = addressed


def resource_for(relation: str) -> Resource | None:
    return {
        "none": None,
        "own": Resource(ME),
        "addressed": Resource(THEM, (ME,)),
        "other": Resource(THEM, (THIRD,)),
    }[relation]


def matrix_rows() -> list[tuple[str, str, dict[str, bool]]]:
    """Every row of every table headed ``| permission | relation | <actor keys> |``.

    A row whose cell count differs from its header's, or whose cells are not yes/no, is an
    error: a row the walk skipped would be a rule nobody checks.
    """
    rows = []
    columns: list[str] | None = None
    for number, line in enumerate(DOC.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.startswith("|"):
            columns = None
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cells[:2] == ["permission", "relation"]:
            columns = cells[2:]
            assert tuple(columns) == ACTOR_KEYS, f"line {number}: columns {columns}"
            continue
        if columns is None or set(line) <= set("|-: "):
            continue
        assert len(cells) == len(columns) + 2, f"line {number}: {len(cells)} cells: {line}"
        assert set(cells[2:]) <= {"yes", "no"}, f"line {number}: a cell is not yes/no: {line}"
        allowed = dict(zip(columns, (c == "yes" for c in cells[2:]), strict=True))
        rows.append((cells[0], cells[1], allowed))
    return rows


ROWS = matrix_rows()


@pytest.mark.parametrize(
    ("permission", "relation", "expected"), ROWS, ids=[f"{p}-{r}" for p, r, _ in ROWS]
)
def test_matrix_cell(permission: str, relation: str, expected: dict[str, bool]) -> None:
    """Each documented cell is what ``can`` answers for that actor and relation."""
    for key in ACTOR_KEYS:
        kind, role = key.split("/")
        actor = Actor(enterprise_id=ME, enterprise_kind=kind, role=role, label=key)
        assert can(actor, permission, resource_for(relation)) is expected[key], (
            f"{key} {permission} on {relation}"
        )


def test_matrix_covers_every_rule_and_every_other_row() -> None:
    """Every rule in the code appears in the document, each with its 'other' row."""
    documented = {(p, r) for p, r, _ in ROWS}
    for permission, rule in RULES.items():
        assert (permission, "other") in documented, permission
        for rel in Relation:
            if getattr(rule, rel.value):
                assert (permission, rel.value) in documented, (permission, rel.value)


def test_unknown_permission_and_unlisted_roles_are_denied() -> None:
    """Deny by default: an unknown permission, or a kind/role absent from the matrix."""
    admin = Actor(enterprise_id=ME, enterprise_kind="factory", role="admin", label="a")
    assert can(admin, "machine:delete_everything", Resource(ME)) is False
    lab_key = Actor(
        enterprise_id=ME, enterprise_kind="research_institute", role="api_key", label="k"
    )
    assert can(lab_key, "enterprise:read", Resource(ME)) is False
