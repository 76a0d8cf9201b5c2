"""The question log: what it keeps, that nothing in it identifies anyone, retention, sampling,
votes, and that a log which cannot write never stops the bot from answering."""

from __future__ import annotations

import inspect
import json
import logging
import random
import sqlite3
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.chat import ChatState, Conversation
from bot.engine import Engine
from bot.questions.config import DEFAULT_PATH, LogConfig, default_path, load_config
from bot.questions.log import MAX_QUESTION_CHARS, SCHEMA_VERSION, QuestionLog
from bot.questions.review import vote_counts

START = datetime(2019, 3, 1, 14, 37, 12, 500, tzinfo=UTC)
UNANSWERED = "what is the weather in Jiaxing"
CONFIDENT = "GDP growth in 2018"
UNSURE = "defence civilian projects"  # answered, but its best passage covers the question thinly
SERVICE = "how do I apply for social insurance"
AMBIGUOUS = "care insurance enrolment"  # "did you mean" one of three passages


class Clock:
    """A clock a test moves by hand."""

    def __init__(self, now: datetime = START) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "questions.sqlite3"


def stored(path: Path, query: str) -> list[tuple[object, ...]]:
    con = sqlite3.connect(path)
    try:
        return con.execute(query).fetchall()
    finally:
        con.close()


def file_bytes(folder: Path) -> bytes:
    """Every byte SQLite wrote in the folder: the database, its journal and shared memory."""
    return b"".join(p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file())


# ---------------------------------------------------------------------- no personal data
SECRETS = {
    "phone": "13912345678",
    "email": "wang.fang@example.com",
    "id": "33040219900101123X",
    "name": "Wang Fang",
}
PERSONAL = (
    f"My name is {SECRETS['name']}, phone {SECRETS['phone']}, mail {SECRETS['email']}, "
    f"ID {SECRETS['id']}: what is the weather in Jiaxing?"
)


def test_personal_data_never_reaches_the_database_file(engine: Engine, path: Path) -> None:
    with QuestionLog.open(path, clock=Clock()) as log:
        log.record(PERSONAL, engine.ask(PERSONAL), interface="telegram-private", language="en")
        log.feedback("gdp-growth-2018", PERSONAL, -1, "5e1f0c", source="button")
        (question,) = stored(path, "SELECT question FROM questions")[0]
    assert question == (
        "My name is <name>, phone <phone>, mail <email>, ID <id>: what is the weather in Jiaxing?"
    )
    assert stored(path, "SELECT question FROM votes") == [(question,)]
    data = file_bytes(path.parent)
    assert b"weather in Jiaxing" in data  # the question itself is there
    for secret in [*SECRETS.values(), "Fang", "1234567"]:
        assert secret.encode() not in data, secret


def test_nothing_in_the_schema_can_name_a_person(engine: Engine, path: Path) -> None:
    with QuestionLog.open(path) as log:
        log.record(UNANSWERED, engine.ask(UNANSWERED), interface="terminal", language="en")
        log.feedback("gdp-growth-2018", None, 1, "5e1f0c")
    tables = {
        str(row[0]) for row in stored(path, "SELECT name FROM sqlite_master WHERE type='table'")
    }
    assert tables == {"questions", "votes"}
    columns = {
        table: {str(row[1]) for row in stored(path, f"PRAGMA table_info({table})")}
        for table in sorted(tables)
    }
    assert columns == {
        "questions": {
            "hour",
            "interface",
            "language",
            "status",
            "reason",
            "kept",
            "topic",
            "candidates",
            "question",
        },
        # `voter` is the caller's salted hash, only there to count one vote per person
        "votes": {"answer_id", "voter", "vote", "source", "question", "hour"},
    }
    assert list(inspect.signature(QuestionLog.record).parameters) == [
        "self",
        "question",
        "result",
        "interface",
        "language",
    ]


