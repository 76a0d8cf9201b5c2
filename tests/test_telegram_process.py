"""The bot as a separate process against a local Bot API server (TELEGRAM_API_BASE_URL)."""

from __future__ import annotations

from pathlib import Path

import pytest
from bot_process import free_port, post, start_bot, stop, wait_for
from fake_bot_api import TOKEN, FakeBotApi


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


def test_webhook_mode_registers_and_answers_posted_updates(
    tmp_path: Path, api: FakeBotApi, server: str
) -> None:
    port = free_port()
    public = "https://bot.example.org/hook"  # behind a TLS proxy that forwards to the port
    hook = f"http://127.0.0.1:{port}/hook"
    process = start_bot(
        tmp_path,
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_API_BASE_URL=server,
        BOT_MODE="webhook",
        WEBHOOK_URL=public,
        WEBHOOK_LISTEN="127.0.0.1",
        WEBHOOK_PORT=str(port),
        WEBHOOK_SECRET="s3cret-value",
    )
    try:
        assert wait_for(lambda: bool(api.sent("setWebhook"))), "the webhook was not registered"
        registered = api.sent("setWebhook")[0]
        assert registered["url"] == public
        assert registered["secret_token"] == "s3cret-value"
        assert wait_for(lambda: post(hook, api.message("/about"), "wrong") == 403, 10)
        assert api.sent() == []
        assert post(hook, api.message("new jobs 2018"), "s3cret-value") == 200
        assert wait_for(lambda: bool(api.sent())), "no answer to the posted update"
    finally:
        code, err = stop(process)
    assert api.texts()[0].startswith("<b>110,000</b>")
    assert code == 0, err
    assert TOKEN not in err
