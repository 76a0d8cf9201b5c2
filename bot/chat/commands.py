"""The commands the bot knows, with the descriptions shown in /help, menus and the README."""

from __future__ import annotations

from dataclasses import dataclass

from bot.chat.markup import Message, bold


@dataclass(frozen=True)
class Command:
    name: str
    usage: str
    description: str


COMMANDS: dict[str, Command] = {
    c.name: c
    for c in (
        Command("start", "/start", "Welcome, and example questions to tap"),
        Command("help", "/help", "What I can do and how to ask"),
        Command("targets", "/targets", "All 2019 targets, grouped by task"),
        Command("results", "/results", "The 2018 results at a glance"),
        Command("compare", "/compare", "Each 2018 result beside its 2019 target"),
        Command("sections", "/sections", "The report's outline"),
        Command("section", "/section <number or name>", "One section: summary and key figures"),
        Command("search", "/search <words>", "Top matching figures"),
        Command("about", "/about", "About the report and this bot"),
    )
}

EXAMPLES = (
    "How many new jobs were created in 2018?",
    "What is the GDP growth target for 2019?",
    "How clean was the air last year?",
    "今年的GDP目标是多少？",
    "What does the report say about rural revitalization?",
)


def help_message() -> Message:
    """Every command with its description, and how to ask questions."""
    message = Message()
    message.add(bold("Ask me anything about Jiaxing's 2019 government work report."))
    message.add(
        "Type a question in English or Chinese, for example “How many new jobs were "
        "created last year?” or “2019年新增就业目标”. Follow up with “and in 2019?” or "
        "“more”. In groups, mention me or reply to my message."
    )
    message.add(bold("Commands"))
    for command in COMMANDS.values():
        message.add(f"{command.usage} — {command.description}")
    message.add("Inline: type @ and my name in any chat, then a topic, to share a figure.")
    return message
