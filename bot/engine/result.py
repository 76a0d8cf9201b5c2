"""What the engine answers: a status, ranked facts or a section, and why it declined if it did."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from bot.knowledge.schema import Fact, Section

Status = Literal["answered", "ambiguous", "not_found"]
Reason = Literal[
    "unknown_topic",
    "other_place",
    "other_year",
    "creative",
    "empty",
    "no_comparison",
    "no_previous",
    "no_figure",
    "opinion",
    "request",
    "other_year_only",
    "not_in_report",
]


@dataclass(frozen=True)
class Answer:
    """One fact offered as an answer, with its score (0-1, higher is closer)."""

    fact: Fact
    score: float


@dataclass
class Result:
    """The engine's reply to one question, before any rendering."""

    query: str
    status: Status
    answers: list[Answer] = field(default_factory=list)
    section: Section | None = None
    reason: Reason | None = None
    detail: str | None = None  # e.g. the place or year that put the question out of scope
    offer: Fact | None = None  # the other year's fact, when the question fits both

    @property
    def best(self) -> Fact | None:
        return self.answers[0].fact if self.answers else None

    def to_json(self) -> dict[str, Any]:
        """The batch interface's JSON object for this result."""
        data: dict[str, Any] = {
            "query": self.query,
            "status": self.status,
            "answers": [
                {
                    "fact_id": a.fact.id,
                    "section": a.fact.section,
                    "kind": a.fact.kind,
                    "topic": a.fact.topic,
                    "quote": a.fact.quote,
                    "figures": [
                        {
                            "text": f.text,
                            "value": f.value,
                            "unit": f.unit,
                            **({"qualifier": f.qualifier} if f.qualifier else {}),
                            **({"label": f.label} if f.label else {}),
                        }
                        for f in a.fact.figures
                    ],
                    "score": round(a.score, 4),
                }
                for a in self.answers
            ],
        }
        if self.section is not None:
            data["match"] = "section"
            data["section"] = {"id": self.section.id, "title": self.section.title}
        else:
            data["match"] = "fact" if self.answers else "none"
        if self.reason:
            data["reason"] = self.reason
        if self.offer is not None:
            data["compare_with"] = self.offer.id
        return data
