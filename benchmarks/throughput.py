"""The Telegram bot's memory and throughput, printed: `python -m benchmarks.throughput`.

`reportbot telegram` runs as its own process against the fake Bot API of tests/fake_bot_api.py
served over HTTP (no flood limits, and the bot's own 30 messages/s limit lifted with
SEND_PER_SECOND), with its state file in a temporary folder. Printed: its
resident memory (VmRSS) idle after start, then after answering one question from each of
`--chats` distinct private chats (50,000 by default; at most `--window` of them waiting for an
answer at any time, as when Telegram delivers updates as they come), and the updates answered
per second.
The engine's cache is built before the bot starts, as in a deployment. Memory should stay
flat: a chat's state lives in the store, not in the process.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from fake_bot_api import TOKEN, FakeBotApi, serve_http  # noqa: E402

QUESTIONS = ("new jobs 2018", "GDP growth 2019", "what about the airport?", "嘉兴的GDP增长多少",
             "how many kindergartens will be built", "hello", "/targets")  # fmt: skip


def private(api: FakeBotApi, text: str, user: int) -> dict[str, object]:
    """A message in the private chat of `user`."""
    update = api.message(text, user=api.user(user))
    update["message"]["chat"] = api.chat(chat_id=user)
    return update


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def answered(api: FakeBotApi) -> int:
    return sum(1 for c in api.calls if c.method == "sendMessage" and c.status == 200)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.throughput", description=__doc__)
    parser.add_argument("--chats", type=int, default=50_000)
    parser.add_argument(
        "--window", type=int, default=500, help="questions waiting for an answer at most"
    )
    args = parser.parse_args(argv)
    api = FakeBotApi()
    with tempfile.TemporaryDirectory() as folder, serve_http(api) as url:
        env = {**os.environ, "PYTHONPATH": str(ROOT), "TELEGRAM_BOT_TOKEN": TOKEN,
               "TELEGRAM_API_BASE_URL": url, "REPORTBOT_DATA_DIR": folder,
               "QUESTION_LOG": "off", "LOG_LEVEL": "WARNING",
               "SEND_PER_SECOND": "100000"}  # the fake has no broadcast limit  # fmt: skip
        # The engine's cache built first, as a deployment does (the container at build time):
        # a bot that builds it itself holds the memory building took.
        subprocess.run([sys.executable, "-m", "bot", "ask", "warm"], env=env, check=True,
                       capture_output=True)  # fmt: skip
        bot = subprocess.Popen(
            [sys.executable, "-m", "bot", "telegram"], env=env, stderr=subprocess.DEVNULL
        )
        try:
            while not any(c.method == "getUpdates" for c in api.calls):
                time.sleep(0.05)
            for n, text in enumerate(QUESTIONS):  # every lazy part loaded: typos, Chinese...
                api.queue(private(api, text, n + 1))
            while answered(api) < len(QUESTIONS):
                time.sleep(0.05)
            time.sleep(2)
            idle = rss_mib(bot.pid)
            marks: list[tuple[int, float]] = []
            start = time.monotonic()
            target = args.chats + len(QUESTIONS)
            queued, last, stalled = 0, 0, time.monotonic()
            while answered(api) < target:
                now = answered(api)
                # Telegram hands updates over as they come: at most --window unanswered.
                while queued < args.chats and queued - (now - len(QUESTIONS)) < args.window:
                    api.queue(private(api, QUESTIONS[queued % len(QUESTIONS)], 10_000 + queued))
                    queued += 1
                time.sleep(0.2)
                now = answered(api)
                if not marks or now - marks[-1][0] >= args.chats // 5:
                    marks.append((now - len(QUESTIONS), rss_mib(bot.pid)))
                if now != last:
                    last, stalled = now, time.monotonic()
                elif time.monotonic() - stalled > 60:
                    break
            took = time.monotonic() - start
            time.sleep(2)
            after = rss_mib(bot.pid)
        finally:
            bot.terminate()
            bot.wait(timeout=30)
    done = answered(api) - len(QUESTIONS)
    print(f"reportbot telegram against the fake Bot API over HTTP, {args.chats:,} distinct chats")
    print(f"  RSS idle, after one question of each kind: {idle:6.1f} MiB")
    for count, rss in marks:
        print(f"  RSS after {count:6,} chats:                {rss:6.1f} MiB")
    print(f"  RSS after {done:6,} chats answered:       {after:6.1f} MiB ({after - idle:+.1f} MiB)")
    print(f"  throughput: {done / took:.0f} updates/s ({took:.0f} s); the bot sends at most")
    print("  SEND_PER_SECOND messages a second (30 by default, Telegram's limit); lifted here")


if __name__ == "__main__":
    main()
