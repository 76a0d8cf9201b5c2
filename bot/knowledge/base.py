"""The loaded knowledge base: report text, metadata, outline and facts, with look-ups."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from bot.knowledge.schema import Fact, Gap, ReportMeta, Section
from bot.knowledge.source import ReportText


@dataclass
class KnowledgeBase:
    """Everything the bot knows; built only by `bot.knowledge.load`, after validation."""

    report: ReportText
    meta: ReportMeta
    sections: list[Section]
    facts: list[Fact]
    gaps: list[Gap] = field(default_factory=list)
    fact_by_id: dict[str, Fact] = field(init=False)
    section_by_id: dict[str, Section] = field(init=False)
    children: dict[str | None, list[Section]] = field(init=False)
    _facts_in: dict[str, list[Fact]] = field(init=False)
    _position: dict[str, int] = field(init=False)

    def __post_init__(self) -> None:
        self.sections.sort(key=lambda s: (s.lines[0], -s.lines[1]))
        self.fact_by_id = {f.id: f for f in self.facts}
        self.section_by_id = {s.id: s for s in self.sections}
        self.children = defaultdict(list)
        for section in self.sections:
            self.children[section.parent].append(section)
        self._position = {}
        for fact in self.facts:
            spans = self.report.spans(fact.quote)
            self._position[fact.id] = spans[0][0] if spans else 0
        self.facts.sort(key=self.position)
        self._facts_in = defaultdict(list)
        for fact in self.facts:
            self._facts_in[fact.section].append(fact)

    @property
    def roots(self) -> list[Section]:
        """Top-level sections, in report order."""
        return self.children[None]

    def ancestors(self, section: Section) -> list[Section]:
        """The section's parents, nearest first."""
        chain = []
        while section.parent is not None:
            section = self.section_by_id[section.parent]
            chain.append(section)
        return chain

    def descendants(self, section: Section) -> list[Section]:
        """The section and every section under it, in report order."""
        found = [section]
        for child in self.children.get(section.id, []):
            found.extend(self.descendants(child))
        return found

    def facts_in(self, section: Section, *, nested: bool = True) -> list[Fact]:
        """Facts of the section (and, if nested, of its subsections), in report order."""
        scope = self.descendants(section) if nested else [section]
        facts = [fact for s in scope for fact in self._facts_in.get(s.id, [])]
        return sorted(facts, key=self.position)

    def position(self, fact: Fact) -> int:
        """Where the fact's quote starts in the report (for report order)."""
        return self._position[fact.id]

    def own_paragraphs(self, section: Section) -> list[str]:
        """The section's own text (its heading and lines no subsection holds), verbatim."""
        taken = {
            n
            for child in self.children.get(section.id, [])
            for n in range(child.lines[0], child.lines[1] + 1)
        }
        first, last = section.lines
        return [
            text for n in range(first, last + 1) if n not in taken and (text := self.report.line(n))
        ]
