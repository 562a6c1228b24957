"""The layers hold: what each layer may not do, read from the source (engines' purity is
``test_engine_purity.py``)."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import suigang

SRC = Path(suigang.__file__).parent
ORM_CALLS = {"execute", "scalars", "scalar"}  # on any receiver: only a session has them
SESSION_NAMES = {"session", "ctx.session", "self.session", "self.ctx.session"}
MAX_LINES = 400
# whole by design: a numba kernel reads best as one piece (see its docstring)
LONG_BY_DESIGN = {"engines/scheduling/_tabu_kernel.py"}
# over MAX_LINES for now, at most one besides the kernel
LONG_FOR_NOW: set[str] = {
    "demo/firms.py",  # the demo zone's firms, one table; several areas add firms to it
}


def modules(*parts: str) -> list[Path]:
    """Every Python module below ``src/suigang/<parts>``."""
    return sorted(SRC.joinpath(*parts).rglob("*.py"))


def rel(path: Path, root: Path = SRC) -> str:
    return path.relative_to(root).as_posix()


def orm_queries(path: Path, root: Path = SRC) -> list[str]:
    """``file:line text`` of each ORM query in a module: ``.execute``/``.scalars``/``.scalar``
    calls, ``session.get`` (not the web session's ``request.session.get``) and SQLAlchemy's
    ``select(...)`` (not ``ui.select``)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.ImportFrom) and node.module == "sqlalchemy":
            names = {a.name for a in node.names}
            if names & {"select", "update", "delete", "insert", "func", "text"}:
                where = f"{rel(path, root)}:{node.lineno}"
                found.append(f"{where} imports {sorted(names)} from sqlalchemy")
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        query = (
            (isinstance(func, ast.Name) and func.id == "select")
            or (isinstance(func, ast.Attribute) and func.attr in ORM_CALLS)
            or (
                isinstance(func, ast.Attribute)
                and func.attr == "get"
                and ast.unparse(func.value) in SESSION_NAMES
            )
        )
        if query:
            found.append(f"{rel(path, root)}:{node.lineno} {ast.unparse(func)}(...)")
    return found


def test_ui_and_telemetry_run_no_orm_query() -> None:
    """Pages and telemetry adapters read and write through the domains' services only."""
    found = [q for layer in ("ui", "telemetry") for p in modules(layer) for q in orm_queries(p)]
    assert found == []  # each one belongs in the owning domain's service or views


def test_the_check_sees_a_query(tmp_path: Path) -> None:
    """The check is not blind: a page that ran its own query would be caught."""
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from sqlalchemy import select\n"
        "def rows(session, request, ui):\n"
        "    request.session.get('id')\n"  # the web session: not a query
        "    ui.select({})\n"  # a drop-down: not a query
        "    session.get(object, 1)\n"
        "    return session.scalars(select(object)).all()\n"
    )
    found = [q.split(" ", 1)[1] for q in orm_queries(sample, tmp_path)]
    # the import, session.get, session.scalars and select; the web session and ui aside
    assert found == [
        "imports ['select'] from sqlalchemy",
        "session.get(...)",
        "session.scalars(...)",
        "select(...)",
    ]


PAGES = {
    m.name for m in pkgutil.iter_modules([str(SRC / "ui" / "pages")]) if not m.name.startswith("_")
}


def page_imports(path: Path) -> list[str]:
    """The page modules (``suigang.ui.pages.<name>``, ``name`` not private) a module imports."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module == "suigang.ui.pages":
            names = [f"suigang.ui.pages.{a.name}" for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        for name in names:
            parts = name.split(".")
            if parts[:3] == ["suigang", "ui", "pages"] and len(parts) > 3 and parts[3] in PAGES:
                found.append(f"{rel(path)}:{node.lineno} imports {name}")
    return found


def test_no_page_imports_another_page() -> None:
    """What two pages show lives in ``ui/components`` (or a page's private ``_`` helper
    module), so that a page can be read, moved or removed alone."""
    found = [i for layer in ("ui", "api", "cli") for p in modules(layer) for i in page_imports(p)]
    assert found == []


def test_no_router_or_page_subscribes_at_import() -> None:
    """Importing every API router and page wires no event handler: only
    ``domains.registry.register_subscribers()`` does (so a worker that imports no router
    handles the same events as the web app)."""
    code = (
        "import importlib, pkgutil\n"
        "import suigang.api.routers as routers, suigang.ui.pages as pages\n"
        "from suigang.domains.events import service\n"
        "for pkg in (routers, pages):\n"
        "    for m in pkgutil.iter_modules(pkg.__path__):\n"
        "        importlib.import_module(f'{pkg.__name__}.{m.name}')\n"
        "print(sorted(k for k, v in service._subscribers.items() if v))\n"
        "from suigang.domains.registry import register_subscribers\n"
        "register_subscribers()\n"
        "print(bool(any(service._subscribers.values())))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split("\n")
    assert out[:2] == ["[]", "True"]  # none at import; the registry wires some


def test_modules_stay_readable() -> None:
    """No module outside the migrations is over 400 lines, but those named above."""
    long = {
        rel(p)
        for p in modules()
        if "migrations/versions" not in rel(p) and len(p.read_text().splitlines()) > MAX_LINES
    }
    assert long <= LONG_BY_DESIGN | LONG_FOR_NOW, sorted(long - LONG_BY_DESIGN - LONG_FOR_NOW)
    # a module named above that is short now comes off the list
    assert sorted((LONG_BY_DESIGN | LONG_FOR_NOW) - long) == []
