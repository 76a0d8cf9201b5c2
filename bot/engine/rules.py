"""The engine's decision: an ordered list of named rules. The first that applies decides.

Each rule is a function of one `Case` (the reading, the context and the ranking) that returns a
`Result`, or None to let the next rule decide. Its name is the `Reason` it answers with. The
numbers it compares with live in `Tuning`. The table at the end of this module is the order.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from bot.engine import followups, reasons
from bot.engine.case import Case, related
from bot.engine.ranking import Candidate
from bot.engine.reading import says_nothing_zh
from bot.engine.result import Answer, Passage, Reason, Result
from bot.engine.text import stem
from bot.knowledge.base import quoted
from bot.knowledge.records import Fact

RuleFunction = Callable[[Case], Result | None]

_BARE_NUMBER = re.compile(r"[#№]?\s*\d{1,2}\s*[.)]?")


@dataclass(frozen=True)
class Rule:
    name: str
    decide: RuleFunction
    doc: str


# ---------------------------------------------------------------------- before the topic
def empty(case: Case) -> Result | None:
    """Nothing to read (only a mention, markup or white space, or "6" alone: a number too short
    to be a figure asked about, such as a mistyped button number)."""
    r = case.reading
    if _BARE_NUMBER.fullmatch(r.raw.strip()):
        return case.decline("empty")
    return case.decline("empty") if r.empty and r.smalltalk is None else None


def smalltalk(case: Case) -> Result | None:
    """Greetings, thanks, "are you a bot?", emoji: a friendly reply, never a figure."""
    kind = case.reading.smalltalk
    return case.result("smalltalk", "smalltalk", smalltalk=kind) if kind else None


def creative(case: Case) -> Result | None:
    """Poems, jokes, translations: the bot quotes, it does not compose."""
    return case.decline("creative") if case.reading.creative else None


def service(case: Case) -> Result | None:
    """Apply, book, complain, pay, call: the official channel for it, never a figure."""
    if not case.reading.service:
        return None
    best = case.ranking.best("service")
    chosen = None
    if best is not None and best.coverage >= case.engine.tuning.min_suggest:
        chosen = next((s for s in case.engine.kb.services if s.id == best.key), None)
    if chosen is None:
        chosen = case.engine.general_service
    return case.result("service", "service", service=chosen)


def follow_up(case: Case) -> Result | None:
    """ "and in 2019?", "why?", "more", "how many of those were German?": about the last answer."""
    return followups.decide(case, decide_topic)


def opinion(case: Case) -> Result | None:
    """ "Is Jiaxing doing a good job?": the bot quotes the report, it does not judge. "Is
    Jiaxing bad at innovation?" the report answers itself, where it admits the weakness."""
    if not case.reading.opinion:
        return None
    if _WEAK_AT.search(case.reading.text):
        admitted = problem(Case(case.engine, replace(case.reading, asks_problem=True), None))
        if admitted is not None and admitted.best is not None:
            return admitted
    return case.decline("opinion")


_WEAK_AT = re.compile(r"\b(?:bad|weak|poor|good|strong) (?:at|in|on)\b", re.IGNORECASE)


def section_number(case: Case) -> Result | None:
    """ "Section 7", "task VII", "第七部分": that task of the report."""
    r = case.reading
    if r.section_number is None or len([t for t in r.known_terms if t.weight >= 0.5]) > 2:
        return None
    tasks = case.engine.kb.tasks()
    if not 1 <= r.section_number <= len(tasks):
        return None
    return case.section_result(tasks[r.section_number - 1], "section_number")


def other_year(case: Case) -> Result | None:
    """A year the report does not cover (2015, 2020), with no topic to look for."""
    r = case.reading
    others = case.engine.other_years(r.years)
    if others and not [t for t in r.topic_terms if t.text not in case.engine.overview_stems]:
        return case.decline("other_year", str(others[0]))
    return None


def overview(case: Case) -> Result | None:
    """ "What are the main targets?": the targets paragraph, or the review of the past year."""
    r = case.reading
    light = case.engine.tuning.light_weight
    topic = [
        t for t in r.topic_terms if t.text not in case.engine.overview_stems and t.weight > light
    ]
    if r.intent is None or not r.overview or topic or case.engine.other_years(r.years):
        return None  # "the plans in the 2021 report?": a year the report does not cover
    kb = case.engine.kb
    return case.section_result(kb.role("targets" if r.intent == "target" else "review"), "overview")


