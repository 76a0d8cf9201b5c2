"""Behavioural invariance (in the manner of CheckList): variants of a question that a citizen
would consider the same question must get the same answer.

Usage: python -m benchmarks.invariance [--failures]

For every in-scope single-turn development question: one and two typing slips in its longer
words, lower case, no punctuation, a lead-in ("quick question:"), an @mention, a greeting,
and Traditional characters for Chinese. The same answer is the same status with the same first
passage (or section). Prints the share kept per kind of variant.
"""

from __future__ import annotations

import argparse
import random
import re
from collections import Counter
from collections.abc import Callable, Iterator

from benchmarks.sets import dev_sets, load
from bot.engine import Engine, Result
from bot.engine.chinese import CJK

Variant = Callable[[str, random.Random], str | None]
_WORD = re.compile(r"[A-Za-z]{6,}")


def _slip(word: str, rng: random.Random) -> str:
    """One typing slip: two letters swapped, one dropped or one doubled (never the first)."""
    at = rng.randrange(1, len(word) - 1)
    kind = rng.choice(("swap", "drop", "double"))
    if kind == "swap":
        return word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    if kind == "drop":
        return word[:at] + word[at + 1 :]
    return word[:at] + word[at] + word[at:]


def _typos(count: int) -> Variant:
    def make(question: str, rng: random.Random) -> str | None:
        words = [m for m in _WORD.finditer(question) if not m.group()[0].isupper()]
        if len(words) < count:
            return None
        chosen = sorted(rng.sample(words, count), key=lambda m: m.start(), reverse=True)
        for match in chosen:
            question = (
                question[: match.start()] + _slip(match.group(), rng) + question[match.end() :]
            )
        return question

    return make


def _traditional(question: str, rng: random.Random) -> str | None:
    if not CJK.search(question):
        return None
    import opencc

    converted: str = opencc.OpenCC("s2t.json").convert(question)
    return converted if converted != question else None


VARIANTS: dict[str, Variant] = {
    "one typo": _typos(1),
    "two typos": _typos(2),
    "lower case": lambda q, _: q.lower() if q.lower() != q else None,
    "no punctuation": lambda q, _: (
        s if (s := re.sub(r"[?？!！.,，。:：;；]", "", q)) != q else None
    ),
    "lead-in": lambda q, _: ("快问一下：" if CJK.search(q) else "quick question: ") + q,
    "@mention": lambda q, _: "@JiaxingReportBot " + q,
    "greeting": lambda q, _: ("你好，" if CJK.search(q) else "hi, ") + q,
    "traditional": _traditional,
}


def answer_of(result: Result) -> str:
    if result.section is not None:
        return f"{result.status}:section:{result.section.id}"
    if result.best is not None:
        return f"{result.status}:{result.best.id}"
    return f"{result.status}:{result.reason}"


def questions() -> Iterator[str]:
    for path in dev_sets():
        for dialogue in load(path):
            if len(dialogue.turns) == 1 and not dialogue.context_fact:
                turn = dialogue.turns[0]
                if turn.in_scope:
                    yield turn.q


def measure(engine: Engine, seed: int = 2019) -> tuple[Counter[str], Counter[str], list[str]]:
    rng = random.Random(seed)
    kept: Counter[str] = Counter()
    tried: Counter[str] = Counter()
    failures: list[str] = []
    for question in questions():
        original = answer_of(engine.ask(question))
        if not original.startswith(("answered", "ambiguous")):
            continue  # only answers can be kept or lost
        for name, variant in VARIANTS.items():
            changed = variant(question, rng)
            if changed is None:
                continue
            tried[name] += 1
            got = answer_of(engine.ask(changed))
            if got == original:
                kept[name] += 1
            else:
                failures.append(f"[{name}] {changed!r}: {got} (was {original})")
    return kept, tried, failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--failures", action="store_true")
    args = parser.parse_args(argv)
    from bot.knowledge.load import load_knowledge

    kept, tried, failures = measure(Engine(load_knowledge()))
    print("Same answer for a variant of the question (development questions):")
    for name in VARIANTS:
        if tried[name]:
            print(f"  {name:15} {kept[name] / tried[name]:6.1%}  ({kept[name]}/{tried[name]})")
    total_kept, total = sum(kept.values()), sum(tried.values())
    print(f"  {'all':15} {total_kept / total:6.1%}  ({total_kept}/{total})")
    if args.failures:
        for line in failures:
            print("   CHANGED", line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
