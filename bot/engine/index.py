"""The search index: which records hold which terms, in which field, and how rare each term is.

Facts, statements, sections, gaps and services are all documents of one index, so one ranking
covers them. Terms are English stems, "zh:" Chinese terms and "num:" numbers. The Chinese
glossary is applied here: a record whose English holds "minimum living standard" also holds
"zh:低保", so a Chinese question needs no translation when it is asked.
"""

from __future__ import annotations

import math
from array import array
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from bot.engine.chinese import CJK, CJK_RUN, NUMERAL_CHARACTERS
from bot.engine.lexicon import QUESTION_WORDS, STOPWORDS
from bot.engine.pinyin import Pinyin, pinyin_table
from bot.engine.spelling import Speller
from bot.engine.text import content_stems, stem, substrings, words
from bot.engine.tuning import Tuning
from bot.knowledge import KnowledgeBase
from bot.knowledge.records import Fact, Gap, Section, Service, Statement

DocKind = Literal["fact", "statement", "section", "gap", "service"]
KINDS: tuple[DocKind, ...] = ("fact", "statement", "section", "gap", "service")


@dataclass
class Document:
    """One searchable record while the index is built: the weight of each term it holds."""

    kind: DocKind
    key: str
    terms: dict[str, float] = field(default_factory=dict)
    phrases: list[frozenset[str]] = field(default_factory=list)

    def add(self, terms: Iterable[str], weight: float) -> None:
        for term in terms:
            if weight > self.terms.get(term, 0.0):
                self.terms[term] = weight


def number_term(value: float) -> str:
    """ "num:110000", "num:7.6", "num:20190115": a figure's value as an index term."""
    return f"num:{int(value)}" if value == int(value) else f"num:{value:g}"


def _number_terms(texts: Iterable[str]) -> set[str]:
    return {f"num:{stem(w)}" for text in texts for w in words(text) if w[:1].isdigit()}


def _chinese_dictionary(kb: KnowledgeBase) -> frozenset[str]:
    """Every Chinese term the knowledge base names (keywords, topics, titles, the glossary)."""
    texts: list[str] = []
    for fact in kb.facts:
        texts += [*fact.keywords, fact.topic_zh]
    for section in kb.sections:
        texts += [*section.keywords, section.title_zh]
    for statement in kb.statements:
        texts += [*statement.keywords, statement.topic_zh or ""]
    for gap in kb.gaps:
        texts += [*gap.keywords, gap.topic_zh]
    for service in kb.services:
        texts += [*service.keywords, service.topic_zh]
    texts += [w for term in kb.glossary for w in term.zh]
    runs = {run for text in texts if CJK.search(text) for run in CJK_RUN.findall(text)}
    # Words of one character are too ambiguous to cut out of longer terms, unless the glossary
    # names one on purpose ("树": trees).
    single = {w for term in kb.glossary for w in term.zh if len(w) == 1}
    return frozenset(r for r in runs if len(r) >= 2) | single


class Ragged:
    """Many short arrays of numbers stored end to end: `part(n)` is the n-th one.

    Two flat arrays and their bounds are three objects to pickle and keep, where one array per
    part would be tens of thousands; a part is sliced out only when a question needs it.
    """

    __slots__ = ("_bounds", "_flat")

    def __init__(self, parts: Iterable[Iterable[Any]], typecode: str) -> None:
        flat, bounds = array(typecode), array("I", [0])
        for part in parts:
            flat.extend(part)
            bounds.append(len(flat))
        self._flat, self._bounds = flat, bounds

    def __len__(self) -> int:
        return len(self._bounds) - 1

    def part(self, number: int) -> array[Any]:
        return self._flat[self._bounds[number] : self._bounds[number + 1]]

    def __getstate__(self) -> tuple[array[Any], array[int]]:
        return self._flat, self._bounds

    def __setstate__(self, state: tuple[array[Any], array[int]]) -> None:
        self._flat, self._bounds = state


class Postings(Mapping[str, tuple["array[int]", "array[float]"]]):
    """Term -> (the documents holding it, in order; the field weight it has in each)."""

    def __init__(self, by_term: dict[str, tuple[list[int], list[float]]]) -> None:
        self._names = list(by_term)
        self._docs = Ragged((docs for docs, _ in by_term.values()), "I")
        self._fields = Ragged((fields for _, fields in by_term.values()), "d")
        self._number = {name: n for n, name in enumerate(self._names)}

    def __getitem__(self, term: str) -> tuple[array[int], array[float]]:
        number = self._number[term]
        return self._docs.part(number), self._fields.part(number)

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)

    def __contains__(self, term: object) -> bool:
        return term in self._number

    def __getstate__(self) -> tuple[list[str], Ragged, Ragged]:
        return self._names, self._docs, self._fields

    def __setstate__(self, state: tuple[list[str], Ragged, Ragged]) -> None:
        self._names, self._docs, self._fields = state
        self._number = dict(zip(self._names, range(len(self._names)), strict=True))


