"""The answer engine, question form by question form, as a citizen would ask."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.engine import Context, Engine, Result
from bot.knowledge.records import Fact, Statement


def figures(result: Result) -> list[str]:
    passage = result.best
    assert isinstance(passage, Fact), result
    return [f.text for f in passage.figures]


def follow(engine: Engine, passage_id: str) -> Context:
    """The context a chat has after being shown `passage_id`."""
    passage = engine.kb.passage(passage_id)
    assert passage is not None
    title = passage.topic if isinstance(passage, Fact) else (passage.topic or passage.text)
    topic = tuple((t.text, t.weight) for t in engine.read(title or "").topic_terms)
    intent = engine.period_of(passage)
    return Context(passage.id, passage.section, (passage.id,), (), topic, intent)


@pytest.mark.parametrize(
    ("question", "figure"),
    [
        ("minimum living standard", "810 yuan per month"),
        ("bad loans ratio", "0.48%"),
        ("How many new jobs were created last year?", "110,000"),
        ("What share of days had excellent air in 2018?", "82.9%"),
        ("how clean was the air last year", "82.9%"),
        ("How much did the city cut taxes and fees for companies?", "21.08 billion yuan"),
        ("new emplyment 2018", "110,000"),
        ("kindergarden places added", "8,300"),
        ("GPD growth last year", "7.6%"),
        ("hw mny new jobs last yr", "110,000"),
        ("wats the jobs targt 4 this yr", "66,000"),
        ("ok another question how many new jobs this year", "66,000"),
        ("2018年新增就业多少？", "110,000"),
        ("今年的GDP目标", "7%"),
        ("低保标准是多少", "810 yuan per month"),
        ("今年要建多少保障房", "15,000"),
        ("我每天去公园锻炼，今年建多少保障房？", "15,000"),
        ("空氣質量", "82.9%"),
        ("今年新增六万六千个就业岗位吗", "66,000"),
        ("@SomeBot how many new jobs in 2018?", "110,000"),
        ("ＧＤＰ growth 2018", "7.6%"),
        ("new\u00a0jobs\u00a0target", "66,000"),
        ("rural income", "9%"),  # residents' income, not a village's revenue
        ("how many new schools were built in 2018?", "24"),  # not the 40 km of roads built
        ("城镇居民收入涨了多少", "8.3%"),
        # Money coming in is foreign investment; money going out is investment abroad.
        ("foreign investment target", "USD 3 billion"),
        ("overseas investment this year", "USD 1.2 billion"),
        ("how much will jiaxing companies invest abroad this year", "USD 1.2 billion"),
        (
            "My daughter is finishing college and thinking about moving back home, but she is "
            "worried about finding work. I read the government has a plan. How many new jobs is "
            "the city planning to create this year?",
            "66,000",
        ),
    ],
)
def test_question_forms_find_the_figure(engine: Engine, question: str, figure: str) -> None:
    result = engine.ask(question)
    # Answered, or the figure first among "did you mean" when another year fits as well.
    assert result.status in ("answered", "ambiguous"), result
    assert figure in figures(result)


@pytest.mark.parametrize(
    ("question", "words"),
    [
        ("Will families without a toilet get one?", "toilets for families without"),
        ("What's happening with the airport?", "Jiaxing Airport"),
        ("Will we get drinking water from Hangzhou?", "drinking water to Jiaxing from Hangzhou"),
        ("Can I use my medical-insurance card in Shanghai?", "medical insurance and public"),
        ("Is the Second People's Hospital moving?", "relocation of Jiaxing Second"),
        ("What is the enclave economy?", "enclave"),
        ("What is the Red Boat Spirit?", "Red Boat"),
        ("嘉兴机场建得怎么样了", "Jiaxing Airport"),
    ],
)
def test_questions_answered_by_a_statement_get_the_reports_words(
    engine: Engine, question: str, words: str
) -> None:
    result = engine.ask(question)
    # Answered, or first among "did you mean" when several passages say as much.
    assert result.status in ("answered", "ambiguous"), result
    passage = result.best
    assert passage is not None
    shown = passage.sentence if isinstance(passage, Statement) else passage.quote
    assert words in shown


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("new jobs 2018", "result"),
        ("new jobs last year", "result"),
        ("new jobs 2019", "target"),
        ("new jobs this year", "target"),
        ("new jobs target", "target"),
        ("how many jobs will be created", "target"),
        ("今年新增就业目标", "target"),
        ("去年新增就业", "result"),
    ],
)
def test_year_and_intent_choose_result_or_target(engine: Engine, question: str, kind: str) -> None:
    result = engine.ask(question)
    assert isinstance(result.best, Fact)
    assert result.best.kind == kind
    # The other year's figure for the same measure is offered alongside.
    assert isinstance(result.offer, Fact)
    assert result.offer.kind != kind


def test_a_question_without_a_year_gets_the_result_and_offers_the_target(engine: Engine) -> None:
    result = engine.ask("paid-in foreign investment")
    assert figures(result) == ["USD 3.14 billion"]
    assert isinstance(result.offer, Fact)
    assert result.offer.figures[0].text == "USD 3 billion"


@pytest.mark.parametrize(
    ("question", "section"),
    [
        ("what does the report say about rural revitalization", "task-6"),
        ("environment plans", "task-7"),
        ("What's the plan for the environment in 2019?", "task-7"),
        ("section VII", "task-7"),
        ("task 3", "task-3"),
        ("第九部分讲了什么", "task-9"),
        ("What are the main targets for 2019?", "tasks-targets"),
        ("tell me about opening up", "task-4"),
    ],
)
def test_questions_about_an_area_get_the_section(
    engine: Engine, question: str, section: str
) -> None:
    result = engine.ask(question)
    assert result.section is not None, result
    assert result.section.id == section
    facts = [a.passage for a in result.answers if isinstance(a.passage, Fact)]
    assert [f.headline for f in facts] == sorted((f.headline for f in facts), reverse=True)


@pytest.mark.parametrize(
    ("previous", "follow_up", "expected"),
    [
        ("new-jobs-2018", "and in 2019?", "new-jobs-2019"),
        ("new-jobs-2018", "what about the target?", "new-jobs-2019"),
        ("gdp-growth-2019", "and last year?", "gdp-growth-2018"),
        ("excellent-air-days-2018", "那今年呢？", "excellent-air-days-2019"),
        # The previous year gives way when only another year's passage is about the new words.
        ("minimum-living-standard-2018", "那低收入农户呢", "low-income-farmers-2019"),
    ],
)
def test_follow_ups_resolve_against_the_previous_answer(
    engine: Engine, previous: str, follow_up: str, expected: str
) -> None:
    result = engine.ask(follow_up, follow(engine, previous))
    assert result.best is not None
    assert result.best.id == expected


@pytest.mark.parametrize("question", ["why?", "is that good?", "tell me more", "source?"])
def test_why_and_is_that_good_show_the_previous_passage_whole(
    engine: Engine, question: str
) -> None:
    result = engine.ask(question, follow(engine, "new-jobs-2018"))
    assert result.status == "answered"
    assert result.best is not None
    assert result.best.id == "new-jobs-2018"
    assert result.full
    assert (result.detail == "why") is (question == "why?")  # the reply says it gives no reason


@pytest.mark.parametrize(
    "question",
    [
        "how many of those were German?",
        "which companies exactly?",
        "where exactly?",
        "which factories will get them",
        "which 48 countries?",
        "where will the new ones go",
    ],
)
def test_a_breakdown_the_report_does_not_give_is_declined(engine: Engine, question: str) -> None:
    result = engine.ask(question, follow(engine, "foreign-investment-2018"))
    assert result.status == "not_found"
    assert result.reason in ("no_breakdown", "other_place")


def test_more_shows_what_has_not_been_shown(engine: Engine) -> None:
    context = follow(engine, "new-jobs-2018")
    first = engine.ask("more", context)
    assert first.status == "answered"
    shown = {a.passage.id for a in first.answers}
    assert "new-jobs-2018" not in shown
    after = Context.of(first)
    assert after is not None
    second = engine.ask("more", after.showing(tuple(shown)))
    assert shown.isdisjoint({a.passage.id for a in second.answers})


@pytest.mark.parametrize(
    "question", ["compare jobs 2018 and 2019", "how many jobs how many jobs how many jobs"]
)
def test_comparing_or_repeating_does_not_hide_the_topic(engine: Engine, question: str) -> None:
    """A word said three times is one word; "compare" and "vs" are not topics."""
    result = engine.ask(question)
    assert result.status == "answered"
    assert result.best is not None
    assert result.best.id == "new-jobs-2018"


def test_more_moves_on_by_a_whole_page(engine: Engine) -> None:
    """Each "more" shows what no page before it showed, nor the other year's figure shown
    beside the first answer."""
    first = engine.ask("去年GDP")
    context = Context.of(first)
    seen = {a.passage.id for a in first.answers} | ({first.offer.id} if first.offer else set())
    for _ in range(2):
        page = engine.ask("more", context)
        ids = {a.passage.id for a in page.answers}
        assert ids
        assert not ids & seen, ids & seen
        seen |= ids
        context = Context.of(page, context)


@pytest.mark.parametrize("question", ["and in 2017?", "and 2020?"])
def test_a_follow_up_about_a_year_the_report_lacks_is_declined(
    engine: Engine, question: str
) -> None:
    context = Context.of(engine.ask("GDP growth target"))
    result = engine.ask(question, context)
    assert result.status == "not_found"
    assert result.reason == "other_year"


def test_more_stays_on_the_topic_before_the_rest_of_the_section(engine: Engine) -> None:
    """ "what else?" after sports is more on sports, not the next item of the section."""
    first = engine.ask("anything on sports?")
    context = Context.of(first)
    assert context is not None
    assert any("sport" in t for t, _ in context.topic)
    more = engine.ask("what else?", context)
    assert more.status == "answered"
    assert more.answers
    for answer in more.answers:
        assert "sport" in engine.terms_of(answer.passage.id), answer.passage.id


def test_nothing_shown_on_a_thread_is_shown_again_by_what_else(engine: Engine) -> None:
    """After the 2018 and 2019 clean-air figures, "what else about air pollution?" lists
    neither again, nor a passage quoting the same words."""
    first = engine.ask("how many days of clean air did we get last year?")
    context = Context.of(first)
    second = engine.ask("and the target?", context)
    context = Context.of(second, context)
    assert context is not None
    seen = {p.id for p in (first.best, second.best) if p is not None}
    assert seen <= set(context.shown)
    more = engine.ask("what else are they doing about air pollution?", context)
    assert more.status == "answered"
    shown = [a.passage for a in more.answers]
    assert shown
    for passage in shown:
        assert passage.id not in seen
        assert passage.span not in {engine.kb.passage(i).span for i in seen}  # type: ignore[union-attr]


def test_what_else_reads_on_from_the_last_answer_not_from_its_sections_headline(
    engine: Engine,
) -> None:
    """After 2018's guarantee funds for small firms, "what else?" goes on with what the same
    paragraph says next (the tax and fee cuts for enterprises), not the section's headline
    figure (GDP growth)."""
    context = Context.of(engine.ask("is there any help for small businesses getting loans?"))
    context = Context.of(engine.ask("what did they do for small firms in 2018?", context), context)
    assert context is not None
    assert context.passage_id is not None
    before = engine.kb.passage(context.passage_id)
    assert before is not None
    result = engine.ask("what else?", context)
    assert result.answers
    first = result.answers[0].passage
    report = engine.kb.report
    assert report.line_of(first.span[0]) == report.line_of(before.span[0]), first.id


def test_a_sibling_topic_finds_the_one_passage_that_names_it(engine: Engine) -> None:
    """After 2018's garbage sorting, "what about dangerous waste?" is the report's one passage
    on dangerous wastes (a 2019 target), not a 2018 clause that never mentions them."""
    context = Context.of(engine.ask("do people in jiaxing sort their trash now"))
    result = engine.ask("what about dangerous waste", context)
    assert result.status == "answered"
    assert result.best is not None
    quoted = engine.kb.report.raw[result.best.span[0] : result.best.span[1]]
    assert "dangerous wastes" in quoted, result.best.id


def test_expanding_in_chinese_is_the_expansion_not_the_area_around(engine: Engine) -> None:
    """ "南站会扩建吗": the station's own expansion, not the plans for the district around it."""
    result = engine.ask("南站会扩建吗")
    assert result.status == "answered"
    assert result.best is not None
    quoted = engine.kb.report.raw[result.best.span[0] : result.best.span[1]]
    assert "expansive construction of the Jiaxing South Railway Station" in quoted, quoted


