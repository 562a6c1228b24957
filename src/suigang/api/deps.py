"""FastAPI dependencies: the database session and the authenticated actor."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Annotated, TypeVar

from fastapi import Depends, Query, Request
from fastapi.security import APIKeyHeader, OAuth2PasswordBearer
from pydantic import BaseModel
from sqlalchemy.orm import Session

from suigang.api.schemas import Page
from suigang.config import Settings
from suigang.domains.identity.permissions import Actor
from suigang.domains.identity.service import actor_for_user, actor_from_api_key, user_from_token
from suigang.errors import Unauthenticated

M = TypeVar("M", bound=BaseModel)
#: The furthest a list can be paged (a bigger offset would overflow the database's integer).
MAX_OFFSET = 1_000_000_000
oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/api/v1/auth/token", auto_error=False)
api_key_scheme = APIKeyHeader(name="X-API-Key", auto_error=False)


def get_session(request: Request) -> Iterator[Session]:
    session: Session = request.app.state.session_factory()
    try:
        yield session
    finally:
        session.rollback()
        session.close()


def get_app_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


DbSession = Annotated[Session, Depends(get_session)]
AppSettings = Annotated[Settings, Depends(get_app_settings)]


def get_actor(
    session: DbSession,
    settings: AppSettings,
    token: Annotated[str | None, Depends(oauth2_scheme)],
    api_key: Annotated[str | None, Depends(api_key_scheme)],
) -> Actor:
    """The caller, from a bearer token or an ``X-API-Key`` header; 401 without either."""
    if token:
        return actor_for_user(user_from_token(session, token=token, secret=settings.signing_key()))
    if api_key:
        return actor_from_api_key(session, plain=api_key)
    raise Unauthenticated("sign in: send a bearer token or an X-API-Key header")


CurrentActor = Annotated[Actor, Depends(get_actor)]
#: The languages a read can be worded in.
LANG_PATTERN = "^(zh-Hans|zh-Hant|en)$"
#: ``lang`` of a read that falls back to the caller's own language when left out.
Lang = Annotated[str | None, Query(pattern=LANG_PATTERN, max_length=7)]


class PageParams:
    """``offset`` and ``limit`` of a list endpoint."""

    def __init__(
        self,
        offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
        limit: Annotated[int, Query(ge=1, le=200)] = 50,
    ) -> None:
        self.offset = offset
        self.limit = limit

    def of(self, schema: type[M], rows: Iterable[object], total: int) -> Page[M]:
        """One page of ``rows`` as ``schema`` objects, with the total and this window."""
        return Page[schema](  # type: ignore[valid-type]
            items=[schema.model_validate(r) for r in rows],
            total=total,
            offset=self.offset,
            limit=self.limit,
        )


Paging = Annotated[PageParams, Depends()]
