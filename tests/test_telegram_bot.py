"""The Telegram bot as a user meets it: the real Application over a fake Bot API."""

from __future__ import annotations

import html
import json
import logging
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fake_bot_api import BOT_USERNAME, TOKEN, Failure, FakeBotApi, FakeRequest
from html_check import telegram_html_problems
from telegram import Update
from telegram.ext import Application

from bot.chat import ChatState, Conversation
from bot.chat.commands import COMMANDS
from bot.engine import Engine
from bot.knowledge import KnowledgeBase
from bot.settings import Settings
from bot.telegram.app import build_application, register_surfaces

JSON = dict[str, Any]


@pytest.fixture(scope="session")
def conversation(kb: KnowledgeBase) -> Conversation:
    return Conversation(Engine(kb))


ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Chat:
    """The bot under test and the fake server it talks to."""

    app: Application  # type: ignore[type-arg]
    api: FakeBotApi

    async def send(self, update: JSON) -> None:
        await self.app.process_update(Update.de_json(update, self.app.bot))

    async def say(self, text: str, **kwargs: Any) -> list[str]:
        """A user's message; the texts the bot sent back."""
        before = len(self.api.sent())
        await self.send(self.api.message(text, **kwargs))
        return self.api.texts()[before:]

    def keyboard(self, index: int = -1) -> list[JSON]:
        """The buttons under the bot's message (the last one by default), flattened."""
        markup = self.api.sent()[index].get("reply_markup") or {}
        return [b for row in _json(markup).get("inline_keyboard", []) for b in row]


def _last_message(chat: Chat) -> JSON:
    sent = chat.api.sent()[-1]
    return {
        "message_id": 999,
        "date": 0,
        "chat": chat.api.chat(),
        "from": chat.api.bot_user(),
        "text": sent["text"],
    }


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


@pytest.fixture
async def chat(conversation: Conversation) -> AsyncIterator[Chat]:
    api = FakeBotApi()
    settings = Settings.of(telegram_bot_token=TOKEN)
    app = build_application(settings, conversation, request=FakeRequest(api))
    await app.initialize()
    yield Chat(app, api)
    await app.shutdown()


def assert_good_html(texts: list[str]) -> None:
    assert texts
    for text in texts:
        assert telegram_html_problems(text) == [], text


# ------------------------------------------------------------------ private chats
async def test_a_question_gets_the_figure_then_the_quote_section_and_source(chat: Chat) -> None:
    [text] = await chat.say("How many new jobs were created in 2018?")
    assert text.startswith("<b>110,000</b>")
    assert "<blockquote>created 110,000 new jobs</blockquote>" in text
    assert "Section: A review of our work in 2018" in text
    assert "English translation" in text
    assert_good_html([text])
    buttons = chat.keyboard()
    assert {"text": "2019 target ▸", "callback_data": "f:new-jobs-2019"} in buttons
    share = next(b for b in buttons if "switch_inline_query" in b)
    assert share["switch_inline_query"] == "new-jobs-2018 en"  # opens the chat picker
    assert chat.api.sent()[-1]["parse_mode"] == "HTML"


async def test_why_shows_the_whole_sentence_and_the_one_after_it(chat: Chat) -> None:
    """The reason or judgement is often in the report's next sentence: "why?" shows it too,
    verbatim, after the quote and its sentence."""
    await chat.say("what did the wuzhen summit do in 2018?")
    [text] = await chat.say("why?")
    report = " ".join((ROOT / "knowledge" / "report.txt").read_text(encoding="utf-8").split())
    quotes = re.findall(r"<blockquote>(.*?)</blockquote>", text, flags=re.S)
    assert len(quotes) == 3, text  # the quote, its sentence, the sentence after it
    assert "The report goes on:" in text
    for quote in quotes:
        assert html.unescape(" ".join(quote.split())) in report
    first, sentence, after = (html.unescape(" ".join(q.split())) for q in quotes)
    assert first in sentence
    assert report.index(sentence) + len(sentence) < report.index(after)
    assert_good_html([text])


