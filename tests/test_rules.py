"""The decision table: each rule alone, on the case it is for and on one it must leave alone."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.engine import Context, Engine
from bot.engine import rules as r
from bot.engine.case import Case
from bot.engine.ranking import ADMIT_SHARE, rank
from bot.engine.reading import Term
from bot.engine.tuning import Tuning
from bot.knowledge.records import Statement


def case(engine: Engine, text: str, context: Context | None = None) -> Case:
    return Case(engine, engine.read(text), context)


def previous(engine: Engine, fact_id: str) -> Context:
    fact = engine.kb.fact_by_id[fact_id]
    topic = tuple((t.text, t.weight) for t in engine.read(fact.topic).topic_terms)
    return Context(fact.id, fact.section, (fact.id,), (), topic, engine.period_of(fact))


# (rule, a message it decides with its reason, a message it leaves to the next rule)
CASES = [
    (r.empty, "@JiaxingReportBot", "empty", "GDP"),
    (r.empty, "6", "empty", "110,000"),  # a mistyped button number; a figure is a question
    (r.smalltalk, "thanks!", "smalltalk", "GDP growth"),
    (r.creative, "write a poem about jobs", "creative", "new jobs"),
    (r.service, "how do I apply for dibao?", "service", "minimum living standard"),
    (r.opinion, "do you think the plan is good?", "opinion", "the GDP plan"),
    (r.section_number, "section VII", "section_number", "seven regions"),
    (r.other_year, "results of 2020", "other_year", "results of 2018"),
    (r.overview, "what are the main targets for 2019?", "overview", "main GDP target"),
    (r.about_report, "who delivered the report?", "about", "who gets low-cost housing"),
    (r.reason_asked, "why so much emphasis on culture?", "broad", "culture"),
    (r.problem, "what does the report admit about innovation?", "problem", "innovation"),
    (r.no_topic, "zxqv plorp", "unknown_topic", "GDP"),
    (r.gap, "how many tourists came?", "not_in_report", "tourism revenue"),
    (r.broad, "what does the report say about rural revitalization", "broad", "new jobs 2018"),
    (r.out_of_scope, "What is Hangzhou's GDP?", "other_place", "GDP growth"),
    (r.other_year_only, "industrial robots in 2018", "other_year_only", "industrial robots"),
    (r.unsure, "GDP plorp", "unsure", "GDP growth 2018"),
    (
        r.breakdown,
        "which schools are the 24 new excellent schools?",
        "no_breakdown",
        "how many new excellent compulsory education schools?",
    ),
]


@pytest.mark.parametrize(("rule", "decided", "reason", "left"), CASES, ids=lambda v: str(v)[:30])
def test_each_rule_decides_its_own_case_and_leaves_others(
    engine: Engine, rule: r.RuleFunction, decided: str, reason: str, left: str
) -> None:
    result = rule(case(engine, decided))
    assert result is not None, decided
    assert result.reason == reason
    assert rule(case(engine, left)) is None, left


def test_follow_up_rule_needs_a_previous_answer(engine: Engine) -> None:
    assert r.follow_up(case(engine, "and in 2019?")) is None
    result = r.follow_up(case(engine, "and in 2019?", previous(engine, "new-jobs-2018")))
    assert result is not None
    assert result.best is not None
    assert result.best.id == "new-jobs-2019"


def test_broad_answers_with_the_section_of_the_year_asked(engine: Engine) -> None:
    result = r.broad(case(engine, "What did they do about the environment last year?"))
    assert result is not None
    assert result.section is not None
    assert result.section.id == "review-environment"
    # Asked about 2018, a section of the 2019 plan is not the answer.
    left = r.broad(case(engine, "and what was done about polluted land last year"))
    assert left is None or left.section is None or left.section.period == "result"


def test_a_section_named_whole_answers_when_no_passage_fits_well(engine: Engine) -> None:
    """ "What was achieved in reform in 2018?": "reform" is too common a word for any one clause
    to answer, but it names the review of reform whole: that section, not "did you mean". Asked
    for a figure, the clauses are offered instead."""
    result = r.broad(case(engine, "what was achieved in reform in 2018?"))
    assert result is not None
    assert result.section is not None
    assert result.section.id == "review-reform"
    assert r.broad(case(engine, "how many reforms in 2018?")) is None


@pytest.mark.parametrize(
    "question", ["why does the plan care so much about the environment?", "为什么这么强调文化"]
)
def test_why_an_area_matters_is_its_sections_lead(engine: Engine, question: str) -> None:
    """The report says why an area matters in the first lines of its part ("... is a week point
    for the high-quality development"): "why so much on X?" shows that part; words of emphasis
    ("care so much", "强调") are not the topic, and "why does that matter?" names no area."""
    result = r.reason_asked(case(engine, question))
    assert result is not None
    assert result.section is not None
    lead = " ".join(s.text for s in engine.kb.statements_in(result.section)[:3])
    assert "high-quality development" in lead, lead
    assert r.reason_asked(case(engine, "why does that matter?")) is None
    assert r.reason_asked(case(engine, "environment plans")) is None  # no "why"


def test_the_other_years_figure_is_offered_when_it_nearly_fits(engine: Engine) -> None:
    """Only 2018's kindergarten seats are in the report: asked for 2019's, the bot says so and
    shows 2018's, instead of "did you mean" 2018's as if it answered the question."""
    result = r.other_year_only(case(engine, "How many kindergarten seats will be added in 2019?"))
    assert result is not None
    assert result.reason == "other_year_only"
    assert result.offer is not None
    assert result.offer.id == "kindergarten-seats-2018"
    # Something of the year asked fitting as well leaves the choice to "did you mean".
    assert r.other_year_only(case(engine, "How many new jobs will be added in 2019?")) is None


def test_ambiguous_offers_a_choice_only_for_near_ties(engine: Engine) -> None:
    assert r.ambiguous(case(engine, "How many new jobs were created in 2018?")) is None


def test_answer_is_the_best_passage_with_the_other_year_offered(engine: Engine) -> None:
    result = r.answer(case(engine, "new jobs 2018"))
    assert result.best is not None
    assert result.best.id == "new-jobs-2018"
    assert result.offer is not None
    assert result.offer.id == "new-jobs-2019"


def test_a_figure_asked_is_answered_by_a_fact_over_a_statement_printing_none(
    engine: Engine,
) -> None:
    """ "How big is the digital economy?": the project's name fits a little better (its
    sentence says "big data"), but it prints no figure; the 130 billion yuan fact answers,
    with neither a "did you mean" between them nor a refusal for want of a figure."""
    asked = case(engine, "how big is the digital economy here")
    ranked = asked.ranking.passages()
    assert ranked[0].kind == "statement"  # what the rule is for: the statement fits first
    for rule in (r.ambiguous, r.out_of_scope, r.broad):
        assert rule(asked) is None, rule.__name__
    result = r.answer(asked)
    assert result.best is not None
    assert result.best.id == "digital-economy-2018"
    # Not asked for a figure, the statement keeps its place.
    plain = case(engine, "digital economy project")
    assert r.answer(plain).best.id == "digital-economy-project-no1-in-2018"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("question", "wanted"),
    [
        ("who delivered the report?", "Mao Hongfang"),
        ("这份政府工作报告是谁作的？", "Mao Hongfang"),
        ("when was the report delivered?", "January 15, 2019"),
        ("when did the mayor give this report", "January 15, 2019"),  # no word of the date line
        ("这份政府工作报告是哪天在什么会上作的？", "January 15, 2019"),
        ("這份政府工作報告是誰在什麼時候作的？", "January 15, 2019"),  # when, of who and when
        ("这份报告是哪天在网上发布的", "Release date"),  # put online, not read out
        ("who does the mayor thank?", "thanks"),  # whom it names, not who spoke
    ],
)
def test_about_the_report_answers_the_facet_asked(
    engine: Engine, question: str, wanted: str
) -> None:
    result = r.about_report(case(engine, question))
    assert result is not None
    assert result.best is not None
    text = result.best.quote if hasattr(result.best, "quote") else result.best.text
    assert wanted in text, text


def test_problem_answers_the_clause_naming_it_not_the_opening(engine: Engine) -> None:
    """Each problem the report admits is answered by its own clause; "what weaknesses does it
    admit?" (no other word) by the list of them."""
    result = r.problem(case(engine, "problems in social governance"))
    assert result is not None
    assert isinstance(result.best, Statement)
    assert "social governance" in result.best.text
    assert r.problem(case(engine, "how will they solve the traffic problem?")) is None
    assert r.problem(case(engine, "is there a problem?")) is None  # nothing admitted, no topic
    for listing in ("what weaknesses does the report admit?", "政府承认有哪些问题和不足"):
        result = r.problem(case(engine, listing))
        assert result is not None, listing
        assert result.section is not None, listing
        assert result.section.id == engine.kb.role("problems").id


