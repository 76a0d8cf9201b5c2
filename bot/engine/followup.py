"""Follow-ups: "and in 2019?", "what about the target?", "more", against the previous answer."""

from __future__ import annotations

from dataclasses import dataclass

from bot.engine.lexicon import FOLLOW_UP_NEUTRAL
from bot.engine.query import Intent, Query
from bot.engine.result import Answer, Result
from bot.engine.text import stem
from bot.knowledge import KnowledgeBase
from bot.knowledge.schema import Fact, Section

SECTION_FACTS = 8  # facts given with a section answer


@dataclass(frozen=True)
class Context:
    """What a chat was last told, so that "and in 2019?" or "more" can refer to it."""

    fact_id: str | None = None
    section_id: str | None = None
    shown: tuple[str, ...] = ()

    @classmethod
    def of(cls, result: Result) -> Context | None:
        """The context a result leaves behind (None when it answered nothing)."""
        if result.section is not None:
            shown = tuple(a.fact.id for a in result.answers)
            return cls(section_id=result.section.id, shown=shown)
        if result.best is not None:
            return cls(
                fact_id=result.best.id, section_id=result.best.section, shown=(result.best.id,)
            )
        return None


def section_facts(kb: KnowledgeBase, section: Section, intent: Intent | None = None) -> list[Fact]:
    """The section's facts by importance: headline, then the asked kind, then report order."""
    return sorted(
        kb.facts_in(section),
        key=lambda f: (
            not f.headline,
            intent is not None and f.kind != intent,
            f.kind not in ("result", "target"),
        ),
    )


_NEUTRAL = frozenset(stem(w) for w in FOLLOW_UP_NEUTRAL)


def is_follow_up(query: Query) -> bool:
    """A message with no topic of its own, only a year, "more", "and ...?" or "how many km?"."""
    topic = [t for t in query.known_terms if t.text not in _NEUTRAL]
    return not topic and (
        query.intent is not None or query.wants_more or query.follow_up_words or bool(query.years)
    )


def follow_up(kb: KnowledgeBase, query: Query, context: Context) -> Result:
    """The answer a follow-up refers to: the other year's figure, or more of the section."""
    fact = kb.fact_by_id.get(context.fact_id or "")
    section = kb.section_by_id.get(context.section_id or "")
    if fact is not None and not query.wants_more:
        if query.intent is None or fact.kind == query.intent:
            return Result(query.raw, "answered", answers=[Answer(fact, 1.0)])
        partner = kb.fact_by_id.get(fact.compare_with or "")
        if partner is not None:
            return Result(query.raw, "answered", answers=[Answer(partner, 1.0)], offer=fact)
        return Result(query.raw, "not_found", reason="no_comparison", detail=fact.topic)
    while section is not None:
        remaining = [
            f for f in section_facts(kb, section, query.intent) if f.id not in context.shown
        ]
        if remaining:
            answers = [Answer(f, 1.0) for f in remaining[:SECTION_FACTS]]
            return Result(query.raw, "answered", answers=answers, section=section)
        section = kb.section_by_id.get(section.parent or "")  # nothing left: widen
    return Result(query.raw, "not_found", reason="no_previous")
