"""One question being decided: its reading, the context, and the ranking, with the helpers the
rules share (turning candidates into answers, building results)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from bot.engine.context import Context
from bot.engine.ranking import Candidate, Ranking, rank
from bot.engine.reading import Reading
from bot.engine.result import Answer, Passage, Reason, Result, Status
from bot.knowledge.records import Fact, Section, Statement
from bot.knowledge.source import squash

if TYPE_CHECKING:
    from bot.engine.engine import Engine


@dataclass
class Case:
    """A question in the middle of being decided."""

    engine: Engine
    reading: Reading
    context: Context | None

    @cached_property
    def ranking(self) -> Ranking:
        near = self.context.section_id if self.context is not None else None
        e = self.engine
        return rank(self.reading, e.index, e.info, e.tuning, near_section=near)

    # ------------------------------------------------------------------ candidates
    def passage(self, candidate: Candidate) -> Passage:
        found = self.engine.kb.passage(candidate.key)
        if found is None:  # the index and the knowledge base are always built together
            raise LookupError(candidate.key)
        return found

    def confident(self, candidate: Candidate | None) -> bool:
        t = self.engine.tuning
        return (
            candidate is not None
            and candidate.strong >= t.min_strong
            and candidate.coverage >= t.min_coverage
        )

    def best_passage(self) -> Candidate | None:
        """The best candidate; asked for a figure ("how big is the digital economy?"), the best
        fact with such a figure, when it trails a statement that prints none by less than the
        lead facts get for a figure asked."""
        return self._best

    @cached_property
    def _best(self) -> Candidate | None:
        found = self.ranking.passages()
        if not found:
            return None
        first = found[0]
        kb, t = self.engine.kb, self.engine.tuning
        if not self.reading.asks_figure or first.kind != "statement":
            return first
        if first.key in kb.facts_in_statement:
            return first
        for item in found[1:]:
            if item.rank < first.rank - t.figure_asked:
                break
            fact = kb.fact_by_id.get(item.key)
            if (
                fact is not None
                and item.coverage >= t.min_coverage
                and self.engine.has_asked_figure(self.reading, fact)
            ):
                return item
        return first

    def topic(self) -> tuple[tuple[str, float], ...]:
        return tuple((t.text, t.weight) for t in self.reading.topic_terms)

    # ------------------------------------------------------------------ results
    def result(
        self,
        status: Status,
        reason: Reason,
        answers: list[Answer] | None = None,
        *,
        topic: tuple[tuple[str, float], ...] | None = None,
        **extra: Any,
    ) -> Result:
        return Result(
            self.reading.raw,
            status,
            reason,
            answers=answers or [],
            language=self.reading.language,
            topic=self.topic() if topic is None else topic,
            **extra,
        )

    def decline(self, reason: Reason, detail: str | None = None, **extra: Any) -> Result:
        return self.result("not_found", reason, detail=detail, **extra)

    def section_result(self, section: Section, reason: Reason = "broad") -> Result:
        """A whole section as the answer: its lead, then its most telling passages."""
        passages = self.engine.section_passages(section, self.reading.intent)
        answers = [Answer(p, 1.0) for p in passages]
        shown = self.engine.tuning.max_answers
        return self.result(
            "answered",
            reason,
            answers[:shown],
            section=section,
            more=tuple(p.id for p in passages[shown:]),
        )


_RELATED: dict[tuple[int, int], bool] = {}


def related(a: Passage, b: Passage) -> bool:
    """Two passages that say the same thing: one quote, one sentence, or a compared pair."""
    key = (id(a), id(b))
    found = _RELATED.get(key)
    if found is None:
        if len(_RELATED) > 200_000:  # records of a replaced knowledge base are let go
            _RELATED.clear()
        found = _RELATED[key] = _related(a, b)
    return found


def _related(a: Passage, b: Passage) -> bool:
    if a.id == b.id or a.span == b.span:
        return True
    if a.span[0] < b.span[1] and b.span[0] < a.span[1]:
        return True  # overlapping text
    if isinstance(a, Fact) and isinstance(b, Fact):
        return a.compare_with == b.id or a.quote == b.quote
    if isinstance(a, Statement) and isinstance(b, Statement):
        return a.sentence == b.sentence and a.section == b.section
    fact, statement = (a, b) if isinstance(a, Fact) else (b, a)
    return (
        isinstance(fact, Fact)
        and isinstance(statement, Statement)
        and squash(fact.quote) in statement.sentence
    )