def test_the_table_is_in_the_documented_order() -> None:
    names = [rule.name for rule in r.RULES]
    assert names[:6] == ["empty", "smalltalk", "creative", "service", "follow_up", "opinion"]
    assert names[-1] == "answer"
    assert names.index("gap") < names.index("broad") < names.index("unsure")
    assert all(rule.doc for rule in r.RULES)


def test_thresholds_come_from_the_tuning(engine: Engine) -> None:
    strict = Engine(engine.kb, Tuning(min_coverage=0.99, min_strong=99.0), engine.index)
    question = "How many new jobs were created in 2018?"
    assert engine.ask(question).status == "answered"
    assert strict.ask(question).status != "answered"


def test_ranking_holds_the_best_few_of_each_kind(engine: Engine) -> None:
    ranking = rank(engine.read("new jobs"), engine.index, engine.info, engine.tuning)
    assert ranking.fact
    assert len(ranking.fact) <= 8
    assert [c.rank for c in ranking.fact] == sorted((c.rank for c in ranking.fact), reverse=True)
    assert all(0 <= c.coverage <= 1 for c in ranking.passages())


def test_a_rare_word_of_the_previous_question_leaves_the_new_words_their_records(
    engine: Engine,
) -> None:
    """ "and old residential quarters?" after affordable housing: the previous question's words
    weigh in at a lower weight; however rare ("affordable"), they must not keep the new words
    from finding the records that say them."""
    asked = engine.read("old residential quarters").topic_terms
    before = tuple(replace(t, weight=0.6) for t in engine.read("affordable housing").topic_terms)
    reading = engine.read("and old residential quarters?").with_terms((*asked, *before), None)
    found = {c.key for c in rank(reading, engine.index, engine.info, engine.tuning).passages()}
    assert {"old-quarters-2018", "old-quarters-2019"} <= found, found


