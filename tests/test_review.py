"""The curator's review: logged questions grouped by what they ask, votes per answer, the groups
asked again after an edit, exports, and `reportbot review` itself."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.cli import main
from bot.engine import Engine
from bot.knowledge.load import load_knowledge
from bot.questions.cli import parse_since
from bot.questions.log import QuestionLog
from bot.questions.review import (
    EN_THRESHOLD,
    ZH_THRESHOLD,
    Group,
    group_questions,
    normalise,
    render,
    retry,
    similarity,
    to_csv,
    to_json,
)

ROOT = Path(__file__).resolve().parents[1]
# Recent enough that opening the log (which deletes rows older than 90 days) keeps every row.
START = (datetime.now(UTC) - timedelta(days=5)).replace(hour=9, minute=15, second=0, microsecond=0)
POPULATION = [
    "how many people live in Jiaxing",
    "what is the population of jiaxing",
    "jiaxing population?",
]
WEATHER = "what is the weather like"


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


def logged(
    engine: Engine,
    path: Path,
    questions: Iterable[str],
    *,
    language: str = "en",
    clock: Clock | None = None,
) -> None:
    """Each question asked of the engine and kept in the log at `path`, as the bot does."""
    with QuestionLog.open(path, sample=1.0, clock=clock or Clock()) as log:
        for question in questions:
            log.record(question, engine.ask(question), interface="terminal", language=language)


def groups_of(path: Path) -> list[Group]:
    with QuestionLog.open(path) as log:
        return group_questions(log.rows())


def group_with(groups: list[Group], question: str) -> Group:
    (found,) = [g for g in groups if question in g.examples]
    return found


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "questions.sqlite3"


# ---------------------------------------------------------------------- grouping
def test_paraphrases_of_one_question_form_one_group(engine: Engine, path: Path) -> None:
    logged(engine, path, [*POPULATION, WEATHER, *POPULATION[2:]])
    groups = groups_of(path)
    assert len(groups) == 2
    population, weather = groups
    assert population.count == 4
    assert set(population.examples) == set(POPULATION)
    assert population.question == "jiaxing population?"  # the commonest wording first
    assert population.topic == "population"
    assert (weather.count, weather.examples, weather.topic) == (1, (WEATHER,), "weather")


def test_different_questions_stay_apart(engine: Engine, path: Path) -> None:
    questions = [
        WEATHER,
        "how many people live in Jiaxing",
        "How can I apply for a passport?",
        "how do I apply for a passport",
        "What is the GDP of Hangzhou?",
        "what is the GDP of Hangzhou",
        "Who won the football match last night?",
    ]
    logged(engine, path, questions)
    groups = groups_of(path)
    assert len(groups) == 5
    assert group_with(groups, WEATHER) != group_with(groups, "how many people live in Jiaxing")
    assert group_with(groups, "How can I apply for a passport?").count == 2
    assert group_with(groups, "What is the GDP of Hangzhou?").count == 2


def test_chinese_paraphrases_form_one_group(engine: Engine, path: Path) -> None:
    logged(engine, path, ["嘉兴有多少人口", "嘉兴人口多少", "嘉兴明天天气怎么样"], language="zh")
    groups = groups_of(path)
    assert len(groups) == 2
    assert set(group_with(groups, "嘉兴人口多少").examples) == {"嘉兴有多少人口", "嘉兴人口多少"}
    assert group_with(groups, "嘉兴明天天气怎么样").count == 1


def test_text_alone_groups_questions_the_engine_names_no_topic_for() -> None:
    same = ("how do I apply for a passport", "How can I apply for a passport?")
    assert similarity(*map(normalise, same)) >= EN_THRESHOLD
    assert similarity(normalise(WEATHER), normalise(POPULATION[0])) < EN_THRESHOLD
    assert similarity(normalise("嘉兴有多少人口"), normalise("嘉兴人口多少")) >= ZH_THRESHOLD
    assert similarity(normalise("嘉兴有多少人口"), normalise("嘉兴天气")) < ZH_THRESHOLD
    assert similarity(normalise("jiaxing population"), normalise("嘉兴人口")) == 0  # languages


def test_placeholders_and_punctuation_do_not_tell_questions_apart() -> None:
    a = normalise("my name is <name>, what is the weather like???")
    b = normalise("What is the WEATHER like")
    assert a == b


def test_a_group_says_who_asked_where_how_often_and_when(engine: Engine, path: Path) -> None:
    clock = Clock()
    with QuestionLog.open(path, sample=1.0, clock=clock) as log:
        for hours, interface, language in [
            (0, "telegram-private", "en"),
            (5, "telegram-group", "en"),
            (30, "telegram-private", "zh"),
        ]:
            clock.now = START + timedelta(hours=hours)
            question = "How many pocket parks will be built in 2019?"
            log.record(question, engine.ask(question), interface=interface, language=language)
        clock.now = START + timedelta(hours=40)
        log.record(WEATHER, engine.ask(WEATHER), interface="terminal", language="en")
        groups = group_questions(log.rows())
    parks, weather = groups  # the largest first
    assert parks.count == 3
    assert parks.languages == {"en": 2, "zh": 1}
    assert parks.interfaces == {"telegram-private": 2, "telegram-group": 1}
    assert parks.statuses == {"ambiguous": 3}
    assert parks.candidates[0] == ("city-parks-2019", 3)
    assert len(parks.candidates) == 3
    assert (parks.first, parks.last) == (
        START.replace(minute=0),
        START.replace(minute=0) + timedelta(hours=30),
    )
    assert weather.statuses == {"not_found": 1}
    assert weather.candidates == ()


def test_a_group_shows_at_most_three_examples(engine: Engine, path: Path) -> None:
    wordings = ["jiaxing population", "population of jiaxing", "Jiaxing population?"]
    logged(engine, path, [*POPULATION, *wordings])
    (group,) = groups_of(path)
    assert group.count == 6
    assert len(group.examples) == 3


# ---------------------------------------------------------------------- asking again
def test_retry_says_what_the_engine_answers_now(
    engine: Engine, path: Path, knowledge_copy: Path
) -> None:
    # Before the curator's edit the fact lacked the keyword "high-flyers"; the project's
    # knowledge base (the engine fixture) has it.
    facts = knowledge_copy / "facts" / "tasks-2019-a.yaml"
    facts.write_text(facts.read_text(encoding="utf-8").replace(" high-flyers,", ""), "utf-8")
    before = Engine(load_knowledge(knowledge_copy))
    logged(before, path, ["how many high-flyers", "how many high-flyers", WEATHER])
    groups = groups_of(path)
    assert [g.statuses for g in groups] == [{"ambiguous": 2}, {"not_found": 1}]
    flyers, weather = retry(groups, engine)
    assert [(a.status, a.answer_id) for a in flyers.now] == [
        ("answered", "gazelle-enterprises-2019")
    ]
    assert [(a.status, a.reason) for a in weather.now] == [("not_found", "not_in_report")]
    text = render([flyers, weather])
    assert "now: answered gazelle-enterprises-2019" in text
    assert "now: not_found (not_in_report)" in text


# ---------------------------------------------------------------------- exports
def test_json_export_is_a_list_of_groups(engine: Engine, path: Path) -> None:
    logged(engine, path, [*POPULATION, WEATHER])
    data = json.loads(to_json(groups_of(path)))
    assert [(g["count"], g["topic"]) for g in data] == [(3, "population"), (1, "weather")]
    assert data[0]["statuses"] == {"not_found": 3}
    assert data[0]["first_hour"] == START.strftime("%Y-%m-%dT09:00Z")
    assert set(data[0]["examples"]) == set(POPULATION)


def test_csv_export_has_a_row_per_group(engine: Engine, path: Path) -> None:
    logged(engine, path, [*POPULATION, WEATHER, 'a "quoted", question'])
    rows = list(csv.DictReader(io.StringIO(to_csv(groups_of(path)))))
    assert [row["count"] for row in rows] == ["3", "1", "1"]
    assert rows[0]["statuses"] == "not_found:3"
    assert 'a "quoted", question' in {row["question"] for row in rows}


# ---------------------------------------------------------------------- the command
def review(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["review", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_review_prints_one_block_per_group_and_the_votes(
    engine: Engine, path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    logged(engine, path, [*POPULATION, WEATHER])
    with QuestionLog.open(path) as log:
        log.feedback("gdp-growth-2018", "gdp in 2018", -1, "voter-a")
        log.feedback("gdp-growth-2018", None, 1, "voter-b")
    code, out, _ = review(capsys, "--db", str(path))
    assert code == 0
    assert "4 question(s) logged" in out
    assert " 1. 3 × " in out
    assert " 2. 1 × what is the weather like" in out
    assert "not in the report: population" in out
    assert "gdp-growth-2018  👍   1  👎   1" in out
    assert "👎 after: gdp in 2018" in out


def test_review_filters_by_status_time_and_fact(
    engine: Engine, path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    clock = Clock()
    logged(engine, path, [WEATHER], clock=clock)
    clock.now += timedelta(days=3)
    logged(
        engine,
        path,
        ["care insurance enrolment", "how do I apply for social insurance"],
        clock=clock,
    )
    with QuestionLog.open(path, clock=clock) as log:
        log.feedback("long-term-care-insurance-2018", "care insurance enrolment", -1, "voter-a")
        log.feedback("gdp-growth-2018", None, -1, "voter-a")
    since = (START + timedelta(days=1)).date().isoformat()
    _, out, _ = review(capsys, "--db", str(path), "--status", "service", "--export", "json")
    assert [g["question"] for g in json.loads(out)] == ["how do I apply for social insurance"]
    _, out, _ = review(capsys, "--db", str(path), "--since", since, "--export", "json")
    assert len(json.loads(out)) == 2
    code, out, _ = review(capsys, "--db", str(path), "--fact", "long-term-care-insurance-2018")
    assert code == 0
    assert "1 question(s) logged" in out
    assert "care insurance enrolment" in out
    assert "long-term-care-insurance-2018" in out
    assert "gdp-growth-2018" not in out


def test_review_limits_the_groups_shown(
    engine: Engine, path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    logged(engine, path, [*POPULATION, WEATHER, "Who won the football match last night?"])
    _, out, _ = review(capsys, "--db", str(path), "--limit", "1")
    assert "in 3 group(s); the 1 largest" in out
    assert "(2 smaller group(s) not shown" in out
    _, out, _ = review(capsys, "--db", str(path), "--limit", "1", "--export", "csv")
    assert len(list(csv.DictReader(io.StringIO(out)))) == 1


def test_review_of_a_missing_log_says_nothing_is_logged_yet(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nowhere" / "questions.sqlite3"
    code, out, _ = review(capsys, "--db", str(missing))
    assert (code, out) == (0, f"No questions logged yet at {missing}.\n")
    assert not missing.parent.exists()


def test_review_reads_the_bots_file_by_default(
    engine: Engine,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("QUESTION_LOG", raising=False)
    monkeypatch.chdir(tmp_path)
    logged(engine, Path("data/questions.sqlite3"), [WEATHER])
    code, out, _ = review(capsys, "--export", "json")
    assert (code, len(json.loads(out))) == (0, 1)
    monkeypatch.setenv("QUESTION_LOG", "off")
    code, _, err = review(capsys)
    assert code == 2
    assert "--db" in err


@pytest.mark.parametrize(
    ("option", "value"), [("--since", "last tuesday"), ("--status", "answered,unknown")]
)
def test_review_rejects_a_bad_filter(
    path: Path, capsys: pytest.CaptureFixture[str], option: str, value: str
) -> None:
    code, out, err = review(capsys, "--db", str(path), option, value)
    assert (code, out) == (2, "")
    assert option in err


def test_since_takes_spans_and_dates() -> None:
    now = datetime(2019, 3, 10, 12, tzinfo=UTC)
    assert parse_since("7d", now) == datetime(2019, 3, 3, 12, tzinfo=UTC)
    assert parse_since("24h", now) == datetime(2019, 3, 9, 12, tzinfo=UTC)
    assert parse_since("2w", now) == datetime(2019, 2, 24, 12, tzinfo=UTC)
    assert parse_since("2019-03-01", now) == datetime(2019, 3, 1, tzinfo=UTC)
    assert parse_since("2019-03-01T08:00+08:00", now) == datetime(2019, 3, 1, tzinfo=UTC)


def test_reportbot_review_runs_as_a_command(engine: Engine, path: Path) -> None:
    logged(engine, path, [*POPULATION, WEATHER])
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "QUESTION_"))}
    done = subprocess.run(
        [sys.executable, "-m", "bot", "review", "--db", str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "in 2 group(s)" in done.stdout
    assert " 1. 3 × " in done.stdout
    assert "what is the weather like" in done.stdout


def test_asking_does_not_load_the_review() -> None:
    code = (
        "import sys; from bot.cli import main; main(['ask', '--json', 'jobs']); "
        "print(sorted(m for m in sys.modules if m.startswith('bot.questions')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=True,
    )
    assert done.stdout.splitlines()[-1] == "[]"
