"""Schemas shared by every router."""

from __future__ import annotations

from typing import Generic, TypeVar

from pydantic import BaseModel

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    """One page of a list."""

    items: list[T]
    total: int
    offset: int
    limit: int


class ErrorBody(BaseModel):
    detail: str
