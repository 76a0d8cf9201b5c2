"""The search index: which facts and sections hold which terms, in which field, and how rare."""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from bot.engine.lexicon import SYNONYMS
from bot.engine.speller import Speller
from bot.engine.text import cjk_runs, content_stems, rewrite_chinese, stem, substrings, words
from bot.knowledge import KnowledgeBase
from bot.knowledge.schema import Fact, Gap, Section

Postings = dict[str, list[tuple[int, float]]]

# How much a match in each field counts: a fact's own keywords and topic say what it is about;
# its quote and section only say where it stands.
KEYWORD, TOPIC, LABEL, QUOTE, CONTEXT = 1.0, 1.0, 0.8, 0.45, 0.35
HEADING, SUMMARY = 0.6, 0.5
STRONG_FIELD = LABEL  # matches in fields weighted this much or more say what a record is about
ZH_KEYWORD, ZH_TOPIC, ZH_CONTEXT = 1.0, 1.0, 0.35
# A keyword counts more the more of the record's keywords use it (it is central, not incidental).
KEYWORD_REPEAT_BONUS, KEYWORD_REPEAT_MAX = 0.05, 3


@dataclass
class Document:
    """One searchable record: a fact or a section, with the weight of each term it holds."""

    key: str
    terms: dict[str, float] = field(default_factory=dict)
    phrases: list[frozenset[str]] = field(default_factory=list)

    def add(self, terms: Iterable[str], weight: float) -> None:
        for term in terms:
            if weight > self.terms.get(term, 0.0):
                self.terms[term] = weight


def _zh_terms(texts: Iterable[str], dictionary: frozenset[str], longest: int) -> set[str]:
    runs = [run for text in texts for run in cjk_runs(rewrite_chinese(text))]
    return {"zh:" + word for run in runs for _, word in substrings(run, dictionary, longest)}


def _add_keywords(doc: Document, keywords: Iterable[str]) -> None:
    """Keyword stems, weighted up by how many of the keywords share them; and the phrases."""
    uses: dict[str, int] = defaultdict(int)
    for keyword in keywords:
        stems = content_stems(keyword)
        for term in set(content_stems(keyword, parts=True)):
            uses[term] += 1
        if stems:
            doc.phrases.append(frozenset(stems))
    for term, count in uses.items():
        bonus = KEYWORD_REPEAT_BONUS * (min(count, KEYWORD_REPEAT_MAX) - 1)
        doc.add([term], KEYWORD - KEYWORD_REPEAT_BONUS * (KEYWORD_REPEAT_MAX - 1) + bonus)


def _number_terms(fact: Fact) -> set[str]:
    found = set()
    for figure in fact.figures:
        found.add(f"num:{figure.value:g}")
        found.update(f"num:{stem(w)}" for w in words(figure.text) if w[:1].isdigit())
    return found


