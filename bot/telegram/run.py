"""Starting the Telegram bot: settings, logging, knowledge base, then polling or a webhook.

Every way this can fail before the bot runs ends in one line on stderr and a non-zero exit.
"""

from __future__ import annotations

import logging
import sys
from urllib.parse import urlparse

from telegram import Update
from telegram.error import InvalidToken, NetworkError, TelegramError

from bot.chat import Conversation
from bot.knowledge import KnowledgeError
from bot.loading import load_engine
from bot.settings import Settings, SettingsError, load_settings
from bot.telegram import logs
from bot.telegram.app import build_application

log = logging.getLogger(__name__)


def _fail(message: str, code: int) -> int:
    print(f"reportbot: {message}", file=sys.stderr)
    return code


def run() -> int:
    """Run the bot until SIGINT or SIGTERM; returns the process exit code."""
    try:
        settings = load_settings()
    except SettingsError as exc:
        return _fail(str(exc), 2)
    logs.configure(settings.log_level, (settings.telegram_bot_token.get_secret_value(),))
    try:
        engine = load_engine()
    except KnowledgeError as exc:
        return _fail(
            f"the knowledge base has {len(exc.problems)} problem(s); "
            "run `reportbot check` to see them.",
            1,
        )
    application = build_application(settings, Conversation(engine))
    try:
        if settings.bot_mode == "webhook":
            _run_webhook(application, settings)
        else:
            application.run_polling(allowed_updates=Update.ALL_TYPES, bootstrap_retries=3)
    except InvalidToken:
        return _fail("Telegram rejected TELEGRAM_BOT_TOKEN (401 Unauthorized): check the token.", 1)
    except NetworkError as exc:
        server = settings.telegram_api_base_url or "https://api.telegram.org/bot"
        return _fail(f"cannot reach the Bot API at {server} ({logs.redact(str(exc))}).", 1)
    except TelegramError as exc:
        return _fail(f"Telegram refused to start the bot: {logs.redact(str(exc))}", 1)
    return 0


def _run_webhook(application: object, settings: Settings) -> None:
    """Serve updates over HTTPS-terminated webhook at WEBHOOK_URL (path taken from it)."""
    webhook_url = settings.webhook_url or ""  # load_settings made sure it is set
    path = urlparse(webhook_url).path.strip("/") or "telegram"
    secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else None
    application.run_webhook(  # type: ignore[attr-defined]
        listen=settings.webhook_listen,
        port=settings.webhook_port,
        url_path=path,
        webhook_url=webhook_url,
        secret_token=secret,
        allowed_updates=Update.ALL_TYPES,
    )
