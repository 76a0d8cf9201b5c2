"""The question log: what citizens asked that the bot could not answer (or barely could), and
their votes on answers, in one SQLite file, for the knowledge base's curator.

Nothing in it identifies a person: no user, chat or message id, no name, no exact time (rows
carry the hour), and each question is scrubbed (`bot.questions.scrub`) before it is written. A
voter is a salted hash the caller computes, kept only so that one person counts once per answer.

Which questions are kept:
- everything the engine did not answer (not found, "did you mean", a decline), and service
  requests, so the curator sees what people need;
- answers the engine was unsure of (`unsure`);
- a `sample` share of the other answers, drawn at random, to show what goes right too;
- never small talk, and never an empty message.

The log never gets in the way of answering: when the file cannot be written (a read-only or
missing folder, a full disk, a database locked for more than `BUSY_SECONDS`), it says so once at
WARNING, naming only the file and the kind of error, and keeps nothing more for the rest of the
process. Rows older than `retention_days` are deleted when the log opens and once a day after.
"""

from __future__ import annotations

import contextlib
import json
import logging
import random
import sqlite3
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Literal, TypeVar

from bot.engine.result import ANSWERED_REASONS, Result
from bot.questions.scrub import scrub

log = logging.getLogger(__name__)

Interface = Literal["telegram-private", "telegram-group", "telegram-inline", "terminal"]
INTERFACES: tuple[Interface, ...] = (
    "telegram-private",
    "telegram-group",
    "telegram-inline",
    "terminal",
)
Kept = Literal["unanswered", "service", "unsure", "sample"]
VoteSource = Literal["button", "reaction"]
VoteOutcome = Literal["counted", "changed", "same", "off"]

# An answer whose best passage covers less of the question than this is "unsure". The engine
# answers from a coverage of `Tuning.min_coverage` (0.74) on; on the development question sets
# (tests/questions*.yaml) the answers under 0.85 are the band just above that line, an eighth of
# all answers, where a missing keyword or a recalibration shows first. The score tells a wrong
# answer apart only weakly (one of the seven wrong answers there is under 0.85): the 👎 votes
# and the sample of the other answers are there for the rest.
UNSURE_BELOW = 0.85
BUSY_SECONDS = 0.2  # how long a write waits for a lock before the log gives up
MAX_QUESTION_CHARS = 500  # longer questions are cut (after scrubbing)
CANDIDATES = 3  # the engine's best passages kept with a question
PRUNE_EVERY = timedelta(days=1)
_SELECT = (
    "SELECT hour, interface, language, status, reason, kept, topic, candidates, question "
    "FROM questions WHERE hour >= ?"
)
_INSERT = (
    "INSERT INTO questions "
    "(hour, interface, language, status, reason, kept, topic, candidates, question) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_T = TypeVar("_T")


def utc_now() -> datetime:
    return datetime.now(UTC)


def hour_of(moment: datetime) -> str:
    """`moment` as the UTC hour it falls in, as stored: "2019-01-31T08:00Z"."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:00Z")


def _parse_hour(text: str) -> datetime:
    return datetime.fromisoformat(text)


def kept_as(result: Result) -> Kept | None:
    """Why a question with this result is always kept; None when it is an answer the engine was
    sure of (kept only as part of the sample) or small talk (never kept)."""
    if result.status == "smalltalk":
        return None
    if result.status == "service":
        return "service"
    if result.status != "answered" or result.reason not in ANSWERED_REASONS:
        return "unanswered"
    if result.section is None and (not result.answers or result.answers[0].score < UNSURE_BELOW):
        return "unsure"
    return None


def candidates_of(result: Result) -> list[tuple[str, float | None]]:
    """The engine's best passages for the question, best first, with their scores (the passage
    offered for the other year, without one)."""
    found: list[tuple[str, float | None]] = [
        (a.passage.id, round(a.score, 4)) for a in result.answers[:CANDIDATES]
    ]
    if result.offer is not None and all(result.offer.id != id_ for id_, _ in found):
        found.append((result.offer.id, None))
    return found[:CANDIDATES]


@dataclass(frozen=True)
class LoggedQuestion:
    """One kept question, as the review reads it."""

    hour: datetime
    interface: str
    language: str
    status: str
    reason: str
    kept: str
    topic: str | None  # the place, year or topic the engine named when it declined
    candidates: tuple[tuple[str, float | None], ...]
    question: str


@dataclass(frozen=True)
class Vote:
    """One person's vote on one answer (who voted is not part of it)."""

    answer_id: str
    vote: int  # +1 or -1
    source: str
    question: str | None
    hour: datetime


