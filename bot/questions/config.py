"""Where the question log lives and how much it keeps, from the environment.

- `QUESTION_LOG`: the SQLite file (default `questions.sqlite3` in `REPORTBOT_DATA_DIR`, whose
  own default is `data` in the working folder);
  "off", "0", "false", "no" or an empty value turn the log off.
- `QUESTION_LOG_SAMPLE`: the share (0 to 1) of well-answered questions kept too (default 0.1).
- `QUESTION_LOG_DAYS`: how many days rows are kept (a whole number, at least 1; default 90).

A bad value raises ValueError with a one-line message that names the variable.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.questions.log import QuestionLog

DEFAULT_PATH = Path("data") / "questions.sqlite3"
DEFAULT_SAMPLE = 0.1
DEFAULT_DAYS = 90
OFF = frozenset({"off", "0", "false", "no", "none", ""})


@dataclass(frozen=True)
class LogConfig:
    """The question log's settings; `path` None means the log is off."""

    path: Path | None = DEFAULT_PATH
    sample: float = DEFAULT_SAMPLE
    retention_days: int = DEFAULT_DAYS

    def open(self) -> QuestionLog:
        """The log these settings describe (a log that keeps nothing when it is off)."""
        from bot.questions.log import QuestionLog

        return QuestionLog.open(self.path, sample=self.sample, retention_days=self.retention_days)


def default_path(environ: Mapping[str, str]) -> Path | None:
    """The log's file: `QUESTION_LOG` when set (None when it says "off"), else
    `questions.sqlite3` in `REPORTBOT_DATA_DIR`, else in `data/`."""
    value = environ.get("QUESTION_LOG")
    if value is None:
        folder = (environ.get("REPORTBOT_DATA_DIR") or "").strip()
        return Path(folder).expanduser() / DEFAULT_PATH.name if folder else DEFAULT_PATH
    value = value.strip()
    if value.lower() in OFF:
        return None
    return Path(value).expanduser()


def parse_sample(value: str | None) -> float:
    """`QUESTION_LOG_SAMPLE`: a share from 0 to 1."""
    if value is None or not value.strip():
        return DEFAULT_SAMPLE
    try:
        sample = float(value)
    except ValueError:
        raise ValueError(
            f"QUESTION_LOG_SAMPLE must be a number from 0 to 1, not {value!r}"
        ) from None
    if not (math.isfinite(sample) and 0.0 <= sample <= 1.0):
        raise ValueError(f"QUESTION_LOG_SAMPLE must be from 0 to 1, not {value!r}")
    return sample


def parse_days(value: str | None) -> int:
    """`QUESTION_LOG_DAYS`: a whole number of days, at least 1."""
    if value is None or not value.strip():
        return DEFAULT_DAYS
    try:
        days = int(value)
    except ValueError:
        raise ValueError(
            f"QUESTION_LOG_DAYS must be a whole number of days, not {value!r}"
        ) from None
    if days < 1:
        raise ValueError(f"QUESTION_LOG_DAYS must be at least 1, not {value!r}")
    return days


def load_config(environ: Mapping[str, str]) -> LogConfig:
    """The question log's settings from `environ` (e.g. os.environ); ValueError on a bad one."""
    return LogConfig(
        path=default_path(environ),
        sample=parse_sample(environ.get("QUESTION_LOG_SAMPLE")),
        retention_days=parse_days(environ.get("QUESTION_LOG_DAYS")),
    )
