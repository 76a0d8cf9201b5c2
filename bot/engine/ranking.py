"""Ranking every record against a reading: how much of the question each holds, and where.

Pure functions over plain numbers: scores are summed per document from the postings of the
question's terms, and only the best few of each kind become `Candidate` objects.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass, field

from bot.engine.index import DocKind, DocTerms, Index
from bot.engine.reading import Reading
from bot.engine.text import stem
from bot.engine.tuning import Tuning

TOP: dict[DocKind, int] = {"fact": 8, "statement": 8, "section": 4, "gap": 3, "service": 3}
SHORTLIST = 60  # records scored in full: the best-matched, and any with a keyword said whole
ADMIT_SHARE = 0.45  # a term this much rarer than the question's rarest only adds to records found
ADMIT_AFTER = 3  # ... once the rarer terms found this many ("busy" was in one record: too few)


class Candidate:
    """How well one record fits the question."""

    __slots__ = (
        "_held",
        "_stems",
        "coverage",
        "exact",
        "key",
        "kind",
        "match",
        "position",
        "rank",
        "strong",
    )

    def __init__(
        self,
        position: int,  # in the index
        kind: DocKind,
        key: str,  # the record's id
        match: float,  # weighted idf mass of the question's terms the record holds
        strong: float,  # the part of `match` held in keywords, topic, labels or a clause
        coverage: float,  # match / the question's whole mass, 0 to 1
        rank: float,  # coverage adjusted for year, phrases, context and tie-breaks
        exact: bool,  # one of its keywords (or its title) is exactly what was asked
        held: dict[str, float],
        stems: frozenset[str],
    ) -> None:
        self.position, self.kind, self.key = position, kind, key
        self.match, self.strong, self.coverage, self.rank = match, strong, coverage, rank
        self.exact = exact
        self._held, self._stems = held, stems

    @property
    def terms(self) -> frozenset[str]:
        """The question's terms the record holds (worked out only when asked)."""
        return frozenset(t for t in self._stems if t in self._held)

    def field_weight(self, term: str) -> float:
        """How much the field the record holds `term` in counts (0 when it does not)."""
        return self._held.get(term, 0.0)

    def __repr__(self) -> str:
        return f"Candidate({self.key!r}, coverage={self.coverage:.3f}, rank={self.rank:.3f})"


@dataclass(frozen=True)
class Ranking:
    """The best candidates of each kind, best first."""

    fact: tuple[Candidate, ...]
    statement: tuple[Candidate, ...]
    section: tuple[Candidate, ...]
    gap: tuple[Candidate, ...]
    service: tuple[Candidate, ...]
    mass: float
    _passages: list[Candidate] | None = field(default=None, repr=False, compare=False)

    def of(self, kind: DocKind) -> tuple[Candidate, ...]:
        found: tuple[Candidate, ...] = getattr(self, kind)
        return found

    def best(self, kind: DocKind) -> Candidate | None:
        found = self.of(kind)
        return found[0] if found else None

    def passages(self) -> list[Candidate]:
        """Facts and statements together, best first."""
        if self._passages is None:
            found = sorted((*self.fact, *self.statement), key=lambda c: -c.rank)
            object.__setattr__(self, "_passages", found)
        return list(self._passages or ())


@dataclass(frozen=True)
class DocInfo:
    """What ranking needs to know of each document besides its terms (aligned to the index)."""

    period: tuple[str | None, ...]  # "result" / "target" for records of one year, else None
    section: tuple[str | None, ...]
    bonus: tuple[float, ...]  # headline facts, main divisions
    terms: DocTerms  # each document's terms and their field weights
    admitted: frozenset[int] = frozenset()  # the problems the report admits