# ---------------------------------------------------------------------- schema
def _schema_1(con: sqlite3.Connection) -> None:
    con.execute(
        """CREATE TABLE questions (
            hour TEXT NOT NULL,
            interface TEXT NOT NULL,
            language TEXT NOT NULL,
            status TEXT NOT NULL,
            reason TEXT NOT NULL,
            kept TEXT NOT NULL,
            topic TEXT,
            candidates TEXT NOT NULL,
            question TEXT NOT NULL
        )"""
    )
    con.execute("CREATE INDEX questions_by_hour ON questions (hour)")
    con.execute(
        """CREATE TABLE votes (
            answer_id TEXT NOT NULL,
            voter TEXT NOT NULL,
            vote INTEGER NOT NULL CHECK (vote IN (-1, 1)),
            source TEXT NOT NULL,
            question TEXT,
            hour TEXT NOT NULL,
            PRIMARY KEY (answer_id, voter)
        ) WITHOUT ROWID"""
    )
    con.execute("CREATE INDEX votes_by_hour ON votes (hour)")


# MIGRATIONS[n] brings a database from schema version n to n + 1 (PRAGMA user_version).
MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (_schema_1,)
SCHEMA_VERSION = len(MIGRATIONS)


class NewerSchemaError(sqlite3.DatabaseError):
    """The file was written by a newer version of the bot."""


def _check_version(con: sqlite3.Connection) -> int:
    version = int(con.execute("PRAGMA user_version").fetchone()[0])
    if version > SCHEMA_VERSION:
        raise NewerSchemaError(f"schema version {version} is newer than {SCHEMA_VERSION}")
    return version


def migrate(con: sqlite3.Connection) -> int:
    """Bring the database to the current schema, one version at a time; returns the version it
    was at. Each step and its version number are one transaction."""
    version = _check_version(con)
    for number in range(version, SCHEMA_VERSION):
        con.execute("BEGIN IMMEDIATE")
        try:
            MIGRATIONS[number](con)
            con.execute(f"PRAGMA user_version = {number + 1:d}")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        con.execute("COMMIT")
    return version