async def test_why_it_matters_quotes_the_reason_the_report_gives_for_the_area(
    chat: Chat,
) -> None:
    """ "Why does that matter?" after a plan: the opening of that area of the plans, which says
    why ("Sci-tech innovation is the first engine..."), introduced as such; then the thread
    goes on from the plan, not from the area."""
    await chat.say("how much will technology transactions reach this year?")
    [text] = await chat.say("why does that matter?")
    assert "Why this matters" in text
    report = " ".join((ROOT / "knowledge" / "report.txt").read_text(encoding="utf-8").split())
    quotes = [
        html.unescape(" ".join(q.split()))
        for q in re.findall(r"<blockquote>(.*?)</blockquote>", text, flags=re.S)
    ]
    assert any("high-quality development" in q for q in quotes), text
    assert all(q in report for q in quotes)
    assert_good_html([text])
    [again] = await chat.say("and in 2018?")
    assert "Why this matters" not in again


async def test_a_follow_up_uses_the_chats_previous_answer(chat: Chat) -> None:
    await chat.say("new jobs last year")
    [text] = await chat.say("and in 2019?")
    assert text.startswith("<b>66,000</b>")
    [text] = await chat.say("更多")  # asked in Chinese: answered in Chinese
    assert "更多相关内容" in text


async def test_follow_ups_are_kept_apart_per_chat(chat: Chat) -> None:
    await chat.say("new jobs last year")
    before = len(chat.api.sent())
    await chat.send(chat.api.message("and in 2019?", extra={"chat": chat.api.chat(chat_id=77)}))
    [reply] = chat.api.sent()[before:]
    assert "66,000" not in reply["text"]


async def test_a_question_the_report_does_not_cover_is_declined_plainly(chat: Chat) -> None:
    [text] = await chat.say("What is the population of Jiaxing?")
    assert "doesn't cover that (Jiaxing's population)" in text
    assert "/sections" in text


@pytest.mark.parametrize("name", list(COMMANDS))
async def test_every_command_answers_in_valid_html(chat: Chat, name: str) -> None:
    texts = await chat.say(
        f"/{name}" + (" 7" if name == "section" else " jobs" if name == "search" else "")
    )
    assert_good_html(texts)


async def test_start_with_a_fact_id_opens_that_fact(chat: Chat) -> None:
    [text] = await chat.say("/start gdp-growth-2019")
    assert text.startswith("<b>more than 7%</b>")


async def test_start_offers_example_questions_that_work(chat: Chat) -> None:
    await chat.say("/start")
    examples = [b for b in chat.keyboard() if b["callback_data"].startswith("q:")]
    assert len(examples) >= 4
    chat.api.forget()
    await chat.send(chat.api.callback(examples[0]["callback_data"], message=_bot_message(chat)))
    assert chat.api.sent("answerCallbackQuery")
    assert "<b>110,000</b>" in chat.api.texts()[0]


async def test_section_by_number_name_and_nonsense(chat: Chat) -> None:
    [by_number] = await chat.say("/section 7")
    [by_name] = await chat.say("/section environment")
    assert "VII." in by_number
    assert "VII." in by_name
    replies = await chat.say("/section <b>nowhere</b>")
    assert "&lt;b&gt;nowhere&lt;/b&gt;" in replies[0]
    assert_good_html(replies)


async def test_unknown_command_in_private_is_explained(chat: Chat) -> None:
    [text] = await chat.say("/weather")
    assert "don't know the command /weather" in text


# ------------------------------------------------------------------ groups
async def test_group_answers_a_mention_as_a_reply_to_the_asker(chat: Chat) -> None:
    update = chat.api.mention(f"@{BOT_USERNAME} how many new jobs in 2018?")
    await chat.send(update)
    [sent] = chat.api.sent()
    assert sent["text"].startswith("<b>110,000</b>")
    assert _json(sent["reply_parameters"])["message_id"] == update["message"]["message_id"]


async def test_group_answers_a_reply_to_the_bots_own_message(chat: Chat) -> None:
    texts = await chat.say("and the target?", chat_type="supergroup", reply_to=_bot_message(chat))
    assert len(texts) == 1