def test_the_other_year_of_a_plan_is_found_by_what_the_plan_says(engine: Engine) -> None:
    """ "to fight crime" was answered by "crack down hard on violent and gangdom crimes"; "and
    last year?" finds 2018's crackdown by the answer's own topic, though no 2018 passage says
    "fight"."""
    first = engine.ask("what will they do to fight crime this year?")
    result = engine.ask("and what did they do about it last year?", Context.of(first))
    assert result.status == "answered"
    assert result.best is not None
    assert engine.period_of(result.best) == "result"
    assert "crimes" in engine.kb.report.raw[result.best.span[0] : result.best.span[1]]


def test_a_remark_answered_by_the_same_passage_keeps_the_threads_topic(engine: Engine) -> None:
    """ "is 9% good for villagers?" after 2018's incomes, answered by the same passage: the
    thread is still about incomes (and what it showed), so "and the income target for 2019?"
    is 2019's incomes, not the words of the remark."""
    context = Context.of(engine.ask("how much did disposable incomes rise in 2018"))
    assert context is not None
    remark = engine.ask("is 9% good for villagers?", context)
    assert remark.best is not None
    assert remark.best.id == context.passage_id
    after = Context.of(remark, context)
    assert after is not None
    assert after.topic == context.topic
    assert set(context.shown) <= set(after.shown)
    result = engine.ask("and the income target for 2019?", after)
    assert result.status == "answered"
    assert result.best is not None
    assert engine.period_of(result.best) == "target"
    assert (
        "per capita disposable incomes"
        in engine.kb.report.raw[result.best.span[0] : result.best.span[1]]
    )


