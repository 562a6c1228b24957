"""Limits on what one request may ask (SQLite and PostgreSQL): bodies, files, rows, columns,
archives, image pixels, error lists, text fields, offsets and non-finite numbers are refused
early with 413 or 422 and a message naming the limit; nothing is stored."""

from __future__ import annotations

import io
import struct
import time
import zipfile
import zlib

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from suigang.api.app import API_PREFIX, create_app
from suigang.config import Limits
from suigang.domains.catalog.models import Machine
from tests.api.test_api_flow import login
from tests.domains.quality.quality_world import order_lot, png
from tests.world import build_world

SMALL = Limits(
    max_json_bytes=20_000,
    max_upload_bytes=40_000,
    max_rows=20,
    max_columns=12,
    max_image_pixels=1_000_000,
    max_errors=5,
    max_list_items=30,
)
HEADER = "code,name,kind\n"


@pytest.fixture
def ctx(settings, session_factory):  # type: ignore[no-untyped-def]
    with session_factory() as s:
        world = build_world(s)
        lot = order_lot(s, world)
        lot_id = str(lot.id)
    app = create_app(settings.model_copy(update={"limits": SMALL}))
    with TestClient(app) as client:
        yield client, world, session_factory, lot_id


def machines(sf) -> int:  # type: ignore[no-untyped-def]
    with sf() as s:
        return s.scalar(select(func.count()).select_from(Machine)) or 0


def upload(client, headers, name: str, content: bytes):  # type: ignore[no-untyped-def]
    return client.post(
        f"{API_PREFIX}/machines/import", headers=headers, files={"file": (name, content)}
    )


