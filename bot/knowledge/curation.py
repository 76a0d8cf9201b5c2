"""Checks of the curated files that give the report's words to citizens: curated statements,
the Chinese glossary and the services the bot points to."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator

from bot.knowledge.checks import Problem, section_range
from bot.knowledge.schema import Fact, Gap, GlossaryTerm, Section, ServiceEntry, StatementEntry
from bot.knowledge.source import ReportText, squash
from bot.knowledge.statements import sentence_around

DERIVED_ID = re.compile(r"^c\d+-\d+$")  # ids of derived clauses: "c18-5", line 18, clause 5
Span = tuple[int, int]


def statement_spans(
    entries: list[StatementEntry], sections: list[Section], report: ReportText
) -> dict[str, Span]:
    """Where each curated passage is, searched inside its section only."""
    by_id = {s.id: s for s in sections}
    found: dict[str, Span] = {}
    for entry in entries:
        section = by_id.get(entry.section)
        if section is not None and section.lines[1] <= len(report.lines):
            spans = report.spans(entry.quote, within=section_range(section, report))
            if spans:
                found[entry.id] = spans[0]
    return found


def check_statements(
    entries: list[StatementEntry],
    sections: list[Section],
    facts: list[Fact],
    report: ReportText,
    spans: dict[str, Span],
) -> Iterator[Problem]:
    """Ids unique and not a fact's or a derived clause's; section real; quote verbatim, inside
    its section and inside one sentence (a passage is shown as the report prints it)."""
    fact_ids = {f.id for f in facts}
    section_ids = {s.id for s in sections}
    for dup, count in Counter(e.id for e in entries).items():
        if count > 1:
            yield f"statement {dup!r}", "id is used more than once"
    for entry in entries:
        name = f"statement {entry.id!r}"
        if entry.id in fact_ids:
            yield name, "id is also a fact's id"
        if DERIVED_ID.match(entry.id):
            yield name, "ids like 'c18-5' are kept for derived clauses"
        if entry.section not in section_ids:
            yield name, f"section {entry.section!r} does not exist"
        elif entry.id not in spans:
            where = "inside its section" if report.contains(entry.quote) else "in report.txt"
            yield name, f"quote is not verbatim {where}: {entry.quote!r}"
        elif sentence_around(report, spans[entry.id]) is None:
            yield name, "quote runs over more than one sentence"


def _english_texts(
    facts: list[Fact], sections: list[Section], entries: list[StatementEntry]
) -> set[str]:
    texts = {k.casefold() for f in facts for k in (f.topic, *f.keywords)}
    texts |= {k.casefold() for s in sections for k in (s.title, s.summary, *s.keywords)}
    texts |= {k.casefold() for e in entries for k in (e.topic, *e.keywords)}
    return texts


def check_glossary(
    terms: list[GlossaryTerm],
    report: ReportText,
    facts: list[Fact],
    sections: list[Section],
    entries: list[StatementEntry],
) -> Iterator[Problem]:
    """Each Chinese word in one entry only; each English word one the knowledge base uses."""
    seen: dict[str, int] = {}
    raw = squash(report.raw).casefold()
    known = _english_texts(facts, sections, entries)
    for number, term in enumerate(terms, start=1):
        name = f"term #{number} ({term.zh[0]})"
        for word in term.zh:
            if word in seen:
                yield name, f"{word!r} is also in term #{seen[word]}"
            seen[word] = number
        for word in term.en:
            folded = word.casefold()
            if folded not in raw and not any(folded in text for text in known):
                yield name, f"{word!r} is neither in report.txt nor in any keyword or topic"


def check_services(services: list[ServiceEntry], gaps: Iterable[Gap]) -> Iterator[Problem]:
    """Ids unique; no keyword that is also a gap's (a gap is about the report, not a service)."""
    for dup, count in Counter(s.id for s in services).items():
        if count > 1:
            yield f"service {dup!r}", "id is used more than once"
    gap_keywords = {k.casefold(): g.id for g in gaps for k in g.keywords}
    for service in services:
        for keyword in service.keywords:
            if (owner := gap_keywords.get(keyword.casefold())) is not None:
                yield f"service {service.id!r}", f"keyword {keyword!r} is also gap {owner!r}'s"
