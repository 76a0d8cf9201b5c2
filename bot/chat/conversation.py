"""The bot's behaviour, whatever the transport: commands, questions and buttons in, messages out.

The Telegram bot and the terminal chat both call this; neither decides what to say.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.chat import actions, listings
from bot.chat.commands import COMMANDS, EXAMPLES, help_message
from bot.chat.markup import Button, Message, bold, italic
from bot.chat.replies import (
    FACTS_PER_PAGE,
    SOURCE,
    fact_buttons,
    fact_message,
    result_messages,
    section_message,
    section_name,
)
from bot.engine import Context, Engine, Result
from bot.knowledge.schema import Fact, Section

STALE_BUTTON = "That button is no longer valid. Send /help to start again."
MAX_MESSAGE_CHARS = 4000  # longer messages are cut before they reach the engine
_COMMAND = re.compile(
    r"^/(?P<name>[A-Za-z0-9_]{1,32})(?:@(?P<bot>\w+))?(?:\s+(?P<args>.*))?$", re.S
)


@dataclass
class Reply:
    """What to send back, and the chat's context for its next follow-up."""

    messages: list[Message] = field(default_factory=list)
    context: Context | None = None
    notice: str | None = None  # a short pop-up for a pressed button
    edit: bool = False  # replace the message whose button was pressed (turning a page)


@dataclass(frozen=True)
class InlineItem:
    """One result offered in inline mode."""

    id: str
    title: str
    description: str
    message: Message


