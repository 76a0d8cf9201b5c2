"""The bot as a separate process against a local Bot API server (TELEGRAM_API_BASE_URL)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fake_bot_api import TOKEN, FakeBotApi, serve_http

ROOT = Path(__file__).resolve().parents[1]


def wait_for(condition: Callable[[], bool], seconds: float = 30.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def api() -> FakeBotApi:
    return FakeBotApi()


@pytest.fixture
def server(api: FakeBotApi) -> Iterator[str]:
    with serve_http(api) as url:
        yield url


def start_bot(tmp_path: Path, **env: str) -> subprocess.Popen[str]:
    """`python -m bot telegram` in an empty folder (no .env), with only the given settings."""
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "WEBHOOK_", "BOT_"))
    }
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "telegram"],
        cwd=tmp_path,
        env={**clean, "PYTHONPATH": str(ROOT), "LOG_LEVEL": "DEBUG", **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def stop(process: subprocess.Popen[str]) -> tuple[int, str]:
    process.send_signal(signal.SIGTERM)
    try:
        _, err = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        _, err = process.communicate()
        pytest.fail(f"the bot did not stop on SIGTERM:\n{err}")
    return process.returncode, err


@pytest.mark.parametrize("level", ["INFO", "DEBUG"])
def test_polling_answers_and_stops_cleanly_on_sigterm(
    tmp_path: Path, api: FakeBotApi, server: str, level: str
) -> None:
    api.queue(api.message("How many new jobs were created in 2018?"))
    process = start_bot(
        tmp_path, TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL=server, LOG_LEVEL=level
    )
    try:
        assert wait_for(lambda: bool(api.sent())), "no answer was sent"
        assert wait_for(lambda: len(api.sent("setMyCommands")) == 4)  # 2 scopes × 2 languages
    finally:
        code, err = stop(process)
    assert api.texts()[0].startswith("<b>110,000</b>")
    assert code == 0, err
    assert TOKEN.split(":")[1] not in err
    assert "Traceback" not in err
    assert "started as @" in err
    if level == "INFO":  # no personal data: neither what was asked nor who asked
        assert "How many new jobs" not in err
        assert "Lin" not in err


def test_polling_survives_a_bad_gateway(tmp_path: Path, api: FakeBotApi, server: str) -> None:
    from fake_bot_api import Failure

    api.fail("getUpdates", Failure(502, "Bad Gateway"), times=2)
    api.queue(api.message("GDP growth 2018"))
    process = start_bot(tmp_path, TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL=server)
    try:
        assert wait_for(lambda: bool(api.sent()), 60), "no answer after the server recovered"
    finally:
        code, err = stop(process)
    assert code == 0, err


def test_a_token_the_server_rejects_ends_in_one_line(
    tmp_path: Path, api: FakeBotApi, server: str
) -> None:
    api.reject_token = True
    process = start_bot(
        tmp_path, TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL=server, LOG_LEVEL="WARNING"
    )
    _, err = process.communicate(timeout=60)
    assert process.returncode == 1
    assert "reportbot: Telegram rejected TELEGRAM_BOT_TOKEN" in err
    assert "Traceback" not in err
    assert TOKEN not in err


@pytest.mark.parametrize(
    ("token", "message"),
    [
        (None, "TELEGRAM_BOT_TOKEN is not set"),
        ("", "TELEGRAM_BOT_TOKEN is empty"),
        ("12345", "TELEGRAM_BOT_TOKEN does not look like a bot token"),
    ],
)
def test_a_missing_or_malformed_token_ends_in_one_line(
    tmp_path: Path, token: str | None, message: str
) -> None:
    env = {} if token is None else {"TELEGRAM_BOT_TOKEN": token}
    process = start_bot(tmp_path, **env)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 2
    assert err.strip().splitlines() == [f"reportbot: {message}" + err.strip().split(message, 1)[1]]
    assert "Traceback" not in err


def _post(url: str, update: dict[str, object], secret: str | None) -> int:
    request = urllib.request.Request(
        url,
        data=json.dumps(update).encode(),
        method="POST",
        headers={"Content-Type": "application/json"},
    )
    if secret:
        request.add_header("X-Telegram-Bot-Api-Secret-Token", secret)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)


def test_webhook_mode_registers_and_answers_posted_updates(
    tmp_path: Path, api: FakeBotApi, server: str
) -> None:
    port = free_port()
    hook = f"http://127.0.0.1:{port}/hook"
    process = start_bot(
        tmp_path,
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_API_BASE_URL=server,
        BOT_MODE="webhook",
        WEBHOOK_URL=hook,
        WEBHOOK_LISTEN="127.0.0.1",
        WEBHOOK_PORT=str(port),
        WEBHOOK_SECRET="s3cret-value",
    )
    try:
        assert wait_for(lambda: bool(api.sent("setWebhook"))), "the webhook was not registered"
        registered = api.sent("setWebhook")[0]
        assert registered["url"] == hook
        assert registered["secret_token"] == "s3cret-value"
        assert wait_for(lambda: _post(hook, api.message("/about"), "wrong") == 403, 10)
        assert api.sent() == []
        assert _post(hook, api.message("new jobs 2018"), "s3cret-value") == 200
        assert wait_for(lambda: bool(api.sent())), "no answer to the posted update"
    finally:
        code, err = stop(process)
    assert api.texts()[0].startswith("<b>110,000</b>")
    assert code == 0, err
    assert TOKEN not in err
