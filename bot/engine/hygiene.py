"""Keyword hygiene, by machine: keywords that lead somewhere other than their own record.

Each keyword of a fact or a curated statement is asked as a question on its own. A keyword
whose best passage is a different, unrelated record (and one that fits it better) pulls
questions away from its record; a keyword that names a gap blocks its own record. Both are
listed by `reportbot check`, so the curator can fix them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from bot.engine.engine import Engine
from bot.engine.ranking import Candidate, rank
from bot.knowledge.records import Fact, Statement

MARGIN = 0.05  # the other record must fit the keyword this much better to count as a pull


@dataclass(frozen=True)
class Finding:
    record: str
    keyword: str
    problem: str

    def __str__(self) -> str:
        return f"{self.record}: keyword {self.keyword!r} {self.problem}"


def findings(engine: Engine) -> Iterator[Finding]:
    """Every keyword that pulls in another record or names a gap."""
    kb = engine.kb
    records: list[Fact | Statement] = [*kb.facts, *(s for s in kb.statements if s.curated)]
    for record in records:
        for keyword in record.keywords:
            reading = engine.read(keyword)
            if gaps := engine.gaps_named(reading):
                yield Finding(record.id, keyword, f"names gap {gaps[0]!r}, which blocks it")
                continue
            ranking = rank(reading, engine.index, engine.info, engine.tuning)
            ranked = ranking.passages()
            if not ranked:
                continue
            own = next((c for c in ranked if c.key == record.id), None)
            top = ranked[0]
            if top.key == record.id:
                if (elsewhere := _belongs_elsewhere(engine, record, keyword, ranked)) is not None:
                    yield Finding(record.id, keyword, f"names what only {elsewhere!r} mentions")
                continue
            other = kb.passage(top.key)
            if other is None or _same_passage(record, other) or _prints(kb, record, other):
                continue
            close = own is not None and own.coverage >= top.coverage - 0.02
            if close and engine.period_of(record) != engine.period_of(other):
                continue  # the same words for both years: the year asked decides
            if own is None or top.rank > own.rank + MARGIN:
                yield Finding(record.id, keyword, f"leads to {top.key!r} instead")


_NAME = re.compile(r"\b[A-Z][a-z]{2,}\b")
# A passage naming the place must fit at least this much of the keyword to be where it belongs.
ELSEWHERE_FIT = 0.5


def _belongs_elsewhere(
    engine: Engine, record: Fact | Statement, keyword: str, ranked: list[Candidate]
) -> str | None:
    """A keyword naming a place or a name the record's passage never mentions, which another
    passage does ("water from Hangzhou" on a fact about water quality, beside the clause on
    diverting water from Hangzhou)."""
    kb = engine.kb
    own = record.quote if isinstance(record, Fact) else record.sentence
    section = kb.section_by_id[record.section]
    context = f"{own} {record.topic or ''} {section.title} {' '.join(section.keywords)}"
    names = [n for n in _NAME.findall(keyword) if n not in context and n not in _COMMON]
    if not names:
        return None
    for item in ranked[1:6]:
        if item.coverage < ELSEWHERE_FIT:
            continue  # it mentions the name, but is not about what the keyword says
        other = kb.passage(item.key)
        if other is None or _same_passage(record, other) or _prints(kb, record, other):
            continue
        text = other.quote if isinstance(other, Fact) else other.sentence
        if all(n in text for n in names):
            return other.id
    return None


_COMMON = frozenset({"Jiaxing", "Zhejiang", "China", "Chinese", "The", "What", "How"})


def _same_passage(a: Fact | Statement, b: Fact | Statement) -> bool:
    """One passage of the report: the same or overlapping words (not merely one sentence)."""
    if isinstance(a, Fact) and isinstance(b, Fact) and a.compare_with == b.id:
        return True
    return a.span[0] < b.span[1] and b.span[0] < a.span[1]


def _prints(kb: object, a: Fact | Statement, b: Fact | Statement) -> bool:
    """Whether one is a statement printing the other (the same passage)."""
    facts_in = getattr(kb, "facts_in_statement", {})
    return a.id in facts_in.get(b.id, ()) or b.id in facts_in.get(a.id, ())
