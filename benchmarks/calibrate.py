"""Choose the engine's confidence thresholds from data: a grid search on the development sets.

Usage: python -m benchmarks.calibrate
Scores each setting on the development sets (tests/questions*.yaml) against the product's
goals (hit@1 >= 95% in scope, >= 90% of out-of-scope questions refused): the score is the
harmonic mean of the two ratios to their goal, so neither is bought cheaply with the other.
Prints the best settings. The held-out set is only reported for the winner, never used to
choose it. Copy the winner into bot/engine/engine.py.
"""

from __future__ import annotations

import itertools
from dataclasses import replace

from benchmarks.quality import DEV_SETS, HELDOUT_SETS, evaluate, load_questions
from bot.engine import Engine, Thresholds
from bot.knowledge import load_knowledge

GOAL_HIT, GOAL_REFUSED = 0.95, 0.90
GRID = {
    "min_strong": (1.0, 1.6, 2.4),
    "min_coverage": (0.3, 0.35, 0.38, 0.4, 0.42, 0.44, 0.45, 0.47, 0.5, 0.55),
    "unknown_idf": (1.6, 2.2, 2.8, 3.4),
}


def main() -> int:
    engine = Engine(load_knowledge())
    dev = [q for path in DEV_SETS for q in load_questions(path)]
    current = engine.thresholds
    rows = []
    for values in itertools.product(*GRID.values()):
        engine.thresholds = replace(current, **dict(zip(GRID, values, strict=True)))
        scores = evaluate(engine, dev)
        rows.append(
            (
                _score(scores.in_scope, scores.refused),
                scores.in_scope,
                scores.refused,
                engine.thresholds,
            )
        )
    rows.sort(key=lambda row: (-row[0], -row[1]))
    print(f"{'score':>7} {'hit@1':>7} {'refused':>8}  thresholds (development set)")
    for score, hit, refused, thresholds in rows[:10]:
        print(f"{score:7.3f} {hit:7.1%} {refused:8.1%}  {_describe(thresholds)}")
    engine.thresholds = current
    scores = evaluate(engine, dev)
    print(
        f"\ncurrent: {_score(scores.in_scope, scores.refused):.3f}, "
        f"{scores.in_scope:.1%} hit@1, {scores.refused:.1%} refused  {_describe(current)}"
    )
    engine.thresholds = rows[0][3]
    held = evaluate(engine, [q for path in HELDOUT_SETS for q in load_questions(path)])
    print(f"best on the held-out set: {held.in_scope:.1%} hit@1, {held.refused:.1%} refused")
    return 0


def _score(hit: float, refused: float) -> float:
    ratios = (hit / GOAL_HIT, refused / GOAL_REFUSED)
    return 0.0 if min(ratios) == 0 else 2 / sum(1 / r for r in ratios)


def _describe(thresholds: Thresholds) -> str:
    return ", ".join(f"{name}={getattr(thresholds, name)}" for name in GRID)


if __name__ == "__main__":
    raise SystemExit(main())
