"""Answer quality on the development question sets: the standard the bot must never fall below.

The sets were written from the report by helpers who never saw the engine (tests/questions*.yaml
first, then tests/dev/); the engine is tuned on them (python -m benchmarks.calibrate). These
floors are the minimum a citizen should get, not the level reached: the product goals (95%
right, at most 2% confident wrong) are measured on the held-out sets and reported in the
README. A confident wrong answer counts separately: it is worse than "I don't know".
"""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.scoring import Tally, run
from benchmarks.sets import DEV_DIR, FIRST_DEV_SETS, load
from bot.engine import Engine

# (set, minimum right, maximum confident wrong), as shares of the questions.
FLOORS = [
    *((path, 0.88, 0.02) for path in FIRST_DEV_SETS),  # figures: the core of the bot
    (DEV_DIR / "general_d1.yaml", 0.85, 0.02),  # typos, text-speak, rambling
    (DEV_DIR / "chinese_d1.yaml", 0.78, 0.05),
    (DEV_DIR / "statements_d1.yaml", 0.72, 0.10),
    (DEV_DIR / "dialogues_d1.yaml", 0.78, 0.10),
]


@pytest.fixture(scope="module")
def tallies(engine: Engine) -> dict[Path, Tally]:
    return {path: run(engine, load(path)) for path, _, _ in FLOORS}


@pytest.mark.parametrize(("path", "right", "wrong"), FLOORS, ids=lambda v: getattr(v, "name", v))
def test_development_sets_stay_above_their_floor(
    tallies: dict[Path, Tally], path: Path, right: float, wrong: float
) -> None:
    tally = tallies[path]
    assert tally.share("right") >= right, "\n".join(tally.misses)
    assert tally.share("confident_wrong") <= wrong, "\n".join(
        m for m in tally.misses if m.startswith("confident_wrong")
    )


def test_small_talk_and_services_never_show_a_figure(engine: Engine) -> None:
    tally = run(engine, load(DEV_DIR / "smalltalk_d1.yaml"))
    assert tally.total()["confident_wrong"] == 0, "\n".join(tally.misses)


def test_every_development_set_is_large_and_covers_its_forms() -> None:
    forms: dict[str, int] = {}
    for path, _, _ in FLOORS:
        for dialogue in load(path):
            for turn in dialogue.turns:
                forms[turn.form] = forms.get(turn.form, 0) + 1
    for form in ("statement", "problem", "meta", "overview", "typo", "textspeak", "rambling"):
        assert forms.get(form, 0) >= 10, form
    for form in ("chinese-plain", "chinese-leadin", "chinese-traditional", "chinese-mixed"):
        assert forms.get(form, 0) >= 10, form
    assert forms.get("follow-up", 0) >= 90
