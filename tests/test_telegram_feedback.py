"""What the curator learns from Telegram: questions logged scrubbed, 👍/👎 and reactions counted
once per person; and the corners of Telegram a user can reach (anonymous admins, forum topics,
odd command arguments), all through the real Application over the fake Bot API."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fake_bot_api import BOT_USERNAME, TOKEN, FakeBotApi, FakeRequest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from telegram import Update
from telegram.ext import Application

from bot.chat import Conversation
from bot.chat.commands import COMMANDS
from bot.engine import Engine
from bot.questions.log import QuestionLog
from bot.settings import Settings
from bot.store.sqlite import connect
from bot.store.state import SQLiteState
from bot.telegram.app import build_application
from bot.telegram.services import Services

JSON = dict[str, Any]


@dataclass
class Bot:
    app: Application  # type: ignore[type-arg]
    api: FakeBotApi
    log: QuestionLog
    path: Path

    async def send(self, update: JSON) -> None:
        await self.app.process_update(Update.de_json(update, self.app.bot))

    async def say(self, text: str, **kwargs: Any) -> list[JSON]:
        before = len(self.api.sent())
        await self.send(self.api.message(text, **kwargs))
        return self.api.sent()[before:]

    def rows(self, query: str) -> list[tuple[Any, ...]]:
        with sqlite3.connect(self.path) as db:
            return db.execute(query).fetchall()


@pytest.fixture
async def bot(tmp_path: Path, engine: Engine) -> AsyncIterator[Bot]:
    api = FakeBotApi()
    settings = Settings.of(telegram_bot_token=TOKEN)
    app = build_application(settings, Conversation(engine, kept_days=90), request=FakeRequest(api))
    path = tmp_path / "questions.sqlite3"
    log = QuestionLog.open(path, sample=0.0)
    services: Services = app.bot_data[Services.KEY]
    services.questions = log
    services.store = SQLiteState(connect(tmp_path / "state.sqlite3"))
    await app.initialize()
    yield Bot(app, api, log, path)
    await app.shutdown()
    log.close()


def keyboard(sent: JSON) -> list[JSON]:
    markup = sent.get("reply_markup") or {}
    markup = json.loads(markup) if isinstance(markup, str) else markup
    return [b for row in markup.get("inline_keyboard", []) for b in row]


def bot_message(api: FakeBotApi, sent_id: int, chat: JSON | None = None) -> JSON:
    return {"message_id": sent_id, "date": 0, "chat": chat or api.chat(), "text": "answer",
            "from": api.bot_user()}  # fmt: skip


def press(api: FakeBotApi, data: str, user: int = 42, message: JSON | None = None) -> JSON:
    update = api.callback(data, message=message or bot_message(api, 500))
    update["callback_query"]["from"] = api.user(user)
    return update


# ------------------------------------------------------------------ the question log
async def test_a_question_the_bot_cannot_answer_is_logged_scrubbed(bot: Bot) -> None:
    question = ("My name is Wang Fang, my phone is 13912345678, mail wang.fang@example.com: "
                "what is the population of Jiaxing?")  # fmt: skip
    user = bot.api.user(777001, "Wang")
    user["username"] = "wangfang_1990"
    await bot.say(question, user=user)
    [(text, interface, status)] = bot.rows("SELECT question, interface, status FROM questions")
    assert (interface, status) == ("telegram-private", "not_found")
    assert "population of Jiaxing" in text
    stored = b"".join(p.read_bytes() for p in bot.path.parent.glob("questions.sqlite3*"))
    for private in (b"Wang Fang", b"13912345678", b"wang.fang@example.com", b"777001",
                    b"wangfang_1990"):  # fmt: skip
        assert private not in stored


async def test_a_group_question_is_logged_as_from_a_group(bot: Bot) -> None:
    await bot.send(bot.api.mention(f"@{BOT_USERNAME} what is the weather like today?"))
    assert bot.rows("SELECT interface FROM questions") == [("telegram-group",)]


# ------------------------------------------------------------------ 👍 / 👎
async def test_thumbs_are_counted_once_per_person_and_can_be_changed(bot: Bot) -> None:
    [answer] = await bot.say("How many new jobs were created in 2018?")
    thumbs = {b["text"]: b["callback_data"] for b in keyboard(answer) if b["text"] in "👍👎"}
    assert set(thumbs) == {"👍", "👎"}
    notices = []
    for data, user in ((thumbs["👍"], 42), (thumbs["👍"], 42), (thumbs["👎"], 42),
                       (thumbs["👍"], 43)):  # fmt: skip
        bot.api.forget()
        await bot.send(press(bot.api, data, user))
        [popup] = bot.api.sent("answerCallbackQuery")
        notices.append(popup["text"])
        assert bot.api.sent() == []  # a vote sends no message
    assert notices[0].startswith("Thank you: your feedback helps")
    assert "already" in notices[1]
    assert "changed" in notices[2]
    votes = sorted(v.vote for v in bot.log.votes("new-jobs-2018"))
    assert votes == [-1, 1]  # one per person: 42 changed to 👎, 43 said 👍
    [(question,)] = bot.rows("SELECT DISTINCT question FROM votes")
    assert question == "How many new jobs were created in 2018?"
    voters = {str(voter) for (voter,) in bot.rows("SELECT voter FROM votes")}
    assert len(voters) == 2
    for number in ("42", "43"):  # neither the id nor its plain (unkeyed) hash
        assert number not in voters
        assert hashlib.sha256(number.encode()).hexdigest() not in voters


async def test_stale_or_forged_votes_are_answered_politely(bot: Bot) -> None:
    for data in ("v:no-such-fact:1", "v:new-jobs-2018:7", "v::1", "v:new-jobs-2018"):
        bot.api.forget()
        await bot.send(press(bot.api, data))
        [popup] = bot.api.sent("answerCallbackQuery")
        assert "no longer valid" in popup["text"]
    assert bot.log.votes() == []


async def test_groups_get_no_thumbs(bot: Bot) -> None:
    await bot.send(bot.api.mention(f"@{BOT_USERNAME} new jobs 2018"))
    [answer] = bot.api.sent()
    assert not any(b["text"] in ("👍", "👎") for b in keyboard(answer))


async def test_a_reaction_on_an_answer_is_a_vote(bot: Bot) -> None:
    await bot.say("How many new jobs were created in 2018?")
    message_id = _answer_id(bot)
    for emoji, user in (("👍", 50), ("👍", 50), ("👎", 51), ("🤷", 52)):
        await bot.send(_reaction(bot.api, message_id, emoji, user))
    votes = sorted(v.vote for v in bot.log.votes("new-jobs-2018"))
    assert votes == [-1, 1]
    assert {v.source for v in bot.log.votes()} == {"reaction"}
    await bot.send(_reaction(bot.api, 99999, "👍", 53))  # not one of the bot's answers
    assert len(bot.log.votes()) == 2


def _answer_id(bot: Bot) -> int:
    """The message id the fake gave the bot's last message."""
    assert bot.api.last_message_id is not None
    return bot.api.last_message_id


