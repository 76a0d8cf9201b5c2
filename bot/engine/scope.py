"""Whether an answer fits what was asked: the place, the year, and the kind of figure."""

from __future__ import annotations

import re

from bot.engine.lexicon import OTHER_PLACES
from bot.engine.query import Query
from bot.engine.result import Result
from bot.knowledge import KnowledgeBase
from bot.knowledge.schema import Fact, Section

_SENTENCES = re.compile(r"(?<=[.!?。！？:：])\s*")
_ASKING = re.compile(
    r"^(?:how|what|which|when|where|who|whom|is|are|was|were|did|does|do|can|could|will|would|"
    r"has|have|should|tell|give|show|list)\b",
    re.IGNORECASE,
)
_MONEY = frozenset({"yuan", "yuan per month", "USD"})
_SHARES = frozenset({"percent", "fraction", "rank"})
_SPANS = frozenset({"ordinal", "years", "year", "date"})
_CALENDAR = frozenset({"date", "year"})  # "when?" is answered by a date, not a duration
_CHANGE = re.compile(
    r"\b(?:growth|grow|grew|fall|fell|drop|cut|rise|increase|decrease|reduction)\b", re.IGNORECASE
)


def question_sentences(text: str) -> list[str]:
    """In a message of several sentences, where the question is: its last asking sentence,
    then that sentence with the one before it ("...jobs for graduates. What's the number?")."""
    sentences = [s.strip() for s in _SENTENCES.split(text.strip()) if s.strip()]
    if len(sentences) < 2:
        return []
    asking = [i for i, s in enumerate(sentences) if s.endswith(("?", "？")) or _ASKING.match(s)]
    if not asking:
        return []
    last = asking[-1]
    return [sentences[last], " ".join(sentences[max(0, last - 1) : last + 1])]


def has_asked_figure(query: Query, fact: Fact) -> bool:
    """Whether the fact has the kind of figure asked for: money, a share, a count, a date."""
    units = {f.unit for f in fact.figures}
    if query.asks_money and not units & _MONEY:
        return False
    if query.asks_share and not units & _SHARES:
        return False
    if query.asks_count and (units <= _SPANS or (units <= _SHARES and _CHANGE.search(fact.topic))):
        return False  # "how many tourists?" is answered neither by a growth rate nor a year
    if query.wanted_units and not units & query.wanted_units:
        return False  # "in kilometres", answered in minutes
    return not (query.asks_when and not units & _CALENDAR)


def other_years(query: Query) -> list[int]:
    """Years asked about that are neither the report's results (2018) nor its targets (2019)."""
    return sorted(y for y in query.years if y not in (2018, 2019))


def out_of_scope(
    query: Query, kb: KnowledgeBase, fact: Fact | None, section: Section | None
) -> Result | None:
    """A refusal when the answer found is about another place, year or kind of figure."""
    texts: list[str] = []
    if fact is not None:
        texts = [fact.quote, *fact.keywords, fact.topic]
    elif section is not None:
        texts = [
            section.title,
            section.summary,
            *section.keywords,
            kb.report.line(section.lines[0]),  # its heading: sections open on a non-blank line
        ]
    haystack = " ".join(texts).lower()
    for place in query.other_places:
        if place not in haystack and OTHER_PLACES.get(place, "\0") not in haystack:
            return Result(query.raw, "not_found", reason="other_place", detail=place.title())
    for year in other_years(query):
        if str(year) not in haystack:
            return Result(query.raw, "not_found", reason="other_year", detail=str(year))
    if query.national and not any(w in haystack for w in ("china", "national", "全国")):
        return Result(query.raw, "not_found", reason="other_place", detail="China")
    if fact is not None and not has_asked_figure(query, fact):
        return Result(query.raw, "not_found", reason="no_figure", detail=fact.topic)
    return None
