"""The knowledge base's record types: one pydantic model per kind of YAML entry, defined once."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

Slug = Annotated[
    str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=40, min_length=2)
]
Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]

Kind = Literal["result", "target", "context", "problem", "meta"]
Unit = Literal[
    "percent",
    "yuan",
    "yuan per month",
    "USD",
    "hectares",
    "square kilometers",
    "square meters",
    "kilometers",
    "TEU",
    "count",
    "ordinal",
    "rank",
    "fraction",
    "years",
    "days",
    "hours",
    "minutes",
    "year",
    "date",
]
Qualifier = Literal["estimated", "more than", "at least", "up to", "about", "at most", "less than"]
Basis = Literal[
    "total", "added", "growth", "share", "level", "reduction", "duration", "date", "rank", "name"
]
Period = Literal["result", "plan", "other"]
Role = Literal["review", "plans", "targets", "tasks", "problems", "about"]

_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")


class Record(BaseModel):
    """Strict base: unknown fields are errors, values are not coerced between types."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


def _bilingual(words: list[str]) -> list[str]:
    if not any(_CJK.search(w) for w in words):
        raise ValueError("needs at least one Simplified Chinese keyword")
    if not any(_LATIN.search(w) for w in words):
        raise ValueError("needs at least one English keyword")
    if len({w.casefold() for w in words}) != len(words):
        raise ValueError("has a keyword listed twice")
    return words


class NotFigure(Record):
    """A number-bearing name in the report that is not a figure, such as "G60"."""

    text: Text
    reason: Text


class Delivery(Record):
    date: dt.date
    occasion: Text
    occasion_zh: Text


class Speaker(Record):
    name: Text
    name_zh: Text
    office: Text
    office_zh: Text


class ReportMeta(Record):
    """Who delivered the report, when and where; checked against the report's own cover lines."""

    title: Text
    title_zh: Text
    city: Text
    city_zh: Text
    year: int
    review_year: int
    delivered: Delivery
    speaker: Speaker
    released: dt.datetime
    translation: Text
    translation_zh: Text
    not_figures: list[NotFigure] = Field(min_length=1)


class Section(Record):
    """One node of the report's outline, located by its line span in report.txt."""

    id: Slug
    label: Text | None = None
    title: Text
    title_zh: Text
    parent: Slug | None = None
    heading: Text | None = None
    lines: Annotated[list[int], Field(min_length=2, max_length=2)]
    keywords: list[Text] = Field(min_length=2)
    summary: Text
    summary_zh: Text
    period: Period | None = None  # top-level sections only; subsections inherit it
    role: Role | None = None

    _keywords_bilingual = field_validator("keywords")(_bilingual)

    @field_validator("lines")
    @classmethod
    def _ordered(cls, value: list[int]) -> list[int]:
        first, last = value
        if first < 1 or last < first:
            raise ValueError("must be [first, last] line numbers, 1-based, first <= last")
        return value


class Figure(Record):
    """A number as printed in the report, with its value and unit."""

    text: Text
    value: int | float
    unit: Unit
    basis: Basis
    qualifier: Qualifier | None = None
    label: Text | None = None
    label_zh: Text | None = None

    @model_validator(mode="after")
    def _label_in_both_languages(self) -> Figure:
        if (self.label is None) != (self.label_zh is None):
            raise ValueError("label and label_zh go together: give both or neither")
        return self


class Fact(Record):
    """One figure (or a few printed together) the report states, with its verbatim quote."""

    id: Slug
    section: Slug
    kind: Kind
    topic: Text
    topic_zh: Text
    keywords: list[Text] = Field(min_length=3)
    figures: list[Figure] = Field(min_length=1)
    quote: Text
    compare_with: Slug | None = None
    measure: Slug | None = None  # what is measured; a compare_with pair must share it
    # The other year's passage on the same topic when it measures something else or states no
    # figure (2018's income growth; 2019's "incomes keep pace with economic growth").
    other_year: Slug | None = None
    headline: bool = False

    _keywords_bilingual = field_validator("keywords")(_bilingual)

    @model_validator(mode="after")
    def _measured_when_compared(self) -> Fact:
        if self.compare_with is not None and self.measure is None:
            raise ValueError("a fact with compare_with needs a measure")
        if self.compare_with is not None and self.other_year is not None:
            raise ValueError("compare_with already names the other year: drop other_year")
        return self

    @field_validator("figures")
    @classmethod
    def _labelled(cls, figures: list[Figure]) -> list[Figure]:
        if len(figures) > 1 and any(f.label is None for f in figures):
            raise ValueError("each figure needs a label when a quote carries several figures")
        return figures


class Gap(Record):
    """A topic people ask about that the report gives no figure for, such as the population."""

    id: Slug
    topic: Text
    topic_zh: Text
    keywords: list[Text] = Field(min_length=3)

    _keywords_bilingual = field_validator("keywords")(_bilingual)


class StatementEntry(Record):
    """Curated words for one passage of the report that citizens ask about (a named project,
    policy, slogan, promise or problem). The passage is the quote, verbatim."""

    id: Slug
    section: Slug
    quote: Text
    topic: Text
    topic_zh: Text
    keywords: list[Text] = Field(min_length=2)

    _keywords_bilingual = field_validator("keywords")(_bilingual)


class GlossaryTerm(Record):
    """Chinese words residents type, and the report's English words for the same thing."""

    zh: list[Text] = Field(min_length=1)
    en: list[Text] = Field(min_length=1)

    @field_validator("zh")
    @classmethod
    def _chinese(cls, words: list[str]) -> list[str]:
        for word in words:
            if not _CJK.search(word):
                raise ValueError(f"{word!r} has no Chinese characters")
        return words

    @field_validator("en")
    @classmethod
    def _english(cls, words: list[str]) -> list[str]:
        for word in words:
            if _CJK.search(word) or not _LATIN.search(word):
                raise ValueError(f"{word!r} is not English")
        return words


class ServiceEntry(Record):
    """Something citizens ask the bot to do that it cannot, and the official channel for it."""

    id: Slug
    topic: Text
    topic_zh: Text
    keywords: list[Text] = Field(min_length=2)
    channel: Text
    channel_zh: Text

    _keywords_bilingual = field_validator("keywords")(_bilingual)
