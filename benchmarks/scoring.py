"""Whether a reply is right, as a citizen would judge it, and how wrong when it is not.

A reply to an in-scope question is right when the passage it shows first overlaps one the
set expects (or is the expected fact or section). It is a *confident wrong* answer when it
answers outright with anything else: worse than "I don't know". Out-of-scope questions are
right only when declined; small talk only when no passage is shown.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Literal

from benchmarks.sets import Dialogue, Turn
from bot.engine import Context, Engine, Result
from bot.knowledge import KnowledgeBase
from bot.knowledge.records import Fact, Statement
from bot.knowledge.statements import sentence_after, sentence_around

Outcome = Literal["right", "confident_wrong", "declined", "unsure"]
Span = tuple[int, int]


def overlaps(a: Span, b: Span) -> bool:
    """Spans share at least half of the shorter one, or 40 characters."""
    shared = min(a[1], b[1]) - max(a[0], b[0])
    return shared > 0 and (shared >= 0.5 * min(a[1] - a[0], b[1] - b[0]) or shared >= 40)


def expected_spans(kb: KnowledgeBase, turn: Turn) -> list[Span]:
    return [span for text in turn.expect for span in kb.report.spans(text)]


def shown_spans(kb: KnowledgeBase, result: Result) -> list[Span]:
    """Where in the report the reply's first passage is (a section: its heading and lead; the
    outline: the headings of the parts it lists)."""
    if result.outline:
        return [kb.report.line_range(s.lines[0], s.lines[0]) for s in result.outline]
    if result.section is not None:
        section = result.section
        spans = [kb.report.line_range(section.lines[0], section.lines[0])]
        lead = kb.lead_statements(section)  # what the card quotes
        return spans + [s.span for s in lead]
    passage = result.best
    if passage is None:
        return []
    spans = [passage.span]
    if not result.full:
        return spans
    # "why?", "tell me more": the card shows the whole sentence and the one after it.
    sentence = (
        passage.sentence
        if isinstance(passage, Statement)
        else sentence_around(kb.report, passage.span)
    )
    if sentence:
        line = kb.report.line_of(passage.span[0])
        spans += kb.report.spans(sentence, within=kb.report.line_range(line, line))[:1]
    after = sentence_after(kb.report, passage.span)
    if after is not None:
        spans.append(after)
    return spans


def is_right_passage(kb: KnowledgeBase, turn: Turn, result: Result) -> bool:
    if result.section is not None and turn.section is not None:
        return kb.within(result.section.id, turn.section)
    passage = result.best
    if turn.ids or turn.section:
        if passage is None:
            return False
        if turn.section is not None:
            return kb.within(passage.section, turn.section)
        if isinstance(passage, Fact) and passage.id in turn.ids:
            return True
        wanted = [kb.fact_by_id[i].span for i in turn.ids if i in kb.fact_by_id]
        return isinstance(passage, Statement) and any(overlaps(passage.span, w) for w in wanted)
    wanted = expected_spans(kb, turn)
    return any(overlaps(s, w) for s in shown_spans(kb, result) for w in wanted)


def judge(kb: KnowledgeBase, turn: Turn, result: Result) -> Outcome:
    """How a citizen would take the reply."""
    shows_passage = result.status in ("answered", "ambiguous") and (
        result.best is not None or result.section is not None or bool(result.outline)
    )
    if not turn.in_scope:
        if not shows_passage:
            return "right"
        return "confident_wrong" if result.status == "answered" else "unsure"
    if result.status == "not_found" or not shows_passage:
        return "declined"
    if is_right_passage(kb, turn, result):
        return "right"
    return "confident_wrong" if result.status == "answered" else "unsure"


@dataclass
class Tally:
    """Outcomes per form of question, and the misses to look at."""

    outcomes: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    misses: list[str] = field(default_factory=list)
    answered_outright: Counter[str] = field(default_factory=Counter)

    def add(self, form: str, outcome: Outcome, note: str, outright: bool = False) -> None:
        self.outcomes[form][outcome] += 1
        if outright:
            self.answered_outright[form] += 1
        if outcome != "right":
            self.misses.append(f"{outcome:15} [{form}] {note}")

    def total(self, forms: set[str] | None = None) -> Counter[str]:
        found: Counter[str] = Counter()
        for form, counts in self.outcomes.items():
            if forms is None or form in forms:
                found.update(counts)
        return found

    def share(self, outcome: Outcome, forms: set[str] | None = None) -> float:
        counts = self.total(forms)
        return counts[outcome] / max(1, sum(counts.values()))


def describe(result: Result) -> str:
    if result.section is not None:
        return f"{result.status}/{result.reason} section {result.section.id}"
    if result.best is not None:
        passage = result.best
        text = passage.quote if isinstance(passage, Fact) else passage.text
        return f"{result.status}/{result.reason} {passage.id} “{text[:70]}”"
    return f"{result.status}/{result.reason} {result.detail or ''}"


def run(engine: Engine, dialogues: list[Dialogue], *, follow_ups_only: bool = False) -> Tally:
    """Play every dialogue (each user of a group chat with their own context) and judge."""
    kb = engine.kb
    tally = Tally()
    for dialogue in dialogues:
        contexts: dict[str, Context | None] = {}
        if dialogue.context_fact:
            fact = kb.fact_by_id[dialogue.context_fact]
            contexts["A"] = Context(
                passage_id=fact.id,
                section_id=fact.section,
                shown=(fact.id,),
                topic=tuple((t.text, t.weight) for t in engine.read(fact.topic).topic_terms),
                intent=fact.kind if fact.kind in ("result", "target") else None,
            )
        for number, turn in enumerate(dialogue.turns):
            result = engine.ask(turn.q, contexts.get(turn.user))
            contexts[turn.user] = Context.of(result, contexts.get(turn.user)) or contexts.get(
                turn.user
            )
            if follow_ups_only and number == 0:
                continue
            outcome = judge(kb, turn, result)
            wanted = (
                "decline"
                if turn.out_of_scope
                else "small talk"
                if not turn.in_scope
                else (turn.expect[:1] or turn.ids or (turn.section,))
            )
            tally.add(
                turn.form,
                outcome,
                f"{dialogue.id}: {turn.q!r} -> {describe(result)}; wanted {wanted}",
                outright=result.status == "answered",
            )
    return tally
