"""Settings for the Telegram bot, from the environment and a `.env` file (environment wins).

Every setting is documented in `.env.example`; a value that cannot work stops the bot with
one line naming the setting and why, never echoing a secret. Each setting is a field of
`Settings` with its type, default and check below; names are the fields' in upper case.

Plain dataclasses and python-dotenv (for the `.env` file's quoting rules): the bot's process
does not need a validation framework for two dozen values, and not importing one keeps about
10 MiB out of its memory.
"""

from __future__ import annotations

import ipaddress
import os
import re
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

from bot.questions.config import LogConfig, load_config, parse_days, parse_sample

ENV_FILE = Path(".env")
# A bot token is "<bot id>:<35 characters>"; checked before any request is made.
TOKEN_PATTERN = re.compile(r"^\d{3,15}:[A-Za-z0-9_-]{30,64}$")
_CREDENTIALS = re.compile(r"(?<=://)[^/@\s]+@")


class SettingsError(Exception):
    """Settings that cannot work; the message says which one and why, never a secret."""


@dataclass(frozen=True)
class Secret:
    """A value never shown: not by repr, str or a log line."""

    _value: str = field(repr=False)

    def get_secret_value(self) -> str:
        return self._value

    def __str__(self) -> str:
        return "**********"


def _without_credentials(url: str) -> str:
    return _CREDENTIALS.sub("[REDACTED]@", url)


# ---------------------------------------------------------------------- checks of one value
def _token(value: str) -> str:
    value = value.strip()
    if not value:
        raise ValueError("is empty: set it to the token @BotFather gave you")
    if not TOKEN_PATTERN.match(value):
        raise ValueError("does not look like a bot token (expected <digits>:<35 characters>)")
    return value


def _url(value: str) -> str:
    if not re.match(r"^https?://[^/\s]+", value):
        raise ValueError("must be an http:// or https:// address")
    return value.rstrip("/")


def _base_url(value: str) -> str:
    value = _url(value)
    if not value.endswith("/bot"):
        raise ValueError(
            f"must end with /bot (the token is appended to it), as in "
            f"https://api.telegram.org/bot; got {_without_credentials(value)}"
        )
    return value


def _webhook_url(value: str) -> str:
    if not re.match(r"^https://[^/\s]+", value):
        raise ValueError(
            "must be an https:// address: Telegram only posts updates over HTTPS "
            "(put a reverse proxy with TLS in front of the bot)"
        )
    return value


def _address(value: str) -> str:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        raise ValueError("must be an IP address, such as 0.0.0.0 or 127.0.0.1") from None
    return value


def _webhook_secret(value: str) -> str:
    if not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", value):
        raise ValueError("may only hold A-Z, a-z, 0-9, _ and - (1-256 characters)")
    return value


def _redis(value: str) -> str:
    if not re.match(r"^(?:redis|rediss|unix)://", value):
        raise ValueError("must start with redis://, rediss:// or unix://")
    return value


def _sample(value: str) -> str:
    parse_sample(value)
    return value


def _days(value: str) -> str:
    parse_days(value)
    return value


def _setting(
    default: Any = None,
    *,
    check: Callable[[str], str] | None = None,
    low: float | None = None,
    high: float | None = None,
    above: bool = False,
    keep_empty: bool = False,
) -> Any:
    """A field with its check: a function of the text, bounds for a number (`above`: the low
    bound itself is not allowed), and whether an empty value counts as set."""
    meta = {"check": check, "low": low, "high": high, "above": above, "keep_empty": keep_empty}
    return field(default=default, metadata=meta)


