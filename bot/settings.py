"""Settings for the Telegram bot, from the environment and a `.env` file (environment wins)."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

ENV_FILE = Path(".env")
# A bot token is "<bot id>:<35 characters>"; checked before any request is made.
TOKEN_PATTERN = re.compile(r"^\d{3,15}:[A-Za-z0-9_-]{30,64}$")


class SettingsError(Exception):
    """Settings that cannot work; the message says which one and why, never the token itself."""


class Settings(BaseSettings):
    """Everything the Telegram bot reads from its environment (see .env.example)."""

    model_config = SettingsConfigDict(env_file=ENV_FILE, env_file_encoding="utf-8", extra="ignore")

    telegram_bot_token: SecretStr
    telegram_api_base_url: str | None = Field(
        default=None, description="Bot API server, PTB base_url form ending in /bot"
    )
    telegram_api_file_url: str | None = None
    bot_mode: Literal["polling", "webhook"] = "polling"
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    webhook_listen: str = "0.0.0.0"  # noqa: S104 - a webhook server must accept outside requests
    webhook_port: int = Field(default=8443, ge=1, le=65535)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"

    @field_validator("telegram_bot_token")
    @classmethod
    def _token_shape(cls, value: SecretStr) -> SecretStr:
        if not value.get_secret_value().strip():
            raise ValueError("is empty: set it to the token @BotFather gave you")
        if not TOKEN_PATTERN.match(value.get_secret_value().strip()):
            raise ValueError("does not look like a bot token (expected <digits>:<35 characters>)")
        return SecretStr(value.get_secret_value().strip())

    @field_validator("telegram_api_base_url", "telegram_api_file_url")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        if not re.match(r"^https?://", value):
            raise ValueError("must start with http:// or https://")
        return value

    @field_validator("webhook_secret")
    @classmethod
    def _secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value():
            return None
        if not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", value.get_secret_value()):
            raise ValueError("may only hold A-Z, a-z, 0-9, _ and - (1-256 characters)")
        return value

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value


def load_settings() -> Settings:
    """Read and check the settings; raise SettingsError with a one-line reason."""
    try:
        settings = Settings()  # values come from the environment
    except ValidationError as exc:
        first = exc.errors()[0]
        name = str(first["loc"][0]).upper() if first["loc"] else "settings"
        if first["type"] == "missing":
            raise SettingsError(
                f"{name} is not set: put it in the environment or in .env (see .env.example)."
            ) from None
        detail = str(first["msg"]).removeprefix("Value error, ")
        raise SettingsError(f"{name} {detail}.") from None
    if settings.bot_mode == "webhook" and not settings.webhook_url:
        raise SettingsError("BOT_MODE=webhook needs WEBHOOK_URL (the public https address).")
    return settings


def token_configured() -> bool:
    """Whether a token is set at all (environment or .env), without validating anything."""
    if os.environ.get("TELEGRAM_BOT_TOKEN", "").strip():
        return True
    try:
        text = ENV_FILE.read_text(encoding="utf-8")
    except OSError:
        return False
    return re.search(r"^\s*(?:export\s+)?TELEGRAM_BOT_TOKEN\s*=\s*['\"]?\S", text, re.M) is not None