class Conversation:
    """Answers messages, commands and button presses from the knowledge base."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.kb = engine.kb

    # ------------------------------------------------------------------ entry points
    def message(self, text: str, context: Context | None = None) -> Reply:
        """A message typed by a user: a command if it starts with "/", else a question."""
        text = (text or "")[:MAX_MESSAGE_CHARS]
        match = _COMMAND.match(text.strip())
        if match:
            return self.command(match["name"].lower(), match["args"] or "", context)
        return self.ask(text, context)

    def ask(self, text: str, context: Context | None = None) -> Reply:
        """A free question."""
        result = self.engine.ask(text[:MAX_MESSAGE_CHARS], context)
        return Reply(self._render(result), Context.of(result) or context)

    def command(self, name: str, args: str, context: Context | None = None) -> Reply:
        """A command by name (without the slash), with the rest of the line as arguments."""
        handler = getattr(self, f"_cmd_{name}", None)
        if handler is None or name not in COMMANDS:
            message = (
                Message()
                .add(f"I don't know the command /{name}.")
                .add("Send /help to see what I can do.")
            )
            return Reply([message], context)
        reply: Reply = handler(args.strip(), context)
        return reply

    def action(self, data: str, context: Context | None = None) -> Reply:
        """A pressed button. Stale or forged data gets a polite notice, never an error."""
        action = actions.parse(data)
        if action is None:
            return Reply([], context, notice=STALE_BUTTON)
        if action.kind == "f" and (fact := self.kb.fact_by_id.get(action.key)):
            return self._fact_reply(fact)
        if action.kind in ("s", "n") and (section := self.kb.section_by_id.get(action.key)):
            reply = self._section_reply(section, action.page)
            reply.edit = action.kind == "n"
            return reply
        if action.kind == "p" and (section := self.kb.section_by_id.get(action.key)):
            return Reply(self._paragraph(section), context)
        if action.kind in _LISTINGS and not action.key:
            return Reply([_LISTINGS[action.kind](self.kb, action.page)], context, edit=True)
        if action.kind == "q" and not action.key and action.page < len(EXAMPLES):
            return self.ask(EXAMPLES[action.page], context)
        return Reply([], context, notice=STALE_BUTTON)

    def inline(self, text: str, limit: int = 10) -> list[InlineItem]:
        """Results for inline mode: matching facts, or the headline targets for an empty query."""
        text = text.strip()[:MAX_MESSAGE_CHARS]
        if text:
            facts = [a.fact for a in self.engine.search(text, limit)]
        else:
            facts = [f for f in self.kb.facts if f.headline and f.kind == "target"][:limit]
        items = []
        for fact in facts:
            figures = ", ".join(f.text for f in fact.figures)
            items.append(
                InlineItem(
                    fact.id,
                    f"{figures} · {fact.topic}"[:100],
                    fact.quote[:200],
                    fact_message(self.kb, fact),
                )
            )
        return items

    # ------------------------------------------------------------------ rendering
    def _render(self, result: Result) -> list[Message]:
        section_facts = None
        if result.section is not None:
            section_facts = self.engine.section_facts(result.section, None)
        return result_messages(self.kb, result, section_facts)

    def _fact_reply(self, fact: Fact) -> Reply:
        return Reply(
            [fact_message(self.kb, fact)],
            Context(fact_id=fact.id, section_id=fact.section, shown=(fact.id,)),
        )

    def _section_reply(self, section: Section, page: int = 0) -> Reply:
        facts = self.engine.section_facts(section)
        message = section_message(self.kb, section, facts, page)
        shown = tuple(f.id for f in facts[: (page + 1) * FACTS_PER_PAGE])
        return Reply([message], Context(section_id=section.id, shown=shown))

    def _paragraph(self, section: Section) -> list[Message]:
        """The section's own text, verbatim, split to fit Telegram's message size."""
        paragraphs = self.kb.own_paragraphs(section)
        messages = [Message().add(bold(section_name(section)))]
        for paragraph in paragraphs:
            for start in range(0, len(paragraph), 3500):
                piece = paragraph[start : start + 3500]
                if len(messages[-1].blocks) > 1:
                    messages.append(Message())
                messages[-1].quote(piece)
        children = self.kb.children.get(section.id, [])
        messages[-1].add(italic(SOURCE))
        if children:
            messages[-1].add("This part has subsections; open one to read its text.")
            for start in range(0, len(children), 2):
                messages[-1].row(
                    *(
                        Button(section_name(c), actions.section(c.id))
                        for c in children[start : start + 2]
                    )
                )
        return messages

    # ------------------------------------------------------------------ commands
    def _cmd_start(self, args: str, context: Context | None) -> Reply:
        if args and (fact := self.kb.fact_by_id.get(args)):
            return self._fact_reply(fact)  # a deep link: t.me/<bot>?start=<fact id>
        meta = self.kb.meta
        message = Message()
        message.add(bold(f"Ask me about the {meta.title}."))
        message.add(
            f"I answer with the report's own figures, each with a verbatim quote and the "
            f"section it comes from. The report was delivered by {meta.speaker.name}, "
            f"{meta.speaker.office}, on {meta.delivered.date:%B %-d, %Y}."
        )
        message.add("Ask in English or Chinese, or tap an example:")
        for number, example in enumerate(EXAMPLES):
            message.row(Button(example, actions.example(number)))
        message.add("Send /help for the commands.")
        return Reply([message], None)

    def _cmd_help(self, args: str, context: Context | None) -> Reply:
        return Reply([help_message()], context)

    def _cmd_targets(self, args: str, context: Context | None) -> Reply:
        return Reply([listings.targets(self.kb, _page(args))], context)

    def _cmd_results(self, args: str, context: Context | None) -> Reply:
        return Reply([listings.results(self.kb, _page(args))], context)

    def _cmd_compare(self, args: str, context: Context | None) -> Reply:
        return Reply([listings.comparisons(self.kb, _page(args))], context)

    def _cmd_sections(self, args: str, context: Context | None) -> Reply:
        return Reply([listings.outline(self.kb)], context)

    def _cmd_section(self, args: str, context: Context | None) -> Reply:
        if not args:
            message = Message().add(
                "Which section? For example /section 7, /section VII or /section environment."
            )
            return Reply([message, listings.outline(self.kb)], context)
        section = self.engine.find_section(args)
        if section is None:
            message = Message().add(f"I couldn't find a section called “{args[:100]}”.")
            return Reply([message, listings.outline(self.kb)], context)
        return self._section_reply(section)

    def _cmd_search(self, args: str, context: Context | None) -> Reply:
        if not args:
            return Reply(
                [Message().add("What should I search for? For example /search housing.")], context
            )
        found = [a.fact for a in self.engine.search(args, limit=8)]
        if not found:
            return Reply(
                [
                    Message()
                    .add(f"Nothing in the report matches “{args[:100]}”.")
                    .add("Try other words, or /sections.")
                ],
                context,
            )
        message = Message().add(bold(f"Top matches for “{args[:100]}”"))
        for fact in found:
            message.add("• ", fact.figures[0].text, f"  {fact.topic}")
        message.buttons.extend(fact_buttons(found))
        return Reply([message], context)

    def _cmd_about(self, args: str, context: Context | None) -> Reply:
        meta = self.kb.meta
        message = Message()
        message.add(bold(meta.title))
        message.add(
            f"Delivered by {meta.speaker.name}, {meta.speaker.office}, at the "
            f"{meta.delivered.occasion} on {meta.delivered.date:%B %-d, %Y}. "
            f"English text released {meta.released:%Y-%m-%d}."
        )
        message.add(meta.translation)
        message.add(
            bold("What I can do: "),
            "quote the report's figures for 2018 (results) and "
            "2019 (targets), with the exact sentence and its section; show whole sections, "
            "all targets and results, and compare the two years.",
        )
        message.add(
            bold("What I can't do: "),
            "give figures the report doesn't state, data for "
            "other years or other places, opinions or advice. I answer from this report "
            "only; nothing you send is stored beyond the last question in this chat.",
        )
        return Reply([message], context)


_LISTINGS = {
    "t": listings.targets,
    "r": listings.results,
    "c": listings.comparisons,
    "o": listings.outline,
}


def _page(args: str) -> int:
    """A page number typed after a list command ("/targets 2"), counted from 1."""
    return int(args) - 1 if args.isdigit() and 0 < int(args) < 100 else 0
