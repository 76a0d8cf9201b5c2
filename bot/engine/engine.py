"""The answer engine: reads a question, ranks facts and sections, and decides how sure it is."""

from __future__ import annotations

from dataclasses import dataclass

from bot.engine.followup import SECTION_FACTS, Context, follow_up, is_follow_up, section_facts
from bot.engine.index import Index
from bot.engine.lexicon import CHINESE_DIGITS, OVERVIEW_WORDS, ROMAN
from bot.engine.query import Intent, Query, asks_for_overview, asks_for_section, parse
from bot.engine.result import Answer, Reason, Result, Status
from bot.engine.scope import other_years, out_of_scope, question_sentences
from bot.engine.scoring import Scored, score
from bot.engine.text import stem
from bot.knowledge import KnowledgeBase
from bot.knowledge.schema import Fact, Section


@dataclass(frozen=True)
class Thresholds:
    """How sure the engine must be. Calibrated on tests/questions.yaml by benchmarks.calibrate."""

    # A fact answers when its keyword/topic match (idf units) and its coverage of the question
    # clear these bars.
    min_strong: float = 1.6
    min_coverage: float = 0.44
    # An unknown word counts this much (idf units) against the match.
    unknown_idf: float = 3.4
    # Two candidates closer than this (ratio of scores) are offered as "did you mean".
    ambiguous_ratio: float = 0.93


MAX_ANSWERS = 5
# A gap named word for word in the question counts this much extra against the best fact.
GAP_NAMED_BONUS = 0.1
# A question that fits more facts than this equally well is about an area, not one figure.
BROAD_SPREAD = 4
_OVERVIEW_STEMS = frozenset(stem(w) for w in OVERVIEW_WORDS)