def test_what_else_is_planned_lists_that_years_plans_first(engine: Engine) -> None:
    """After a problem the report admits, "what else is planned for industry?" lists 2019's
    plans before the other problems (which belong to no year)."""
    context = follow(engine, "problem-slow-service-industries")
    result = engine.ask("what else is planned for industry", context)
    assert result.status == "answered"
    assert result.answers
    assert engine.period_of(result.answers[0].passage) == "target", result.answers[0].passage.id


def test_more_after_an_answer_begins_with_its_own_section(engine: Engine) -> None:
    """ "what else?" after a 2019 plan of the high-speed rail city: that section's other plans."""
    result = engine.ask("what else?", follow(engine, "hsr-new-city-area-2019"))
    assert result.status == "answered"
    assert result.answers
    first = result.answers[0].passage
    assert engine.kb.within(first.section, engine.kb.fact_by_id["hsr-new-city-area-2019"].section)


@pytest.mark.parametrize(
    ("previous", "question"),
    [
        ("tech-transactions-2019", "why does that matter?"),
        ("rd-spending-2018", "why is that important?"),  # a 2018 figure: its area's plans
        ("grade-iii-water-2019", "为什么这很重要？"),
    ],
)
def test_why_an_answer_matters_is_the_lead_of_its_area_of_work(
    engine: Engine, previous: str, question: str
) -> None:
    """ "Why does that matter?" after a figure: the reason the report gives for that area of
    work, the opening of its part of the plans ("Sci-tech innovation is the first engine to
    drive the high-quality development."), not the figure again. The reason is an aside: the
    next follow-up still refers to the figure."""
    context = follow(engine, previous)
    result = engine.ask(question, context)
    assert result.status == "answered"
    assert result.section is not None, result
    assert result.section.role is None
    assert engine.period_of_section(result.section) == "target"
    lead = " ".join(engine.kb.lead(result.section))  # what the card quotes first
    assert "high-quality development" in lead, lead
    after = Context.of(result, context)
    assert after is not None
    assert after.passage_id == previous
    # "why?" alone asks no purpose: the figure's own sentence, as before
    assert engine.ask("why?", context).best == engine.kb.passage(previous)