class DocTerms:
    """Each document's terms and their field weights, as `doc_terms[position]` -> dict.

    Kept as flat arrays (term numbers and weights) and turned into a dict only for the few
    documents a question looks at: the index holds a hundred thousand such pairs, and loading
    them as dicts would be most of the start-up.
    """

    def __init__(self, postings: Postings, size: int) -> None:
        self._names = list(postings)
        ids: list[list[int]] = [[] for _ in range(size)]
        weights: list[list[float]] = [[] for _ in range(size)]
        for number, name in enumerate(self._names):
            docs, fields = postings[name]
            for position, weight in zip(docs, fields, strict=True):
                ids[position].append(number)
                weights[position].append(weight)
        self._ids, self._weights = Ragged(ids, "I"), Ragged(weights, "d")
        self._made: dict[int, dict[str, float]] = {}

    def __len__(self) -> int:
        return len(self._ids)

    def __getitem__(self, position: int) -> dict[str, float]:
        made = self._made.get(position)
        if made is None:
            names = self._names
            made = self._made[position] = {
                names[n]: w
                for n, w in zip(self._ids.part(position), self._weights.part(position), strict=True)
            }
        return made

    def __getstate__(self) -> tuple[list[str], Ragged, Ragged]:
        return self._names, self._ids, self._weights

    def __setstate__(self, state: tuple[list[str], Ragged, Ragged]) -> None:
        self._names, self._ids, self._weights = state
        self._made = {}


class Index:
    """Documents as postings (term -> documents and field weights), with idf and vocabularies.

    Postings are arrays (numbers in C), so the whole index is a few thousand objects.
    """

    def __init__(
        self,
        kinds: list[DocKind],
        keys: list[str],
        phrases: list[list[frozenset[str]]],
        postings: Postings,
        idf: dict[str, float],
        zh_dictionary: frozenset[str],
        vocabulary: dict[str, str],
        pinyin: Pinyin | None = None,
    ) -> None:
        self.kinds = kinds
        self.keys = keys
        self.postings = postings
        self.idf = idf
        self.zh_dictionary = zh_dictionary
        self.zh_longest = max(map(len, zh_dictionary), default=2)
        self.vocabulary = vocabulary  # surface word -> term, for spelling
        self.pinyin = pinyin or Pinyin()  # "baozhangfang" -> 保障房
        # Chinese terms written with numerals (八项规定): not read as numbers in a question.
        self.zh_numeral_terms = tuple(
            sorted(
                (w for w in zh_dictionary if any(c in NUMERAL_CHARACTERS for c in w)),
                key=lambda w: (-len(w), w),
            )
        )
        self._bigrams: dict[str, set[str]] | None = None
        self._speller: Speller | None = None
        self._strong: dict[tuple[str, float], tuple[int, ...]] = {}
        # Keyword phrases by their rarest word: a phrase can only be said whole if that word
        # is said, so a question looks up only the phrases of its own words.
        # Each phrase is a sorted tuple of its words: a set's meaning, a tuple's cost to load.
        by_word: dict[str, list[tuple[int, tuple[str, ...]]]] = defaultdict(list)
        for position, doc_phrases in enumerate(phrases):
            for phrase in doc_phrases:
                rarest = max(phrase, key=lambda w: (idf.get(w, 0.0), w))
                by_word[rarest].append((position, tuple(sorted(phrase))))
        self.phrase_docs: dict[str, tuple[tuple[int, tuple[str, ...]], ...]] = {
            w: tuple(found) for w, found in by_word.items()
        }

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state.update(_bigrams=None, _speller=None, _strong={})
        return state

    @property
    def zh_bigrams(self) -> dict[str, set[str]]:
        """Chinese terms by each pair of characters they hold (made on first Chinese question)."""
        if self._bigrams is None:
            bigrams: dict[str, set[str]] = defaultdict(set)
            for entry in self.zh_dictionary:
                for i in range(len(entry) - 1):
                    bigrams[entry[i : i + 2]].add(entry)
            self._bigrams = bigrams
        return self._bigrams

    # ------------------------------------------------------------------ look-ups
    def strong_docs(self, term: str, strong_field: float) -> tuple[int, ...]:
        """The records holding `term` in a field weighted `strong_field` or more."""
        key = (term, strong_field)
        found = self._strong.get(key)
        if found is None:
            docs, fields = self.postings[term]
            found = tuple(d for d, f in zip(docs, fields, strict=True) if f >= strong_field)
            self._strong[key] = found
        return found

    def knows(self, term: str) -> bool:
        return term in self.idf

    @property
    def speller(self) -> Speller:
        """The known words indexed for spelling (made on the first unknown word)."""
        if self._speller is None:
            self._speller = Speller(self.vocabulary.items())
        return self._speller

    def correct(self, word: str) -> str | None:
        """The term of the known word closest to a misspelt `word`, if one is close enough."""
        return self.speller.correct(word)

    def correction_ties(self, word: str) -> tuple[str, ...]:
        """The known terms a misspelt `word` is equally close to, when it has no one reading."""
        return self.speller.ties(word)

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