def test_rows_carry_the_hour_not_the_moment(engine: Engine, path: Path) -> None:
    with QuestionLog.open(path, clock=Clock()) as log:
        log.record(UNANSWERED, engine.ask(UNANSWERED), interface="terminal", language="en")
        log.feedback("gdp-growth-2018", None, 1, "5e1f0c")
        assert log.rows()[0].hour == datetime(2019, 3, 1, 14, tzinfo=UTC)
    assert stored(path, "SELECT hour FROM questions") == [("2019-03-01T14:00Z",)]
    assert stored(path, "SELECT hour FROM votes") == [("2019-03-01T14:00Z",)]


# ---------------------------------------------------------------------- what is kept
def test_what_is_kept_and_why(engine: Engine, path: Path) -> None:
    never = lambda: 0.99  # noqa: E731 - no answer the engine is sure of is drawn for the sample
    with QuestionLog.open(path, sample=0.0, rng=never) as log:
        for question in [UNANSWERED, AMBIGUOUS, SERVICE, UNSURE, CONFIDENT, "thanks!", "   "]:
            log.record(question, engine.ask(question), interface="terminal", language="en")
        rows = {r.question: r for r in log.rows()}
    assert set(rows) == {UNANSWERED, AMBIGUOUS, SERVICE, UNSURE}
    assert (rows[UNANSWERED].status, rows[UNANSWERED].kept) == ("not_found", "unanswered")
    assert rows[UNANSWERED].topic == "weather"  # the gap of the report the engine named
    assert (rows[AMBIGUOUS].status, rows[AMBIGUOUS].kept) == ("ambiguous", "unanswered")
    assert len(rows[AMBIGUOUS].candidates) == 3
    assert (rows[SERVICE].status, rows[SERVICE].kept) == ("service", "service")
    assert (rows[UNSURE].status, rows[UNSURE].kept) == ("answered", "unsure")
    assert rows[UNSURE].candidates[0][0] == "military-civil-projects-2019"


def test_a_row_holds_the_engines_best_candidates_with_their_scores(
    engine: Engine, path: Path
) -> None:
    with QuestionLog.open(path, sample=1.0) as log:
        log.record(CONFIDENT, engine.ask(CONFIDENT), interface="telegram-group", language="en")
        (row,) = log.rows()
    assert (row.status, row.reason, row.kept) == ("answered", "fact", "sample")
    assert row.candidates == (("gdp-growth-2018", 1.0), ("gdp-growth-2019", None))
    assert (row.interface, row.language) == ("telegram-group", "en")
    ((raw,),) = stored(path, "SELECT candidates FROM questions")
    assert json.loads(str(raw)) == [["gdp-growth-2018", 1.0], ["gdp-growth-2019", None]]


def test_sampling_keeps_the_share_asked_for_of_good_answers(engine: Engine, path: Path) -> None:
    confident, unanswered = engine.ask(CONFIDENT), engine.ask(UNANSWERED)
    draws = iter([0.05, 0.5, 0.099, 0.1, 0.7])
    drawn: list[float] = []

    def rng() -> float:
        drawn.append(next(draws))
        return drawn[-1]

    with QuestionLog.open(path, sample=0.1, rng=rng) as log:
        for _ in range(5):
            log.record(CONFIDENT, confident, interface="terminal", language="en")
            log.record(UNANSWERED, unanswered, interface="terminal", language="en")
        kept = [r.kept for r in log.rows(statuses={"answered"})]
        assert kept == ["sample", "sample"]  # the draws under 0.1
        assert len(log.rows(statuses={"not_found"})) == 5  # never drawn for
    assert len(drawn) == 5


@pytest.mark.parametrize("share", [0.0, 0.25, 1.0])
def test_over_many_questions_the_sample_is_near_its_rate(
    engine: Engine, tmp_path: Path, share: float
) -> None:
    confident = engine.ask(CONFIDENT)
    with QuestionLog.open(
        tmp_path / "q.sqlite3",
        sample=share,
        rng=random.Random(2019).random,  # noqa: S311 - a sample, no secret
    ) as log:
        for _ in range(1000):
            log.record(CONFIDENT, confident, interface="terminal", language="en")
        assert abs(len(log.rows()) - 1000 * share) <= 40