def xlsx(rows: list[list[object]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_json_body_over_its_limit_is_413_before_it_is_read(ctx) -> None:  # type: ignore[no-untyped-def]
    """Declared or streamed, a body over max_json_bytes is refused naming the setting."""
    client, _, sf, _ = ctx
    gz = login(client, "gz1")
    big = b'{"code": "M1", "name": "' + b"x" * 30_000 + b'", "kind": "robot_cell"}'
    r = client.post(
        f"{API_PREFIX}/machines", headers={**gz, "content-type": "application/json"}, content=big
    )
    assert r.status_code == 413
    assert "SUIGANG_LIMITS__MAX_JSON_BYTES" in r.json()["detail"]

    def chunks():  # no Content-Length: counted as it arrives
        yield big[:10_000]
        yield big[10_000:]

    r = client.post(
        f"{API_PREFIX}/machines",
        headers={**gz, "content-type": "application/json"},
        content=chunks(),
    )
    assert r.status_code == 413
    assert machines(sf) == 4  # the world's machines only


def test_a_file_over_its_size_is_413(ctx) -> None:  # type: ignore[no-untyped-def]
    """A spreadsheet over max_upload_bytes is refused before it is parsed."""
    client, _, _, _ = ctx
    r = upload(client, login(client, "gz1"), "m.csv", (HEADER + "x" * 50_000).encode())
    assert r.status_code == 413
    assert "SUIGANG_LIMITS__MAX_UPLOAD_BYTES" in r.json()["detail"]


def test_rows_and_columns_beyond_the_limits_are_422(ctx) -> None:  # type: ignore[no-untyped-def]
    """More data rows or columns than allowed, in CSV or XLSX: 422, nothing stored."""
    client, _, sf, _ = ctx
    gz = login(client, "gz1")
    many = HEADER + "".join(f"M{i},Mill,robot_cell\n" for i in range(21))
    r = upload(client, gz, "m.csv", many.encode())
    assert (r.status_code, "more than 20 data rows" in r.json()["detail"]) == (422, True)
    wide = [["code", "name", "kind"], ["M1", "Mill", "robot_cell", *[""] * 10, "x"]]
    r = upload(client, gz, "m.xlsx", xlsx(wide))
    assert (r.status_code, "columns" in r.json()["detail"]) == (422, True)
    tall = [["code", "name", "kind"]] + [[f"M{i}", "Mill", "robot_cell"] for i in range(30)]
    r = upload(client, gz, "m.xlsx", xlsx(tall))
    assert r.status_code == 422
    assert machines(sf) == 4


def test_an_archive_that_would_unpack_to_far_more_is_422(ctx) -> None:  # type: ignore[no-untyped-def]
    """A workbook holding 30 MB of zeros compressed a thousand to one (a zip bomb) is refused
    from the archive's directory, unpacked never."""
    client, _, _, _ = ctx
    base = xlsx([["code", "name", "kind"]])
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as src, zipfile.ZipFile(buffer, "w") as out:
        for item in src.infolist():
            out.writestr(item, src.read(item))
        member = zipfile.ZipInfo("xl/media/zeros.bin")
        member.compress_type = zipfile.ZIP_DEFLATED
        with out.open(member, "w", force_zip64=True) as bomb:
            for _ in range(30):
                bomb.write(b"\0" * 1_000_000)
    content = buffer.getvalue()
    assert len(content) < 40_000  # small on the wire
    started = time.perf_counter()
    r = upload(client, login(client, "gz1"), "m.xlsx", content)
    assert r.status_code == 422
    assert "SUIGANG_LIMITS__MAX_COMPRESSION_RATIO" in r.json()["detail"]
    assert time.perf_counter() - started < 5  # refused, not unpacked


def png_claiming(width: int, height: int) -> bytes:
    """A PNG whose header claims ``width`` x ``height`` pixels (a decompression bomb)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\0" * 100))
        + chunk(b"IEND", b"")
    )


def test_an_image_claiming_too_many_pixels_is_422_before_decoding(ctx) -> None:  # type: ignore[no-untyped-def]
    """A 300-byte PNG that says it is 50,000 x 50,000 is refused from its header."""
    client, _, _, lot_id = ctx
    started = time.perf_counter()
    r = client.post(
        f"{API_PREFIX}/lots/{lot_id}/visual-inspections",
        headers=login(client, "gz1"),
        files={"image": ("bomb.png", png_claiming(50_000, 50_000), "image/png")},
        data={"verdict": "pass"},
    )
    assert r.status_code == 422
    assert "SUIGANG_LIMITS__MAX_IMAGE_PIXELS" in r.json()["detail"]
    assert time.perf_counter() - started < 5
    ok = client.post(
        f"{API_PREFIX}/lots/{lot_id}/visual-inspections",
        headers=login(client, "gz1"),
        files={"image": ("ok.png", png(), "image/png")},
        data={"verdict": "pass"},
    )
    assert ok.status_code == 201, ok.text


def test_error_lists_are_capped_with_the_count(ctx) -> None:  # type: ignore[no-untyped-def]
    """Eighteen bad rows: the first five are listed, and the count of all eighteen."""
    client, _, _, _ = ctx
    bad = HEADER + "".join(f"M{i},Mill,spaceship\n" for i in range(18))
    r = upload(client, login(client, "gz1"), "m.csv", bad.encode())
    body = r.json()
    assert (r.status_code, len(body["errors"]), body["error_count"]) == (422, 5, 18)
    assert body["detail"].endswith("... and 13 more")


def test_a_name_longer_than_its_column_is_422_not_a_database_error(ctx) -> None:  # type: ignore[no-untyped-def]
    """A machine name of 201 characters (the column holds 200): 422 naming the field."""
    client, _, sf, _ = ctx
    r = client.post(
        f"{API_PREFIX}/machines",
        headers=login(client, "gz1"),
        json={"code": "M1", "name": "x" * 201, "kind": "robot_cell"},
    )
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == ["body", "name"]
    assert machines(sf) == 4


def test_offsets_beyond_64_bits_are_422(ctx) -> None:  # type: ignore[no-untyped-def]
    """A page offset no database integer holds is a validation error, not a crash."""
    client, _, _, _ = ctx
    for offset in ("99999999999999999999", "1000000001"):
        r = client.get(f"{API_PREFIX}/rfqs?offset={offset}", headers=login(client, "hk1"))
        assert r.status_code == 422
        assert r.json()["detail"][0]["loc"] == ["query", "offset"]


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e400"])
def test_nan_and_infinity_in_json_are_422(ctx, number: str) -> None:  # type: ignore[no-untyped-def]
    """Numbers JSON does not allow (or no float holds) are refused before any route runs."""
    client, _, _, lot_id = ctx
    body = f'[{{"characteristic": "wall", "subgroup": 1, "value": {number}}}]'.encode()
    r = client.post(
        f"{API_PREFIX}/lots/{lot_id}/measurements",
        headers={**login(client, "gz1"), "content-type": "application/json"},
        content=body,
    )
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == ["body"]


def test_lists_over_their_limit_are_422(ctx) -> None:  # type: ignore[no-untyped-def]
    """More measurements in one request than max_list_items: refused whole."""
    client, _, _, lot_id = ctx
    rows = [{"characteristic": "wall", "subgroup": i + 1, "value": 1.0} for i in range(31)]
    r = client.post(
        f"{API_PREFIX}/lots/{lot_id}/measurements", headers=login(client, "gz1"), json=rows
    )
    assert r.status_code == 422
    assert "SUIGANG_LIMITS__MAX_LIST_ITEMS" in r.json()["detail"]
