"""One typed Settings object; nothing reads the environment anywhere else."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

#: The shortest signing key accepted (characters): HS256 wants at least 256 bits.
MIN_SECRET_KEY_LEN = 32
#: Signing keys that have been published (an old built-in default): never accepted.
PUBLISHED_KEYS = frozenset({"suigang-dev-secret-change-me-in-production-0123456789"})


class MissingSecretKey(RuntimeError):
    """The server has no signing key (``SUIGANG_SECRET_KEY``) and must not serve."""


class Limits(BaseModel):
    """How much one request may ask of the server (``SUIGANG_LIMITS__<NAME>``).

    Sizes in bytes. A body over its size is refused with 413 before it is read; content over
    a count (rows, pixels, archive members) with 422 before it is processed; see
    docs/operations.md.
    """

    max_json_bytes: int = Field(default=2_000_000, gt=0, description="a JSON or form body")
    max_upload_bytes: int = Field(default=10_000_000, gt=0, description="a CSV or XLSX file")
    max_image_bytes: int = Field(default=25_000_000, gt=0, description="an inspection image")
    max_model_bytes: int = Field(default=200_000_000, gt=0, description="a vision model file")
    max_rows: int = Field(default=50_000, gt=0, description="data rows of one file")
    max_columns: int = Field(default=64, gt=0, description="columns of a spreadsheet")
    max_image_pixels: int = Field(default=50_000_000, gt=0, description="width x height")
    max_archive_members: int = Field(default=1_000, gt=0, description="files in an archive")
    max_archive_bytes: int = Field(
        default=1_000_000_000, gt=0, description="an archive's files, uncompressed"
    )
    max_compression_ratio: int = Field(
        default=200, gt=0, description="uncompressed / compressed size of one archive member"
    )
    max_list_items: int = Field(default=10_000, gt=0, description="items of one JSON list")
    max_errors: int = Field(default=50, gt=0, description="problems listed in a rejection")


class Settings(BaseSettings):
    """Suigang settings, read from ``SUIGANG_*`` environment variables.

    Nested groups (``limits``) are read from ``SUIGANG_<GROUP>__<NAME>``, e.g.
    ``SUIGANG_LIMITS__MAX_UPLOAD_BYTES``.
    """

    model_config = SettingsConfigDict(
        env_prefix="SUIGANG_", env_file=None, extra="ignore", env_nested_delimiter="__"
    )

    data_dir: Path = Field(default=Path(".suigang"), description="where embedded data lives")
    database_url: str | None = Field(
        default=None, description="SQLAlchemy URL; default: a SQLite file in data_dir"
    )
    mqtt_url: str | None = Field(
        default=None, description="MQTT broker URL; default: the embedded broker"
    )
    embedded_mqtt_port: int = 18830
    secret_key: str | None = Field(
        default=None,
        repr=False,
        description="signs API tokens and UI sessions; no default: a server refuses to start "
        "without one (the demo makes a random one per data directory)",
    )
    token_ttl_minutes: int = 60 * 8
    demo_password: str = "suigang-demo"
    telemetry_retention_days: int = 400
    require_services: bool = False
    limits: Limits = Field(default_factory=Limits)
    db_pool_size: int = Field(
        default=10, ge=1, description="database connections a server process keeps open"
    )
    db_max_overflow: int = Field(
        default=10, ge=0, description="connections it may open beyond those under load"
    )
    jobs_workers: int = Field(
        default=2, ge=1, description="jobs one server runs at once (local) or CPUs of a local Ray"
    )
    jobs_backend: Literal["local", "ray"] = Field(
        default="local", description="where long jobs run: local processes or a Ray cluster"
    )
    ray_address: str | None = Field(
        default=None,
        description="the Ray cluster (e.g. ray://head:10001 or auto); default: a local Ray",
    )
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

    @field_validator("secret_key")
    @classmethod
    def _strong_key(cls, value: str | None) -> str | None:
        if value is None or value == "":
            return None
        if value in PUBLISHED_KEYS:
            raise ValueError("SUIGANG_SECRET_KEY is a published example key: set a random one")
        if len(value) < MIN_SECRET_KEY_LEN:
            raise ValueError(
                f"SUIGANG_SECRET_KEY has {len(value)} characters, at least "
                f"{MIN_SECRET_KEY_LEN} are needed (e.g. `python -c 'import secrets; "
                "print(secrets.token_urlsafe(48))'`)"
            )
        return value

    def signing_key(self) -> str:
        """The key that signs tokens and sessions; ``MissingSecretKey`` when none is set."""
        if self.secret_key is None:
            raise MissingSecretKey(
                "SUIGANG_SECRET_KEY is not set: the server will not sign tokens with a key "
                "anyone could know. Set it to a random value of at least "
                f"{MIN_SECRET_KEY_LEN} characters (see docs/operations.md); `suigang demo` "
                "makes one for its data directory"
            )
        return self.secret_key

    def resolved_database_url(self) -> str:
        """The database URL, defaulting to ``sqlite:///<data_dir>/suigang.db``."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'suigang.db').resolve()}"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings (tests build their own ``Settings`` instead)."""
    return Settings()
