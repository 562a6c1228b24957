"""The users of ``suigang bench load`` (run by locust, headless, in its own process).

Front shops list RFQs, factories and orders and send RFQs; factories list their RFQs and
work orders, quote the RFQs the front shops sent and plan; machine keys post measurements.
Each request is named by its endpoint group, which the report lists. The set-up (tokens, ids)
comes from the JSON file named by ``SUIGANG_LOAD_SETUP``.
"""

from __future__ import annotations

import itertools
import json
import os
import random
from collections import deque
from datetime import UTC, datetime, timedelta
from pathlib import Path

from locust import HttpUser, between, task

SETUP = json.loads(Path(os.environ["SUIGANG_LOAD_SETUP"]).read_text(encoding="utf-8"))
V = "/api/v1"
SENT: deque[str] = deque(maxlen=2000)  # RFQs sent during the run, for the factories to quote
SUBGROUPS = itertools.count(SETUP["first_subgroup"])


def _iso(days: float) -> str:
    return (datetime.now(UTC) + timedelta(days=days)).isoformat()


class FrontShop(HttpUser):
    weight = 4
    wait_time = between(1, 3)

    def on_start(self) -> None:
        token = random.choice(SETUP["front_shop_tokens"])
        self.client.headers["Authorization"] = f"Bearer {token}"

    @task(4)
    def list_rfqs(self) -> None:
        self.client.get(f"{V}/rfqs?limit=20", name="read: rfqs")

    @task(3)
    def list_factories(self) -> None:
        self.client.get(f"{V}/enterprises?kind=factory&limit=20", name="read: factories")

    @task(2)
    def list_orders(self) -> None:
        self.client.get(f"{V}/orders?limit=20", name="read: orders")

    @task(1)
    def send_rfq(self) -> None:
        r = self.client.post(
            f"{V}/rfqs",
            name="write: send rfq",
            json={
                "title": "load test housing",
                "quantity": random.randint(10, 500),
                "wanted_date": _iso(30),
                "currency": "HKD",
                "factory_ids": [SETUP["factory_id"]],
            },
        )
        if r.status_code == 201:
            SENT.append(r.json()["id"])


class Factory(HttpUser):
    weight = 3
    wait_time = between(1, 3)

    def on_start(self) -> None:
        self.client.headers["Authorization"] = f"Bearer {SETUP['factory_token']}"

    @task(4)
    def list_rfqs(self) -> None:
        self.client.get(f"{V}/rfqs?limit=20", name="read: rfqs")

    @task(3)
    def list_work_orders(self) -> None:
        self.client.get(f"{V}/work-orders?limit=20", name="read: work orders")

    @task(2)
    def current_plan(self) -> None:
        self.client.get(f"{V}/plans", name="read: plans")

    @task(2)
    def quote(self) -> None:
        try:
            rfq_id = SENT.popleft()
        except IndexError:
            return
        self.client.post(
            f"{V}/rfqs/{rfq_id}/quotes",
            name="write: quote",
            json={
                "product_id": SETUP["product_id"],
                "unit_price": "12.50",
                "currency": "HKD",
                "promised_date": _iso(25),
                "valid_until": _iso(7),
            },
        )

    @task(1)
    def plan(self) -> None:
        self.client.post(f"{V}/plans", json={"time_limit_s": 0}, name="write: plan")


class MachineKey(HttpUser):
    weight = 3
    wait_time = between(1, 3)

    def on_start(self) -> None:
        self.client.headers["X-API-Key"] = SETUP["api_key"]

    @task
    def post_measurements(self) -> None:
        m = random.choice(SETUP["measure"])
        subgroup = next(SUBGROUPS)
        rows = [
            {
                "characteristic_id": m["characteristic_id"],
                "subgroup": subgroup,
                "value": random.gauss(m["mean"], m["sigma"]),
            }
            for _ in range(m["sample_size"])
        ]
        self.client.post(
            f"{V}/lots/{m['lot_id']}/measurements", json=rows, name="write: measurements"
        )