def _reaction(api: FakeBotApi, message_id: int, emoji: str, user: int) -> JSON:
    return {
        "update_id": message_id * 100 + user,
        "message_reaction": {
            "chat": api.chat(),
            "message_id": message_id,
            "user": api.user(user),
            "date": 0,
            "old_reaction": [],
            "new_reaction": [{"type": "emoji", "emoji": emoji}],
        },
    }


# ------------------------------------------------------------------ corners of Telegram
async def test_an_anonymous_group_admin_who_mentions_the_bot_is_answered(bot: Bot) -> None:
    group = bot.api.chat("supergroup", -100777)
    update = bot.api.mention(f"@{BOT_USERNAME} new jobs 2018", chat_type="supergroup")
    update["message"]["chat"] = group
    update["message"]["from"] = bot.api.user(1087968824, "Group", is_bot=True)
    update["message"]["sender_chat"] = group
    await bot.send(update)
    [answer] = bot.api.sent()
    assert answer["text"].startswith("<b>110,000</b>")


async def test_a_channel_post_forwarded_into_its_group_is_not_answered(bot: Bot) -> None:
    update = bot.api.mention(f"@{BOT_USERNAME} new jobs 2018", chat_type="supergroup")
    update["message"]["sender_chat"] = {"id": -100999, "type": "channel", "title": "News"}
    update["message"]["is_automatic_forward"] = True
    await bot.send(update)
    assert bot.api.sent() == []


async def test_in_a_forum_topic_answers_to_buttons_stay_in_the_topic(bot: Bot) -> None:
    forum = bot.api.chat("supergroup", -100555) | {"is_forum": True}
    update = bot.api.mention(f"@{BOT_USERNAME} new jobs 2018", chat_type="supergroup")
    update["message"] |= {"chat": forum, "message_thread_id": 17, "is_topic_message": True}
    await bot.send(update)
    [answer] = bot.api.sent()
    assert int(answer["message_thread_id"]) == 17
    button = next(b for b in keyboard(answer) if b.get("callback_data", "").startswith("f:"))
    pressed = bot_message(bot.api, 600, forum) | {"message_thread_id": 17,
                                                  "is_topic_message": True}  # fmt: skip
    bot.api.forget()
    await bot.send(press(bot.api, button["callback_data"], message=pressed))
    [shown] = bot.api.sent()
    assert int(shown["message_thread_id"]) == 17  # not in General


ARGUMENTS = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12
) | st.sampled_from(["²", "³", "¹", "٣", "⑦", "Ⅶ", "七", "-1", "0", "99999999999", "1e9", "½"])


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=st.sampled_from(sorted(COMMANDS)), argument=ARGUMENTS)
async def test_any_command_argument_gets_a_reply_never_an_error(
    bot: Bot, name: str, argument: str
) -> None:
    sent = await bot.say(f"/{name} {argument}")
    assert sent
    assert not any("went wrong" in str(s["text"]) for s in sent)
