"""Settings, read once from the environment and `.env` (PRODUCT.md §6)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.catalog import DEFAULT_CONTENT_DIR

SLACK_API_DEFAULT = "https://slack.com/api/"
_PLACEHOLDERS = ("changeme", "your-", "xxx", "<", "placeholder")


class SettingsError(Exception):
    """A setting is missing or wrong; the message names it and says what to do."""


class Settings(BaseSettings):
    """Every knob of careerpath; `.env.example` documents each one."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", env_file_encoding="utf-8")

    slack_bot_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    slack_client_id: str | None = None
    slack_client_secret: SecretStr | None = None
    slack_api_url: str = SLACK_API_DEFAULT
    database_url: str = "sqlite:///careerpath.db"
    port: int = Field(default=3000, ge=1, le=65535)
    host: str = "0.0.0.0"
    content_dir: Path = DEFAULT_CONTENT_DIR
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_format: Literal["text", "json"] = "text"
    reminder_sweep_seconds: int = Field(default=60, ge=1, le=3600)
    reminder_rate_per_second: float = Field(default=4.0, gt=0, le=1000)
    reminder_concurrency: int = Field(default=8, ge=1, le=64)
    reminder_lease_seconds: int = Field(default=300, ge=1, le=86400)
    database_pool_size: int = Field(default=10, ge=1, le=100)
    database_pool_timeout_seconds: float = Field(default=10.0, gt=0, le=300)
    mentor_request_cooldown_days: int = Field(default=7, ge=0, le=365)
    mentor_pending_max: int = Field(default=5, ge=1, le=100)
    cohort_post_interval_minutes: int = Field(default=60, ge=0, le=10080)

    @field_validator("slack_api_url")
    @classmethod
    def _api_url(cls, v: str) -> str:
        if not v.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return v if v.endswith("/") else v + "/"

    @field_validator("database_url")
    @classmethod
    def _db_url(cls, v: str) -> str:
        if not v.startswith(("sqlite", "postgresql", "postgres")):
            raise ValueError("must be a sqlite:/// or postgresql:// URL")
        return v

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper(cls, v: object) -> object:
        return v.upper() if isinstance(v, str) else v

    @field_validator(
        "slack_bot_token", "slack_signing_secret", "slack_app_token", "slack_client_secret"
    )
    @classmethod
    def _no_placeholder(cls, v: SecretStr | None) -> SecretStr | None:
        if v is None or not v.get_secret_value().strip():
            return None
        raw = v.get_secret_value().lower()
        if any(p in raw for p in _PLACEHOLDERS):
            raise ValueError(
                "is still the example placeholder; paste the real value from api.slack.com/apps"
            )
        return v

    @property
    def oauth(self) -> bool:
        """Multi-workspace mode: installs through OAuth, a token per workspace."""
        return bool(self.slack_client_id and self.slack_client_secret)

    @property
    def has_slack_credentials(self) -> bool:
        return self.slack_bot_token is not None or self.oauth

    def require_slack(self) -> None:
        """Raise SettingsError unless the settings are enough to serve a real workspace."""
        if bool(self.slack_client_id) != bool(self.slack_client_secret):
            missing = "SLACK_CLIENT_SECRET" if self.slack_client_id else "SLACK_CLIENT_ID"
            raise SettingsError(
                f"{missing} is not set: OAuth installs need both SLACK_CLIENT_ID and "
                "SLACK_CLIENT_SECRET (from the app's Basic Information page)"
            )
        if self.oauth:
            if self.slack_signing_secret is None:
                raise SettingsError(
                    "SLACK_SIGNING_SECRET is not set: copy it from the app's "
                    "Basic Information page into .env"
                )
            return
        if self.slack_bot_token is None:
            raise SettingsError(
                "SLACK_BOT_TOKEN is not set: put the app's xoxb- token in .env "
                "(or try `careerpath shell`, which needs no Slack)"
            )
        if not self.slack_bot_token.get_secret_value().startswith("xoxb-"):
            raise SettingsError("SLACK_BOT_TOKEN must be a bot token starting with xoxb-")
        if self.slack_app_token is None and self.slack_signing_secret is None:
            raise SettingsError(
                "SLACK_SIGNING_SECRET is not set: copy it from the app's Basic Information page "
                "into .env (or set SLACK_APP_TOKEN for Socket Mode)"
            )
        if (
            self.slack_app_token is not None
            and not self.slack_app_token.get_secret_value().startswith("xapp-")
        ):
            raise SettingsError("SLACK_APP_TOKEN must be an app-level token starting with xapp-")


def load_settings(**overrides: object) -> Settings:
    """Build Settings; turn pydantic's report into one line naming the setting."""
    from pydantic import ValidationError

    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        err = exc.errors()[0]
        name = str(err["loc"][0]).upper() if err["loc"] else "a setting"
        raise SettingsError(
            f"{name} {_plain(err['msg'])}: fix it in the environment or .env"
        ) from None


def _plain(msg: str) -> str:
    msg = msg.removeprefix("Value error, ")
    return msg if msg.startswith(("is ", "must ")) else f"is invalid ({msg})"
