"""The API's errors have the shapes its OpenAPI description gives, and unknown paths or
methods under /api/v1 answer JSON 404 and 405."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from suigang.api.app import API_PREFIX, create_app
from suigang.api.schemas import ErrorBody, ValidationErrorBody
from suigang.config import Settings
from tests.api.test_api_flow import login
from tests.world import build_world


@pytest.fixture
def ctx(settings, session_factory):  # type: ignore[no-untyped-def]
    with session_factory() as s:
        build_world(s)
    with TestClient(create_app(settings)) as client:
        yield client


def test_every_authenticated_operation_documents_its_errors() -> None:
    """401, 403, 404, 409, 413, 422 and 503 are described on every route behind sign-in,
    422 as either shape."""
    spec = create_app(Settings(), verify_schema=False).openapi()
    missing = []
    for path, operations in spec["paths"].items():
        for method, op in operations.items():
            if path in (f"{API_PREFIX}/health", f"{API_PREFIX}/auth/token"):
                continue
            for code in ("401", "403", "404", "409", "413", "422", "503"):
                if code not in op["responses"]:
                    missing.append(f"{method.upper()} {path} {code}")
    assert missing == []
    one = spec["paths"][f"{API_PREFIX}/rfqs"]["post"]["responses"]["422"]
    refs = str(one["content"]["application/json"]["schema"])
    assert "ErrorBody" in refs and "ValidationErrorBody" in refs


def test_error_bodies_match_their_schemas(ctx) -> None:  # type: ignore[no-untyped-def]
    """A domain error, a validation error, 401 and 404 each parse as the documented body."""
    client = ctx
    hk = login(client, "hk1")
    domain = client.post(
        f"{API_PREFIX}/rfqs",
        headers=hk,
        json={
            "title": "x",
            "quantity": 1,
            "wanted_date": "2099-01-01T00:00:00Z",
            "factory_ids": ["00000000-0000-0000-0000-000000000001"],
        },
    )
    assert domain.status_code == 422
    ErrorBody.model_validate(domain.json())
    invalid = client.post(f"{API_PREFIX}/rfqs", headers=hk, json={"title": 5})
    assert invalid.status_code == 422
    ValidationErrorBody.model_validate(invalid.json())
    for r in (client.get(f"{API_PREFIX}/me"), client.get(f"{API_PREFIX}/nowhere", headers=hk)):
        assert r.status_code in (401, 404)
        ErrorBody.model_validate(r.json())


def test_unknown_methods_answer_405_with_allow(ctx) -> None:  # type: ignore[no-untyped-def]
    """A path that exists with other methods: 405, ``Allow`` naming them, JSON."""
    r = ctx.put(f"{API_PREFIX}/health")
    assert (r.status_code, r.headers["allow"]) == (405, "GET, HEAD")
    assert r.json() == {"detail": f"PUT is not allowed on {API_PREFIX}/health; use GET, HEAD"}


def test_a_model_built_inside_a_route_answers_422_not_500(ctx) -> None:  # type: ignore[no-untyped-def]
    """The relay's document upload builds its level from form fields: a thread name too long
    for the model is the caller's input, a 422 listing the field, as any malformed body (the
    API fuzzing run found it as a 500)."""
    r = ctx.post(
        f"{API_PREFIX}/relay/projects/00000000-0000-0000-0000-000000000009/evidence/documents",
        headers=login(ctx, "hk1"),
        data={"scale": "MRL", "level": "6", "threads": "ABC"},
        files={"file": ("x.pdf", b"%PDF-1.4", "application/pdf")},
    )
    assert r.status_code == 422
    ValidationErrorBody.model_validate(r.json())
    assert r.json()["detail"][0]["loc"] == ["threads", 0]
