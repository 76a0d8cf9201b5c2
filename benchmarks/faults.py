"""Delivery under faults, printed (never asserted): `python -m benchmarks.faults`.

The whole running bot (polling, inbox, dispatch, sending) in process, against the fake Bot API
of tests/fake_bot_api.py with Telegram-like flood control (3 sends per 3 s per chat, retry
after 5 s), for each fault:

- flood: one user sends 300 messages in 10 s while 40 other users ask one question each;
- 502 for 10 s, and 429 for 10 s, on every send, with 20 users asking;
- an API that answers 8 s late, 10 users;
- one update the library cannot read, among 10.

Printed per fault: bystanders' wait from question to accepted answer (p50 / p99), answers
lost (a question with no answer), duplicates (an update answered twice), and tracebacks in the
bot's log. `--kill` adds kill -9 with 100 questions in flight, as a separate process.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import logging
import os
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from fake_bot_api import TOKEN, ChatLimit, Failure, FakeBotApi, FakeRequest, serve_http  # noqa: E402

from bot.engine import Engine  # noqa: E402
from bot.loading import load_engine  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.telegram import logs  # noqa: E402
from bot.telegram.service import Service  # noqa: E402

JSON = dict[str, Any]


@dataclass
class Outcome:
    name: str
    waits: list[float]
    lost: int
    duplicates: int
    tracebacks: int

    def line(self) -> str:
        ordered = sorted(self.waits) or [float("nan")]
        p50 = ordered[len(ordered) // 2]
        p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
        return (
            f"  {self.name:28s} bystanders p50 {p50:6.2f} s  p99 {p99:6.2f} s   "
            f"lost {self.lost:3d}   duplicates {self.duplicates:3d}   "
            f"tracebacks {self.tracebacks}"
        )


def question(api: FakeBotApi, user: int, text: str) -> JSON:
    update = api.message(text, user=api.user(user, f"User{user}"))
    update["message"]["chat"] = api.chat(chat_id=user)
    return update


def first_answer(api: FakeBotApi, chat: int) -> float | None:
    for call in api.calls:
        if call.method == "sendMessage" and call.status == 200 and call.params["chat_id"] == chat:
            return call.at
    return None


async def scenario(
    name: str,
    engine: Engine,
    setup: Callable[[FakeBotApi], None],
    play: Callable[[FakeBotApi, dict[int, float]], Awaitable[None]],
    *,
    expected: Callable[[dict[int, float]], dict[int, int]],
    settle: float,
) -> Outcome:
    api = FakeBotApi()
    api.chat_limit = ChatLimit(count=3, seconds=3.0, retry_after=5)
    setup(api)
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(logs.Scrubbed())
    handler.setFormatter(logs.TextFormatter((TOKEN,)))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    asked: dict[int, float] = {}
    with tempfile.TemporaryDirectory() as data:
        settings = Settings.of(
            telegram_bot_token=TOKEN, reportbot_data_dir=Path(data),
            question_log="off",
        )  # fmt: skip
        service = Service(settings, engine, request=FakeRequest(api, poll_delay=0.01))
        task = asyncio.create_task(service.run())
        while True:
            if any(c.method == "getUpdates" for c in api.calls):
                break
            await asyncio.sleep(0.01)
        await play(api, asked)
        wanted = expected(asked)
        deadline = time.monotonic() + settle
        while time.monotonic() < deadline:
            answered = Counter(int(p["chat_id"]) for p in api.sent())
            if all(answered[c] >= n for c, n in wanted.items()):
                break
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.5)
        service.stop.set()
        await task
    root.removeHandler(handler)
    answered = Counter(int(p["chat_id"]) for p in api.sent())
    waits = [t - asked[u] for u in asked if (t := first_answer(api, u)) is not None]
    lost = sum(max(0, n - answered[c]) for c, n in wanted.items())
    duplicates = sum(max(0, answered[c] - n) for c, n in wanted.items())
    return Outcome(name, waits, lost, duplicates, stream.getvalue().count("Traceback"))


async def ask_all(api: FakeBotApi, asked: dict[int, float], users: range, gap: float) -> None:
    for user in users:
        api.queue(question(api, user, "new jobs 2018"))
        asked[user] = time.monotonic()
        await asyncio.sleep(gap)


async def flood(api: FakeBotApi, asked: dict[int, float]) -> None:
    bystanders = iter(range(100, 140))
    for n in range(300):
        api.queue(question(api, 1, f"GDP growth question {n}"))
        if n % 8 == 4:
            user = next(bystanders, None)
            if user is not None:
                api.queue(question(api, user, "new jobs 2018"))
                asked[user] = time.monotonic()
        await asyncio.sleep(10 / 300)


def everyone_once(asked: dict[int, float]) -> dict[int, int]:
    return dict.fromkeys(asked, 1)


async def run(kill: bool) -> None:
    engine = load_engine()
    random.seed(1)
    outcomes = [
        await scenario("flood 300 msgs / 10 s", engine, lambda api: None, flood,
                       expected=everyone_once, settle=60),
        await scenario("sendMessage 502 for 10 s", engine,
                       lambda api: api.outage("sendMessage", 10, Failure(502, "Bad Gateway")),
                       lambda api, asked: ask_all(api, asked, range(200, 220), 0.05),
                       expected=everyone_once, settle=90),
        await scenario("sendMessage 429 for 10 s", engine,
                       lambda api: api.outage(
                           "sendMessage", 10, Failure(429, "Too Many Requests", retry_after=2)
                       ),
                       lambda api, asked: ask_all(api, asked, range(300, 320), 0.05),
                       expected=everyone_once, settle=90),
        await scenario("API answering 8 s late", engine,
                       lambda api: api.delays.__setitem__("sendMessage", 8.0),
                       lambda api, asked: ask_all(api, asked, range(400, 410), 0.05),
                       expected=everyone_once, settle=60),
        await scenario("one unreadable update", engine,
                       lambda api: api.queue({"update_id": next(api._ids),
                                              "message": {"chat": "x"}}),
                       lambda api, asked: ask_all(api, asked, range(500, 510), 0.05),
                       expected=everyone_once, settle=30),
    ]  # fmt: skip
    print("delivery under faults (bystanders: users other than a flooder; all times to the")
    print("answer accepted by the fake Bot API)")
    for outcome in outcomes:
        print(outcome.line(), flush=True)
    if kill:
        print(kill_9(), flush=True)


def kill_9() -> str:
    """kill -9 with 100 questions in flight, then a restart on the same state file."""
    api = FakeBotApi()
    api.delays["sendMessage"] = 0.02
    users = range(1000, 1100)
    for user in users:
        api.queue(question(api, user, "new jobs 2018"))
    with tempfile.TemporaryDirectory() as folder, serve_http(api) as url:
        env = {**os.environ, "PYTHONPATH": str(ROOT), "TELEGRAM_BOT_TOKEN": TOKEN,
               "TELEGRAM_API_BASE_URL": url, "REPORTBOT_DATA_DIR": folder,
               "QUESTION_LOG": "off"}  # fmt: skip
        command = [sys.executable, "-m", "bot", "telegram"]
        first = subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True)
        while len({p["chat_id"] for p in api.sent()}) < 10:
            time.sleep(0.01)
        first.kill()
        first.communicate()
        at_kill = len({p["chat_id"] for p in api.sent()})
        second = subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 60
        while len({p["chat_id"] for p in api.sent()}) < len(users) and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.5)
        second.terminate()
        _, err = second.communicate()
    answered = Counter(int(p["chat_id"]) for p in api.sent())
    lost = sum(1 for u in users if not answered[u])
    duplicates = sum(n - 1 for n in answered.values() if n > 1)
    return (
        f"  {'kill -9, 100 in flight':28s} answered before the kill {at_kill:3d}   "
        f"lost {lost:3d}   duplicates {duplicates:3d}   tracebacks {err.count('Traceback')}"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.faults", description=__doc__)
    parser.add_argument("--kill", action="store_true", help="add the kill -9 scenario")
    args = parser.parse_args(argv)
    asyncio.run(run(args.kill))


if __name__ == "__main__":
    main()
