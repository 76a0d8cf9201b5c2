"""What citizens asked that the bot could not answer, and what they thought of its answers:
kept without personal data (`log`, `scrub`), and grouped for the knowledge base's curator
(`review`, the `reportbot review` command).

Nothing here imports the Telegram library; the front ends call `QuestionLog.record` and
`QuestionLog.feedback`.
"""

from __future__ import annotations

from bot.questions.config import LogConfig, default_path, load_config
from bot.questions.log import Interface, LoggedQuestion, QuestionLog, Vote, VoteOutcome
from bot.questions.scrub import scrub

__all__ = [
    "Interface",
    "LogConfig",
    "LoggedQuestion",
    "QuestionLog",
    "Vote",
    "VoteOutcome",
    "default_path",
    "load_config",
    "scrub",
]
