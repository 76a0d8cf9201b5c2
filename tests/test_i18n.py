"""The interface in Chinese: complete catalogs, the same placeholders, no English left over."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from bot.chat import ChatState, Conversation
from bot.chat.commands import COMMANDS
from bot.chat.markup import Message, Quote, to_plain
from bot.engine import Engine
from bot.i18n import LOCALES, catalog, choose, from_code, po_path

ROOT = Path(__file__).resolve().parents[1]
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
# Words that may appear in a Chinese reply: commands, names and the report's own terms.
ALLOWED = re.compile(
    r"/[a-z_]+|GDP|R&D|CBD|CPPCC|CPC|AI|APP|5G|G60|TEU|PM2\.5|VOCs?|3A|Grade|III|"
    r"Zheli Ban|Jiaoguan|English|https?://\S+|[A-Z][a-z]+(?:[- ][A-Z][a-z]+)*"  # proper names
)


def chinese_catalog() -> dict[str, str]:
    with po_path("zh").open("rb") as handle:
        return {m.id: m.string for m in read_po(handle) if m.id}  # type: ignore[misc]


def test_every_message_has_a_chinese_translation_with_the_same_placeholders() -> None:
    for message, translation in chinese_catalog().items():
        assert translation, f"no translation for {message!r}"
        assert sorted(PLACEHOLDER.findall(message)) == sorted(PLACEHOLDER.findall(translation))


def test_the_catalog_holds_every_message_the_code_marks(tmp_path: Path) -> None:
    """Extracted afresh, the template has no message the Chinese catalog lacks."""
    pot = tmp_path / "reportbot.pot"
    subprocess.run(
        [str(Path(sys.executable).parent / "pybabel"), "extract", "-F", "babel.cfg",
         "-k", "_", "-k", "N_", "--no-location", "-o", str(pot), "--omit-header", "."],
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    with pot.open("rb") as handle:
        marked = {m.id for m in read_po(handle) if m.id}
    assert marked - set(chinese_catalog()) == set()
    assert (LOCALES / "reportbot.pot").exists()


def test_no_compiled_catalog_is_committed() -> None:
    assert not list(LOCALES.rglob("*.mo"))


def english_left(message: Message) -> list[str]:
    """English words of a Chinese reply outside the quoted report, names and commands."""
    parts = []
    for block in message.blocks:
        if isinstance(block, Quote):
            continue
        text = "".join(span.text for span in block.spans)
        text = re.sub(r"“[^”]*”", "", text)  # a quoted passage of the report
        parts.append(ALLOWED.sub("", text))
    words = re.findall(r"[A-Za-z]{3,}", " ".join(parts))
    labels = [ALLOWED.sub("", b.label) for row in message.buttons for b in row]
    return words + [label for label in labels if re.search("[a-z]{4}", label)]


@pytest.fixture(scope="module")
def conversation(engine: Engine) -> Conversation:
    return Conversation(engine)


CHINESE = ChatState(language="zh")


@pytest.mark.parametrize("name", list(COMMANDS))
def test_every_command_in_chinese_has_no_english_interface_words(
    conversation: Conversation, name: str
) -> None:
    args = {"section": "7", "search": "住房", "language": ""}.get(name, "")
    reply = conversation.command(name, args, CHINESE)
    assert reply.language == "zh"
    for message in reply.messages:
        assert english_left(message) == [], to_plain(message)


@pytest.mark.parametrize(
    "question",
    [
        "去年新增就业多少？",  # a fact
        "嘉兴机场建得怎么样了",  # a statement
        "报告里对文化有什么计划？",  # a section
        "嘉兴有多少人口？",  # a refusal
        "谢谢！",  # small talk
        "怎么申请低保",  # a service
        "杭州的GDP是多少",  # another place
    ],
)
def test_chinese_replies_have_no_english_interface_words(
    conversation: Conversation, question: str
) -> None:
    reply = conversation.ask(question, ChatState())
    assert reply.language == "zh"
    for message in reply.messages:
        assert english_left(message) == [], to_plain(message)


def test_a_chinese_reply_says_once_that_quotes_are_the_english_translation(
    conversation: Conversation,
) -> None:
    [message] = conversation.ask("去年新增就业多少？", ChatState()).messages
    text = to_plain(message)
    assert text.count("原文（英文译本）") == 1
    assert "“created 110,000 new jobs”" in text
    assert "11万" in text  # the figure written the Chinese way


def test_figures_are_written_the_chinese_way(conversation: Conversation) -> None:
    text = to_plain(conversation.ask("减税降费多少", ChatState()).messages[0])
    assert "210.8亿元" in text


@pytest.mark.parametrize(
    ("chosen", "text", "code", "language"),
    [
        ("en", "今年GDP目标", "zh-hans", "en"),  # the user's choice first
        (None, "今年GDP目标", "en", "zh"),  # then the question's language
        (None, "GDP target", "zh-hans", "en"),
        (None, "/help", "zh-CN", "en"),  # "/help" is written in Latin letters
        (None, None, "zh-hant", "zh"),  # then Telegram's language_code
        (None, None, "fr", "en"),  # else English
    ],
)
def test_the_reply_language_is_chosen_in_order(
    chosen: str | None, text: str | None, code: str, language: str
) -> None:
    assert choose(chosen, text, code) == language


def test_telegram_language_codes_are_read() -> None:
    assert from_code("zh-hans") == "zh"
    assert from_code("zh_CN") == "zh"
    assert from_code("en-GB") == "en"
    assert from_code("de") is None
    assert from_code(None) is None


def test_language_command_is_remembered(conversation: Conversation) -> None:
    reply = conversation.command("language", "zh", ChatState())
    assert reply.state.language == "zh"
    after = conversation.ask("How many new jobs were created in 2018?", reply.state)
    assert after.language == "zh"
    button = conversation.action("l:en", after.state)
    assert button.state.language == "en"


def test_the_language_command_answers_to_its_short_name(conversation: Conversation) -> None:
    """ "/lang zh" is what many people type."""
    reply = conversation.message("/lang zh", ChatState())
    assert reply.state.language == "zh"


@pytest.mark.parametrize(
    ("text", "language"),
    [("用中文回答", "zh"), ("请说中文", "zh"), ("reply in English please", "en"), ("说英文", "en")],
)
def test_asking_for_a_language_in_words_chooses_it(
    conversation: Conversation, text: str, language: str
) -> None:
    reply = conversation.message(text, ChatState(language="en" if language == "zh" else "zh"))
    assert reply.state.language == language


def test_why_says_the_report_gives_no_reason_beyond_its_words(conversation: Conversation) -> None:
    first = conversation.ask("How many new jobs were created in 2018?", ChatState())
    why = conversation.ask("why?", first.state)
    assert "no reason apart from its own words" in to_plain(why.messages[0])


def test_more_after_a_list_turns_its_page_until_the_last(conversation: Conversation) -> None:
    reply = conversation.message("/targets", ChatState())
    assert reply.state.listing == ("t", 0)
    assert ChatState.from_json(reply.state.to_json()).listing == ("t", 0)  # survives a restart
    assert ChatState.from_json({"p": ["x", 1]}).listing is None  # and forged data is dropped
    pages = [reply]
    for _ in range(10):
        reply = conversation.message("more", reply.state)
        if reply.state.listing is None:
            break
        pages.append(reply)
    assert len(pages) > 1
    assert [p.state.listing for p in pages] == [("t", n) for n in range(len(pages))]
    assert "last page" in to_plain(reply.messages[0])
    # A question in between ends the list: "more" is about the answer then.
    after = conversation.message("GDP growth", pages[0].state)
    assert after.state.listing is None


def test_the_catalog_compiles_and_is_cached(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot import i18n

    monkeypatch.setenv("REPORTBOT_CACHE_DIR", str(tmp_path))
    i18n.translations.cache_clear()
    try:
        assert i18n.translations("zh").gettext("Commands") == "命令"
        assert list(tmp_path.glob("reportbot-zh.mo"))
    finally:
        i18n.translations.cache_clear()


def test_catalog_strings_are_english_in_english() -> None:
    assert catalog("en")._("Commands") == "Commands"
    assert catalog("zh")._("Commands") == "命令"


def test_chinese_replies_stay_within_telegrams_limits(conversation: Conversation) -> None:
    from bot.chat.markup import MESSAGE_LIMIT, to_html

    replies = [conversation.command(n, "", CHINESE) for n in ("targets", "results", "compare")]
    replies += [
        conversation.action(f"{kind}::{page}", CHINESE) for kind in "trc" for page in range(8)
    ]
    replies += [conversation.action(f"s:{s.id}:0", CHINESE) for s in conversation.kb.sections]
    replies += [conversation.action(f"p:{s.id}", CHINESE) for s in conversation.kb.sections]
    for reply in replies:
        for message in reply.messages:
            assert len(to_html(message)) <= MESSAGE_LIMIT
            for row in message.buttons:
                for button in row:
                    assert len(button.action.encode()) <= 64
                    assert len(button.label) <= 64


def test_the_outline_asked_in_words_pages_on_with_more(conversation: Conversation) -> None:
    """ "报告分几个部分" shows the outline, in Chinese; "more" then turns its page (here: says it
    was the last one), never a passage picked for the word "more"."""
    reply = conversation.ask("报告分几个部分", ChatState())
    assert reply.language == "zh"
    assert reply.state.listing == ("o", 0)
    assert english_left(reply.messages[0]) == [], to_plain(reply.messages[0])
    after = conversation.ask("更多", reply.state)
    assert after.result is None  # the listing answered, not the engine
    assert after.messages
    assert to_plain(after.messages[0]) != to_plain(reply.messages[0])
