"""`reportbot review`: what the question log holds, grouped for the curator, as text, CSV or
JSON. The command's options are declared in `bot.cli`; this module runs it."""

from __future__ import annotations

import argparse
import os
import re
import sqlite3
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from bot.questions import review
from bot.questions.config import default_path, parse_days
from bot.questions.log import LoggedQuestion, QuestionLog

if TYPE_CHECKING:
    from bot.engine import Engine

STATUSES = ("answered", "ambiguous", "not_found", "service")
_AGO = re.compile(r"^\s*(\d+)\s*([hdw])\s*$", re.IGNORECASE)
_UNITS = {"h": "hours", "d": "days", "w": "weeks"}


def parse_since(text: str, now: datetime | None = None) -> datetime:
    """The moment `--since` names: a span ago ("7d", "24h", "2w") or an ISO date or time (in
    UTC unless it says otherwise)."""
    now = now or datetime.now(UTC)
    ago = _AGO.match(text)
    if ago:
        return now - timedelta(**{_UNITS[ago[2].lower()]: int(ago[1])})
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(
            f"--since takes a span such as 7d or 24h, or a date such as 2019-02-01; not {text!r}"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def parse_statuses(text: str) -> set[str]:
    wanted = {s.strip() for s in text.split(",") if s.strip()}
    unknown = sorted(wanted - set(STATUSES))
    if unknown or not wanted:
        raise ValueError(f"--status takes some of {', '.join(STATUSES)}; not {text!r}")
    return wanted


def run(args: argparse.Namespace) -> int:
    """The `review` command."""
    try:
        path = Path(args.db) if args.db else default_path(os.environ)
        since = parse_since(args.since) if args.since else None
        statuses = parse_statuses(args.status) if args.status else None
        days = parse_days(os.environ.get("QUESTION_LOG_DAYS"))
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 2
    if path is None:
        print("The question log is off (QUESTION_LOG); give the file with --db.", file=sys.stderr)
        return 2
    if not path.is_file():
        print(f"No questions logged yet at {path}.")
        return 0
    try:
        with QuestionLog.open(path, retention_days=days) as log:
            rows = log.rows(since, statuses)
            votes = log.votes(args.fact, since)
    except sqlite3.Error as exc:
        print(f"Cannot read {path}: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    if args.fact:
        rows = review.about_fact(rows, args.fact)
    groups = review.group_questions(rows)
    total = len(groups)
    if args.limit > 0:
        groups = groups[: args.limit]
    if args.retry and groups:
        engine = _engine()
        if engine is None:
            return 1
        groups = review.retry(groups, engine)
    if args.export == "json":
        sys.stdout.write(review.to_json(groups))
    elif args.export == "csv":
        sys.stdout.write(review.to_csv(groups))
    else:
        sys.stdout.write(_text(path, rows, groups, total, review.vote_counts(votes), args))
    return 0


def _text(
    path: Path,
    rows: list[LoggedQuestion],
    groups: list[review.Group],
    total: int,
    votes: list[review.AnswerVotes],
    args: argparse.Namespace,
) -> str:
    filters = []
    if args.since:
        filters.append(f"since {args.since}")
    if args.status:
        filters.append(f"status {args.status}")
    if args.fact:
        filters.append(f"about {args.fact}")
    where = f" ({', '.join(filters)})" if filters else ""
    if not rows:
        head = f"No questions at {path}{where}.\n"
    else:
        shown = f"; the {len(groups)} largest" if len(groups) < total else ""
        head = (
            f"{len(rows)} question(s) logged at {path}{where}, in {total} group(s){shown}:\n\n"
            + review.render(groups, total=total)
        )
    return head + "\n" + review.render_votes(votes)


def _engine() -> Engine | None:
    from bot.knowledge import KnowledgeError
    from bot.loading import load_engine

    try:
        return load_engine()
    except KnowledgeError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"{len(exc.problems)} problem(s) in the knowledge base.", file=sys.stderr)
        return None
