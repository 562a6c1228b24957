"""Checks of input size that every domain shares: bytes, archives, image pixels, error lists.

The numbers come from ``Settings.limits`` (``SUIGANG_LIMITS__*``): routers pass their app's
limits, and a caller that passes none gets the process's settings.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from typing import TypeVar

from suigang.config import Limits, get_settings
from suigang.errors import InvalidInput, TooLarge

T = TypeVar("T")
INT32_MAX = 2**31 - 1  # an INTEGER column
#: The longest free text an API field takes where the column is TEXT (descriptions, notes).
TEXT_MAX = 20_000
#: The longest reason or comment that goes into the audit log or an event (JSON).
REASON_MAX = 2_000


def default_limits() -> Limits:
    """The limits of this process's settings."""
    return get_settings().limits


def check_bytes(what: str, content: bytes, max_bytes: int, setting: str) -> None:
    """``TooLarge`` (413) when ``content`` is longer than ``max_bytes``."""
    if len(content) > max_bytes:
        raise TooLarge(
            f"{what} has {len(content):,} bytes, more than the {max_bytes:,} accepted "
            f"(SUIGANG_LIMITS__{setting.upper()})"
        )


def check_archive(what: str, content: bytes, limits: Limits) -> None:
    """Refuse a zip archive (.xlsx, .npz) that would unpack beyond the limits (422): too many
    members, too many bytes in all, or a member compressed more than a real file is (a zip
    bomb). Its own sizes are read from the directory, nothing is unpacked; what is not a zip
    at all is left to the reader that follows (which says what it expected)."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        return
    if len(members) > limits.max_archive_members:
        raise InvalidInput(
            f"{what} holds {len(members):,} files, more than the "
            f"{limits.max_archive_members:,} accepted (SUIGANG_LIMITS__MAX_ARCHIVE_MEMBERS)"
        )
    total = sum(m.file_size for m in members)
    if total > limits.max_archive_bytes:
        raise InvalidInput(
            f"{what} unpacks to {total:,} bytes, more than the {limits.max_archive_bytes:,} "
            "accepted (SUIGANG_LIMITS__MAX_ARCHIVE_BYTES)"
        )
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > 1_000_000 and ratio > limits.max_compression_ratio:
            raise InvalidInput(
                f"{what}: {member.filename} is compressed {ratio:,.0f} to 1, more than the "
                f"{limits.max_compression_ratio} accepted (SUIGANG_LIMITS__MAX_COMPRESSION_RATIO)"
            )


def image_pixels(
    what: str, content: bytes, limits: Limits, *, unreadable: str | None = None
) -> tuple[int, int]:
    """Width and height from the image's header (nothing decoded); 422 beyond
    ``max_image_pixels`` (a decompression bomb) or when the header cannot be read
    (``unreadable`` is then the message)."""
    from PIL import Image

    try:
        with Image.open(io.BytesIO(content)) as image:
            width, height = image.size
    except Image.DecompressionBombError:
        width, height = limits.max_image_pixels + 1, 1
    except (OSError, ValueError, SyntaxError):
        raise InvalidInput(unreadable or f"{what}: the image cannot be read") from None
    if width * height > limits.max_image_pixels:
        raise InvalidInput(
            f"{what} has {width:,} x {height:,} pixels, more than the "
            f"{limits.max_image_pixels:,} accepted (SUIGANG_LIMITS__MAX_IMAGE_PIXELS)"
        )
    return width, height


def first(errors: Sequence[T], limits: Limits) -> list[T]:
    """The first ``max_errors`` of ``errors`` (a rejection lists those and the count)."""
    return list(errors[: limits.max_errors])


def listed(errors: Sequence[T], max_listed: int | None = None) -> tuple[list[T], str]:
    """The first ``max_listed`` of ``errors`` (the ``max_errors`` setting by default), and
    them a line each, with how many more there were, for a rejection's message."""
    limit = max_listed if max_listed is not None else default_limits().max_errors
    shown = list(errors[:limit])
    lines = "\n".join(str(e) for e in shown)
    more = f"\n... and {len(errors) - limit} more" if len(errors) > limit else ""
    return shown, lines + more
