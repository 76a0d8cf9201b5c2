"""Never lose a question, never let one user stall the others: the running service (polling,
inbox, dispatch, sending) against a fake Bot API that rate-limits, fails and answers late."""

from __future__ import annotations

import asyncio
import logging
import time
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from fake_bot_api import TOKEN, ChatLimit, Failure, FakeBotApi, FakeRequest

from bot.engine import Engine
from bot.settings import Settings
from bot.telegram.service import Service

JSON = dict[str, Any]


def question(api: FakeBotApi, user: int, text: str) -> JSON:
    """A private message from `user` (whose private chat has the same id)."""
    update = api.message(text, user=api.user(user, f"User{user}"))
    update["message"]["chat"] = api.chat(chat_id=user)
    return update


def answers_by_chat(api: FakeBotApi) -> Counter[int]:
    return Counter(int(p["chat_id"]) for p in api.sent())


async def until(condition: Any, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting")
        await asyncio.sleep(0.01)


@asynccontextmanager
async def running(
    tmp_path: Path, api: FakeBotApi, engine: Engine, **settings: Any
) -> AsyncIterator[Service]:
    config = Settings.of(
        telegram_bot_token=TOKEN,
        reportbot_data_dir=tmp_path / "data",
        question_log="off",
        **settings,
    )
    service = Service(config, engine, request=FakeRequest(api, poll_delay=0.01))
    task = asyncio.create_task(service.run())
    await until(lambda: any(c.method == "getUpdates" for c in api.calls) or task.done())
    try:
        yield service
    finally:
        service.stop.set()
        assert await task == 0


@pytest.fixture
def api() -> FakeBotApi:
    return FakeBotApi()


async def test_a_flood_from_one_user_does_not_stall_the_others(
    tmp_path: Path, api: FakeBotApi, engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    api.chat_limit = ChatLimit(count=3, seconds=3.0, retry_after=5)  # as Telegram's
    async with running(tmp_path, api, engine, throttle_questions=5, throttle_seconds=10):
        for n in range(300):
            api.queue(question(api, 1, f"GDP growth {n}"))
        await asyncio.sleep(0.3)  # the flood is in
        asked: dict[int, float] = {}
        for user in (2, 3, 4):
            api.queue(question(api, user, "new jobs 2018"))
            asked[user] = time.monotonic()
            await asyncio.sleep(0.05)
        await until(lambda: all(answers_by_chat(api)[u] == 1 for u in asked))
        waits = {
            u: next(c.at for c in api.calls if c.status == 200 and c.params.get("chat_id") == u)
            - asked[u]
            for u in asked
        }
        await until(lambda: answers_by_chat(api)[1] == 6, 30)  # 5 answers and one "slow down"
    assert max(waits.values()) < 1.0, waits
    flooder = [p["text"] for p in api.sent() if p["chat_id"] == 1]
    assert sum("a lot of questions" in t for t in flooder) == 1
    assert "Traceback" not in caplog.text


async def test_a_rate_limit_for_one_chat_delays_that_chat_only(
    tmp_path: Path, api: FakeBotApi, engine: Engine
) -> None:
    api.fail("sendMessage", Failure(429, "Too Many Requests", retry_after=3))
    async with running(tmp_path, api, engine):
        api.queue(question(api, 10, "GDP growth 2018"))
        await until(lambda: bool(api.attempts()))
        started = time.monotonic()
        api.queue(question(api, 11, "new jobs 2018"))
        await until(lambda: answers_by_chat(api)[11] == 1)
        other = time.monotonic() - started
        await until(lambda: answers_by_chat(api)[10] == 1)
        limited = time.monotonic() - started
    assert other < 1.0
    assert limited >= 2.5  # waited out its retry_after
    assert answers_by_chat(api) == Counter({10: 1, 11: 1})


@pytest.mark.parametrize(
    "failure",
    [Failure(502, "Bad Gateway"), Failure(429, "Too Many Requests", retry_after=1)],
    ids=["502", "429"],
)
async def test_an_outage_of_send_loses_no_answer_and_repeats_none(
    tmp_path: Path, api: FakeBotApi, engine: Engine, failure: Failure,
    caplog: pytest.LogCaptureFixture,
) -> None:  # fmt: skip
    api.outage("sendMessage", 3.0, failure)
    async with running(tmp_path, api, engine):
        for user in range(20, 25):
            api.queue(question(api, user, "new jobs 2018"))
        await until(lambda: len(answers_by_chat(api)) == 5, 40)
        await asyncio.sleep(0.3)
    assert answers_by_chat(api) == Counter(dict.fromkeys(range(20, 25), 1))
    assert all(t.startswith("<b>110,000</b>") for t in api.texts())
    assert "Traceback" not in caplog.text


async def test_an_api_that_answers_late_is_waited_for_not_repeated(
    tmp_path: Path, api: FakeBotApi, engine: Engine
) -> None:
    api.delays["sendMessage"] = 6.0  # later than python-telegram-bot's default 5 s timeout
    async with running(tmp_path, api, engine):
        for user in (30, 31, 32):
            api.queue(question(api, user, "new jobs 2018"))
        await until(lambda: len(answers_by_chat(api)) == 3, 30)
        await asyncio.sleep(0.5)
    assert answers_by_chat(api) == Counter({30: 1, 31: 1, 32: 1})
    assert not any("went wrong" in t or "couldn't send" in t for t in api.texts())


async def test_past_the_deadline_the_user_gets_one_short_apology(
    tmp_path: Path, api: FakeBotApi, engine: Engine
) -> None:
    # Telegram asks for a wait longer than the deadline allows, once.
    api.fail("sendMessage", Failure(429, "Too Many Requests", retry_after=8))
    async with running(tmp_path, api, engine, send_deadline=5):
        api.queue(question(api, 40, "new jobs 2018"))
        await until(lambda: answers_by_chat(api)[40] == 1, 30)
        await asyncio.sleep(0.3)
    [text] = api.texts()
    assert "couldn't send my answer in time" in text


async def test_an_update_the_library_cannot_read_is_skipped_once(
    tmp_path: Path, api: FakeBotApi, engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    poison = {"update_id": 900001, "message": {"message_id": 1, "date": 0, "chat": "oops"}}
    with caplog.at_level(logging.DEBUG):
        async with running(tmp_path, api, engine):
            api.queue(poison)
            api.queue(question(api, 50, "new jobs 2018"))
            await until(lambda: answers_by_chat(api)[50] == 1)
            await asyncio.sleep(0.2)
    ours = [r for r in caplog.records if r.name.startswith("bot.")]
    skipped = [r.getMessage() for r in ours if "cannot be read" in r.getMessage()]
    assert skipped == ["skipping update 900001: it cannot be read (TypeError)"]
    assert not any("oops" in r.getMessage() or r.exc_info for r in ours)
    fetched = [c for c in api.calls if c.method == "getUpdates"]
    assert int(fetched[-1].params["offset"]) > 900001  # confirmed, not fetched forever


async def test_a_restart_answers_what_the_last_run_left_and_drops_the_stale(
    tmp_path: Path, api: FakeBotApi, engine: Engine
) -> None:
    from bot.store.inbox import Inbox
    from bot.store.sqlite import connect

    data = tmp_path / "data"
    inbox = Inbox(connect(data / "state.sqlite3"))
    fresh, stale = question(api, 60, "new jobs 2018"), question(api, 61, "GDP growth 2018")
    inbox.add(fresh["update_id"], fresh)
    inbox.add(stale["update_id"], stale)
    inbox.db.execute("UPDATE inbox SET received = received - 3600 WHERE update_id = ?",
                     (stale["update_id"],))  # fmt: skip
    async with running(tmp_path, api, engine, replay_minutes=10):
        await until(lambda: answers_by_chat(api)[60] == 1)
        await asyncio.sleep(0.3)
    assert answers_by_chat(api) == Counter({60: 1})
    assert inbox.pending() == []


async def test_a_reply_cut_off_mid_way_sends_only_its_remaining_parts(
    tmp_path: Path, api: FakeBotApi, engine: Engine
) -> None:
    from bot.store.inbox import Inbox
    from bot.store.sqlite import connect

    inbox = Inbox(connect(tmp_path / "data" / "state.sqlite3"))
    update = question(api, 70, "/section 7")
    inbox.add(update["update_id"], update)
    parts = [{"method": "sendMessage", "params": {"chat_id": 70, "text": f"part {n}"}}
             for n in range(3)]  # fmt: skip
    inbox.plan(update["update_id"], {"calls": parts, "apology": []})
    inbox.accepted(update["update_id"], 1)  # part 0 went before the crash
    async with running(tmp_path, api, engine):
        await until(lambda: answers_by_chat(api)[70] == 2)
        await asyncio.sleep(0.3)
    assert api.texts() == ["part 1", "part 2"]
