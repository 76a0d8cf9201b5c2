"""Ranking every record against a reading: how much of the question each holds, and where.

Pure functions over plain numbers: scores are summed per document from the postings of the
question's terms, and only the best few of each kind become `Candidate` objects.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass

from bot.engine.index import DocKind, Index
from bot.engine.reading import Reading
from bot.engine.text import stem
from bot.engine.tuning import Tuning

TOP = 8  # candidates kept per kind of record


@dataclass(frozen=True, slots=True)
class Candidate:
    """How well one record fits the question."""

    position: int  # in the index
    kind: DocKind
    key: str  # the record's id
    match: float  # weighted idf mass of the question's terms the record holds
    strong: float  # the part of `match` held in keywords, topic, labels or a clause's own words
    coverage: float  # match / the question's whole mass, 0 to 1
    rank: float  # coverage adjusted for year, phrases, context and tie-breaks
    exact: bool  # one of its keywords (or its title) is exactly what was asked
    terms: frozenset[str]  # the question's terms it holds


@dataclass(frozen=True)
class Ranking:
    """The best candidates of each kind, best first."""

    fact: tuple[Candidate, ...]
    statement: tuple[Candidate, ...]
    section: tuple[Candidate, ...]
    gap: tuple[Candidate, ...]
    service: tuple[Candidate, ...]
    mass: float

    def of(self, kind: DocKind) -> tuple[Candidate, ...]:
        found: tuple[Candidate, ...] = getattr(self, kind)
        return found

    def best(self, kind: DocKind) -> Candidate | None:
        found = self.of(kind)
        return found[0] if found else None

    def passages(self) -> list[Candidate]:
        """Facts and statements together, best first."""
        return sorted((*self.fact, *self.statement), key=lambda c: -c.rank)


@dataclass(frozen=True)
class DocInfo:
    """What ranking needs to know of each document besides its terms (aligned to the index)."""

    period: tuple[str | None, ...]  # "result" / "target" for records of one year, else None
    section: tuple[str | None, ...]
    bonus: tuple[float, ...]  # headline facts, main divisions
    terms: tuple[dict[str, float], ...]  # each document's terms and their field weights


def mass(reading: Reading, index: Index, tuning: Tuning) -> float:
    """The question's total weight: the rarity of its known words, a fixed cost per unknown one."""
    idf = index.idf
    total = 0.0
    for term in reading.terms:
        rarity = idf[term.text] if term.known else tuning.unknown_idf
        if term.light:
            rarity = min(rarity, tuning.light_idf_cap)
        total += rarity * term.weight
    return total


def rank(
    reading: Reading,
    index: Index,
    info: DocInfo,
    tuning: Tuning,
    *,
    near_section: str | None = None,
) -> Ranking:
    """Every record holding at least one of the question's terms, the best few of each kind."""
    weights: dict[str, float] = {}
    capped: dict[str, float] = {}  # everyday words: their rarity counts up to a cap
    for term in reading.terms:
        if term.known and term.weight > weights.get(term.text, 0.0):
            weights[term.text] = term.weight
            if term.light:
                capped[term.text] = min(index.idf[term.text], tuning.light_idf_cap)
    total = mass(reading, index, tuning) or 1.0
    match: dict[int, float] = {}
    strong: dict[int, float] = {}
    strong_field = tuning.strong_field
    idf, postings = index.idf, index.postings
    if capped:
        idf = {**{t: idf[t] for t in weights}, **capped}
    for text, weight in weights.items():
        unit = idf[text] * weight
        docs, fields = postings[text]
        for position, field_weight in zip(docs, fields, strict=True):
            match[position] = match.get(position, 0.0) + unit * field_weight
            if field_weight >= strong_field:
                strong[position] = strong.get(position, 0.0) + unit
    if not match:
        return Ranking((), (), (), (), (), total)
    stems = frozenset(weights)
    said = frozenset(stem(w) for w in reading.tokens) | stems  # every word said, cues too
    intent = reading.intent
    contenders = max(match.values()) / total - 4 * tuning.phrase_bonus - 0.2
    kinds, periods, bonuses = index.kinds, info.period, info.bonus
    figure_prior = tuning.figure_asked if reading.asks_figure else 0.0
    places = [stem(p) for p in reading.other_places if stem(p) in weights]
    scored: dict[DocKind, list[tuple[float, int, float]]] = {k: [] for k in _KINDS}
    for position, value in match.items():
        coverage = min(1.0, value / total)
        score = coverage
        kind = kinds[position]
        period = periods[position]
        if intent is not None and period is not None and period != intent:
            score *= tuning.wrong_year
        elif intent is None and period == "result":
            score += tuning.result_prior
        if (
            places
            and kind in ("fact", "statement")
            and not all(p in info.terms[position] for p in places)
        ):
            score *= tuning.place_missing
        if kind == "fact":
            score += figure_prior
        elif kind == "statement" and not figure_prior:
            score += tuning.statement_prior
        if near_section is not None and info.section[position] == near_section:
            score += tuning.same_section
        score += bonuses[position]
        if coverage > contenders:
            whole = [p for p in index.phrases[position] if p <= said]
            if whole:
                # A keyword said whole counts as a keyword in every one of its words.
                doc_terms = info.terms[position]
                lifted = 0.0
                for word in frozenset[str]().union(*whole):
                    gap = tuning.keyword - doc_terms.get(word, 0.0)
                    if gap > 0 and word in weights:
                        lifted += idf[word] * weights[word] * gap
                        if doc_terms.get(word, 0.0) < strong_field:
                            strong[position] = strong.get(position, 0.0) + idf[word] * weights[word]
                if lifted:
                    match[position] = value = value + lifted
                    gained = min(1.0, value / total) - coverage
                    coverage += gained
                    score += gained
                score += tuning.phrase_bonus * min(sum(len(p) for p in whole), 4)
        scored[kind].append((score, position, coverage))
    ranked = {}
    for kind, items in scored.items():
        best = heapq.nlargest(TOP, items)
        ranked[kind] = tuple(
            Candidate(
                position,
                kind,
                index.keys[position],
                match[position],
                strong.get(position, 0.0),
                coverage,
                score,
                coverage > 0.9 and any(p >= stems for p in index.phrases[position] if p <= said),
                stems & info.terms[position].keys(),
            )
            for score, position, coverage in best
        )
    return Ranking(
        ranked["fact"],
        ranked["statement"],
        ranked["section"],
        ranked["gap"],
        ranked["service"],
        total,
    )


_KINDS: tuple[DocKind, ...] = ("fact", "statement", "section", "gap", "service")
