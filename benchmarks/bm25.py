"""The baseline: BM25 (bm25s) over the report's sentences, answering with the top sentence.

It never declines unless no word of the question is in the report, keeps no context and
knows no Chinese: what a plain keyword index does with the same questions.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

import bm25s

from benchmarks.scoring import Tally, expected_spans, overlaps
from benchmarks.sets import Dialogue
from bot.knowledge import KnowledgeBase
from bot.knowledge.clauses import sentences


class Baseline:
    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.spans: list[tuple[int, int]] = []
        texts: list[str] = []
        for number, line in enumerate(kb.report.lines, start=1):
            base = kb.report.line_start(number)
            for start, end in sentences(line):
                self.spans.append((base + start, base + end))
                texts.append(line[start:end])
        self.retriever = bm25s.BM25()
        self.retriever.index(
            bm25s.tokenize(texts, stopwords="en", show_progress=False), show_progress=False
        )

    def top(self, question: str) -> tuple[int, int] | None:
        """The span of the best sentence, or None when nothing matches at all."""
        tokens = bm25s.tokenize([question], stopwords="en", show_progress=False)
        if not tokens.vocab:
            return None
        found, scores = self.retriever.retrieve(tokens, k=1, show_progress=False)
        return self.spans[int(found[0][0])] if float(scores[0][0]) > 0 else None

    def run(self, dialogues: list[Dialogue]) -> Tally:
        tally = Tally()
        for dialogue in dialogues:
            for turn in dialogue.turns:
                span = self.top(turn.q)
                if not turn.in_scope:
                    outcome = "right" if span is None else "confident_wrong"
                elif span is None:
                    outcome = "declined"
                else:
                    wanted = expected_spans(self.kb, turn) or [
                        self.kb.fact_by_id[i].span for i in turn.ids if i in self.kb.fact_by_id
                    ]
                    if turn.section and not wanted:
                        section = self.kb.section_by_id[turn.section]
                        wanted = [self.kb.report.line_range(*section.lines)]
                        outcome = (
                            "right"
                            if any(w[0] <= span[0] < w[1] for w in wanted)
                            else "confident_wrong"
                        )
                    else:
                        outcome = (
                            "right" if any(overlaps(span, w) for w in wanted) else "confident_wrong"
                        )
                tally.add(turn.form, outcome, turn.q, outright=span is not None)  # type: ignore[arg-type]
        return tally


def batch(lines: Iterable[str], report: Path) -> Iterator[str]:
    """The whole-process batch BM25 does: index the report's sentences, answer every line."""
    text = report.read_text(encoding="utf-8").splitlines()
    spans: list[tuple[int, int]] = []
    texts: list[str] = []
    base = 0
    for line in text:
        for start, end in sentences(line):
            spans.append((base + start, base + end))
            texts.append(line[start:end])
        base += len(line) + 1
    retriever = bm25s.BM25()
    retriever.index(bm25s.tokenize(texts, stopwords="en", show_progress=False), show_progress=False)
    for question in lines:
        tokens = bm25s.tokenize([question.rstrip("\n")], stopwords="en", show_progress=False)
        best = None
        if tokens.vocab:
            found, scores = retriever.retrieve(tokens, k=1, show_progress=False)
            if float(scores[0][0]) > 0:
                best = texts[int(found[0][0])]
        yield json.dumps({"query": question.rstrip("\n"), "quote": best}, ensure_ascii=False)


if __name__ == "__main__":  # python -m benchmarks.bm25 < questions: one JSON line per question
    from bot.knowledge.paths import knowledge_dir

    for out in batch(sys.stdin, knowledge_dir() / "report.txt"):
        sys.stdout.write(out + "\n")
