"""The bot's behaviour, whatever the transport: messages, commands and buttons in, replies out.

The Telegram bot, the terminal chat and `reportbot ask` all call this; none of them decides
what to say. A conversation's state (`ChatState`) is plain data the front end keeps.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from bot.chat import actions
from bot.chat.cards import (
    passage_buttons,
    passage_card,
    passage_line,
    quote_intro,
    section_card,
    section_name,
    source,
)
from bot.chat.commands import ALIASES, COMMANDS, examples, help_message
from bot.chat.listings import LISTINGS, outline
from bot.chat.markup import Button, Message, bold, italic
from bot.chat.replies import result_messages
from bot.engine import Context, Engine, Result
from bot.engine.reading import Reading
from bot.engine.result import Passage
from bot.i18n import LANGUAGES, Catalog, Language, catalog, choose, of_text
from bot.knowledge import KnowledgeBase
from bot.knowledge.base import quoted
from bot.knowledge.records import Fact, Section, Statement
from bot.questions.scrub import scrub

MAX_MESSAGE_CHARS = 4000  # longer messages are cut before they reach the engine
ASKED_CHARS = 300  # of a question kept with its answer's 👍/👎 buttons
PARAGRAPH_CHARS = 3500
_COMMAND = re.compile(
    r"^/(?P<name>[A-Za-z0-9_]{1,32})(?:@(?P<bot>\w+))?(?:\s+(?P<args>.*))?$", re.S
)


@dataclass(frozen=True)
class ChatState:
    """What one conversation remembers: the last answer, and the language it asked for."""

    context: Context | None = None
    language: Language | None = None  # chosen with /language
    last: Language | None = None  # the language of the last question
    # The last question answered with 👍/👎 buttons, scrubbed of personal data, so a vote
    # can say what it was about.
    asked: str | None = None
    listing: tuple[str, int] | None = None  # the list shown last (/targets) and its page

    def to_json(self) -> dict[str, Any]:
        return {
            "c": self.context.to_json() if self.context else None,
            "l": self.language,
            "q": self.last,
            **({"a": self.asked} if self.asked else {}),
            **({"p": list(self.listing)} if self.listing else {}),
        }

    @classmethod
    def from_json(cls, data: object) -> ChatState:
        """The state back from stored data; a fresh state for data of any other shape."""
        if not isinstance(data, dict):
            return cls()
        language = data.get("l") if data.get("l") in LANGUAGES else None
        last = data.get("q") if data.get("q") in LANGUAGES else None
        asked = data.get("a") if isinstance(data.get("a"), str) else None
        page = data.get("p")
        listing = None
        if isinstance(page, list) and len(page) == 2:
            kind, number = page
            if kind in LISTINGS and isinstance(number, int) and 0 <= number < 1000:
                listing = (str(kind), number)
        return cls(Context.from_json(data.get("c")), language, last, asked, listing)


@dataclass
class Reply:
    """What to send back, and the conversation's state for the next message."""

    messages: list[Message] = field(default_factory=list)
    state: ChatState = field(default_factory=ChatState)
    language: Language = "en"
    notice: str | None = None  # a short pop-up for a pressed button
    edit: bool = False  # replace the message whose button was pressed (turning a page)
    result: Result | None = None  # the engine's answer, when a question was asked
    vote: tuple[str, bool] | None = None  # a 👍 (True) or 👎 on this passage id was pressed
    notices: dict[str, str] | None = None  # a vote's notice by how it was counted


@dataclass(frozen=True)
class InlineItem:
    """One result offered in inline mode."""

    id: str
    title: str
    description: str
    message: Message


