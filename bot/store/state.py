"""Conversation state kept between messages: in the SQLite state file, or in Redis when
replicas share it. Records are small JSON objects under a kind ("chat", "user") and a key the
caller has already hashed; each expires after its time to live, so the store stays bounded.

Also the bot's secrets (the key that hashes ids, the key for log pseudonyms): made once, at
random, and kept in the same store, so every replica and every restart uses the same ones.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
import time
from collections.abc import Callable
from typing import Any, Protocol

JSON = dict[str, Any]
PREFIX = "reportbot"  # Redis key prefix


class StateStore(Protocol):
    async def get(self, kind: str, key: str) -> JSON | None: ...

    async def put(self, kind: str, key: str, data: JSON, ttl: float) -> None: ...

    async def secret(self, name: str) -> bytes:
        """The named secret, made now (32 random bytes) if there is none yet."""
        ...

    async def close(self) -> None: ...


class SQLiteState:
    """State in the bot's SQLite file (see bot.store.sqlite for the schema)."""

    def __init__(self, connection: sqlite3.Connection, clock: Callable[[], float] = time.time):
        self.db = connection
        self.clock = clock

    async def get(self, kind: str, key: str) -> JSON | None:
        row = self.db.execute(
            "SELECT data FROM state WHERE kind = ? AND key = ? AND expires > ?",
            (kind, key, self.clock()),
        ).fetchone()
        return json.loads(row[0]) if row else None

    async def put(self, kind: str, key: str, data: JSON, ttl: float) -> None:
        self.db.execute(
            "INSERT INTO state (kind, key, data, expires) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (kind, key) DO UPDATE "
            "SET data = excluded.data, expires = excluded.expires",
            (kind, key, json.dumps(data, ensure_ascii=False), self.clock() + ttl),
        )

    def expire(self) -> int:
        """Delete expired records (the bot calls this at start and every hour)."""
        return self.db.execute("DELETE FROM state WHERE expires <= ?", (self.clock(),)).rowcount

    async def secret(self, name: str) -> bytes:
        made = secrets.token_hex(32)
        self.db.execute("INSERT OR IGNORE INTO meta (name, value) VALUES (?, ?)", (name, made))
        row = self.db.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
        return bytes.fromhex(row[0])

    async def close(self) -> None:
        return None  # the connection belongs to whoever opened it


class RedisState:
    """State in Redis, shared by every replica: one string key per record, with its TTL."""

    def __init__(self, url: str) -> None:
        import redis.asyncio as redis  # only needed when REDIS_URL is set

        self.client = redis.Redis.from_url(url, socket_timeout=5, socket_connect_timeout=5)

    def _key(self, kind: str, key: str) -> str:
        return f"{PREFIX}:{kind}:{key}"

    async def ping(self) -> None:
        await self.client.ping()

    async def get(self, kind: str, key: str) -> JSON | None:
        raw = await self.client.get(self._key(kind, key))
        return json.loads(raw) if raw else None

    async def put(self, kind: str, key: str, data: JSON, ttl: float) -> None:
        payload = json.dumps(data, ensure_ascii=False)
        await self.client.set(self._key(kind, key), payload, px=max(1, int(ttl * 1000)))

    async def secret(self, name: str) -> bytes:
        key = f"{PREFIX}:secret:{name}"
        await self.client.set(key, secrets.token_hex(32), nx=True)
        value = await self.client.get(key)
        return bytes.fromhex(value.decode() if isinstance(value, bytes) else str(value))

    async def close(self) -> None:
        await self.client.aclose()
