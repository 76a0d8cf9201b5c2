"""Core messages as Telegram messages: HTML text and inline keyboards, within Telegram's limits."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.chat.markup import MESSAGE_LIMIT, Message, to_html


@dataclass(frozen=True)
class Outgoing:
    """One message ready for sendMessage: HTML text and its keyboard."""

    text: str
    markup: InlineKeyboardMarkup | None


def deep_link(username: str, fact_id: str) -> str:
    """The t.me link that opens the bot on one fact (handled by /start <fact id>)."""
    return f"https://t.me/{username}?start={fact_id}"


def keyboard(message: Message, username: str | None) -> InlineKeyboardMarkup | None:
    rows = [
        [InlineKeyboardButton(b.label, callback_data=b.action) for b in row]
        for row in message.buttons
    ]
    if message.share and username:
        rows.append([InlineKeyboardButton("Share ↗", url=deep_link(username, message.share))])
    return InlineKeyboardMarkup(rows) if rows else None


def _split(html: str) -> list[str]:
    """Cut text longer than one message at line breaks (a last guard: the core pages lists
    and every line it makes is far shorter than a message)."""
    parts: list[str] = []
    current = ""
    for line in html.split("\n"):
        if current and len(current) + 1 + len(line) > MESSAGE_LIMIT:
            parts.append(current)
            current = ""
        current = f"{current}\n{line}" if current else line
    parts.append(current)
    return [part[:MESSAGE_LIMIT] for part in parts]


def outgoing(message: Message, username: str | None) -> list[Outgoing]:
    """The message as one or more Telegram messages; the keyboard goes under the last one."""
    texts = _split(to_html(message)) or [""]
    last = len(texts) - 1
    return [
        Outgoing(t, keyboard(message, username) if i == last else None) for i, t in enumerate(texts)
    ]
