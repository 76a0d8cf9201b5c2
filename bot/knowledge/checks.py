"""Checks across records: ids, links, line spans, verbatim quotes and figures."""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Iterator

from bot.knowledge.printed import printed_value
from bot.knowledge.schema import Fact, Gap, ReportMeta, Section
from bot.knowledge.source import ReportText

Problem = tuple[str, str]  # (entry, message); the loader adds the file name
FactProblem = tuple[str, str]  # (fact id, message); the loader adds the file and entry name


def check_meta(meta: ReportMeta, report: ReportText) -> Iterator[Problem]:
    """The metadata's names must be printed on the report's cover lines."""
    for name, value in (
        ("delivered.occasion", meta.delivered.occasion),
        ("speaker.name", meta.speaker.name),
        ("speaker.office", meta.speaker.office),
    ):
        if not report.contains(value):
            yield "report", f"{name} is not verbatim in report.txt: {value!r}"
    for entry in meta.not_figures:
        if not report.contains(entry.text):
            yield f"not_figures {entry.text!r}", "text is not in report.txt"


def _duplicates(ids: list[str]) -> list[str]:
    return [i for i, n in Counter(ids).items() if n > 1]


def check_sections(sections: list[Section], report: ReportText) -> Iterator[Problem]:
    """Ids unique, parents real and acyclic, spans inside the report and nested in the parent."""
    for dup in _duplicates([s.id for s in sections]):
        yield f"section {dup!r}", "id is used more than once"
    by_id = {s.id: s for s in sections}
    line_count = len(report.lines)
    for section in sections:
        entry = f"section {section.id!r}"
        first, last = section.lines
        if last > line_count:
            yield entry, f"lines {section.lines} run past the report's {line_count} lines"
            continue
        if not report.line(first) or not report.line(last):
            yield entry, f"lines {section.lines} must start and end on a non-blank line"
        if section.heading and not report.line(first).startswith(section.heading):
            yield entry, f"heading is not the text of line {first}: {section.heading!r}"
        if section.parent is None:
            continue
        parent = by_id.get(section.parent)
        if parent is None:
            yield entry, f"parent {section.parent!r} does not exist"
        elif not (parent.lines[0] <= first and last <= parent.lines[1]):
            yield entry, f"lines {section.lines} are outside parent {parent.id!r} {parent.lines}"
        seen = {section.id}
        while parent is not None:
            if parent.id in seen:
                yield entry, "parents form a cycle"
                break
            seen.add(parent.id)
            parent = by_id.get(parent.parent) if parent.parent else None
    yield from _check_outline(sections, report)


def _check_outline(sections: list[Section], report: ReportText) -> Iterator[Problem]:
    """Siblings must not overlap, and every line after the cover must be in some section."""
    by_parent: dict[str | None, list[Section]] = {}
    for section in sections:
        by_parent.setdefault(section.parent, []).append(section)
    for siblings in by_parent.values():
        siblings = sorted(siblings, key=lambda s: s.lines[0])
        for before, after in itertools.pairwise(siblings):
            if after.lines[0] <= before.lines[1]:
                yield f"section {after.id!r}", f"lines overlap those of section {before.id!r}"
    if not sections:
        yield "sections", "the outline is empty"
        return
    start = min(s.lines[0] for s in sections)
    covered = {n for s in sections for n in range(s.lines[0], s.lines[1] + 1)}
    for number in range(start, len(report.lines) + 1):
        if number not in covered and report.line(number):
            yield "sections", f"line {number} of report.txt is in no section"


def _check_figures(fact: Fact) -> Iterator[str]:
    for index, figure in enumerate(fact.figures):
        where = f"figures[{index}] {figure.text!r}"
        if figure.text not in fact.quote:
            yield f"{where} is not in the quote"
        if figure.unit in ("date", "fraction"):
            continue
        printed = printed_value(figure.text)
        if printed is not None and not math.isclose(printed, figure.value, rel_tol=1e-9):
            yield f"{where} prints {printed:g} but value is {figure.value:g}"


Span = tuple[int, int]


