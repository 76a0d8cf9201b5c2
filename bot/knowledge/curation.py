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


_YEAR_OF_PERIOD = {"result": "result", "plan": "target"}


def check_other_years(
    facts: list[Fact], entries: list[StatementEntry], sections: list[Section]
) -> Iterator[tuple[str, str]]:
    """A fact's `other_year` names a fact or curated statement of the other year (a 2018
    result's 2019 passage, or the reverse); a fact named back must name this fact."""
    by_id = {s.id: s for s in sections}

    def year_of_section(section_id: str) -> str | None:
        section = by_id.get(section_id)
        while section is not None and section.parent is not None:
            section = by_id.get(section.parent)
        return _YEAR_OF_PERIOD.get(section.period or "") if section is not None else None

    fact_by_id = {f.id: f for f in facts}
    entry_by_id = {e.id: e for e in entries}
    for fact in facts:
        if fact.other_year is None:
            continue
        if fact.kind not in ("result", "target"):
            yield fact.id, f"other_year on a {fact.kind} fact: only results and targets have one"
            continue
        wanted = "target" if fact.kind == "result" else "result"
        other = fact_by_id.get(fact.other_year)
        if other is not None:
            if other.kind != wanted:
                yield fact.id, f"other_year {other.id!r} is a {other.kind}, not a {wanted}"
            elif other.other_year not in (None, fact.id):
                yield fact.id, f"other_year {other.id!r} names {other.other_year!r}, not this fact"
            continue
        entry = entry_by_id.get(fact.other_year)
        if entry is None:
            yield fact.id, f"other_year {fact.other_year!r} is neither a fact nor a statement"
        elif year_of_section(entry.section) != wanted:
            yield fact.id, f"other_year {entry.id!r} is not in the {wanted}s' part of the report"


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
