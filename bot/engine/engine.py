"""The answer engine: ranks facts and sections for a question and decides how sure it is."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from bot.engine.index import Document, Index, Postings
from bot.engine.lexicon import CHINESE_DIGITS, OTHER_PLACES, OVERVIEW_WORDS, ROMAN
from bot.engine.query import Intent, Query, parse
from bot.engine.result import Answer, Result
from bot.engine.text import stem
from bot.knowledge import KnowledgeBase
from bot.knowledge.schema import Fact, Section


@dataclass(frozen=True)
class Thresholds:
    """How sure the engine must be. Calibrated on tests/questions.yaml by benchmarks.calibrate."""

    # A fact answers when its keyword/topic match (idf units) and its coverage of the question
    # clear these bars.
    min_strong: float = 1.6
    min_coverage: float = 0.35
    # An unknown word counts this much (idf units) against the match.
    unknown_idf: float = 2.8
    # Two candidates closer than this (ratio of scores) are offered as "did you mean".
    ambiguous_ratio: float = 0.93


MAX_ANSWERS = 5
# A gap named word for word in the question counts this much extra against the best fact.
GAP_NAMED_BONUS = 0.1
# A question that fits more facts than this equally well is about an area, not one figure.
BROAD_SPREAD = 4
SECTION_FACTS = 8


@dataclass(frozen=True)
class Context:
    """What a chat was last told, so that "and in 2019?" or "more" can refer to it."""

    fact_id: str | None = None
    section_id: str | None = None
    shown: tuple[str, ...] = ()

    @classmethod
    def of(cls, result: Result) -> Context | None:
        if result.section is not None:
            shown = tuple(a.fact.id for a in result.answers)
            return cls(section_id=result.section.id, shown=shown)
        if result.best is not None:
            return cls(
                fact_id=result.best.id,
                section_id=result.best.section,
                shown=tuple(a.fact.id for a in result.answers[:1]),
            )
        return None


@dataclass
class Scored:
    position: int
    match: float  # weighted idf mass of the query terms this document holds
    strong: float  # the part of `match` held in keywords, topic or labels
    coverage: float  # match / the question's whole mass
    rank: float  # coverage adjusted for intent, phrases and tie-breaks
    exact: bool  # one of its keywords (or its title) is exactly what was asked
    terms: frozenset[str]  # the query terms it holds in its keywords, topic or labels


def _kind_of_section(kb: KnowledgeBase, section: Section) -> str:
    root = ([section, *kb.ancestors(section)])[-1]
    return {"review": "result", "tasks-2019": "target"}.get(root.id, "other")


_SENTENCES = re.compile(r"(?<=[.!?。！？])\s*")
_ASKING = re.compile(
    r"^(?:how|what|which|when|where|who|whom|is|are|was|were|did|does|do|can|could|will|would|"
    r"has|have|should|tell|give|show|list)\b",
    re.IGNORECASE,
)


def question_sentence(text: str) -> str | None:
    """In a message of several sentences, the last one that asks something."""
    sentences = [s.strip() for s in _SENTENCES.split(text.strip()) if s.strip()]
    if len(sentences) < 2:
        return None
    asking = [s for s in sentences if s.endswith(("?", "？")) or _ASKING.match(s)]
    return asking[-1] if asking else None


_OVERVIEW_STEMS = frozenset(stem(w) for w in OVERVIEW_WORDS)
_MONEY_UNITS = frozenset({"yuan", "yuan per month", "USD"})
_SHARE_UNITS = frozenset({"percent", "fraction", "rank"})
_SHARES = frozenset({"percent", "fraction", "rank"})
_SPANS = frozenset({"ordinal", "years", "year", "date"})
_CHANGE = re.compile(
    r"\b(?:growth|grow|grew|fall|fell|drop|cut|rise|increase|decrease|reduction)\b", re.IGNORECASE
)
_TIME_UNITS = frozenset({"date", "year", "years", "days", "hours", "minutes"})


def _has_asked_figure(query: Query, fact: Fact) -> bool:
    """Whether the fact has the kind of figure asked for: money, a share, a count, a date."""
    units = {f.unit for f in fact.figures}
    if query.asks_money and not units & _MONEY_UNITS:
        return False
    if query.asks_share and not units & _SHARE_UNITS:
        return False
    if query.asks_count and (units <= _SPANS or (units <= _SHARES and _CHANGE.search(fact.topic))):
        return False  # "how many tourists?" is answered neither by a growth rate nor a year
    return not (query.asks_when and not units & _TIME_UNITS)


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
        focus = question_sentence(text)
        if focus is not None:
            # A long message: the question is its last interrogative sentence.
            result = self._answer(parse(focus, self.index), context)
            if result.status != "not_found" or result.reason != "unknown_topic":
                result.query = text
                return result
        return self._answer(parse(text, self.index), context)

    def _answer(self, query: Query, context: Context | None) -> Result:
        text = query.raw
        if not query.text:
            return Result(text, "not_found", reason="empty")
        if query.creative:
            return Result(text, "not_found", reason="creative")
        if query.opinion:
            return Result(text, "not_found", reason="opinion")
        if query.request:
            return Result(text, "not_found", reason="request")
        if query.section_number is not None and len(query.known_terms) <= 2:
            section = self._task_by_number.get(query.section_number)
            if section is not None:
                return self.section_result(text, section, query.intent)
        other_years = sorted(y for y in query.years if y not in (2018, 2019))
        if other_years and not self._topic_terms(query):
            return Result(text, "not_found", reason="other_year", detail=str(other_years[0]))
        if query.intent is not None and query.overview and not self._topic_terms(query):
            overview = self.kb.section_by_id.get(
                "tasks-targets" if query.intent == "target" else "review"
            )
            if overview is not None:
                return self.section_result(text, overview, query.intent)
        if context is not None and self._is_follow_up(query):
            return self._follow_up(query, context)
        if not query.known_terms:
            if query.other_places:
                place = query.other_places[0].title()
                return Result(text, "not_found", reason="other_place", detail=place)
            if self._is_follow_up(query):
                return Result(text, "not_found", reason="no_previous")
            return Result(text, "not_found", reason="unknown_topic")
        return self._search(query, context)

    def _topic_terms(self, query: Query) -> list[str]:
        """Known terms other than list words ("main", "key"): what the question is about."""
        return [t.text for t in query.known_terms if t.text not in _OVERVIEW_STEMS]

    def section_result(self, text: str, section: Section, intent: Intent | None = None) -> Result:
        """A whole section as the answer: its most telling facts first."""
        facts = self.section_facts(section, intent)
        answers = [Answer(f, 1.0) for f in facts[:SECTION_FACTS]]
        return Result(text, "answered", answers=answers, section=section)

    def section_facts(self, section: Section, intent: Intent | None = None) -> list[Fact]:
        """The section's facts by importance: headline, then the asked kind, then report order."""
        facts = self.kb.facts_in(section)
        return sorted(
            facts,
            key=lambda f: (
                not f.headline,
                intent is not None and f.kind != intent,
                f.kind not in ("result", "target"),
            ),
        )

    def search(self, text: str, limit: int = 8) -> list[Answer]:
        """Facts ranked for `text`, without deciding whether any is the answer (for /search)."""
        query = parse(text, self.index)
        scored = self._score(query, self.index.facts, self.index.postings)
        self._adjust_facts(query, scored, None)
        return [
            Answer(self.kb.facts[s.position], s.coverage) for s in scored[:limit] if s.strong > 0
        ]

    def find_section(self, text: str) -> Section | None:
        """The section a user names: by number ("7", "VII"), id, or closest title and keywords."""
        number = text.strip()
        bare = number.isdigit() or number in CHINESE_DIGITS or number.lower() in ROMAN
        query = parse(
            f"第{number}部分"
            if number in CHINESE_DIGITS
            else f"section {number}"
            if bare
            else text,
            self.index,
        )
        if query.section_number is not None:
            return self._task_by_number.get(query.section_number)
        cleaned = text.strip().lower()
        if cleaned in self.kb.section_by_id:
            return self.kb.section_by_id[cleaned]
        scored = self._score(query, self.index.sections, self.index.section_postings)
        if not scored or scored[0].coverage < 0.3:
            return None
        return self.kb.sections[scored[0].position]

    # ------------------------------------------------------------------ scoring
    def _mass(self, query: Query) -> float:
        known = sum(self.index.idf[t.text] * t.weight for t in query.known_terms)
        unknown = sum(self.thresholds.unknown_idf * t.weight for t in query.terms if not t.known)
        return known + unknown

    def _score(self, query: Query, docs: list[Document], postings: Postings) -> list[Scored]:
        terms: dict[str, float] = {}
        for term in query.known_terms:
            terms[term.text] = max(terms.get(term.text, 0.0), term.weight)
        mass = self._mass(query) or 1.0
        match: dict[int, float] = defaultdict(float)
        strong: dict[int, float] = defaultdict(float)
        held: dict[int, set[str]] = defaultdict(set)
        for text, weight in terms.items():
            idf = self.index.idf[text]
            for position, field_weight in postings.get(text, ()):
                match[position] += idf * weight * field_weight
                held[position].add(text)
                if field_weight >= 0.8:
                    strong[position] += idf * weight
        stems = frozenset(terms)
        scored = []
        for position, value in match.items():
            coverage = min(1.0, value / mass)
            phrases = [p for p in docs[position].phrases if p <= stems]
            rank = coverage + 0.04 * min(sum(map(len, phrases)), 4)
            exact = stems in phrases and coverage > 0.9
            scored.append(
                Scored(
                    position,
                    value,
                    strong[position],
                    coverage,
                    rank,
                    exact,
                    frozenset(held[position]),
                )
            )
        scored.sort(key=lambda s: -s.rank)
        return scored

    def _adjust_facts(self, query: Query, scored: list[Scored], context: Context | None) -> None:
        for item in scored:
            fact = self.kb.facts[item.position]
            if query.intent is not None and fact.kind in ("result", "target"):
                item.rank *= 1.0 if fact.kind == query.intent else 0.8
            elif query.intent is None and fact.kind == "result":
                item.rank += 0.005  # with no year asked, what was achieved comes first
            if context is not None and fact.section == context.section_id:
                item.rank += 0.02
            if fact.headline:
                item.rank += 0.002
        scored.sort(key=lambda s: -s.rank)

    def _adjust_sections(self, query: Query, scored: list[Scored]) -> None:
        for item in scored:
            section = self.kb.sections[item.position]
            kind = _kind_of_section(self.kb, section)
            if query.intent is not None and kind in ("result", "target") and kind != query.intent:
                item.rank *= 0.8
            # The numbered tasks are the report's main divisions: they win ties.
            if section.label and section.parent == "work-areas":
                item.rank += 0.03
        scored.sort(key=lambda s: -s.rank)

    # ------------------------------------------------------------------ deciding
    def _search(self, query: Query, context: Context | None) -> Result:
        facts = self._score(query, self.index.facts, self.index.postings)
        self._adjust_facts(query, facts, context)
        sections = self._score(query, self.index.sections, self.index.section_postings)
        self._adjust_sections(query, sections)

        best_fact = facts[0] if facts else None
        best_section = sections[0] if sections else None
        if (gap := self._gap(query, best_fact)) is not None:
            return Result(query.raw, "not_found", reason="not_in_report", detail=gap)
        section = self._section_answer(query, facts, best_section) if best_section else None
        if section is not None:
            if (refusal := self._out_of_scope(query, None, section)) is not None:
                return refusal
            return self.section_result(query.raw, section, query.intent)
        if best_fact is None or not self._confident(best_fact):
            return Result(query.raw, "not_found", reason="unknown_topic")
        fact = self.kb.facts[best_fact.position]
        if (refusal := self._out_of_scope(query, fact, None)) is not None:
            return refusal
        fact, offer = self._year_swap(query, fact)
        if (
            query.explicit_year is not None
            and fact.kind in ("result", "target")
            and (fact.kind != query.explicit_year)
        ):
            # Asked about 2018, the report only has the 2019 target (or the other way round).
            return Result(
                query.raw, "not_found", reason="other_year_only", offer=fact, detail=fact.topic
            )
        answers = [Answer(fact, best_fact.coverage)]
        if offer is not None:
            answers.append(Answer(offer, best_fact.coverage * 0.9))
        for item in facts[1:]:
            candidate = self.kb.facts[item.position]
            if len(answers) >= MAX_ANSWERS:
                break
            if candidate.id not in {a.fact.id for a in answers} and self._confident(item):
                answers.append(Answer(candidate, item.coverage))
        if self._ambiguous(facts, fact):
            return Result(query.raw, "ambiguous", answers=answers, offer=offer)
        return Result(query.raw, "answered", answers=answers, offer=offer)

    def _gap(self, query: Query, fact: Scored | None) -> str | None:
        """A topic the report is known not to cover, named in the question and fitting it better
        than any fact ("How many people live in Jiaxing?")."""
        named = self.index.gaps_named(query.text)
        if not named:
            return None
        scored = [
            g
            for g in self._score(query, self.index.gaps, self.index.gap_postings)
            if g.position in named
        ]
        gap = scored[0] if scored else None
        if fact is None or not self._confident(fact) or gap is None:
            return self.kb.gaps[gap.position if gap else min(named)].topic
        # The gap wins if it fits as well, or if it holds words of the question the fact lacks.
        if gap.rank + GAP_NAMED_BONUS >= fact.rank or gap.terms - fact.terms:
            return self.kb.gaps[gap.position].topic
        return None

    def _confident(self, item: Scored) -> bool:
        bars = self.thresholds
        return item.strong >= bars.min_strong and item.coverage >= bars.min_coverage

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
        if len(scored) < 2:
            return False
        first, second = scored[0], scored[1]
        other = self.kb.facts[second.position]
        related = (
            other.id == chosen.compare_with
            or other.quote == chosen.quote
            or self.kb.facts[first.position].compare_with == other.id
        )
        return (
            not related
            and second.rank >= first.rank * self.thresholds.ambiguous_ratio
            and (first.coverage < 0.75)
        )

    def _year_swap(self, query: Query, fact: Fact) -> tuple[Fact, Fact | None]:
        """Answer the year asked about; offer the other year's figure for the same measure."""
        partner = self.kb.fact_by_id.get(fact.compare_with) if fact.compare_with else None
        if partner is None:
            return fact, None
        if query.intent is not None and fact.kind != query.intent and partner.kind == query.intent:
            return partner, fact
        return fact, partner

    def _out_of_scope(
        self, query: Query, fact: Fact | None, section: Section | None
    ) -> Result | None:
        texts = []
        if fact is not None:
            texts = [fact.quote, *fact.keywords, fact.topic]
        elif section is not None:
            texts = [
                section.title,
                section.summary,
                *section.keywords,
                *(self.kb.report.paragraphs(*section.lines)[:1]),
            ]
        haystack = " ".join(texts).lower()
        for place in query.other_places:
            if place not in haystack and OTHER_PLACES.get(place, "\0") not in haystack:
                return Result(query.raw, "not_found", reason="other_place", detail=place.title())
        other_years = sorted(y for y in query.years if y not in (2018, 2019))
        for year in other_years:
            if str(year) not in haystack:
                return Result(query.raw, "not_found", reason="other_year", detail=str(year))
        if query.national and not any(w in haystack for w in ("china", "national", "全国")):
            return Result(query.raw, "not_found", reason="other_place", detail="China")
        if fact is not None and not _has_asked_figure(query, fact):
            return Result(query.raw, "not_found", reason="no_figure", detail=fact.topic)
        return None

    # ------------------------------------------------------------------ follow-ups
    def _is_follow_up(self, query: Query) -> bool:
        return not query.known_terms and (
            query.intent is not None
            or query.wants_more
            or query.follow_up_words
            or bool(query.years)
        )

    def _follow_up(self, query: Query, context: Context) -> Result:
        fact = self.kb.fact_by_id.get(context.fact_id or "")
        section = self.kb.section_by_id.get(context.section_id or "")
        if fact is not None and query.intent is not None and not query.wants_more:
            if fact.kind == query.intent:
                return Result(query.raw, "answered", answers=[Answer(fact, 1.0)])
            partner = self.kb.fact_by_id.get(fact.compare_with or "")
            if partner is not None:
                return Result(query.raw, "answered", answers=[Answer(partner, 1.0)], offer=fact)
            return Result(query.raw, "not_found", reason="no_comparison", detail=fact.topic)
        if section is None:
            return Result(query.raw, "not_found", reason="no_previous")
        remaining = [
            f for f in self.section_facts(section, query.intent) if f.id not in context.shown
        ]
        if not remaining:
            parent = self.kb.section_by_id.get(section.parent or "")
            if parent is None:
                return Result(query.raw, "not_found", reason="no_previous")
            remaining = [
                f for f in self.section_facts(parent, query.intent) if f.id not in context.shown
            ]
            section = parent
        answers = [Answer(f, 1.0) for f in remaining[:SECTION_FACTS]]
        return Result(
            query.raw,
            "answered" if answers else "not_found",
            answers=answers,
            section=section,
            reason=None if answers else "no_previous",
        )
