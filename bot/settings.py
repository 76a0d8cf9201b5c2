"""Settings for the Telegram bot, from the environment and a `.env` file (environment wins).

Every setting is documented in `.env.example`; a value that cannot work stops the bot with
one line naming the setting and why, never echoing a secret.
"""

from __future__ import annotations

import ipaddress
import os
import re
from dataclasses import replace
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.questions.config import LogConfig, load_config, parse_days, parse_sample

ENV_FILE = Path(".env")
# A bot token is "<bot id>:<35 characters>"; checked before any request is made.
TOKEN_PATTERN = re.compile(r"^\d{3,15}:[A-Za-z0-9_-]{30,64}$")
_CREDENTIALS = re.compile(r"(?<=://)[^/@\s]+@")


class SettingsError(Exception):
    """Settings that cannot work; the message says which one and why, never a secret."""


def _without_credentials(url: str) -> str:
    return _CREDENTIALS.sub("[REDACTED]@", url)


class Settings(BaseSettings):
    """Everything the Telegram bot reads from its environment (see .env.example)."""

    model_config = SettingsConfigDict(env_file=ENV_FILE, env_file_encoding="utf-8", extra="ignore")

    telegram_bot_token: SecretStr
    telegram_api_base_url: str | None = None
    telegram_api_file_url: str | None = None
    bot_mode: Literal["polling", "webhook"] = "polling"
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    webhook_listen: str = "0.0.0.0"  # noqa: S104 - a webhook server must accept outside requests
    webhook_port: int = Field(default=8443, ge=1, le=65535)
    metrics_port: int | None = Field(default=None, ge=1, le=65535)
    metrics_listen: str = "127.0.0.1"

    reportbot_data_dir: Path = Path("data")
    redis_url: SecretStr | None = None
    context_hours: float = Field(default=24.0, gt=0, le=24 * 30)
    replay_minutes: float = Field(default=10.0, ge=0, le=24 * 60)
    shutdown_grace: float = Field(default=8.0, ge=0, le=600)
    send_deadline: float = Field(default=120.0, ge=5, le=3600)
    send_per_second: float = Field(default=30.0, gt=0, le=100_000)
    throttle_questions: int = Field(default=5, ge=1, le=1000)
    throttle_seconds: float = Field(default=10.0, gt=0, le=3600)

    question_log: str | None = None  # a path, or "off"; default: <data dir>/questions.sqlite3
    question_log_sample: str | None = None
    question_log_days: str | None = None

    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_format: Literal["text", "json"] = "text"
    log_pseudonym_key: SecretStr | None = None

    @property
    def state_file(self) -> Path:
        return self.reportbot_data_dir / "state.sqlite3"

    @property
    def pid_file(self) -> Path:
        return self.reportbot_data_dir / "reportbot.pid"

    def question_log_config(self) -> LogConfig:
        """The question log's settings (its file defaults to the data folder)."""
        given = {
            "QUESTION_LOG": self.question_log,
            "QUESTION_LOG_SAMPLE": self.question_log_sample,
            "QUESTION_LOG_DAYS": self.question_log_days,
        }
        config = load_config({k: v for k, v in given.items() if v is not None})
        if self.question_log is None:
            config = replace(config, path=self.reportbot_data_dir / "questions.sqlite3")
        return config

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
        if not re.match(r"^https?://[^/\s]+", value):
            raise ValueError("must be an http:// or https:// address")
        return value.rstrip("/")

    @field_validator("telegram_api_base_url")
    @classmethod
    def _base_url(cls, value: str | None) -> str | None:
        if value is not None and not value.endswith("/bot"):
            raise ValueError(
                f"must end with /bot (the token is appended to it), as in "
                f"https://api.telegram.org/bot; got {_without_credentials(value)}"
            )
        return value

    @field_validator("webhook_url")
    @classmethod
    def _webhook_url(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        if not re.match(r"^https://[^/\s]+", value):
            raise ValueError(
                "must be an https:// address: Telegram only posts updates over HTTPS "
                "(put a reverse proxy with TLS in front of the bot)"
            )
        return value

    @field_validator("webhook_listen", "metrics_listen")
    @classmethod
    def _address(cls, value: str) -> str:
        try:
            ipaddress.ip_address(value)
        except ValueError:
            raise ValueError("must be an IP address, such as 0.0.0.0 or 127.0.0.1") from None
        return value

    @field_validator("webhook_secret")
    @classmethod
    def _secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value():
            return None
        if not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", value.get_secret_value()):
            raise ValueError("may only hold A-Z, a-z, 0-9, _ and - (1-256 characters)")
        return value

    @field_validator("redis_url")
    @classmethod
    def _redis(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value():
            return None
        if not re.match(r"^(?:redis|rediss|unix)://", value.get_secret_value()):
            raise ValueError("must start with redis://, rediss:// or unix://")
        return value

    @field_validator("metrics_port", "redis_url", "log_pseudonym_key", mode="before")
    @classmethod
    def _empty_is_unset(cls, value: object) -> object:
        return None if value == "" else value

    @field_validator("log_level", "log_format", mode="before")
    @classmethod
    def _case(cls, value: object) -> object:
        if not isinstance(value, str):
            return value
        return (
            value.upper()
            if value.lower() in ("debug", "info", "warning", "error")
            else value.lower()
        )

    @field_validator("question_log_sample")
    @classmethod
    def _sample(cls, value: str | None) -> str | None:
        parse_sample(value)
        return value

    @field_validator("question_log_days")
    @classmethod
    def _days(cls, value: str | None) -> str | None:
        parse_days(value)
        return value

    @model_validator(mode="after")
    def _webhook_needs_url(self) -> Settings:
        if self.bot_mode == "webhook" and not self.webhook_url:
            raise ValueError("BOT_MODE=webhook needs WEBHOOK_URL (the public https address)")
        return self


def check_env_file(path: Path = ENV_FILE) -> None:
    """Refuse a .env that would be misread: not UTF-8, or a quote opened and never closed
    (which the .env parser skips silently, so the setting would seem not to be set)."""
    try:
        raw = path.read_bytes()
    except OSError:
        return
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise SettingsError(f"{path} is not UTF-8 text (line {line}): save it as UTF-8.") from None
    for number, entry in enumerate(text.splitlines(), start=1):
        found = re.match(r"^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(['\"])(.*)$", entry)
        if found and found[2] not in found[3]:
            raise SettingsError(
                f"{path} line {number}: the value of {found[1]} opens a {found[2]} quote "
                "and never closes it."
            )


def load_settings() -> Settings:
    """Read and check the settings; raise SettingsError with a one-line reason."""
    check_env_file()
    try:
        return Settings()  # values come from the environment
    except ValidationError as exc:
        first = exc.errors()[0]
        name = str(first["loc"][0]).upper() if first["loc"] else ""
        if first["type"] == "missing":
            raise SettingsError(
                f"{name} is not set: put it in the environment or in .env (see .env.example)."
            ) from None
        detail = str(first["msg"]).removeprefix("Value error, ")
        line = detail if detail.startswith(name) else f"{name} {detail}"
        raise SettingsError(line.strip().rstrip(".") + ".") from None


def token_configured() -> bool:
    """Whether a token is set at all (environment or .env), without validating anything."""
    if os.environ.get("TELEGRAM_BOT_TOKEN", "").strip():
        return True
    try:
        text = ENV_FILE.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return re.search(r"^\s*(?:export\s+)?TELEGRAM_BOT_TOKEN\s*=\s*['\"]?\S", text, re.M) is not None
