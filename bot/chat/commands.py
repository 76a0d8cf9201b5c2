"""The commands the bot knows, with the descriptions shown in /help, the menus and the README."""

from __future__ import annotations

from dataclasses import dataclass

from bot.chat.markup import Message, bold
from bot.i18n import N_, Catalog


@dataclass(frozen=True)
class Command:
    name: str
    description: str  # English; translated where shown
    argument: str | None = None

    def describe(self, cat: Catalog) -> str:
        return cat._(self.description)

    def usage(self, cat: Catalog) -> str:
        """ "/section <number or name>", the argument in the reader's language."""
        return f"/{self.name} {cat._(self.argument)}" if self.argument else f"/{self.name}"


COMMANDS: dict[str, Command] = {
    c.name: c
    for c in (
        Command("start", N_("Welcome, and example questions to tap")),
        Command("help", N_("What I can do and how to ask")),
        Command("targets", N_("All 2019 targets, grouped by task")),
        Command("results", N_("The 2018 results at a glance")),
        Command("compare", N_("Each 2018 result beside its 2019 target")),
        Command("sections", N_("The report's outline")),
        Command("section", N_("One section: its text and figures"), N_("<number or name>")),
        Command("search", N_("The passages that best match"), N_("<words>")),
        Command("language", N_("Reply in English or Chinese")),
        Command("about", N_("About the report, and what I keep")),
    )
}

# Other names people type for a command ("/lang zh"): answered as the command itself.
ALIASES = {"lang": "language", "outline": "sections", "target": "targets", "result": "results"}

EXAMPLES = (
    N_("How many new jobs were created in 2018?"),
    N_("What is the GDP growth target for 2019?"),
    N_("What's happening with the airport?"),
    N_("How clean was the air last year?"),
    N_("What does the report plan for culture?"),
)
EXAMPLES_ZH = (
    "去年新增就业多少？",
    "今年GDP增长目标是多少？",
    "嘉兴机场建得怎么样了？",
    "今年要建多少保障房？",
    "报告里对文化有什么计划？",
)


def bot_profile(cat: Catalog) -> tuple[str, str, str]:
    """The bot's name, description and short description on Telegram, in one language."""
    _ = cat._
    return (
        _("Jiaxing Work Report Bot"),
        _("Ask about the Jiaxing Municipal Government Work Report (2019) in English or Chinese. "
          "I answer with the report's own figures and words, and say where they come from."),
        _("The Jiaxing government work report (2019), answered in its own words."),
    )  # fmt: skip


def examples(cat: Catalog) -> tuple[str, ...]:
    """Example questions in the reader's language."""
    return EXAMPLES_ZH if cat.zh else EXAMPLES


def help_message(cat: Catalog) -> Message:
    """Every command with its description, and how to ask questions."""
    _ = cat._
    message = Message()
    message.add(bold(_("Ask me anything about Jiaxing's 2019 government work report.")))
    message.add(
        _("Type a question in English or Chinese, for example “{en}” or “{zh}”. Follow up "
          "with “and in 2019?”, “why?” or “more”. In groups, mention me or reply to my "
          "message.").format(en=_("How many new jobs were created last year?"), zh="今年GDP目标")
    )  # fmt: skip
    message.add(bold(_("Commands")))
    for command in COMMANDS.values():
        message.add(f"{command.usage(cat)} — {command.describe(cat)}")
    message.add(_("Inline: type @ and my name in any chat, then a topic, to share an answer."))
    return message
