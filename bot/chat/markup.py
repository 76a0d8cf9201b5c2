"""A small message model, rendered as Telegram HTML or as plain text from the same source.

Replies are built from these pieces, never from strings with markup in them: whatever a user
or the knowledge base says is escaped once, here, when the HTML is made.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Literal

Style = Literal["plain", "bold", "italic"]
CALLBACK_LIMIT = 64  # bytes, Telegram's limit for callback_data
MESSAGE_LIMIT = 4096  # characters, Telegram's limit for one message


@dataclass(frozen=True)
class Span:
    text: str
    style: Style = "plain"


def bold(text: str) -> Span:
    return Span(text, "bold")


def italic(text: str) -> Span:
    return Span(text, "italic")


@dataclass(frozen=True)
class Line:
    """One paragraph of spans."""

    spans: tuple[Span, ...]

    @classmethod
    def of(cls, *parts: Span | str) -> Line:
        return cls(tuple(p if isinstance(p, Span) else Span(p) for p in parts))


@dataclass(frozen=True)
class Quote:
    """A verbatim passage from the report."""

    text: str


Block = Line | Quote


@dataclass(frozen=True)
class Button:
    """A button under a message; `action` is what pressing it asks the conversation to do."""

    label: str
    action: str

    def __post_init__(self) -> None:
        if len(self.action.encode()) > CALLBACK_LIMIT:
            raise ValueError(f"button action longer than {CALLBACK_LIMIT} bytes: {self.action!r}")


@dataclass
class Message:
    """One reply message: blocks of text, rows of buttons, and what it may be shared as."""

    blocks: list[Block] = field(default_factory=list)
    buttons: list[list[Button]] = field(default_factory=list)
    share: str | None = None  # a passage id the message can be shared as (inline mode)
    share_label: str = "Share ↗"
    language: str = "en"  # of the text, so a shared copy keeps it

    def add(self, *parts: Span | str) -> Message:
        self.blocks.append(Line.of(*parts))
        return self

    def quote(self, text: str) -> Message:
        self.blocks.append(Quote(text))
        return self

    def row(self, *buttons: Button) -> Message:
        if buttons:
            self.buttons.append(list(buttons))
        return self


def _span_html(span: Span) -> str:
    text = html.escape(span.text, quote=False)
    if span.style == "bold":
        return f"<b>{text}</b>"
    if span.style == "italic":
        return f"<i>{text}</i>"
    return text


def to_html(message: Message) -> str:
    """The message in Telegram's HTML parse mode, every text escaped."""
    parts = []
    for block in message.blocks:
        if isinstance(block, Quote):
            parts.append(f"<blockquote>{html.escape(block.text, quote=False)}</blockquote>")
        else:
            parts.append("".join(_span_html(s) for s in block.spans))
    return "\n".join(parts)


def to_plain(message: Message) -> str:
    """The message as a person reads it in a terminal: no markup, quotes in quotation marks."""
    parts = []
    for block in message.blocks:
        if isinstance(block, Quote):
            parts.append(f"  “{block.text}”")
        else:
            parts.append("".join(s.text for s in block.spans))
    return "\n".join(parts)
