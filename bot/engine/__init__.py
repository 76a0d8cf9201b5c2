"""The answer engine: reads a question, ranks the report's passages, and decides how sure it is.

Pure Python; it never imports Telegram.
"""

from bot.engine.context import Context
from bot.engine.engine import Engine
from bot.engine.result import Answer, Passage, Result
from bot.engine.tuning import Tuning

__all__ = ["Answer", "Context", "Engine", "Passage", "Result", "Tuning"]