async def test_group_ignores_chatter_other_bots_and_other_mentions(chat: Chat) -> None:
    assert await chat.say("how many new jobs were created?", chat_type="group") == []
    assert await chat.say("lovely weather today", chat_type="supergroup") == []
    await chat.send(chat.api.mention("@SomeOtherBot what about housing?", "SomeOtherBot"))
    from_a_bot = chat.api.mention(f"@{BOT_USERNAME} jobs?")
    from_a_bot["message"]["from"] = chat.api.user(99, "Spam", is_bot=True)
    await chat.send(from_a_bot)
    assert chat.api.sent() == []


async def test_group_commands_for_this_bot_only(chat: Chat) -> None:
    assert await chat.say("/targets", chat_type="group")
    assert await chat.say(f"/targets@{BOT_USERNAME}", chat_type="supergroup")
    assert await chat.say("/targets@OtherBot", chat_type="group") == []


async def test_group_stays_silent_on_stickers_and_unknown_commands(chat: Chat) -> None:
    sticker = {
        "sticker": {
            "file_id": "a",
            "file_unique_id": "b",
            "width": 1,
            "height": 1,
            "is_animated": False,
            "is_video": False,
            "type": "regular",
        }
    }
    await chat.send(chat.api.message(None, chat_type="group", extra=sticker))
    assert await chat.say("/weather", chat_type="group") == []
    assert chat.api.sent() == []


# ------------------------------------------------------------------ other updates
async def test_non_text_in_private_gets_a_one_line_hint(chat: Chat) -> None:
    photo = {"photo": [{"file_id": "a", "file_unique_id": "b", "width": 1, "height": 1}]}
    await chat.send(chat.api.message(None, extra=photo))
    location = {"location": {"latitude": 30.75, "longitude": 120.75}}
    await chat.send(chat.api.message(None, extra=location))
    assert (
        chat.api.texts()
        == ["I can only read text. Type a question about the report, or send /help."] * 2
    )


async def test_edited_messages_and_channel_posts_are_ignored(chat: Chat) -> None:
    edited = chat.api.message("GDP?")
    await chat.send({"update_id": 1, "edited_message": edited["message"] | {"edit_date": 1}})
    post = chat.api.message("GDP?", chat_type="channel")
    await chat.send(
        {
            "update_id": 2,
            "channel_post": post["message"] | {"chat": {"id": -5, "type": "channel", "title": "C"}},
        }
    )
    assert chat.api.sent() == []


@pytest.mark.parametrize(
    "text",
    [
        "<b>bold</b> & co",
        "</blockquote><script>alert(1)</script>",
        "&amp; &lt; ` * _ [x](y)",
        "",
        "   ",
        "a" * 10_000,
        "\u0000\u202e GDP \ufeff",
    ],
)
async def test_hostile_or_odd_text_never_breaks_a_reply(chat: Chat, text: str) -> None:
    texts = await chat.say(text)
    assert_good_html(texts)
    assert "<script>" not in "".join(texts)


async def test_search_echo_is_escaped(chat: Chat) -> None:
    texts = await chat.say("/search </blockquote><b>jobs")
    assert_good_html(texts)
    assert "&lt;/blockquote&gt;&lt;b&gt;jobs" in texts[0]


# ------------------------------------------------------------------ buttons
def _bot_message(chat: Chat, text: str = "earlier answer") -> JSON:
    return {
        "message_id": 500,
        "date": 0,
        "chat": chat.api.chat(),
        "text": text,
        "from": chat.api.bot_user(),
    }


async def test_buttons_round_trip(chat: Chat) -> None:
    await chat.say("new jobs 2018")
    for button in chat.keyboard():
        if "callback_data" not in button:
            continue
        chat.api.forget()
        await chat.send(chat.api.callback(button["callback_data"], message=_bot_message(chat)))
        [answered] = chat.api.sent("answerCallbackQuery")
        if button["callback_data"].startswith("v:"):  # 👍/👎: a thank-you, nothing more
            assert "Thank you" in answered["text"]
            assert chat.api.sent() == []
            continue
        assert_good_html(chat.api.texts() + [p["text"] for p in chat.api.sent("editMessageText")])


