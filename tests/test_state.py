"""State that survives restarts and is shared by replicas: a real SQLite file, a real Redis."""

from __future__ import annotations

import asyncio
import re
import sqlite3
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from fake_bot_api import TOKEN, FakeBotApi, FakeRequest
from telegram.ext import Application

from bot.chat import Conversation
from bot.engine import Engine
from bot.settings import Settings
from bot.store.inbox import Inbox
from bot.store.sqlite import VERSION, StoreError, connect
from bot.store.state import RedisState, SQLiteState, StateStore
from bot.telegram.app import build_application
from bot.telegram.dispatch import Dispatcher
from bot.telegram.persistence import StorePersistence
from bot.telegram.services import Services


@pytest.fixture(scope="module")
def conversation(engine: Engine) -> Conversation:
    return Conversation(engine)


# ------------------------------------------------------------------ the SQLite file
def test_the_state_file_is_created_with_its_folder_and_schema(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "state.sqlite3"
    connect(path).close()
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == VERSION
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"inbox", "state", "meta"} <= tables


def test_a_file_from_a_newer_release_is_refused_not_misread(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {VERSION + 1}")
    with pytest.raises(StoreError, match="newer release"):
        connect(path)


def test_a_file_that_is_not_a_database_is_refused_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    path.write_bytes(b"this is not SQLite" * 100)
    with pytest.raises(StoreError, match=r"cannot open the state file state\.sqlite3"):
        connect(path)


def test_inbox_keeps_an_update_until_handled_then_only_its_number(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    inbox = Inbox(connect(path))
    body = {"update_id": 7, "message": {"text": "my phone is 13912345678, GDP?"}}
    assert inbox.add(7, body)
    assert not inbox.add(7, body)  # Telegram sent it twice: one answer
    [pending] = inbox.pending()
    assert pending.body == body
    inbox.plan(7, {"calls": [{"method": "sendMessage", "params": {"text": "x"}}], "apology": []})
    inbox.accepted(7, 1)
    assert inbox.pending()[0].sent == 1
    inbox.finish(7)
    assert inbox.pending() == []
    assert not inbox.add(7, body)  # still refused as a repeat
    inbox.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    stored = b"".join(p.read_bytes() for p in tmp_path.iterdir())
    assert b"13912345678" not in stored  # the message itself is gone from the file


def test_inbox_hands_out_the_oldest_updates_first_and_no_more_than_asked(
    tmp_path: Path,
) -> None:
    """A backlog stays on disk: taking room for a few reads only those few."""
    inbox = Inbox(connect(tmp_path / "state.sqlite3"))
    for number in (5, 3, 9, 1, 7):
        inbox.add(number, {"update_id": number})
    assert [p.update_id for p in inbox.pending(limit=2)] == [1, 3]
    assert [p.update_id for p in inbox.pending()] == [1, 3, 5, 7, 9]


def test_inbox_forgets_numbers_after_a_day(tmp_path: Path) -> None:
    now = [1_000_000.0]
    inbox = Inbox(connect(tmp_path / "s.sqlite3"), clock=lambda: now[0])
    inbox.add(1, {"update_id": 1})
    inbox.finish(1)
    inbox.add(2, {"update_id": 2})  # not handled: kept whatever its age
    now[0] += 86_401
    assert inbox.purge() == 1
    assert [p.update_id for p in inbox.pending()] == [2]


async def test_sqlite_state_expires_and_keeps_its_secrets(tmp_path: Path) -> None:
    now = [1000.0]
    path = tmp_path / "s.sqlite3"
    store = SQLiteState(connect(path), clock=lambda: now[0])
    await store.put("chat", "k", {"a": 1}, ttl=60)
    assert await store.get("chat", "k") == {"a": 1}
    now[0] += 61
    assert await store.get("chat", "k") is None
    assert store.expire() == 1
    secret = await store.secret("ids")
    assert len(secret) == 32
    again = SQLiteState(connect(path))
    assert await again.secret("ids") == secret  # the same after a restart


# ------------------------------------------------------------------ bots over a store
@dataclass
class Bot:
    app: Application  # type: ignore[type-arg]
    dispatcher: Dispatcher
    api: FakeBotApi

    async def say(self, text: str, chat_id: int = 42) -> list[str]:
        before = len(self.api.sent())
        update = self.api.message(text, user=self.api.user(chat_id))
        update["message"]["chat"] = self.api.chat(chat_id=chat_id)
        self.dispatcher.submit(update["update_id"], update)
        for _ in range(4000):  # 20 s at most
            if not self.dispatcher.in_flight:
                break
            await asyncio.sleep(0.005)
        return self.api.texts()[before:]


@pytest.fixture
async def make_bot(
    conversation: Conversation,
) -> AsyncIterator[Callable[[StateStore], Bot]]:
    started: list[Bot] = []
    stores: list[StateStore] = []

    async def start(store: StateStore) -> Bot:
        stores.append(store)
        api = FakeBotApi()
        settings = Settings.of(telegram_bot_token=TOKEN)
        key = await store.secret("ids")
        app = build_application(
            settings,
            conversation,
            request=FakeRequest(api),
            persistence=StorePersistence(store, key, ttl=3600),
        )
        services: Services = app.bot_data[Services.KEY]
        services.store = store
        await app.initialize()
        bot = Bot(app, Dispatcher(app, services.delivery), api)
        started.append(bot)
        return bot

    yield start  # type: ignore[misc]
    for bot in started:
        if bot.app._initialized:
            await bot.app.shutdown()
    for store in stores:
        await store.close()


async def test_a_restart_keeps_the_follow_up_context(
    tmp_path: Path, make_bot: Callable[[StateStore], object]
) -> None:
    path = tmp_path / "state.sqlite3"
    first: Bot = await make_bot(SQLiteState(connect(path)))  # type: ignore[misc]
    await first.say("new jobs last year")
    await first.app.shutdown()
    second: Bot = await make_bot(SQLiteState(connect(path)))  # type: ignore[misc]
    [text] = await second.say("and in 2019?")
    assert text.startswith("<b>66,000</b>")


async def test_the_store_holds_no_chat_id_and_memory_holds_no_finished_chat(
    tmp_path: Path, make_bot: Callable[[StateStore], object]
) -> None:
    path = tmp_path / "state.sqlite3"
    bot: Bot = await make_bot(SQLiteState(connect(path)))  # type: ignore[misc]
    for chat_id in range(987650, 987650 + 30):
        await bot.say("new jobs 2018", chat_id=chat_id)
    assert len(bot.app.chat_data) == 0  # every finished chat left memory
    assert len(bot.app.user_data) == 0
    with sqlite3.connect(path) as db:
        rows = db.execute("SELECT kind, key, data FROM state").fetchall()
    assert len([r for r in rows if r[0] == "chat"]) == 30
    # No chat id as a number of its own (the digits may occur inside a hash or a score).
    ids = re.compile(r"(?<![0-9a-f.])9876[5-7][0-9](?![0-9a-f])")
    assert not any(ids.search(key) or ids.search(data) for _, key, data in rows)


async def test_two_replicas_sharing_redis_answer_a_follow_up_across(
    redis_url: str, make_bot: Callable[[StateStore], object]
) -> None:
    one: Bot = await make_bot(RedisState(redis_url))  # type: ignore[misc]
    two: Bot = await make_bot(RedisState(redis_url))  # type: ignore[misc]
    await one.say("new jobs last year", chat_id=5151)
    [text] = await two.say("and in 2019?", chat_id=5151)  # the other replica
    assert text.startswith("<b>66,000</b>")
    [chosen] = await one.say("/language zh", chat_id=5151)
    assert "中文" in chosen
    [answer] = await two.say("GDP growth 2018", chat_id=5151)
    assert "2018年" in answer  # the language chosen on one replica holds on the other


async def test_redis_records_expire(redis_url: str) -> None:
    store = RedisState(redis_url)
    await store.put("chat", "short-lived", {"a": 1}, ttl=0.2)
    assert await store.get("chat", "short-lived") == {"a": 1}
    await asyncio.sleep(0.4)
    assert await store.get("chat", "short-lived") is None
    other = RedisState(redis_url)
    assert await store.secret("ids") == await other.secret("ids")
    await store.close()
    await other.close()