class IndexBuilder:
    """Turns the knowledge base into documents, weighted by the tuning's field weights."""

    def __init__(self, kb: KnowledgeBase, tuning: Tuning) -> None:
        self.kb = kb
        self.t = tuning
        self.zh_dictionary = _chinese_dictionary(kb)
        self.zh_longest = max(map(len, self.zh_dictionary), default=2)

    def build(self) -> Index:
        kb = self.kb
        docs = [self._fact(f) for f in kb.facts]
        docs += [self._statement(s) for s in kb.statements]
        docs += [self._section(s) for s in kb.sections]
        docs += [self._gap(g) for g in kb.gaps]
        docs += [self._service(s) for s in kb.services]
        self._apply_glossary(docs)
        postings: dict[str, tuple[list[int], list[float]]] = {}
        for position, doc in enumerate(docs):
            for term, weight in doc.terms.items():
                entry = postings.setdefault(term, ([], []))
                entry[0].append(position)
                entry[1].append(weight)
        total = len(docs)
        idf = {
            t: math.log(1 + (total - len(d) + 0.5) / (len(d) + 0.5))
            for t, (d, _) in postings.items()
        }
        vocabulary = self._vocabulary(set(idf))
        held = {t: len(d) for t, (d, _) in postings.items()}
        return Index(
            kinds=[d.kind for d in docs],
            keys=[d.key for d in docs],
            phrases=[d.phrases for d in docs],
            postings=Postings(postings),
            idf=idf,
            zh_dictionary=self.zh_dictionary,
            vocabulary=vocabulary,
            pinyin=pinyin_table(
                self.zh_dictionary,
                lambda term: held.get("zh:" + term, 0),
                {*vocabulary, *idf},
            ),
        )

    # ------------------------------------------------------------------ fields
    def _chinese(self, doc: Document, texts: Iterable[str | None], weight: float) -> None:
        runs = [run for text in texts if text for run in CJK_RUN.findall(text)]
        found = {
            "zh:" + word
            for run in runs
            for _, word in substrings(run, self.zh_dictionary, self.zh_longest)
        }
        doc.add(found, weight)

    def _keywords(self, doc: Document, keywords: Iterable[str]) -> None:
        """Keyword stems, weighted up by how many of the keywords share them; and the phrases."""
        t = self.t
        uses: dict[str, int] = defaultdict(int)
        alone: set[str] = set()
        for keyword in keywords:
            if CJK.search(keyword) and not any(c.isascii() and c.isalpha() for c in keyword):
                continue
            stems = content_stems(keyword)
            found = set(content_stems(keyword, parts=True))
            for term in found:
                uses[term] += 1
            if len(found) == 1:
                alone |= found
            if stems:
                doc.phrases.append(frozenset(stems))
        for term, count in uses.items():
            bonus = t.keyword_repeat_bonus * (min(count, 3) - 3)
            # A word that is only part of longer keywords ("pull" of "pulling power") counts
            # less on its own; said with the rest of its keyword, it counts in full (ranking).
            part = 1.0 if term in alone else t.phrase_part
            doc.add([term], (t.keyword + bonus) * part)

    def _context(self, doc: Document, section: Section, weight: float) -> None:
        chain = [section, *self.kb.ancestors(section)[:1]]
        doc.add(
            (
                t
                for s in chain
                for k in (s.title, *s.keywords)
                for t in content_stems(k, parts=True)
            ),
            weight,
        )
        self._chinese(doc, [section.title_zh], weight)

    def _fact(self, fact: Fact) -> Document:
        t = self.t
        doc = Document("fact", fact.id)
        doc.add(content_stems(fact.quote, parts=True), t.quote)
        self._context(doc, self.kb.section_by_id[fact.section], t.context)
        labels = [f.label for f in fact.figures if f.label]
        doc.add((s for label in labels for s in content_stems(label, parts=True)), t.label)
        self._keywords(doc, [*fact.keywords, fact.topic])
        doc.add(content_stems(fact.topic, parts=True), t.topic)
        doc.add({number_term(f.value) for f in fact.figures}, t.keyword)
        doc.add(_number_terms(f.text for f in fact.figures), t.keyword)
        self._chinese(doc, fact.keywords, t.keyword)
        self._chinese(doc, [fact.topic_zh, *(f.label_zh for f in fact.figures)], t.topic)
        # The words curated for a statement that prints this fact name the fact too.
        words = [k for s in self.kb.statements_of_fact.get(fact.id, ()) for k in s.keywords]
        if words:
            extra = Document("fact", fact.id)
            self._keywords(extra, words)
            self._chinese(extra, words, t.keyword)
            doc.add((term for term in extra.terms if term not in doc.terms), t.label)
        return doc

    def _statement(self, statement: Statement) -> Document:
        t = self.t
        doc = Document("statement", statement.id)
        doc.add(content_stems(statement.sentence, parts=True), t.sentence)
        self._context(doc, self.kb.section_by_id[statement.section], t.sentence)
        doc.add(content_stems(statement.text, parts=True), t.clause)
        doc.add(_number_terms([statement.text]), t.clause)
        if statement.curated:
            self._keywords(doc, [*statement.keywords, statement.topic or ""])
            self._chinese(doc, [*statement.keywords, statement.topic_zh], t.keyword)
        return doc

    def _section(self, section: Section) -> Document:
        t = self.t
        doc = Document("section", section.id)
        doc.add(content_stems(section.summary, parts=True), t.summary)
        if section.heading:
            doc.add(content_stems(section.heading, parts=True), t.heading)
        self._keywords(doc, [*section.keywords, section.title])
        doc.add(content_stems(section.title, parts=True), t.topic)
        self._chinese(doc, section.keywords, t.keyword)
        self._chinese(doc, [section.title_zh], t.topic)
        self._chinese(doc, [section.summary_zh], t.summary)
        return doc

    def _gap(self, gap: Gap) -> Document:
        doc = Document("gap", gap.id)
        self._keywords(doc, [*gap.keywords, gap.topic])
        self._chinese(doc, [*gap.keywords, gap.topic_zh], self.t.keyword)
        return doc

    def _service(self, service: Service) -> Document:
        doc = Document("service", service.id)
        self._keywords(doc, [*service.keywords, service.topic])
        self._chinese(doc, [*service.keywords, service.topic_zh], self.t.keyword)
        return doc

    # ------------------------------------------------------------------ glossary
    def _apply_glossary(self, docs: list[Document]) -> None:
        """A record holding a glossary entry's English words (all of them, in one field) holds
        its Chinese words too, with the weight of that field."""
        holding: dict[str, list[Document]] = defaultdict(list)
        for doc in docs:
            if doc.kind not in ("gap", "service"):
                for term in doc.terms:
                    holding[term].append(doc)
        for entry in self.kb.glossary:
            zh_terms = ["zh:" + w for w in entry.zh]
            for phrase in entry.en:
                stems = set(content_stems(phrase))
                if not stems:
                    continue
                rarest = min(stems, key=lambda s: len(holding.get(s, ())))
                for doc in holding.get(rarest, ()):
                    if stems <= doc.terms.keys():
                        doc.add(zh_terms, min(doc.terms[s] for s in stems))

    def _vocabulary(self, known: set[str]) -> dict[str, str]:
        """Every word of the report and the records whose term the index knows (for spelling)."""
        kb = self.kb
        texts = [kb.report.raw]
        texts += [k for f in kb.facts for k in (f.topic, *f.keywords)]
        texts += [k for s in kb.sections for k in (s.title, s.summary, *s.keywords)]
        texts += [k for s in kb.statements for k in s.keywords]
        texts += [k for g in kb.gaps for k in (g.topic, *g.keywords)]
        found: dict[str, str] = {}
        for text in texts:
            for word in words(text):
                if word.isalpha() and len(word) >= 3 and word not in found:
                    term = stem(word)
                    if term in known:
                        found[word] = term
        # Filler words too, so that a slip in one ("nummbers") is read as filler, not as a
        # topic word that happens to be close.
        for word in (*STOPWORDS, *QUESTION_WORDS, "numbers", "question", "questions"):
            if word.isalpha() and len(word) >= 4:
                found[word] = ""
        return found
