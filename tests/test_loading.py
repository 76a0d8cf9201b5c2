"""The engine cache: used when nothing changed, and never trusted when anything did."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from bot import cache
from bot.engine import Engine
from bot.loading import load_engine

QUESTIONS = (
    "GDP growth 2018",
    "新增城镇就业多少",
    "what about 2019?",
    "is the airport moving",
    "hi",
)


@pytest.fixture
def fresh_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "cache"
    monkeypatch.setenv("REPORTBOT_CACHE_DIR", str(directory))
    return directory


def entry(directory: Path) -> Path:
    (found,) = (p for p in directory.iterdir() if p.name.startswith("engine-"))
    return found


def answers(engine: Engine) -> list[object]:
    return [engine.ask(q).to_json() for q in QUESTIONS]


def test_a_cached_engine_answers_exactly_as_a_built_one(fresh_cache: Path, engine: Engine) -> None:
    built = load_engine()  # builds and stores
    assert entry(fresh_cache).stat().st_size > 0
    cached = load_engine()  # reads it back
    assert cached is not built
    assert answers(cached) == answers(built) == answers(engine)


def test_the_secret_is_private_to_its_owner(fresh_cache: Path) -> None:
    load_engine()
    mode = stat.S_IMODE((fresh_cache / "secret").stat().st_mode)
    assert mode == 0o600


@pytest.mark.parametrize("damage", ["truncated", "one byte changed", "empty"])
def test_a_damaged_entry_is_ignored_and_rebuilt(
    fresh_cache: Path, damage: str, caplog: pytest.LogCaptureFixture
) -> None:
    load_engine()
    path = entry(fresh_cache)
    data = bytearray(path.read_bytes())
    if damage == "truncated":
        data = data[: len(data) // 2]
    elif damage == "one byte changed":
        data[-100] ^= 0x01
    else:
        data = bytearray()
    path.write_bytes(bytes(data))
    engine = load_engine()
    assert engine.ask("GDP growth 2018").status == "answered"
    assert entry(fresh_cache).read_bytes() != bytes(data)  # written again, whole


def test_an_entry_signed_elsewhere_is_never_unpickled(fresh_cache: Path) -> None:
    """A cache file copied in from another machine (or forged) does not verify: rebuilt."""
    load_engine()
    path = entry(fresh_cache)
    foreign = path.read_bytes()
    (fresh_cache / "secret").unlink()
    cache.write_signed(path.name, "unused", b"")  # makes a new secret here
    path.write_bytes(foreign)
    assert cache.read_signed(path.name, foreign.split(b"\n", 1)[0].decode()) is None
    assert load_engine().ask("GDP growth 2018").status == "answered"


def test_an_edit_to_the_knowledge_base_rebuilds(fresh_cache: Path, knowledge_copy: Path) -> None:
    before = load_engine(knowledge_copy)
    assert before.ask("xylophone orchestra").status == "not_found"
    gaps = knowledge_copy / "gaps.yaml"
    gaps.write_text(gaps.read_text(encoding="utf-8"), encoding="utf-8")  # same bytes: cached
    assert len(list(fresh_cache.glob("engine-*"))) == 1
    statements = knowledge_copy / "statements" / "review-2018.yaml"
    text = statements.read_text(encoding="utf-8")
    marker = 'keywords: ["what is this report",'
    assert marker in text
    statements.write_text(
        text.replace(marker, 'keywords: ["xylophone orchestra", "what is this report",'), "utf-8"
    )
    after = load_engine(knowledge_copy)
    assert after.ask("xylophone orchestra").status == "answered"
    assert len(list(fresh_cache.glob("engine-*"))) == 1  # the entry replaced, not added to


def test_a_cache_that_cannot_be_written_is_not_needed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a directory")
    monkeypatch.setenv("REPORTBOT_CACHE_DIR", str(blocked / "cache"))
    assert load_engine().ask("GDP growth 2018").status == "answered"


def test_building_pauses_the_collector_and_leaves_it_as_it_was() -> None:
    """Loading pauses the cyclic collector while it builds (a speed matter) and gives it back
    as it found it, enabled or not, even when loading fails."""
    import gc

    from bot.collector import collector_paused

    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
    try:
        with collector_paused():
            raise KeyError("a broken knowledge base")
    except KeyError:
        pass
    assert gc.isenabled()