def test_long_questions_are_cut(engine: Engine, path: Path) -> None:
    question = "weather " * 200
    with QuestionLog.open(path) as log:
        log.record(question, engine.ask(question), interface="terminal", language="en")
        (row,) = log.rows()
    assert len(row.question) <= MAX_QUESTION_CHARS
    assert row.question.startswith("weather weather")


def test_rows_are_read_by_time_and_status(engine: Engine, path: Path) -> None:
    clock = Clock()
    with QuestionLog.open(path, clock=clock) as log:
        log.record(UNANSWERED, engine.ask(UNANSWERED), interface="terminal", language="en")
        clock.now += timedelta(days=2)
        log.record(SERVICE, engine.ask(SERVICE), interface="terminal", language="en")
        assert [r.question for r in log.rows()] == [UNANSWERED, SERVICE]
        assert [r.question for r in log.rows(since=START + timedelta(days=1))] == [SERVICE]
        assert [r.question for r in log.rows(statuses={"not_found"})] == [UNANSWERED]
        assert log.rows(statuses=set()) == []


# ---------------------------------------------------------------------- retention
def test_rows_older_than_the_retention_period_are_deleted(engine: Engine, path: Path) -> None:
    clock = Clock()
    weather = engine.ask(UNANSWERED)
    with QuestionLog.open(path, retention_days=90, clock=clock) as log:
        log.record("first", weather, interface="terminal", language="en")
        log.feedback("gdp-growth-2018", None, 1, "a")
        clock.now += timedelta(days=60)
        log.record("second", weather, interface="terminal", language="en")
        clock.now += timedelta(days=31)  # "first" and the vote are 91 days old now
        log.record("third", weather, interface="terminal", language="en")
        assert [r.question for r in log.rows()] == ["second", "third"]
        assert log.votes() == []
    clock.now += timedelta(days=200)
    with QuestionLog.open(path, retention_days=90, clock=clock) as log:  # pruned on opening
        assert log.rows() == []


def test_pruning_runs_at_most_once_a_day(engine: Engine, path: Path) -> None:
    weather = engine.ask(UNANSWERED)
    with QuestionLog.open(path, clock=Clock()) as log:
        log.record("old", weather, interface="terminal", language="en")
    clock = Clock(START + timedelta(days=90, hours=-1))
    with QuestionLog.open(path, retention_days=90, clock=clock) as log:
        assert [r.question for r in log.rows()] == ["old"]  # 89 days and 23 hours old
        clock.now += timedelta(hours=3)  # 90 days and 2 hours old, but pruned 3 hours ago
        log.record("new", weather, interface="terminal", language="en")
        assert [r.question for r in log.rows()] == ["old", "new"]
        clock.now += timedelta(hours=21)  # a day since the last pruning
        log.record("newer", weather, interface="terminal", language="en")
        assert [r.question for r in log.rows()] == ["new", "newer"]
        assert log.prune() == 0


def test_prune_says_how_many_rows_went(engine: Engine, path: Path) -> None:
    clock = Clock()
    with QuestionLog.open(path, retention_days=1, clock=clock) as log:
        for question in ("a", "b"):
            log.record(question, engine.ask(UNANSWERED), interface="terminal", language="en")
        log.feedback("gdp-growth-2018", None, -1, "a")
        clock.now += timedelta(hours=12)
        assert log.prune() == 0
        clock.now += timedelta(days=2)
        assert log.prune() == 3