async def test_page_buttons_edit_the_list_in_place(chat: Chat) -> None:
    await chat.say("/targets")
    chat.api.forget()
    await chat.send(chat.api.callback("t::1", message=_bot_message(chat)))
    [edit] = chat.api.sent("editMessageText")
    assert "(2/" in edit["text"]
    assert chat.api.sent() == []


@pytest.mark.parametrize(
    "data", ["f:no-such-fact", "s:nowhere:0", "zzz", "t:x:1", "q::99", "", "f:" + "a" * 60, "<b>"]
)
async def test_stale_or_forged_buttons_are_answered_politely(chat: Chat, data: str) -> None:
    await chat.send(chat.api.callback(data, message=_bot_message(chat)))
    [answer] = chat.api.sent("answerCallbackQuery")
    assert "no longer valid" in answer["text"]
    assert chat.api.sent() == []


async def test_a_button_on_an_inline_message_is_answered(chat: Chat) -> None:
    await chat.send(chat.api.callback("f:new-jobs-2018"))
    assert len(chat.api.sent("answerCallbackQuery")) == 1


async def test_every_list_page_fits_and_lists_every_target(chat: Chat, kb: KnowledgeBase) -> None:
    await chat.say("/targets")
    current = chat.api.sent()[-1]
    pages = [current["text"]]
    while True:
        buttons = [
            b
            for row in _json(current.get("reply_markup") or {}).get("inline_keyboard", [])
            for b in row
        ]
        following = [b["callback_data"] for b in buttons if b["text"].startswith("Next")]
        if not following:
            break
        await chat.send(chat.api.callback(following[0], message=_bot_message(chat)))
        current = chat.api.sent("editMessageText")[-1]
        pages.append(current["text"])
    assert len(pages) > 1
    assert_good_html(pages)
    listed = sum(page.count("\n• ") for page in pages)
    assert listed == sum(f.kind == "target" for f in kb.facts)


# ------------------------------------------------------------------ inline mode
async def test_inline_query_offers_matching_facts(chat: Chat) -> None:
    await chat.send(chat.api.inline("gdp"))
    [answer] = chat.api.sent("answerInlineQuery")
    results = _json(answer["results"])
    assert results[0]["id"].startswith("gdp-growth")
    assert "%" in results[0]["title"]
    content = results[0]["input_message_content"]
    assert content["parse_mode"] == "HTML"
    assert telegram_html_problems(content["message_text"]) == []


async def test_empty_inline_query_offers_the_headline_targets(
    chat: Chat, kb: KnowledgeBase
) -> None:
    await chat.send(chat.api.inline(""))
    results = _json(chat.api.sent("answerInlineQuery")[0]["results"])
    ids = {r["id"] for r in results}
    assert ids
    assert all(kb.fact_by_id[i].kind == "target" for i in ids)
    assert all(kb.fact_by_id[i].headline for i in ids)


# ------------------------------------------------------------------ menus and failures
async def test_command_menus_are_registered_for_private_and_group_chats(chat: Chat) -> None:
    await register_surfaces(chat.app.bot)
    calls = chat.api.sent("setMyCommands")
    scopes = {(_json(c["scope"])["type"], c.get("language_code")) for c in calls}
    assert scopes == {
        ("all_private_chats", None),
        ("all_group_chats", None),
        ("all_private_chats", "zh"),
        ("all_group_chats", "zh"),
    }
    private = next(c for c in calls if _json(c["scope"])["type"] == "all_private_chats")
    assert {c["command"] for c in _json(private["commands"])} == set(COMMANDS)
    chinese = next(c for c in calls if c.get("language_code") == "zh")
    assert any("报告" in c["description"] for c in _json(chinese["commands"]))


async def test_name_and_descriptions_are_set_in_both_languages(chat: Chat) -> None:
    await register_surfaces(chat.app.bot)
    for method in ("setMyName", "setMyDescription", "setMyShortDescription"):
        calls = chat.api.sent(method)
        assert {c.get("language_code") for c in calls} == {None, "zh"}, method
    names = {c.get("language_code"): c["name"] for c in chat.api.sent("setMyName")}
    assert "嘉兴" in names["zh"]


