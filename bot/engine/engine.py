"""The answer engine: reads a message, ranks the report's passages and sections, and decides.

Pure Python and no I/O: the knowledge base and index come in built (see `bot.loading`).
"""

from __future__ import annotations

from bot.collector import collector_paused
from bot.engine import rules
from bot.engine.case import Case, related
from bot.engine.chinese import CJK
from bot.engine.context import Context
from bot.engine.cues import Intent
from bot.engine.index import DocTerms, Index, IndexBuilder
from bot.engine.lexicon import (
    OTHER_PLACES,
    OUTLINE_WORDS,
    OUTLINE_ZH,
    OVERVIEW_WORDS,
    PROBLEM_WORDS,
    PROBLEM_ZH,
)
from bot.engine.ranking import Candidate, DocInfo, rank
from bot.engine.reading import Reading, plain_words, read
from bot.engine.result import Answer, Passage, Result
from bot.engine.text import content_stems, stem
from bot.engine.tuning import DEFAULT, Tuning
from bot.knowledge import KnowledgeBase
from bot.knowledge.records import Fact, Section, Service, Statement

_MONEY = frozenset({"yuan", "yuan per month", "USD"})
_SHARES = frozenset({"percent", "fraction", "rank"})
_SPANS = frozenset({"ordinal", "years", "year", "date"})
_CALENDAR = frozenset({"date", "year"})  # "when?" is answered by a date, not a duration
_CHANGE = ("growth", "grow", "fall", "drop", "cut", "rise", "increase", "decrease", "reduction")


