"""Checks that a text is HTML Telegram accepts: only its tags, every tag closed, within limits."""

from __future__ import annotations

from html.parser import HTMLParser

ALLOWED = {"b", "i", "u", "s", "code", "pre", "a", "blockquote", "tg-spoiler"}
LIMIT = 4096


class _Checker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.visible = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED:
            self.problems.append(f"tag <{tag}> is not allowed")
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> does not close an open tag")
        else:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.visible += len(data)


def telegram_html_problems(text: str) -> list[str]:
    """Why Telegram would refuse `text` in HTML parse mode (empty when it would not)."""
    checker = _Checker()
    checker.feed(text)
    checker.close()
    problems = list(checker.problems)
    if checker.stack:
        problems.append(f"unclosed tags: {checker.stack}")
    if len(text) > LIMIT:
        problems.append(f"{len(text)} characters, over {LIMIT}")
    if checker.visible == 0:
        problems.append("no visible text")
    return problems
