"""Follow-ups: messages that only make sense after the previous answer.

"and in 2019?" (the other year), "and rural residents?" (the same topic, narrowed), "why?" /
"is that good?" / "tell me more" (the previous passage in its full sentence), "why does that
matter?" (the reason the report gives for that area, `reasons`), "how many of those were
German?" (a breakdown the report does not give), and "more" (what was not shown).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from bot.engine.case import Case, related
from bot.engine.context import Context
from bot.engine.reading import Reading, Term
from bot.engine.reasons import area_reason, why_section
from bot.engine.result import Answer, Result
from bot.engine.text import substrings
from bot.knowledge.base import overlap
from bot.knowledge.records import Fact, Statement

TopicRules = Callable[[Case], Result]
EXPLAIN = frozenset({"why", "detail", "source", "judge"})
_NAMES_ASKED = re.compile(
    r"\b(?:which|where|what (?:kinds?|sorts?|types?) of)\b|哪些|哪几|哪个|在哪|名单|哪里|哪儿",
    re.IGNORECASE,
)
PREVIOUS_WEIGHT = 0.6  # the previous question's words, in a follow-up that narrows it
Passage = Fact | Statement


def _new_terms(case: Case, context: Context) -> list[Term]:
    """The topic words the follow-up adds; everyday words ("how many new ones this year?")
    add none."""
    before = {t for t, _ in context.topic}
    return [t for t in case.reading.topic_terms if t.text not in before and not t.light]


def _unknown(case: Case) -> list[Term]:
    return [t for t in case.reading.terms if not t.known and not t.text.startswith("num:")]


def decide(case: Case, topic_rules: TopicRules) -> Result | None:
    """The answer a follow-up refers to, or None when the message is a question of its own."""
    reading, context = case.reading, case.context
    if context is None or case.engine.gaps_named(reading):
        return None  # "明天天气怎么样？" names a topic of its own (one the report lacks)
    follow = reading.follow
    new = _new_terms(case, context)
    kb = case.engine.kb
    previous = kb.passage(context.passage_id) if context.passage_id else None
    if (others := case.engine.other_years(reading.years)) and not new:
        return case.decline("other_year", str(others[0]))  # "and in 2017?": not in the report
    if "more" in follow and not new:
        return _more(case, context)
    if "more" in follow and new:
        # "what else about land?": the new words, leaving out what was shown already
        result = _narrowed(case, context, new, topic_rules)
        if result is not None and result.best is not None and not _seen(case, result.best):
            return result
        return _more(case, context)  # never the answer already given
    if "why" in follow and new and (area := why_section(case)) is not None:
        return area  # "why so much on culture?" names an area of its own: why it matters
    if "purpose" in follow and (reason := area_reason(case, context, previous)) is not None:
        return reason  # "why does that matter?": why the report works on that area at all
    if follow & EXPLAIN and len(new) <= 1 and not _asks_other_figure(case):
        return _explain(case, context, previous)
    switched = reading.explicit_year not in (None, context.intent) and context.intent is not None
    if "breakdown" in follow and switched and not new:
        # "how many of those were done last year?" after this year's plan: the other year
        return _other_year(case, context, previous, topic_rules)
    if "breakdown" in follow and (not new or previous is not None):
        return _breakdown(case, context, previous, new)
    asks_year = (
        reading.explicit_year is not None
        or bool(reading.years & case.engine.years)
        # "and the plan?" after a 2018 figure: nothing but a cue word of the other year
        or (
            reading.intent is not None
            and context.intent not in (None, reading.intent)
            and not (reading.asks_when or "breakdown" in follow or _unknown(case))
            and not _asks_other_figure(case)
        )
    )
    if asks_year and not new:
        return _other_year(case, context, previous, topic_rules)
    refers = bool(follow & {"and", "refer"})
    if refers and not new and previous is not None:
        if _unknown(case) or _asks_other_figure(case):
            # "what interest rate will those loans have?": nothing the report says
            return case.decline("no_breakdown", topic_of(previous), offer=previous)
        return case.result(
            "answered", "follow_up", [Answer(previous, 1.0)], full=True, topic=context.topic
        )
    if refers and new and len(new) <= 3 and not reading.new_topic:
        return _narrowed(case, context, new, topic_rules)
    return None


def asks_names(reading: Reading) -> bool:
    """ "which ones?", "where exactly?", "哪些": names or places the report may not give."""
    return _NAMES_ASKED.search(reading.text) is not None


def topic_of(passage: Passage | None) -> str | None:
    if passage is None:
        return None
    return passage.topic if isinstance(passage, Fact) else (passage.topic or passage.text)


def _asks_other_figure(case: Case) -> bool:
    """ "how much is that in yuan?": a kind of figure the previous fact does not have."""
    reading, context = case.reading, case.context
    previous = case.engine.kb.passage(context.passage_id or "") if context else None
    asks = reading.asks_money or reading.asks_share or reading.asks_when or reading.wanted_units
    if not asks or previous is None:
        return False
    if isinstance(previous, Fact):
        return not case.engine.has_asked_figure(reading, previous)
    # A statement has the figures of the facts quoted inside it.
    start, end = previous.span
    inside = [f for f in case.engine.kb.facts if start <= f.span[0] and f.span[1] <= end]
    return not any(case.engine.has_asked_figure(reading, f) for f in inside)


def _on_topic(case: Case, context: Context, asked: str | None) -> list[Passage]:
    """Every passage that matches the topic the message names ("what else about
    land?"), else on the previous one, best first."""
    named = tuple((t.text, t.weight) for t in case.reading.topic_terms)
    topic = named or context.topic
    if not topic:
        return []
    terms = tuple(Term(t, w) for t, w in topic)
    retold = Case(case.engine, case.reading.with_terms(terms, asked), context)  # type: ignore[arg-type]
    # What says a topic named in the message in its own words, one plain word ("land") being
    # enough; the thread's topic, only where it matches in full.
    tuning = case.engine.tuning
    least = tuning.listing_coverage if named else tuning.min_coverage
    return [retold.passage(c) for c in retold.ranking.passages() if c.coverage >= least]


def _more(case: Case, context: Context) -> Result:
    """What has not been shown yet on the thread's topic, nearest first: what the previous
    answer held back and what else its section says, then the topic elsewhere in the report.
    When the message names its topic ("anything else about air pollution?"), that topic comes
    first, in the previous answer's section before elsewhere."""
    kb, engine = case.engine.kb, case.engine
    asked = case.reading.explicit_year or case.reading.intent  # "what else this year?"
    section = kb.section_by_id.get(context.section_id or "")
    listed = [p for p in (kb.passage(i) for i in context.more) if p is not None]
    on_topic = _on_topic(case, context, asked)

    def near(p: Passage) -> bool:
        return section is not None and kb.within(p.section, section.id)

    if case.reading.topic_terms:
        order = [
            *(p for p in on_topic if near(p)),
            *on_topic,
            *(p for p in listed if near(p)),
        ]
    else:
        # In the section, on from where the previous answer was (a list read on), then back.
        previous = kb.passage(context.passage_id or "")
        at = previous.span[0] if previous is not None else 0

        def read_on(p: Passage) -> tuple[bool, int]:
            return p.span[0] < at, p.span[0] if p.span[0] >= at else -p.span[0]

        close = sorted({p.id: p for p in (*listed, *on_topic) if near(p)}.values(), key=read_on)
        # the rest of the section as a reader goes on from there, not its headline figures
        nearby = sorted(engine.section_passages(section, None), key=read_on) if section else []
        order = [*close, *listed, *on_topic, *nearby]

    held_back = set(context.more)  # the previous listing's next page, news by definition

    def fits(p: Passage) -> bool:
        if p.id in context.shown or (p.id not in held_back and _seen(case, p)):
            return False
        return asked is None or engine.period_of(p) in (asked, None)

    # A paragraph's opening sentence sums up what its clauses list: "what else?" wants the
    # things done, so openings come after the clauses on the same topic. "What else is planned
    # for industry?" wants that year's plans before what belongs to no year (the problems).
    waiting = sorted(
        _distinct(p for p in {p.id: p for p in order}.values() if fits(p)),
        key=lambda p: (
            asked is not None and engine.period_of(p) != asked,
            _opens_paragraph(case, p),
        ),
    )
    while not waiting and section is not None:
        waiting = [p for p in engine.section_passages(section, None) if fits(p)]
        if not waiting:
            section = kb.section_by_id.get(section.parent or "")
    if not waiting:
        return case.decline("no_previous")
    shown = engine.tuning.max_answers
    answers = [Answer(p, 1.0) for p in waiting[:shown]]
    return case.result(
        "answered",
        "follow_up",
        answers,
        topic=context.topic,
        more=tuple(p.id for p in waiting[shown:]),
        listing=True,
    )


def _distinct(passages: Iterable[Passage]) -> list[Passage]:
    """One of each passage quoting the same words (a figure and the clause holding it)."""
    kept: list[Passage] = []
    for p in passages:
        if not any(k.span == p.span for k in kept):
            kept.append(p)
    return kept


def _opens_paragraph(case: Case, passage: Passage) -> bool:
    """A statement that starts its paragraph ("We spared no effort to stabilize enterprises'
    development."), not one of the clauses after it."""
    if not isinstance(passage, Statement):
        return False
    report = case.engine.kb.report
    start = report.line_start(report.line_of(passage.span[0]))
    return not report.raw[start : passage.span[0]].strip()


def _seen(case: Case, passage: Passage) -> bool:
    """Shown on this thread already, or mostly the same words as a shown passage (another
    clause of the same long sentence is news)."""
    context = case.context
    if context is None:
        return False
    if passage.id in context.shown:
        return True
    length = passage.span[1] - passage.span[0]
    for shown in (case.engine.kb.passage(i) for i in context.shown):
        if shown is None:
            continue
        shared = overlap(passage.span, shown.span)
        if shared and 2 * shared >= min(length, shown.span[1] - shown.span[0]):
            return True
    return False


def _explain(case: Case, context: Context, previous: Passage | None) -> Result:
    """ "why?", "is that good?", "tell me more": the previous passage in its whole sentence."""
    # "why?": the report's own words are all there is; the reply says so (detail "why").
    why = "why" if "why" in case.reading.follow else None
    if previous is not None:
        return case.result(
            "answered",
            "follow_up",
            [Answer(previous, 1.0)],
            full=True,
            topic=context.topic,
            detail=why,
        )
    section = case.engine.kb.section_by_id.get(context.section_id or "")
    if section is not None:
        result = case.section_result(section, "follow_up")
        result.full = True
        result.topic = context.topic
        return result
    return case.decline("no_previous")


def _breakdown(case: Case, context: Context, previous: Passage | None, new: list[Term]) -> Result:
    """ "how many of those were German?": answered only if the sentence says it. "Which
    companies?", "where exactly?": the report names none, whatever words the sentence has."""
    # "how many of those are for college graduates?": a single figure names no share of it
    single = isinstance(previous, Fact) and len(previous.figures) <= 1
    if single and case.reading.asks_figure:
        return case.decline("no_breakdown", topic_of(previous), offer=previous)
    if previous is not None and new and not asks_names(case.reading):
        sentence_terms = case.engine.sentence_terms(previous)
        if all(t.text in sentence_terms for t in new):
            return case.result(
                "answered", "follow_up", [Answer(previous, 1.0)], full=True, topic=context.topic
            )
    return case.decline("no_breakdown", topic_of(previous), offer=previous)


def _other_year(
    case: Case, context: Context, previous: Passage | None, topic_rules: TopicRules
) -> Result:
    """The other year's figure for the same measure, or the same topic in the other year."""
    reading, kb = case.reading, case.engine.kb
    intent = reading.explicit_year or reading.intent
    if isinstance(previous, Fact) and previous.kind in ("result", "target"):
        if intent is None or previous.kind == intent:
            return case.result(
                "answered", "follow_up", [Answer(previous, 1.0)], topic=context.topic
            )
        partner = kb.fact_by_id.get(previous.compare_with or "")
        if partner is not None:
            return case.result(
                "answered", "follow_up", [Answer(partner, 1.0)], offer=previous, topic=context.topic
            )
    # The passage the knowledge base names for the topic in the other year (2018's income
    # growth and 2019's "incomes keep pace with economic growth"): not a comparison.
    linked = kb.passage(kb.other_year_of.get(previous.id, "")) if previous is not None else None
    if linked is not None and intent is not None and case.engine.period_of(linked) == intent:
        return case.result("answered", "follow_up", [Answer(linked, 1.0)], topic=context.topic)
    retold = _retold(case, context, [], intent, parts=True)
    result = topic_rules(retold)
    best = result.best
    fresh = result.status == "answered" and best is not None and best.id != context.passage_id
    if (
        fresh
        and best is not None
        and (intent is None or case.engine.period_of(best) in (intent, None))
    ):
        return result
    # The asked year's best passage on the topic, if one fits well enough; else those that
    # fit in part, as a "did you mean".
    t = case.engine.tuning
    partly: list[Answer] = []
    for item in retold.ranking.passages():
        passage = retold.passage(item)
        if passage.id == context.passage_id or case.engine.period_of(passage) != intent:
            continue
        # The topic was settled by the previous answer: a passage of the year asked that holds
        # it (in a keyword, topic or clause) answers, however common its words.
        if item.strong > 0 and item.coverage >= t.min_coverage:
            return retold.result("answered", "follow_up", [Answer(passage, item.coverage)])
        if item.strong > 0 and item.coverage >= t.min_suggest:
            partly.append(Answer(passage, item.coverage))
    if partly:
        return retold.result("ambiguous", "unsure", partly[:3], offer=previous)
    # Nothing of that year says the thread's words: the previous answer's own topic ("and last
    # year?" after "the plan for fighting crime", answered by "crack down hard on violent and
    # gangdom crimes": 2018's crackdown on gangdom crimes).
    told = _about_passage(case, context, previous, intent)
    said = case.reading.topic_terms
    found = _best_of_year(told, context, intent, said) if told is not None else None
    if told is not None and found is not None:
        return told.result("answered", "follow_up", [found])
    return case.decline("no_comparison", topic_of(previous), offer=previous)


def _best_of_year(
    told: Case, context: Context, intent: str | None, said: tuple[Term, ...]
) -> Answer | None:
    """The best passage of the year asked, if it fits in full and holds every word the
    message says itself ("the plan with Shanghai")."""
    engine, t = told.engine, told.engine.tuning
    for item in told.ranking.passages():
        passage = told.passage(item)
        if passage.id == context.passage_id or engine.period_of(passage) != intent:
            continue
        holds = engine.weights_of(passage.id)
        says_all = all(term.text in holds for term in said)
        if says_all and item.strong > 0 and item.coverage >= t.min_coverage:
            return Answer(passage, item.coverage)
        return None
    return None


def _about_passage(
    case: Case, context: Context, previous: Passage | None, intent: str | None
) -> Case | None:
    """The case again, about the previous answer's own topic rather than the thread's words."""
    topic = topic_of(previous)
    if not topic:
        return None
    terms = case.engine.read(topic).topic_terms
    if not terms or {t.text for t in terms} <= {t for t, _ in context.topic}:
        return None  # the same words: nothing new to try
    return Case(case.engine, case.reading.with_terms(tuple(terms), intent), context)  # type: ignore[arg-type]


def _retold(
    case: Case, context: Context, new: list[Term], intent: str | None, *, parts: bool = False
) -> Case:
    """The case again, about the previous topic (and the new words), for the year asked."""
    # The words this message says again ("any tourism plans this year?" after tourism revenue)
    # count in full; the rest of the previous topic, as background.
    said = {t.text for t in case.reading.topic_terms}
    weight = PREVIOUS_WEIGHT if new or said & {t for t, _ in context.topic} else 1.0
    terms = tuple(new) + tuple(Term(t, w if t in said else w * weight) for t, w in context.topic)
    if parts:
        terms += tuple(_parts_of_long_terms(case, terms))
    return Case(
        case.engine,
        case.reading.with_terms(terms, intent),  # type: ignore[arg-type]
        context,
    )


def _parts_of_long_terms(case: Case, terms: tuple[Term, ...]) -> list[Term]:
    """The shorter known words inside a long Chinese term ("数字经济核心产业产值": 数字经济,
    核心产业...), at half weight: the other year's passage seldom repeats the whole term."""
    index = case.engine.index
    parts: list[Term] = []
    for term in terms:
        word = term.text.removeprefix("zh:")
        if word == term.text or len(word) < 4:
            continue
        for _, piece in substrings(word, index.zh_dictionary, len(word) - 1):
            parts.append(Term("zh:" + piece, term.weight * 0.5))
    return parts


def _narrowed(
    case: Case, context: Context, new: list[Term], topic_rules: TopicRules
) -> Result | None:
    """ "and rural residents?": the new words, with the previous question's as background.
    The previous answer's year is kept ("and cloud companies?" after a 2019 target) unless a
    passage of another year fits the new words clearly better ("那低收入农户呢？" after 2018's
    minimum living standard: the 2019 promise to low-income farmers)."""
    asked = case.reading.explicit_year or case.reading.intent
    if asked is not None or context.intent is None:
        return _narrowed_for(case, context, new, topic_rules, asked)
    kept = _narrowed_for(case, context, new, topic_rules, context.intent)
    free = _narrowed_for(case, context, new, topic_rules, None)
    if (
        kept is None
        and (free is None or free.best is None)
        and _other_year_afresh(case, context, topic_rules, several=len(new) > 1)
    ):
        # unsure only for the old words weighing in: the thread's year's own passage saying
        # the new words ("and old residential quarters?" after this year's housing)
        kept = _next_holding(case, new, context.intent)
    if kept is None or free is None or free.best is kept.best:
        return kept or free
    margin = case.engine.tuning.follow_year_margin
    return free if free.answers[0].score > kept.answers[0].score + margin else kept


def _other_year_afresh(
    case: Case, context: Context, topic_rules: TopicRules, *, several: bool
) -> bool:
    """Whether the message, read as a question of its own, would leave the thread's year:
    always worth keeping the year for several new words; for one ("and green roads?"), only
    when the answer afresh is of the other year (else it stands as it is)."""
    if several:
        return True
    if "and" not in case.reading.follow:
        return False
    fresh = topic_rules(case)
    period = case.engine.period_of(fresh.best) if fresh.best is not None else None
    return period not in (None, context.intent)


def _next_holding(case: Case, new: list[Term], intent: str | None) -> Result | None:
    """After kindergarten places, "and schools?": the passage of the year kept, other than the
    previous answer, that fits the new words best and says each in its own words (a keyword,
    its topic or its clause)."""
    engine, context = case.engine, case.context
    strong = engine.tuning.strong_field
    previous = engine.kb.passage(context.passage_id or "") if context is not None else None
    retold = Case(engine, case.reading.with_terms(tuple(new), intent), context)  # type: ignore[arg-type]
    for item in retold.ranking.passages():
        if not retold.confident(item):
            break  # "what will they build there?": one common word is no topic
        passage = retold.passage(item)
        if previous is not None and (passage.id == previous.id or related(passage, previous)):
            continue
        if intent is not None and engine.period_of(passage) not in (intent, None):
            continue
        holds = engine.weights_of(passage.id)
        if all(holds.get(t.text, 0.0) >= strong for t in new):
            chosen = engine.prefer_fact(retold, passage)
            return retold.result("answered", "follow_up", [Answer(chosen, item.coverage)])
    return None


def _narrowed_for(
    case: Case,
    context: Context,
    new: list[Term],
    topic_rules: TopicRules,
    intent: str | None,
) -> Result | None:
    retold = _retold(case, context, new, intent)
    result = topic_rules(retold)
    # "what else about X?" lists what is left (`_more`); after one passage, a sibling topic is
    # its own passage (not a whole section, nor the old one again), if one says the new words.
    listing = "more" in case.reading.follow
    if result.section is not None and context.passage_id and not listing:
        return _next_holding(case, new, intent)
    if result.status != "answered" or result.best is None:
        return None
    best = result.best
    holds = case.engine.weights_of(best.id)
    if any(t.text not in holds for t in new):
        return None  # the answer is about the old topic alone: read the message afresh
    if best.id == context.passage_id:
        # The same passage again only if it says the new words itself ("and rural residents?"
        # after urban and rural incomes), not if its section or a label merely mentions them
        # ("and schools?" after kindergarten places).
        strong = case.engine.tuning.strong_field
        if any(holds[t.text] < strong for t in new):
            return None if listing else _next_holding(case, new, intent)
    asked = case.reading.explicit_year or case.reading.intent
    if asked is not None and case.engine.period_of(best) not in (asked, None):
        return None  # "what else about land this year?" answered from last year
    return result
