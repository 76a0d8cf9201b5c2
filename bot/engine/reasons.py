"""Why an area of work matters, in the report's own words.

The report says why it works on an area in the opening of its part of the plans ("Ecological
environment is a week point for the high-quality development of Jiaxing."). "Why so much focus
on culture?" names the area; "why does that matter?" after an answer means the area that
answer belongs to.
"""

from __future__ import annotations

from bot.engine.case import Case
from bot.engine.context import Context
from bot.engine.lexicon import WHY_FILLER, WHY_FILLER_ZH
from bot.engine.reading import Term
from bot.engine.result import Result
from bot.engine.text import stem
from bot.knowledge.records import Fact, Section, Statement

Passage = Fact | Statement

_WHY_FILLER = frozenset(stem(w) for w in WHY_FILLER)


def why_section(case: Case) -> Result | None:
    """ "Why so much focus on the environment?", "为什么这么重视文化": the section on that area,
    whose lead says why it matters ("Ecological environment is a week point for..."); the
    plans' section unless the question asks about what was done. None when what is left, once
    words of emphasis are dropped, names no section in full ("why does that matter?", "why so
    much lower?")."""
    reading = case.reading
    if "why" not in reading.follow:
        return None
    terms = tuple(
        t
        for t in reading.topic_terms
        if t.text not in _WHY_FILLER and not any(w in t.text for w in WHY_FILLER_ZH)
    )
    if not terms:
        return None
    about = Case(case.engine, reading.with_terms(terms, reading.intent), None)
    section = section_about(about, reading.intent or "target")
    if section is None:
        return None
    result = about.section_result(with_lead(case, section), "broad")
    result.detail = "why"
    return result


def section_about(about: Case, wanted: str) -> Section | None:
    """The best section of the year wanted (or of none) that holds the topic in its own
    fields, if one fits with confidence."""
    engine = about.engine
    for item in about.ranking.of("section"):
        if item.coverage < engine.tuning.min_coverage or item.strong <= 0:
            break
        section = engine.kb.section_by_id[item.key]
        if section.role is None and engine.period_of_section(section) in (wanted, None):
            return section
    return None


def with_lead(case: Case, section: Section) -> Section:
    """A numbered task's heading says what, its first paragraph why ("To open up to the rest
    of the world is a must for..."): the part holding that paragraph."""
    kb = case.engine.kb
    while len(kb.statements_in(section)) <= 1 and kb.children[section.id]:
        section = kb.children[section.id][0]
    return section


def area_reason(case: Case, context: Context, previous: Passage | None) -> Result | None:
    """ "Why does that matter?", "这有什么意义？": the reason the report gives for the area of
    work the last answer belongs to, which opens the plans' part on that area ("Sci-tech
    innovation is the first engine to drive the high-quality development."). A 2018 answer's
    area is found by the thread's topic among the plans; None when nothing fits."""
    engine, kb = case.engine, case.engine.kb
    section: Section | None = None
    if previous is not None and engine.period_of(previous) == "target":
        section = kb.section_by_id.get(previous.section)
    elif context.topic:
        # the whole topic, else its rarest words one by one ("R&D" of "R&D expenditures as a
        # share of GDP" is what the plans' part on innovation holds)
        whole = tuple(Term(t, w) for t, w in context.topic)
        rarest = sorted(whole, key=lambda t: -engine.index.idf.get(t.text, 0.0))[:3]
        for terms in (whole, *((t,) for t in rarest)):
            about = Case(engine, case.reading.with_terms(terms, None), None)
            if (section := section_about(about, "target")) is not None:
                break
    if section is None or section.role is not None:
        return None
    # up to the whole area of work: "Water quality" is part of "Ecological environment"
    while section.parent is not None and kb.section_by_id[section.parent].role is None:
        section = kb.section_by_id[section.parent]
    result = case.section_result(with_lead(case, section), "follow_up")
    result.detail, result.topic, result.aside = "why", context.topic, True
    return result
