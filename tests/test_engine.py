"""The answer engine, question form by question form, as a citizen would ask."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.engine import Context, Engine, Result
from bot.knowledge import KnowledgeBase


@pytest.fixture(scope="module")
def engine(kb: KnowledgeBase) -> Engine:
    return Engine(kb)


def first_figures(result: Result) -> list[str]:
    assert result.answers, result
    return [f.text for f in result.answers[0].fact.figures]


def follow(engine: Engine, fact_id: str) -> Context:
    fact = engine.kb.fact_by_id[fact_id]
    return Context(fact_id=fact.id, section_id=fact.section, shown=(fact.id,))


@pytest.mark.parametrize(
    ("question", "figure"),
    [
        # keywords
        ("minimum living standard", "810 yuan per month"),
        ("bad loans ratio", "0.48%"),
        # full questions
        ("How many new jobs were created last year?", "110,000"),
        ("What share of days had excellent air in 2018?", "82.9%"),
        # different wording from the report
        ("how clean was the air last year", "82.9%"),
        ("How much did the city cut taxes and fees for companies?", "21.08 billion yuan"),
        # typos
        ("unemplyment 2018", "110,000"),
        ("kindergarden places added", "8,300"),
        ("enviroment investment growth 2018", "29%"),
        # Simplified Chinese
        ("2018年新增就业多少？", "110,000"),
        ("今年的GDP目标", "7%"),
        ("低保标准是多少", "810 yuan per month"),
        # group-chat forms
        ("@SomeBot how many new jobs in 2018?", "110,000"),
        ("bot, hi-tech firms target?", "200"),
        # full-width characters and no-break spaces
        ("ＧＤＰ growth 2018", "7.6%"),
        ("new\u00a0jobs\u00a0target", "66,000"),
        # a long, rambling question
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
    assert result.status == "answered", result
    assert figure in first_figures(result)


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("new jobs 2018", "result"),
        ("new jobs last year", "result"),
        ("How many jobs were achieved?", "result"),
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
    assert result.best is not None
    assert result.best.kind == kind
    # The other year's figure for the same measure is offered alongside.
    assert result.offer is not None
    assert result.offer.kind != kind


def test_a_question_without_a_year_gets_the_result_and_offers_the_target(engine: Engine) -> None:
    result = engine.ask("paid-in foreign investment")
    assert first_figures(result) == ["USD 3.14 billion"]
    assert result.offer is not None
    assert result.offer.figures[0].text == "USD 3 billion"


@pytest.mark.parametrize(
    ("question", "section"),
    [
        ("what does the report say about rural revitalization", "task-6"),
        ("environment plans", "task-7"),
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
    # Its most telling figures come first: the headline ones, then the rest.
    facts = [a.fact for a in result.answers]
    assert [f.headline for f in facts] == sorted((f.headline for f in facts), reverse=True)


@pytest.mark.parametrize(
    ("previous", "follow_up", "expected"),
    [
        ("new-jobs-2018", "and in 2019?", "new-jobs-2019"),
        ("new-jobs-2018", "what about the target?", "new-jobs-2019"),
        ("gdp-growth-2019", "and last year?", "gdp-growth-2018"),
        ("excellent-air-days-2018", "那今年呢？", "excellent-air-days-2019"),
    ],
)
def test_follow_ups_resolve_against_the_previous_answer(
    engine: Engine, previous: str, follow_up: str, expected: str
) -> None:
    result = engine.ask(follow_up, follow(engine, previous))
    assert result.best is not None
    assert result.best.id == expected


def test_more_continues_with_the_rest_of_the_section(engine: Engine) -> None:
    result = engine.ask("more", follow(engine, "new-jobs-2018"))
    assert result.status == "answered"
    assert "new-jobs-2018" not in {a.fact.id for a in result.answers}
    assert {a.fact.section for a in result.answers} == {"review-livelihood"}


def test_a_follow_up_with_nothing_to_follow_says_so(engine: Engine) -> None:
    result = engine.ask("and in 2019?")
    assert result.status == "not_found"
    assert result.reason == "no_previous"


def test_a_follow_up_to_a_figure_with_no_other_year_says_so(engine: Engine) -> None:
    result = engine.ask("and last year?", follow(engine, "industrial-robots-2019"))
    assert result.status == "not_found"
    assert result.reason == "no_comparison"


@pytest.mark.parametrize(
    ("question", "reason"),
    [
        ("What's the weather like tomorrow?", "not_in_report"),
        ("What is Hangzhou's GDP?", "other_place"),
        ("What is the population of Jiaxing?", "not_in_report"),
        ("How many people live in Jiaxing?", "not_in_report"),
        ("What were the results of 2020?", "other_year"),
        ("GDP growth in 2017", "other_year"),
        ("Write me a poem about the South Lake", "creative"),
        ("Is the mayor doing a good job?", "opinion"),
        ("Can you book me a train ticket to Shanghai?", "request"),
        ("What was Jiaxing's GDP in yuan?", "not_in_report"),
        ("How many industrial robots were there in 2018?", "other_year_only"),
        ("How many tourists visited Jiaxing?", "not_in_report"),
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
    section = result.section.id if result.section else result.answers[0].fact.section
    assert section == "review-investment"
    assert len(result.answers) >= 4


def test_ambiguous_results_list_distinct_candidates(engine: Engine) -> None:
    ambiguous = [
        r
        for q in ("parks", "platforms", "projects completed", "enterprises improved")
        if (r := engine.ask(q)).status == "ambiguous"
    ]
    for result in ambiguous:
        ids = [a.fact.id for a in result.answers]
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
    assert result.status in ("answered", "ambiguous", "not_found")
    assert all(0.0 <= a.score <= 1.0 for a in result.answers)
    result.to_json()


@settings(max_examples=100, deadline=1000)
@given(
    st.text(alphabet=st.characters(codec="utf-8"), max_size=300),
    st.sampled_from([None, "new-jobs-2018", "gdp-growth-2019"]),
)
def test_any_text_as_a_follow_up_is_safe(engine: Engine, text: str, previous: str | None) -> None:
    context = follow(engine, previous) if previous else None
    engine.ask(text, context)


def test_json_result_has_the_batch_interface_fields(engine: Engine) -> None:
    data = engine.ask("GDP growth 2018").to_json()
    assert data["query"] == "GDP growth 2018"
    assert data["status"] == "answered"
    answer = data["answers"][0]
    assert set(answer) >= {"fact_id", "section", "quote", "figures", "score"}
    assert answer["figures"][0] == {
        "text": "7.6%",
        "value": 7.6,
        "unit": "percent",
        "qualifier": "estimated",
    }


def test_search_ranks_without_refusing(engine: Engine) -> None:
    found = engine.search("housing", limit=5)
    assert found
    assert any("housing" in a.fact.topic.lower() for a in found)
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