# ---------------------------------------------------------------------- votes
def test_one_vote_per_person_and_answer(path: Path) -> None:
    with QuestionLog.open(path) as log:
        assert log.feedback("gdp-growth-2018", "GDP growth in 2018", -1, "voter-a") == "counted"
        assert log.feedback("gdp-growth-2018", "GDP growth in 2018", -1, "voter-a") == "same"
        assert [v.vote for v in log.votes("gdp-growth-2018")] == [-1]  # counted once
        assert log.feedback("gdp-growth-2018", None, 1, "voter-a", "reaction") == "changed"
        (vote,) = log.votes("gdp-growth-2018")
        assert (vote.vote, vote.source, vote.question) == (1, "reaction", "GDP growth in 2018")
        assert log.feedback("gdp-growth-2018", None, 1, "voter-a") == "same"
        assert log.feedback("gdp-growth-2018", "gdp 2018?", -1, "voter-b") == "counted"
        assert log.feedback("gdp-growth-2018", "GDP?", -1, "voter-c") == "counted"
        assert log.feedback("new-jobs-2018", None, 1, "voter-b") == "counted"
        counts = {c.answer_id: c for c in vote_counts(log.votes())}
        assert len(log.votes("new-jobs-2018")) == 1
    assert (counts["gdp-growth-2018"].up, counts["gdp-growth-2018"].down) == (1, 2)
    assert set(counts["gdp-growth-2018"].down_examples) == {"gdp 2018?", "GDP?"}
    assert (counts["new-jobs-2018"].up, counts["new-jobs-2018"].down) == (1, 0)


def test_a_vote_is_up_or_down(path: Path) -> None:
    with QuestionLog.open(path) as log, pytest.raises(ValueError, match="vote"):
        log.feedback("gdp-growth-2018", None, 0, "voter-a")


# ---------------------------------------------------------------------- the file
def test_the_file_and_its_folder_are_made_on_first_use(engine: Engine, path: Path) -> None:
    log = QuestionLog.open(path)
    assert not path.parent.exists()
    log.record(UNANSWERED, engine.ask(UNANSWERED), interface="terminal", language="en")
    assert path.is_file()
    assert stored(path, "PRAGMA user_version") == [(SCHEMA_VERSION,)]
    assert stored(path, "PRAGMA journal_mode") == [("wal",)]
    log.close()


def test_an_empty_database_is_brought_to_the_schema(engine: Engine, path: Path) -> None:
    path.parent.mkdir()
    sqlite3.connect(path).close()  # an empty file, schema version 0
    with QuestionLog.open(path) as log:
        log.record(UNANSWERED, engine.ask(UNANSWERED), interface="terminal", language="en")
        assert len(log.rows()) == 1
    assert stored(path, "PRAGMA user_version") == [(SCHEMA_VERSION,)]


def test_the_bot_and_the_review_share_the_file(engine: Engine, path: Path) -> None:
    with QuestionLog.open(path) as bot, QuestionLog.open(path) as review:
        bot.record(UNANSWERED, engine.ask(UNANSWERED), interface="terminal", language="en")
        assert [r.question for r in review.rows()] == [UNANSWERED]
        bot.record(SERVICE, engine.ask(SERVICE), interface="terminal", language="en")
        assert len(review.rows()) == 2


