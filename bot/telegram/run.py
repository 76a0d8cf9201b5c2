"""Starting the Telegram bot: settings, logging, knowledge base, then the service.

Every way this can fail before the bot runs ends in one line on stderr and a non-zero exit.
"""

from __future__ import annotations

import asyncio
import sys

from bot.knowledge import KnowledgeError
from bot.loading import load_engine
from bot.settings import SettingsError, load_settings
from bot.telegram import logs
from bot.telegram.service import Service, ServiceError


def _fail(message: str, code: int) -> int:
    print(f"reportbot: {logs.redact(message)}", file=sys.stderr)
    return code


def run() -> int:
    """Run the bot until SIGINT or SIGTERM; returns the process exit code."""
    try:
        settings = load_settings()
    except SettingsError as exc:
        return _fail(str(exc), 2)
    secrets = [settings.telegram_bot_token.get_secret_value()]
    for optional in (settings.webhook_secret, settings.redis_url, settings.log_pseudonym_key):
        if optional is not None:
            secrets.append(optional.get_secret_value())
    logs.configure(settings.log_level, tuple(secrets), json_lines=settings.log_format == "json")
    try:
        engine = load_engine()
    except KnowledgeError as exc:
        return _fail(
            f"the knowledge base has {len(exc.problems)} problem(s); "
            "run `reportbot check` to see them.",
            1,
        )
    try:
        return asyncio.run(Service(settings, engine).run())
    except ServiceError as exc:
        return _fail(str(exc), 1)
    except KeyboardInterrupt:
        return 130