def test_what_else_on_a_topic_named_lists_what_says_it(engine: Engine) -> None:
    """ "what else in healthcare?" after a hospital's move: passages saying "healthcare" or
    medical care in their own words, not the section's other plans (preschool, sports); a
    figure and the clause quoting the same words are listed once."""
    result = engine.ask(
        "what else in healthcare?", follow(engine, "second-peoples-hospital-relocation")
    )
    assert result.status == "answered"
    assert result.listing
    ids = [a.passage.id for a in result.answers]
    assert all("healthcar" in engine.terms_of(i) for i in ids), ids
    spans = [a.passage.span for a in result.answers]
    assert len(set(spans)) == len(spans), ids


def test_that_part_is_where_the_last_answer_was_not_a_topic(engine: Engine) -> None:
    """ "anything else in that part?": "part" is not a word to look for ("take part in")."""
    reading = engine.read("anything else in that part?")
    assert "more" in reading.follow
    assert not reading.topic_terms
    result = engine.ask("anything else in that part?", follow(engine, "inefficient-land-2019"))
    assert result.answers
    assert all("part" not in engine.terms_of(a.passage.id) for a in result.answers[:1])


def test_an_ellipsis_keeps_the_threads_year_when_the_old_words_make_it_unsure(
    engine: Engine,
) -> None:
    """ "and old residential quarters?" after this year's affordable housing: this year's
    quarters (the housing words weigh in and make the retold question unsure, which is no
    reason to answer from 2018); "how many of those were done last year?" then switches year
    rather than asking for a breakdown."""
    first = engine.ask("is the city building any affordable housing this year?")
    context = Context.of(first)
    result = engine.ask("and old residential quarters?", context)
    assert result.status == "answered"
    assert result.best is not None
    assert engine.period_of(result.best) == "target", result.best.id
    assert "quarter" in engine.terms_of(result.best.id)
    # one new word too: "and green roads?" after last year's new forests is last year's roads
    forests = engine.ask("how much land was afforested last year")
    roads = engine.ask("and green roads?", Context.of(forests))
    assert roads.best is not None
    assert engine.period_of(roads.best) == "result", roads.best.id
    last_year = engine.ask("how many of those were done last year?", Context.of(result, context))
    assert last_year.status == "answered"
    assert last_year.best is not None
    assert engine.period_of(last_year.best) == "result", last_year.best.id
    assert "quarter" in engine.terms_of(last_year.best.id)


