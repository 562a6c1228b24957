"""The zone overview as the API returns it (aggregates only)."""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, ConfigDict


class FirmCountRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    kind: str
    region: str
    firms: int


class OrderVolumeRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    status: str
    currency: str
    orders: int
    amount: Decimal


class RegionVolumeRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    region: str
    currency: str
    orders: int
    amount: Decimal


class RFQCountRead(BaseModel):
    status: str
    rfqs: int


class ZoneOverviewRead(BaseModel):
    """Firms by kind and region, orders by status and by the making factory's region, RFQs."""

    total_firms: int
    total_orders: int
    firms: list[FirmCountRead]
    orders_by_status: list[OrderVolumeRead]
    orders_by_region: list[RegionVolumeRead]
    rfqs_by_status: list[RFQCountRead]