def test_a_log_that_is_off_keeps_nothing(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    log = QuestionLog.open(None)
    log.record(UNANSWERED, engine.ask(UNANSWERED), interface="terminal", language="en")
    assert log.feedback("gdp-growth-2018", None, 1, "voter-a") == "off"
    assert (log.enabled, log.rows(), log.votes(), log.prune()) == (False, [], [], 0)
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------------- failing safely
def _unwritable(tmp_path: Path) -> Path:
    """A path no one can make, root included: its folder would have to be a regular file."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file\n")
    return blocker / "questions.sqlite3"


def _not_a_database(tmp_path: Path) -> Path:
    path = tmp_path / "questions.sqlite3"
    path.write_bytes(b"this is no database " * 100)
    return path


def _newer_schema(tmp_path: Path) -> Path:
    path = tmp_path / "questions.sqlite3"
    con = sqlite3.connect(path)
    con.execute("PRAGMA user_version = 99")
    con.close()
    return path


@pytest.mark.parametrize("make", [_unwritable, _not_a_database, _newer_schema])
def test_a_log_that_cannot_write_says_so_once_and_answering_goes_on(
    engine: Engine,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    make: Callable[[Path], Path],
) -> None:
    path = make(tmp_path)
    before = path.read_bytes() if path.is_file() else None
    conversation, state = Conversation(engine), ChatState()
    caplog.set_level(logging.DEBUG, logger="bot.questions")
    log = QuestionLog.open(path, sample=1.0)
    for question in [PERSONAL, CONFIDENT, "How many new jobs were created in 2018?"]:
        reply = conversation.message(question, state)
        assert reply.messages
        assert reply.result is not None
        log.record(question, reply.result, interface="terminal", language="en")
        state = reply.state
    assert log.feedback("gdp-growth-2018", PERSONAL, 1, "voter-a") == "off"
    assert not log.enabled
    warnings = [r for r in caplog.records if r.name.startswith("bot.questions")]
    assert [r.levelno for r in warnings] == [logging.WARNING]
    message = warnings[0].getMessage()
    assert "questions.sqlite3" in message
    assert str(tmp_path) not in message
    assert "weather" not in message
    assert "Wang" not in message
    if before is not None:
        assert path.read_bytes() == before  # left as it was


def test_a_locked_database_does_not_hold_up_the_answer(
    engine: Engine, path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    weather = engine.ask(UNANSWERED)
    with QuestionLog.open(path) as log:
        log.record("before", weather, interface="terminal", language="en")
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # another process writing, and not letting go
    try:
        start = time.perf_counter()
        log = QuestionLog.open(path)  # its pruning waits for the lock, briefly
        log.record("during", weather, interface="terminal", language="en")
        log.record("during, again", weather, interface="terminal", language="en")
        assert time.perf_counter() - start < 1.5
    finally:
        other.execute("ROLLBACK")
        other.close()
    log.record("after", weather, interface="terminal", language="en")  # off for the process
    log.close()
    assert stored(path, "SELECT question FROM questions") == [("before",)]
    assert [r.levelname for r in caplog.records if r.name.startswith("bot.questions")] == [
        "WARNING"
    ]
    assert "OperationalError" in caplog.records[-1].getMessage()


# ---------------------------------------------------------------------- configuration
def test_the_default_file_is_the_bots_unless_the_environment_says() -> None:
    assert default_path({}) == DEFAULT_PATH == Path("data/questions.sqlite3")
    assert default_path({"QUESTION_LOG": "/srv/bot/q.sqlite3"}) == Path("/srv/bot/q.sqlite3")
    # The bot's data folder, as for the Telegram bot's own log.
    assert default_path({"REPORTBOT_DATA_DIR": "/srv/bot"}) == Path("/srv/bot/questions.sqlite3")
    for off in ("off", "OFF", "0", "false", "", "  "):
        assert default_path({"QUESTION_LOG": off}) is None, off


def test_settings_are_read_from_the_environment() -> None:
    assert load_config({}) == LogConfig(DEFAULT_PATH, 0.1, 90)
    config = load_config(
        {"QUESTION_LOG": "q.db", "QUESTION_LOG_SAMPLE": "0.5", "QUESTION_LOG_DAYS": "30"}
    )
    assert config == LogConfig(Path("q.db"), 0.5, 30)
    assert load_config({"QUESTION_LOG": "off"}).open().enabled is False


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("QUESTION_LOG_SAMPLE", "lots"),
        ("QUESTION_LOG_SAMPLE", "1.5"),
        ("QUESTION_LOG_SAMPLE", "-0.1"),
        ("QUESTION_LOG_SAMPLE", "nan"),
        ("QUESTION_LOG_DAYS", "0"),
        ("QUESTION_LOG_DAYS", "ninety"),
        ("QUESTION_LOG_DAYS", "7.5"),
    ],
)
def test_a_bad_setting_is_named_in_a_one_line_error(name: str, value: str) -> None:
    with pytest.raises(ValueError, match=name) as error:
        load_config({name: value})
    assert "\n" not in str(error.value)
