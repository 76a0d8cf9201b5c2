"""One SQLite file for the bot's state: opened in WAL mode, its schema versioned.

`PRAGMA user_version` holds the schema version; `MIGRATIONS[n]` takes a file from version n to
n + 1, so a file written by an older release is brought up to date on open, and a file from a
newer release is refused rather than misread.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

MIGRATIONS: tuple[str, ...] = (
    # 0 -> 1: the inbox, conversation state and the bot's keys
    """
    CREATE TABLE inbox (
        update_id INTEGER PRIMARY KEY,
        received REAL NOT NULL,        -- unix time the update reached the bot
        status TEXT NOT NULL,          -- new, done, dropped, poison
        body TEXT,                     -- the update as JSON; cleared once handled
        calls TEXT,                    -- the reply's Bot API calls as JSON, once worked out
        sent INTEGER NOT NULL DEFAULT 0,  -- how many of those calls Telegram accepted
        finished REAL
    );
    CREATE INDEX inbox_open ON inbox (status, received);
    CREATE TABLE state (
        kind TEXT NOT NULL,            -- chat or user
        key TEXT NOT NULL,             -- a keyed hash of the chat or user id, never the id
        data TEXT NOT NULL,            -- JSON
        expires REAL NOT NULL,
        PRIMARY KEY (kind, key)
    );
    CREATE INDEX state_expiry ON state (expires);
    CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
    """,
)
VERSION = len(MIGRATIONS)


CACHE_KIB = 256


class StoreError(Exception):
    """A state file that cannot be used; the message names the file and says why."""


def connect(path: Path) -> sqlite3.Connection:
    """The database at `path` (created, with its folder, on first use), at the current schema."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(path, timeout=5.0, isolation_level=None)
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")
        # A small page cache (SQLite's default is 2 MiB a connection): rows are read by key,
        # and the operating system caches the file anyway; memory stays flat as chats grow.
        connection.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
        # A handled update's message is deleted from the file, not just unlinked from it.
        connection.execute("PRAGMA secure_delete=ON")
        version = int(connection.execute("PRAGMA user_version").fetchone()[0])
    except (sqlite3.Error, OSError) as exc:
        raise StoreError(f"cannot open the state file {path.name} ({type(exc).__name__})") from exc
    if version > VERSION:
        connection.close()
        raise StoreError(
            f"the state file {path.name} was written by a newer release (schema {version}, "
            f"this release knows {VERSION})"
        )
    for step in range(version, VERSION):  # each step whole or not at all
        script = f"BEGIN;\n{MIGRATIONS[step]}\nPRAGMA user_version = {step + 1};\nCOMMIT;"
        try:
            connection.executescript(script)
        except sqlite3.Error as exc:
            connection.close()
            raise StoreError(
                f"cannot bring the state file {path.name} to schema {step + 1} "
                f"({type(exc).__name__})"
            ) from exc
    return connection
