"""Calibrating the engine's numbers (`bot.engine.tuning.Tuning`) on the development sets.

Usage: python -m benchmarks.calibrate [--rounds N] [--only name,name]

A coordinate search: each number in turn is tried at a few values around its current one,
and kept where the objective is best. The objective favours right answers and counts every
confident wrong answer three times against them (a wrong figure shown with confidence is
worse than "I don't know"); each development set weighs the same. Held-out sets are never
read here. It prints the best tuning found; copy it into bot/engine/tuning.py.
"""

from __future__ import annotations

import argparse
import dataclasses
from collections.abc import Iterable

from benchmarks.scoring import run
from benchmarks.sets import Dialogue, dev_sets, load
from bot.engine import Engine
from bot.engine.index import IndexBuilder
from bot.engine.tuning import DEFAULT, Tuning
from bot.knowledge import KnowledgeBase
from bot.knowledge.load import load_knowledge

WRONG_COST = 3.0
# Numbers worth searching, and the factors tried around the current value.
SEARCHED = (
    "min_strong", "min_coverage", "min_suggest", "unknown_idf", "ambiguous_ratio",
    "ambiguous_below", "figure_asked", "statement_asked", "wrong_year", "section_margin",
    "section_cue_margin", "clause", "sentence", "quote", "context", "light_weight",
    "context_weight", "gap_bonus", "phrase_part", "keyword_repeat_bonus", "other_year_min_coverage",
)  # fmt: skip
FACTORS = (0.7, 0.85, 1.0, 1.15, 1.3)
# Where a number stops meaning what it says: "did you mean" only for near-ties, and never for
# a question the first candidate answers whole.
BOUNDS = {
    "ambiguous_ratio": (0.85, 0.99),
    "ambiguous_below": (0.5, 1.0),
    "min_coverage": (0.3, 0.8),
}
INDEX_FIELDS = frozenset(
    {"keyword", "topic", "label", "quote", "context", "clause", "sentence", "heading", "summary"}
)


def objective(engine: Engine, sets: list[list[Dialogue]]) -> float:
    """Mean over the sets of (right − 3 × confident wrong) / questions."""
    total = 0.0
    for dialogues in sets:
        counts = run(engine, dialogues).total()
        asked = max(1, sum(counts.values()))
        total += (counts["right"] - WRONG_COST * counts["confident_wrong"]) / asked
    return total / len(sets)


def _engine(kb: KnowledgeBase, tuning: Tuning, base: Engine | None) -> Engine:
    if base is not None and all(
        getattr(tuning, f) == getattr(base.tuning, f) for f in INDEX_FIELDS
    ):
        return Engine(kb, tuning, base.index)
    return Engine(kb, tuning, IndexBuilder(kb, tuning).build())


def search(
    kb: KnowledgeBase, sets: list[list[Dialogue]], names: Iterable[str], rounds: int
) -> tuple[Tuning, float]:
    tuning = DEFAULT
    engine = _engine(kb, tuning, None)
    best = objective(engine, sets)
    print(f"start: {best:.4f}")
    for number in range(rounds):
        improved = False
        for name in names:
            current = getattr(tuning, name)
            for factor in FACTORS:
                if factor == 1.0:
                    continue
                value: float | int = current * factor
                if isinstance(current, int):
                    value = max(1, round(value))
                low, high = BOUNDS.get(name, (float("-inf"), float("inf")))
                if not low <= value <= high:
                    continue
                candidate = dataclasses.replace(tuning, **{name: value})  # type: ignore[arg-type]
                score = objective(_engine(kb, candidate, engine), sets)
                if score > best + 1e-9:
                    best, tuning, improved = score, candidate, True
                    engine = _engine(kb, tuning, engine)
                    print(f"  round {number + 1}: {name} = {value:.4g} -> {best:.4f}")
        if not improved:
            break
    return tuning, best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--only", help="comma-separated names of the numbers to search")
    args = parser.parse_args(argv)
    kb = load_knowledge()
    sets = [load(path) for path in dev_sets()]
    names = args.only.split(",") if args.only else SEARCHED
    tuning, score = search(kb, sets, names, args.rounds)
    print(f"\nbest objective {score:.4f}; changed numbers:")
    for field in dataclasses.fields(Tuning):
        before, after = getattr(DEFAULT, field.name), getattr(tuning, field.name)
        if before != after:
            print(f"    {field.name}: {type(before).__name__} = {after:.4g}  # was {before}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
