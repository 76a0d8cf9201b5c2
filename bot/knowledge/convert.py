"""From validated YAML entries (pydantic models) to the plain records the bot keeps."""

from __future__ import annotations

from collections import defaultdict

from bot.knowledge import records as r
from bot.knowledge import schema as s
from bot.knowledge.base import KnowledgeBase
from bot.knowledge.source import ReportText
from bot.knowledge.statements import Curated, derive, merge, sentence_around

Span = tuple[int, int]


def meta(entry: s.ReportMeta) -> r.ReportMeta:
    return r.ReportMeta(
        title=entry.title,
        title_zh=entry.title_zh,
        city=entry.city,
        city_zh=entry.city_zh,
        year=entry.year,
        review_year=entry.review_year,
        delivered_date=entry.delivered.date.isoformat(),
        occasion=entry.delivered.occasion,
        occasion_zh=entry.delivered.occasion_zh,
        speaker=entry.speaker.name,
        speaker_zh=entry.speaker.name_zh,
        office=entry.speaker.office,
        office_zh=entry.speaker.office_zh,
        released=entry.released.isoformat(sep=" ", timespec="minutes"),
        translation=entry.translation,
        translation_zh=entry.translation_zh,
        not_figures=tuple(r.NotFigure(n.text, n.reason) for n in entry.not_figures),
    )


def sections(entries: list[s.Section]) -> list[r.Section]:
    """Sections, each with the period of its top-level section."""
    by_id = {e.id: e for e in entries}

    def period(entry: s.Section) -> r.Period:
        while entry.parent is not None and entry.parent in by_id:
            entry = by_id[entry.parent]
        return entry.period or "other"

    return [
        r.Section(
            id=e.id,
            title=e.title,
            title_zh=e.title_zh,
            lines=(e.lines[0], e.lines[1]),
            keywords=tuple(e.keywords),
            summary=e.summary,
            summary_zh=e.summary_zh,
            period=period(e),
            label=e.label,
            parent=e.parent,
            heading=e.heading,
            role=e.role,
        )
        for e in entries
    ]


def fact(entry: s.Fact, span: Span) -> r.Fact:
    return r.Fact(
        id=entry.id,
        section=entry.section,
        kind=entry.kind,
        topic=entry.topic,
        topic_zh=entry.topic_zh,
        keywords=tuple(entry.keywords),
        figures=tuple(
            r.Figure(
                text=f.text,
                value=float(f.value),
                unit=f.unit,
                basis=f.basis,
                qualifier=f.qualifier,
                label=f.label,
                label_zh=f.label_zh,
            )
            for f in entry.figures
        ),
        quote=entry.quote,
        span=span,
        compare_with=entry.compare_with,
        measure=entry.measure,
        other_year=entry.other_year,
        headline=entry.headline,
    )


def knowledge_base(
    report: ReportText,
    meta_entry: s.ReportMeta,
    section_entries: list[s.Section],
    fact_entries: list[s.Fact],
    fact_spans: dict[str, Span],
    gap_entries: list[s.Gap],
    statement_entries: list[s.StatementEntry],
    statement_spans: dict[str, Span],
    glossary_entries: list[s.GlossaryTerm],
    service_entries: list[s.ServiceEntry],
) -> KnowledgeBase:
    """The knowledge base from entries that passed every check."""
    outline = sections(section_entries)
    children: dict[str | None, list[r.Section]] = defaultdict(list)
    for section in sorted(outline, key=lambda x: (x.lines[0], -x.lines[1])):
        children[section.parent].append(section)
    period_of = {x.id: x.period for x in outline}
    curated = []
    for entry in statement_entries:
        span = statement_spans[entry.id]
        sentence = sentence_around(report, span) or entry.quote
        item = Curated(
            entry.id, entry.section, entry.quote, entry.topic, entry.topic_zh, tuple(entry.keywords)
        )
        curated.append((item, span, sentence, period_of[entry.section]))
    statements = merge(list(derive(report, outline, children)), curated)
    return KnowledgeBase(
        report=report,
        meta=meta(meta_entry),
        sections=outline,
        facts=[fact(e, fact_spans[e.id]) for e in fact_entries],
        statements=statements,
        gaps=[r.Gap(g.id, g.topic, g.topic_zh, tuple(g.keywords)) for g in gap_entries],
        glossary=[r.GlossaryEntry(tuple(t.zh), tuple(t.en)) for t in glossary_entries],
        services=[
            r.Service(x.id, x.topic, x.topic_zh, tuple(x.keywords), x.channel, x.channel_zh)
            for x in service_entries
        ],
    )
