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
    lines = [ln for ln in DOC.read_text(encoding="utf-8").splitlines() if ln.startswith("| ")]
    header = next(ln for ln in lines if ln.startswith("| permission |"))
    columns = [c.strip() for c in header.strip("|").split("|")][2:]
    assert tuple(columns) == ACTOR_KEYS
    rows = []
    for ln in lines[lines.index(header) + 1 :]:
        cells = [c.strip() for c in ln.strip("|").split("|")]
        if len(cells) != len(columns) + 2 or cells[0].startswith("-"):
            continue
        rows.append(
            (cells[0], cells[1], {k: v == "yes" for k, v in zip(columns, cells[2:], strict=True)})
        )
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
    lab = Actor(enterprise_id=ME, enterprise_kind="research_institute", role="admin", label="r")
    assert can(lab, "rfq:create") is False
