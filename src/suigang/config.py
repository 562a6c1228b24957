"""One typed Settings object; nothing reads the environment anywhere else."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Suigang settings, read from ``SUIGANG_*`` environment variables."""

    model_config = SettingsConfigDict(env_prefix="SUIGANG_", env_file=None, extra="ignore")

    data_dir: Path = Field(default=Path(".suigang"), description="where embedded data lives")
    database_url: str | None = Field(
        default=None, description="SQLAlchemy URL; default: a SQLite file in data_dir"
    )
    mqtt_url: str | None = Field(
        default=None, description="MQTT broker URL; default: the embedded broker"
    )
    embedded_mqtt_port: int = 18830
    secret_key: str = Field(
        default="suigang-dev-secret-change-me-in-production-0123456789",
        description="signs API tokens and UI sessions",
    )
    token_ttl_minutes: int = 60 * 8
    demo_password: str = "suigang-demo"
    telemetry_retention_days: int = 400
    require_services: bool = False
    jobs_workers: int = 2
    event_poll_seconds: float = Field(
        default=1.0, gt=0, description="how often a server delivers pending outbox events"
    )
    evidence_max_bytes: int = Field(
        default=10_000_000,
        gt=0,
        description="the largest evidence document (PDF, PNG or JPEG) accepted, in bytes",
    )
    relay_stalled_after_days: int | None = Field(
        default=None,
        ge=1,
        description="days without movement after which a relay baton is stalled; "
        "default: each leg's limit in the relay configuration",
    )

    def resolved_database_url(self) -> str:
        """The database URL, defaulting to ``sqlite:///<data_dir>/suigang.db``."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'suigang.db').resolve()}"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings (tests build their own ``Settings`` instead)."""
    return Settings()