@pytest.mark.parametrize(
    ("previous", "question"),
    [
        ("city-parks-2019", "where are the pocket parks going to be"),
        ("small-business-loans-2019", "which banks will give those loans?"),
        ("households-visited-2018", "what kind of difficulties were they?"),
        ("new-jobs-2019", "how many of those are for college graduates"),  # one figure only
    ],
)
def test_details_the_last_answer_does_not_give_are_declined(
    engine: Engine, previous: str, question: str
) -> None:
    """Names, places or a share of a single figure, asked of the passage just shown: the
    report says no more than that, so the bot says so (and offers it again), rather than
    showing the same passage as if it answered."""
    result = engine.ask(question, follow(engine, previous))
    assert result.status == "not_found", result
    assert result.reason == "no_breakdown"
    assert result.offer == engine.kb.passage(previous)


def test_a_breakdown_the_sentence_gives_is_answered(engine: Engine) -> None:
    """ "and rural residents?"-like breakdowns of a sentence holding several figures stand."""
    result = engine.ask("how much for rural residents?", follow(engine, "disposable-income-2018"))
    assert result.status == "answered"
    assert result.best == engine.kb.passage("disposable-income-2018")


@pytest.mark.parametrize(
    "question",
    [
        "what does the report say about the Red Boat Spirit's effect on Jiaxing?",
        "红船精神和建党百年",
    ],
)
def test_a_statement_is_not_answered_by_a_background_figure_inside_it(
    engine: Engine, question: str
) -> None:
    """ "Jiaxing's political position ... rising with the publicity of Red Boat Spirit and
    approaching of the 100th anniversary": asked about it, not for a figure, the reply is the
    sentence, not a bold "100th" (a background figure, not a result or target)."""
    result = engine.ask(question)
    assert result.best is not None
    assert not (isinstance(result.best, Fact) and result.best.kind == "context"), result.best.id


def test_what_else_this_year_lists_only_this_years_passages(engine: Engine) -> None:
    more = engine.ask("what else about land this year?", follow(engine, "inefficient-land-2019"))
    assert more.status == "answered"
    assert more.answers
    ids = [a.passage.id for a in more.answers]
    assert "inefficient-land-2019" not in ids
    assert {engine.period_of(a.passage) for a in more.answers} <= {"target", None}, ids
    assert all("land" in engine.terms_of(i) for i in ids), ids


def test_a_sibling_topic_after_a_figure_is_its_own_passage_of_the_same_year(
    engine: Engine,
) -> None:
    """After 2018's kindergarten places, "and schools?" is 2018's 24 new schools: not the
    kindergarten figure again (its section merely mentions schools), not the 2019 plans, and
    not a passage that only uses "schools" in passing; "what will they build there?" after a
    plan is no topic of its own (one common word)."""
    context = Context.of(engine.ask("how many new kindergarten places in 2018"))
    result = engine.ask("and schools?", context)
    assert result.status == "answered"
    assert result.best is not None
    assert result.best.id == "compulsory-schools-2018"
    context = Context.of(engine.ask("what's planned around jiaxing south station?"))
    vague = engine.ask("what will they build there", context)
    assert (
        vague.best is None
        or "build" in engine.kb.report.line(engine.kb.report.line_of(vague.best.span[0])).lower()
    )


@pytest.mark.parametrize(
    ("first", "then", "wanted"),
    [
        # The 2019 income target states no figure: the fact names it as its other year.
        (
            "did incomes go up last year?",
            "what's the target for this year?",
            "income-growth-with-economy-target",
        ),
        ("去年城乡居民收入涨了多少", "今年目标呢？", "income-growth-with-economy-target"),
        # ...and back, from the statement to the 2018 figure.
        (
            "will incomes keep up with the economy this year?",
            "and last year?",
            "disposable-income-2018",
        ),
    ],
)
def test_the_other_year_the_knowledge_base_names(
    engine: Engine, first: str, then: str, wanted: str
) -> None:
    context = Context.of(engine.ask(first))
    result = engine.ask(then, context)
    assert result.status == "answered", result
    assert result.best is not None
    assert result.best.id == wanted


@pytest.mark.parametrize("then", ["and the plan?", "what about the target?", "去年呢？"])
def test_a_year_switch_said_with_a_cue_word_only(engine: Engine, then: str) -> None:
    """ "and the plan?" after a 2018 figure is 2019's figure on the same measure (and "去年呢？"
    after a 2019 one, 2018's); "when will it be done?" is not a year switch."""
    first = "how many old residential quarters were upgraded in 2018?"
    if then == "去年呢？":
        first = "今年要改造多少个老旧小区？"
    context = Context.of(engine.ask(first))
    assert context is not None
    assert context.passage_id is not None
    before = engine.kb.fact_by_id[context.passage_id]
    result = engine.ask(then, context)
    assert result.status == "answered", result
    assert result.best is not None
    assert result.best.id == before.compare_with