class Conversation:
    """Answers messages, commands and button presses from the knowledge base."""

    def __init__(self, engine: Engine, *, kept_days: int | None = None) -> None:
        self.engine = engine  # replaced whole when the knowledge base is reloaded
        self.kept_days = kept_days  # how long the question log keeps questions; None: no log

    @property
    def kb(self) -> KnowledgeBase:
        return self.engine.kb

    # ------------------------------------------------------------------ entry points
    def message(self, text: str, state: ChatState, hint: str | None = None) -> Reply:
        """A message typed by a user: a command if it starts with "/", else a question.
        `hint` is the user's interface language as the transport knows it (Telegram's
        language_code), used when nothing better says which language to answer in."""
        text = (text or "")[:MAX_MESSAGE_CHARS]
        match = _COMMAND.match(text.strip())
        if match:
            return self.command(match["name"].lower(), match["args"] or "", state, hint)
        return self.ask(text, state, hint)

    def ask(
        self, text: str, state: ChatState, hint: str | None = None, *, feedback: bool = False
    ) -> Reply:
        """A free question (or small talk). With `feedback`, an answer gets 👍/👎 buttons."""
        text = text[:MAX_MESSAGE_CHARS]
        language = choose(state.language, text, None) if state.language else None
        asked = of_text(text)
        language = language or asked or state.last or choose(None, None, hint)
        for wanted, request in _LANGUAGE_REQUESTS.items():
            if request.fullmatch(text.strip()):
                return self._choose_language(wanted, state)  # "用中文回答": as /language zh
        if state.listing is not None and _turns_the_page(self.engine.read(text)):
            kind, page = state.listing
            cat = catalog(language)
            if not _has_next(LISTINGS[kind](self.kb, page, cat), kind, page):
                last = Message().add(cat._("That was the last page of the list."))
                return Reply([last], replace(state, listing=None), language)
            new = replace(state, listing=(kind, page + 1))
            return Reply([LISTINGS[kind](self.kb, page + 1, cat)], new, language)
        state = replace(state, listing=None)
        result = self.engine.ask(text, state.context)
        context = Context.of(result, state.context)
        if result.status == "smalltalk":
            context = state.context  # "thanks!" keeps the thread
        new = replace(state, context=context or state.context, last=asked or state.last)
        if result.status == "not_found" and result.reason == "no_previous":
            new = replace(new, context=None)
        if result.outline:
            new = replace(new, listing=("o", 0))  # "more" turns its page, as after /sections
        cat = catalog(language)
        messages = result_messages(self.kb, result, cat)
        best = result.best if result.status == "answered" else None
        if feedback and best is not None and len(messages) == 1:
            messages[0].row(
                Button("👍", actions.feedback(best.id, True)),
                Button("👎", actions.feedback(best.id, False)),
            )
            new = replace(new, asked=scrub(text)[:ASKED_CHARS])
        return Reply(messages, new, language, result=result)

    def command(self, name: str, args: str, state: ChatState, hint: str | None = None) -> Reply:
        """A command by name (without the slash), with the rest of the line as arguments."""
        name = ALIASES.get(name, name)
        language = choose(state.language, args if of_text(args) == "zh" else None, None)
        if not state.language and of_text(args) != "zh":
            language = state.last or choose(None, None, hint)
        cat = catalog(language)
        handler = getattr(self, f"_cmd_{name}", None)
        if handler is None or name not in COMMANDS:
            _ = cat._
            message = (
                Message()
                .add(_("I don't know the command /{name}.").format(name=name[:32]))
                .add(_("Send /help to see what I can do."))
            )
            return Reply([message], state, language)
        reply: Reply = handler(args.strip(), state, cat)
        reply.language = cat.lang
        return reply

    def action(self, data: str, state: ChatState, hint: str | None = None) -> Reply:
        """A pressed button. Stale or forged data gets a polite notice, never an error."""
        language = state.language or state.last or choose(None, None, hint)
        cat = catalog(language)
        action = actions.parse(data)
        stale = cat._("That button is no longer valid. Send /help to start again.")
        if action is None:
            return Reply([], state, language, notice=stale)
        kind, key = action.kind, action.key
        if kind == "f" and (passage := self.kb.passage(key)) is not None:
            return self._passage_reply(passage, state, cat)
        if kind in ("s", "n") and (section := self.kb.section_by_id.get(key)):
            reply = self._section_reply(section, state, cat, action.page)
            reply.edit = kind == "n"
            return reply
        if kind == "p" and (section := self.kb.section_by_id.get(key)):
            return Reply(self._paragraph(section, cat), state, language)
        if kind in LISTINGS and not key:
            listed = replace(state, listing=(kind, action.page))
            return Reply([LISTINGS[kind](self.kb, action.page, cat)], listed, language, edit=True)
        if kind == "q" and not key and action.page < len(examples(cat)):
            return self.ask(examples(cat)[action.page], state, hint)
        if kind == "l" and key in LANGUAGES:
            return self._choose_language(key, state)
        voted = data.endswith((":0", ":1"))
        if kind == "v" and voted and self.kb.passage(key) is not None and action.page in (0, 1):
            return self._vote(key, bool(action.page), state, cat)
        return Reply([], state, language, notice=stale)

    def _vote(self, passage_id: str, helpful: bool, state: ChatState, cat: Catalog) -> Reply:
        _ = cat._
        notices = {
            "counted": _("Thank you: your feedback helps whoever keeps this bot's answers."),
            "changed": _("Thank you: your feedback is changed."),
            "same": _("You have already told me about this answer. Thank you."),
        }
        return Reply(
            [], state, cat.lang, notice=notices["counted"], vote=(passage_id, helpful),
            notices=notices,
        )  # fmt: skip

    def inline(self, text: str, hint: str | None = None, limit: int = 10) -> list[InlineItem]:
        """Results for inline mode: matching passages, or the headline targets when empty."""
        text = text.strip()[:MAX_MESSAGE_CHARS]
        key, _, wanted = text.partition(" ")
        if (shared := self.kb.passage(key)) is not None and wanted in ("", "en", "zh"):
            # the Share button: "<passage id> <language>" picks that passage
            passages: list[Fact | Statement] = [shared]
            cat = catalog(wanted or choose(None, None, hint))
        else:
            cat = catalog(choose(None, text, hint))
            passages = []
        if passages:
            pass
        elif text:
            passages = [a.passage for a in self.engine.search(text, limit)]
        else:
            passages = [f for f in self.kb.facts if f.headline and f.kind == "target"]
            passages = passages[:limit]
        items: list[InlineItem] = []
        for passage in passages:
            line = passage_line(passage, cat)
            title = "".join(s.text for s in line.blocks[0].spans).lstrip("• ")  # type: ignore[union-attr]
            text_of = quoted(passage)
            items.append(
                InlineItem(
                    passage.id,
                    title[:100],
                    text_of[:200],
                    passage_card(self.kb, passage, cat),
                )
            )
        return items

    # ------------------------------------------------------------------ rendering
    def _passage_reply(self, passage: Passage, state: ChatState, cat: Catalog) -> Reply:
        context = Context(
            passage_id=passage.id,
            section_id=passage.section,
            shown=(passage.id,),
            topic=state.context.topic if state.context else (),
            language=cat.lang,
        )
        message = passage_card(self.kb, passage, cat)
        return Reply([message], replace(state, context=context), cat.lang)

    def _section_reply(
        self, section: Section, state: ChatState, cat: Catalog, page: int = 0
    ) -> Reply:
        passages = self.engine.section_passages(section, None)
        message = section_card(self.kb, section, passages, cat, page)
        per_page = 5
        shown = tuple(p.id for p in passages[: (page + 1) * per_page])
        rest = tuple(p.id for p in passages[(page + 1) * per_page :])
        context = Context(section_id=section.id, shown=shown, more=rest[:12], language=cat.lang)
        return Reply([message], replace(state, context=context), cat.lang)

    def _paragraph(self, section: Section, cat: Catalog) -> list[Message]:
        """The section's own text, verbatim, split to fit Telegram's message size."""
        messages = [Message().add(bold(section_name(section, cat)))]
        if (intro := quote_intro(cat)) is not None:
            messages[0].add(intro)
        for paragraph in self.kb.own_paragraphs(section):
            for start in range(0, len(paragraph), PARAGRAPH_CHARS):
                if len(messages[-1].blocks) > 2:
                    messages.append(Message())
                messages[-1].quote(paragraph[start : start + PARAGRAPH_CHARS])
        messages[-1].add(italic(source(cat)))
        children = self.kb.children.get(section.id, [])
        if children:
            messages[-1].add(cat._("This part has subsections; open one to read its text."))
            for start in range(0, len(children), 2):
                messages[-1].row(
                    *(
                        Button(section_name(c, cat), actions.section(c.id))
                        for c in children[start : start + 2]
                    )
                )
        return messages

    def _choose_language(self, language: Language, state: ChatState) -> Reply:
        cat = catalog(language)
        message = Message().add(cat._("I'll answer in English from now on."))
        return Reply([message], replace(state, language=language), language)

    # ------------------------------------------------------------------ commands
    def _cmd_start(self, args: str, state: ChatState, cat: Catalog) -> Reply:
        if args and (passage := self.kb.passage(args)) is not None:
            return self._passage_reply(passage, state, cat)  # a deep link: ?start=<id>
        _ = cat._
        meta = self.kb.meta
        message = Message()
        zh = cat.zh
        title = meta.title_zh if zh else meta.title
        speaker, office = (meta.speaker_zh, meta.office_zh) if zh else (meta.speaker, meta.office)
        message.add(bold(_("Ask me about the {title}.").format(title=title)))
        message.add(
            _("I answer with the report's own words: the figure where there is one, always a "
              "verbatim quote and the section it comes from. The report was delivered by "
              "{speaker}, {office}, on {date}.").format(
                speaker=speaker, office=office, date=_date(meta.delivered_date, cat)
            )
        )  # fmt: skip
        message.add(_("Ask in English or Chinese, or tap an example:"))
        for number, example in enumerate(examples(cat)):
            message.row(Button(_(example) if not cat.zh else example, actions.example(number)))
        message.add(_("Send /help for the commands, /language to choose a language."))
        return Reply([message], replace(state, context=None), cat.lang)

    def _cmd_help(self, args: str, state: ChatState, cat: Catalog) -> Reply:
        return Reply([help_message(cat)], state, cat.lang)

    def _listing(self, kind: str, page: int, state: ChatState, cat: Catalog) -> Reply:
        """A list (/targets, /results, /compare) at a page; "more" then turns to the next."""
        new = replace(state, listing=(kind, page))
        return Reply([LISTINGS[kind](self.kb, page, cat)], new, cat.lang)

    def _cmd_targets(self, args: str, state: ChatState, cat: Catalog) -> Reply:
        return self._listing("t", _page(args), state, cat)

    def _cmd_results(self, args: str, state: ChatState, cat: Catalog) -> Reply:
        return self._listing("r", _page(args), state, cat)

    def _cmd_compare(self, args: str, state: ChatState, cat: Catalog) -> Reply:
        return self._listing("c", _page(args), state, cat)

    def _cmd_sections(self, args: str, state: ChatState, cat: Catalog) -> Reply:
        return Reply([outline(self.kb, 0, cat)], state, cat.lang)

    def _cmd_section(self, args: str, state: ChatState, cat: Catalog) -> Reply:
        _ = cat._
        if not args:
            message = Message().add(
                _("Which section? For example /section 7, /section VII or /section environment.")
            )
            return Reply([message, outline(self.kb, 0, cat)], state, cat.lang)
        section = self.engine.find_section(args)
        if section is None:
            message = Message().add(
                _("I couldn't find a section called “{name}”.").format(name=args[:100])
            )
            return Reply([message, outline(self.kb, 0, cat)], state, cat.lang)
        return self._section_reply(section, state, cat)

    def _cmd_search(self, args: str, state: ChatState, cat: Catalog) -> Reply:
        _ = cat._
        if not args:
            message = Message().add(_("What should I search for? For example /search housing."))
            return Reply([message], state, cat.lang)
        found = [a.passage for a in self.engine.search(args, limit=8)]
        if not found:
            message = (
                Message()
                .add(_("Nothing in the report matches “{words}”.").format(words=args[:100]))
                .add(_("Try other words, or /sections."))
            )
            return Reply([message], state, cat.lang)
        message = Message().add(bold(_("Best matches for “{words}”").format(words=args[:100])))
        for passage in found:
            message.blocks.extend(passage_line(passage, cat).blocks)
        message.buttons.extend(passage_buttons(found, cat, self.kb))
        return Reply([message], state, cat.lang)

    def _cmd_language(self, args: str, state: ChatState, cat: Catalog) -> Reply:
        wanted = args.strip().lower()
        if wanted in ("en", "english", "英文", "英语"):
            return self._choose_language("en", state)
        if wanted in ("zh", "chinese", "中文", "汉语", "简体"):
            return self._choose_language("zh", state)
        _ = cat._
        message = Message().add(_("Which language should I answer in?"))
        message.row(
            Button("English", actions.language("en")), Button("中文", actions.language("zh"))
        )
        return Reply([message], state, cat.lang)

    def _cmd_about(self, args: str, state: ChatState, cat: Catalog) -> Reply:
        _ = cat._
        meta = self.kb.meta
        message = Message()
        zh = cat.zh
        message.add(bold(meta.title_zh if zh else meta.title))
        message.add(
            _("Delivered by {speaker}, {office}, at the {occasion} on {date}. English text "
              "released {released}.").format(
                speaker=meta.speaker_zh if zh else meta.speaker,
                office=meta.office_zh if zh else meta.office,
                occasion=meta.occasion_zh if zh else meta.occasion,
                date=_date(meta.delivered_date, cat),
                released=_date(meta.released[:10], cat),
            )
        )  # fmt: skip
        message.add(meta.translation_zh if zh else meta.translation)
        message.add(
            bold(_("What I can do: ")),
            _("quote what the report says about 2018 (results) and 2019 (targets and plans), "
              "with the exact words and their section; show whole sections, all targets and "
              "results, and compare the two years."),
        )  # fmt: skip
        message.add(
            bold(_("What I can't do: ")),
            _("give figures the report doesn't state, data for other years or other places, "
              "opinions or advice, or any service (applications, bookings, complaints)."),
        )  # fmt: skip
        message.add(bold(_("What I keep: ")), self.privacy(cat))
        return Reply([message], state, cat.lang)

    def notice(self, kind: str, state: ChatState, hint: str | None = None) -> Reply:
        """A short notice from the transport: "non_text" (a sticker or photo), "error" (the
        bot failed), "slow" (too many questions at once), "late" (an answer that could not be
        delivered in time)."""
        language = state.language or state.last or choose(None, None, hint)
        _ = catalog(language)._
        texts = {
            "non_text": _("I can only read text. Type a question about the report, or send /help."),
            "error": _("Sorry, something went wrong on my side. Please try again."),
            "slow": _("That's a lot of questions at once. I'll answer the first ones; please "
                      "wait a moment before asking more."),
            "late": _("Sorry, I couldn't send my answer in time. Please ask again."),
        }  # fmt: skip
        return Reply([Message().add(texts[kind])], state, language)

    def privacy(self, cat: Catalog) -> str:
        """What the bot keeps about the people who use it, and for how long."""
        _ = cat._
        text = _(
            "nothing that identifies you: no name, username or chat id. To answer follow-ups "
            "I remember your last answer and your chosen language for a day."
        )
        if self.kept_days is not None:
            text += " " + _(
                "Questions I could not answer well, and a few others, are kept for {days} days "
                "with phone numbers, e-mail addresses, ID and card numbers, links and names "
                "taken out, and without saying who asked, so that the people who keep this bot "
                "can add what is missing. A 👍 or 👎 is counted once per person, the same way."
            ).format(days=self.kept_days)
        return text