def about_report(case: Case) -> Result | None:
    """Who delivered the report, when, where, to whom: from its cover and opening address."""
    if not case.reading.about_report:
        return None
    kb = case.engine.kb
    about = {s.id for part in kb.about for s in kb.descendants(part)}
    found: list[tuple[float, Passage]] = [
        (item.coverage, passage)
        for item in case.ranking.passages()
        if (passage := case.passage(item)).section in about and item.strong > 0
    ]
    if _ASKS_WHEN.search(case.reading.text) and not _ASKS_RELEASE.search(case.reading.text):
        # "是哪天在什么会上作的？": the line naming the session and the date, however few of
        # the question's words it holds ("when was the work report given?")
        occasion = [(c, p) for c, p in found if kb.meta.occasion in quoted(p)]
        if not occasion:
            cover = (p for part in kb.about for p in kb.facts_in(part))
            dated = [p for p in cover if kb.meta.occasion in quoted(p)]
            occasion = [(found[0][0] if found else 0.0, p) for p in dated[:1]]
        found = occasion + found
    if _ASKS_WHO.search(case.reading.raw):
        # "who delivered it?": the passage naming the speaker, however well "delivered" fits
        # the line with the date
        speaker = [(c, p) for c, p in found if kb.meta.speaker in quoted(p)]
        found = speaker + found
    if found:
        coverage, passage = found[0]
        return case.result("answered", "about", [Answer(passage, coverage)])
    return case.section_result(kb.about[0], "about")


# "who gave it?", "是谁作的": who did it, not whom it names ("who does the mayor thank?", "to
# whom", "on whose behalf", "代表谁", "向谁")
_ASKS_WHO = re.compile(
    r"\bwho\b(?!\s+(?:does|did|do|will|would|should|is it for|is the report for)\b)"
    r"|(?<!代表)(?<![代向对给])谁",
    re.I,
)


# "when was it delivered?", "在什么会上" (read in the simplified text): the occasion and date
_ASKS_WHEN = re.compile(
    r"\bwhen\b|\bwhat (?:date|day)\b|\bwhich (?:day|date|session|meeting)\b|\bwhat (?:session|"
    r"meeting)\b|哪天|哪一天|什么时候|何时|几号|什么会|哪个会|哪次会|什么场合",
    re.I,
)
_ASKS_RELEASE = re.compile(r"\b(?:releas|publish|post|online)\w*|发布|网上|公布", re.I)


def reason_asked(case: Case) -> Result | None:
    """ "Why so much focus on the environment?": the section whose lead says why it matters."""
    return reasons.why_section(case)


def outline(case: Case) -> Result | None:
    """ "How is the report organised?", "what's in it?", "报告分几个部分": its parts and tasks."""
    r = case.reading
    if not r.asks_outline:
        return None
    engine = case.engine
    light = engine.tuning.light_weight
    if any(
        t.weight > light and not engine.is_outline_word(t.text) and not says_nothing_zh(t.text)
        for t in r.topic_terms
    ):
        return None  # "which part of the report is about culture?": that part
    return case.result("answered", "outline", outline=tuple(engine.kb.roots))


def problem(case: Case) -> Result | None:
    """ "What does the report admit about innovation?": the shortcoming it names, answered by
    its own clause when that clause holds every other word asked in its own words; "what
    weaknesses does it admit?" with nothing else asked: the problems the report lists."""
    r = case.reading
    if not r.asks_problem or r.asks_figure:
        return None
    engine = case.engine
    t = engine.tuning
    asked = {
        term.text
        for term in r.topic_terms
        if term.weight > t.light_weight
        and not engine.is_problem_word(term.text)
        and not says_nothing_zh(term.text)
        and term.text not in engine.overview_stems
        and term.text not in engine.report_name_terms
    }
    section = engine.kb.role("problems")
    if not asked:
        return case.section_result(section, "problem") if r.admits_problem else None
    if r.asks_statement:
        return None  # "what will they do about the problems in X?": the plans for X
    opening = engine.kb.report.line_range(section.lines[0], section.lines[0])[0]
    for item in case.ranking.passages():
        passage = case.passage(item)
        if passage.section != section.id or item.coverage < t.min_suggest:
            continue
        if passage.span[0] == opening:
            continue  # the sentence's opening ("there are many problems"), not one of them
        if all(item.field_weight(term) >= t.clause for term in asked):
            return case.result("answered", "problem", [Answer(passage, item.coverage)])
    return None