def test_everyday_words_add_no_topic_to_a_follow_up(engine: Engine) -> None:
    """ "how many new ones this year?" after 2018's hi-tech firms: "new" is an everyday word,
    so the message only switches the year (to the 200 new hi-tech firms planned for 2019)."""
    context = Context.of(engine.ask("how many hi-tech enterprises are there?"))
    result = engine.ask("how many new ones this year?", context)
    assert result.status == "answered", result
    assert result.best is not None
    assert result.best.id == "hitech-enterprises-2019"


def test_words_said_again_in_a_year_switch_lead_the_previous_topic(engine: Engine) -> None:
    """After 2018's tourism revenue, "what's planned for tourism this year?" is the 2019
    tourism plan: the word said again leads; "revenue" from before is background, so the
    2019 budget revenue target does not win on it."""
    context = Context.of(engine.ask("tourism revenue growth in 2018"))
    result = engine.ask("what's planned for tourism this year", context)
    assert result.best is not None
    assert "tourism" in engine.terms_of(result.best.id)
    assert engine.period_of(result.best) == "target"


@pytest.mark.parametrize(
    ("first", "then", "wanted"),
    [
        # "talents" is a common word, but the previous answer settled the topic.
        ("how many talents came to jiaxing in 2018", "and this year", "top-talents-2019"),
        # One long Chinese term asked first; the 2019 passage holds only its parts, so it is
        # offered ("did you mean"), not declined.
        ("数字经济核心产业产值多少", "今年有什么目标", "digital-economy-2019"),
    ],
)
def test_the_other_year_on_a_settled_topic(
    engine: Engine, first: str, then: str, wanted: str | None
) -> None:
    context = Context.of(engine.ask(first))
    result = engine.ask(then, context)
    assert result.status in ("answered", "ambiguous"), result
    assert result.best is not None
    assert engine.period_of(result.best) == "target"
    if wanted is not None:
        assert result.best.id == wanted


def test_a_long_message_is_answered_from_the_part_that_asks(engine: Engine) -> None:
    """The story around a question helps a passage that shares its words, and costs nothing
    to one that does not."""
    result = engine.ask(
        "I'm doing a school project on my hometown and my teacher wants real numbers, not just "
        "nice words. We're looking at the economy first. By how much did the GDP grow in 2018?"
    )
    assert result.status == "answered"
    assert result.best is not None
    assert result.best.id == "gdp-growth-2018"


def test_the_topic_of_a_long_message_can_come_just_before_the_question(engine: Engine) -> None:
    result = engine.ask(
        "My cousin says the city is obsessed with robots now, something about a robot count "
        "for factories, how many are they trying to get working?"
    )
    assert result.status in ("answered", "ambiguous")
    assert result.best is not None
    assert result.best.id == "industrial-robots-2019"


def test_a_request_asked_before_the_story_is_a_request(engine: Engine) -> None:
    result = engine.ask(
        "how do I apply for the minimum living allowance? I lost my job in March and can't pay rent"
    )
    assert result.status == "service"


def test_and_x_does_not_repeat_a_passage_that_only_mentions_x(engine: Engine) -> None:
    """ "and schools?" after kindergarten places: not the kindergarten places again."""
    context = Context.of(engine.ask("how many kindergarten places were added last year?"))
    assert context is not None
    assert context.passage_id == "kindergarten-seats-2018"
    result = engine.ask("and schools?", context)
    assert result.best is None or result.best.id != "kindergarten-seats-2018"


def test_another_year_that_fits_only_in_part_is_offered_not_answered(engine: Engine) -> None:
    """After "how many sewage-free zones were set up in 2018?", the 2019 plans fit "zones set
    up" only in part: they are offered ("did you mean"), not shown as the answer, and last
    year's passage is not offered again."""
    context = Context.of(engine.ask("how many sewage-free zones were set up in 2018?"))
    assert context is not None
    assert context.intent == "result"
    result = engine.ask("and for 2019?", context)
    assert result.status in ("ambiguous", "not_found"), result
    for answer in result.answers:
        assert engine.period_of(answer.passage) == "target", answer.passage.id


def test_a_figure_a_statement_does_not_hold_is_declined(engine: Engine) -> None:
    context = follow(engine, "small-business-guarantee-fund-in-2018")
    result = engine.ask("what interest rate will those loans have?", context)
    assert result.status == "not_found"
    assert result.reason == "no_breakdown"


@pytest.mark.parametrize("question", ["明天天气怎么样", "and the weather tomorrow?"])
def test_a_follow_up_naming_a_topic_the_report_lacks_is_declined(
    engine: Engine, question: str
) -> None:
    """ "怎么样" reads like "is that good?", but the weather is a question of its own."""
    result = engine.ask(question, follow(engine, "elderly-care-facilities-upgrade"))
    assert result.status == "not_found"
    assert result.reason == "not_in_report"