async def test_a_profile_the_bot_cannot_set_does_not_stop_it(chat: Chat) -> None:
    chat.api.fail(
        "setMyName", Failure(429, "Too Many Requests: retry after 9999", retry_after=9999)
    )
    await register_surfaces(chat.app.bot)  # logs one warning and goes on
    assert chat.api.sent("setMyDescription")


async def test_a_chinese_speaking_user_gets_the_bot_in_chinese(chat: Chat) -> None:
    user = chat.api.user(language_code="zh-hans")
    [start] = await chat.say("/start", user=user)
    assert "欢迎" in start or "报告" in start
    [help_text] = await chat.say("/help", user=user)
    assert "命令" in help_text
    assert "/targets" in help_text
    [targets] = await chat.say("/targets", user=user)
    assert "2019年目标" in targets
    [answer] = await chat.say("How many new jobs were created in 2018?", user=user)
    assert "2018 result" in answer  # a question in English is answered in English
    [follow] = await chat.say("那2019年呢？", user=user)
    assert "6.6万" in follow
    assert "2019年目标" in follow
    buttons = chat.keyboard()
    other = next(b for b in buttons if b.get("callback_data", "").startswith("f:"))
    await chat.send(chat.api.callback(other["callback_data"], message=_last_message(chat)))
    assert "2018年完成情况" in chat.api.texts()[-1]
    [refusal] = await chat.say("嘉兴有多少人口？", user=user)
    assert "报告没有涉及" in refusal
    for text in chat.api.texts():
        assert telegram_html_problems(text) == [], text


async def test_flood_limit_is_waited_out_and_the_message_delivered(chat: Chat) -> None:
    chat.api.fail("sendMessage", Failure(429, "Too Many Requests: retry after 1", retry_after=1))
    texts = await chat.say("GDP growth 2018")
    assert len(chat.api.attempts()) == 2  # refused once, then sent
    assert len(chat.api.sent()) == 1
    assert texts[-1].startswith("<b>7.6% (estimated)</b>")


async def test_a_bad_gateway_is_retried_until_the_answer_arrives(
    chat: Chat, caplog: pytest.LogCaptureFixture
) -> None:
    chat.api.fail("sendMessage", Failure(502, "Bad Gateway"), times=2)
    with caplog.at_level(logging.DEBUG):
        texts = await chat.say("GDP growth 2018")
    assert len(chat.api.attempts()) == 3  # two refused, then sent once
    assert len(chat.api.sent()) == 1
    assert texts[-1].startswith("<b>7.6% (estimated)</b>")
    assert "Traceback" not in caplog.text
    assert TOKEN not in caplog.text


async def test_a_send_that_times_out_is_not_repeated(
    chat: Chat, caplog: pytest.LogCaptureFixture
) -> None:
    """No answer to a sent request: it may have arrived, so sending it again could duplicate."""
    chat.api.fail("sendMessage", Failure(timeout=True))
    with caplog.at_level(logging.WARNING):
        await chat.say("GDP growth 2018")
    assert len(chat.api.attempts()) == 1
    assert "not repeating it" in caplog.text
    texts = await chat.say("new jobs 2018")
    assert texts[-1].startswith("<b>110,000</b>")


def test_every_button_the_bot_can_show_fits_telegrams_callback_limit(
    conversation: Conversation,
) -> None:
    state = ChatState()
    replies = [
        conversation.command(name, arg, state)
        for name, arg in [
            ("start", ""),
            ("targets", ""),
            ("results", ""),
            ("compare", ""),
            ("sections", ""),
            ("search", "investment"),
        ]
    ]
    replies += [conversation.action(f"s:{s.id}:0", state) for s in conversation.kb.sections]
    replies += [conversation.action(f"f:{f.id}", state) for f in conversation.kb.facts]
    replies += [conversation.action(f"f:{s.id}", state) for s in conversation.kb.statements]
    for reply in replies:
        for message in reply.messages:
            for row in message.buttons:
                for button in row:
                    assert len(button.action.encode()) <= 64
                    assert re.fullmatch(r"[a-z]:[a-z0-9-]*(:\d+)?", button.action)
