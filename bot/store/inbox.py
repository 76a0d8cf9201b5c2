"""The inbox: every update is written here before it is handled, and marked done only once
its reply has been accepted by Telegram, so a crash or a restart loses no question.

An update's body (which holds the sender's message) is kept only until it is handled; after
that only its number stays, for a day, so an update Telegram delivers twice is answered once.
A reply is stored as the Bot API calls that send it, with how many Telegram accepted: an
update replayed after a crash sends only the calls not yet accepted, never one twice.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

KEEP_NUMBERS = 86_400.0  # seconds a handled update's number is kept, to refuse a repeat

JSON = dict[str, Any]


@dataclass(frozen=True)
class Pending:
    """An update received and not yet handled."""

    update_id: int
    received: float
    body: JSON
    plan: JSON | None  # the reply's calls, if worked out before the bot stopped
    sent: int  # how many of them Telegram accepted


class Inbox:
    def __init__(self, connection: sqlite3.Connection, clock: Callable[[], float] = time.time):
        self.db = connection
        self.clock = clock

    def add(self, update_id: int, body: JSON) -> bool:
        """Store an update; False if it was already received (a repeat to ignore)."""
        cursor = self.db.execute(
            "INSERT OR IGNORE INTO inbox (update_id, received, status, body) "
            "VALUES (?, ?, 'new', ?)",
            (update_id, self.clock(), json.dumps(body, ensure_ascii=False)),
        )
        return cursor.rowcount == 1

    def plan(self, update_id: int, plan: JSON) -> None:
        """Record the reply's calls before the first is made."""
        self.db.execute(
            "UPDATE inbox SET calls = ?, sent = 0 WHERE update_id = ?",
            (json.dumps(plan, ensure_ascii=False), update_id),
        )

    def accepted(self, update_id: int, count: int) -> None:
        """`count` of the reply's calls have been accepted by Telegram."""
        self.db.execute("UPDATE inbox SET sent = ? WHERE update_id = ?", (count, update_id))

    def finish(self, update_id: int, status: str = "done") -> None:
        """Handled (done), dropped (throttled, too old) or poison (unreadable): forget its body."""
        self.db.execute(
            "UPDATE inbox SET status = ?, body = NULL, calls = NULL, finished = ? "
            "WHERE update_id = ?",
            (status, self.clock(), update_id),
        )

    def pending(self, limit: int | None = None) -> list[Pending]:
        """Updates received and not handled, oldest first (the first `limit` of them)."""
        rows = self.db.execute(
            "SELECT update_id, received, body, calls, sent FROM inbox WHERE status = 'new' "
            "ORDER BY update_id LIMIT ?",
            (-1 if limit is None else limit,),
        ).fetchall()
        return [
            Pending(int(u), float(r), json.loads(b), json.loads(c) if c else None, int(s))
            for u, r, b, c, s in rows
        ]

    def depth(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM inbox WHERE status = 'new'").fetchone()[0])

    def last_update_id(self) -> int | None:
        row = self.db.execute("SELECT max(update_id) FROM inbox").fetchone()
        return int(row[0]) if row and row[0] is not None else None

    def purge(self) -> int:
        """Forget the numbers of updates handled more than a day ago."""
        cursor = self.db.execute(
            "DELETE FROM inbox WHERE status != 'new' AND finished < ?",
            (self.clock() - KEEP_NUMBERS,),
        )
        return cursor.rowcount
