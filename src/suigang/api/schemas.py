"""Schemas shared by every router."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from pydantic import BaseModel, Field

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    """One page of a list."""

    items: list[T]
    total: int
    offset: int
    limit: int


class ErrorBody(BaseModel):
    """Every error but FastAPI's own validation errors."""

    detail: str = Field(description="what is wrong, naming the field or the limit")
    errors: list[dict[str, Any]] | None = Field(
        default=None, description="a rejected file: its first bad rows (line and reason)"
    )
    error_count: int | None = Field(default=None, description="how many rows were bad in all")


class ValidationErrorBody(BaseModel):
    """FastAPI's validation error: each problem with its place (``loc``) and message."""

    detail: list[dict[str, Any]]
