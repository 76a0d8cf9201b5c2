"""Answer quality on a question set: hit@1 in scope, refusals out of scope, per question form.

Usage: python -m benchmarks.quality [QUESTIONS.yaml ...] [--failures]
With no file, reports on the development sets (tests/questions*.yaml, used for tuning) and
the held-out sets (benchmarks/heldout*_questions.yaml, written independently, never studied).
"""

from __future__ import annotations

import argparse
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.engine import Context, Engine, Result
from bot.knowledge import KnowledgeBase, load_knowledge

ROOT = Path(__file__).resolve().parents[1]
DEV_SETS = tuple(
    ROOT / "tests" / name for name in ("questions.yaml", "questions_2.yaml", "questions_3.yaml")
)
DEV_SET = DEV_SETS[0]
HELDOUT_SETS = tuple(
    ROOT / "benchmarks" / name for name in ("heldout_questions.yaml", "heldout4_questions.yaml")
)


@dataclass(frozen=True)
class Question:
    q: str
    form: str
    expect: tuple[str, ...] = ()
    section: str | None = None
    context: str | None = None
    out_of_scope: bool = False


@dataclass
class Scores:
    """Hits and totals per form; in-scope and out-of-scope kept apart."""

    hits: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    totals: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    failures: list[str] = field(default_factory=list)

    def add(self, form: str, hit: bool, note: str) -> None:
        self.totals[form] += 1
        self.hits[form] += hit
        if not hit:
            self.failures.append(note)

    def rate(self, forms: Callable[[str], bool]) -> tuple[int, int]:
        hits = sum(n for f, n in self.hits.items() if forms(f))
        total = sum(n for f, n in self.totals.items() if forms(f))
        return hits, total

    @property
    def in_scope(self) -> float:
        hits, total = self.rate(lambda f: f != "out-of-scope")
        return hits / total if total else 0.0

    @property
    def refused(self) -> float:
        hits, total = self.rate(lambda f: f == "out-of-scope")
        return hits / total if total else 0.0


def load_questions(path: Path) -> list[Question]:
    items: list[dict[str, Any]] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [
        Question(
            q=str(item["q"]),
            form=str(item.get("form", "question")),
            expect=tuple(item.get("expect") or ()),
            section=item.get("section"),
            context=item.get("context"),
            out_of_scope=bool(item.get("out_of_scope")),
        )
        for item in items
    ]


def _in_section(kb: KnowledgeBase, section_id: str, wanted: str) -> bool:
    section = kb.section_by_id.get(section_id)
    return section is not None and (
        section.id == wanted or any(a.id == wanted for a in kb.ancestors(section))
    )


def is_hit(kb: KnowledgeBase, question: Question, result: Result) -> bool:
    """Whether the engine's first answer is what the question's author expected."""
    if question.out_of_scope:
        return result.status == "not_found"
    if result.status == "not_found":
        return False
    if question.section is not None and result.section is not None:
        return _in_section(kb, result.section.id, question.section)
    if not result.answers:
        return False
    if question.section is not None:
        return _in_section(kb, result.answers[0].fact.section, question.section)
    return result.answers[0].fact.id in question.expect


def context_for(kb: KnowledgeBase, question: Question) -> Context | None:
    if question.context is None:
        return None
    fact = kb.fact_by_id[question.context]
    return Context(fact_id=fact.id, section_id=fact.section, shown=(fact.id,))


def evaluate(engine: Engine, questions: list[Question]) -> Scores:
    scores = Scores()
    for question in questions:
        result = engine.ask(question.q, context_for(engine.kb, question))
        got = (
            f"{result.status}:{result.section.id}"
            if result.section
            else f"{result.status}:{result.best.id if result.best else result.reason}"
        )
        wanted = "refuse" if question.out_of_scope else question.section or question.expect
        scores.add(
            question.form,
            is_hit(engine.kb, question, result),
            f"[{question.form}] {question.q!r}: got {got}, wanted {wanted}",
        )
    return scores


# ---------------------------------------------------------------- BM25 baseline
_SENTENCE = re.compile(r"(?<=[.!?;])\s+")


def bm25_baseline(kb: KnowledgeBase, questions: list[Question]) -> Scores:
    """BM25 over the report's sentences: a hit when the top sentence holds the expected figure."""
    from rank_bm25 import BM25Okapi

    sentences = [
        (n, s)
        for n in range(1, len(kb.report.lines) + 1)
        for s in _SENTENCE.split(kb.report.line(n))
        if s
    ]
    tokenized = [re.findall(r"\w+", s.lower()) for _, s in sentences]
    bm25 = BM25Okapi(tokenized)
    scores = Scores()
    for question in questions:
        ranked = bm25.get_scores(re.findall(r"\w+", question.q.lower()))
        best = max(range(len(sentences)), key=lambda i: ranked[i])
        line, sentence = sentences[best]
        if question.out_of_scope:
            hit = ranked[best] <= 0.0
        elif question.section is not None:
            section = kb.section_by_id[question.section]
            hit = section.lines[0] <= line <= section.lines[1]
        else:
            facts = [kb.fact_by_id[i] for i in question.expect]
            hit = any(f.figures[0].text in sentence for f in facts)
        scores.add(question.form, hit, question.q)
    return scores


def print_report(name: str, scores: Scores, baseline: Scores | None = None) -> None:
    hits, total = scores.rate(lambda f: f != "out-of-scope")
    refused, outside = scores.rate(lambda f: f == "out-of-scope")
    print(f"\n{name}: {total} in scope, {outside} out of scope")
    print(f"  hit@1 in scope:      {scores.in_scope:6.1%} ({hits}/{total})")
    print(f"  refused out of scope:{scores.refused:6.1%} ({refused}/{outside})")
    if baseline is not None:
        print(
            f"  BM25 baseline:       hit@1 {baseline.in_scope:.1%}, refused {baseline.refused:.1%}"
        )
    for form in sorted(scores.totals):
        print(
            f"    {form:14} {scores.hits[form]:4}/{scores.totals[form]:<4} "
            f"{scores.hits[form] / scores.totals[form]:6.1%}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--failures", action="store_true", help="list every miss")
    args = parser.parse_args(argv)
    kb = load_knowledge()
    engine = Engine(kb)
    for path in args.files or [*DEV_SETS, *HELDOUT_SETS]:
        questions = load_questions(path)
        scores = evaluate(engine, questions)
        print_report(
            path.resolve().relative_to(ROOT).as_posix(), scores, bm25_baseline(kb, questions)
        )
        if args.failures:
            for line in scores.failures:
                print("   MISS", line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