class Engine:
    """Answers questions about the report from its knowledge base. Pure Python, no I/O."""

    def __init__(self, kb: KnowledgeBase, thresholds: Thresholds | None = None) -> None:
        self.kb = kb
        self.index = Index(kb)
        self.thresholds = thresholds or Thresholds()
        self._task_by_number = dict(enumerate(kb.children.get("work-areas", []), start=1))

    # ------------------------------------------------------------------ public
    def ask(self, text: str, context: Context | None = None) -> Result:
        """Answer one question; `context` is the chat's previous answer, if any."""
        sentences = question_sentences(text)
        for focus in sentences:
            # A long message: answer its question, with cues said anywhere in it.
            query = parse(focus, self.index)
            query.section_cue = query.section_cue or asks_for_section(text)
            query.overview = query.overview or asks_for_overview(text)
            result = self._answer(query, context)
            if result.status != "not_found" or result.reason not in (
                "unknown_topic",
                "no_previous",
            ):
                result.query = text
                return result
        return self._answer(parse(text, self.index), context)

    def section_result(self, text: str, section: Section, intent: Intent | None = None) -> Result:
        """A whole section as the answer: its most telling facts first."""
        facts = section_facts(self.kb, section, intent)
        answers = [Answer(f, 1.0) for f in facts[:SECTION_FACTS]]
        return Result(text, "answered", answers=answers, section=section)

    def section_facts(self, section: Section, intent: Intent | None = None) -> list[Fact]:
        """The section's facts by importance: headline, then the asked kind, then report order."""
        return section_facts(self.kb, section, intent)

    def search(self, text: str, limit: int = 8) -> list[Answer]:
        """Facts ranked for `text`, without deciding whether any is the answer (for /search)."""
        query = parse(text, self.index)
        ranked = self._rank_facts(query, None)
        return [Answer(self.kb.facts[s.position], s.coverage) for s in ranked[:limit] if s.strong]

    def find_section(self, text: str) -> Section | None:
        """The section a user names: by number ("7", "VII", "三"), id, or title and keywords."""
        name = text.strip()
        if name in CHINESE_DIGITS:
            name = f"第{name}部分"
        elif name.isdigit() or name.lower() in ROMAN:
            name = f"section {name}"
        query = parse(name, self.index)
        if query.section_number is not None:
            return self._task_by_number.get(query.section_number)
        if name.lower() in self.kb.section_by_id:
            return self.kb.section_by_id[name.lower()]
        ranked = self._score(query, "sections")
        if not ranked or ranked[0].coverage < 0.3:
            return None
        return self.kb.sections[ranked[0].position]

    # ------------------------------------------------------------------ reading the question
    def _answer(self, query: Query, context: Context | None) -> Result:
        text = query.raw
        if not query.text:
            return Result(text, "not_found", reason="empty")
        refusals: tuple[tuple[bool, Reason], ...] = (
            (query.creative, "creative"),
            (query.opinion, "opinion"),
            (query.request, "request"),
        )
        for flag, reason in refusals:
            if flag:
                return Result(text, "not_found", reason=reason)
        if query.section_number is not None and len(query.known_terms) <= 2:
            section = self._task_by_number.get(query.section_number)
            if section is not None:
                return self.section_result(text, section, query.intent)
        topic = [t for t in query.known_terms if t.text not in _OVERVIEW_STEMS]
        if other_years(query) and not topic:
            return Result(text, "not_found", reason="other_year", detail=str(other_years(query)[0]))
        if query.intent is not None and query.overview and not topic:
            # "What are the main targets?": the targets paragraph, or the review of 2018.
            overview = "tasks-targets" if query.intent == "target" else "review"
            return self.section_result(text, self.kb.section_by_id[overview], query.intent)
        if query.about_report:
            return self._about_report(query)
        if context is not None and is_follow_up(query):
            return follow_up(self.kb, query, context)
        if not query.known_terms:
            if query.other_places:
                place = query.other_places[0].title()
                return Result(text, "not_found", reason="other_place", detail=place)
            unknown: Reason = "no_previous" if is_follow_up(query) else "unknown_topic"
            return Result(text, "not_found", reason=unknown)
        return self._search(query, context)

    def _about_report(self, query: Query) -> Result:
        """When and by whom the report was delivered: its dates, or its cover."""
        dates = [
            s
            for s in self._rank_facts(query, None)
            if self.kb.facts[s.position].kind == "meta" and s.strong > 0
        ]
        if dates and query.asks_when:
            return Result(
                query.raw,
                "answered",
                answers=[Answer(self.kb.facts[dates[0].position], dates[0].coverage)],
            )
        return self.section_result(query.raw, self.kb.roots[0])

    # ------------------------------------------------------------------ ranking
    def _score(self, query: Query, kind: str) -> list[Scored]:
        index = self.index
        docs, postings = {
            "facts": (index.facts, index.postings),
            "sections": (index.sections, index.section_postings),
            "gaps": (index.gaps, index.gap_postings),
        }[kind]
        return score(query, index, docs, postings, self.thresholds.unknown_idf)

    def _rank_facts(self, query: Query, context: Context | None) -> list[Scored]:
        ranked = self._score(query, "facts")
        for item in ranked:
            fact = self.kb.facts[item.position]
            if query.intent is not None and fact.kind in ("result", "target"):
                item.rank *= 1.0 if fact.kind == query.intent else 0.8
            elif query.intent is None and fact.kind == "result":
                item.rank += 0.005  # with no year asked, what was achieved comes first
            if context is not None and fact.section == context.section_id:
                item.rank += 0.02
            if fact.headline:
                item.rank += 0.002
        ranked.sort(key=lambda s: -s.rank)
        return ranked

    def _rank_sections(self, query: Query) -> list[Scored]:
        ranked = self._score(query, "sections")
        for item in ranked:
            section = self.kb.sections[item.position]
            root = [section, *self.kb.ancestors(section)][-1].id
            kind = {"review": "result", "tasks-2019": "target"}.get(root)
            if query.intent is not None and kind is not None and kind != query.intent:
                item.rank *= 0.8
            if section.parent is None or (section.label and section.parent == "work-areas"):
                item.rank += 0.03  # the parts and numbered tasks are main divisions: win ties
        ranked.sort(key=lambda s: -s.rank)
        return ranked

    def _confident(self, item: Scored) -> bool:
        bars = self.thresholds
        return item.strong >= bars.min_strong and item.coverage >= bars.min_coverage

    # ------------------------------------------------------------------ deciding
    def _search(self, query: Query, context: Context | None) -> Result:
        facts = self._rank_facts(query, context)
        sections = self._rank_sections(query)
        best = facts[0] if facts else None
        if (gap := self._gap(query, best)) is not None:
            return Result(query.raw, "not_found", reason="not_in_report", detail=gap)
        section = self._section_answer(query, facts, sections[0]) if sections else None
        if section is not None:
            refusal = out_of_scope(query, self.kb, None, section)
            return refusal or self.section_result(query.raw, section, query.intent)
        if best is None or not self._confident(best):
            return Result(query.raw, "not_found", reason="unknown_topic")
        fact = self.kb.facts[best.position]
        if (refusal := out_of_scope(query, self.kb, fact, None)) is not None:
            return refusal
        fact, offer = self._year_swap(query, fact)
        if query.explicit_year not in (None, fact.kind) and fact.kind in ("result", "target"):
            # Asked about 2018, the report only has the 2019 target (or the other way round).
            return Result(
                query.raw, "not_found", reason="other_year_only", offer=fact, detail=fact.topic
            )
        answers = [Answer(fact, best.coverage)]
        if offer is not None:
            answers.append(Answer(offer, best.coverage * 0.9))
        for item in facts[1:]:
            candidate = self.kb.facts[item.position]
            if (
                len(answers) < MAX_ANSWERS
                and self._confident(item)
                and candidate.id not in {a.fact.id for a in answers}
            ):
                answers.append(Answer(candidate, item.coverage))
        status: Status = "ambiguous" if self._ambiguous(facts, fact) else "answered"
        return Result(query.raw, status, answers=answers, offer=offer)

    def _gap(self, query: Query, fact: Scored | None) -> str | None:
        """A topic the report is known not to cover, named in the question and fitting it
        better than any fact ("How many people live in Jiaxing?")."""
        named = self.index.gaps_named(query.text)
        if not named:
            return None
        gaps = [g for g in self._score(query, "gaps") if g.position in named]
        if not gaps:
            return self.kb.gaps[min(named)].topic
        gap = gaps[0]
        # The gap wins if it fits as well, or if it holds words of the question the fact lacks.
        if (
            fact is None
            or not self._confident(fact)
            or gap.rank + GAP_NAMED_BONUS >= fact.rank
            or gap.terms - fact.terms
        ):
            return self.kb.gaps[gap.position].topic
        return None

    def _section_answer(self, query: Query, facts: list[Scored], best: Scored) -> Section | None:
        """A whole section answers broad questions: asked as such, or fitting many facts alike."""
        if not self._confident(best):
            return None
        if query.asks_money or query.asks_count or query.asks_when or query.asks_share:
            return None  # one figure was asked for: a section's overview is not the answer
        section = self.kb.sections[best.position]
        if not facts or not self._confident(facts[0]):
            return section
        fact = facts[0]
        if query.section_cue:
            return section if best.rank >= fact.rank - 0.1 else None
        if best.exact and not fact.exact:
            return section if best.coverage >= fact.coverage - 0.1 else None
        alike = [f for f in facts[: BROAD_SPREAD + 1] if f.coverage >= fact.coverage - 0.02]
        if len(alike) > BROAD_SPREAD and not fact.exact:
            # Many figures fit equally: the part of the report that holds them all answers.
            return self._common_section(alike) or (
                section if best.coverage >= fact.coverage - 0.05 else None
            )
        return section if best.rank >= fact.rank + 0.15 else None

    def _common_section(self, scored: list[Scored]) -> Section | None:
        """The narrowest section holding all these facts, unless it is a whole part."""
        chains = []
        for item in scored:
            section = self.kb.section_by_id[self.kb.facts[item.position].section]
            chains.append([section, *self.kb.ancestors(section)])
        shared = [s for s in chains[0] if all(s in chain for chain in chains[1:])]
        if not shared or shared[0].parent is None or shared[0].id == "work-areas":
            return None
        return shared[0]

    def _ambiguous(self, scored: list[Scored], chosen: Fact) -> bool:
        """Two different measures fit almost equally, and neither fits well."""
        if len(scored) < 2:
            return False
        first, second = scored[0], scored[1]
        other = self.kb.facts[second.position]
        related = other.quote == chosen.quote or chosen.id in (other.id, other.compare_with)
        return (
            not related
            and second.rank >= first.rank * self.thresholds.ambiguous_ratio
            and first.coverage < 0.75
        )

    def _year_swap(self, query: Query, fact: Fact) -> tuple[Fact, Fact | None]:
        """Answer the year asked about; offer the other year's figure for the same measure."""
        partner = self.kb.fact_by_id.get(fact.compare_with) if fact.compare_with else None
        if partner is None:
            return fact, None
        if query.intent is not None and fact.kind != query.intent and partner.kind == query.intent:
            return partner, fact
        return fact, partner
