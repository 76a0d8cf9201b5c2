"""The terminal chat: the Telegram bot's conversation, in plain text, for anyone without a token."""

from __future__ import annotations

import contextlib
import sys
from typing import TYPE_CHECKING, TextIO

from bot.chat import ChatState, Conversation, Reply
from bot.chat.markup import Button, to_plain
from bot.i18n import Language, catalog

if TYPE_CHECKING:
    from bot.questions.log import QuestionLog

PROMPT = "you> "


def banner(language: Language | None) -> str:
    """The greeting of the terminal chat, in the chosen language (English by default)."""
    _ = catalog(language or "en")._
    return (
        _("Jiaxing Government Work Report (2019) — terminal chat.")
        + "\n"
        + _(
            "Ask a question, or try /help, /targets, /sections, /section 7. Type a button's "
            "number to press it; 'quit' or Ctrl-D to leave."
        )
        + "\n"
    )


class Console:
    """A read-answer loop over a Conversation, keeping the chat's context and last buttons."""

    def __init__(
        self,
        conversation: Conversation,
        out: TextIO = sys.stdout,
        language: Language | None = None,
        questions: QuestionLog | None = None,
    ) -> None:
        self.conversation = conversation
        self.questions = questions  # the question log (scrubbed; see bot.questions)
        self.out = out
        self.state = ChatState(language=language)
        self.buttons: list[Button] = []

    def handle(self, line: str) -> None:
        """One line typed by the user: a button number, a command, or a question."""
        line = line.strip()
        if line.isdigit() and 0 < int(line) <= len(self.buttons):
            reply = self.conversation.action(self.buttons[int(line) - 1].action, self.state)
        else:
            reply = self.conversation.message(line, self.state)
            if reply.result is not None and self.questions is not None and line[:1] != "/":
                self.questions.record(
                    line, reply.result, interface="terminal", language=reply.language
                )
        self.show(reply)

    def show(self, reply: Reply) -> None:
        self.state = reply.state
        if reply.notice:
            print(f"bot> {reply.notice}", file=self.out)
        self.buttons = []
        for message in reply.messages:
            print("bot> " + to_plain(message).replace("\n", "\n     "), file=self.out)
            for row in message.buttons:
                for button in row:
                    self.buttons.append(button)
                    print(f"     [{len(self.buttons)}] {button.label}", file=self.out)
        print(file=self.out)

    def run(self, stdin: TextIO = sys.stdin) -> int:
        """Chat until end of input or 'quit'."""
        interactive = stdin.isatty()
        if interactive:
            with contextlib.suppress(ImportError):  # not on every platform
                import readline  # noqa: F401 - line editing and history for input()
        print(banner(self.state.language), file=self.out)
        while True:
            try:
                line = input(PROMPT) if interactive else stdin.readline()
            except (EOFError, KeyboardInterrupt):
                print(file=self.out)
                return 0
            if not interactive and not line:
                return 0
            if line.strip().lower() in ("quit", "exit", "/quit", "/exit"):
                return 0
            if line.strip():
                self.handle(line)