class Engine:
    """Answers messages about the report from its knowledge base."""

    def __init__(
        self, kb: KnowledgeBase, tuning: Tuning = DEFAULT, index: Index | None = None
    ) -> None:
        self.kb = kb
        self.tuning = tuning
        if index is None:
            with collector_paused():  # as for the knowledge base: objects, not garbage
                index = IndexBuilder(kb, tuning).build()
        self.index = index
        self.info = self._doc_info()
        self._position = {key: n for n, key in enumerate(self.index.keys)}
        self._section_passages: dict[tuple[str, str | None], tuple[Passage, ...]] = {}
        self.years = frozenset({kb.meta.review_year, kb.meta.year})
        self.overview_stems = frozenset(stem(w) for w in OVERVIEW_WORDS)
        self.problem_stems = frozenset(stem(w) for w in PROBLEM_WORDS)
        self.outline_stems = frozenset(stem(w) for w in OUTLINE_WORDS) | self.overview_stems
        # "政府工作报告": the report's own name says nothing of what is asked about in it
        # (in English "report" is a stop word already)
        self.report_name_terms = frozenset(
            "zh:" + w for w in self.index.zh_dictionary if len(w) >= 4 and w in kb.meta.title_zh
        )
        self.general_service = Service("general", "Government services", "政务服务", (), "", "")
        for service in kb.services:
            if service.id == "general":
                self.general_service = service
        # Gap keywords as word sequences ("number of tourists"), and Chinese ones as strings.
        self.gap_phrases: dict[tuple[str, ...], str] = {}
        self.gap_chinese: list[tuple[str, str]] = []
        for record in kb.gaps:
            for keyword in record.keywords:
                if CJK.search(keyword):
                    self.gap_chinese.append((keyword, record.id))
                else:
                    self.gap_phrases[tuple(plain_words(keyword.lower()))] = record.id
        self.gap_longest = max(map(len, self.gap_phrases), default=1)
        # The knowledge base's longer terms holding a Chinese gap keyword ("重污染天气" holds
        # "天气"): said, they do not ask about the gap.
        self.gap_inside = {
            word: tuple(t for t in self.index.zh_dictionary if word in t and word != t)
            for word, _ in self.gap_chinese
        }

    def _doc_info(self) -> DocInfo:
        kb, index, t = self.kb, self.index, self.tuning
        period: list[str | None] = []
        section: list[str | None] = []
        bonus: list[float] = []
        for kind, key in zip(index.kinds, index.keys, strict=True):
            if kind == "fact":
                fact = kb.fact_by_id[key]
                period.append(fact.kind if fact.kind in ("result", "target") else None)
                section.append(fact.section)
                bonus.append(t.headline if fact.headline else 0.0)
            elif kind == "statement":
                statement = kb.statement_by_id[key]
                period.append(_intent_of_period(statement.period))
                section.append(statement.section)
                bonus.append(0.0)
            elif kind == "section":
                s = kb.section_by_id[key]
                period.append(_intent_of_period(s.period))
                section.append(s.id)
                main = s.parent is None or (s.label is not None and s.parent == kb.role("tasks").id)
                bonus.append(t.main_division if main else 0.0)
            else:
                period.append(None)
                section.append(None)
                bonus.append(0.0)
        problems = kb.role("problems").id
        admitted = frozenset(n for n, s in enumerate(section) if s == problems)
        return DocInfo(
            tuple(period),
            tuple(section),
            tuple(bonus),
            DocTerms(index.postings, len(index.keys)),
            admitted,
        )

    # ------------------------------------------------------------------ public
    def read(self, text: str) -> Reading:
        return read(text, self.index, self.tuning)

    def ask(self, text: str, context: Context | None = None) -> Result:
        """Answer one message; `context` is what the conversation was last told, if anything."""
        reading = self.read(text)
        if reading.new_topic:
            context = None
        return rules.decide(Case(self, reading, context))

    def search(self, text: str, limit: int = 8) -> list[Answer]:
        """Passages ranked for `text`, without deciding whether any is the answer (/search)."""
        reading = self.read(text)
        ranking = rank(reading, self.index, self.info, self.tuning)
        found: list[Answer] = []
        for item in ranking.passages():
            passage = self.kb.passage(item.key)
            if passage is None or item.strong <= 0 or len(found) >= limit:
                continue
            if not any(related(passage, a.passage) for a in found):
                found.append(Answer(passage, item.coverage))
        return found

    def find_section(self, text: str) -> Section | None:
        """The section a user names: by number ("7", "VII", "三"), id, or title and keywords."""
        name = text.strip()
        tasks = self.kb.tasks()
        if name in _CHINESE_DIGITS:
            name = f"第{name}部分"
        elif name.isdecimal() or name.lower() in _ROMAN:
            name = f"section {name}"
        if name.lower() in self.kb.section_by_id:
            return self.kb.section_by_id[name.lower()]
        reading = self.read(name)
        if reading.section_number is not None:
            number = reading.section_number
            return tasks[number - 1] if 1 <= number <= len(tasks) else None
        ranking = rank(reading, self.index, self.info, self.tuning)
        best = ranking.best("section")
        if best is None or best.coverage < self.tuning.section_min_coverage:
            return None
        return self.kb.section_by_id[best.key]

    def section_passages(self, section: Section, intent: Intent | None) -> list[Passage]:
        """The section's figures by importance (headline, then the year asked, then report
        order), then its other statements in report order."""
        key = (section.id, intent)
        if key not in self._section_passages:
            self._section_passages[key] = self._passages_of(section, intent)
        return list(self._section_passages[key])

    def _passages_of(self, section: Section, intent: Intent | None) -> tuple[Passage, ...]:
        facts = sorted(
            self.kb.facts_in(section),
            key=lambda f: (
                not f.headline,
                intent is not None and f.kind != intent,
                f.kind not in ("result", "target"),
            ),
        )
        statements = [
            s
            for s in self.kb.statements_in(section, nested=True)
            if not any(related(s, f) for f in facts)
        ]
        return (*facts, *statements)

    def terms_of(self, key: str) -> frozenset[str]:
        """The terms a record holds, by its id."""
        return frozenset(self.weights_of(key))

    def weights_of(self, key: str) -> dict[str, float]:
        """The terms a record holds and the field weight of each, by its id."""
        position = self._position.get(key)
        return self.info.terms[position] if position is not None else {}

    def sentence_terms(self, passage: Passage) -> frozenset[str]:
        """The terms of the whole sentence a passage comes from."""
        text = passage.sentence if isinstance(passage, Statement) else passage.quote
        return frozenset(content_stems(text, parts=True))

    def gaps_named(self, reading: Reading) -> list[str]:
        """Ids of the gaps one of whose keywords the question says word for word."""
        found = reading.says(self.gap_phrases, self.gap_longest)
        if reading.language == "zh":
            text = reading.text
            for word, gap_id in self.gap_chinese:
                inside = self.gap_inside[word]
                if word in text and gap_id not in found and not any(t in text for t in inside):
                    found.append(gap_id)
        return found

    def prefer_fact(self, case: Case, passage: Passage) -> Passage:
        """A statement that prints a figure is answered by the fact with that figure (the one
        of the year asked, if it prints several)."""
        if not isinstance(passage, Statement):
            return passage
        facts = [self.kb.fact_by_id[i] for i in self.kb.facts_in_statement.get(passage.id, ())]
        if not case.reading.asks_figure:
            # a background figure ("the 100th anniversary") is not what a statement is about
            facts = [f for f in facts if f.kind in ("result", "target")]
        if not facts:
            return passage
        ranked = {c.key: c.rank for c in case.ranking.fact}
        return max(facts, key=lambda f: ranked.get(f.id, -1.0))

    def is_outline_word(self, term: str) -> bool:
        """A word that asks for the report's parts ("sections", "zh:部分"), not a topic."""
        return _one_of(term, self.outline_stems, OUTLINE_ZH)

    def is_problem_word(self, term: str) -> bool:
        """A word that says "a problem" ("weakness", "zh:问题和不足"), not what the problem is."""
        return _one_of(term, self.problem_stems, PROBLEM_ZH)

    @staticmethod
    def period_of_section(section: Section) -> str | None:
        """ "result" or "target" for a section of one year, else None."""
        return _intent_of_period(section.period)

    @staticmethod
    def period_of(passage: Passage) -> str | None:
        """ "result" or "target" for a passage of one year, else None."""
        if isinstance(passage, Fact):
            return passage.kind if passage.kind in ("result", "target") else None
        return _intent_of_period(passage.period)

    def other_years(self, years: frozenset[int]) -> list[int]:
        """Years asked about that the report has no figures for."""
        return sorted(y for y in years if y not in self.years)

    # ------------------------------------------------------------------ used by the rules
    def section_answer(self, case: Case) -> Section | None:
        """A whole section answers broad questions: asked as such, or fitting many passages."""
        reading, ranking, t = case.reading, case.ranking, self.tuning
        best = ranking.best("section")
        if best is None:
            return None
        # Asked about an area, and naming a section whole ("the plan for the environment"); or
        # naming one whole when no passage fits well enough ("what did they achieve on reform
        # in 2018?": the review of reform, not "did you mean" one of its clauses).
        named = reading.section_cue and best.exact
        first = case.best_passage()
        whole = (
            best.exact
            and best.coverage >= t.ambiguous_below
            and not case.confident(first)
            and case.context is None  # a follow-up narrows what was shown: a passage
            and not (reading.asks_figure or reading.follow & {"breakdown", "more"})
        )
        if not (case.confident(best) or named or whole):
            return None
        if (
            reading.asks_money
            or reading.asks_count
            or reading.asks_when
            or reading.asks_share
            or reading.wanted_units
        ):
            return None  # one figure was asked for: a section's overview is not the answer
        section = self.kb.section_by_id[best.key]
        period = _intent_of_period(section.period)
        if reading.intent is not None and period is not None and period != reading.intent:
            return None  # the other year's section: what was done is not what is planned
        passages = ranking.passages()
        passage = passages[0] if passages else None  # the best fit, whatever its kind
        if passage is None or not case.confident(passage) or (named and not passage.exact):
            return section
        if reading.section_cue:
            return section if best.rank >= passage.rank - t.section_cue_margin else None
        if best.exact and not passage.exact:
            return section if best.coverage >= passage.coverage - 0.1 else None
        alike = [p for p in passages[: t.broad_spread + 1] if p.coverage >= passage.coverage - 0.02]
        if len(alike) > t.broad_spread and not passage.exact:
            return self._common_section(alike) or (
                section if best.coverage >= passage.coverage - 0.05 else None
            )
        return section if best.rank >= passage.rank + t.section_margin else None

    def _common_section(self, candidates: list[Candidate]) -> Section | None:
        """The narrowest section holding all these passages, unless it is a whole part."""
        chains = []
        for item in candidates:
            passage = self.kb.passage(item.key)
            if passage is None:
                continue
            section = self.kb.section_by_id[passage.section]
            chains.append([section, *self.kb.ancestors(section)])
        shared = [s for s in chains[0] if all(s in chain for chain in chains[1:])]
        if not shared or shared[0].parent is None or shared[0].role == "tasks":
            return None
        return shared[0]

    def out_of_scope(
        self, case: Case, passage: Passage | None, section: Section | None
    ) -> Result | None:
        """A refusal when the answer found is about another place, year or kind of figure."""
        reading = case.reading
        texts: list[str] = []
        if isinstance(passage, Fact):
            texts = [passage.quote, *passage.keywords, passage.topic]
        elif isinstance(passage, Statement):
            texts = [passage.sentence, *passage.keywords]
        elif section is not None:
            texts = [section.title, section.summary, *section.keywords]
            texts.append(self.kb.report.line(section.lines[0]))
        haystack = " ".join(texts).lower()
        for place in reading.other_places:
            if place not in haystack and OTHER_PLACES.get(place, "\0") not in haystack:
                return case.decline("other_place", place)
        for year in self.other_years(reading.years):
            if str(year) not in haystack:
                return case.decline("other_year", str(year))
        if reading.national and not any(w in haystack for w in ("china", "national", "全国")):
            return case.decline("other_place", "china")
        if isinstance(passage, Fact) and not self.has_asked_figure(reading, passage):
            return case.decline("no_figure", passage.topic, offer=passage)
        if (
            isinstance(passage, Statement)
            and (reading.asks_figure or reading.asks_when)
            and passage.id not in self.kb.facts_in_statement
        ):
            # "How tall is Haogu Tower?": the report names it, but gives no such figure.
            return case.decline("no_figure", passage.topic or passage.text, offer=passage)
        return None

    @staticmethod
    def has_asked_figure(reading: Reading, fact: Fact) -> bool:
        """Whether the fact has the kind of figure asked for: money, a share, a count, a date."""
        units = {f.unit for f in fact.figures}
        if reading.asks_money and not units & _MONEY:
            return False
        if reading.asks_share and not units & _SHARES:
            return False
        topic = fact.topic.lower()
        if reading.asks_count and (
            units <= _SPANS or (units <= _SHARES and any(w in topic for w in _CHANGE))
        ):
            return False  # "how many tourists?" is answered neither by a growth rate nor a year
        if reading.wanted_units and not units & reading.wanted_units:
            return False  # "in kilometres", answered in minutes
        return not (reading.asks_when and not units & _CALENDAR)

    def year_swap(self, case: Case, passage: Passage) -> tuple[Passage, Passage | None]:
        """Answer the year asked about; offer the other year's passage on the same thing."""
        intent = case.reading.intent
        if isinstance(passage, Fact):
            partner = self.kb.fact_by_id.get(passage.compare_with or "")
            if partner is None:
                return passage, None
            if intent is not None and passage.kind != intent and partner.kind == intent:
                return partner, passage
            return passage, partner
        if passage.period not in ("result", "plan"):
            return passage, None
        best = case.ranking.best("statement")
        for item in case.ranking.statement:
            other = self.kb.statement_by_id.get(item.key)
            if other is None or other.period in (passage.period, "other"):
                continue
            if best is not None and item.coverage >= 0.8 * best.coverage and case.confident(item):
                return passage, other
        return passage, None


def _intent_of_period(period: str) -> str | None:
    return {"result": "result", "plan": "target"}.get(period)


_CHINESE_DIGITS = frozenset("一二三四五六七八九")
_ROMAN = frozenset("i ii iii iv v vi vii viii ix".split())


def _one_of(term: str, stems: frozenset[str], chinese: tuple[str, ...]) -> bool:
    """An English term among `stems`, or a Chinese one ("zh:...") holding one of `chinese`."""
    if term.startswith("zh"):
        return any(w in term for w in chinese)
    return term in stems
