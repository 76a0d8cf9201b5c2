"""The knowledge base as plain JSON data and back, for the start-up cache.

Only JSON types go in and out (no pickle): a cache file someone swapped in can at worst fail
to load, and then the knowledge base is rebuilt and validated from its YAML.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from bot.knowledge import records as r
from bot.knowledge.base import KnowledgeBase
from bot.knowledge.source import ReportText

Data = dict[str, Any]


def _figure(f: r.Figure) -> list[Any]:
    return [f.text, f.value, f.unit, f.basis, f.qualifier, f.label, f.label_zh]


def dump(kb: KnowledgeBase) -> Data:
    """Everything the knowledge base holds, as JSON-ready lists."""
    m = kb.meta
    return {
        "report": kb.report.raw,
        "meta": [
            m.title,
            m.title_zh,
            m.city,
            m.city_zh,
            m.year,
            m.review_year,
            m.delivered_date,
            m.occasion,
            m.occasion_zh,
            m.speaker,
            m.speaker_zh,
            m.office,
            m.office_zh,
            m.released,
            m.translation,
            m.translation_zh,
            [[n.text, n.reason] for n in m.not_figures],
        ],
        "sections": [
            [
                s.id,
                s.title,
                s.title_zh,
                list(s.lines),
                list(s.keywords),
                s.summary,
                s.summary_zh,
                s.period,
                s.label,
                s.parent,
                s.heading,
                s.role,
            ]
            for s in kb.sections
        ],
        "facts": [
            [
                f.id,
                f.section,
                f.kind,
                f.topic,
                f.topic_zh,
                list(f.keywords),
                [_figure(x) for x in f.figures],
                f.quote,
                list(f.span),
                f.compare_with,
                f.measure,
                f.headline,
            ]
            for f in kb.facts
        ],
        "statements": [
            [
                s.id,
                s.section,
                s.period,
                s.text,
                list(s.span),
                s.sentence,
                s.topic,
                s.topic_zh,
                list(s.keywords),
            ]
            for s in kb.statements
        ],
        "gaps": [[g.id, g.topic, g.topic_zh, list(g.keywords)] for g in kb.gaps],
        "glossary": [[list(t.zh), list(t.en)] for t in kb.glossary],
        "services": [
            [s.id, s.topic, s.topic_zh, list(s.keywords), s.channel, s.channel_zh]
            for s in kb.services
        ],
    }


def load(data: Data) -> KnowledgeBase:
    """The knowledge base back from `dump`'s data; raises (KeyError, TypeError, ValueError) on
    data of any other shape."""
    m = data["meta"]
    names = [f.name for f in dataclasses.fields(r.ReportMeta)][:-1]
    meta = r.ReportMeta(
        **dict(zip(names, m, strict=False)),
        not_figures=tuple(r.NotFigure(str(t), str(w)) for t, w in m[len(names)]),
    )
    sections = [
        r.Section(i, t, tz, (ln[0], ln[1]), tuple(k), su, sz, p, la, pa, h, ro)
        for i, t, tz, ln, k, su, sz, p, la, pa, h, ro in data["sections"]
    ]
    facts = [
        r.Fact(
            i,
            s,
            k,
            t,
            tz,
            tuple(kw),
            tuple(r.Figure(*x) for x in figs),
            q,
            (sp[0], sp[1]),
            c,
            me,
            h,
        )
        for i, s, k, t, tz, kw, figs, q, sp, c, me, h in data["facts"]
    ]
    statements = [
        r.Statement(i, s, p, t, (sp[0], sp[1]), se, to, tz, tuple(kw))
        for i, s, p, t, sp, se, to, tz, kw in data["statements"]
    ]
    return KnowledgeBase(
        report=ReportText(str(data["report"])),
        meta=meta,
        sections=sections,
        facts=facts,
        statements=statements,
        gaps=[r.Gap(i, t, tz, tuple(k)) for i, t, tz, k in data["gaps"]],
        glossary=[r.GlossaryEntry(tuple(z), tuple(e)) for z, e in data["glossary"]],
        services=[r.Service(i, t, tz, tuple(k), c, cz) for i, t, tz, k, c, cz in data["services"]],
    )
