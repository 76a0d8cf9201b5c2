"""The bot as an operator runs it: a real process, a real state file, signals, its HTTP
endpoints and its configuration errors, against the fake Bot API over HTTP."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

import pytest
from bot_process import ROOT, free_port, post, start_bot, stop, wait_for
from fake_bot_api import TOKEN, Failure, FakeBotApi

Env = dict[str, str]


def question(api: FakeBotApi, user: int, text: str, name: str = "Lin") -> dict[str, object]:
    update = api.message(text, user=api.user(user, name))
    update["message"]["chat"] = api.chat(chat_id=user)
    return update


def chats_answered(api: FakeBotApi) -> Counter[int]:
    return Counter(int(p["chat_id"]) for p in api.sent())


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return int(response.status), response.read().decode()
    except urllib.error.HTTPError as error:
        return int(error.code), error.read().decode()


def raw_post(url: str, body: bytes, secret: str) -> int:
    request = urllib.request.Request(url, data=body, method="POST")
    request.add_header("X-Telegram-Bot-Api-Secret-Token", secret)
    request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


# ------------------------------------------------------------------ no question lost
def test_kill_9_with_questions_in_flight_loses_none(
    tmp_path: Path, api: FakeBotApi, server: str
) -> None:
    api.delays["sendMessage"] = 0.02
    users = range(1000, 1100)
    for user in users:
        api.queue(question(api, user, "new jobs 2018"))
    env = {"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": server}
    first = start_bot(tmp_path, **env)
    try:
        assert wait_for(lambda: len(chats_answered(api)) >= 10), "the bot answered nothing"
    finally:
        first.kill()  # SIGKILL: no clean-up of any kind
        first.communicate(timeout=30)
    at_kill = len(chats_answered(api))
    assert at_kill < len(users), "everything was answered before the kill: nothing tested"
    second = start_bot(tmp_path, **env)
    try:
        assert wait_for(lambda: set(chats_answered(api)) == set(users), 60), "questions lost"
        time.sleep(0.5)
    finally:
        code, err = stop(second)
    assert code == 0, err
    answered = chats_answered(api)
    repeated = {u: n for u, n in answered.items() if n > 1}
    # A reply Telegram took just as the process died is sent again: at most one per worker.
    assert len(repeated) <= 32, repeated
    assert "the last run left unanswered" in err


def test_sigterm_finishes_what_is_in_hand_and_keeps_the_rest(
    tmp_path: Path, api: FakeBotApi, server: str
) -> None:
    api.delays["sendMessage"] = 0.05
    users = range(2000, 2600)
    for user in users:
        api.queue(question(api, user, "GDP growth 2018"))
    env = {"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": server, "SHUTDOWN_GRACE": "8"}
    first = start_bot(tmp_path, **env)
    assert wait_for(lambda: len(chats_answered(api)) >= 20)
    began = time.monotonic()
    code, err = stop(first)
    took = time.monotonic() - began
    assert code == 0, err
    assert took < 8 + 3
    assert "left in the inbox for the next start" in err
    left = len(users) - len(chats_answered(api))
    assert left > 0
    second = start_bot(tmp_path, **env)
    try:
        assert wait_for(lambda: set(chats_answered(api)) == set(users), 90), "questions lost"
        time.sleep(0.5)
    finally:
        stop(second)
    assert max(chats_answered(api).values()) == 1  # nothing cut off mid-send, nothing twice


# ------------------------------------------------------------------ nothing personal in logs
def test_debug_logs_hold_no_token_secret_name_username_or_text(
    tmp_path: Path, api: FakeBotApi, server: str
) -> None:
    port = free_port()
    secret = "webhook-secret-Q9x7"
    user = api.user(4242, "Zhaoxiaoqing")
    user["username"] = "zhao_private_handle"
    update = api.message("how many kindergartens MARKERTEXT", user=user)
    process = start_bot(
        tmp_path,
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_API_BASE_URL=server,
        BOT_MODE="webhook",
        WEBHOOK_URL="https://bot.example.org/hook",
        WEBHOOK_LISTEN="127.0.0.1",
        WEBHOOK_PORT=str(port),
        WEBHOOK_SECRET=secret,
        LOG_LEVEL="DEBUG",
    )
    try:
        assert wait_for(lambda: bool(api.sent("setWebhook")))
        assert post(f"http://127.0.0.1:{port}/hook", update, secret) == 200
        poison = {"update_id": 5, "message": {"message_id": 1, "date": 0, "chat": "Zhaoxiaoqing"}}
        assert post(f"http://127.0.0.1:{port}/hook", poison, secret) == 200
        assert wait_for(lambda: bool(api.sent()))
    finally:
        code, err = stop(process)
    assert code == 0, err
    for private in (TOKEN, TOKEN.split(":")[1], secret, "Zhaoxiaoqing", "zhao_private_handle",
                    "MARKERTEXT", "4242"):  # fmt: skip
        assert private not in err, private
    assert "question in chat" in err  # the log still says what happened


def test_json_logs_are_one_object_per_line(tmp_path: Path, api: FakeBotApi, server: str) -> None:
    api.queue(api.message("new jobs 2018"))
    process = start_bot(
        tmp_path, TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL=server, LOG_FORMAT="json"
    )
    try:
        assert wait_for(lambda: bool(api.sent()))
    finally:
        _, err = stop(process)
    records = [json.loads(line) for line in err.splitlines() if line.strip()]
    assert any(r["message"].startswith("started as @") for r in records)
    assert {"time", "level", "logger", "message"} <= set(records[0])


# ------------------------------------------------------------------ the webhook server
def test_webhook_without_a_secret_makes_one_and_refuses_forged_posts(
    tmp_path: Path, api: FakeBotApi, server: str
) -> None:
    port = free_port()
    hook = f"http://127.0.0.1:{port}/hook"
    process = start_bot(
        tmp_path,
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_API_BASE_URL=server,
        BOT_MODE="webhook",
        WEBHOOK_URL="https://bot.example.org/hook",
        WEBHOOK_LISTEN="127.0.0.1",
        WEBHOOK_PORT=str(port),
    )
    try:
        assert wait_for(lambda: bool(api.sent("setWebhook")))
        secret = str(api.sent("setWebhook")[0]["secret_token"])
        assert len(secret) >= 32
        assert post(hook, api.message("GDP growth 2018"), None) == 403
        assert post(hook, api.message("GDP growth 2018"), "guess") == 403
        assert raw_post(hook, b"{not json", secret) == 400
        assert raw_post(hook, b"\xff\xfe\x00", secret) == 400
        assert raw_post(hook, b'{"no": "update_id"}', secret) == 400
        assert raw_post(hook, b"[1, 2]", secret) == 400
        assert api.sent() == []
        assert post(hook, api.message("GDP growth 2018"), secret) == 200
        assert wait_for(lambda: bool(api.sent()))
        status, body = get(f"http://127.0.0.1:{port}/healthz")
        assert status == 200
        status, body = get(f"http://127.0.0.1:{port}/healthz/ready")
        assert (status, json.loads(body)["knowledge"]) == (200, True)
        status, metrics = get(f"http://127.0.0.1:{port}/metrics")
    finally:
        code, err = stop(process)
    assert code == 0, err
    assert "WEBHOOK_SECRET is not set: using a secret generated" in err
    assert secret not in err
    assert status == 200
    assert 'reportbot_updates_total{kind="message"} 1.0' in metrics
    assert 'reportbot_answers_total{reason="fact",status="answered"} 1.0' in metrics
    assert "reportbot_handling_seconds_count 1.0" in metrics
    assert "reportbot_inbox_depth 0.0" in metrics


def test_polling_serves_health_and_metrics_only_when_asked(
    tmp_path: Path, api: FakeBotApi, server: str
) -> None:
    port = free_port()
    api.queue(api.message("new jobs 2018"))
    process = start_bot(
        tmp_path, TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL=server, METRICS_PORT=str(port)
    )
    try:
        assert wait_for(lambda: bool(api.sent()))
        ready, _ = get(f"http://127.0.0.1:{port}/healthz/ready")
        _, metrics = get(f"http://127.0.0.1:{port}/metrics")
    finally:
        stop(process)
    assert ready == 200
    assert "reportbot_replies_language_total" in metrics
    unasked = start_bot(tmp_path, TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL=server)
    try:
        assert wait_for(lambda: len([c for c in api.calls if c.method == "getMe"]) == 2)
        with pytest.raises(ConnectionRefusedError):
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
    finally:
        stop(unasked)


# ------------------------------------------------------------------ reload
def test_reload_swaps_in_an_edited_knowledge_base_and_refuses_a_broken_one(
    tmp_path: Path, api: FakeBotApi, server: str, knowledge_copy: Path
) -> None:
    env = {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": server,
        "REPORTBOT_KNOWLEDGE_DIR": str(knowledge_copy),
        "REPORTBOT_DATA_DIR": str(tmp_path / "data"),
    }
    process = start_bot(tmp_path, **env)
    statements = knowledge_copy / "statements" / "review-2018.yaml"
    try:
        assert wait_for(lambda: (tmp_path / "data" / "reportbot.pid").exists())
        api.queue(question(api, 1, "xylophone orchestra"))
        assert wait_for(lambda: len(api.sent()) == 1)
        assert "Report on the Work of the Jiaxing" not in api.texts()[0]
        marker = 'keywords: ["what is this report",'
        text = statements.read_text(encoding="utf-8")
        statements.write_text(text.replace(marker, 'keywords: ["xylophone orchestra", '
                                           '"what is this report",'), "utf-8")  # fmt: skip
        done = subprocess.run(
            [sys.executable, "-m", "bot", "reload"], cwd=tmp_path, capture_output=True,
            text=True, timeout=120, env={**_clean_env(), **env},
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert "asked the bot" in done.stdout
        assert _answers_title(api, user=2), "the edit was not swapped in"
        statements.write_text("- id: [broken", "utf-8")
        process.send_signal(signal.SIGHUP)
        time.sleep(3)  # the reload is tried (and refused) in the background
        assert _answers_title(api, user=3)  # the old one kept
    finally:
        code, err = stop(process)
    assert code == 0, err
    assert "knowledge base reloaded" in err
    assert "keeping the one loaded" in err


def _answers_title(api: FakeBotApi, user: int, seconds: float = 60) -> bool:
    """Ask until the answer is the report's title (the edited keyword's statement)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        before = len(api.sent())
        api.queue(question(api, user, "xylophone orchestra"))
        if not wait_for(lambda before=before: len(api.sent()) > before, 20):  # type: ignore[misc]
            return False
        if "Report on the Work of the Jiaxing" in api.texts()[-1]:
            return True
        time.sleep(0.5)
    return False


