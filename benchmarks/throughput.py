"""Updates per second through the real Telegram Application, over the in-memory fake Bot API.

Usage: python -m benchmarks.throughput [--updates N]
A mix of private questions (from the question sets), commands, button presses, inline queries
and group chatter, handled one after another and then concurrently; prints updates per second
and the memory the bot holds while doing so.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

from telegram import Update

from benchmarks import peak_rss_mib
from benchmarks.quality import DEV_SETS, load_questions
from bot.chat import Conversation
from bot.engine import Engine
from bot.knowledge import load_knowledge
from bot.settings import Settings
from bot.telegram.app import build_application

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from fake_bot_api import TOKEN, FakeBotApi, FakeRequest


def updates(api: FakeBotApi, count: int) -> list[dict[str, Any]]:
    """`count` updates: questions, commands, buttons, inline queries and group chatter."""
    questions = [q.q for q in [q for path in DEV_SETS for q in load_questions(path)]]
    message = {"message_id": 1, "date": 0, "chat": api.chat(), "text": "x", "from": api.bot_user()}
    commands = ["/targets", "/section 7", "/help", "/compare"]
    buttons = ["f:new-jobs-2018", "t::1", "s:task-7:0", "n:task-3:1"]
    inline = ["gdp", "jobs", "", "air"]
    made = []
    for i in range(count):
        kind = i % 6
        if kind < 2:
            made.append(api.message(questions[(i * 7 + kind) % len(questions)]))
        elif kind == 2:
            made.append(api.message(commands[i % 4]))
        elif kind == 3:
            made.append(api.callback(buttons[i % 4], message=message))
        elif kind == 4:
            made.append(api.inline(inline[i % 4]))
        else:
            made.append(api.message("just chatting here", chat_type="group"))
    return made


async def measure(count: int, *, rate_limit: bool) -> tuple[float, float, int, float]:
    """(updates/s one at a time, updates/s concurrently, Bot API calls, peak MiB)."""
    api = FakeBotApi()
    settings = Settings(telegram_bot_token=TOKEN, _env_file=None)
    app = build_application(
        settings,
        Conversation(Engine(load_knowledge())),
        request=FakeRequest(api),
        updates_request=FakeRequest(api),
        rate_limit=rate_limit,
    )
    await app.initialize()
    batch = [Update.de_json(u, app.bot) for u in updates(api, count)]
    start = time.perf_counter()
    for update in batch:
        await app.process_update(update)
    sequential = count / (time.perf_counter() - start)

    batch = [Update.de_json(u, app.bot) for u in updates(api, count)]
    limit = asyncio.Semaphore(256)  # python-telegram-bot's default for concurrent updates

    async def handle(update: Update) -> None:
        async with limit:
            await app.process_update(update)

    start = time.perf_counter()
    await asyncio.gather(*(handle(u) for u in batch))
    concurrent = count / (time.perf_counter() - start)

    batch = [Update.de_json(u, app.bot) for u in updates(api, count)]
    tracemalloc.start()  # a third, traced pass: tracing slows it, so it is not timed
    await asyncio.gather(*(handle(u) for u in batch))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    await app.shutdown()
    return sequential, concurrent, len(api.calls), peak / 2**20


async def run(count: int) -> None:
    print(f"Telegram bot over the fake Bot API: {count} updates of a mixed workload")
    own = await measure(count, rate_limit=False)
    print(
        f"  the bot's own speed:   {own[0]:6.0f} updates/s one at a time, "
        f"{own[1]:6.0f} updates/s concurrently; {own[2]} Bot API calls"
    )
    print(f"  peak memory allocated while handling them: {own[3]:.1f} MiB (tracemalloc)")
    small = max(200, count // 10)
    limited = await measure(small, rate_limit=True)
    print(
        f"  with Telegram's flood limits applied (AIORateLimiter, as deployed), {small} updates: "
        f"{limited[1]:.0f} updates/s"
    )
    if (rss := peak_rss_mib()) is not None:
        print(f"  peak resident memory of the process: {rss:.0f} MiB")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--updates", type=int, default=3000)
    args = parser.parse_args(argv)
    asyncio.run(run(args.updates))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
