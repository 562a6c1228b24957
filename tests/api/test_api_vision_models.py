"""A product's vision model over HTTP: a review marks a region, the retraining runs as a job,
the candidate is promoted and the old version restored; the buyer sees none of it."""

from __future__ import annotations

import base64

import numpy as np
import pytest
from fastapi.testclient import TestClient

from suigang.api.app import API_PREFIX, create_app
from suigang.domains.quality import vision_models, visual
from suigang.domains.quality.schemas import CharacteristicCreate
from suigang.jobs import shutdown_runners
from tests.api.test_api_flow import login
from tests.api.test_api_jobs import poll
from tests.domains.quality.quality_world import order_lot, plan
from tests.domains.quality.test_quality_retrain import _defect, _png, _texture, first_model
from tests.world import build_world

V = API_PREFIX
__all__ = ["first_model"]  # the module-scoped fixture, shared with the domain test


def test_retrain_promote_restore_over_http(settings, session_factory, first_model) -> None:  # type: ignore[no-untyped-def]
    models = settings.data_dir / "vision-models"
    rng = np.random.default_rng(3)
    with session_factory() as s:
        w = build_world(s)
        lot = order_lot(s, w)
        p = plan(s, w, CharacteristicCreate(name="length", lsl=0, usl=1))
        product_id = p.product_id
        vision_models.attach_vision_model(
            s,
            actor=w.actor("gz1"),
            plan_id=p.id,
            filename="v1.npz",
            content=first_model,
            models_dir=models,
        )
        shots = []
        for k in range(11):  # 8 good parts, 3 with a bright square
            image, mask = _defect(rng, k) if k >= 8 else (_texture(rng), None)
            rec = visual.post_visual_inspection(
                s, actor=w.actor("gz1"), lot_id=lot.id, image=_png(image), models_dir=models
            )
            shots.append((str(rec.id), rec.verdict.value, mask))
    with TestClient(create_app(settings)) as client:
        gz, hk = login(client, "gz1"), login(client, "hk1")
        for inspection, verdict, mask in shots:
            want = "fail" if mask is not None else "pass"
            body: dict[str, object] = (
                {"decision": "confirm"}
                if verdict == want
                else {"decision": "overrule", "verdict": want, "reason": "seen on the part"}
            )
            if mask is not None:
                body |= {
                    "defect_kind": "square",
                    "region_png": base64.b64encode(_png(mask)).decode(),
                }
            r = client.post(f"{V}/visual-inspections/{inspection}/reviews", headers=gz, json=body)
            assert r.status_code == 201, r.text
            assert r.json()["has_region"] is (mask is not None)
        region = client.get(f"{V}/visual-inspections/{shots[8][0]}/region.png", headers=gz)
        assert region.headers["content-type"] == "image/png"
        assert (
            client.get(f"{V}/visual-inspections/{shots[0][0]}/region.png", headers=gz).json()[
                "detail"
            ]
            == f"visual inspection {shots[0][0]} has no marked region"
        )
        data = client.get(f"{V}/products/{product_id}/vision-training-set", headers=gz).json()
        # 8 good, 3 defective, each with its region, all of the kind "square"
        assert data == {
            "good": 8,
            "defect": 3,
            "with_region": 3,
            "kinds": {"square": 3},
            "unreviewed": 0,
            "enough": True,
        }
        assert (
            client.post(f"{V}/products/{product_id}/vision-models/retrain", headers=hk).status_code
            == 404
        )  # the buyer does not see the factory's product
        r = client.post(f"{V}/products/{product_id}/vision-models/retrain", headers=gz)
        assert r.status_code == 202, r.text
        job = poll(client, r.json()["id"], gz, {"done", "failed", "cancelled"})
        assert (job["state"], job["kind"], job["message"]) == (
            "done",
            "retrain",
            "version 2 trained",
        )
        versions = client.get(f"{V}/products/{product_id}/vision-models", headers=gz).json()
        assert [(v["number"], v["state"]) for v in versions] == [(2, "candidate"), (1, "active")]
        # 30% of each kind held out, whole parts: 3 of 8 good, 1 of 3 defective images
        assert versions[0]["figures"]["held_out"] == {"good": 3, "defect": 1}
        v2, v1 = versions[0]["id"], versions[1]["id"]
        r = client.post(f"{V}/vision-models/{v2}/promote", headers=gz)
        if not versions[0]["figures"]["promote"]:
            assert r.status_code == 409
            pytest.fail(f"not promotable: {versions[0]['figures']['reasons']}")
        assert r.json()["state"] == "active"
        r = client.post(f"{V}/vision-models/{v1}/restore", headers=gz, json={"reason": ""})
        assert r.status_code == 422  # a restore needs its reason
        r = client.post(f"{V}/vision-models/{v1}/restore", headers=gz, json={"reason": "drift"})
        assert r.json()["state"] == "active"
        preview = client.post(
            f"{V}/vision-models/{v2}/threshold-preview",
            headers=gz,
            json={"target": "false_alarm_rate", "rate": 0.0},
        ).json()
        # zero false alarms on the three held-out good parts: the highest good score
        good = versions[0]["figures"]["candidate_scores"]["good"]
        assert (preview["threshold"], preview["false_alarms"], preview["n_good"]) == (
            max(good),
            0,
            3,
        )
        assert client.get(f"{V}/products/{product_id}/vision-models", headers=hk).status_code == 404
    shutdown_runners()
