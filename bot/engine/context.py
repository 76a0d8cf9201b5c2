"""What a conversation was last told, so that "and in 2019?", "why?" or "more" can refer to it.

A context is plain data (ids, terms and numbers), so it can be stored as JSON by any front end
and survive a restart; it never holds the question's text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.engine.result import Result
from bot.knowledge.records import Fact, Statement

MORE_KEPT = 12  # passages kept for "more"
SHOWN_KEPT = 50  # passages already shown on a thread, newest kept


@dataclass(frozen=True)
class Context:
    """The previous answer: the passage and section shown, what is left, and its topic."""

    passage_id: str | None = None
    section_id: str | None = None
    shown: tuple[str, ...] = ()
    more: tuple[str, ...] = ()
    topic: tuple[tuple[str, float], ...] = ()
    intent: str | None = None
    language: str = "en"

    @classmethod
    def of(cls, result: Result, before: Context | None = None) -> Context | None:
        """The context a result leaves behind (None when it answered nothing). A follow-up
        keeps what was shown `before` on the thread, so "more" never repeats it."""
        shown = tuple(a.passage.id for a in result.answers)
        if before is not None and result.aside:
            return before.showing(shown)  # "why does that matter?": the thread stays put
        if result.section is not None:
            return cls(
                section_id=result.section.id,
                shown=shown,
                more=result.more[:MORE_KEPT],
                topic=result.topic,
                language=result.language,
            )
        best = result.best
        if best is None or result.status not in ("answered", "ambiguous"):
            return None
        intent = None
        if isinstance(best, Fact) and best.kind in ("result", "target"):
            intent = best.kind
        elif isinstance(best, Statement) and best.period in ("result", "plan"):
            intent = "result" if best.period == "result" else "target"
        # A listing ("more") shows every passage in it; an answer shows its first, and offers
        # the others as buttons.
        seen = shown if result.listing else shown[:1] if result.status == "answered" else ()
        if seen and result.offer is not None:
            seen = (*seen, result.offer.id)  # the other year's figure, shown beside it
        # "is 9% for rural people good?" answered by the same passage again: the thread is
        # still on what it was about, not on the words of the remark
        same = before is not None and before.passage_id == best.id
        if before is not None and (result.reason == "follow_up" or same):
            seen = tuple(dict.fromkeys((*before.shown, *seen)))[-SHOWN_KEPT:]
        topic = before.topic if before is not None and same and before.topic else result.topic
        return cls(
            passage_id=best.id,
            section_id=best.section,
            shown=seen,
            more=tuple(p for p in (*shown[1:], *result.more) if p not in seen)[:MORE_KEPT],
            topic=topic,
            intent=intent,
            language=result.language,
        )

    def showing(self, shown: tuple[str, ...]) -> Context:
        """The same context with more passages shown (after "more")."""
        seen = tuple(dict.fromkeys((*self.shown, *shown)))
        return Context(
            self.passage_id,
            self.section_id,
            seen,
            tuple(p for p in self.more if p not in seen),
            self.topic,
            self.intent,
            self.language,
        )

    # ------------------------------------------------------------------ storage
    def to_json(self) -> dict[str, Any]:
        return {
            "p": self.passage_id,
            "s": self.section_id,
            "shown": list(self.shown),
            "more": list(self.more),
            "topic": [[t, w] for t, w in self.topic],
            "i": self.intent,
            "l": self.language,
        }

    @classmethod
    def from_json(cls, data: object) -> Context | None:
        """A context from stored data; None for data of any other shape (never raises)."""
        if not isinstance(data, dict):
            return None
        try:
            return cls(
                passage_id=_text(data.get("p")),
                section_id=_text(data.get("s")),
                shown=tuple(str(x) for x in data.get("shown", ()))[-SHOWN_KEPT:],
                more=tuple(str(x) for x in data.get("more", ()))[:MORE_KEPT],
                topic=tuple((str(t), float(w)) for t, w in data.get("topic", ()))[:40],
                intent=_text(data.get("i")),
                language=str(data.get("l") or "en"),
            )
        except (TypeError, ValueError):
            return None


def _text(value: object) -> str | None:
    return str(value) if isinstance(value, str) else None