def no_topic(case: Case) -> Result | None:
    """No word the knowledge base knows: another place, a follow-up with nothing before it, or a
    topic the report does not cover."""
    r = case.reading
    if r.known_terms:
        return None
    if r.other_places:
        return case.decline("other_place", r.other_places[0])
    if r.follow or r.intent is not None or r.years:
        return case.decline("no_previous")
    return case.decline("unknown_topic")


def gap(case: Case) -> Result | None:
    """A topic the report is known not to cover, named word for word ("how many tourists") and
    fitting the question better than any passage."""
    named = case.engine.gaps_named(case.reading)
    if not named:
        return None
    t = case.engine.tuning
    by_id = {g.id: g for g in case.engine.kb.gaps}
    ranked = [g for g in case.ranking.gap if g.key in named]
    passage = case.best_passage()
    if ranked and passage is not None and case.confident(passage):
        best_gap = ranked[0]
        if best_gap.rank + t.gap_bonus < passage.rank and not best_gap.terms - passage.terms:
            return None  # a passage fits better, and holds every word the gap does
    chosen = ranked[0].key if ranked else named[0]
    return case.decline("not_in_report", by_id[chosen].id)


def broad(case: Case) -> Result | None:
    """A whole section answers questions about an area: asked as such ("what is the city doing
    about culture?"), or fitting many of its passages alike."""
    section = case.engine.section_answer(case)
    if section is None:
        return None
    refusal = case.engine.out_of_scope(case, None, section)
    return refusal or case.section_result(section)


def unsure(case: Case) -> Result | None:
    """Nothing fits well enough to answer: "did you mean" when something comes close, else a
    plain "not in the report"."""
    best = case.best_passage()
    if case.confident(best):
        return None
    t = case.engine.tuning
    if best is not None and best.coverage >= t.min_suggest and best.strong > 0:
        choices = _choices(case, best)
        if choices:
            return case.result("ambiguous", "unsure", choices)
    return case.decline("unknown_topic")


def out_of_scope(case: Case) -> Result | None:
    """The passage found is about another place or year, or lacks the kind of figure asked;
    or the question is about another place and nothing else ("what is Hangzhou's government
    planning?", though the report names Hangzhou)."""
    r = case.reading
    if r.other_places and case.context is None:  # "and for Haiyan?" narrows the last answer
        places = {stem(p) for p in r.other_places}
        if not [t for t in r.topic_terms if t.text not in places]:
            return case.decline("other_place", r.other_places[0])
    best = case.best_passage()
    if best is None:
        return None
    return case.engine.out_of_scope(case, case.engine.prefer_fact(case, case.passage(best)), None)


def other_year_only(case: Case) -> Result | None:
    """Asked about 2018, the report has only the 2019 target (or the other way round). The
    other year's figure need not hold every word asked ("how many seats will be *added* in
    2019?" against "increased seats by 8,300 in 2018"), if nothing of the year asked fits."""
    best = case.best_passage()
    if best is None:
        return None
    t = case.engine.tuning
    if not case.confident(best):
        if best.strong < t.min_strong or best.coverage < t.other_year_min_coverage:
            return None
        asked_year = case.reading.explicit_year
        for other in case.ranking.passages()[1:]:
            period = case.engine.period_of(case.passage(other))
            if period == asked_year and other.coverage >= t.other_year_min_coverage:
                return None  # something of the year asked fits as well: "did you mean"
    passage = case.engine.prefer_fact(case, case.passage(best))
    asked = case.reading.explicit_year
    if not isinstance(passage, Fact) or passage.kind not in ("result", "target"):
        return None
    if asked is None or asked == passage.kind:
        return None
    if passage.compare_with and case.engine.kb.fact_by_id[passage.compare_with].kind == asked:
        return None  # the other year is there: `answer` swaps to it
    return case.decline("other_year_only", passage.topic, offer=passage)


def ambiguous(case: Case) -> Result | None:
    """Two different passages fit almost equally, and neither fits well: "did you mean"."""
    ranked = case.ranking.passages()
    first = case.best_passage()
    if len(ranked) < 2 or first is None:
        return None
    t = case.engine.tuning
    chosen = case.passage(first)
    # A figure asked, and a fact with it chosen over statements printing none: not rivals.
    for other in ranked[ranked.index(first) + 1 :][:2]:
        if other.rank < first.rank * t.ambiguous_ratio or first.coverage >= t.ambiguous_below:
            break
        passage = case.passage(other)
        if not case.confident(other) or related(chosen, passage):
            continue
        if _other_year_of(case, chosen, passage, first, other):
            continue  # offered beside the answer as the other year's passage
        choices = _choices(case, first)
        if len(choices) > 1:
            return case.result("ambiguous", "ambiguous", choices)
    return None


