"""What the engine answers: a status, passages or a section, and why it declined if it did."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from bot.engine.smalltalk import SmallTalk
from bot.knowledge.records import Fact, Section, Service, Statement

Passage = Fact | Statement
Status = Literal["answered", "ambiguous", "not_found", "smalltalk", "service"]
Reason = Literal[
    "empty",
    "smalltalk",
    "service",
    "creative",
    "opinion",
    "follow_up",
    "section_number",
    "about",
    "outline",
    "problem",
    "other_year",
    "overview",
    "unknown_topic",
    "other_place",
    "not_in_report",
    "broad",
    "no_figure",
    "other_year_only",
    "unsure",
    "ambiguous",
    "fact",
    "statement",
    "no_previous",
    "no_comparison",
    "no_breakdown",
]
# Which rule decided, for the reasons the engine answers with.
ANSWERED_REASONS: frozenset[str] = frozenset(
    {
        "fact",
        "statement",
        "overview",
        "broad",
        "follow_up",
        "about",
        "outline",
        "problem",
        "section_number",
    }
)


@dataclass(frozen=True)
class Answer:
    """One passage (a fact or a statement) offered as an answer, with its score (0-1)."""

    passage: Passage
    score: float

    @property
    def fact(self) -> Fact | None:
        return self.passage if isinstance(self.passage, Fact) else None


@dataclass
class Result:
    """The engine's reply to one message, before any rendering."""

    query: str
    status: Status
    reason: Reason
    answers: list[Answer] = field(default_factory=list)
    section: Section | None = None
    detail: str | None = None  # the place, year or topic that put the question out of scope
    offer: Passage | None = None  # the other year's passage, when the question fits both
    smalltalk: SmallTalk | None = None
    service: Service | None = None
    language: str = "en"
    full: bool = False  # show the passage's whole sentence ("why?", "tell me more")
    listing: bool = False  # several passages shown as a list ("more")
    aside: bool = False  # beside the thread ("why does that matter?"): follow-ups refer past it
    more: tuple[str, ...] = ()  # passages not shown yet, for "more"
    topic: tuple[tuple[str, float], ...] = ()  # the question's topic terms, for follow-ups
    outline: tuple[Section, ...] = ()  # the report's parts, when the outline is the answer

    @property
    def best(self) -> Passage | None:
        return self.answers[0].passage if self.answers else None

    def to_json(self) -> dict[str, Any]:
        """The batch interface's JSON object for this result."""
        data: dict[str, Any] = {
            "query": self.query,
            "status": self.status,
            "reason": self.reason,
            "language": self.language,
            "answers": [_answer_json(a) for a in self.answers],
        }
        if self.outline:
            data["match"] = "outline"
            data["outline"] = [{"id": s.id, "title": s.title} for s in self.outline]
        elif self.section is not None:
            data["match"] = "section"
            data["section"] = {"id": self.section.id, "title": self.section.title}
        elif self.answers:
            data["match"] = "fact" if self.answers[0].fact else "statement"
        else:
            data["match"] = "none"
        if self.detail:
            data["detail"] = self.detail
        if self.offer is not None:
            data["compare_with"] = self.offer.id
        if self.smalltalk:
            data["smalltalk"] = self.smalltalk
        if self.service is not None:
            data["service"] = self.service.id
        return data


def _answer_json(answer: Answer) -> dict[str, Any]:
    passage = answer.passage
    if isinstance(passage, Fact):
        return {
            "id": passage.id,
            "type": "fact",
            "section": passage.section,
            "kind": passage.kind,
            "topic": passage.topic,
            "quote": passage.quote,
            "figures": [
                {
                    "text": f.text,
                    "value": f.value,
                    "unit": f.unit,
                    "basis": f.basis,
                    **({"qualifier": f.qualifier} if f.qualifier else {}),
                    **({"label": f.label} if f.label else {}),
                }
                for f in passage.figures
            ],
            "score": round(answer.score, 4),
        }
    return {
        "id": passage.id,
        "type": "statement",
        "section": passage.section,
        "period": passage.period,
        **({"topic": passage.topic} if passage.topic else {}),
        "quote": passage.text,
        "sentence": passage.sentence,
        "score": round(answer.score, 4),
    }
