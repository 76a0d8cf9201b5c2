"""Scoring documents (facts, sections, gaps) against a question: how much of it each holds."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from bot.engine.index import STRONG_FIELD, Document, Index, Postings
from bot.engine.query import Query

# A multi-word keyword found whole in the question adds this much per word (up to 4 words).
PHRASE_BONUS = 0.04


@dataclass
class Scored:
    """How well one document fits the question."""

    position: int  # in the index's list of documents
    match: float  # weighted idf mass of the query terms this document holds
    strong: float  # the part of `match` held in keywords, topic or labels
    coverage: float  # match / the question's whole mass, 0 to 1
    rank: float  # coverage adjusted for intent, phrases and tie-breaks
    exact: bool  # one of its keywords (or its title) is exactly what was asked
    terms: frozenset[str]  # the query terms it holds, in any field


def mass(query: Query, index: Index, unknown_idf: float) -> float:
    """The question's total weight: the rarity of its known words, a fixed cost per unknown one."""
    known = sum(index.idf[t.text] * t.weight for t in query.known_terms)
    return known + sum(unknown_idf * t.weight for t in query.terms if not t.known)


def score(
    query: Query, index: Index, docs: list[Document], postings: Postings, unknown_idf: float
) -> list[Scored]:
    """Every document holding at least one query term, best first."""
    terms: dict[str, float] = {}
    for term in query.known_terms:
        terms[term.text] = max(terms.get(term.text, 0.0), term.weight)
    total = mass(query, index, unknown_idf) or 1.0
    match: dict[int, float] = defaultdict(float)
    strong: dict[int, float] = defaultdict(float)
    held: dict[int, set[str]] = defaultdict(set)
    for text, weight in terms.items():
        idf = index.idf[text]
        for position, field_weight in postings.get(text, ()):
            match[position] += idf * weight * field_weight
            held[position].add(text)
            if field_weight >= STRONG_FIELD:
                strong[position] += idf * weight
    stems = frozenset(terms)
    scored = []
    # Phrases can lift a document by 4 * PHRASE_BONUS at most: only those near the top compete.
    contenders = max(match.values(), default=0.0) / total - 4 * PHRASE_BONUS - 0.2
    for position, value in match.items():
        coverage = min(1.0, value / total)
        phrases = [p for p in docs[position].phrases if p <= stems] if coverage > contenders else []
        rank = coverage + PHRASE_BONUS * min(sum(map(len, phrases)), 4)
        exact = stems in phrases and coverage > 0.9
        scored.append(
            Scored(
                position, value, strong[position], coverage, rank, exact, frozenset(held[position])
            )
        )
    scored.sort(key=lambda s: -s.rank)
    return scored