def _clean_env() -> Env:
    import os

    return {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "WEBHOOK_"))}


def test_reload_without_a_running_bot_says_so(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bot", "reload"], cwd=tmp_path, capture_output=True, text=True,
        timeout=120, env={**_clean_env(), "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    assert done.returncode == 1
    assert "no running bot found" in done.stderr


# ------------------------------------------------------------------ bad configuration
def _one_line_failure(process: subprocess.Popen[str]) -> str:
    _, err = process.communicate(timeout=60)
    assert process.returncode != 0
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("reportbot: ")
    return lines[0]


def test_a_port_in_use_is_one_line(tmp_path: Path, server: str) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        process = start_bot(
            tmp_path, TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL=server, BOT_MODE="webhook",
            WEBHOOK_URL="https://bot.example.org/hook", WEBHOOK_LISTEN="127.0.0.1",
            WEBHOOK_PORT=str(port), LOG_LEVEL="ERROR",
        )  # fmt: skip
        line = _one_line_failure(process)
    assert f"cannot listen on 127.0.0.1:{port}" in line
    assert "in use" in line


def test_an_html_error_page_from_the_api_is_one_line(
    tmp_path: Path, api: FakeBotApi, server: str
) -> None:
    api.fail("getMe", Failure(502, "Bad Gateway", html=True))
    process = start_bot(
        tmp_path, TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL=server, LOG_LEVEL="ERROR"
    )
    line = _one_line_failure(process)
    assert "did not answer getMe" in line
    assert server in line


@pytest.mark.parametrize(
    ("env", "env_file", "expected"),
    [
        ({"WEBHOOK_LISTEN": "not-an-ip", "BOT_MODE": "webhook",
          "WEBHOOK_URL": "https://x.example/h"}, None, "WEBHOOK_LISTEN must be an IP address"),
        ({"BOT_MODE": "webhook", "WEBHOOK_URL": "http://x.example/h"}, None,
         "WEBHOOK_URL must be an https:// address"),
        ({"BOT_MODE": "webhook"}, None, "BOT_MODE=webhook needs WEBHOOK_URL"),
        ({"TELEGRAM_API_BASE_URL": "http://127.0.0.1:9/api"}, None,
         "TELEGRAM_API_BASE_URL must end with /bot"),
        ({"METRICS_PORT": "99999"}, None, "METRICS_PORT"),
        ({"REDIS_URL": "http://localhost"}, None, "REDIS_URL must start with redis://"),
        ({"QUESTION_LOG_SAMPLE": "lots"}, None, "QUESTION_LOG_SAMPLE must be a number"),
        ({}, b"TELEGRAM_BOT_TOKEN=\xff\xfe\n", ".env is not UTF-8 text (line 1)"),
        ({}, b'TELEGRAM_BOT_TOKEN="' + TOKEN.encode() + b"\n",
         ".env line 1: the value of TELEGRAM_BOT_TOKEN opens a \" quote and never closes it"),
    ],
)  # fmt: skip
def test_each_bad_setting_is_one_clear_line(
    tmp_path: Path, env: Env, env_file: bytes | None, expected: str
) -> None:
    if env_file is not None:
        (tmp_path / ".env").write_bytes(env_file)
        process = start_bot(tmp_path, **env)
    else:
        process = start_bot(tmp_path, TELEGRAM_BOT_TOKEN=TOKEN, **env)
    line = _one_line_failure(process)
    assert expected in line, line
    assert TOKEN not in line


def test_credentials_in_a_url_are_never_echoed(tmp_path: Path) -> None:
    process = start_bot(
        tmp_path,
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_API_BASE_URL=f"http://admin:hunter2@127.0.0.1:{free_port()}/bot",
        LOG_LEVEL="ERROR",
    )
    line = _one_line_failure(process)
    assert "hunter2" not in line
    assert "[REDACTED]@127.0.0.1" in line


def test_an_unreachable_redis_is_one_line(tmp_path: Path, server: str) -> None:
    process = start_bot(
        tmp_path, TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL=server, LOG_LEVEL="ERROR",
        REDIS_URL=f"redis://:s3cr3tpw@127.0.0.1:{free_port()}/0",
    )  # fmt: skip
    line = _one_line_failure(process)
    assert "cannot reach Redis" in line
    assert "s3cr3tpw" not in line


def test_a_data_folder_that_cannot_be_made_is_one_line(tmp_path: Path, server: str) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file")
    process = start_bot(
        tmp_path, TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL=server, LOG_LEVEL="ERROR",
        REPORTBOT_DATA_DIR=str(blocker / "data"),
    )  # fmt: skip
    line = _one_line_failure(process)
    assert "cannot open the state file state.sqlite3" in line
