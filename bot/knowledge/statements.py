"""Every sentence of the report as answerable statements: derived clauses, and curated ones.

Derived clauses come from `bot.knowledge.clauses`, so they are verbatim by construction. A
curated entry (knowledge/statements.yaml) names a passage citizens ask about and gives it
words in both languages; it replaces the derived clauses it covers whole.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from bot.knowledge.clauses import clauses, sentences
from bot.knowledge.records import Period, Section, Statement
from bot.knowledge.source import ReportText, squash


@dataclass(frozen=True, slots=True)
class Curated:
    """A curated statement's fields, as validated from statements.yaml."""

    id: str
    section: str
    quote: str
    topic: str
    topic_zh: str
    keywords: tuple[str, ...]


def own_lines(section: Section, children: Iterable[Section]) -> list[int]:
    """The section's lines that none of its subsections hold."""
    taken = {n for child in children for n in range(child.lines[0], child.lines[1] + 1)}
    return [n for n in range(section.lines[0], section.lines[1] + 1) if n not in taken]


def derive(
    report: ReportText, sections: list[Section], children: dict[str | None, list[Section]]
) -> Iterator[Statement]:
    """One statement per clause of every non-blank line, in the deepest section holding it."""
    for section in sections:
        for number in own_lines(section, children.get(section.id, [])):
            line = report.lines[number - 1]
            if not line.strip():
                continue
            base = report.line_start(number)
            count = 0
            for s_start, s_end in sentences(line):
                sentence = line[s_start:s_end]
                for c_start, c_end in clauses(sentence, section.period):
                    count += 1
                    yield Statement(
                        id=f"c{number}-{count}",
                        section=section.id,
                        period=section.period,
                        text=squash(sentence[c_start:c_end]),
                        span=(base + s_start + c_start, base + s_start + c_end),
                        sentence=squash(sentence),
                    )


def sentence_around(report: ReportText, span: tuple[int, int]) -> str | None:
    """The sentence of the report holding the raw span whole, or None if it crosses one."""
    number = report.line_of(span[0])
    base = report.line_start(number)
    for s_start, s_end in sentences(report.lines[number - 1]):
        if base + s_start <= span[0] and span[1] <= base + s_end:
            return squash(report.lines[number - 1][s_start:s_end])
    return None


def sentence_after(report: ReportText, span: tuple[int, int]) -> tuple[int, int] | None:
    """The raw span of the sentence after the one holding `span`, in the same paragraph (where
    the report usually gives the reason or the judgement: "why?", "is that good?")."""
    number = report.line_of(span[0])
    base = report.line_start(number)
    found = False
    for s_start, s_end in sentences(report.lines[number - 1]):
        if found:
            return base + s_start, base + s_end
        found = base + s_start <= span[0] < base + s_end
    return None


def merge(
    derived: list[Statement],
    curated: list[tuple[Curated, tuple[int, int], str, Period]],
) -> list[Statement]:
    """Derived clauses, with those a curated passage covers whole replaced by it, in report order.

    `curated` holds each entry with its raw span, its sentence and its section's period.
    """
    covered: set[str] = set()
    made: list[Statement] = []
    derived = sorted(derived, key=lambda s: s.span[0])
    starts = [s.span[0] for s in derived]
    for entry, span, sentence, period in curated:
        made.append(
            Statement(
                id=entry.id,
                section=entry.section,
                period=period,
                text=squash(entry.quote),
                span=span,
                sentence=sentence,
                topic=entry.topic,
                topic_zh=entry.topic_zh,
                keywords=entry.keywords,
            )
        )
        # Clauses starting inside the span, found by bisection: loading stays linear.
        for s in derived[bisect_left(starts, span[0]) : bisect_right(starts, span[1])]:
            if s.span[1] - s.text.endswith((".", ";", ":")) <= span[1]:
                covered.add(s.id)
    kept = [s for s in derived if s.id not in covered]
    return sorted([*kept, *made], key=lambda s: (s.span[0], -s.span[1]))