class Index:
    """Facts and sections as term-weight documents, with document frequencies and a vocabulary."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.zh_dictionary = self._chinese_dictionary(kb)
        self.zh_longest = max(map(len, self.zh_dictionary), default=2)
        self.zh_bigrams: dict[str, set[str]] = defaultdict(set)
        for entry in self.zh_dictionary:
            for i in range(len(entry) - 1):
                self.zh_bigrams[entry[i : i + 2]].add(entry)
        self.facts = [self._fact_document(f) for f in kb.facts]
        self.sections = [self._section_document(s) for s in kb.sections]
        self.gaps = [self._gap_document(g) for g in kb.gaps]
        self.postings = _postings(self.facts)
        self.section_postings = _postings(self.sections)
        self.gap_postings = _postings(self.gaps)
        self._gap_names = [_phrase_pattern(g.keywords) for g in kb.gaps]
        total = len(self.facts) + len(self.sections) + len(self.gaps)
        counts: dict[str, int] = defaultdict(int)
        for doc in (*self.facts, *self.sections, *self.gaps):
            for term in doc.terms:
                counts[term] += 1
        self.idf = {t: math.log(1 + (total - n + 0.5) / (n + 0.5)) for t, n in counts.items()}
        self._speller: Speller | None = None  # built when a word first needs reading

    # ------------------------------------------------------------------ building
    @staticmethod
    def _chinese_dictionary(kb: KnowledgeBase) -> frozenset[str]:
        terms: set[str] = set()
        for fact in kb.facts:
            terms.update(k for k in fact.keywords if cjk_runs(k))
        for section in kb.sections:
            terms.update(k for k in section.keywords if cjk_runs(k))
        terms.update(w for group in SYNONYMS for w in group[:1] if cjk_runs(w))
        # Keep runs of Chinese only ("GDP增速" also yields "增速"), two characters or more.
        runs = {run for term in terms for run in cjk_runs(rewrite_chinese(term))}
        return frozenset(r for r in runs if len(r) >= 2)

    def _fact_document(self, fact: Fact) -> Document:
        doc = Document(fact.id)
        section = self.kb.section_by_id[fact.section]
        doc.add(content_stems(fact.quote, parts=True), QUOTE)
        doc.add(
            (t for s in (section, *self.kb.ancestors(section)[:1]) for t in _section_stems(s)),
            CONTEXT,
        )
        doc.add(
            (t for f in fact.figures if f.label for t in content_stems(f.label, parts=True)), LABEL
        )
        _add_keywords(doc, [*fact.keywords, fact.topic])
        doc.add(content_stems(fact.topic, parts=True), TOPIC)
        doc.add(_number_terms(fact), KEYWORD)
        self._add_chinese(doc, [section.title_zh], ZH_CONTEXT)
        self._add_chinese(doc, fact.keywords, ZH_KEYWORD)
        self._add_chinese(doc, [fact.topic_zh], ZH_TOPIC)
        return doc

    def _add_chinese(self, doc: Document, texts: Iterable[str], weight: float) -> None:
        doc.add(_zh_terms(texts, self.zh_dictionary, self.zh_longest), weight)

    def _section_document(self, section: Section) -> Document:
        doc = Document(section.id)
        doc.add(content_stems(section.summary, parts=True), SUMMARY)
        if section.heading:
            doc.add(content_stems(section.heading, parts=True), HEADING)
        _add_keywords(doc, [*section.keywords, section.title])
        doc.add(content_stems(section.title, parts=True), TOPIC)
        self._add_chinese(doc, section.keywords, ZH_KEYWORD)
        self._add_chinese(doc, [section.title_zh], ZH_TOPIC)
        return doc

    def _gap_document(self, gap: Gap) -> Document:
        doc = Document(gap.id)
        _add_keywords(doc, [*gap.keywords, gap.topic])
        doc.add(content_stems(gap.topic, parts=True), TOPIC)
        self._add_chinese(doc, gap.keywords, ZH_KEYWORD)
        self._add_chinese(doc, [gap.topic_zh], ZH_TOPIC)
        return doc

    # ------------------------------------------------------------------ look-ups
    def knows(self, term: str) -> bool:
        return term in self.idf

    def zh_partial(self, piece: str) -> list[str]:
        """Chinese terms sharing `piece`'s character pairs ("工作室" in "技能大师工作室")."""
        pairs = {piece[i : i + 2] for i in range(len(piece) - 1)}
        if not pairs:
            return []
        shared: dict[str, int] = defaultdict(int)
        for pair in pairs:
            for entry in self.zh_bigrams.get(pair, ()):
                shared[entry] += 1
        need = max(1, min(len(pairs), 2))
        return [entry for entry, count in shared.items() if count >= need]

    def gaps_named(self, text: str) -> set[int]:
        """Positions of the gaps one of whose keywords the text says word for word."""
        lowered = text.lower()
        return {i for i, pattern in enumerate(self._gap_names) if pattern.search(lowered)}

    def correct(self, word: str) -> str | None:
        """The stem of the known word closest to a misspelt `word`, if one is close enough."""
        if self._speller is None:
            kb = self.kb
            texts = [kb.report.raw]
            texts += [k for f in kb.facts for k in (f.topic, *f.keywords)]
            texts += [k for s in kb.sections for k in (s.title, s.summary, *s.keywords)]
            texts += [k for g in kb.gaps for k in (g.topic, *g.keywords)]
            self._speller = Speller(texts, self.idf)
        return self._speller.correct(word)


def _phrase_pattern(phrases: Iterable[str]) -> re.Pattern[str]:
    """Any of the phrases as whole words (plural allowed); Chinese ones anywhere."""
    parts = [
        rf"\b{re.escape(p.lower())}(?:s|es)?\b" if p.isascii() else re.escape(p) for p in phrases
    ]
    return re.compile("|".join(parts))


def _postings(docs: list[Document]) -> Postings:
    """Term -> [(document position, field weight)], the inverted index."""
    postings: Postings = defaultdict(list)
    for position, doc in enumerate(docs):
        for term, weight in doc.terms.items():
            postings[term].append((position, weight))
    return postings


def _section_stems(section: Section) -> list[str]:
    return [t for k in (section.title, *section.keywords) for t in content_stems(k, parts=True)]