def mass(reading: Reading, index: Index, tuning: Tuning) -> float:
    """The question's total weight: the rarity of its known words, a fixed cost per unknown one."""
    idf = index.idf
    heaviest: dict[str, float] = {}  # a word said three times is still one word
    for term in reading.terms:
        if term.context:
            continue  # words around the question help a record that holds them, cost none
        rarity = idf[term.text] if term.known else tuning.unknown_idf
        if term.light:
            rarity = min(rarity, tuning.light_idf_cap)
        heaviest[term.text] = max(heaviest.get(term.text, 0.0), rarity * term.weight)
    return sum(heaviest.values())


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
    # Rare terms first; a common term ("develop") then only adds to records a rarer term has
    # already found, unless the question has no rare term at all. A record that holds only
    # common words cannot be confident, and visiting every one of them is most of the work.
    order = sorted(weights, key=lambda t: -idf[t])
    # The bar is set by the words asked in full: in a follow-up, a rare word of the previous
    # question ("affordable") must not keep the new words ("old residential quarters") from
    # finding their own records.
    around = {t.text for t in reading.terms if t.context}  # a lead-in's words still count
    own = [t for t in order if weights[t] >= 1.0 or t in around] or order
    admit_below = idf[own[0]] * ADMIT_SHARE if own else 0.0
    for text in order:
        weight = weights[text]
        rarity = idf[text]
        unit = rarity * weight
        docs, fields = postings[text]
        strongly = index.strong_docs(text, strong_field)
        if rarity < admit_below and len(match) >= ADMIT_AFTER:
            for position, field_weight in zip(docs, fields, strict=True):
                if position in match:
                    match[position] += unit * field_weight
            for position in strongly:
                if position in match:
                    strong[position] = strong.get(position, 0.0) + unit
            continue
        get = match.get
        for position, field_weight in zip(docs, fields, strict=True):
            match[position] = get(position, 0.0) + unit * field_weight
        for position in strongly:
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
    # Adjustments move a record by a little; only the best-matched few can come first, and
    # only the very best are worth the keyword-phrase check.
    phrased: dict[int, list[tuple[str, ...]]] = {}
    for word in said:
        for position, phrase in index.phrase_docs.get(word, ()):
            if position in match and said.issuperset(phrase):
                phrased.setdefault(position, []).append(phrase)
    shortlist = sorted(match.items(), key=_value, reverse=True)[:SHORTLIST]
    listed = {position for position, _ in shortlist}
    shortlist += [(p, match[p]) for p in phrased if p not in listed]
    wrong_year, result_prior = tuning.wrong_year, tuning.result_prior
    statement_prior = tuning.statement_asked if reading.asks_statement and not figure_prior else 0.0
    # "what is the govt doing about corruption?" asks what is done, not what the report admits
    admitted = info.admitted if reading.asks_statement and not reading.asks_problem else ()
    doc_terms_of, sections = info.terms, info.section
    keyword, phrase_bonus = tuning.keyword, tuning.phrase_bonus
    exact: dict[int, bool] = {}
    for position, value in shortlist:
        coverage = value / total
        if coverage > 1.0:
            coverage = 1.0
        score = coverage
        kind = kinds[position]
        period = periods[position]
        if intent is not None and period is not None and period != intent:
            score *= wrong_year
        elif intent is None and period == "result":
            score += result_prior
        if places and kind in ("fact", "statement"):
            doc_terms = doc_terms_of[position]
            if not all(p in doc_terms for p in places):
                score *= tuning.place_missing
        if kind == "fact":
            score += figure_prior
        elif kind == "statement":
            score += statement_prior
        if position in admitted:
            score -= tuning.problem_not_asked
        if near_section is not None and sections[position] == near_section:
            score += tuning.same_section
        score += bonuses[position]
        whole = phrased.get(position)
        if whole and coverage > contenders:
            # A keyword said whole counts as a keyword in every one of its words.
            doc_terms = doc_terms_of[position]
            lifted = 0.0
            for word in frozenset[str]().union(*whole):
                gap = keyword - doc_terms.get(word, 0.0)
                if gap > 0 and word in weights:
                    lifted += idf[word] * weights[word] * gap
                    if doc_terms.get(word, 0.0) < strong_field:
                        strong[position] = strong.get(position, 0.0) + idf[word] * weights[word]
            if lifted:
                match[position] = value = value + lifted
                gained = min(1.0, value / total) - coverage
                coverage += gained
                score += gained
            score += phrase_bonus * min(sum(len(p) for p in whole), 4)
            exact[position] = coverage > 0.9 and any(stems.issubset(p) for p in whole)
        scored[kind].append((score, position, coverage))
    ranked = {}
    for kind, items in scored.items():
        items.sort(reverse=True)
        best = items[: TOP[kind]]
        ranked[kind] = tuple(
            Candidate(
                position,
                kind,
                index.keys[position],
                match[position],
                strong.get(position, 0.0),
                coverage,
                score,
                exact.get(position, False),
                doc_terms_of[position],
                stems,
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


_value = operator.itemgetter(1)
