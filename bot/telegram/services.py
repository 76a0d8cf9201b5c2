"""What the handlers share: the conversation core, delivery, pseudonyms, metrics, the
question log and the map from sent answers to what they answered (for reactions).

Kept in `application.bot_data[Services.KEY]`; every method is safe to call when the optional
parts (metrics, question log, state store) are absent, as in tests that build a bare bot.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from telegram import Message, MessageReactionUpdated, Update

from bot.chat import Conversation, Reply
from bot.chat.conversation import InlineItem
from bot.store.state import StateStore
from bot.telegram.delivery import Delivery
from bot.telegram.logs import Pseudonyms
from bot.telegram.metrics import Metrics

if TYPE_CHECKING:
    from bot.questions.log import QuestionLog

log = logging.getLogger(__name__)
SENT_TTL = 86_400.0  # seconds a sent answer can still be reacted to (as feedback)


@dataclass
class Services:
    KEY: ClassVar[str] = "services"

    conversation: Conversation
    delivery: Delivery
    pseudonyms: Pseudonyms
    metrics: Metrics | None = None
    questions: QuestionLog | None = None
    store: StateStore | None = None

    # ------------------------------------------------------------------ questions
    def asked(self, text: str, reply: Reply, interface: str) -> None:
        """Count the answer; log the question if the log wants it (never raises)."""
        result = reply.result
        if self.metrics is not None:
            self.metrics.languages.labels(reply.language).inc()
            if result is not None:
                self.metrics.answers.labels(result.status, result.reason).inc()
        if result is not None and self.questions is not None:
            self.questions.record(text, result, interface=interface, language=reply.language)

    def asked_inline(self, text: str, items: list[InlineItem]) -> None:
        if self.metrics is not None:
            status = "answered" if items else "not_found"
            self.metrics.answers.labels(status, "inline").inc()

    # ------------------------------------------------------------------ feedback
    async def after_reply(
        self, update: Update, message: Message, reply: Reply, results: list[Any], *, group: bool
    ) -> None:
        """Remember which answer each sent message shows, so a reaction to it is feedback."""
        result = reply.result
        if self.store is None or result is None or result.status != "answered":
            return
        best = result.best
        if best is None:
            return
        for sent in results:
            if isinstance(sent, dict) and isinstance(sent.get("message_id"), int):
                key = self.pseudonyms.key("message", f"{message.chat_id}:{sent['message_id']}")
                record = {"id": best.id, "q": reply.state.asked}
                try:
                    await self.store.put("sent", key, record, SENT_TTL)
                except Exception as error:  # feedback is worth less than the answer
                    log.warning("could not note a sent answer (%s)", type(error).__name__)

    def voted(self, update: Update, reply: Reply) -> str | None:
        """Record a 👍/👎 button press; the notice to show, if it differs from the reply's."""
        if reply.vote is None or self.questions is None or update.effective_user is None:
            return None
        answer_id, helpful = reply.vote
        voter = self.pseudonyms.key("voter", f"{update.effective_user.id}:{answer_id}")
        question = reply.state.asked
        outcome = self.questions.feedback(
            answer_id, question, 1 if helpful else -1, voter, source="button"
        )
        return reply.notices.get(outcome) if reply.notices else None

    async def reacted(
        self, chat_id: int, message_id: int, reaction: MessageReactionUpdated, vote: int
    ) -> None:
        if self.store is None or self.questions is None:
            return
        who = (
            reaction.user.id
            if reaction.user
            else reaction.actor_chat.id
            if reaction.actor_chat
            else None
        )
        if who is None:
            return
        found = await self.store.get(
            "sent", self.pseudonyms.key("message", f"{chat_id}:{message_id}")
        )
        if not found or not isinstance(found.get("id"), str):
            return  # not one of the bot's answers, or too old
        voter = self.pseudonyms.key("voter", f"{who}:{found['id']}")
        question = found.get("q") if isinstance(found.get("q"), str) else None
        self.questions.feedback(found["id"], question, vote, voter, source="reaction")
