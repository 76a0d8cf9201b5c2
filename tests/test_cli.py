"""The command line: `reportbot ask` for people and scripts, the terminal chat, `--help`."""

from __future__ import annotations

import io
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from bot.chat import Conversation
from bot.cli import build_parser, main, subcommands
from bot.console import Console
from bot.engine import Engine

ROOT = Path(__file__).resolve().parents[1]


def reportbot(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TELEGRAM_")}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
        check=False,
    )


def test_ask_prints_the_answer_as_a_person_reads_it() -> None:
    done = reportbot("ask", "How many new jobs were created in 2018?")
    assert done.returncode == 0
    lines = done.stdout.splitlines()
    assert lines[0] == "110,000"
    assert "“created 110,000 new jobs”" in done.stdout
    assert "<b>" not in done.stdout


def test_ask_json_reads_stdin_and_answers_line_by_line_in_order() -> None:
    questions = ["GDP growth 2018", "", "weather tomorrow", "今年的GDP目标", "<b>jobs</b>"]
    done = reportbot("ask", "--json", stdin="\n".join(questions) + "\n")
    assert done.returncode == 0
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["query"] for r in rows] == questions
    assert [r["status"] for r in rows[:4]] == ["answered", "not_found", "not_found", "answered"]
    first = rows[0]["answers"][0]
    assert first["id"] == "gdp-growth-2018"
    assert first["figures"][0]["value"] == 7.6
    assert isinstance(first["score"], float)


def test_ask_json_flushes_each_answer_before_reading_the_next_question() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TELEGRAM_")}
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "ask", "--json"],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdin is not None
    assert process.stdout is not None
    try:
        for question in ("new jobs 2018", "new jobs 2019"):
            process.stdin.write(question + "\n")
            process.stdin.flush()
            answer = json.loads(process.stdout.readline())  # would block if not flushed
            assert answer["query"] == question
    finally:
        process.communicate(timeout=60)  # closes stdin, drains and closes stdout
    assert process.returncode == 0


@pytest.mark.parametrize(
    "code",
    [
        "import bot.cli; bot.cli.main(['ask', 'GDP'])",  # the whole `reportbot ask` path
        "import bot.knowledge, bot.engine, bot.chat, bot.console, bot.cli",  # the core
    ],
)
def test_the_core_and_the_ask_path_never_import_telegram(code: str) -> None:
    check = "import sys; assert not [m for m in sys.modules if m.split('.')[0] == 'telegram']"
    done = subprocess.run(
        [sys.executable, "-c", f"{code}; {check}"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def test_ask_json_on_a_warm_cache_imports_only_the_engine() -> None:
    """The batch path needs the engine alone: no chat layer, no validation, no YAML."""
    code = (
        "import sys, bot.cli; bot.cli.main(['ask', '--json', 'GDP']); "
        "print(sorted({m.split('.')[0] if m.split('.')[0] != 'bot' else '.'.join(m.split('.')[:2])"
        " for m in sys.modules}))"
    )
    for _ in range(2):  # the first run may build the cache
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120
        )
    assert done.returncode == 0, done.stderr
    loaded = done.stdout.splitlines()[-1]
    for heavy in ("'bot.chat'", "'telegram'", "'pydantic'", "'yaml'", "'bot.telegram'", "'babel'"):
        assert heavy not in loaded


def test_without_a_token_reportbot_starts_the_terminal_chat(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TELEGRAM_")}
    done = subprocess.run(
        [sys.executable, "-m", "bot"],
        input="GDP growth 2018\nquit\n",
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
        check=False,
        env={**env, "PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == 0
    assert "No TELEGRAM_BOT_TOKEN" in done.stderr
    assert "7.6%" in done.stdout


def test_console_shares_the_bots_commands_and_buttons(engine: Engine) -> None:
    out = io.StringIO()
    console = Console(Conversation(engine), out=out)
    console.handle("How many new jobs were created in 2018?")
    assert "[2] 2019 target ▸" in out.getvalue()
    console.handle("2")  # press the button
    assert "66,000" in out.getvalue().split("[2] 2019 target ▸")[1]
    console.handle("/section 7")
    assert "VII. We will construct a high-standard ecological environment." in out.getvalue()
    console.handle("and in 2019?")
    console.run(io.StringIO("/help\nquit\n"))
    assert "/targets" in out.getvalue()


def test_every_cli_command_has_help(capsys: pytest.CaptureFixture[str]) -> None:
    commands = subcommands(build_parser())
    assert set(commands) == {"ask", "console", "telegram", "check", "review", "reload"}
    for name in commands:
        with pytest.raises(SystemExit) as done:
            main([name, "--help"])
        assert done.value.code == 0
        assert capsys.readouterr().out.strip()


def test_ask_answers_in_the_language_asked_for() -> None:
    done = reportbot("ask", "--lang", "zh", "How many new jobs were created in 2018?")
    assert done.returncode == 0
    assert "原文（英文译本）" in done.stdout
    assert "“created 110,000 new jobs”" in done.stdout
    chinese = reportbot("ask", "去年新增就业多少？")
    assert "2018年完成情况" in chinese.stdout


def test_console_in_chinese_greets_in_chinese(engine: Engine) -> None:
    out = io.StringIO()
    Console(Conversation(engine), out=out, language="zh").run(io.StringIO("/help\nquit\n"))
    text = out.getvalue()
    assert "终端聊天" in text
    assert "命令" in text


def test_the_terminal_chat_logs_what_it_could_not_answer_scrubbed(tmp_path: Path) -> None:
    log = tmp_path / "questions.sqlite3"
    env = {k: v for k, v in os.environ.items() if not k.startswith("TELEGRAM_")}
    done = subprocess.run(
        [sys.executable, "-m", "bot", "console"],
        input="my e-mail is li.lei@example.com, what is the weather in Jiaxing?\n"
        "GDP growth 2018\n/help\nquit\n",
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
        check=False,
        env={**env, "PYTHONPATH": str(ROOT), "QUESTION_LOG": str(log),
             "QUESTION_LOG_SAMPLE": "0"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    with sqlite3.connect(log) as db:
        rows = db.execute("SELECT interface, status, question FROM questions").fetchall()
    [(interface, status, question)] = rows  # the answered one and /help are not kept
    assert (interface, status) == ("terminal", "not_found")
    assert "li.lei@example.com" not in question
    assert "weather in Jiaxing" in question


def test_the_terminal_chat_keeps_no_log_when_it_is_off(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TELEGRAM_")}
    done = subprocess.run(
        [sys.executable, "-m", "bot", "console"], input="weather?\nquit\n", capture_output=True,
        text=True, cwd=tmp_path, timeout=120, check=False,
        env={**env, "PYTHONPATH": str(ROOT), "QUESTION_LOG": "off"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert list(tmp_path.iterdir()) == []