@dataclass(frozen=True)
class Settings:
    """Everything the Telegram bot reads from its environment (see .env.example)."""

    telegram_bot_token: Secret = _setting(check=_token)
    telegram_api_base_url: str | None = _setting(check=_base_url)
    telegram_api_file_url: str | None = _setting(check=_url)
    bot_mode: Literal["polling", "webhook"] = "polling"
    webhook_url: str | None = _setting(check=_webhook_url)
    webhook_secret: Secret | None = _setting(check=_webhook_secret)
    # a webhook server must accept outside requests
    webhook_listen: str = _setting("0.0.0.0", check=_address)  # noqa: S104
    webhook_port: int = _setting(8443, low=1, high=65535)
    metrics_port: int | None = _setting(low=1, high=65535)
    metrics_listen: str = _setting("127.0.0.1", check=_address)

    reportbot_data_dir: Path = Path("data")
    redis_url: Secret | None = _setting(check=_redis)
    context_hours: float = _setting(24.0, low=0, high=24 * 30, above=True)
    replay_minutes: float = _setting(10.0, low=0, high=24 * 60)
    shutdown_grace: float = _setting(8.0, low=0, high=600)
    send_deadline: float = _setting(120.0, low=5, high=3600)
    send_per_second: float = _setting(30.0, low=0, high=100_000, above=True)
    throttle_questions: int = _setting(5, low=1, high=1000)
    throttle_seconds: float = _setting(10.0, low=0, high=3600, above=True)

    # a path, or "off" (an empty value too); default: <data dir>/questions.sqlite3
    question_log: str | None = _setting(keep_empty=True)
    question_log_sample: str | None = _setting(check=_sample)
    question_log_days: str | None = _setting(check=_days)

    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_format: Literal["text", "json"] = "text"
    log_pseudonym_key: Secret | None = None

    @classmethod
    def of(cls, **values: object) -> Settings:
        """Settings from these values, read and checked as the environment's would be (a value
        may be given as text or already typed); the rest keep their defaults."""
        known = {f.name: f for f in fields(cls)}
        unknown = sorted(set(values) - set(known))
        if unknown:
            raise TypeError(f"unknown settings: {', '.join(unknown)}")
        given: dict[str, Any] = {}
        for name, value in values.items():
            given[name] = _read(known[name], value)
        if "telegram_bot_token" not in given:
            raise SettingsError(
                "TELEGRAM_BOT_TOKEN is not set: put it in the environment or in .env "
                "(see .env.example)."
            )
        settings = cls(**given)
        if settings.bot_mode == "webhook" and not settings.webhook_url:
            raise SettingsError("BOT_MODE=webhook needs WEBHOOK_URL (the public https address).")
        return settings

    @classmethod
    def from_environment(
        cls, environ: Mapping[str, str] | None = None, env_file: Path | None = ENV_FILE
    ) -> Settings:
        """The settings the environment and the `.env` file give (the environment wins)."""
        environ = os.environ if environ is None else environ
        found: dict[str, str] = {}
        if env_file is not None and env_file.is_file():
            found.update(_dotenv(env_file))
        found.update({k.lower(): v for k, v in environ.items()})
        names = {f.name for f in fields(cls)}
        return cls.of(**{k: v for k, v in found.items() if k in names})

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


_HINTS = typing.get_type_hints(Settings)


def _read(setting: Any, value: object) -> Any:
    """One setting's value from its text, checked; SettingsError names it and says why."""
    name, meta = setting.name, setting.metadata
    kind = _HINTS[name]
    choices = get_args(kind)
    optional = type(None) in choices
    base = next((c for c in choices if c is not type(None)), kind) if optional else kind
    if not isinstance(value, str):
        return value  # already typed (a test's Path or number)
    text = value.strip() if base in (int, float) or get_origin(base) is Literal else value
    try:
        if text == "" and not meta.get("keep_empty"):
            if optional:
                return None
            if meta.get("check") is None and base is not Secret:
                raise ValueError("is empty")
        if meta.get("check") is not None:
            text = meta["check"](text)
        if base is Secret:
            return Secret(text)
        if get_origin(base) is Literal:
            return _choice(text, get_args(base))
        if base is int:
            return _number(int, text, meta)
        if base is float:
            return _number(float, text, meta)
        if base is Path:
            return Path(text).expanduser()
        return text
    except ValueError as exc:
        raise SettingsError(f"{name.upper()} {str(exc).rstrip('.')}.") from None


def _choice(text: str, choices: tuple[str, ...]) -> str:
    for choice in choices:
        if text.lower() == choice.lower():
            return choice
    raise ValueError(f"must be one of {', '.join(choices)} (got {text[:20]!r})")


def _number(kind: type[int] | type[float], text: str, meta: Mapping[str, Any]) -> int | float:
    try:
        number = kind(text)
    except ValueError:
        what = "a whole number" if kind is int else "a number"
        raise ValueError(f"must be {what} (got {text[:20]!r})") from None
    low, high, above = meta.get("low"), meta.get("high"), meta.get("above")
    if number != number or (low is not None and (number < low or (above and number == low))):
        raise ValueError(f"must be {'more than' if above else 'at least'} {low:g}")
    if high is not None and number > high:
        raise ValueError(f"must be at most {high:g}")
    return number


def _dotenv(path: Path) -> dict[str, str]:
    """The `.env` file's values by lower-case name (python-dotenv's reading of quotes and
    `export`)."""
    from dotenv import dotenv_values

    return {k.lower(): v for k, v in dotenv_values(path, encoding="utf-8").items() if v is not None}


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
    return Settings.from_environment()


def token_configured() -> bool:
    """Whether a token is set at all (environment or .env), without validating anything."""
    if os.environ.get("TELEGRAM_BOT_TOKEN", "").strip():
        return True
    try:
        text = ENV_FILE.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return re.search(r"^\s*(?:export\s+)?TELEGRAM_BOT_TOKEN\s*=\s*['\"]?\S", text, re.M) is not None