def breakdown(case: Case) -> Result | None:
    """ "Which schools are the 24 new ones?", "where exactly will the 16 parks be?": a figure
    the report gives without naming its parts. The figure is offered; the list is declined."""
    if "breakdown" not in case.reading.follow:
        return _names_the_previous(case)
    best = case.best_passage()
    if best is None or not case.confident(best):
        return None
    passage = case.engine.prefer_fact(case, case.passage(best))
    if not isinstance(passage, Fact):
        return None  # a statement may name what is asked: it is the answer
    return case.decline("no_breakdown", passage.topic, offer=passage)


def _names_the_previous(case: Case) -> Result | None:
    """ "where are the pocket parks going to be?", "which banks will give those loans?" after
    that very passage: the report says no more than what was just shown."""
    context = case.context
    if context is None or not context.passage_id or not followups.asks_names(case.reading):
        return None
    best = case.best_passage()
    previous = case.engine.kb.passage(context.passage_id)
    if best is None or previous is None:
        return None
    found = case.passage(best)
    if found.id != previous.id and not related(found, previous):
        return None
    return case.decline("no_breakdown", followups.topic_of(previous), offer=previous)


def answer(case: Case) -> Result:
    """The best passage: a fact (the year asked, with the other year's figure offered) or a
    statement (with the other year's passage on the same topic offered)."""
    ranked = case.ranking.passages()
    best = case.best_passage() or ranked[0]
    chosen, offer = case.engine.year_swap(case, case.engine.prefer_fact(case, case.passage(best)))
    answers = [Answer(chosen, best.coverage)]
    if offer is not None:
        answers.append(Answer(offer, best.coverage * 0.9))
    for item in ranked:
        if item is best:
            continue
        candidate = case.passage(item)
        if len(answers) >= case.engine.tuning.max_answers:
            break
        if case.confident(item) and not any(related(candidate, a.passage) for a in answers):
            answers.append(Answer(candidate, item.coverage))
    reason: Reason = "fact" if isinstance(chosen, Fact) else "statement"
    more = tuple(a.passage.id for a in answers[1:])
    return case.result("answered", reason, answers[:1], offer=offer, more=more)


def _other_year_of(
    case: Case, chosen: Passage, passage: Passage, first: Candidate, other: Candidate
) -> bool:
    """The same topic in the other year: what the answer offers, not a rival answer."""
    periods = {case.engine.period_of(chosen), case.engine.period_of(passage)}
    return periods == {"result", "target"} and first.terms <= other.terms


def _choices(case: Case, first: Candidate) -> list[Answer]:
    """Up to four different passages near the top, for "did you mean"."""
    chosen: list[Answer] = []
    for item in case.ranking.passages():
        if item.coverage < case.engine.tuning.min_suggest * 0.8 or len(chosen) >= 4:
            break
        passage = case.passage(item)
        if not any(related(passage, a.passage) for a in chosen):
            chosen.append(Answer(passage, item.coverage))
    return chosen


# ---------------------------------------------------------------------- the table
def _rules(*functions: RuleFunction) -> tuple[Rule, ...]:
    return tuple(Rule(f.__name__, f, (f.__doc__ or "").split("\n")[0]) for f in functions)


# What the message is, before what it is about.
MESSAGE_RULES = _rules(empty, smalltalk, creative, service, follow_up, opinion)
# What it is about: the passage, section or refusal that fits.
TOPIC_RULES = _rules(
    section_number,
    other_year,
    overview,
    outline,
    problem,
    about_report,
    reason_asked,
    no_topic,
    gap,
    broad,
    out_of_scope,
    other_year_only,
    unsure,
    ambiguous,
    breakdown,
)
LAST = _rules(answer)[0]
RULES = (*MESSAGE_RULES, *TOPIC_RULES, LAST)


def decide_topic(case: Case) -> Result:
    """The topic rules alone (a follow-up decided again with its previous topic)."""
    for rule in TOPIC_RULES:
        result = rule.decide(case)
        if result is not None:
            return result
    return answer(case)


def decide(case: Case) -> Result:
    """The first rule that applies decides; `answer` when none does."""
    for rule in MESSAGE_RULES:
        result = rule.decide(case)
        if result is not None:
            return result
    return decide_topic(case)
