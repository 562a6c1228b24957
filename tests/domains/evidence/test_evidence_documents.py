"""Evidence documents: recognised by their bytes, size-limited, stored once under the data
directory by their SHA-256 without any execute bit, and read back only through the owning
domain's access check."""

from __future__ import annotations

import hashlib
import stat
import uuid
from pathlib import Path

import pytest

from suigang.config import Settings
from suigang.domains.evidence import documents
from suigang.domains.evidence import service as evidence
from suigang.domains.evidence.models import Evidence
from suigang.errors import InvalidInput, NotFound
from tests.domains.quality.quality_world import count, png
from tests.domains.relay.relay_world import PDF
from tests.world import build_world

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32


@pytest.mark.parametrize(
    ("content", "media"),
    [
        (PDF, "application/pdf"),
        (JPEG, "image/jpeg"),
        (b"#!/bin/sh\nrm -rf /\n", None),  # a script, whatever its name
        (b"<html><script>alert(1)</script></html>", None),
        (b"MZ\x90\x00", None),  # a Windows executable
        (b"GIF89a", None),  # an image format not accepted
    ],
)
def test_the_type_comes_from_the_bytes(content: bytes, media: str | None) -> None:
    """PDF, PNG and JPEG by their signatures; anything else is not a document."""
    assert documents.sniff(content) == media


def test_png_is_an_image() -> None:
    """A real PNG (drawn by OpenCV) is recognised by its eight-byte signature."""
    assert documents.sniff(png()) == "image/png"


@pytest.mark.parametrize(
    ("name", "media", "safe"),
    [
        ("../../etc/passwd", "application/pdf", "passwd.pdf"),
        ('C:\\reports\\a "quoted";name.exe', "image/png", "a _quoted_name.png"),
        ("可行性报告.PDF", "application/pdf", "可行性报告.pdf"),
        ("\x00\x1b\x07", "image/jpeg", "document.jpg"),
        ("\x1b[31mred", "image/jpeg", "[31mred.jpg"),  # the escape goes, the text stays
    ],
)
def test_the_name_offered_back_is_safe(name: str, media: str, safe: str) -> None:
    """No path, no quotes or control characters, and the extension of the real type."""
    assert documents.safe_filename(name, media) == safe


def test_store_refuses_and_stores_once(tmp_path: Path) -> None:
    """Refused: empty, over the limit, or not a document by content; accepted bytes are
    stored once, named by their digest, mode 0600."""
    settings = Settings(data_dir=tmp_path, evidence_max_bytes=len(PDF))
    with pytest.raises(InvalidInput, match="the file is empty"):
        documents.store(settings, content=b"", filename="a.pdf")
    with pytest.raises(InvalidInput, match=f"{len(PDF) + 1} bytes is larger than the limit"):
        documents.store(settings, content=PDF + b"\n", filename="a.pdf")
    with pytest.raises(InvalidInput, match="not a PDF, PNG or JPEG file by its content"):
        documents.store(settings, content=b"#!/bin/sh\n", filename="report.pdf")
    first = documents.store(settings, content=PDF, filename="report.pdf")
    again = documents.store(settings, content=PDF, filename="copy.pdf")
    digest = hashlib.sha256(PDF).hexdigest()
    path = tmp_path / "evidence" / digest[:2] / digest
    assert (first.sha256, again.sha256, first.filename, again.filename) == (
        digest, digest, "report.pdf", "copy.pdf",
    )  # fmt: skip
    # one file, read and write for the owner only, never executable
    assert [p.name for p in (tmp_path / "evidence").rglob("*") if p.is_file()] == [digest]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert (
        documents.load(settings, sha256=digest, media_type="application/pdf", filename="x").content
        == PDF
    )
    path.write_bytes(PDF + b"altered")
    with pytest.raises(NotFound, match="no longer matches"):
        documents.load(settings, sha256=digest, media_type="application/pdf", filename="x")
    with pytest.raises(NotFound):  # never a path outside the store
        documents.load(settings, sha256="../../x", media_type="application/pdf", filename="x")


def test_a_document_is_read_only_through_the_owners_check(session, settings) -> None:  # type: ignore[no-untyped-def]
    """The owning domain's check decides; a refused read and a missing document look alike."""
    w = build_world(session)
    subject = evidence.Subject("maturity_answer", "A-17")
    row = evidence.attach_document(
        session, settings=settings, actor=w.actor("gz1"), subject=subject, content=PDF,
        filename="audit.pdf", title="Audit report",
    )  # fmt: skip
    session.commit()
    got = evidence.read_document(
        session, settings=settings, evidence_id=row.id, allowed=lambda s: s == subject
    )
    assert (got.content, got.filename) == (PDF, "audit.pdf")
    for ident, allowed in ((row.id, lambda s: False), (uuid.uuid4(), lambda s: True)):
        with pytest.raises(NotFound, match="not found"):
            evidence.read_document(session, settings=settings, evidence_id=ident, allowed=allowed)
    assert [e.title for e in evidence.list_evidence(session, subject=subject)] == ["Audit report"]
    assert (
        evidence.list_evidence(session, subject=evidence.Subject("maturity_answer", "A-18")) == []
    )
    with pytest.raises(InvalidInput, match="needs its text"):
        evidence.attach_review(
            session, actor=w.actor("gz1"), subject=subject, title="Review", note="  "
        )
    assert count(session, Evidence) == 1