# ---------------------------------------------------------------------- the log
class QuestionLog:
    """Questions and votes kept for the curator; every method does nothing when the log is off
    (no path) or has turned itself off after a failure."""

    def __init__(
        self,
        path: Path | None,
        *,
        sample: float = 0.1,
        retention_days: int = 90,
        clock: Callable[[], datetime] = utc_now,
        rng: Callable[[], float] = random.random,
    ) -> None:
        if not 0.0 <= sample <= 1.0:
            raise ValueError(f"sample must be from 0 to 1, not {sample}")
        if retention_days < 1:
            raise ValueError(f"retention_days must be at least 1, not {retention_days}")
        self.path = path
        self.sample = sample
        self.retention_days = retention_days
        self._clock = clock
        self._rng = rng
        self._con: sqlite3.Connection | None = None
        self._lock = threading.Lock()
        self._failed = False
        self._pruned_at = clock()

    @classmethod
    def open(
        cls,
        path: Path | None,
        *,
        sample: float = 0.1,
        retention_days: int = 90,
        clock: Callable[[], datetime] = utc_now,
        rng: Callable[[], float] = random.random,
    ) -> QuestionLog:
        """The log in `path` (None: a log that keeps nothing). An existing file is pruned now;
        a new one is made, with its folder, when the first row is written."""
        self = cls(path, sample=sample, retention_days=retention_days, clock=clock, rng=rng)
        if path is not None and path.exists():
            self._write(self._prune)
        return self

    @property
    def enabled(self) -> bool:
        """Whether the log still keeps anything."""
        return self.path is not None and not self._failed

    # ------------------------------------------------------------------ writing
    def record(self, question: str, result: Result, *, interface: str, language: str) -> None:
        """Keep `question` if the curator should see it (see the module's docstring).
        `interface` is where it was asked, one of `INTERFACES`; `language`, the reply's."""
        if not self.enabled or result.status == "smalltalk":
            return
        text = _clean(question)
        if not text:
            return
        kept = kept_as(result)
        if kept is None:
            if self._rng() >= self.sample:
                return
            kept = "sample"
        row = (
            hour_of(self._clock()),
            interface[:32],
            language[:8],
            result.status,
            result.reason,
            kept,
            result.detail[:200] if result.detail else None,
            json.dumps(candidates_of(result), ensure_ascii=False),
            text,
        )

        def insert(con: sqlite3.Connection) -> None:
            con.execute(_INSERT, row)

        self._write(insert)

    def feedback(
        self,
        answer_id: str,
        question: str | None,
        vote: int,
        voter: str,
        source: VoteSource = "button",
    ) -> VoteOutcome:
        """Count a vote (+1 or -1) on an answer: once per voter and answer. The same vote again
        is "same" (not counted twice), the other one "changed" (it replaces the first); "off"
        when the log keeps nothing."""
        if vote not in (1, -1):
            raise ValueError(f"a vote is +1 or -1, not {vote}")
        if not self.enabled:
            return "off"
        text = _clean(question) if question else None
        hour = hour_of(self._clock())

        def vote_on(con: sqlite3.Connection) -> VoteOutcome:
            row = con.execute(
                "SELECT vote FROM votes WHERE answer_id = ? AND voter = ?", (answer_id, voter)
            ).fetchone()
            if row is None:
                con.execute(
                    "INSERT INTO votes VALUES (?, ?, ?, ?, ?, ?)",
                    (answer_id, voter, vote, source, text or None, hour),
                )
                return "counted"
            if row[0] == vote:
                return "same"
            con.execute(
                "UPDATE votes SET vote = ?, source = ?, question = coalesce(?, question), "
                "hour = ? WHERE answer_id = ? AND voter = ?",
                (vote, source, text or None, hour, answer_id, voter),
            )
            return "changed"

        outcome = self._write(vote_on)
        return "off" if outcome is None else outcome

    def prune(self) -> int:
        """Delete what is older than `retention_days`; returns how many rows went."""
        if not self.enabled or self.path is None or not self.path.exists():
            return 0
        return self._write(self._prune) or 0

    def close(self) -> None:
        with self._lock:
            if self._con is not None:
                self._con.close()
                self._con = None

    def __enter__(self) -> QuestionLog:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ reading
    def rows(
        self, since: datetime | None = None, statuses: Iterable[str] | None = None
    ) -> list[LoggedQuestion]:
        """The kept questions, oldest first: since `since`, with one of `statuses`.

        Reading is for the review and may raise sqlite3.Error (a damaged file, say)."""
        query = _SELECT
        params: list[str] = [hour_of(since) if since else ""]
        if statuses is not None:
            wanted = sorted(set(statuses))
            query += " AND status IN (" + ", ".join("?" * len(wanted)) + ")"
            params.extend(wanted)
        return [_question(row) for row in self._read(query + " ORDER BY hour, rowid", params)]

    def votes(self, answer_id: str | None = None, since: datetime | None = None) -> list[Vote]:
        """The votes, oldest first: on `answer_id` (or every answer), since `since`."""
        query = "SELECT answer_id, vote, source, question, hour FROM votes WHERE hour >= ?"
        params = [hour_of(since) if since else ""]
        if answer_id is not None:
            query += " AND answer_id = ?"
            params.append(answer_id)
        return [
            Vote(row[0], int(row[1]), row[2], row[3], _parse_hour(row[4]))
            for row in self._read(query + " ORDER BY hour, answer_id", params)
        ]

    # ------------------------------------------------------------------ the file
    def _connection(self) -> sqlite3.Connection:
        if self._con is None:
            if self.path is None:  # callers check first
                raise sqlite3.OperationalError("the question log is off")
            self.path.parent.mkdir(parents=True, exist_ok=True)
            con = sqlite3.connect(
                self.path, timeout=BUSY_SECONDS, isolation_level=None, check_same_thread=False
            )
            try:
                _check_version(con)  # before WAL mode, which writes: a newer file stays as it is
                con.execute("PRAGMA journal_mode = WAL")
                con.execute("PRAGMA synchronous = NORMAL")
                con.execute("PRAGMA cache_size = -256")  # KiB: rows are written, rarely read
                con.execute("PRAGMA secure_delete = ON")  # pruned rows are overwritten, not left
                migrate(con)
            except BaseException:
                con.close()
                raise
            self._con = con
        return self._con

    def _write(self, action: Callable[[sqlite3.Connection], _T]) -> _T | None:
        """Run `action` in one transaction; None (and the log off) when the file fails."""
        if not self.enabled:
            return None
        with self._lock:
            try:
                con = self._connection()
                con.execute("BEGIN IMMEDIATE")
                try:
                    done = action(con)
                except BaseException:
                    con.execute("ROLLBACK")
                    raise
                con.execute("COMMIT")
                if self._clock() - self._pruned_at >= PRUNE_EVERY:
                    self._prune_now(con)
            except (sqlite3.Error, OSError) as exc:
                self._fail(exc)
                return None
        return done

    def _prune(self, con: sqlite3.Connection) -> int:
        self._pruned_at = self._clock()
        cutoff = hour_of(self._clock() - timedelta(days=self.retention_days))
        gone = con.execute("DELETE FROM questions WHERE hour < ?", (cutoff,)).rowcount
        return int(gone + con.execute("DELETE FROM votes WHERE hour < ?", (cutoff,)).rowcount)

    def _prune_now(self, con: sqlite3.Connection) -> None:
        con.execute("BEGIN IMMEDIATE")
        try:
            self._prune(con)
        except BaseException:
            con.execute("ROLLBACK")
            raise
        con.execute("COMMIT")

    def _read(self, query: str, params: list[str]) -> list[tuple[str, ...]]:
        if self.path is None or not self.path.exists():
            return []
        with self._lock:
            found: list[tuple[str, ...]] = self._connection().execute(query, params).fetchall()
        return found

    def _fail(self, exc: BaseException) -> None:
        """Turn the log off for this process, saying so once (the kind of error only: its
        message may quote the path or a question)."""
        if not self._failed:
            name = self.path.name if self.path is not None else "-"
            log.warning(
                "question log %s failed (%s); keeping no more questions until restarted",
                name,
                type(exc).__name__,
            )
        self._failed = True
        if self._con is not None:
            with contextlib.suppress(sqlite3.Error):
                self._con.close()
            self._con = None


def _clean(question: str) -> str:
    return scrub(" ".join(question.split()))[:MAX_QUESTION_CHARS].strip()


def _question(row: tuple[str, ...]) -> LoggedQuestion:
    hour, interface, language, status, reason, kept, topic, candidates, question = row
    pairs = tuple(
        (str(item[0]), None if item[1] is None else float(item[1]))
        for item in json.loads(candidates)
    )
    return LoggedQuestion(
        _parse_hour(hour), interface, language, status, reason, kept, topic, pairs, question
    )
