"""Logging for the bot: one format, the httpx request log silenced, tokens never written."""

from __future__ import annotations

import hashlib
import logging
import re
import sys

# Any bot token ("123456:ABC...") wherever it appears, e.g. inside a request URL.
_TOKEN = re.compile(r"\d{3,15}:[A-Za-z0-9_-]{30,64}")
REDACTED = "[REDACTED]"


def redact(text: str, secrets: tuple[str, ...] = ()) -> str:
    """The text without bot tokens or any of the given secrets."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, REDACTED)
    return _TOKEN.sub(REDACTED, text)


class RedactingFormatter(logging.Formatter):
    """Formats records, tracebacks included, then removes every token from the result."""

    def __init__(self, fmt: str, secrets: tuple[str, ...] = ()) -> None:
        super().__init__(fmt)
        self.secrets = secrets

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record), self.secrets)


class QuietRetryLoop(logging.Filter):
    """python-telegram-bot's network retry loop, in one line per event: its tracebacks say no
    more than its message, and a rejected token is reported by `reportbot` itself."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if not message.startswith("Network Retry Loop"):
            return True
        if "Invalid token" in message:
            return False
        record.exc_info = None
        record.exc_text = None
        return True


def configure(level: str = "INFO", secrets: tuple[str, ...] = ()) -> None:
    """Log to stderr at `level`; requests (whose URLs hold the token) only at WARNING."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s", secrets)
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    logging.getLogger("telegram.ext").addFilter(QuietRetryLoop())
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)


def chat_tag(chat_id: int | None) -> str:
    """A short, stable pseudonym for a chat, so logs can follow a chat without identifying it."""
    if chat_id is None:
        return "-"
    return hashlib.sha256(str(chat_id).encode()).hexdigest()[:8]