def section_range(section: Section, report: ReportText) -> Span:
    """Raw offsets of the section's lines (clamped to the report)."""
    last = min(section.lines[1], len(report.lines))
    return report.line_range(min(section.lines[0], last), last)


def quote_spans(facts: list[Fact], sections: list[Section], report: ReportText) -> dict[str, Span]:
    """Where each fact's quote is, searched inside its own section only (a linear cost)."""
    by_id = {s.id: s for s in sections}
    found: dict[str, Span] = {}
    for fact in facts:
        section = by_id.get(fact.section)
        if section is None or section.lines[0] > len(report.lines):
            continue
        spans = report.spans(fact.quote, within=section_range(section, report))
        if spans:
            found[fact.id] = spans[0]
    return found


def _comparable(fact: Fact, other: Fact) -> str | None:
    """Why two facts cannot be compared as like for like, or None if they can."""
    if {fact.kind, other.kind} != {"result", "target"}:
        return "must pair a result with a target"
    if fact.measure != other.measure:
        return f"measures {fact.measure!r} and {other.measure!r} differ"
    if not {(f.basis, f.unit) for f in fact.figures} & {(f.basis, f.unit) for f in other.figures}:
        bases = sorted({f.basis for f in fact.figures}), sorted({f.basis for f in other.figures})
        return f"no figure of the same basis and unit ({bases[0]} against {bases[1]})"
    return None


def check_facts(
    facts: list[Fact], sections: list[Section], report: ReportText, spans: dict[str, Span]
) -> Iterator[FactProblem]:
    """Ids unique; section and compare_with real; quote verbatim, in its section; figures in it;
    a compare_with pair measures the same thing on the same basis."""
    for dup in _duplicates([f.id for f in facts]):
        yield dup, "id is used more than once"
    section_by_id = {s.id: s for s in sections}
    fact_by_id = {f.id: f for f in facts}
    for fact in facts:
        entry = fact.id
        section = section_by_id.get(fact.section)
        if section is None:
            yield entry, f"section {fact.section!r} does not exist"
        if fact.id not in spans:
            if not report.contains(fact.quote):
                yield entry, f"quote is not verbatim in report.txt: {fact.quote!r}"
            elif section is not None:
                yield entry, f"quote is not within section {section.id!r} {section.lines}"
        for message in _check_figures(fact):
            yield entry, message
        if fact.compare_with is None:
            continue
        other = fact_by_id.get(fact.compare_with)
        if other is None:
            yield entry, f"compare_with {fact.compare_with!r} does not exist"
        elif other.compare_with != fact.id:
            yield entry, f"compare_with {other.id!r} must link back to {fact.id!r}"
        elif (why := _comparable(fact, other)) is not None:
            yield entry, f"compare_with {other.id!r}: {why}"


def check_periods(sections: list[Section]) -> Iterator[Problem]:
    """Top-level sections say which year they speak of; the bot's section roles exist once."""
    for section in sections:
        if section.parent is None and section.period is None:
            yield f"section {section.id!r}", "a top-level section needs a period"
        if section.parent is not None and section.period is not None:
            yield f"section {section.id!r}", "only top-level sections set a period"
    roles = Counter(s.role for s in sections if s.role is not None)
    for role in ("review", "plans", "targets", "tasks", "problems"):
        if roles[role] != 1:
            yield "sections", f"exactly one section must have role {role!r} ({roles[role]} found)"


def check_gaps(gaps: list[Gap], facts: list[Fact]) -> Iterator[Problem]:
    """Gap ids unique, and no gap keyword that is also a fact's keyword (it would hide the fact)."""
    for dup in _duplicates([g.id for g in gaps]):
        yield f"gap {dup!r}", "id is used more than once"
    fact_keywords = {k.casefold(): f.id for f in facts for k in f.keywords}
    for gap in gaps:
        for keyword in gap.keywords:
            if (owner := fact_keywords.get(keyword.casefold())) is not None:
                yield f"gap {gap.id!r}", f"keyword {keyword!r} is also a keyword of fact {owner!r}"
