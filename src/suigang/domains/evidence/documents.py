"""Evidence documents: PDF, PNG or JPEG, recognised by their first bytes, size-limited, stored
as files named by their SHA-256 under ``<data dir>/evidence/`` and never executed.

The name a person gave the file is kept only to offer it back on download; the content type
comes from the bytes, so a script renamed ``report.pdf`` is refused. Files are written
without any execute bit and read back only as bytes, served as attachments.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from suigang.config import Settings
from suigang.errors import InvalidInput, NotFound

# (leading bytes, media type): the formats accepted, by their signatures
SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
)
MEDIA_TYPES = tuple(media for _, media in SIGNATURES)
_UNSAFE = re.compile(r"[^\w.\- ()\[\]]+")


@dataclass(frozen=True, slots=True)
class StoredDocument:
    """A document as stored: its digest, content type, size and the name to offer back."""

    sha256: str
    media_type: str
    size_bytes: int
    filename: str


@dataclass(frozen=True, slots=True)
class DocumentBytes:
    """A document read back for download."""

    content: bytes
    media_type: str
    filename: str


def sniff(content: bytes) -> str | None:
    """The media type of ``content`` from its first bytes, or ``None`` if not accepted."""
    for signature, media in SIGNATURES:
        if content.startswith(signature):
            return media
    return None


def safe_filename(name: str, media_type: str) -> str:
    """The base name of ``name`` without path, control or quoting characters, at most 200
    characters, ending in the extension of its content type."""
    base = unicodedata.normalize("NFC", name.replace("\\", "/").rsplit("/", 1)[-1])
    base = _UNSAFE.sub("_", "".join(c for c in base if unicodedata.category(c)[0] != "C"))
    base = base.strip(" ._") or "document"
    ext = {"application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg"}[media_type]
    stem = base.rsplit(".", 1)[0] if "." in base else base
    return stem[: 200 - len(ext)] + ext


def evidence_dir(settings: Settings) -> Path:
    return (settings.data_dir / "evidence").resolve()


def _path(settings: Settings, sha256: str) -> Path:
    if not re.fullmatch(r"[0-9a-f]{64}", sha256):
        raise NotFound("document not found")
    return evidence_dir(settings) / sha256[:2] / sha256


def store(settings: Settings, *, content: bytes, filename: str) -> StoredDocument:
    """Check and store a document; the same bytes are stored once.

    Refused with ``InvalidInput``: an empty file, one larger than
    ``settings.evidence_max_bytes``, or one that is not a PDF, PNG or JPEG by content.
    """
    shown = safe_filename(filename, "application/pdf").rsplit(".", 1)[0]
    if not content:
        raise InvalidInput(f"{shown}: the file is empty")
    if len(content) > settings.evidence_max_bytes:
        raise InvalidInput(
            f"{shown}: {len(content)} bytes is larger than the limit of "
            f"{settings.evidence_max_bytes} bytes (SUIGANG_EVIDENCE_MAX_BYTES)"
        )
    media = sniff(content)
    if media is None:
        raise InvalidInput(
            f"{shown}: not a PDF, PNG or JPEG file by its content "
            "(the file name does not count); nothing was stored"
        )
    digest = hashlib.sha256(content).hexdigest()
    path = _path(settings, digest)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        # write beside, then rename: a reader never sees half a file; mode 0600, never +x
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".incoming-")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(content)
            os.chmod(tmp, 0o600)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    return StoredDocument(digest, media, len(content), safe_filename(filename, media))


def load(settings: Settings, *, sha256: str, media_type: str, filename: str) -> DocumentBytes:
    """The stored bytes of a document; ``NotFound`` if the file is gone or altered."""
    path = _path(settings, sha256)
    try:
        content = path.read_bytes()
    except FileNotFoundError:
        raise NotFound("document not found (its file is missing from the data directory)") from None
    if hashlib.sha256(content).hexdigest() != sha256:
        raise NotFound("document not found (its file no longer matches what was stored)")
    return DocumentBytes(content, media_type, filename)