def test_a_topic_switch_is_read_as_a_new_question(engine: Engine) -> None:
    result = engine.ask(
        "ok, different question: GDP growth target", follow(engine, "new-jobs-2018")
    )
    assert figures(result) == ["7%"]


def test_a_follow_up_with_nothing_to_follow_says_so(engine: Engine) -> None:
    result = engine.ask("and in 2019?")
    assert result.status == "not_found"
    assert result.reason == "no_previous"


@pytest.mark.parametrize(
    ("message", "kind"),
    [
        ("hi", "greeting"),
        ("thanks, that's helpful!", "thanks"),
        ("thanks, that 7% figure was helpful!", "thanks"),
        ("bye!", "goodbye"),
        ("are you a bot?", "bot"),
        ("what can you do?", "capabilities"),
        ("👍", "emoji"),
        ("你好", "greeting"),
        ("谢谢", "thanks"),
        ("you're useless", "insult"),
        ("你是AI吗", "bot"),
        ("你到底是机器人还是真人", "bot"),
        ("这个机器人好蠢", "insult"),
        ("testing 1 2 3", "ack"),
    ],
)
def test_small_talk_gets_a_reply_and_no_figure(engine: Engine, message: str, kind: str) -> None:
    result = engine.ask(message)
    assert result.status == "smalltalk"
    assert result.smalltalk == kind
    assert result.answers == []


@pytest.mark.parametrize(
    ("message", "service"),
    [
        ("how do I apply for the low-income subsidy?", "social-assistance"),
        ("can you book me a hospital appointment?", "hospital-booking"),
        ("my landlord won't return my deposit", "complaints"),
        ("怎么申请低保", "social-assistance"),
        ("Can you book me a train ticket to Shanghai?", "general"),
        ("where can I get the long term care insurance?", "social-insurance"),
        ("where do i apply for a housing subsidy", "housing-application"),
    ],
)
def test_requests_for_a_service_point_to_the_official_channel(
    engine: Engine, message: str, service: str
) -> None:
    result = engine.ask(message)
    assert result.status == "service"
    assert result.service is not None
    assert result.service.id == service
    assert result.answers == []


@pytest.mark.parametrize(
    ("question", "reason"),
    [
        ("What's the weather like tomorrow?", "not_in_report"),
        ("What is Hangzhou's GDP?", "other_place"),
        ("What was Haining's GDP growth last year?", "other_place"),
        ("What is the population of Jiaxing?", "not_in_report"),
        ("How many people live in Jiaxing?", "not_in_report"),
        ("What were the results of 2020?", "other_year"),
        ("GDP growth in 2017", "other_year"),
        ("Write me a poem about the South Lake", "creative"),
        ("给我写一首关于南湖的诗", "creative"),
        ("Is the mayor doing a good job?", "opinion"),
        ("What was Jiaxing's GDP in yuan?", "not_in_report"),
        ("How many industrial robots were there in 2018?", "other_year_only"),
        ("How many tourists visited Jiaxing?", "not_in_report"),
        ("How tall is Haogu Tower?", "no_figure"),
        ("zxqv plorp", "unknown_topic"),
        ("", "empty"),
    ],
)
def test_questions_the_report_does_not_answer_are_declined(
    engine: Engine, question: str, reason: str
) -> None:
    result = engine.ask(question)
    assert result.status == "not_found", result.best
    assert result.reason == reason
    assert result.answers == []


def test_a_question_fitting_many_figures_of_one_paragraph_stays_in_that_paragraph(
    engine: Engine,
) -> None:
    result = engine.ask("how did investments grow")
    passage = result.best
    section = result.section.id if result.section else passage.section if passage else None
    assert section == "review-investment"


def test_did_you_mean_lists_distinct_candidates(engine: Engine) -> None:
    for question in ("parks", "platforms", "projects completed", "enterprises improved"):
        result = engine.ask(question)
        if result.status == "ambiguous":
            ids = [a.passage.id for a in result.answers]
            assert len(ids) == len(set(ids)) >= 2


@pytest.mark.parametrize(
    "text",
    [
        "<b>GDP</b>",
        "GDP &amp; growth",
        "```GDP```",
        "*GDP*",
        "[GDP](http://x)",
        "</blockquote>GDP",
        "\u202eGDP",
        "GDP\u0000\u0007",
        "G\u200bD\u200bP",
        "🙂🙂 GDP 🙂",
    ],
)
def test_markup_and_control_characters_do_not_hide_the_question(engine: Engine, text: str) -> None:
    result = engine.ask(text)
    assert result.best is not None
    assert result.best.id.startswith("gdp-growth")


