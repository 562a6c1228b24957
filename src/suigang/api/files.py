"""Files over the API: bytes to download, never to render, and uploads read up to a limit.

Shared by every router that serves evidence documents or reports (relay, admission, the
zone's exports) and by those exporting spreadsheets and reports the platform writes (catalog,
alliance, maturity), so each kind of download header is written once.
"""

from __future__ import annotations

from urllib.parse import quote

from fastapi import Response, UploadFile

#: The OpenAPI answer of an endpoint serving an evidence document (``responses=``).
DOCUMENT_RESPONSES: dict[int | str, dict[str, object]] = {
    200: {"content": {"application/pdf": {}, "image/png": {}, "image/jpeg": {}}}
}


def attachment(content: bytes, media_type: str, filename: str) -> Response:
    """Bytes to download, never to render: a safe type, ``attachment``, no sniffing."""
    ascii_name = filename.encode("ascii", "replace").decode().replace("?", "_")
    return Response(
        content,
        media_type=media_type,
        headers={
            "Content-Disposition": (
                f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
            ),
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "default-src 'none'; sandbox",
            "Cache-Control": "private, no-store",
        },
    )


def download(content: bytes, media_type: str, filename: str) -> Response:
    """A file the platform wrote itself (an export, a report) to save as ``filename``; what
    users uploaded goes out through :func:`attachment` instead."""
    return Response(
        content,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def read_upload(file: UploadFile, max_bytes: int) -> bytes:
    """The upload's bytes, one more than ``max_bytes`` at most (so the domain can say it is
    too large without the whole of a huge file being read)."""
    return file.file.read(max_bytes + 1)
