"""The knowledge base's records as the engine uses them: plain, frozen, cheap to build.

The YAML is validated by the pydantic models in `bot.knowledge.schema` when the knowledge base
is built; what the bot keeps (and caches) are these plain records, so a warm start needs
neither pydantic nor YAML.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["result", "target", "context", "problem", "meta"]
# Which year a passage speaks of: the 2018 review, the 2019 plans, or neither.
Period = Literal["result", "plan", "other"]
# What a figure measures: a stock, what was added in the year, a growth rate, a share...
Basis = Literal[
    "total", "added", "growth", "share", "level", "reduction", "duration", "date", "rank", "name"
]
Role = Literal["review", "plans", "targets", "tasks", "problems", "about"]


@dataclass(frozen=True, slots=True)
class Figure:
    """A number as printed in the report, with its value, unit and what it measures."""

    text: str
    value: float
    unit: str
    basis: Basis
    qualifier: str | None = None
    label: str | None = None
    label_zh: str | None = None


@dataclass(frozen=True, slots=True)
class Fact:
    """One figure (or a few printed together) the report states, with its verbatim quote."""

    id: str
    section: str
    kind: Kind
    topic: str
    topic_zh: str
    keywords: tuple[str, ...]
    figures: tuple[Figure, ...]
    quote: str
    span: tuple[int, int]  # raw offsets of the quote in report.txt
    compare_with: str | None = None
    measure: str | None = None
    other_year: str | None = None  # the other year's passage on the topic, not comparable
    headline: bool = False


@dataclass(frozen=True, slots=True)
class Section:
    """One node of the report's outline, located by its line span in report.txt."""

    id: str
    title: str
    title_zh: str
    lines: tuple[int, int]
    keywords: tuple[str, ...]
    summary: str
    summary_zh: str
    period: Period
    label: str | None = None
    parent: str | None = None
    heading: str | None = None
    role: Role | None = None


@dataclass(frozen=True, slots=True)
class Statement:
    """A clause of the report, answerable on its own: derived from report.txt, or curated."""

    id: str
    section: str
    period: Period
    text: str  # verbatim, white space runs collapsed
    span: tuple[int, int]  # raw offsets of the clause in report.txt
    sentence: str  # the whole sentence the clause belongs to
    topic: str | None = None
    topic_zh: str | None = None
    keywords: tuple[str, ...] = ()

    @property
    def curated(self) -> bool:
        return self.topic is not None


@dataclass(frozen=True, slots=True)
class Gap:
    """A topic people ask about that the report gives no figure for, such as the population."""

    id: str
    topic: str
    topic_zh: str
    keywords: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class GlossaryEntry:
    """Chinese words residents use, and the report's English words for the same thing."""

    zh: tuple[str, ...]
    en: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Service:
    """A service the bot cannot give, and the official channel that can (edited by the operator)."""

    id: str
    topic: str
    topic_zh: str
    keywords: tuple[str, ...]
    channel: str
    channel_zh: str


@dataclass(frozen=True, slots=True)
class NotFigure:
    text: str
    reason: str


@dataclass(frozen=True, slots=True)
class ReportMeta:
    """Who delivered the report, when and where; checked against the report's own cover lines."""

    title: str
    title_zh: str
    city: str
    city_zh: str
    year: int
    review_year: int
    delivered_date: str  # ISO date
    occasion: str
    occasion_zh: str
    speaker: str
    speaker_zh: str
    office: str
    office_zh: str
    released: str  # ISO date and time
    translation: str
    translation_zh: str
    not_figures: tuple[NotFigure, ...]