def test_huge_input_is_bounded(engine: Engine) -> None:
    result = engine.ask("GDP growth in 2018? " + "blah " * 5_000)
    assert result.status in ("answered", "not_found", "ambiguous")


@settings(max_examples=300, deadline=1000, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=10_000))
def test_any_unicode_text_gets_a_result_quickly(engine: Engine, text: str) -> None:
    result = engine.ask(text)
    assert all(0.0 <= a.score <= 1.0 for a in result.answers)
    result.to_json()


@settings(max_examples=100, deadline=1000)
@given(
    st.text(alphabet=st.characters(codec="utf-8"), max_size=300),
    st.sampled_from([None, "new-jobs-2018", "gdp-growth-2019", "c64-7"]),
)
def test_any_text_as_a_follow_up_is_safe(engine: Engine, text: str, previous: str | None) -> None:
    context = follow(engine, previous) if previous and engine.kb.passage(previous) else None
    engine.ask(text, context)


_WORDS = ["kindergarten", "seats", "investment", "numbers", "growth", "the", "of", "traffic",
          "foreign", "village", "revenue", "pollution", "how", "many", "this", "year", "tho",
          "pls", "thx", "though", "please"]  # fmt: skip


@st.composite
def _typed_words(draw: st.DrawFn) -> str:
    """Report words and fillers, some with a slip (a letter dropped, doubled or changed)."""
    words = draw(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=6))
    typed = []
    for word in words:
        at = draw(st.integers(0, len(word) - 1))
        slip = draw(st.sampled_from(["", word[at], "e", "z"]))
        typed.append(word[:at] + slip + word[at + 1 :] if draw(st.booleans()) else word)
    return " ".join(typed)


@settings(max_examples=200, deadline=1000)
@given(_typed_words())
def test_misspelt_words_never_break_reading(engine: Engine, text: str) -> None:
    """Slips close to several known words, fillers included, are read or left alone."""
    engine.ask(text).to_json()


def test_json_result_has_the_batch_interface_fields(engine: Engine) -> None:
    data = engine.ask("GDP growth 2018").to_json()
    assert data["query"] == "GDP growth 2018"
    assert data["status"] == "answered"
    assert data["match"] == "fact"
    answer = data["answers"][0]
    assert set(answer) >= {"id", "type", "section", "quote", "figures", "score"}
    assert answer["figures"][0] == {
        "text": "7.6%",
        "value": 7.6,
        "unit": "percent",
        "basis": "growth",
        "qualifier": "estimated",
    }
    statement = engine.ask("Will families without a toilet get one?").to_json()
    assert statement["match"] == "statement"
    assert statement["answers"][0]["type"] == "statement"


def test_search_ranks_without_refusing(engine: Engine) -> None:
    found = engine.search("housing", limit=5)
    assert found
    assert engine.search("zxqv plorp") == []


@pytest.mark.parametrize(
    ("name", "section"),
    [
        ("7", "task-7"),
        ("VII", "task-7"),
        ("environment", "task-7"),
        ("review", "review"),
        ("culture", "task-8"),
        ("三", "task-3"),
    ],
)
def test_find_section_by_number_id_or_name(engine: Engine, name: str, section: str) -> None:
    found = engine.find_section(name)
    assert found is not None
    assert found.id == section


def test_find_section_gives_up_on_nonsense(engine: Engine) -> None:
    assert engine.find_section("zxqv plorp") is None


def test_a_clause_that_stops_before_its_list_is_shown_with_its_sentence(engine: Engine) -> None:
    """ "...go as follows:" alone says nothing: the card quotes what follows."""
    from bot.chat.cards import passage_card
    from bot.chat.markup import to_plain
    from bot.i18n import catalog

    statement = engine.kb.statement_by_id["c44-1"]
    assert statement.text.rstrip().endswith(":")
    card = to_plain(passage_card(engine.kb, statement, catalog("en")))
    assert "The report goes on:" in card


@pytest.mark.parametrize(
    "question",
    ["how is the report organised?", "what's in the report?", "what are the main sections of "
     "the report?", "what is the report about?", "报告分几个部分", "報告的主要內容是什麼"],
)  # fmt: skip
def test_questions_about_the_reports_parts_get_its_outline(engine: Engine, question: str) -> None:
    result = engine.ask(question)
    assert (result.status, result.reason) == ("answered", "outline"), question
    assert [s.id for s in result.outline] == [s.id for s in engine.kb.roots]
    assert result.to_json()["match"] == "outline"


@pytest.mark.parametrize("question", ["which part of the report is about culture?", "section 7"])
def test_a_part_named_is_not_the_outline(engine: Engine, question: str) -> None:
    assert engine.ask(question).reason != "outline"