def _date(iso: str, cat: Catalog) -> str:
    year, month, day = (int(x) for x in iso.split("-"))
    if cat.zh:
        return f"{year}年{month}月{day}日"
    months = ("January February March April May June July August September October "
              "November December").split()  # fmt: skip
    return f"{months[month - 1]} {day}, {year}"


def _turns_the_page(reading: Reading) -> bool:
    """ "more", "next", "下一页" with nothing else: the next page of the list shown last."""
    if reading.follow & {"more"} and not reading.topic_terms:
        return True
    return _NEXT_PAGE.fullmatch(reading.text.strip().lower()) is not None


def _has_next(message: Message, kind: str, page: int) -> bool:
    wanted = actions.listing(kind, page + 1)
    return any(button.action == wanted for row in message.buttons for button in row)


_LANGUAGE_REQUESTS: dict[Language, re.Pattern[str]] = {
    "zh": re.compile(
        r"(?:请|麻烦)?(?:用|说|讲)中文(?:回答|回复|说|吧|好吗)?[。.!！?？]?"
        r"|(?:please )?(?:reply|answer|respond|speak|talk) (?:to me )?in chinese(?: please)?[.!?]?",
        re.IGNORECASE,
    ),
    "en": re.compile(
        r"(?:请|麻烦)?(?:用|说|讲)英文(?:回答|回复|说|吧|好吗)?[。.!！?？]?"
        r"|(?:please )?(?:reply|answer|respond|speak|talk) (?:to me )?in english(?: please)?[.!?]?",
        re.IGNORECASE,
    ),
}
_NEXT_PAGE = re.compile(r"next(?: page)?|下一页|下页|继续|翻页|more please")


def _page(args: str) -> int:
    """A page number typed after a list command ("/targets 2"), counted from 1."""
    return int(args) - 1 if args.isdecimal() and 0 < int(args) < 100 else 0
