"""Logging for the bot: one line per event, as text or JSON, with nothing personal in it.

What keeps names, message texts and secrets out of the log, at every level:
- The bot's own records name chats and users only by pseudonyms (`tag`): a keyed HMAC of
  the id, with a key from LOG_PSEUDONYM_KEY or made once and kept in the state store, so
  nobody can turn a pseudonym back into an id by trying ids.
- Records of other libraries (python-telegram-bot, httpx, tornado) keep their message template
  but lose its arguments, which are where updates, user names and URLs go; they are capped at
  INFO even when LOG_LEVEL is DEBUG.
- An exception is logged as its class and, for the bot's own faults, its stack (file, line,
  function), never its text: an error's message can quote what a user typed. Other
  libraries' exceptions are errors they handle (a timeout, a bad answer): their class only.
- Bot tokens, the webhook secret and credentials in URLs are masked in whatever remains.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import re
import secrets
import sys
import traceback
from typing import Any

# Any bot token ("123456:ABC...") wherever it appears, e.g. inside a request URL.
_TOKEN = re.compile(r"\d{3,15}:[A-Za-z0-9_-]{30,64}")
_URL_CREDENTIALS = re.compile(r"(?<=://)[^/@\s]+@")
REDACTED = "[REDACTED]"
OURS = "bot"  # the package's loggers: bot.*
THIRD_PARTY_FLOOR = logging.INFO


def redact(text: str, secrets: tuple[str, ...] = ()) -> str:
    """The text without bot tokens, credentials in URLs, or any of the given secrets."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, REDACTED)
    text = _URL_CREDENTIALS.sub(f"{REDACTED}@", text)
    return _TOKEN.sub(REDACTED, text)


class Pseudonyms:
    """Stable, keyed pseudonyms for ids: the same id gives the same name under one key."""

    def __init__(self, key: bytes | None = None) -> None:
        self.secret = key or secrets.token_bytes(32)

    def key(self, kind: str, value: object) -> str:
        digest = hmac.new(self.secret, f"{kind}:{value}".encode(), hashlib.sha256)
        return digest.hexdigest()[:16]


_pseudonyms = Pseudonyms()


def use_pseudonyms(pseudonyms: Pseudonyms) -> None:
    """Name chats in the log with this key from now on (set once the state store is open)."""
    global _pseudonyms
    _pseudonyms = pseudonyms


def tag(kind: str, value: int | None) -> str:
    """A short pseudonym for a chat or user, so logs can follow one without identifying it."""
    return "-" if value is None else _pseudonyms.key(f"log-{kind}", value)[:10]


def _stack(exc_info: Any) -> str:
    """An exception as its class and frames, without its message."""
    kind, _, trace = exc_info
    frames = traceback.extract_tb(trace)
    lines = [f'  File "{f.filename}", line {f.lineno}, in {f.name}' for f in frames]
    name = kind.__name__ if kind is not None else "Exception"
    return "Traceback (most recent call last):\n" + "\n".join(lines) + f"\n{name}"


class Scrubbed(logging.Filter):
    """Makes every record safe to write (see the module's docstring)."""

    def filter(self, record: logging.LogRecord) -> bool:
        ours = record.name == OURS or record.name.startswith(OURS + ".")
        if not ours:
            if record.levelno < THIRD_PARTY_FLOOR:
                return False
            if record.args:
                template = str(record.msg)
                record.msg = re.sub(r"%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[a-zA-Z]", "…", template)
                record.args = None
        if record.exc_info and record.exc_info[0] is not None:
            if ours:  # a fault of the bot's own: where it happened
                record.stack = _stack(record.exc_info)
            else:  # another library's report of an error it handles: its class is enough
                record.msg = f"{record.msg} ({record.exc_info[0].__name__})"
            record.exc_info = None
            record.exc_text = None
        return True


class TextFormatter(logging.Formatter):
    def __init__(self, secrets: tuple[str, ...] = ()) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")
        self.secrets = secrets

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        if stack := getattr(record, "stack", None):
            text += "\n" + stack
        return redact(text, self.secrets)


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message (and stack, if any)."""

    def __init__(self, secrets: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.secrets = secrets

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if stack := getattr(record, "stack", None):
            entry["stack"] = stack
        return redact(json.dumps(entry, ensure_ascii=False), self.secrets)


def configure(
    level: str = "INFO", secrets: tuple[str, ...] = (), *, json_lines: bool = False
) -> None:
    """Log to stderr at `level` through the scrubbing filter."""
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(Scrubbed())
    handler.setFormatter(JsonFormatter(secrets) if json_lines else TextFormatter(secrets))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # Request lines name the token and the webhook path; a retry loop repeats itself.
    for name in ("httpx", "httpcore", "tornado.access"):
        logging.getLogger(name).setLevel(logging.WARNING)
    # Errors of requests to the Bot API are reported by the bot itself, once, in its words.
    logging.getLogger("telegram.request").setLevel(logging.CRITICAL)
