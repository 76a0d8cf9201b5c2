"""Core messages as Bot API calls: HTML text and inline keyboards, within Telegram's limits."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.chat.markup import MESSAGE_LIMIT, Message, to_html
from bot.telegram.delivery import call

JSON = dict[str, Any]
NO_PREVIEW = {"is_disabled": True}


@dataclass(frozen=True)
class Outgoing:
    """One message ready for sendMessage: HTML text and its keyboard."""

    text: str
    markup: InlineKeyboardMarkup | None

    def markup_json(self) -> JSON | None:
        return self.markup.to_dict() if self.markup is not None else None


def share_query(message: Message) -> str:
    """What the Share button types after the bot's name in the chat the user picks: the
    passage and the language, which inline mode answers with that one card."""
    return f"{message.share} {message.language}"


def keyboard(message: Message, *, share: bool = True) -> InlineKeyboardMarkup | None:
    rows = [
        [InlineKeyboardButton(b.label, callback_data=b.action) for b in row]
        for row in message.buttons
    ]
    if share and message.share:
        # Opens Telegram's chat picker; the chosen chat gets the card through inline mode.
        button = InlineKeyboardButton(message.share_label, switch_inline_query=share_query(message))
        rows.append([button])
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


def outgoing(message: Message, *, share: bool = True) -> list[Outgoing]:
    """The message as one or more Telegram messages; the keyboard goes under the last one."""
    texts = _split(to_html(message)) or [""]
    last = len(texts) - 1
    return [
        Outgoing(t, keyboard(message, share=share) if i == last else None)
        for i, t in enumerate(texts)
    ]


def send_calls(
    messages: list[Message],
    chat_id: int,
    *,
    reply_to: int | None = None,
    thread_id: int | None = None,
) -> list[JSON]:
    """sendMessage calls for the messages; the first quotes `reply_to` when given."""
    calls: list[JSON] = []
    for message in messages:
        for part in outgoing(message):
            quoted = {"message_id": reply_to, "allow_sending_without_reply": True}
            calls.append(
                call(
                    "sendMessage",
                    chat_id=chat_id,
                    message_thread_id=thread_id,
                    text=part.text,
                    parse_mode="HTML",
                    link_preview_options=NO_PREVIEW,
                    reply_markup=part.markup_json(),
                    reply_parameters=quoted if reply_to is not None and not calls else None,
                )
            )
    return calls


def edit_call(message: Message, chat_id: int, message_id: int) -> JSON:
    """editMessageText that turns a page: the message becomes `message` (one part only)."""
    part = outgoing(message)[0]
    return call(
        "editMessageText",
        chat_id=chat_id,
        message_id=message_id,
        text=part.text,
        parse_mode="HTML",
        link_preview_options=NO_PREVIEW,
        reply_markup=part.markup_json(),
    )
