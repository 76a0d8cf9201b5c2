"""Answer quality on question sets: right first passage, confident wrong answers, per form.

Usage: python -m benchmarks.quality [SET.yaml ...] [--failures] [--no-bm25]
With no file: every development set (tests/questions*.yaml, tests/dev/), then every held-out
set (benchmarks/heldout*). Held-out sets are scored as they are: never tune on their misses.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from benchmarks.bm25 import Baseline
from benchmarks.scoring import Tally, run
from benchmarks.sets import ROOT, dev_sets, heldout_sets, load
from bot.engine import Engine
from bot.knowledge.load import load_knowledge


def summary(tally: Tally) -> str:
    counts = tally.total()
    total = sum(counts.values())
    return (
        f"{counts['right'] / max(1, total):6.1%} right ({counts['right']}/{total}), "
        f"{counts['confident_wrong'] / max(1, total):5.1%} confident wrong, "
        f"{counts['declined']} declined, {counts['unsure']} unsure"
    )


def report(name: str, tally: Tally, baseline: Tally | None, follow: Tally | None) -> None:
    print(f"\n{name}")
    print(f"  engine: {summary(tally)}")
    if follow is not None:
        print(f"  follow-up turns only: {summary(follow)}")
    if baseline is not None:
        print(f"  BM25:   {summary(baseline)}")
    for form in sorted(tally.outcomes):
        counts = tally.outcomes[form]
        total = sum(counts.values())
        print(
            f"    {form:22} {counts['right']:4}/{total:<4} {counts['right'] / total:6.1%}"
            f"   wrong {counts['confident_wrong']:3}  declined {counts['declined']:3}"
            f"  unsure {counts['unsure']:3}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--failures", action="store_true", help="list every miss")
    parser.add_argument("--no-bm25", action="store_true", help="skip the BM25 baseline")
    parser.add_argument("--dev", action="store_true", help="development sets only")
    args = parser.parse_args(argv)
    kb = load_knowledge()
    engine = Engine(kb)
    baseline = None if args.no_bm25 else Baseline(kb)
    files = args.files or (dev_sets() if args.dev else [*dev_sets(), *heldout_sets()])
    for path in files:
        dialogues = load(path)
        tally = run(engine, dialogues)
        multi = any(len(d.turns) > 1 for d in dialogues)
        follow = run(engine, dialogues, follow_ups_only=True) if multi else None
        base = baseline.run(dialogues) if baseline is not None and not multi else None
        report(path.resolve().relative_to(ROOT).as_posix(), tally, base, follow)
        if args.failures:
            for line in tally.misses:
                print("   MISS", line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