def test_a_word_only_one_record_holds_does_not_hide_the_others(engine: Engine) -> None:
    """A rare word found in a single record (as "busy" was, in one keyword) is too few records
    to rank alone: the question's other words still find theirs (the port's figures)."""
    index = engine.index
    lonely = next(
        t for t, (docs, _) in sorted(index.postings.items()) if len(docs) == 1 and t.isalpha()
    )
    assert index.idf[lonely] * ADMIT_SHARE > index.idf["port"]  # it alone sets the bar
    reading = engine.read("port").with_terms((Term(lonely, 1.0), Term("port", 1.0)), None)
    found = {c.key for c in rank(reading, engine.index, engine.info, engine.tuning).passages()}
    assert "port-teu-2018" in found, found


def test_is_jiaxing_bad_at_something_is_what_the_report_admits(engine: Engine) -> None:
    """ "Is Jiaxing bad at innovation?" sounds like a request for an opinion, but the report
    answers it in its own words (a weakness it admits); "is Jiaxing a good place?" it does not."""
    result = r.opinion(case(engine, "is jiaxing bad at innovation?"))
    assert result is not None
    assert result.reason == "problem"
    assert result.best is not None
    assert result.best.section == engine.kb.role("problems").id
    declined = r.opinion(case(engine, "is jiaxing a good place to live?"))
    assert declined is not None
    assert declined.reason == "opinion"


def test_what_the_government_is_not_doing_well_is_the_problems_it_admits(
    engine: Engine,
) -> None:
    """ "what's the govt not doing well?" names no topic: the problems part of the report."""
    result = r.problem(case(engine, "what's the govt not doing well?"))
    assert result is not None
    assert result.section == engine.kb.role("problems")


def test_what_is_being_done_about_a_problem_is_not_the_problem_admitted(engine: Engine) -> None:
    """ "what is the govt doing about corruption?" asks what is done; the report's admission of
    "corruptions in some sectors" is no answer to it, though it says the word; asked what the
    report admits, the admission is the answer."""
    problems = engine.kb.role("problems").id
    for question in (
        "what is the govt doing about corruption?",
        "what did the government do about corruption last year",
    ):
        done = r.answer(case(engine, question))
        assert done.best is not None
        assert done.best.section != problems, (question, done.best.id)
    admitted = r.problem(case(engine, "what does the report admit about corruption?"))
    assert admitted is not None
    assert admitted.best is not None
    assert admitted.best.section == problems


def test_the_reports_own_name_is_no_topic_of_a_problem_asked(engine: Engine) -> None:
    """ "政府工作报告里承认嘉兴还存在哪些问题？": the report's name is not what a problem is
    about."""
    result = r.problem(case(engine, "政府工作报告里承认嘉兴还存在哪些问题？"))
    assert result is not None
    assert result.section == engine.kb.role("problems")


def test_a_question_about_another_place_alone_is_declined(engine: Engine) -> None:
    """ "What is Hangzhou's government planning?" though the report names Hangzhou (its bay
    bridge, its water): the question is about Hangzhou; "water from Hangzhou" is not, nor is
    "and for Haiyan?" after an answer, which narrows it."""
    result = r.out_of_scope(case(engine, "what is hangzhou's government planning for 2019?"))
    assert result is not None
    assert result.reason == "other_place"
    assert r.out_of_scope(case(engine, "drinking water from hangzhou")) is None


def test_an_overview_of_a_year_the_report_lacks_is_not_this_years(engine: Engine) -> None:
    assert r.overview(case(engine, "what are the main plans in the 2021 work report?")) is None
    assert engine.ask("what are the main plans in the 2021 work report?").reason == "other_year"
