"""The answer engine: pure Python, shared by the Telegram bot, the terminal chat and the CLI."""

from bot.engine.engine import Engine, Thresholds
from bot.engine.followup import Context
from bot.engine.result import Answer, Result

__all__ = ["Answer", "Context", "Engine", "Result", "Thresholds"]
