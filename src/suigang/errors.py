"""Domain errors. The API maps each class to one HTTP status; the CLI prints the message."""

from __future__ import annotations

from typing import NoReturn


class DomainError(Exception):
    """Base of every error a use case raises on purpose.

    ``message`` is English (the API and the CLI show it); ``code`` and ``params``, when given,
    let a user interface say the same in the reader's language (its label ``error.<code>``
    formatted with ``params``).
    """

    status_code = 400

    def __init__(self, message: str, *, code: str | None = None, **params: object) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.params = params


class InvalidInput(DomainError):
    """The request is well-formed but its content is wrong (names the field and value)."""

    status_code = 422


class TooLarge(DomainError):
    """The input is larger than the server accepts (a configured limit)."""

    status_code = 413


class NotFound(DomainError):
    """The thing does not exist, or the caller may not know that it exists."""

    status_code = 404


class PermissionDenied(DomainError):
    """The caller knows the thing exists but may not do this to it."""

    status_code = 403


class Conflict(DomainError):
    """The change clashes with the stored state (illegal transition, stale version)."""

    status_code = 409


class Unauthenticated(DomainError):
    """No valid credentials."""

    status_code = 401


def raise_not_found(kind: str, ident: object) -> NoReturn:
    """Raise ``NotFound`` with a message naming the kind and the id."""
    raise NotFound(f"{kind} {ident} not found")
