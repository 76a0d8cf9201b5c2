"""Settings read from the environment and `.env`: types, bounds, defaults, and secrets kept out
of sight. (The bot's one-line refusals of bad settings are tested end to end in
test_operations.py.)"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.settings import Secret, Settings, SettingsError

TOKEN = "123456789:" + "A" * 35


def test_the_environment_wins_over_the_env_file(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text(
        f'export TELEGRAM_BOT_TOKEN="{TOKEN}"\nWEBHOOK_PORT=9000\nlog_level=debug\n'
        "# a comment\nTHROTTLE_QUESTIONS=7\n",
        encoding="utf-8",
    )
    settings = Settings.from_environment({"THROTTLE_QUESTIONS": "3"}, env_file)
    assert settings.telegram_bot_token.get_secret_value() == TOKEN
    assert settings.webhook_port == 9000
    assert settings.log_level == "DEBUG"  # names and choices in any case
    assert settings.throttle_questions == 3


def test_defaults_and_types() -> None:
    settings = Settings.from_environment(
        {"TELEGRAM_BOT_TOKEN": TOKEN, "REPORTBOT_DATA_DIR": "/srv/bot", "METRICS_PORT": ""}, None
    )
    assert settings.bot_mode == "polling"
    assert settings.reportbot_data_dir == Path("/srv/bot")
    assert settings.state_file == Path("/srv/bot/state.sqlite3")
    assert settings.metrics_port is None  # empty is unset
    assert settings.context_hours == 24.0
    assert settings.question_log_config().path == Path("/srv/bot/questions.sqlite3")


def test_an_empty_question_log_turns_it_off() -> None:
    settings = Settings.of(telegram_bot_token=TOKEN, question_log="")
    assert settings.question_log_config().path is None


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({}, "TELEGRAM_BOT_TOKEN is not set"),
        ({"telegram_bot_token": "  "}, "TELEGRAM_BOT_TOKEN is empty"),
        ({"telegram_bot_token": "12345"}, "TELEGRAM_BOT_TOKEN does not look like a bot token"),
        ({"webhook_port": "80a"}, "WEBHOOK_PORT must be a whole number"),
        ({"webhook_port": "0"}, "WEBHOOK_PORT must be at least 1"),
        ({"metrics_port": "70000"}, "METRICS_PORT must be at most 65535"),
        ({"send_per_second": "0"}, "SEND_PER_SECOND must be more than 0"),
        ({"context_hours": "nan"}, "CONTEXT_HOURS must be more than 0"),
        ({"bot_mode": "push"}, "BOT_MODE must be one of polling, webhook"),
        ({"log_format": "xml"}, "LOG_FORMAT must be one of text, json"),
        ({"webhook_secret": "has space"}, "WEBHOOK_SECRET may only hold"),
        ({"question_log_days": "0"}, "QUESTION_LOG_DAYS"),
    ],
)
def test_a_bad_value_names_the_setting_and_why(values: dict[str, str], expected: str) -> None:
    given = (
        values
        if not values or "telegram_bot_token" in values
        else {"telegram_bot_token": TOKEN, **values}
    )
    with pytest.raises(SettingsError) as raised:
        Settings.of(**given)
    assert str(raised.value).startswith(expected), raised.value
    assert str(raised.value).endswith(".")
    assert TOKEN not in str(raised.value)


def test_secrets_are_never_shown() -> None:
    settings = Settings.of(telegram_bot_token=TOKEN, redis_url="redis://:pw123@host/0")
    for shown in (repr(settings), str(settings), f"{settings.redis_url}"):
        assert TOKEN not in shown
        assert "pw123" not in shown
    assert str(Secret("x")) == "**********"


def test_an_unknown_setting_is_a_programming_error() -> None:
    with pytest.raises(TypeError, match="unknown settings: colour"):
        Settings.of(telegram_bot_token=TOKEN, colour="blue")


def test_reading_settings_imports_no_validation_framework() -> None:
    """The bot's process keeps pydantic out of memory (about 10 MiB)."""
    code = "import sys, bot.settings; print('pydantic' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
